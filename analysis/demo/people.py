"""The demo network: contacts (targets' insiders, former colleagues, recruiters, the wider
network) with their sources and job changes, and the interactions with them."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta

import numpy as np

from analysis.demo.constants import DemoSize
from analysis.demo.draws import Draws, allocate, slugify
from analysis.demo.market_data import COMPANIES, TARGET_COMPANIES
from analysis.demo.profile import EMPLOYER_TAGS, POSITIONS

FIRST_NAMES = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Christopher", "Karen", "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Sandra", "Mark",
    "Ashley", "Steven", "Emily", "Andrew", "Michelle", "Kevin", "Amanda", "Brian", "Melissa",
    "Priya", "Rahul", "Wei", "Mei", "Hiroshi", "Yuki", "Carlos", "María", "José", "Sofía",
    "Ahmed", "Fatima", "Olumide", "Ngozi", "Kwame", "Aisha", "Dmitri", "Olga", "Lars", "Ingrid",
    "Sean", "Siobhan", "Renée", "Zoë", "François", "Tomás", "Jamal", "Keisha", "DeShawn",
    "Latoya", "Ethan", "Olivia", "Noah", "Emma", "Liam", "Ava", "Lucas", "Mia", "Hannah",
    "Tyler", "Megan", "Brandon", "Rachel", "Greg", "Paul", "Heather", "Scott", "Tanya", "Raj",
    "Anita", "Vikram", "Sunita", "Minh", "Linh", "Jae", "Soo-jin",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Patel", "Shah", "Kumar", "Chen",
    "Wang", "Li", "Zhang", "Kim", "Park", "Tanaka", "Sato", "O'Brien", "O'Connor", "McAllister",
    "MacDonald", "Schmidt", "Müller", "Novak", "Kowalski", "Ivanova", "Petrov", "Okafor",
    "Adeyemi", "Mensah", "Haddad", "Khan", "Ali", "Hussain", "Cohen", "Goldberg", "Rossi",
    "Bianchi", "Dubois", "Lefèvre", "Johansson", "Larsen", "Eriksson", "Fitzgerald", "Kelly",
    "Murphy", "Sullivan", "Brennan", "Hoffmann", "Becker", "Weber", "Yamamoto", "Díaz",
    "Castillo", "Vargas", "Reyes", "Delgado", "Washington", "Brooks",
)  # fmt: skip

HIRING_MANAGER_TITLES = (
    "Director of Data Analytics", "Head of BI", "VP Data", "Engineering Manager",
    "Director, Analytics & Insights", "Chief Data Officer", "Analytics Manager",
    "Senior Director, Data Platform",
)  # fmt: skip
RECRUITER_TITLES = (
    "Technical Recruiter", "Talent Acquisition Partner", "Senior Technical Recruiter",
    "Talent Acquisition Manager", "Recruiting Lead",
)  # fmt: skip
_PEER_TITLES = (
    "Senior Data Analyst", "BI Developer", "Actuarial Analyst", "Claims Operations Manager",
    "Underwriting Manager", "IT Director", "Solutions Architect", "Data Engineer",
    "Product Owner", "VP Finance", "Controller", "Chief Financial Officer", "Software Engineer",
    "Program Manager", "Independent Consultant", "Sales Director", "Account Executive",
    "Marketing Manager", "HR Business Partner", "Data Scientist", "Business Analyst",
    "Database Administrator", "Project Manager", "Operations Manager", "Analytics Engineer",
    "Senior Actuary", "Director of IT", "Risk Manager", "Compliance Officer", "Retired",
)  # fmt: skip
_AGENCIES = ("Keystone Talent Partners", "Midwest Tech Staffing", "Brightpath Search",
             "Crossroads Executive Search")  # fmt: skip
_AGENCY_TITLES = ("Recruiter", "Executive Recruiter", "Senior Recruiter", "Technical Recruiter")
_OTHER_ORGS = ("The Ohio State University", "Columbus State Community College", "TDWI Ohio",
               "Self-employed", "Franklin County", "Nationwide Analytics Forum")  # fmt: skip
_TARGET_SPELLINGS = {
    "Northwind Mutual Insurance": "Northwind Mutual", "Harborlight Health": "Harborlight Health System",
    "Cardinal Ridge Financial": "Cardinal Ridge Financial Corp.",
    "Summit Peak Insurance Group": "Summit Peak Insurance", "Meridian Health Plans": "Meridian Health",
}  # fmt: skip
_TAGS = ("TDWI", "Ohio State alumni", "conference", "vendor", "insurance analytics", "mentor",
         "book club", "board member")  # fmt: skip
_CONTACT_NOTES = (
    "Met at the TDWI Ohio chapter; knows the Columbus insurance market well.",
    "Former direct report; now leads a team of her own.", "Was my manager for four years.",
    "Offered to refer me when the time comes.", "Great at introductions. Prefers a call to email.",
    "Sits on the board of the local data literacy non-profit.",
    "Moved to the West Coast; happy to talk about remote roles.",
)  # fmt: skip


def build_contacts(seed: int, size: DemoSize, today: date, import_id: int):
    """Contacts, their sources and recent job changes; local ids are 1..n."""
    d = Draws(seed, 4)
    names: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(names) < size.contacts:
        first, last = d.pick(FIRST_NAMES), d.pick(LAST_NAMES)
        if f"{first} {last}" not in seen:
            seen.add(f"{first} {last}")
            names.append((first, last))
    people: list[dict] = []

    def add(segment: str, company: str, position: str, tags: list[str]) -> None:
        first, last = names[len(people)]
        people.append({"first": first, "last": last, "segment": segment, "company": company,
                       "position": position, "tags": tags})  # fmt: skip

    for t, count in enumerate(size.target_contacts):
        name = TARGET_COMPANIES[t]
        insider = t < len(size.target_contacts) - 1
        for k in range(count):
            spelled = _TARGET_SPELLINGS.get(name, name) if d.chance(0.2) else name
            if insider and (k == 0 or (k == 2 and count >= 7)):
                add("hiring manager", spelled, d.pick(HIRING_MANAGER_TITLES), [])
            elif insider and k == 1:
                add("recruiter", spelled, d.pick(RECRUITER_TITLES), ["recruiter"])
            else:
                add("target peer", spelled, d.pick(_PEER_TITLES[:-1]), [])
    tenure_weights = (0.12, 0.14, 0.16, 0.18, 0.15, 0.25)
    for _ in range(size.former_colleagues):
        p = d.weighted(range(len(POSITIONS)), tenure_weights)
        spellings = POSITIONS[p][1]
        tag = "colleague" if p == len(POSITIONS) - 1 else "former colleague"
        if d.chance(0.65):
            company = spellings[0] if d.chance(0.55) else d.pick(spellings[1:])
        else:
            company = d.pick(COMPANIES[7:])[0]
        add(f"colleague:{p}", company, d.pick(_PEER_TITLES), [tag, EMPLOYER_TAGS[p]])
    for _ in range(size.agency_recruiters):
        add("agency", d.pick(_AGENCIES), d.pick(_AGENCY_TITLES), ["recruiter"])
    while len(people) < size.contacts:
        company = d.pick(_OTHER_ORGS) if d.chance(0.12) else d.pick(COMPANIES[7:])[0]
        add("network", company, d.pick(_PEER_TITLES), [d.pick(_TAGS)] if d.chance(0.2) else [])

    # Tiers: closeness favours former colleagues, then the people at target companies.
    closeness = {"colleague": 4.0, "hiring manager": 1.5, "recruiter": 1.0, "target peer": 1.5,
                 "agency": 1.0, "network": 1.0}  # fmt: skip
    free = list(range(len(people)))
    for tier, count in zip(("inner", "important", "broad"), size.tiers, strict=True):
        for _ in range(count):
            w = [closeness[people[i]["segment"].split(":")[0]] for i in free]
            people[free.pop(free.index(d.weighted(free, w)))]["tier"] = tier

    # Connection dates follow the history: colleagues connect while working together.
    for person in people:
        segment = person["segment"]
        person["source"] = d.weighted(("linkedin", "google", "vcard"), (0.85, 0.1, 0.05))
        if segment.startswith("colleague:"):
            _, _, _, _, began, ended, _ = POSITIONS[int(segment.split(":")[1])]
            lo = max(began, date(2006, 1, 15))
            if ended is None or ended > lo:
                hi = ended or today
            else:  # worked together before LinkedIn: connected in its early years
                hi = date(2012, 12, 31)
        elif segment in ("hiring manager", "recruiter", "target peer"):
            lo = today - timedelta(days=d.pick((3000, 1200, 700)))
            hi = today
        else:
            lo, hi = date(2006, 1, 15), today
        hi = min(hi, today - timedelta(days=2))
        offset = (hi - lo).days * (d.u() ** 0.7 if segment == "network" else d.u())
        person["connected_on"] = lo + timedelta(days=int(offset))
    ratings = [i for i, p in enumerate(people) if p.get("tier") in ("inner", "important")]
    for i in d.sample(ratings, size.strength_ratings):
        person = people[i]
        person["strength"] = d.int(3, 5) if person["tier"] == "inner" else d.int(2, 4)
    snoozable = [i for i, p in enumerate(people) if p.get("tier") == "broad"]
    for i, days in zip(d.sample(snoozable, 2), (20, 45), strict=True):
        people[i]["snoozed_until"] = today + timedelta(days=days)
    for i, note in zip(
        d.sample(range(len(people)), len(_CONTACT_NOTES)), _CONTACT_NOTES, strict=True
    ):
        people[i]["notes"] = note

    # Recent job changes: a company and a position row each; one moved to a target company.
    movable = [i for i, p in enumerate(people) if p["segment"] in ("network",) and "tier" not in p]
    changes = []
    for k, i in enumerate(d.sample(movable, size.job_changes)):
        person = people[i]
        old_company = d.pick([c[0] for c in COMPANIES[7:] if c[0] != person["company"]])
        old_position = d.pick([t for t in _PEER_TITLES[:-1] if t != person["position"]])
        if k == 0:
            person["company"], person["position"] = (
                TARGET_COMPANIES[1],
                "Director of Data Analytics",
            )
            person["segment"] = "hiring manager"
        detected = datetime.combine(today - timedelta(days=d.int(3, 40)), time(9, 0))
        changes.append((i + 1, "company", old_company, person["company"], detected))
        changes.append((i + 1, "position", old_position, person["position"], detected))

    contacts = {k: [] for k in _CONTACT_COLUMNS}
    sources = {"contact_id": [], "source": [], "source_key": [], "import_id": []}
    google = set(d.sample([i for i, p in enumerate(people) if p["source"] == "linkedin"],
                          size.also_in_google))  # fmt: skip
    used_slugs: set[str] = set()
    for i, p in enumerate(people):
        first, last = p["first"], p["last"]
        full = f"{first} {last}"
        domain = slugify(p["company"]).split("-")[0] + ".com"
        email = None
        if p["source"] != "linkedin" or i in google or d.chance(0.22):
            local = slugify(f"{first}.{last}").replace("-", ".")
            email = (
                f"{local}@{domain}"
                if d.chance(0.5)
                else (f"{local}{d.int(1, 99)}@{d.pick(('gmail.com', 'outlook.com', 'yahoo.com'))}")
            )
        url = None
        if p["source"] == "linkedin" and d.chance(0.94):
            slug = slugify(full)
            while slug in used_slugs:
                slug = f"{slugify(full)}-{d.int(10, 999)}{d.pick('abcdefghjkmnpqrstuvwxyz')}"
            used_slugs.add(slug)
            url = f"https://www.linkedin.com/in/{slug}"
        phone = f"+1 614-555-{d.int(100, 199):04d}" if p["source"] != "linkedin" else None
        row = (
            i + 1, full, first, last, email, phone, p["company"], p["position"], url,
            p["connected_on"] if p["source"] == "linkedin" else None, p["source"], p.get("tier"),
            p.get("strength"), ", ".join(p["tags"]) or None, p.get("snoozed_until"),
            p.get("notes"), import_id, None,
        )  # fmt: skip
        for key, value in zip(_CONTACT_COLUMNS, row, strict=True):
            contacts[key].append(value)
        keys = [(p["source"], url or email or f"{full}|{p['company']}".casefold())]
        if i in google:
            keys.append(("google", email))
        for source, key in keys:
            for col, value in zip(sources, (i + 1, source, key, import_id), strict=True):
                sources[col].append(value)
    return people, contacts, sources, changes


_CONTACT_COLUMNS = (
    "contact_id", "full_name", "first_name", "last_name", "email", "phone", "company", "position",
    "profile_url", "connected_on", "source", "tier", "strength_rating", "tags", "snoozed_until",
    "notes", "import_id", "updated_import_id",
)  # fmt: skip

_CHANNELS = ("linkedin", "email", "call", "meeting", "event", "in_person")
_CHANNEL_MIX = {
    "inner": (0.1, 0.25, 0.25, 0.15, 0.05, 0.2),
    "important": (0.3, 0.3, 0.15, 0.1, 0.1, 0.05),
    "recruiter": (0.5, 0.35, 0.15, 0.0, 0.0, 0.0),
    None: (0.55, 0.2, 0.05, 0.05, 0.12, 0.03),
}
_TOPICS = ("dbt adoption", "the cloud warehouse migration", "Power BI licensing",
           "claims analytics", "their LLM pilot", "hiring plans", "the reorg",
           "Tableau Server upgrades", "a data governance charter", "pricing models")  # fmt: skip
_EVENTS = ("the TDWI Ohio meetup", "the Ohio Insurance Analytics Summit", "Tableau user group",
           "the Columbus Data & Analytics meetup", "an ACME alumni reunion")  # fmt: skip
_NOTES = {
    "linkedin": ("Congratulated {first} on the new role", "Shared a post about {topic}",
                 "{first} asked for an intro to someone at {company}",
                 "Thanked {first} for the endorsement", "Commented on {first}'s article about {topic}",
                 "Sent a connection note after the webinar"),
    "email": ("Sent {first} my notes on {topic}", "Follow-up after our call",
              "Asked about openings on the analytics team at {company}", "Holiday greetings",
              "{first} sent a job description to look at", "Introduced {first} to a former colleague"),
    "call": ("Catch-up call about {topic}", "{first} explained how interviews work at {company}",
             "Career advice call", "Quick call about a reference"),
    "meeting": ("Lunch downtown", "Quarterly check-in", "Informational interview about {company}",
                "Whiteboard session on {topic}"),
    "event": ("Met at {event}", "Saw {first} at {event}", "Panel with {first} at {event}"),
    "in_person": ("Coffee with {first}", "Ran into {first} at {event}", "Walk and talk about {topic}"),
}  # fmt: skip


def build_interactions(seed: int, size: DemoSize, today: date, people: list[dict], import_id: int):
    d = Draws(seed, 5)
    activity = {
        "inner": (1.0, 12.0),
        "important": (0.85, 4.0),
        "broad": (0.35, 1.5),
        None: (0.06, 1.0),
    }
    active, weights = [], []
    for i, p in enumerate(people):
        share, weight = activity[p.get("tier")]
        if p["segment"] in ("hiring manager", "recruiter", "target peer"):
            share = max(share, 0.5)
        if d.chance(share):
            active.append(i)
            weights.append(weight * float(np.exp(0.8 * (d.u() + d.u() - 1.0) * 1.7)))
    w = np.array(weights)
    counts = 1 + allocate(size.interactions - len(active), w)
    events = []
    for i, count in zip(active, counts.tolist(), strict=True):
        p = people[i]
        tier = p.get("tier")
        if tier == "inner":
            ago = d.int(1, 28) if d.chance(0.75) else d.int(35, 120)
            span = 3 * 365
        elif tier == "important":
            ago = d.int(1, 85) if d.chance(0.55) else d.int(95, 540)
            span = 5 * 365
        elif tier == "broad":
            ago = d.int(5, 360) if d.chance(0.45) else d.int(370, 2400)
            span = 8 * 365
        else:
            ago = d.int(1, 60) if p["segment"] != "network" and d.chance(0.5) else d.int(30, 3000)
            span = 8 * 365
        last = today - timedelta(days=ago)
        first_day = max(p["connected_on"], last - timedelta(days=span))
        if last < first_day:
            last = min(first_day + timedelta(days=d.int(0, 30)), today - timedelta(days=1))
            first_day = min(first_day, last)
        mix = _CHANNEL_MIX["recruiter" if "recruiter" in p["tags"] else tier if tier in
                           ("inner", "important") else None]  # fmt: skip
        for k in range(count):
            day = last if k == 0 else first_day + timedelta(days=d.int(0, (last - first_day).days))
            at = datetime.combine(day, time(d.int(8, 19), d.pick((0, 5, 10, 15, 20, 30, 40, 45))))
            channel = d.weighted(_CHANNELS, mix)
            if channel in ("meeting", "event", "in_person"):
                direction = d.weighted(("mutual", "outbound", "inbound"), (0.7, 0.2, 0.1))
            else:
                direction = d.weighted(("outbound", "inbound", "mutual"), (0.5, 0.4, 0.1))
            note = d.pick(_NOTES[channel]).format(
                first=p["first"], company=d.pick(TARGET_COMPANIES) if d.chance(0.5) else p["company"],
                topic=d.pick(_TOPICS), event=d.pick(_EVENTS),
            )  # fmt: skip
            events.append((at, i + 1, channel, direction, note))
    events.sort()
    source = {"linkedin": "linkedin-messages"}
    return {
        "contact_id": [e[1] for e in events],
        "occurred_at": [e[0] for e in events],
        "channel": [e[2] for e in events],
        "direction": [e[3] for e in events],
        "note": [e[4] for e in events],
        "source": [source.get(e[2], "manual") for e in events],
        "dedupe_key": [
            hashlib.sha1(f"demo|{e[1]}|{e[0].isoformat()}|{e[2]}|{n}".encode()).hexdigest()[:16]
            for n, e in enumerate(events)
        ],
        "import_id": [import_id] * len(events),
    }
