"""Seconds for the Market page's emerging terms, unfiltered and filtered, on a large workspace.

    python benchmarks/emerging_terms.py --db /tmp/et/big.duckdb [--build N] [--demo FILE]

--build N first makes the workspace, as an audit did: a copy of the full demo (`python -m
analysis --db FILE demo`, given with --demo, made when missing) plus N synthetic postings
(benchmarks/extract.py's prose of about 2,500 characters, benchmarks/synthetic.py's 40 job
titles, five locations, 5,000 employers, 36 months; after month 23 one in five says
"agentic workflows") imported through `python -m analysis import postings`, which finds their
skills and refreshes the precomputed market views. It prints the import's seconds and peak RSS
and the file's size.

Then it times `emerging_terms` for the whole workspace and three filters (a role keyword, the
largest role cluster, location Remote), each in a new process so no cache helps, and prints
seconds, peak RSS and the top terms. Target: under 1 second (1-2 s acceptable with a spinner).
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FILTERS = {
    "whole workspace": "MarketFilter()",
    "role keyword 'analyst'": "MarketFilter(roles=('analyst',))",
    "largest role cluster": "MarketFilter(cluster=CLUSTER)",
    "location Remote": "MarketFilter(locations=('Remote',))",
}
START = date(2023, 11, 1)  # the full demo's postings span 2023-11-01 to 2026-10-31
DAYS = 36 * 30

QUERY = """
import resource, sys, time
sys.path.insert(0, {root!r})
from analysis import store
from analysis.demand_terms import emerging_terms
from analysis.market_filter import MarketFilter
con = store.connect({db!r})
CLUSTER = con.execute(
    "SELECT cluster_id FROM posting_clusters GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
).fetchone()[0]
f = {expr}
start = time.perf_counter()
from analysis.demand_terms_text import tokenizer
import scipy.sparse
tokenizer()  # scikit-learn's import, paid once per process (the dashboard's role clusters too)
imports = time.perf_counter() - start
count = con.execute("SELECT count(*) FROM postings p WHERE " + f.where("p")[0], f.where("p")[1]).fetchone()[0]
start = time.perf_counter()
terms = emerging_terms(con, f)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{seconds:6.2f}} s (+{{imports:.1f}} s imports)  peak RSS {{peak:6.0f}} MB  {{count:7,}} postings  "
      f"{{len(terms)}} terms: {{', '.join(terms['term'].head(5))}}")
"""


def build(db: Path, demo: Path, n: int, seed: int = 7) -> None:
    from analysis.skills.taxonomy import load_builtin_taxonomy
    from benchmarks.extract import postings
    from benchmarks.ingest import import_through_cli
    from benchmarks.synthetic import TITLES

    if not demo.exists():
        subprocess.run([sys.executable, "-m", "analysis", "--db", str(demo), "demo"], cwd=ROOT,
                       check=True)  # fmt: skip
    shutil.copyfile(demo, db)
    taxonomy = load_builtin_taxonomy()
    forms = [s.name for s in taxonomy] + [form for form, _ in taxonomy.aliases]
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "postings.csv"
        with open(csv_path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "title", "company", "location", "date_posted", "description"])
            for i, text in enumerate(postings(forms, n, 2500, seed)):
                day = rng.randrange(DAYS)
                if day > 23 * 30 and rng.random() < 0.2:
                    text = text[:2400] + ". Experience with agentic workflows a plus."
                writer.writerow([f"syn-{i}", rng.choice(TITLES), f"Company {rng.randrange(5000)}",
                                 rng.choice(["London, UK", "New York, NY", "Berlin, Germany",
                                             "Remote", "Austin, TX"]),
                                 (START + timedelta(days=day)).isoformat(), text])  # fmt: skip
        before = db.stat().st_size
        elapsed, peak_mb, summary = import_through_cli(csv_path, db)
    print(summary)
    print(f"import of {n:,} postings (extraction and market views included): {elapsed:.1f} s, "
          f"peak RSS {peak_mb:,.0f} MB; file {before / 2**20:,.0f} MB -> "
          f"{db.stat().st_size / 2**20:,.0f} MB")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the workspace to measure")
    parser.add_argument("--build", type=int, default=0, metavar="N",
                        help="first build it: the full demo plus N synthetic postings")  # fmt: skip
    parser.add_argument("--demo", default="/tmp/waypoint-demo-full.duckdb",
                        help="the full demo to start from (made when missing)")  # fmt: skip
    args = parser.parse_args(argv)
    db = Path(args.db)
    if args.build:
        build(db, Path(args.demo), args.build)
    print(f"{db} ({db.stat().st_size / 2**20:,.0f} MB)")
    for label, expr in FILTERS.items():
        code = QUERY.format(root=str(ROOT), db=str(db), expr=expr)
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                             text=True)  # fmt: skip
        if out.returncode:
            sys.exit(out.stderr)
        print(f"{label:24s} {out.stdout.strip()}  (process {time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
