"""Skill gaps: skills the target market asks for that the user lacks, ranked by
demand × growth × adjacency to what the user already knows.

- demand: the skill's share of the market's latest 12 months of postings;
- growth: 1 + (rising trend in percentage points per year) / growth_scale, 1 unless the trend is
  called rising (its 95% interval above zero);
- adjacency: how many of the user's skills the postings naming it ask for, against the market
  average (mean number of your skills in its postings / mean number in all postings): its
  co-occurrence lift with each of your skills, averaged with weights by how often that skill
  appears. Above 1: jobs asking for it look like your profile. 1 when you have no skills in
  the market.

The user's skills (any proficiency, mapped or not) are never listed, except those they only want
to learn (`user_skills.learning`): those come first, their reason says so.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from analysis.demand_counts import posting_total
from analysis.market_filter import MarketFilter
from analysis.store import Connection
from analysis.user_skills import (
    between,
    dated_only,
    learning,
    market_skill_stats,
    market_window,
    months_back,
    target_market_filter,
    user_skill_ids,
    user_skills,
)

GAP_COLUMNS = ["rank", "skill_id", "skill", "category", "share", "trend_pts_per_year", "trend",
               "growth", "adjacency", "priority", "co_occurs_with", "reason"]  # fmt: skip


def current_share(market: pd.DataFrame) -> pd.Series:
    """The share of the market's latest 12 months, or of the whole market when undated."""
    return market["recent_share"].fillna(market["share"])


def format_pts(value: float) -> str:
    """6.3 -> "6", 0.42 -> "0.4" (percentage points, for reasons)."""
    return f"{value:.0f}" if abs(value) >= 1 else f"{value:.1f}"


def format_share(share: float) -> str:
    """0.34 -> "34%"; under 1% but not 0 -> "<1%" (0.5% is no "0%" nor quite "1%")."""
    percent = share * 100
    if 0 < percent < 1:
        return "<1%"
    return f"{math.floor(percent + 0.5)}%"


def join_names(names: list[str]) -> str:
    """["SQL"] -> "SQL"; ["SQL", "Tableau"] -> "SQL and Tableau"; three -> "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def cooccurrence(
    con: Connection, f: MarketFilter, user_ids: list[str], candidate_ids: list[str]
) -> pd.DataFrame:
    """Per candidate skill and user skill named together in postings of ``f``. Columns:
    skill_id, user_skill_id, both (postings naming both), lift = both × total / (n_skill × n_user).
    """
    cond, params = f.where("p")
    frame = con.execute(
        f"""
        WITH m AS (SELECT posting_id FROM postings p WHERE {cond}),
        ms AS (SELECT DISTINCT ps.posting_id, ps.skill_id FROM posting_skills ps JOIN m USING (posting_id)),
        counts AS (SELECT skill_id, count(*) AS n FROM ms GROUP BY skill_id),
        c AS (SELECT * FROM ms WHERE list_contains(?::VARCHAR[], skill_id)),
        u AS (SELECT * FROM ms WHERE list_contains(?::VARCHAR[], skill_id))
        SELECT c.skill_id, u.skill_id AS user_skill_id, count(*) AS both,
               any_value(cc.n) * any_value(cu.n) AS product, (SELECT count(*) FROM m) AS total
        FROM c JOIN u ON c.posting_id = u.posting_id AND c.skill_id <> u.skill_id
        JOIN counts cc ON cc.skill_id = c.skill_id JOIN counts cu ON cu.skill_id = u.skill_id
        GROUP BY c.skill_id, u.skill_id
        """,
        [*params, list(candidate_ids), list(user_ids)],
    ).df()
    frame["lift"] = frame["both"] * frame["total"] / frame["product"]
    return frame[["skill_id", "user_skill_id", "both", "lift"]]


def set_adjacency(con: Connection, f: MarketFilter, user_ids: list[str]) -> pd.Series:
    """Adjacency of each market skill to the user's set (index skill_id): the mean number of
    the user's skills in postings naming it / the mean number in all postings of ``f``; equal
    to its lift with each user skill averaged with weights by how often that skill appears.
    1 when none of the user's skills appears in the market."""
    cond, params = f.where("p")
    frame = con.execute(
        f"""
        WITH m AS (SELECT posting_id FROM postings p WHERE {cond}),
        ms AS (SELECT DISTINCT ps.posting_id, ps.skill_id FROM posting_skills ps JOIN m USING (posting_id)),
        k AS (SELECT m.posting_id, count(ms.skill_id) AS k FROM m
              LEFT JOIN ms ON ms.posting_id = m.posting_id AND list_contains(?::VARCHAR[], ms.skill_id)
              GROUP BY m.posting_id)
        SELECT ms.skill_id, avg(k.k) AS k_with, (SELECT avg(k) FROM k) AS k_all
        FROM ms JOIN k USING (posting_id) GROUP BY ms.skill_id
        """,
        [*params, list(user_ids)],
    ).df()
    if frame.empty or not frame["k_all"].iloc[0]:
        return pd.Series(1.0, index=frame["skill_id"], dtype="float64")
    return pd.Series(
        (frame["k_with"] / frame["k_all"]).to_numpy(dtype="float64"), index=frame["skill_id"]
    )


def recent_base(
    con: Connection, f: MarketFilter | None = None, today: date | None = None
) -> tuple[date | None, int, int]:
    """(end of the latest 12 months, postings dated in them, undated postings) of the market
    ``f`` (default: the target market): what the share of gaps and atrophy counts, so that a
    caption can say so (market fit counts the dated ones only, to compare with a year ago)."""
    f = target_market_filter(con) if f is None else f
    end = market_window(con, f, today)
    if end is None:
        return None, 0, posting_total(con, f)
    recent = between(f, months_back(end, 12), end)  # as market_skill_stats counts them
    undated = posting_total(con, f) - posting_total(con, dated_only(f))
    return end, posting_total(con, recent) if recent is not None else 0, undated


def skill_gaps(
    con: Connection,
    f: MarketFilter | None = None,
    n: int = 20,
    today: date | None = None,
    *,
    growth_scale: float = 10.0,
    min_adjacency: float = 0.1,
    max_named: int = 2,
) -> pd.DataFrame:
    """Columns: rank, skill_id, skill, category, share, trend_pts_per_year, trend, growth,
    adjacency, priority, co_occurs_with, reason. The ``n`` skills the user lacks with the highest
    priority = share × growth × adjacency (see the module doc); adjacency is floored at
    ``min_adjacency`` so skills far from yours are still ranked by demand and growth.

    co_occurs_with: up to ``max_named`` of the user's skills that appear with it more often than
    chance (lift > 1), most shared postings first; reason e.g. "in 34% of target postings,
    rising 6 pts/yr, co-occurs with your SQL and Tableau".
    """
    f = target_market_filter(con) if f is None else f
    mine = user_skills(con, today)
    user_ids = user_skill_ids(mine)
    wanted = set(mine["skill_id"][learning(mine)])
    market = market_skill_stats(con, f, today)
    market = market[~market["skill_id"].isin(user_ids)].copy()
    market["share"] = current_share(market)
    market = market[market["share"] > 0]
    if market.empty:
        return pd.DataFrame(columns=GAP_COLUMNS)
    rising = market["trend"].eq("rising")
    market["growth"] = (
        1.0 + market["trend_pts_per_year"].where(rising, 0.0).clip(lower=0) / growth_scale
    )
    adjacency = market["skill_id"].map(set_adjacency(con, f, user_ids)).fillna(1.0)
    market["adjacency"] = adjacency.clip(lower=min_adjacency)
    market["priority"] = market["share"] * market["growth"] * market["adjacency"]
    market["wanted"] = market["skill_id"].isin(wanted)
    market = market.sort_values(["wanted", "priority", "share", "skill"],
                                ascending=[False, False, False, True], kind="stable").head(n)  # fmt: skip

    names = dict(zip(mine["skill_id"], mine["skill"], strict=True))
    pairs = cooccurrence(con, f, user_ids, list(market["skill_id"]))
    pairs = pairs[pairs["lift"] > 1]
    pairs = pairs.assign(name=pairs["user_skill_id"].map(names))
    pairs = pairs.sort_values(
        ["both", "lift", "name"], ascending=[False, False, True], kind="stable"
    )
    named = pairs.groupby("skill_id", sort=False)["name"].agg(lambda s: list(s)[:max_named])

    market["co_occurs_with"] = [named.get(s, []) for s in market["skill_id"]]
    market["reason"] = [
        ("you want to learn it; " if want else "") + gap_reason(share, pts, trend == "rising", with_)
        for want, share, pts, trend, with_ in zip(
            market["wanted"], market["share"], market["trend_pts_per_year"], market["trend"],
            market["co_occurs_with"], strict=True)
    ]  # fmt: skip
    market["co_occurs_with"] = market["co_occurs_with"].map(", ".join)
    market["rank"] = range(1, len(market) + 1)
    return market[GAP_COLUMNS].reset_index(drop=True)


def gap_reason(share: float, pts: float, rising: bool, co_occurs_with: list[str]) -> str:
    """ "in 34% of target postings, rising 6 pts/yr, co-occurs with your SQL and Tableau"."""
    parts = [f"in {format_share(share)} of target postings"]
    if rising and pts > 0:
        parts.append(f"rising {format_pts(pts)} pts/yr")
    if co_occurs_with:
        parts.append(f"co-occurs with your {join_names(co_occurs_with)}")
    return ", ".join(parts)
