"""Postings import throughput: generate N postings as CSV, import them through the CLI.

Prints rows/s and the importing process's peak RSS. Target on a 2-core machine: at least
20,000 postings/s, peak memory under 2 GB whatever the file size.

    python benchmarks/ingest.py [--n 200000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("we are looking for an experienced engineer to join our team and build reliable data "
         "products with python sql kubernetes and modern cloud tooling you will work with "
         "stakeholders across the business to deliver measurable outcomes").split()  # fmt: skip
TITLES = ["Data Analyst", "Data Engineer", "Software Engineer", "Product Manager", "BI Developer"]
COMPANIES = [f"Company {i}" for i in range(500)]


def write_postings(path: Path, n: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "company", "location", "date_posted", "job_url",
                         "min_amount", "max_amount", "interval", "description"])  # fmt: skip
        for i in range(n):
            words = rng.choices(WORDS, k=400)
            description = " ".join(words)[:2500]
            writer.writerow([
                f"bench-{i}", rng.choice(TITLES), rng.choice(COMPANIES), "Remote",
                f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                f"https://jobs.example/{i}", 90000, 120000, "yearly", description,
            ])  # fmt: skip
    return path.stat().st_size


def import_through_cli(csv_path: Path, db: Path, *extra: str) -> tuple[float, float, str]:
    """Import a postings CSV with `python -m analysis import`: (seconds, peak RSS of the
    importing process in MB, its first output line)."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "--db", str(db), "import", "postings", str(csv_path),
         *extra], cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(result.stderr)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, peak_mb, result.stdout.strip().splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000, help="postings to generate")
    parser.add_argument("--with-extraction", action="store_true",
                        help="also find skills (end to end); default measures the import alone")  # fmt: skip
    args = parser.parse_args()
    extra = [] if args.with_extraction else ["--no-extract"]
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, db = Path(tmp) / "postings.csv", Path(tmp) / "bench.duckdb"
        size = write_postings(csv_path, args.n)
        print(f"generated {args.n:,} postings, {size / 2**20:,.0f} MB")
        elapsed, peak_mb, summary = import_through_cli(csv_path, db, *extra)
        print(summary)
        print(f"import: {elapsed:.1f} s, {args.n / elapsed:,.0f} postings/s, "
              f"{size / 2**20 / elapsed:,.1f} MB/s, peak RSS {peak_mb:,.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
