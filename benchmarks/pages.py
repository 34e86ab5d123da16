"""Seconds per dashboard page, measured with Streamlit's AppTest on the full demo workspace.

    python benchmarks/pages.py [--size full|small] [--db PATH] [--synthetic N]

Generates the demo (default: full size) into a temporary folder unless --db names a workspace,
then renders every page registered in app.py three ways and prints seconds per page:

- cold: empty caches, each page's first visit in a new session, in menu order;
- warm: the same page again (cached reads; what every widget interaction costs at least);
- after write: the first visit after the workspace file changed (every cache key is new, but
  models such as the role clusters and the taxonomy stay fitted), i.e. after an import;
- then each Market tab's first opening (tabs compute only when opened) and a second run.

The first page of a fresh process also pays one-time costs (imports, compiling the taxonomy).

A million postings (issue 5's second target): `--synthetic N` starts from the small demo (so
every page has a profile, contacts and a plan) and adds N synthetic postings with about ten
skill mentions each by bulk SQL (benchmarks/synthetic.py, shared with benchmarks/demand.py),
then does what an import does after extraction: the market aggregates, the role clusters and
the stored emerging terms. Building 1,000,000 takes a few minutes and about 300 MB of disk, so
keep the file with --db and measure it again later without rebuilding:

    python benchmarks/pages.py --synthetic 1000000 --db /tmp/waypoint-1m.duckdb   # build + run
    python benchmarks/pages.py --db /tmp/waypoint-1m.duckdb                       # run again

Targets (issue 5): under 2 seconds per page on the demo workspace, under 3 seconds at
1,000,000 postings. Progress lines (page: seconds) go to stderr as the pages render.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_SECONDS = 2.0  # the demo's target; LARGE_TARGET_SECONDS above LARGE_POSTINGS postings
LARGE_TARGET_SECONDS, LARGE_POSTINGS = 3.0, 100_000
TODAY = date(2026, 11, 1)
MARKET_TABS = ("Trends", "Emerging terms", "Role clusters", "Skills together", "Salary")


def registered_pages() -> list[str]:
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page"
    ]


def add_synthetic(db: Path, n: int) -> None:
    """Add n synthetic postings (benchmarks/synthetic.py) to the workspace, dated over the 36
    months before TODAY, then do what an import does after extraction."""
    from analysis import store
    from analysis.market_precompute import refresh_precomputed
    from analysis.skills.sync import refresh_aggregates
    from benchmarks.synthetic import MONTHS, add_postings

    con = store.connect(db)
    add_postings(con, n, start=TODAY - timedelta(days=MONTHS * 30 + 15))
    con.close()
    con = store.connect(db)  # the workspace's own memory limit again
    con.execute("SET enable_progress_bar = false")
    start = time.perf_counter()
    refresh_aggregates(con)
    print(f"refresh_aggregates:  {time.perf_counter() - start:7.1f} s")
    start = time.perf_counter()
    refresh_precomputed(con)
    print(f"refresh_precomputed: {time.perf_counter() - start:7.1f} s  (role clusters, terms)")
    con.execute("CHECKPOINT")
    con.close()


def render(at, page: str) -> float:
    """Seconds for one run of ``page`` in the session ``at`` (AppTest polls every few ms, so
    figures include up to ~0.1 s of its own overhead)."""
    at.switch_page(page)
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    print(f"  {page}: {elapsed:.2f} s", file=sys.stderr, flush=True)  # progress, for long runs
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("full", "small"), default="full")
    parser.add_argument("--db", help="the workspace to measure (built there when missing)")
    parser.add_argument("--synthetic", type=int, default=0, metavar="N",
                        help="add N synthetic postings to the small demo (e.g. 1000000)")  # fmt: skip
    args = parser.parse_args(argv)

    import streamlit as st

    from analysis import store
    from analysis.demo import ensure_demo_workspace

    folder = tempfile.TemporaryDirectory(prefix="waypoint-bench-")
    size = "small" if args.synthetic else args.size
    name = f"demo-small-{args.synthetic}.duckdb" if args.synthetic else f"demo-{size}.duckdb"
    db = Path(args.db) if args.db else Path(folder.name) / name
    if not db.exists():
        start = time.perf_counter()
        ensure_demo_workspace(db, size=size, today=TODAY)
        print(f"demo workspace ({size}) generated in {time.perf_counter() - start:.1f} s")
        if args.synthetic:
            add_synthetic(db, args.synthetic)
    os.environ["WAYPOINT_DB"] = str(db)
    os.environ.setdefault("WAYPOINT_TODAY", TODAY.isoformat())
    con = store.connect(db)
    counts = store.table_counts(con)
    con.close()
    print(f"workspace: {counts['postings']:,} postings, {counts['contacts']:,} contacts, "
          f"{counts['interactions']:,} interactions\n")  # fmt: skip

    from streamlit.testing.v1 import AppTest

    pages = registered_pages()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    render(at, "pages/import_data.py")  # the frame once: Streamlit's own start-up work
    st.cache_data.clear()
    st.cache_resource.clear()
    cold = {page: render(at, page) for page in pages}
    warm = {page: render(at, page) for page in pages}
    from ui.data import data_version

    before = data_version(db)
    con = store.connect(db)  # a write: the data version changes, as after an import
    store.set_meta(con, "benchmark_touch", str(time.time()))
    con.close()
    assert data_version(db) != before, "the write did not change the data version"
    after = {page: render(at, page) for page in pages}

    tabs = {}  # the Market page computes a tab only when it is opened: time each first open
    for tab in MARKET_TABS:
        at.session_state["market_tab"] = tab
        first = render(at, "pages/market.py")
        tabs[f"  market tab: {tab}"] = (first, render(at, "pages/market.py"))

    target = LARGE_TARGET_SECONDS if counts["postings"] > LARGE_POSTINGS else TARGET_SECONDS
    print(f"{'page':<32}{'cold s':>9}{'warm s':>9}{'after write s':>15}")
    for page in pages:
        flag = "" if max(cold[page], after[page]) < target else "  over target"
        print(f"{page:<32}{cold[page]:>9.2f}{warm[page]:>9.2f}{after[page]:>15.2f}{flag}")
    for name, (first, again) in tabs.items():
        flag = "" if first < target else "  over target"
        print(f"{name:<32}{first:>9.2f}{again:>9.2f}{'':>15}{flag}")
    folder.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
