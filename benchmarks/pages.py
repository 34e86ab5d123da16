"""Seconds per dashboard page, measured with Streamlit's AppTest on the full demo workspace.

    python benchmarks/pages.py [--size full|small] [--db PATH]

Generates the demo (default: full size) into a temporary folder unless --db names a workspace,
then renders every page registered in app.py three ways and prints seconds per page:

- cold: empty caches, each page's first visit in a new session, in menu order;
- warm: the same page again (cached reads; what every widget interaction costs at least);
- after write: the first visit after the workspace file changed (every cache key is new, but
  models such as the role clusters and the taxonomy stay fitted), i.e. after an import;
- then each Market tab's first opening (tabs compute only when opened) and a second run.

The first page of a fresh process also pays one-time costs (imports, compiling the taxonomy).

Target (issue 5): under 2 seconds per page on the demo workspace.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_SECONDS = 2.0
MARKET_TABS = ("Trends", "Emerging terms", "Role clusters", "Skills together", "Salary")


def registered_pages() -> list[str]:
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page"
    ]


def render(at, page: str) -> float:
    """Seconds for one run of ``page`` in the session ``at`` (AppTest polls every few ms, so
    figures include up to ~0.1 s of its own overhead)."""
    at.switch_page(page)
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("full", "small"), default="full")
    parser.add_argument("--db", help="an existing workspace to measure instead of the demo")
    args = parser.parse_args(argv)

    import streamlit as st

    from analysis import store
    from analysis.demo import ensure_demo_workspace

    folder = tempfile.TemporaryDirectory(prefix="waypoint-bench-")
    if args.db:
        db = Path(args.db)
    else:
        db = Path(folder.name) / f"demo-{args.size}.duckdb"
        start = time.perf_counter()
        ensure_demo_workspace(db, size=args.size, today=date(2026, 11, 1))
        print(f"demo workspace ({args.size}) generated in {time.perf_counter() - start:.1f} s")
    os.environ["WAYPOINT_DB"] = str(db)
    os.environ.setdefault("WAYPOINT_TODAY", "2026-11-01")
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

    print(f"{'page':<32}{'cold s':>9}{'warm s':>9}{'after write s':>15}")
    for page in pages:
        flag = "" if max(cold[page], after[page]) < TARGET_SECONDS else "  over target"
        print(f"{page:<32}{cold[page]:>9.2f}{warm[page]:>9.2f}{after[page]:>15.2f}{flag}")
    for name, (first, again) in tabs.items():
        flag = "" if first < TARGET_SECONDS else "  over target"
        print(f"{name:<32}{first:>9.2f}{again:>9.2f}{'':>15}{flag}")
    folder.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
