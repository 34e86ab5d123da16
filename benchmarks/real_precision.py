"""Precision of the skill extractor on real postings, against mentions judged one by one.

    python benchmarks/real_precision.py [--datasets ../shared/datasets]

`benchmarks/judged_mentions.csv` holds 250 mentions drawn at random (seed 20261122) from all
the extractor counted (taxonomy 580c5388f93f) in the descriptions of the shared datasets'
Glassdoor 2020 postings (150 of 24,096 mentions in 956 postings) and JobSpy Indeed 2025
postings (100 of 1,134 in 80), each judged from the mention and ~220 characters around it
by a reviewer (an AI assistant given only those excerpts and the four labels, not the
extractor's code or rules):

    asked     the posting asks it of the candidate: a requirement, or a duty that needs it
    uses      the job or its team uses it, not phrased as asked ("our stack", the job's field)
    employer  about the employer: what it sells, its clients, its benefits, an EEO statement
    wrong     the text does not mean that skill there (another sense, an everyday word)

The file holds positions only (dataset row, a hash of the text, offsets, skill), no posting
text: the postings are read in place, and a row whose text has changed is skipped.

Printed, for the extractor as it is now: how many judged mentions it still counts, and of those
the share judged asked and asked-or-uses, with 95% Wilson intervals (SkillSpan's gold spans
cover what is asked, so "asked" is the stricter of the two); the judged mentions it no longer
counts, by judgement (a "wrong" one gone is a fix, an "asked" one gone a loss); and how many of
those places it now counts as another skill (not judged).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.demand_counts import wilson_interval  # noqa: E402
from analysis.skills.asked import ASKED, SCOPES, load_asked_model  # noqa: E402
from analysis.skills.extractor import Extractor  # noqa: E402
from analysis.skills.rules import load_context_rules  # noqa: E402
from analysis.skills.taxonomy import load_builtin_taxonomy  # noqa: E402

DEFAULT_DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"
JUDGED = Path(__file__).resolve().parent / "judged_mentions.csv"
# source: (file in the datasets folder, description column, company column)
SOURCES = {
    "glassdoor": ("glassdoor_ds_2020/glassdoor_jobs.csv", "Job Description", "Company Name"),
    "jobspy": ("jobspy_indeed_2025/jobspy_jobs.csv", "description", "company"),
}
LABELS = ("asked", "uses", "employer", "wrong")


def employer_of(value) -> str | None:
    """Glassdoor writes the rating under the name ("Acme\\n3.8"); the name is the first line."""
    return value.split("\n")[0] if isinstance(value, str) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--datasets", type=Path, default=DEFAULT_DATASETS, help="shared datasets folder"
    )
    parser.add_argument(
        "--scope", choices=SCOPES, default="named",
        help="the skill scope to score (analysis/skills/scope.py; default: named)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    frames = {}
    for source, (name, text_col, company_col) in SOURCES.items():
        path = args.datasets / name
        if not path.is_file():
            print(f"{path} is missing: nothing to score.", file=sys.stderr)
            return 2
        frames[source] = pd.read_csv(path)[[text_col, company_col]]
    taxonomy = load_builtin_taxonomy()
    rules = load_context_rules()
    extractor = Extractor(
        taxonomy, {**rules, ASKED: load_asked_model()} if args.scope == "asked" else rules
    )
    print(f"taxonomy {taxonomy.version}, skill scope {args.scope}; "
          "judged mentions from taxonomy 580c5388f93f")  # fmt: skip

    with JUDGED.open(newline="") as f:
        judged = list(csv.DictReader(f))
    found: dict[tuple[str, int], list] = {}  # (source, row): its mentions now
    kept: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    replaced = skipped = 0
    for item in judged:
        source, row = item["source"], int(item["row"])
        text, company = frames[source].iloc[row]
        if hashlib.sha1(str(text).encode()).hexdigest()[:12] != item["text_sha1"]:
            skipped += 1
            continue
        if (source, row) not in found:
            found[source, row] = extractor.mentions(text, employer=employer_of(company))
        start, end = int(item["start"]), int(item["end"])
        here = [m for m in found[source, row] if m.start < end and start < m.end]
        if any(m.skill_id == item["skill_id"] for m in here):
            kept[item["judged"]] += 1
        else:
            lost[item["judged"]] += 1
            replaced += bool(here)

    n = sum(kept.values())
    print(f"{len(judged)} judged mentions ({skipped} skipped: their posting's text changed); "
          f"still counted: {n}")  # fmt: skip
    print("  of those judged: " + ", ".join(f"{label} {kept[label]}" for label in LABELS))
    for name, k in (("asked", kept["asked"]), ("asked or uses", kept["asked"] + kept["uses"])):
        low, high = wilson_interval(k, n)  # NaN when nothing is left to score
        print(f"  precision ({name}): {k / n if n else 0:.3f}  (95% interval {low:.3f}-{high:.3f})")
    print("no longer counted: " + ", ".join(f"{label} {lost[label]}" for label in LABELS)
          + f"; counted as another skill there now (not judged): {replaced}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
