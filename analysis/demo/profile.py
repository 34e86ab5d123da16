"""The demo persona: profile, positions held, own skills and endorsements received."""

from __future__ import annotations

from datetime import date, timedelta

from analysis.demo.constants import DemoSize
from analysis.demo.draws import Draws

PERSONA = {
    "first_name": "Margaret",
    "last_name": "Whitfield",
    "headline": "Senior Manager, Data & BI at Great Lakes Mutual Insurance | Insurance analytics "
    "| Building data-driven teams",
    "summary": "Thirty years in data and reporting, from COBOL batch jobs to Tableau dashboards. "
    "I lead an 11-person BI team at a regional insurer and care about numbers people can trust. "
    "Currently learning Python and generative AI, and open to analytics leadership roles in "
    "Columbus or remote.",
    "birth_date": "1970-03-14",
    "birth_year": "1970",
    "industry": "Insurance",
    "location": "Columbus, Ohio, United States",
}

# (company, spellings used by contacts, title, location, started, finished, description)
POSITIONS = (
    ("ACME Insurance Company",
     ("ACME Insurance Company", "Acme Insurance Co.", "Acme Insurance", "ACME Insurance Co"),
     "Programmer Analyst", "Hartford, CT", date(1992, 7, 6), date(1997, 3, 28),
     "Maintained COBOL batch programs for policy administration on the IBM mainframe. Wrote JCL "
     "and DB2 queries, and produced actuarial extracts in SAS for the pricing team."),
    ("Midstate Data Services",
     ("Midstate Data Services", "MidState Data Services Inc.", "Midstate Data"),
     "Systems Analyst", "Dayton, OH", date(1997, 4, 14), date(2004, 8, 31),
     "Led the year-2000 remediation of COBOL claims systems for three insurance clients, then "
     "built Visual Basic front ends on Oracle Database to replace green-screen workflows."),
    ("Riverbend Bank",
     ("Riverbend Bank", "Riverbend Bank, N.A.", "RiverBend Bank"),
     "Senior Reporting Analyst", "Cincinnati, OH", date(2004, 9, 20), date(2010, 5, 28),
     "Credit-risk and regulatory reporting in SAS and SPSS on an Oracle Database warehouse. "
     "Automated the monthly board pack with Visual Basic macros in Excel, saving four days a "
     "month."),
    ("Ohio Valley Health Partners",
     ("Ohio Valley Health Partners", "Ohio Valley Health", "OVHP"),
     "Business Intelligence Manager", "Columbus, OH", date(2010, 6, 14), date(2016, 4, 29),
     "Built and led a six-person BI team. Moved reporting from SAS to Microsoft SQL Server and "
     "Tableau, built internal web dashboards with jQuery, and set up the first data governance "
     "council."),
    ("Crestline Retail Group",
     ("Crestline Retail Group", "Crestline Retail", "Crestline Group Inc."),
     "Analytics Manager", "Columbus, OH", date(2016, 5, 16), date(2019, 2, 28),
     "Ran merchandising and store analytics with SQL and Tableau. Sponsored an Apache Hadoop "
     "pilot for clickstream data (retired in 2017). Stakeholder management with merchants and "
     "finance; budgeting for a team of eight."),
    ("Great Lakes Mutual Insurance",
     ("Great Lakes Mutual Insurance", "Great Lakes Mutual", "Great Lakes Mutual Insurance Co."),
     "Senior Manager, Data & Business Intelligence", "Columbus, OH", date(2019, 3, 18), None,
     "Lead an 11-person team delivering claims, underwriting and finance reporting in SQL, "
     "Tableau and Excel. Stakeholder management with the executive team, budgeting of a $2.4M "
     "programme, data governance, leadership of the move to a cloud warehouse. Learning Python "
     "basics (pandas) to automate reconciliations."),
)  # fmt: skip
CURRENT_EMPLOYER = POSITIONS[-1][0]
EMPLOYER_TAGS = ("ex-ACME", "ex-Midstate", "ex-Riverbend", "ex-OVHP", "ex-Crestline", "GLM")

# (skill, proficiency, last used (None = current, "" = never), years, wants to grow, source)
PROFILE_SKILLS = (
    ("SQL", 5, None, 22.0, False, "linkedin-skills"),
    ("Excel", 5, None, 30.0, False, "linkedin-skills"),
    ("Tableau", 4, None, 14.0, False, "linkedin-skills"),
    ("Stakeholder management", 5, None, 16.0, False, "linkedin-skills"),
    ("Leadership", 4, None, 16.0, False, "linkedin-skills"),
    ("Communication", 5, None, 30.0, False, "profile-file"),
    ("Budgeting", 4, None, 10.0, False, "profile-file"),
    ("Data governance", 4, None, 12.0, False, "linkedin-skills"),
    ("Data visualization", 4, None, 14.0, False, "linkedin-skills"),
    ("Project management", 4, None, 18.0, False, "linkedin-skills"),
    ("Mentoring", 4, None, 12.0, False, "profile-file"),
    ("Microsoft SQL Server", 4, date(2024, 6, 30), 12.0, False, "linkedin-skills"),
    ("Power BI", 2, date(2025, 9, 30), 1.0, True, "profile-file"),
    ("Python", 2, None, 1.5, True, "profile-file"),
    ("ETL", 3, date(2022, 12, 31), 10.0, False, "linkedin-skills"),
    ("Agile", 3, date(2024, 3, 31), 6.0, False, "linkedin-skills"),
    ("Statistics", 3, date(2019, 2, 28), 15.0, False, "linkedin-skills"),
    ("Oracle Database", 3, date(2010, 5, 28), 13.0, False, "linkedin-skills"),
    ("SAS", 5, date(2016, 4, 29), 20.0, False, "linkedin-skills"),
    ("SPSS", 3, date(2008, 12, 31), 4.0, False, "linkedin-skills"),
    ("COBOL", 4, date(2004, 8, 31), 12.0, False, "linkedin-skills"),
    ("Visual Basic", 3, date(2010, 5, 28), 10.0, False, "linkedin-skills"),
    ("Apache Hadoop", 2, date(2017, 9, 30), 1.5, False, "profile-file"),
    ("jQuery", 2, date(2015, 6, 30), 3.0, False, "profile-file"),
    ("Six Sigma", 2, date(2012, 11, 30), 2.0, False, "linkedin-skills"),
    ("Machine learning", 1, "", 0.0, True, "profile-file"),
    ("Generative AI", 1, "", 0.0, True, "profile-file"),
    ("dbt", 1, "", 0.0, True, "profile-file"),
)
_ENDORSED = ("SQL", "Tableau", "Stakeholder management", "Leadership", "SAS", "Data governance",
             "Excel", "Project management", "Data visualization", "Microsoft SQL Server")  # fmt: skip


def build_profile(seed: int, size: DemoSize, today: date, import_id: int, endorsers: list[str]):
    d = Draws(seed, 3)
    profile = {"key": list(PERSONA), "value": list(PERSONA.values()),
               "import_id": [import_id] * len(PERSONA)}  # fmt: skip
    skills = {k: [] for k in ("skill", "proficiency", "last_used", "last_used_source", "years",
                              "wants_to_grow", "source", "import_id")}  # fmt: skip
    for name, level, last, years, grow, source in PROFILE_SKILLS:
        if last is None:
            used, used_source = today, f"position:{CURRENT_EMPLOYER}"
        elif last == "":
            used, used_source = None, None
        else:
            used, used_source = last, "profile"
        row = (name, level, used, used_source, years, grow, source, import_id)
        for key, value in zip(skills, row, strict=True):
            skills[key].append(value)
    positions = {
        "company": [p[0] for p in POSITIONS], "title": [p[2] for p in POSITIONS],
        "description": [p[6] for p in POSITIONS], "location": [p[3] for p in POSITIONS],
        "started_on": [p[4] for p in POSITIONS], "finished_on": [p[5] for p in POSITIONS],
        "import_id": [import_id] * len(POSITIONS),
    }  # fmt: skip
    first_endorsement = date(2012, 10, 1)
    span = (today - first_endorsement).days
    endorsements = sorted(
        (
            d.weighted(_ENDORSED, (8, 6, 5, 5, 4, 3, 3, 3, 2, 2)),
            d.pick(endorsers),
            first_endorsement + timedelta(days=int(span * d.u() ** 0.8)),
        )
        for _ in range(size.endorsements)
    )
    return {
        "profile": profile,
        "profile_skills": skills,
        "positions": positions,
        "endorsements": {
            "skill": [e[0] for e in endorsements], "endorser": [e[1] for e in endorsements],
            "endorsed_on": [e[2] for e in endorsements],
            "import_id": [import_id] * len(endorsements),
        },
    }  # fmt: skip
