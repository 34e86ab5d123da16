"""Market fit (how much of what the target market asks for the user has, now and a year ago)
and the match of one posting, stored or pasted, against the user's skills."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis.errors import WaypointError
from analysis.gaps import current_share
from analysis.market_filter import MarketFilter
from analysis.skills.scope import counts_asked
from analysis.store import Connection
from analysis.user_skills import (
    extractor_for,
    market_skill_stats,
    market_window,
    months_back,
    skill_shares,
    target_market_filter,
    user_skill_ids,
    user_skills,
    workspace_taxonomy,
)

FIT_COLUMNS = ["skill_id", "skill", "category", "share_now", "share_year_ago", "has"]
MATCHED_COLUMNS = ["skill_id", "skill", "category", "share", "start", "end", "text"]


@dataclass(frozen=True)
class MarketFit:
    """Demand-weighted share (0-100) of the market's top skills that the user has, over its
    latest 12 months (now) and the 12 before (year_ago); change = now - year_ago in points.
    Each is None when its period has no postings. top_skills columns: skill_id, skill,
    category, share_now, share_year_ago, has (the top skills of the latest 12 months)."""

    now: float | None
    year_ago: float | None
    change: float | None
    top_skills: pd.DataFrame
    postings_now: int = 0  # the dated postings of the latest 12 months, which `now` reads
    until: date | None = None  # the end of those 12 months (the market's latest posting)


@dataclass(frozen=True)
class PostingMatch:
    """score: share (0-100) of the posting's skills that the user has (None when the posting
    names no known skill). matched / missing columns: skill_id, skill, category, share (in the
    market's latest 12 months), start, end, text (the first mention in the posting, NA when the
    text does not show it). matched in order of appearance, missing most demanded first."""

    score: float | None
    matched: pd.DataFrame
    missing: pd.DataFrame


def _fit(
    total: int, shares: pd.DataFrame, mine: set[str], top_n: int
) -> tuple[float | None, pd.DataFrame]:
    if not total:
        return None, shares.iloc[0:0]
    ranked = shares.sort_values(["share", "skill_id"], ascending=[False, True], kind="stable")
    # Skills tied with the last of the top_n all count: a name's spelling must not decide.
    cut = ranked["share"].iloc[min(top_n, len(ranked)) - 1] if len(ranked) else 0.0
    top = ranked[ranked["share"] >= cut] if top_n else ranked.head(0)
    weight = top["share"].sum()
    has = top["share"][top["skill_id"].isin(mine)].sum()
    return (round(float(has / weight * 100.0), 1) if weight else None), top


def market_fit(
    con: Connection, f: MarketFilter | None = None, top_n: int = 30, today: date | None = None
) -> MarketFit:
    """MarketFit over ``f`` (default: the target market); the latest 12 months end at the
    market's latest posting (not after ``today``). Fit = sum of the shares of the top ``top_n``
    skills the user has / sum of the shares of all top ``top_n`` skills × 100; skills tied
    with the last of them are top skills too."""
    f = target_market_filter(con) if f is None else f
    mine = set(user_skill_ids(user_skills(con, today)))
    end = market_window(con, f, today)
    if end is None:
        return MarketFit(None, None, None, pd.DataFrame(columns=FIT_COLUMNS))
    start = months_back(end, 12)
    total_now, now = skill_shares(con, f, start, end)
    total_ago, ago = skill_shares(con, f, months_back(end, 24), start)
    fit_now, top = _fit(total_now, now, mine, top_n)
    fit_ago, _ = _fit(total_ago, ago, mine, top_n)
    taxonomy = workspace_taxonomy(con)
    frame = pd.DataFrame({
        "skill_id": top["skill_id"].astype(str),
        "skill": [taxonomy.skills[s].name if s in taxonomy else s for s in top["skill_id"]],
        "category": [taxonomy.skills[s].category if s in taxonomy else None for s in top["skill_id"]],
        "share_now": top["share"].astype("float64"),
        "share_year_ago": top["skill_id"].map(dict(zip(ago["skill_id"], ago["share"], strict=True)))
        .fillna(0.0 if total_ago else float("nan")).astype("float64"),
        "has": top["skill_id"].isin(mine).astype(bool),
    }).reset_index(drop=True)  # fmt: skip
    change = round(fit_now - fit_ago, 1) if fit_now is not None and fit_ago is not None else None
    return MarketFit(fit_now, fit_ago, change, frame, int(total_now), end)


def match_posting(
    con: Connection,
    posting_id: str | None = None,
    text: str | None = None,
    f: MarketFilter | None = None,
    today: date | None = None,
) -> PostingMatch:
    """Match a stored posting (by id: its extracted skills) or pasted ``text`` (extracted now)
    against the user's skills; see PostingMatch. Raises WaypointError for an unknown id or
    when neither (or both) is given."""
    if (posting_id is None) == (text is None):
        raise WaypointError("Nothing to match", "give either a posting id or a job description")
    taxonomy = workspace_taxonomy(con)
    extractor = extractor_for(taxonomy, counts_asked(con))
    employer = None  # pasted text has none: its own employer's name, if there, counts
    if posting_id is not None:
        row = con.execute(
            "SELECT coalesce(description, ''), company FROM postings WHERE posting_id = ?",
            [posting_id],
        ).fetchone()
        if row is None:
            raise WaypointError("No such posting", f"there is no posting with id {posting_id!r}")
        text, employer = row
        skill_ids = [r[0] for r in con.execute(
            "SELECT skill_id FROM posting_skills WHERE posting_id = ? ORDER BY skill_id", [posting_id]
        ).fetchall()]  # fmt: skip
    mentions = extractor.mentions(text or "", employer=employer)
    first: dict[str, tuple[int, int, str]] = {}
    for m in mentions:
        first.setdefault(m.skill_id, (m.start, m.end, m.text))
    if posting_id is None:
        skill_ids = list(first)
    f = target_market_filter(con) if f is None else f
    market = market_skill_stats(con, f, today)
    shares = dict(zip(market["skill_id"], current_share(market), strict=True))
    mine = set(user_skill_ids(user_skills(con, today)))
    rows = []
    for skill_id in skill_ids:
        known = taxonomy.skills.get(skill_id)
        start, end, found = first.get(skill_id, (None, None, None))
        rows.append((skill_id, known.name if known else skill_id, known.category if known else None,
                     float(shares.get(skill_id, 0.0)), start, end, found))  # fmt: skip
    frame = pd.DataFrame(rows, columns=MATCHED_COLUMNS).astype(
        {"share": "float64", "start": "Int64", "end": "Int64"}
    )
    has = frame["skill_id"].isin(mine)
    matched = frame[has].sort_values(["start", "skill"], na_position="last", kind="stable")
    missing = frame[~has].sort_values(["share", "skill"], ascending=[False, True], kind="stable")
    score = round(100.0 * len(matched) / len(frame), 1) if len(frame) else None
    return PostingMatch(score, matched.reset_index(drop=True), missing.reset_index(drop=True))
