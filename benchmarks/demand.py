"""Market analytics over a large synthetic workspace: time each query, report peak memory.

    python benchmarks/demand.py [--n 1000000] [--db PATH] [--repeat 3]

Builds N postings (36 months, 40 job titles, a third with salaries, short synthetic text) and
about 10 skill mentions each, written straight into posting_skills by bulk SQL (no text
extraction: benchmarks/extract.py measures that), then times every demand query with a role +
date filter, plus the unfiltered view that the monthly aggregates serve. Each query runs
`--repeat` times; the first (cold) and the best time are printed. Target: under 1 s each.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis import demand, store  # noqa: E402
from analysis.market_filter import MarketFilter  # noqa: E402
from analysis.skills.sync import (  # noqa: E402
    active_taxonomy,
    aggregates_fresh,
    extract_pending,
    extraction_version,
    refresh_aggregates,
    sync_taxonomy,
)
from analysis.store import get_meta, set_meta  # noqa: E402

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


def build(con, n: int) -> None:
    con.execute("SET enable_progress_bar = false")
    # Loading 10M posting_skills rows in one transaction grows the table's primary-key index
    # past the 1 GB the workspace connection allows; the queries below run with the default.
    con.execute("SET memory_limit = '3GB'")
    taxonomy = active_taxonomy(con)
    sync_taxonomy(con, taxonomy)
    # Skill k of the synthetic draw is the k-th built-in skill id (real names and categories).
    con.execute(
        "CREATE TEMP TABLE bench_skills AS SELECT (row_number() OVER (ORDER BY skill_id) - 1)::INT "
        "AS k, skill_id, name FROM skills ORDER BY skill_id LIMIT ?",
        [SKILLS],
    )
    t = time.perf_counter()
    con.execute(
        """
        INSERT INTO postings (posting_id, title, company, location, is_remote, date_posted,
                              salary_min, salary_max, salary_currency, description, import_id)
        SELECT substr(md5(i::VARCHAR), 1, 20),
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
               1
        FROM range($n) t(i)
        """,
        {"titles": TITLES, "start": START, "months": MONTHS, "n": n},
    )
    print(f"postings:            {time.perf_counter() - t:7.1f} s  ({n:,})")
    t = time.perf_counter()
    # About ten skills a posting from a skewed (Zipf-like) draw; skill 1 rises and skill 2
    # declines over the window by construction.
    con.execute(
        """
        INSERT INTO posting_skills
        SELECT DISTINCT d.posting_id, s.skill_id, 1 FROM (
            SELECT substr(md5(i::VARCHAR), 1, 20) AS posting_id,
                   floor(pow((hash(i * 100 + j) % 1000003) / 1000003.0, 2.2) * $skills)::INT AS k
            FROM range($n) t(i), range(10) u(j)
            UNION ALL
            SELECT substr(md5(i::VARCHAR), 1, 20), 1 FROM range($n) t(i)
            WHERE hash(i * 41) % 1000 < 50 + 10 * ((hash(i * 13) % ($months * 30)) / 30)
            UNION ALL
            SELECT substr(md5(i::VARCHAR), 1, 20), 2 FROM range($n) t(i)
            WHERE hash(i * 43) % 1000 < 400 - 10 * ((hash(i * 13) % ($months * 30)) / 30)
        ) d JOIN bench_skills s USING (k)
        """,
        {"n": n, "skills": SKILLS, "months": MONTHS},
    )
    links = con.execute("SELECT count(*) FROM posting_skills").fetchone()[0]
    print(f"posting_skills:      {time.perf_counter() - t:7.1f} s  ({links:,} rows)")
    con.execute(
        "INSERT INTO external_signals SELECT skill_id, 'onet', name, k % 3 = 0, k % 2 = 0, 10, 3 "
        "FROM bench_skills WHERE k < 200"
    )
    # As if the extractor had processed every posting with the current taxonomy.
    version = extraction_version(taxonomy)
    con.execute("INSERT INTO extracted_postings SELECT posting_id, ? FROM postings", [version])
    rising, falling = con.execute(
        "SELECT skill_id FROM bench_skills WHERE k IN (1, 2) ORDER BY k"
    ).fetchall()
    set_meta(con, "bench_rising", rising[0])
    set_meta(con, "bench_declining", falling[0])


def import_more(con, n: int) -> int:
    """Append n postings with real skill names and extract them (the incremental path)."""
    start = con.execute("SELECT count(*) FROM postings").fetchone()[0]
    con.execute(
        "INSERT INTO postings (posting_id, title, date_posted, description, import_id) "
        "SELECT substr(md5('more' || i), 1, 20), 'Data Analyst', DATE '2025-06-01' + (i % 29)::INTEGER, "
        "'SQL, Python and Tableau dashboards; Kubernetes a plus.', 2 FROM range(?, ?) t(i)",
        [start, start + n],
    )
    return extract_pending(con)


def timed(label: str, fn, repeat: int) -> None:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    rows = len(result) if hasattr(result, "__len__") else result
    flag = "" if min(times) < 1 else "  (over 1 s)"
    print(f"{label:<34} first {times[0]:6.3f} s   best {min(times):6.3f} s   rows {rows:>6}{flag}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="postings (default 1,000,000)")
    parser.add_argument("--db", help="workspace file to build (default: a temporary file)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    folder = tempfile.TemporaryDirectory(prefix="waypoint-bench-")
    path = Path(args.db) if args.db else Path(folder.name) / "bench.duckdb"
    fresh = not path.exists()
    con = store.connect(path)
    if fresh:
        build(con, args.n)
        con.close()
        con = store.connect(path)
    con.execute("SET enable_progress_bar = false")
    if not aggregates_fresh(con):
        t = time.perf_counter()
        refresh_aggregates(con)
        print(f"refresh_aggregates:  {time.perf_counter() - t:7.1f} s  (full rebuild)")
    # A taxonomy edit since the build would make every synthetic posting pending: keep them as
    # extracted, so the next step times what it says (1,000 new postings).
    sync_taxonomy(con, active_taxonomy(con))
    con.execute(
        "UPDATE extracted_postings SET taxonomy_version = ?",
        [extraction_version(active_taxonomy(con))],
    )
    t = time.perf_counter()
    added = import_more(con, 1_000)
    print(
        f"extract_pending:     {time.perf_counter() - t:7.1f} s  ({added:,} new postings, incremental)"
    )
    con.close()  # queries run in a fresh process-like session, as the dashboard would
    con = store.connect(path)
    con.execute("SET enable_progress_bar = false")
    # The 101 most mentioned skills; ids[1] and ids[2] are replaced by the constructed trends.
    ids = demand.skill_demand(con, MarketFilter())["skill_id"].head(101).tolist()
    ids[1], ids[2] = get_meta(con, "bench_rising"), get_meta(con, "bench_declining")
    f = MarketFilter(roles=["data"], date_from=date(2024, 1, 1), date_to=date(2025, 6, 30))
    whole = MarketFilter()
    n_filtered = demand.posting_total(con, f)
    print(f"\nfilter: {f.describe()} -> {n_filtered:,} postings\n")
    r = args.repeat
    timed("skill_demand", lambda: demand.skill_demand(con, f), r)
    timed("skill_demand (all, aggregates)", lambda: demand.skill_demand(con, whole), r)
    timed("top_skills_by_category", lambda: demand.top_skills_by_category(con, f), r)
    timed("skill_demand_by_month (5 skills)",
          lambda: demand.skill_demand_by_month(con, f, [ids[1], ids[2], ids[3], ids[10], ids[100]]), r)  # fmt: skip
    timed("skill_trends", lambda: demand.skill_trends(con, f), r)
    timed("skill_trends (all, aggregates)", lambda: demand.skill_trends(con, whole), r)
    timed("cooccurrence", lambda: demand.cooccurrence(con, f, ids[3]), r)
    timed("adjacency (5 skills)",
          lambda: demand.adjacency(con, f, {ids[3], ids[10], ids[20], ids[50], ids[100]}), r)  # fmt: skip
    timed("salary_premium", lambda: demand.salary_premium(con, f), r)
    timed("external_check", lambda: demand.external_check(con, f), r)
    timed("emerging_terms (20k sample)", lambda: demand.emerging_terms(con, f), 1)
    timed("assign_clusters (one-off fit)", lambda: demand.assign_clusters(con, 8, 0), 1)
    timed("role_clusters (stored)", lambda: demand.role_clusters(con, f), r)
    trends = demand.skill_trends(con, whole).set_index("skill_id")
    rising, falling = trends.loc[ids[1]], trends.loc[ids[2]]
    print(
        f"\nconstructed: {rising['name']} {rising['trend']}, {falling['name']} {falling['trend']}"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:,.0f} MB")
    con.close()
    folder.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
