"""Cached reads for the pages: the one place where the dashboard calls analysis/ for data.

Every wrapper is keyed by the workspace file, its data version (file modification times, so an
import or a command-line write is seen on the next interaction), the analysis date and the
wrapper's arguments (a MarketFilter is hashable). `st.cache_data` returns copies, so pages may
change what they get.

Connections are never kept between interactions, so the command line can write in between:
a cache miss opens the workspace and closes it again, except inside `reads()`, where every miss
of one script run shares a single connection (opening a workspace costs about 0.1 s), closed
when the block ends.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import streamlit as st

from analysis import settings, store
from analysis.market_filter import MarketFilter
from analysis.market_source import run_market
from ui import data

_local = threading.local()  # Streamlit runs each session's script in its own thread


class _Opener:
    """The connection of the current reads() block, opened on first use."""

    def __init__(self) -> None:
        self.con = None
        self.path: Path | None = None

    def get(self, path: Path):
        if self.con is not None and self.path != path:
            self.close()
        if self.con is None:
            self.con, self.path = store.connect(path), path
        return self.con

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
        self.con = None


@contextlib.contextmanager
def reads() -> Iterator[None]:
    """Within the block, cache misses share one workspace connection, closed at the end."""
    if getattr(_local, "opener", None) is not None:
        yield
        return
    _local.opener = _Opener()
    try:
        yield
    finally:
        _local.opener.close()
        _local.opener = None


@st.cache_data(show_spinner=False, max_entries=1024)
def _run(path: str, version: tuple, today: date, module: str, function: str, args: tuple,
         kwargs: tuple, _opener: _Opener | None = None):  # fmt: skip
    func = getattr(importlib.import_module(module), function)
    # run_market: on the attached market study when an argument is a study filter.
    if _opener is not None:
        return run_market(_opener.get(Path(path)), func, *args, **dict(kwargs))
    with data.workspace(Path(path)) as con:
        return run_market(con, func, *args, **dict(kwargs))


def _call(module: str, function: str, *args, **kwargs):
    """analysis.<module>.<function>(con, *args, **kwargs) on the current workspace, cached."""
    path = data.current_path()
    key = (str(path), data.data_version(path), settings.today())
    return _run(*key, f"analysis.{module}", function, args, tuple(sorted(kwargs.items())),
                getattr(_local, "opener", None))  # fmt: skip


@st.cache_data(show_spinner=False, max_entries=256)
def _pure(module: str, function: str, args: tuple, kwargs: tuple):
    """A pure analysis function (no workspace) with hashable arguments, cached."""
    func = getattr(importlib.import_module(f"analysis.{module}"), function)
    return func(*args, **dict(kwargs))


@st.cache_resource(show_spinner=False, max_entries=256)
def _figure(module: str, name: str, args: tuple, kwargs: tuple):
    return getattr(importlib.import_module(module), name)(*args, **dict(kwargs))


def chart(builder: Callable, *args, **kwargs):
    """``builder(*args, **kwargs)`` from analysis/charts_*.py, built once per distinct input.

    Building a plotly figure costs 0.1-0.3 s (template and validation), more than the cached
    data it draws, so figures are kept too: as shared resources (never copied; Streamlit only
    reads them), keyed by a hash of the builder's inputs.
    """
    return _figure(builder.__module__, builder.__name__, args, tuple(sorted(kwargs.items())))


# --------------------------------------------------------------------------- workspace


def today() -> date:
    """The analysis date (WAYPOINT_TODAY or the real date)."""
    return settings.today()


def status() -> dict:
    """What the workspace holds: counts per table, postings date range, imports."""
    return _call("cli", "workspace_status")


def counts() -> dict[str, int]:
    """Rows per table of the current workspace."""
    return status()["counts"]


def postings_date_range() -> tuple[str | None, str | None]:
    """(first, last) date_posted in the workspace as ISO strings, or (None, None)."""
    low, high = status()["postings_date_range"]
    return low, high


def has(*tables: str) -> bool:
    """True when any of ``tables`` holds a row."""
    held = counts()
    return any(held.get(t, 0) for t in tables)


# --------------------------------------------------------------------------- market


def target_market() -> MarketFilter:
    return _call("user_skills", "target_market_filter")


def top_skills_by_category(f: MarketFilter, n: int = 8):
    return _call("demand", "top_skills_by_category", f, n)


def skill_demand(f: MarketFilter):
    return _call("demand", "skill_demand", f)


def skill_demand_by_month(f: MarketFilter, skill_ids: tuple[str, ...]):
    return _call("demand", "skill_demand_by_month", f, tuple(skill_ids))


def skill_trends(f: MarketFilter):
    return _call("demand", "skill_trends", f)


def emerging_terms(f: MarketFilter):
    return _call("demand", "emerging_terms", f)


def cooccurrence(f: MarketFilter, skill_id: str, n: int = 15, by: str = "both"):
    return _call("demand", "cooccurrence", f, skill_id, n, by)


def clusters_ready() -> bool:
    """True when the role clusters are fitted on the current postings (fitting them takes
    seconds to minutes, so pages only trigger it where clusters are the point)."""
    return _call("demand_clusters", "clusters_current", 8, 0)


def role_clusters(f: MarketFilter):
    return _call("demand", "role_clusters", f)


def salary_premium(f: MarketFilter):
    return _call("demand", "salary_premium", f)


def skill_evidence(f: MarketFilter, skill_id: str, n: int = 5):
    return _call("demand", "skill_evidence", skill_id, f, n)


def posting_total(f: MarketFilter) -> int:
    return _call("demand", "posting_total", f)


def attached_study():
    """The attached market study (analysis.scale.attach.AttachedStudy: name, postings, what
    it keeps, a problem when its folder is gone), or None."""
    return _call("scale.attach", "study_status")


def market_date_range(f: MarketFilter) -> tuple[str | None, str | None]:
    """(first, last) date_posted of the postings `f` reads: the workspace's or the study's."""
    return _call("market_source", "posting_date_range", f)


# --------------------------------------------------------------------------- my skills


def profile_skills():
    return _call("profile_edit", "profile_skills_table")


def user_skills():
    return _call("user_skills", "user_skills")


def atrophy_risk():
    return _call("atrophy", "atrophy_risk")


def risk_weights():
    return _call("atrophy", "risk_weights")


def skill_gaps():
    return _call("atrophy", "skill_gaps")


def recent_base():
    return _call("gaps", "recent_base")


def learning_plan():
    return _call("atrophy", "learning_plan")


def market_fit():
    return _call("atrophy", "market_fit")


def match_posting(text: str):
    return _call("atrophy", "match_posting", text=text)


# --------------------------------------------------------------------------- network


def ten_people():
    return _call("network", "ten_people_test")


def target_coverage():
    return _call("network", "target_coverage")


def coverage_gaps(top: int = 15):
    return _call("network", "coverage_gaps", top=top)


def overdue_contacts():
    return _call("network", "overdue_contacts")


def due_soon_contacts():
    return _call("network", "due_soon_contacts")


def nurture_status():
    return _call("network", "nurture_status")


def outreach_plan(n: int = 10):
    return _call("network", "weekly_outreach_plan", n)


def connections_by_year():
    return _call("network", "connections_by_year")


def contacts_by_company(top: int = 15):
    return _call("network", "contacts_by_company", top)


def channel_mix():
    return _call("network", "channel_mix_by_year")


def job_changes():
    return _call("network", "job_changes")


def possible_duplicates():
    return _call("ingest.contacts_merge", "possible_duplicates")


# --------------------------------------------------------------------------- plan


def goals_progress():
    return _call("plan", "goals_progress")


def goals():
    return _call("profile_edit", "goals_table")


def milestones():
    return _call("profile_edit", "milestones_table")


def overdue_milestones():
    return _call("plan", "overdue_milestones")


def runway():
    return _call("plan", "runway_from_store")


def runway_inputs():
    return _call("plan", "runway_inputs_from_store")


def runway_for(inputs):
    """Runway for edited inputs (a frozen RunwayInputs): the calculator's what-if."""
    return _pure("plan", "runway", (inputs,), ())


def income_diversification():
    return _call("plan", "income_diversification")


def targets():
    return _call("profile_edit", "targets_table")


def is_demo() -> bool:
    """True for a workspace written by the demo generator."""
    return _call("store", "get_meta", "demo") == "true"


def income_streams():
    return _call("profile_edit", "income_streams_table")


def overdue_goals():
    return _call("plan", "overdue_goals")


def target_phrase() -> str:
    """What "target postings" are in this workspace, for captions: "postings for your target
    roles", or, when no title matches a target role (or none is set), all postings and why."""
    if target_market().roles:
        return "postings for your target roles"
    if (targets()["kind"] == "role").any():
        return "all postings (no title matches your target roles)"
    return "all postings (no target roles yet: add them on Plan)"
