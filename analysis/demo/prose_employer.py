"""Job-ad text about the employer and the offer: the company, its culture, the hiring process,
benefits, closing lines and section headings. Indexed by industry where it varies."""

from __future__ import annotations

ABOUT_INDUSTRY = {
    "insurance": (
        "{company} has protected families and businesses since {founded} and today serves more "
        "than {customers} policyholders from its home in {hq}.",
        "{company} is a mutual insurer headquartered in {hq}, writing personal and commercial "
        "lines across the Midwest through independent agents.",
        "Founded in {founded}, {company} offers auto, home, life and small-business cover, and "
        "pays claims faster than almost anyone in the industry.",
    ),
    "banking": (
        "{company} is a community-focused bank with roots in {hq} going back to {founded}.",
        "{company} provides everyday banking, lending and savings products to {customers} "
        "customers.",
        "Headquartered in {hq}, {company} is one of the fastest-growing financial institutions "
        "in its region, with a digital-first approach to service.",
    ),
    "healthcare": (
        "{company} is a non-profit health system with hospitals, clinics and walk-in centres "
        "across the region.",
        "At {company}, {employees} caregivers and staff work to make care simpler, safer and more "
        "affordable.",
        "{company} has served patients and members from its base in {hq} since {founded}.",
    ),
    "retail": (
        "{company} operates more than {stores} stores and a fast-growing online business.",
        "Since {founded}, {company} has grown from a single shop in {hq} into a retailer that "
        "millions of shoppers visit every week.",
        "{company} sells everyday essentials at fair prices, in store and online.",
    ),
    "logistics": (
        "{company} moves freight for some of the best-known brands in North America.",
        "From its hub in {hq}, {company} runs a network of warehouses, cross-docks and a "
        "dedicated fleet of more than {fleet} trucks.",
        "{company} has been in the logistics business since {founded} and handles over "
        "{shipments} shipments a year.",
    ),
    "software": (
        "{company} builds software that helps mid-sized companies run their finances and "
        "operations.",
        "{company} is a venture-backed software company based in {hq} with customers in "
        "{countries} countries.",
        "Founded in {founded}, {company} makes tools that teams use every day to plan, track and "
        "report on their work.",
    ),
    "manufacturing": (
        "{company} designs and manufactures precision components for automotive, aerospace and "
        "industrial customers.",
        "With {plants} plants and {employees} employees, {company} is a leader in its niche.",
        "{company} has been making things in {hq} since {founded}.",
    ),
    "energy": (
        "{company} delivers electricity and natural gas to {customers} homes and businesses.",
        "{company} is investing heavily in renewable generation, storage and a modern grid.",
        "Based in {hq}, {company} has kept the lights on for its communities since {founded}.",
    ),
    "consulting": (
        "{company} is an advisory firm that helps insurers, banks and health systems modernise "
        "how they work.",
        "Consultants at {company} combine deep industry knowledge with hands-on delivery.",
        "Since {founded}, {company} has completed more than {projects} client engagements from "
        "its offices in {hq}.",
    ),
    "public sector": (
        "{company} provides public services to more than {customers} residents.",
        "{company} is committed to transparent, efficient and accessible public services.",
    ),
    "media": (
        "{company} publishes news, podcasts and video that reach {customers} people every month.",
        "Since {founded}, {company} has told stories that matter, now on every screen.",
    ),
    "education": (
        "{company} partners with schools, colleges and employers to improve learning outcomes.",
        "{company} has helped more than {customers} learners earn credentials since {founded}.",
    ),
    "hospitality": (
        "{company} operates hotels and restaurants across the Southeast.",
        "Since {founded}, {company} has welcomed guests with the warmth its home town of {hq} "
        "is known for.",
    ),
}

CULTURE = (
    "We are proud of a culture that values candour, kindness and doing things properly.",
    "Our people stay with us because they get to do meaningful work with good colleagues.",
    "We have been named a top workplace in our region several years running.",
    "We invest in our people: every employee has a development plan and time to learn.",
    "Diverse teams make better decisions, and we hire accordingly.",
    "We are in the middle of a multi-year modernisation programme, so there is a lot to build.",
    "Decisions here are made with evidence, and everyone is encouraged to ask why.",
    "We are a flexible employer and judge results, not hours at a desk.",
    "Our customers trust us with important moments in their lives, and we take that seriously.",
    "We move quickly, but we do not cut corners on quality or security.",
    "Teams here are small, autonomous and close to the customer.",
    "We believe in promoting from within and in giving people stretch assignments.",
)

PROCESS = (
    "Our hiring process: a 30-minute call with a recruiter, a conversation with the hiring "
    "manager, a practical exercise that we review together, and a final meeting with the team.",
    "We aim to make a decision within three weeks of your first interview and will keep you "
    "informed at every step.",
    "Interviews are held by video; the final stage can be in person if you prefer.",
    "We read every application ourselves. If your experience is unusual, tell us about it in a "
    "short note.",
    "Expect two or three conversations in total; we do not set take-home work that takes more "
    "than two hours.",
)

BENEFITS = (
    "Medical, dental and vision coverage from your first day", "401(k) with a {match}% match",
    "{pto} days of paid time off plus company holidays", "Paid parental leave of {weeks} weeks",
    "Annual professional development allowance", "Tuition reimbursement for job-related courses",
    "Flexible working hours", "Home-office stipend for remote employees",
    "Employee stock purchase plan", "Wellness programme and gym discount",
    "Two paid volunteer days a year", "Annual bonus tied to company and personal results",
    "Life and disability insurance", "Employee assistance programme",
    "Pension plan with employer contributions", "Commuter benefits and free parking",
)  # fmt: skip
CLOSINGS = (
    "{company} is an equal opportunity employer. We welcome applicants of every background, "
    "age and ability.",
    "We are committed to an inclusive hiring process. If you need an accommodation, tell us and "
    "we will make it happen.",
    "Applicants must be authorised to work in the United States; we cannot sponsor visas for "
    "this role.",
    "Don't meet every requirement? Apply anyway: we care more about what you can learn than "
    "about a checklist.",
    "All qualified applicants will receive consideration for employment without regard to race, "
    "colour, religion, sex, sexual orientation, gender identity, national origin, age, "
    "disability or veteran status.",
)
HEADINGS = (
    ("About us", "Who we are", "About {company}", "The company"),
    ("The role", "About the role", "The opportunity"),
    ("What you'll do", "Responsibilities", "Your impact", "In this role you will"),
    ("What you bring", "Requirements", "Qualifications", "You'll be successful if you have"),
    ("Nice to have", "Bonus points", "Preferred qualifications", "It would be great if you have"),
    ("What we offer", "Benefits", "Perks and benefits", "Why join us"),
)
