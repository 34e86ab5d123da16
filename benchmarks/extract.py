"""Throughput of the skill extractor alone, on one core, with the full built-in taxonomy.

    python benchmarks/extract.py [--n 200000] [--length 2500] [--seed 7] [--end-to-end]

Builds N synthetic postings (filler prose with real skill names from the taxonomy sprinkled in,
some Markdown bullets and typographic punctuation, seeded) in batches and prints postings/s,
MB/s (UTF-8 bytes of input) and peak RSS for

(a) the extractor alone, on one core (target: >= 5,000 postings/s), two ways on the same
    batches: `extract_counts`, the batch function imports run (posting, skill, count out; given
    each posting's employer, one of 5,000, as imports give it), and `Extractor.mentions`, which
    also maps every mention's offsets back for its evidence;
(b) with --end-to-end, instead: the same postings as CSV, imported through the command line,
    skills extracted with both cores and the market views (role clusters, emerging terms)
    refreshed, as `python -m analysis import postings FILE` does (target: a million postings
    in under 10 minutes, peak memory under 3 GB).
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
import timeit
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.skills.batch import extract_counts  # noqa: E402
from analysis.skills.extractor import Extractor  # noqa: E402
from analysis.skills.taxonomy import load_builtin_taxonomy  # noqa: E402
from benchmarks.ingest import import_through_cli  # noqa: E402

FILLER = """the a an and or of to in for with on our your we you will be is are as at by from this that
team role work working experience years strong ability build support customers product company
develop design deliver manage improve help drive ensure across within new best high quality
business data systems solutions projects stakeholders requirements processes tools services
responsible including looking join opportunity growth culture benefits salary remote office
collaborate communicate analyse review plan maintain operate report lead own create implement
fast-paced environment global clients partners mission values inclusive equal employer people
knowledge understanding preferred required plus bonus degree bachelor related field hands-on
""".split()
OPENERS = [
    "About the role",
    "What you will do",
    "Requirements",
    "Nice to have",
    "Benefits",
    "About us",
]
PUNCT = [". ", ". ", ", ", "; ", " – ", "’s ", ": "]


def postings(taxonomy_forms: list[str], n: int, length: int, seed: int) -> Iterator[str]:
    """N postings of about `length` characters, the same for the same seed."""
    rng = random.Random(seed)
    for _ in range(n):
        parts: list[str] = []
        size = 0
        while size < length:
            if rng.random() < 0.08:
                piece = f"\n\n{rng.choice(OPENERS)}\n• " if rng.random() < 0.5 else "\n- "
            elif rng.random() < 0.22:
                piece = rng.choice(taxonomy_forms) + rng.choice(PUNCT)
            else:
                piece = " ".join(rng.choices(FILLER, k=rng.randint(3, 9))) + rng.choice(PUNCT)
            parts.append(piece)
            size += len(piece)
        yield "".join(parts)[:length]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n", type=int, default=200_000, help="number of postings (default 200,000)"
    )
    parser.add_argument(
        "--length", type=int, default=2500, help="characters per posting (default 2,500)"
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed for the synthetic text")
    parser.add_argument(
        "--batch", type=int, default=2000, help="postings generated per batch (memory bound)"
    )
    parser.add_argument("--end-to-end", action="store_true",
                        help="measure (b), import + extraction through the command line, instead")  # fmt: skip
    args = parser.parse_args(argv)

    started = time.perf_counter()
    taxonomy = load_builtin_taxonomy()
    extractor = Extractor(taxonomy)
    setup = time.perf_counter() - started
    forms = [s.name for s in taxonomy] + [form for form, _ in taxonomy.aliases]
    print(f"taxonomy {taxonomy.version}: {len(taxonomy):,} skills, {len(forms):,} surface forms; "
          f"load + compile {setup:.2f} s")  # fmt: skip
    # The same code runs at very different speeds from hour to hour on a shared machine: a
    # fixed piece of pure Python, timed at the start and again at the end, lets two runs'
    # figures be compared (and shows when the machine changed speed during one).
    print(f"machine speed now: sum(range(1000)) takes {machine_speed():.1f} us (lower is faster)")

    if args.end_to_end:
        end_to_end(forms, args)
        return 0
    generator = postings(forms, args.n, args.length, args.seed)
    # Wall clock and CPU time of this process (robust to a busy machine), per way of calling.
    elapsed = {"batch": 0.0, "mentions": 0.0}
    cpu = {"batch": 0.0, "mentions": 0.0}
    done = mentions = size = 0
    while done < args.n:
        batch = [text for _, text in zip(range(args.batch), generator, strict=False)]
        size += sum(len(text.encode("utf-8")) for text in batch)
        ids = range(done, done + len(batch))
        employers = [f"Employer {i % 5000} Inc" for i in ids]  # as imports pass them
        # The two take turns at going first, so neither always meets the caches the text
        # generator left cold.
        order = ("batch", "mentions") if (done // args.batch) % 2 == 0 else ("mentions", "batch")
        for way in order:
            t0, c0 = time.perf_counter(), time.process_time()
            if way == "batch":
                extract_counts(extractor, batch, ids, employers)
            else:
                mentions += sum(len(extractor.mentions(text)) for text in batch)
            elapsed[way] += time.perf_counter() - t0
            cpu[way] += time.process_time() - c0
        done += len(batch)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"{done:,} postings, {size / 1e6:,.1f} MB, {mentions / done:.1f} mentions per posting")
    for way, label in (("batch", "extract_counts"), ("mentions", "Extractor.mentions")):
        print(
            f"extractor, one core, {label}: {done / cpu[way]:,.0f} postings/s, "
            f"{size / 1e6 / cpu[way]:.1f} MB/s of CPU time ({cpu[way]:.1f} s); "
            f"wall clock {done / elapsed[way]:,.0f} postings/s ({elapsed[way]:.1f} s)"
        )
    print(f"peak RSS {peak_mb:,.0f} MB")  # fmt: skip
    print(f"machine speed at the end: sum(range(1000)) takes {machine_speed():.1f} us")
    return 0


def machine_speed() -> float:
    """Microseconds for sum(range(1000)), the best of five timings."""
    return min(timeit.repeat("sum(range(1000))", number=10_000, repeat=5)) / 10_000 * 1e6


def end_to_end(forms: list[str], args: argparse.Namespace) -> None:
    """(b): the same postings through `python -m analysis import postings` with extraction."""
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, db = Path(tmp) / "postings.csv", Path(tmp) / "bench.duckdb"
        with open(csv_path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "title", "company", "date_posted", "description"])
            for i, text in enumerate(postings(forms, args.n, args.length, args.seed)):
                # 5,000 employers, as a real import has: each posting's own is looked for
                writer.writerow([f"e2e-{i}", text[:60].split("\n")[0], f"Employer {i % 5000} Inc",
                                 f"202{4 + i % 2}-{1 + i % 12:02d}-15", text])  # fmt: skip
        size = csv_path.stat().st_size
        elapsed, peak_mb, summary = import_through_cli(csv_path, db)
        print(summary)
        print(f"import + extraction, end to end: {args.n / elapsed:,.0f} postings/s "
              f"({elapsed:.1f} s, {size / 1e6 / elapsed:.1f} MB/s), peak RSS {peak_mb:,.0f} MB")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
