"""Market analytics over a large synthetic workspace: time each query, report peak memory.

    python benchmarks/demand.py [--n 1000000] [--db PATH] [--repeat 3]

Builds N postings (36 months, 40 job titles, a third with salaries, short synthetic text) and
about 10 skill mentions each, written straight into posting_skills by bulk SQL
(benchmarks/synthetic.py; no text extraction: benchmarks/extract.py measures that), then times
every demand query with a role + date filter, plus the unfiltered view that the monthly
aggregates serve. Each query runs
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
from benchmarks.synthetic import add_postings  # noqa: E402


def build(con, n: int) -> None:
    add_postings(con, n)
    con.execute(
        "INSERT INTO external_signals SELECT skill_id, 'onet', name, k % 3 = 0, k % 2 = 0, 10, 3 "
        "FROM bench_skills WHERE k < 200"
    )
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
