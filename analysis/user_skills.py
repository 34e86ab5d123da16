"""The user's skills, and the target market they are measured against.

`user_skills` merges everything the workspace knows about what the user can do: their own
profile file (which always wins), LinkedIn Skills.csv, skills found in position descriptions
(last used = the position's end date, or today for a current position) and endorsements (an
endorsement date is evidence of use). Each skill is mapped to the workspace taxonomy; skills no
taxonomy knows are kept with skill_id None.

`target_market_filter` is the market every skill analysis uses by default, and
`market_skill_stats` gives per skill its share and trend in a market: those of
`analysis.demand` when that module is installed, else computed here from posting_skills.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analysis import settings
from analysis.demand_counts import posting_total, skill_counts
from analysis.demand_trends import skill_trends
from analysis.market_filter import MarketFilter
from analysis.market_tables import data_signature
from analysis.skills import sync
from analysis.skills.extractor import Extractor
from analysis.skills.skill_list import map_skill_list
from analysis.skills.taxonomy import Skill, Taxonomy
from analysis.store import Connection, get_meta
from analysis.text_format import day

USER_SKILL_COLUMNS = ["skill_id", "skill", "category", "proficiency", "last_used",
                      "last_used_source", "years", "wants_to_grow"]  # fmt: skip
MARKET_COLUMNS = ["skill_id", "skill", "category", "postings", "share", "recent_share",
                  "trend_pts_per_year", "trend_low", "trend_high", "relative_change",
                  "trend"]  # fmt: skip
NOT_ENOUGH_DATA = "not enough data"


# --------------------------------------------------------------------------- taxonomy


_TAXONOMIES: dict[tuple, Taxonomy] = {}


def workspace_taxonomy(con: Connection) -> Taxonomy:
    """The workspace's active taxonomy: analysis.skills.sync's once it has written the
    `skills` table, else a `skills` table filled by other means (cached on its checksum), else
    the built-in taxonomy."""
    if get_meta(con, sync.META_TAXONOMY):
        return sync.active_taxonomy(con)
    signature = con.execute(
        "SELECT (SELECT count(*) FROM skills), (SELECT bit_xor(hash(skill_id, name, category)) "
        "FROM skills), (SELECT count(*) FROM skill_aliases), "
        "(SELECT bit_xor(hash(alias, skill_id)) FROM skill_aliases)"
    ).fetchone()
    if not signature[0]:
        return sync.builtin_taxonomy()
    if signature not in _TAXONOMIES:
        rows = con.execute(
            "SELECT skill_id, name, category FROM skills ORDER BY skill_id"
        ).fetchall()
        aliases = con.execute(
            "SELECT alias, skill_id FROM skill_aliases WHERE skill_id IN (SELECT skill_id FROM skills) "
            "ORDER BY skill_id, alias"
        ).fetchall()
        _TAXONOMIES.clear()
        _TAXONOMIES[signature] = Taxonomy([Skill(*row) for row in rows], aliases)
    return _TAXONOMIES[signature]


def extractor_for(taxonomy: Taxonomy, asked: bool = False) -> Extractor:
    """A compiled extractor for ``taxonomy`` (analysis.skills.sync's cache); with ``asked``,
    it counts only what a posting asks of the candidate (skill scope "asked")."""
    return sync.extractor_for(taxonomy, asked)


class SkillMapper:
    """Maps the user's wording of a skill ("MS Excel") to a taxonomy id ("excel") with
    analysis.skills.skill_list.map_skill_list: a name or alias, its parts ("SQL / T-SQL"), else
    the extractor's mentions; the id when they name exactly one skill, else None."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.extractor = extractor_for(taxonomy)
        self._cache: dict[str, str | None] = {}

    def __call__(self, wording: str | None) -> str | None:
        if not wording or not wording.strip():
            return None
        if wording not in self._cache:
            ids = map_skill_list(self.taxonomy, wording, self.extractor)
            self._cache[wording] = ids[0] if len(ids) == 1 else None
        return self._cache[wording]


# --------------------------------------------------------------------------- the user's skills


def _position_label(title: str | None, company: str, current: bool) -> str:
    who = f"{title} at {company}" if title else company
    return f"position: {who}" + (" (current)" if current else "")


def _source_label(stored: str | None, last_used: date, positions: dict[str, str]) -> str:
    """Render profile_skills.last_used_source for people ("position:Acme" -> "position: ...")."""
    if stored is None or stored == "profile":
        return "your profile"
    if stored.startswith("position:"):
        company = stored.removeprefix("position:").strip()
        return positions.get(company.casefold(), f"position: {company}")
    if stored == "endorsement":
        return f"endorsement {day(last_used)}"
    if stored == "linkedin-skills":
        return "LinkedIn skills"
    return stored


def user_skills(con: Connection, today: date | None = None) -> pd.DataFrame:
    """Columns: skill_id, skill, category, proficiency, last_used, last_used_source, years,
    wants_to_grow. One row per skill (taxonomy id, or the user's wording when unmapped).

    last_used: the user's own date when given; else the latest evidence from positions (end date,
    today for a current one) and endorsements; else None ("LinkedIn skills (no date)").
    Ordered by skill name.
    """
    today = today or settings.today()
    taxonomy = workspace_taxonomy(con)
    mapper = SkillMapper(taxonomy)
    evidence: dict[str, tuple[date, str]] = {}  # key -> (date, source)
    wording: dict[str, str] = {}

    def key_of(skill_id: str | None, text: str) -> str:
        return skill_id if skill_id else "\0" + text.strip().casefold()

    def add_evidence(key: str, used_on: date | None, label: str) -> None:
        known = evidence.get(key, (None, None))[0]
        if key not in evidence or (used_on is not None and (known is None or used_on > known)):
            evidence[key] = (used_on, label)

    positions = con.execute(
        "SELECT company, title, description, finished_on FROM positions "
        "ORDER BY finished_on DESC NULLS FIRST, started_on DESC NULLS LAST, position_id"
    ).fetchall()
    position_labels: dict[str, str] = {}
    for company, title, description, finished in positions:
        label = _position_label(title, company, finished is None)
        position_labels.setdefault(company.casefold(), label)
        used_on = finished or today
        for skill_id in dict.fromkeys(
            m.skill_id for m in mapper.extractor.mentions(description or "")
        ):
            add_evidence(skill_id, used_on, label)

    for skill, endorsed_on in con.execute(
        "SELECT skill, max(endorsed_on) FROM endorsements GROUP BY skill ORDER BY skill"
    ).fetchall():
        key = key_of(mapper(skill), skill)
        wording.setdefault(key, skill)
        label = f"endorsement {day(endorsed_on)}" if endorsed_on else "endorsement (no date)"
        add_evidence(key, endorsed_on, label)

    rows: dict[str, dict] = {}
    profile = con.execute(
        "SELECT skill, proficiency, last_used, last_used_source, years, wants_to_grow, source "
        "FROM profile_skills ORDER BY source = 'profile-file' DESC, skill"
    ).fetchall()
    for skill, proficiency, last_used, stored, years, grow, source in profile:
        key = key_of(mapper(skill), skill)
        wording.setdefault(key, skill)
        row = rows.setdefault(key, {"proficiency": None, "last_used": None, "source": None,
                                    "years": None, "wants_to_grow": None, "listed": source})  # fmt: skip
        row["proficiency"] = _max(row["proficiency"], proficiency)
        row["years"] = _max(row["years"], years)
        if grow is not None:
            row["wants_to_grow"] = bool(row["wants_to_grow"]) or bool(grow)
        if last_used is not None and (row["last_used"] is None or last_used > row["last_used"]):
            row["last_used"] = last_used
            row["source"] = _source_label(stored, last_used, position_labels)

    out = []
    for key in dict.fromkeys([*rows, *evidence, *wording]):
        skill_id = None if key.startswith("\0") else key
        row = rows.get(key, {})
        last_used, source = row.get("last_used"), row.get("source")
        if last_used is None:
            last_used, source = evidence.get(key, (None, None))
            if source is None:
                listed_on_linkedin = row.get("listed") == "linkedin-skills"
                source = (
                    "LinkedIn skills (no date)" if listed_on_linkedin else "your profile (no date)"
                )
        known = taxonomy.skills.get(skill_id) if skill_id else None
        out.append((
            skill_id, known.name if known else wording.get(key, key.lstrip("\0")),
            known.category if known else None, row.get("proficiency"), last_used, source,
            row.get("years"), row.get("wants_to_grow"),
        ))  # fmt: skip
    frame = pd.DataFrame(out, columns=USER_SKILL_COLUMNS)
    frame = frame.astype({"skill_id": "str", "skill": "str", "category": "str",
                          "last_used_source": "str", "proficiency": "Int64", "last_used": "object",
                          "years": "float64", "wants_to_grow": "boolean"})  # fmt: skip
    order = frame["skill"].str.casefold().argsort(kind="stable")
    return frame.iloc[order].reset_index(drop=True)


def _max(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def learning(skills: pd.DataFrame) -> pd.Series:
    """Which rows of a user_skills frame the user wants to grow and has not used yet: wants to
    grow, proficiency at most 1 (or none), no years and no date of use (dbt, listed to learn).
    They are goals, not skills the user has: market fit and posting matches leave them out,
    atrophy does not judge them, and gaps and the learning plan offer them first."""
    return (
        skills["wants_to_grow"].fillna(False).astype(bool)
        & skills["proficiency"].fillna(0).le(1).astype(bool)
        & skills["years"].fillna(0).eq(0)
        & skills["last_used"].isna()
    )


def user_skill_ids(skills: pd.DataFrame) -> list[str]:
    """The taxonomy ids of the skills the user has in a user_skills frame (not those they are
    only `learning`)."""
    has = ~learning(skills)
    return [
        s for s, mine in zip(skills["skill_id"], has, strict=True) if isinstance(s, str) and mine
    ]


# --------------------------------------------------------------------------- the target market


def target_market_filter(con: Connection, postings_con: Connection | None = None) -> MarketFilter:
    """Postings whose title contains one of the user's target roles (targets of kind role);
    every posting when there are no target roles or none of the titles match. The postings
    are the workspace's, or those of `postings_con` (e.g. an attached market study's)."""
    roles = [r[0] for r in con.execute(
        "SELECT value FROM targets WHERE kind = 'role' ORDER BY priority NULLS LAST, target_id"
    ).fetchall()]  # fmt: skip
    f = MarketFilter(roles=tuple(roles))
    if f.is_empty:
        return f
    cond, params = f.where("p")
    postings = con if postings_con is None else postings_con
    if not postings.execute(f"SELECT count(*) FROM postings p WHERE {cond}", params).fetchone()[0]:
        return MarketFilter()
    return f


def market_window(con: Connection, f: MarketFilter, today: date | None = None) -> date | None:
    """The end of the market's latest 12 months: its latest posting date, capped at today."""
    today = today or settings.today()
    cond, params = f.where("p")
    latest = con.execute(
        f"SELECT max(date_posted) FROM postings p WHERE {cond} AND date_posted <= ?",
        [*params, today],
    ).fetchone()[0]
    return latest


def months_back(day: date, months: int) -> date:
    """The same day ``months`` earlier (clamped to the month's last day)."""
    stamp = pd.Timestamp(day) - pd.DateOffset(months=months)
    return stamp.date()


def skill_shares(
    con: Connection, f: MarketFilter, low: date | None = None, high: date | None = None
) -> tuple[int, pd.DataFrame]:
    """(postings, frame with skill_id, postings, share) for the market ``f``, optionally only
    postings dated low < date_posted <= high."""
    if low is not None or high is not None:
        f = between(f, low, high)
        if f is None:
            return 0, pd.DataFrame({"skill_id": pd.Series(dtype="str"),
                                    "postings": pd.Series(dtype="int64"),
                                    "share": pd.Series(dtype="float64")})  # fmt: skip
    total = posting_total(con, f)
    frame = skill_counts(con, f).astype({"skill_id": "str", "postings": "int64"})
    frame["share"] = frame["postings"] / total if total else 0.0
    return total, frame


def between(f: MarketFilter, low: date | None, high: date | None) -> MarketFilter | None:
    """``f`` narrowed to postings dated low < date_posted <= high (None: nothing is left)."""
    start, end = f.date_from, f.date_to
    if low is not None:
        start = max(low + timedelta(days=1), start or low)
    if high is not None:
        end = min(high, end or high)
    if start is not None and end is not None and start > end:
        return None
    return replace(f, date_from=start, date_to=end)


def dated_only(f: MarketFilter) -> MarketFilter:
    """``f``'s dated postings: bounds month-aligned, so the precomputed monthly tables answer."""
    return replace(f, date_from=f.date_from or date(2, 1, 1),
                   date_to=f.date_to or date(9999, 12, 31))  # fmt: skip


def _counts(frame: pd.DataFrame) -> dict[str, int]:
    return dict(zip(frame["skill_id"], frame["postings"], strict=True))


def _undated(
    con: Connection, f: MarketFilter, total: int, shares: pd.DataFrame
) -> tuple[int, dict[str, int]]:
    """(postings of ``f`` without a date, postings per skill among them), given ``f``'s total
    and skill_shares: the whole market less its dated part; a filter with dates has no
    undated postings."""
    dated = dated_only(f)
    undated = total - posting_total(con, dated)
    if not undated:
        return 0, {}
    dated_counts = _counts(skill_counts(con, dated))
    return undated, {k: n - dated_counts.get(k, 0) for k, n in _counts(shares).items()}


# Market fit, atrophy, gaps and the learning plan each start from the same market statistics,
# which take a second or more at a million postings: the last few are kept, keyed by the
# workspace file and what its market tables and taxonomy hold (in-memory databases: never).
_STATS_KEPT = 8
_stats_cache: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
_stats_lock = threading.Lock()


def _stats_key(con: Connection, f: MarketFilter, today: date) -> tuple | None:
    (path,) = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    if not path:
        return None
    return (path, data_signature(con), get_meta(con, sync.META_TAXONOMY), f, today)


def market_skill_stats(con: Connection, f: MarketFilter, today: date | None = None) -> pd.DataFrame:
    """See `_market_skill_stats`; recent results are reused while the data are unchanged."""
    today = today or settings.today()
    key = _stats_key(con, f, today)
    with _stats_lock:
        if key is not None and key in _stats_cache:
            _stats_cache.move_to_end(key)
            return _stats_cache[key].copy()
    frame = _market_skill_stats(con, f, today)
    if key is not None:
        with _stats_lock:
            _stats_cache[key] = frame.copy()
            while len(_stats_cache) > _STATS_KEPT:
                _stats_cache.popitem(last=False)
    return frame


def _market_skill_stats(con: Connection, f: MarketFilter, today: date) -> pd.DataFrame:
    """Columns: skill_id, skill, category, postings, share, recent_share, trend_pts_per_year,
    trend_low, trend_high, relative_change, trend. One row per skill named by a posting in ``f``.

    share: over the whole filtered market; recent_share: over its latest 12 months and its
    undated postings (NaN when it has no dated posting up to today): an undated posting is
    not known to be old, and a market mixing a dated scrape with an undated export must not
    read as the dated part alone; trend, its 95% interval and relative_change (slope / mean
    share, per year) from analysis.demand_trends.skill_trends: rising / declining / stable /
    not enough data.
    """
    total, frame = skill_shares(con, f)
    end = market_window(con, f, today)
    if end is not None:
        recent_total, recent = skill_shares(con, f, months_back(end, 12), end)
        undated, undated_counts = _undated(con, f, total, frame)
        counts = _counts(recent)
        recent = [counts.get(k, 0) + undated_counts.get(k, 0) for k in frame["skill_id"]]
        frame["recent_share"] = np.array(recent, dtype="float64") / ((recent_total + undated) or 1)
    else:
        frame["recent_share"] = np.nan
    trends = skill_trends(con, f).rename(columns={
        "slope": "trend_pts_per_year", "ci_low": "trend_low", "ci_high": "trend_high"})  # fmt: skip
    frame = frame.merge(trends[["skill_id", "trend_pts_per_year", "trend_low", "trend_high",
                                "relative_change", "trend"]], on="skill_id", how="left")  # fmt: skip
    frame["trend"] = frame["trend"].fillna(NOT_ENOUGH_DATA)
    taxonomy = workspace_taxonomy(con)
    frame["skill"] = [taxonomy.skills[s].name if s in taxonomy else s for s in frame["skill_id"]]
    frame["category"] = [
        taxonomy.skills[s].category if s in taxonomy else None for s in frame["skill_id"]
    ]
    frame = frame.sort_values(["postings", "skill_id"], ascending=[False, True], kind="stable")
    return frame[MARKET_COLUMNS].reset_index(drop=True)
