"""Which postings a market query reads: the workspace's own, or its attached market study.

A `MarketFilter` with ``study=True`` selects the study attached to the workspace
(`analysis.scale.attach`). Nothing in the market queries changes for it: they run, unchanged,
on the study's own in-memory connection, whose postings / posting_skills are views over the
study's Parquet (read in place, never copied) and whose skills are the study's taxonomy. That
connection is opened from the workspace_meta record on every use, so a study attached once is
there on every later connection, and a folder that has gone raises `StudyMissing` (its title
names the folder).

    with market_connection(con, f) as (market_con, market_f):
        skill_demand(market_con, market_f)
    run_market(con, skill_demand, f)          # the same in one call (the dashboard's way)
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from analysis.errors import WaypointError
from analysis.market_filter import MarketFilter
from analysis.store import Connection

WORKSPACE, STUDY = "workspace", "study"
MARKETS = (WORKSPACE, STUDY)


class NoStudyAttached(WaypointError):
    """A study market was asked for, but the workspace has no study attached."""

    def __init__(self) -> None:
        super().__init__(
            "No market study is attached",
            "attach one first: python -m analysis attach-study DIR",
        )


def parse_market(market: str) -> bool:
    """True for "study", False for "workspace"; WaypointError for anything else."""
    if market not in MARKETS:
        raise WaypointError("Unknown market", f"{market!r} (choose {' or '.join(MARKETS)})")
    return market == STUDY


@contextlib.contextmanager
def market_connection(
    con: Connection, f: MarketFilter
) -> Iterator[tuple[Connection, MarketFilter]]:
    """(connection, filter) the market queries for `f` run on: `con` and `f` themselves, or,
    for a study filter, the attached study's connection (closed on exit) and `f` without the
    flag. Raises NoStudyAttached, or StudyMissing when the study's folder is gone."""
    if not f.study:
        yield con, f
        return
    from analysis.scale.attach import attached_study_connection

    study_con = attached_study_connection(con)
    if study_con is None:
        raise NoStudyAttached()
    try:
        yield study_con, replace(f, study=False)
    finally:
        study_con.close()


def run_market(con: Connection, func: Callable, /, *args: Any, **kwargs: Any) -> Any:
    """``func(con, *args, **kwargs)``, on the attached study when an argument is a study
    filter (see market_connection); any other call runs on `con` unchanged."""
    chosen = next(
        (a for a in (*args, *kwargs.values()) if isinstance(a, MarketFilter) and a.study), None
    )
    if chosen is None:
        return func(con, *args, **kwargs)

    def plain(value):
        return replace(value, study=False) if isinstance(value, MarketFilter) else value

    with market_connection(con, chosen) as (study_con, _):
        return func(study_con, *map(plain, args), **{k: plain(v) for k, v in kwargs.items()})


def posting_date_range(con: Connection, f: MarketFilter) -> tuple[str | None, str | None]:
    """(first, last) date_posted as ISO strings, or (None, None), of all the postings of the
    market `f` reads (the workspace's or the study's; f's other conditions are not applied).
    Call it through run_market."""
    if f.study:
        raise ValueError("run posting_date_range through run_market")
    low, high = con.execute("SELECT min(date_posted), max(date_posted) FROM postings").fetchone()
    return (low.isoformat() if low else None), (high.isoformat() if high else None)
