"""A large synthetic job market for the benchmarks, written by bulk SQL (no text extraction).

`add_postings(con, n)` appends n postings (36 months, 40 job titles, a third with salaries,
short synthetic text) and about ten skill mentions each, straight into posting_skills, and marks
them as extracted with the current taxonomy. benchmarks/demand.py builds its workspace with it,
benchmarks/pages.py adds it to a small demo workspace (`--synthetic N`).
"""

from __future__ import annotations

import time
from datetime import date

from analysis.skills.sync import active_taxonomy, extraction_version, sync_taxonomy
from analysis.store import Connection

TITLES = [
    "Data Analyst", "Senior Data Analyst", "Data Scientist", "Data Engineer", "BI Developer",
    "Software Engineer", "Backend Developer", "Frontend Developer", "DevOps Engineer",
    "Site Reliability Engineer", "Product Manager", "Project Manager", "Business Analyst",
    "Registered Nurse", "Nurse Practitioner", "Medical Assistant", "Accountant",
    "Financial Analyst", "Controller", "Marketing Manager", "Sales Representative",
    "Account Executive", "HR Generalist", "Recruiter", "Operations Manager",
    "Supply Chain Analyst", "Mechanical Engineer", "Electrical Engineer", "Electrician",
    "Customer Success Manager", "Security Analyst", "Cloud Architect", "ML Engineer",
    "QA Engineer", "Technical Writer", "UX Designer", "Store Manager", "Warehouse Associate",
    "Teacher", "Pharmacist",
]  # fmt: skip
SKILLS = 2_500
MONTHS = 36
START = date(2023, 1, 1)


def add_postings(con: Connection, n: int, *, start: date = START, import_id: int = 1) -> None:
    """Append n synthetic postings dated from `start` over MONTHS months, with their skills.

    Leaves the temporary table bench_skills (k, skill_id, name): skill k of the synthetic draw
    is the k-th built-in skill id. Skill k = 1 rises and k = 2 declines over the window by
    construction; after month 23 one posting in five mentions "agentic workflows" (an emerging
    phrase). Prints the seconds each step took.
    """
    con.execute("SET enable_progress_bar = false")
    # Loading 10M posting_skills rows in one transaction needs more than the 1 GB the workspace
    # connection allows; the queries run with the default again once it is reopened.
    con.execute("SET memory_limit = '3GB'")
    taxonomy = active_taxonomy(con)
    sync_taxonomy(con, taxonomy)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE bench_skills AS SELECT (row_number() OVER "
        "(ORDER BY skill_id) - 1)::INT AS k, skill_id, name FROM skills ORDER BY skill_id LIMIT ?",
        [SKILLS],
    )
    first = con.execute("SELECT count(*) FROM postings WHERE posting_id LIKE 'syn%'").fetchone()[0]
    t = time.perf_counter()
    con.execute(
        """
        INSERT INTO postings (posting_id, title, company, location, is_remote, date_posted,
                              salary_min, salary_max, salary_currency, description, import_id)
        SELECT 'syn' || substr(md5(i::VARCHAR), 1, 17),
               $titles[1 + (hash(i) % 40)::INT],
               'Company ' || (hash(i * 7) % 5000),
               ['London, UK', 'New York, NY', 'Berlin, Germany', 'Remote', 'Austin, TX'][1 + (hash(i * 3) % 5)::INT],
               hash(i * 11) % 4 = 0,
               $start + (hash(i * 13) % ($months * 30))::INT,
               CASE WHEN hash(i * 17) % 3 = 0 THEN 50000 + (hash(i * 19) % 50000)::DOUBLE END,
               CASE WHEN hash(i * 17) % 3 = 0 THEN 90000 + (hash(i * 19) % 50000)::DOUBLE END,
               CASE WHEN hash(i * 17) % 3 = 0 THEN 'USD' END,
               $titles[1 + (hash(i) % 40)::INT] || ' role. We use Skill ' || (hash(i * 23) % 300)
                 || ' and Skill ' || (hash(i * 29) % 300) || ' every day; '
                 || ['great team', 'fast growing startup', 'hybrid working', 'flexible hours'][1 + (hash(i * 31) % 4)::INT]
                 || CASE WHEN hash(i * 13) % ($months * 30) > 700 AND hash(i * 37) % 5 = 0
                         THEN '. Experience with agentic workflows a plus.' ELSE '.' END,
               $import_id
        FROM range($first, $last) t(i)
        """,
        {"titles": TITLES, "start": start, "months": MONTHS, "first": first, "last": first + n,
         "import_id": import_id},
    )  # fmt: skip
    print(f"postings:            {time.perf_counter() - t:7.1f} s  ({n:,})")
    t = time.perf_counter()
    # About ten skills a posting from a skewed (Zipf-like) draw, plus the two trends.
    con.execute(
        """
        INSERT INTO posting_skills
        SELECT DISTINCT d.posting_id, s.skill_id, 1 FROM (
            SELECT 'syn' || substr(md5(i::VARCHAR), 1, 17) AS posting_id,
                   floor(pow((hash(i * 100 + j) % 1000003) / 1000003.0, 2.2) * $skills)::INT AS k
            FROM range($first, $last) t(i), range(10) u(j)
            UNION ALL
            SELECT 'syn' || substr(md5(i::VARCHAR), 1, 17), 1 FROM range($first, $last) t(i)
            WHERE hash(i * 41) % 1000 < 50 + 10 * ((hash(i * 13) % ($months * 30)) / 30)
            UNION ALL
            SELECT 'syn' || substr(md5(i::VARCHAR), 1, 17), 2 FROM range($first, $last) t(i)
            WHERE hash(i * 43) % 1000 < 400 - 10 * ((hash(i * 13) % ($months * 30)) / 30)
        ) d JOIN bench_skills s USING (k)
        """,
        {"first": first, "last": first + n, "skills": SKILLS, "months": MONTHS},
    )
    links = con.execute("SELECT count(*) FROM posting_skills").fetchone()[0]
    print(f"posting_skills:      {time.perf_counter() - t:7.1f} s  ({links:,} rows in all)")
    # As if the extractor had processed every new posting with the current taxonomy.
    con.execute(
        "INSERT INTO extracted_postings SELECT posting_id, ? FROM postings p WHERE NOT EXISTS "
        "(SELECT 1 FROM extracted_postings e WHERE e.posting_id = p.posting_id)",
        [extraction_version(taxonomy)],
    )
