"""Personal skill analytics: atrophy risk, gaps, the learning plan, market fit and posting match.

The public entry for the "My skills" analyses; gaps, market fit and posting match live in
analysis/gaps.py and analysis/match.py, the user's merged skills and the target market in
analysis/user_skills.py, and are re-exported here.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd

from analysis import settings
from analysis.errors import WaypointError
from analysis.gaps import current_share, format_pts, format_share, skill_gaps
from analysis.market_filter import MarketFilter
from analysis.match import MarketFit, PostingMatch, market_fit, match_posting
from analysis.rounding import half_up
from analysis.store import Connection, get_meta, set_meta
from analysis.user_skills import learning, market_skill_stats, target_market_filter, user_skills

__all__ = [
    "ATROPHY_COLUMNS", "DEFAULT_HALF_LIVES", "DEFAULT_WEIGHTS", "FAST_MOVING", "MarketFit",
    "PostingMatch", "atrophy_risk", "learning_plan", "market_fit", "match_posting", "risk_weights",
    "set_risk_weights", "skill_gaps", "target_market_filter", "user_skills",
]  # fmt: skip

# Fast-moving technology: tools and practices turn over within a few years.
FAST_MOVING = ("Software development", "Data & analytics", "Cloud & infrastructure",
               "AI & machine learning", "Security", "Business software")  # fmt: skip
# Slow-moving: people skills, management and languages keep for a long time.
SLOW_MOVING = ("Soft skills", "Management & leadership", "Languages")

DEFAULT_WEIGHTS: dict[str, float] = {"disuse": 0.45, "market_decline": 0.30, "low_demand": 0.25}
META_WEIGHTS = "atrophy_weights"  # the workspace's own weights, when its user changed them
DEFAULT_HALF_LIVES: dict[str, float] = {
    **dict.fromkeys(FAST_MOVING, 3.0),
    **dict.fromkeys(SLOW_MOVING, 8.0),
    "default": 5.0,  # domain knowledge: finance, healthcare, operations, trades, certifications
}

ATROPHY_COLUMNS = ["skill_id", "skill", "category", "last_used", "last_used_source",
                   "years_since_used", "half_life", "disuse", "share", "trend_pts_per_year",
                   "trend", "market_decline", "low_demand", "risk", "label"]  # fmt: skip
PLAN_COLUMNS = ["step", "kind", "skill_id", "skill", "reason", "builds_on"]


def risk_weights(con: Connection) -> dict[str, float]:
    """The weights of the three risk parts this workspace uses: its own (set_risk_weights), or
    DEFAULT_WEIGHTS."""
    stored = get_meta(con, META_WEIGHTS)
    return {**DEFAULT_WEIGHTS, **json.loads(stored)} if stored else dict(DEFAULT_WEIGHTS)


def set_risk_weights(con: Connection, weights: Mapping[str, float] | None) -> dict[str, float]:
    """Keep `weights` (any of disuse, market_decline, low_demand; the others keep theirs) as
    the workspace's, scaled to sum to 1 and rounded to 3 decimals; None restores the defaults.
    Returns the weights now in use. WaypointError for an unknown part, a negative or non-finite
    weight, or weights that are all zero."""
    if weights is None:
        con.execute("DELETE FROM workspace_meta WHERE key = ?", [META_WEIGHTS])
        return dict(DEFAULT_WEIGHTS)
    unknown = sorted(set(weights) - set(DEFAULT_WEIGHTS))
    if unknown:
        raise WaypointError(
            "Unknown risk part", f"{', '.join(unknown)}; the parts are {', '.join(DEFAULT_WEIGHTS)}"
        )
    merged = {**risk_weights(con), **{k: float(v) for k, v in weights.items()}}
    bad = [f"{k}={v:g}" for k, v in merged.items() if not math.isfinite(v) or v < 0]
    if bad:
        raise WaypointError("Bad risk weight", f"{', '.join(bad)}: a weight is 0 or more")
    total = sum(merged.values())
    if total <= 0:
        raise WaypointError("Bad risk weights", "at least one weight must be above 0")
    scaled = {k: round(v / total, 3) for k, v in merged.items()}
    set_meta(con, META_WEIGHTS, json.dumps(scaled))
    return scaled


def atrophy_risk(
    con: Connection,
    f: MarketFilter | None = None,
    weights: Mapping[str, float] | None = None,
    half_lives: Mapping[str, float] = DEFAULT_HALF_LIVES,
    today: date | None = None,
    *,
    thresholds: tuple[float, float] = (35.0, 60.0),
    full_demand_share: float = 0.20,
    full_decline: float = 0.5,
) -> pd.DataFrame:
    """Columns: skill_id, skill, category, last_used, last_used_source, years_since_used,
    half_life, disuse, share, trend_pts_per_year, trend, market_decline, low_demand, risk, label.
    One row per user skill, highest risk first.

    risk (0-100) = 100 × the weighted sum of three parts, each 0-1 (the workspace's weights,
    see risk_weights: by default disuse 0.45, market_decline 0.30, low_demand 0.25;
    ``weights`` overrides any of them):

    - disuse = 1 - 0.5 ** (years since last used / half-life). Half-lives in years by category
      (``half_lives`` overrides any; "default" for categories not listed): 3 for fast-moving
      technology (software, data & analytics, cloud, AI, security, business software), 8 for
      soft skills, management and languages, 5 for other domain knowledge.
    - market_decline = min(1, yearly relative decline / ``full_decline``), where the yearly
      relative decline is -trend / the skill's mean share (analysis.demand_trends'
      relative_change); only for a trend called declining (95% interval below zero, enough
      data), else 0. Losing half its share a year = 1.
    - low_demand = 1 - min(1, share / ``full_demand_share``): share of the market's latest 12
      months; 1 when absent, 0 at 20% of postings or more.

    A part that cannot be known (no last-used date; a skill the taxonomy does not know; no
    postings) is NaN and left out, the other weights rescaled; with no part known, risk is NaN
    and label "unknown". Labels: healthy below ``thresholds[0]``, at risk above
    ``thresholds[1]``, watch in between. Parts are rounded to 3 decimals, risk to 1.
    """
    today = today or settings.today()
    f = target_market_filter(con) if f is None else f
    weights = {**risk_weights(con), **(weights or {})}
    half_lives = {**DEFAULT_HALF_LIVES, **half_lives}
    mine = user_skills(con, today)
    mine = mine[~learning(mine)]  # a skill not used yet cannot fade
    if mine.empty:
        return pd.DataFrame(columns=ATROPHY_COLUMNS)
    market = market_skill_stats(con, f, today).set_index("skill_id")
    has_market = _has_postings(con, f)
    out = mine[["skill_id", "skill", "category", "last_used", "last_used_source"]].copy()

    days = [(today - d).days if d is not None else np.nan for d in out["last_used"]]
    out["years_since_used"] = np.maximum(np.asarray(days, dtype="float64") / 365.25, 0.0)
    default = float(half_lives["default"])
    out["half_life"] = [float(half_lives.get(c, default)) if isinstance(c, str) else default
                        for c in out["category"]]  # fmt: skip
    out["disuse"] = 1.0 - 0.5 ** (out["years_since_used"] / out["half_life"])

    known = out["skill_id"].notna() & has_market
    stats = market.reindex(out["skill_id"].where(known))
    share = current_share(stats).fillna(0.0).to_numpy()
    slope = stats["trend_pts_per_year"].to_numpy(dtype="float64")
    declining = stats["trend"].eq("declining").to_numpy()
    relative = np.where(declining, -stats["relative_change"].fillna(0.0).to_numpy(), 0.0)
    out["share"] = np.where(known, share, np.nan)
    out["trend_pts_per_year"] = np.where(known, slope, np.nan)
    out["trend"] = pd.Series(stats["trend"].fillna("absent").to_numpy(), index=out.index,
                             dtype="str").where(known)  # fmt: skip
    out["market_decline"] = np.where(known, np.clip(relative / full_decline, 0.0, 1.0), np.nan)
    out["low_demand"] = np.where(known, 1.0 - np.minimum(share / full_demand_share, 1.0), np.nan)

    parts = out[list(DEFAULT_WEIGHTS)].round(3)
    out[list(DEFAULT_WEIGHTS)] = parts
    w = np.array([weights[k] for k in DEFAULT_WEIGHTS], dtype="float64")
    present = parts.notna().to_numpy()
    total_weight = (present * w).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        risk = (parts.fillna(0.0).to_numpy() * w).sum(axis=1) / total_weight * 100.0
    out["risk"] = np.where(total_weight > 0, risk, np.nan).round(1)
    low, high = thresholds
    out["label"] = np.select(
        [out["risk"].isna(), out["risk"] < low, out["risk"] > high],
        ["unknown", "healthy", "at risk"], "watch",
    )  # fmt: skip
    out["years_since_used"] = out["years_since_used"].round(2)
    out = out.sort_values(
        ["risk", "skill"], ascending=[False, True], na_position="last", kind="stable"
    )
    return out[ATROPHY_COLUMNS].reset_index(drop=True)


def _has_postings(con: Connection, f: MarketFilter) -> bool:
    cond, params = f.where("p")
    return bool(con.execute(f"SELECT count(*) FROM postings p WHERE {cond}", params).fetchone()[0])


def learning_plan(
    con: Connection,
    f: MarketFilter | None = None,
    n: int = 5,
    today: date | None = None,
    *,
    min_refresh_share: float = 0.05,
) -> pd.DataFrame:
    """Columns: step, kind, skill_id, skill, reason, builds_on. Ordered steps: the top gaps
    ("learn", builds_on = your skills it co-occurs with), then your skills going stale that the
    market still asks for ("refresh": labelled at risk or watch, disuse at least 0.5, share of
    at least ``min_refresh_share``, not declining; most demanded first; builds_on = where you
    last used it). At most ``n`` steps, of which up to n // 2 refreshes (more when gaps run
    out). Skills the user has are never suggested to learn.
    """
    today = today or settings.today()
    f = target_market_filter(con) if f is None else f
    gaps = skill_gaps(con, f, n=n, today=today)
    risk = atrophy_risk(con, f, today=today)
    refresh = risk[
        risk["label"].isin(["at risk", "watch"])
        & (risk["disuse"] >= 0.5)
        & (risk["share"] >= min_refresh_share)
        & risk["trend"].ne("declining")
    ].sort_values(["share", "skill"], ascending=[False, True], kind="stable")
    n_refresh = min(len(refresh), max(n // 2, n - len(gaps)))
    learn = gaps.head(n - n_refresh)
    rows = [("learn", g.skill_id, g.skill, g.reason, g.co_occurs_with) for g in learn.itertuples()]
    for r in refresh.head(n_refresh).itertuples():
        used = f"last used {r.last_used.year}" if r.last_used is not None else "no date of use"
        reason = f"{used}, still in {format_share(r.share)} of target postings"
        if r.trend == "rising":
            reason += f", rising {format_pts(r.trend_pts_per_year)} pts/yr"
        reason += f"; risk {int(half_up(r.risk))} ({r.label})"
        rows.append(("refresh", r.skill_id, r.skill, reason, r.last_used_source))
    plan = pd.DataFrame(rows, columns=PLAN_COLUMNS[1:])
    plan.insert(0, "step", range(1, len(plan) + 1))
    return plan
