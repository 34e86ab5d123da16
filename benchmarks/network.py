"""Time every network analysis on a large workspace: 30,000 contacts, 300,000 interactions.

    python benchmarks/network.py [--contacts 30000] [--interactions 300000] [--seed 7]

Builds a seeded in-memory workspace with bulk inserts from DataFrames (3,000 companies, a few
spelled several ways; 8 past employers; 12 target companies; 20,000 postings), then runs each
analysis and prints its time, the total (target: under 2 seconds) and the peak RSS: once as a
page runs them (sharing the memoised strength frame), once cold (memo cleared before each).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis import network, store  # noqa: E402
from analysis.network_strength import clear_cache  # noqa: E402

TODAY = date(2026, 11, 1)
TITLES = [
    "Data Analyst", "Senior Data Scientist", "Software Engineer", "Engineering Manager",
    "Director of Data Analytics", "Head of BI", "VP Data", "Technical Recruiter",
    "Talent Acquisition Partner", "Account Executive", "Marketing Manager", "Controller",
    "Product Manager", "Operations Manager", "HR Business Partner", "Chief Data Officer",
    "Consultant", "Sales Director", "Project Manager", "Actuarial Analyst", "Student", "",
]  # fmt: skip
CHANNELS = ["linkedin", "email", "call", "meeting", "event", "in_person", "message"]
SUFFIXES = ["", " Inc.", " LLC", " Corp.", " Corporation", " GmbH", " Ltd"]


def build(con: store.Connection, n_contacts: int, n_interactions: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    words = "North Blue River Summit Acme Cedar Harbor Granite Lake Pine Silver Oak Iron Bright"
    words = (words + " Stone Maple Falcon Orion").split()
    kinds = "Analytics Health Bank Insurance Systems Labs Foods Logistics Partners Energy Retail"
    kinds = (kinds + " Media Capital Robotics Software").split()
    bases = sorted({f"{a} {b} {c}" for a in words for b in words if a != b for c in kinds})
    bases = list(rng.choice(bases, 3000, replace=False))
    company_idx = rng.zipf(1.3, n_contacts) % len(bases)
    suffix = rng.choice(SUFFIXES, n_contacts, p=[0.7, 0.06, 0.06, 0.06, 0.04, 0.04, 0.04])
    company = [bases[i] + s for i, s in zip(company_idx, suffix, strict=True)]
    connected = pd.Timestamp("2005-01-01") + pd.to_timedelta(rng.integers(0, 7900, n_contacts),
                                                            unit="D")  # fmt: skip
    rating = np.where(rng.random(n_contacts) < 0.05, rng.integers(1, 6, n_contacts), 0)
    tier = rng.choice(np.array(["inner", "important", "broad", None], dtype=object), n_contacts,
                      p=[0.01, 0.04, 0.15, 0.80])  # fmt: skip
    contacts = pd.DataFrame({
        "contact_id": np.arange(1, n_contacts + 1),
        "full_name": [f"Person {i}" for i in range(1, n_contacts + 1)],
        "company": company,
        "position": rng.choice(TITLES, n_contacts),
        "connected_on": connected.date,
        "source": "linkedin",
        "tier": tier,
        "strength_rating": pd.array(np.where(rating > 0, rating, None), dtype="Int64"),
        "tags": np.where(rng.random(n_contacts) < 0.01, "former colleague", None),
    })  # fmt: skip
    active = rng.zipf(1.5, n_interactions) % n_contacts + 1
    days_back = rng.exponential(500, n_interactions).astype(int)
    interactions = pd.DataFrame({
        "interaction_id": np.arange(1, n_interactions + 1),
        "contact_id": active,
        "occurred_at": pd.Timestamp(TODAY) - pd.to_timedelta(days_back, unit="D")
        + pd.to_timedelta(rng.integers(8 * 60, 19 * 60, n_interactions), unit="m"),
        "channel": rng.choice(CHANNELS, n_interactions, p=[0.4, 0.25, 0.1, 0.1, 0.05, 0.05, 0.05]),
        "direction": rng.choice(["outbound", "inbound", "mutual"], n_interactions),
        "source": "benchmark",
    })  # fmt: skip
    employers = [bases[i] + " Corp." for i in range(8)]
    positions = pd.DataFrame({
        "position_id": np.arange(1, 9), "company": employers, "title": "Analyst",
        "started_on": [date(1995 + 3 * i, 1, 1) for i in range(8)],
        "finished_on": [date(1998 + 3 * i, 1, 1) for i in range(7)] + [None],
    })  # fmt: skip
    targets = pd.DataFrame({
        "target_id": np.arange(1, 16),
        "kind": ["company"] * 12 + ["role"] * 3,
        "value": [bases[i].upper() + " Inc" for i in range(20, 32)]
        + ["Data Analytics Manager", "BI Manager", "Analytics Engineer"],
        "source": "manual",
    })  # fmt: skip
    n_postings = 20_000
    posting_companies = [f"{bases[i]}" if i < 3000 else f"Unknown Co {i}"
                         for i in rng.integers(0, 4000, n_postings)]  # fmt: skip
    postings = pd.DataFrame({
        "posting_id": [f"p{i}" for i in range(n_postings)],
        "title": rng.choice(TITLES, n_postings),
        "company": posting_companies,
        "date_posted": [TODAY - timedelta(days=int(d)) for d in rng.integers(0, 365, n_postings)],
        "import_id": 1,
    })  # fmt: skip
    changed = rng.choice(n_contacts, 500, replace=False) + 1
    changes = pd.DataFrame({
        "contact_id": changed, "import_id": 2, "field": "company",
        "old_value": [bases[i % 8] for i in range(500)],
        "new_value": contacts.set_index("contact_id").loc[changed, "company"].to_numpy(),
        "detected_at": pd.Timestamp(TODAY) - pd.to_timedelta(rng.integers(0, 200, 500), unit="D"),
    })  # fmt: skip
    for table, frame in [("contacts", contacts), ("interactions", interactions),
                         ("positions", positions), ("targets", targets), ("postings", postings),
                         ("contact_changes", changes)]:  # fmt: skip
        columns = ", ".join(frame.columns)
        con.register("_rows", frame)
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _rows")
        con.unregister("_rows")


ANALYSES = {
    "relationship_strength": lambda con: network.relationship_strength(con, today=TODAY),
    "ten_people_test": lambda con: network.ten_people_test(con, today=TODAY),
    "target_coverage": lambda con: network.target_coverage(con, today=TODAY),
    "coverage_gaps": lambda con: network.coverage_gaps(con),
    "contacts_at_company": lambda con: network.contacts_at_company(con, "Acme Lake Labs",
                                                                  today=TODAY),
    "nurture_status": lambda con: network.nurture_status(con, today=TODAY),
    "overdue_contacts": lambda con: network.overdue_contacts(con, today=TODAY),
    "due_soon_contacts": lambda con: network.due_soon_contacts(con, today=TODAY),
    "connections_by_year": network.connections_by_year,
    "contacts_by_company": network.contacts_by_company,
    "contacts_by_function_and_seniority": network.contacts_by_function_and_seniority,
    "dormant_share": lambda con: network.dormant_share(con, today=TODAY),
    "channel_mix_by_year": network.channel_mix_by_year,
    "job_changes": network.job_changes,
    "weekly_outreach_plan": lambda con: network.weekly_outreach_plan(con, today=TODAY),
}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--interactions", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    con = store.connect(":memory:")
    start = time.perf_counter()
    build(con, args.contacts, args.interactions, args.seed)
    print(f"built {args.contacts:,} contacts and {args.interactions:,} interactions "
          f"in {time.perf_counter() - start:.1f} s")  # fmt: skip
    # One pass as a page runs them (the memoised strength frame is shared), one cold pass with
    # the memo cleared before every analysis (each pays for its own strength computation).
    totals = {}
    for label, cold in (("as a page runs them", False), ("each cold", True)):
        total = cpu_total = 0.0
        print(f"{label}:\n  {'analysis':<36} {'wall':>7}    {'cpu':>7}")
        clear_cache()
        for name, run in ANALYSES.items():
            if cold:
                clear_cache()
            start, cpu = time.perf_counter(), time.process_time()
            result = run(con)
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            total, cpu_total = total + elapsed, cpu_total + cpu
            size = len(result) if isinstance(result, pd.DataFrame) else type(result).__name__
            print(f"  {name:<36} {elapsed * 1000:7.0f} ms {cpu * 1000:7.0f} ms  ({size})")
        totals[label] = (total, cpu_total)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    for label, (total, cpu_total) in totals.items():
        verdict = "OK" if total < 2.0 else "over the 2 s target"
        print(f"total {label}: {total:.2f} s wall ({verdict}), {cpu_total:.2f} s CPU "
              f"for {len(ANALYSES)} analyses")  # fmt: skip
    print(f"peak RSS {peak:.0f} MB; load average {load:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
