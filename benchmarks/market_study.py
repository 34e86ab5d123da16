"""Market-study throughput: both engines on N synthetic postings, postings/s and peak memory.

    python benchmarks/market_study.py [--n 500000] [--length 2500] [--workers N]
                                      [--engines local,spark] [--input FILE] [--keep DIR]

Writes N seeded postings (about `length` characters of filler prose with real skill names from
the built-in taxonomy, the generator of benchmarks/extract.py) to a temporary Parquet file, then
runs each engine in a child process and prints, per engine: wall-clock postings/s, CPU seconds
of the whole process tree (so a busy machine does not skew the per-core rate), postings per
CPU-second, and peak RSS summed over the process tree (pool workers, the JVM and Spark's Python
workers included), sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extract import postings as synthetic_texts  # noqa: E402

TITLES = ["Data Analyst", "Data Engineer", "Software Engineer", "Registered Nurse",
          "Product Manager", "Accountant", "Electrician", "Marketing Manager"]  # fmt: skip
LOCATIONS = ["Remote", "Berlin", "Austin, TX", "London", "Toronto, ON", "Lyon"]
BATCH = 10_000


def write_input(path: Path, n: int, length: int, seed: int) -> None:
    """N postings as Parquet, written in row groups of BATCH rows (bounded memory)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from analysis.skills.taxonomy import load_builtin_taxonomy

    taxonomy = load_builtin_taxonomy()
    forms = [s.name for s in taxonomy] + [form for form, _ in taxonomy.aliases]
    texts = synthetic_texts(forms, n, length, seed)
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    writer = None
    try:
        for first in range(0, n, BATCH):
            size = min(BATCH, n - first)
            table = pa.table({
                "job_url": [f"https://jobs.example/{i}" for i in range(first, first + size)],
                "title": [rng.choice(TITLES) for _ in range(size)],
                "company": [f"Company {rng.randrange(5000)}" for _ in range(size)],
                "location": [rng.choice(LOCATIONS) for _ in range(size)],
                "date_posted": [start + dt.timedelta(days=rng.randrange(730)) for _ in range(size)],
                "description": [next(texts) for _ in range(size)],
            })  # fmt: skip
            writer = writer or pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
    finally:
        if writer:
            writer.close()


def measure(command: list[str]) -> dict:
    """Run `command`: wall seconds, CPU seconds and peak RSS of its whole process tree.

    The tree is sampled every 0.2 s: RSS summed over the live processes, CPU time as the last
    value seen per process (so processes that are never waited for still count).
    """
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    watched = psutil.Process(child.pid)
    peak, cpu_by_pid = 0, {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            rss = 0
            try:
                tree = [watched, *watched.children(recursive=True)]
            except psutil.Error:
                tree = []
            for process in tree:
                try:
                    with process.oneshot():
                        rss += process.memory_info().rss
                        times = process.cpu_times()
                    cpu_by_pid[process.pid] = times.user + times.system
                except psutil.Error:
                    pass
            peak = max(peak, rss)
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = child.communicate()[0]
    stop.set()
    sampler.join()
    wall = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(f"{command[command.index('--run-engine') + 1]} engine failed "
                         f"(exit code {child.returncode})")  # fmt: skip
    return {"wall": wall, "cpu": sum(cpu_by_pid.values()), "peak_rss": peak,
            "manifest": json.loads(output)}  # fmt: skip


def run_engine(engine: str, source: str, out: str, workers: int) -> None:
    """In the child process: one study, its manifest as JSON on stdout."""
    if engine == "local":
        from analysis.scale.local_engine import run_local_study

        manifest = run_local_study(source, out, workers=workers, force=True)
    else:
        from analysis.scale.spark_job import run_spark_study, spark_session

        spark = spark_session(
            f"local[{workers}]",
            conf={
                "spark.ui.enabled": "false",
                "spark.ui.showConsoleProgress": "false",
                "spark.sql.shuffle.partitions": str(2 * workers),
                # A CPU-bound job: splits of 16 MB give every core several tasks.
                "spark.sql.files.maxPartitionBytes": "16m",
            },
        )
        spark.sparkContext.setLogLevel("ERROR")
        try:
            manifest = run_spark_study(spark, source, out, force=True)
        finally:
            spark.stop()
    print(json.dumps(manifest))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500_000, help="postings (default 500,000)")
    parser.add_argument("--length", type=int, default=2500, help="characters per posting")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the synthetic text")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes (local) / local[N] cores (spark); default every core")  # fmt: skip
    parser.add_argument("--engines", default="local,spark", help="comma-separated: local,spark")
    parser.add_argument("--input", help="reuse this Parquet file instead of generating one")
    parser.add_argument(
        "--keep", metavar="DIR", help="write the input and studies here and keep them"
    )
    parser.add_argument("--run-engine", choices=("local", "spark"), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_engine:
        run_engine(args.run_engine, args.input, args.out, args.workers)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        source = Path(args.input) if args.input else folder / "postings.parquet"
        if not args.input:
            t0 = time.perf_counter()
            write_input(source, args.n, args.length, args.seed)
            print(f"input: {args.n:,} postings, {source.stat().st_size / 1e6:,.0f} MB Parquet "
                  f"(written in {time.perf_counter() - t0:,.0f} s)", flush=True)  # fmt: skip
        print(f"{os.cpu_count()} cores, {args.workers} workers; load average "
              f"{os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
        for engine in args.engines.split(","):
            command = [sys.executable, str(Path(__file__).resolve()), "--run-engine", engine,
                       "--input", str(source), "--out", str(folder / f"study-{engine}"),
                       "--workers", str(args.workers)]  # fmt: skip
            result = measure(command)
            rows = result["manifest"]["rows"]
            print(
                f"{engine:<5}  {rows / result['wall']:>8,.0f} postings/s wall ({result['wall']:,.0f} s)"
                f"  {rows / result['cpu']:>7,.0f} postings per CPU-second ({result['cpu']:,.0f} CPU-s)"
                f"  peak RSS {result['peak_rss'] / 2**20:>6,.0f} MB (process tree)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
