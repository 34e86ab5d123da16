"""Trend per skill: the change of its monthly demand share per year, with a 95% interval."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.demand_counts import (
    maths_single_thread,
    month_totals,
    skill_month_counts,
    with_skill_info,
)
from analysis.market_filter import MarketFilter
from analysis.store import Connection

TREND_COLUMNS = [
    "skill_id", "name", "category", "postings", "months", "mean_share",
    "slope", "ci_low", "ci_high", "relative_change", "trend",
]  # fmt: skip

RISING, DECLINING, STABLE, THIN = "rising", "declining", "stable", "not enough data"


def skill_trends(
    con: Connection,
    f: MarketFilter,
    min_postings: int = 30,
    *,
    min_months: int = 6,
    stable_band: float = 0.2,
) -> pd.DataFrame:
    """Trend of every skill mentioned in the filtered, dated postings.

    Columns: skill_id, name, category, postings (dated postings mentioning it), months (months
    with postings in the market), mean_share, slope, ci_low, ci_high (percentage points of
    share per year, 95% interval), relative_change (slope / mean share, per year), trend.
    Sorted by slope, steepest rise first.

    The fit. For month m with n_m postings of which c_m mention the skill, y_m = c_m / n_m.
    Weighted least squares of y_m on t_m (years since the first month) with weights n_m; the
    weighted mean share is p = sum(c) / sum(n). The variance is quasi-binomial:
    Var(slope) = phi * p(1-p) / sum(n_m (t_m - t_mean)^2), where the dispersion
    phi = max(1, Pearson X^2 / (months - 2)) lets month-to-month swings beyond sampling noise
    widen the interval but never narrows it below binomial noise. The interval is
    slope ± t(0.975, months - 2) * se.

    The rule, in order:
    1. "not enough data" when months < `min_months` or postings < `min_postings`;
    2. "rising" when ci_low > 0, "declining" when ci_high < 0;
    3. "stable" when the whole interval lies within ± `stable_band` × mean_share per year
       (by default: the share changes by less than a fifth of itself per year);
    4. otherwise "not enough data" (the interval straddles zero but is too wide to call).
    """
    totals = month_totals(con, f)
    counts = skill_month_counts(con, f)
    if totals.empty or counts.empty:
        return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in TREND_COLUMNS})
    months = totals["month"]
    n = totals["postings"].to_numpy(dtype=float)
    month_index = (months.dt.year * 12 + months.dt.month).to_numpy()
    t = (month_index - month_index.min()) / 12.0
    position = pd.Series(np.arange(len(months)), index=months.to_numpy())

    skills = np.sort(counts["skill_id"].unique())
    row = pd.Series(np.arange(len(skills)), index=skills)
    c = np.zeros((len(skills), len(months)))
    c[row[counts["skill_id"]].to_numpy(), position[counts["month"].to_numpy()].to_numpy()] = counts[
        "postings"
    ].to_numpy()

    with maths_single_thread():
        fit = trend_fit(c, n, t)
    k = len(months)
    postings = c.sum(axis=1).astype("int64")
    mean_share = fit["mean_share"]
    band = stable_band * mean_share
    thin = (k < min_months) | (postings < min_postings) | np.isnan(fit["ci_low"])
    trend = np.select(
        [thin, fit["ci_low"] > 0, fit["ci_high"] < 0,
         (fit["ci_low"] >= -band) & (fit["ci_high"] <= band)],
        [THIN, RISING, DECLINING, STABLE],
        default=THIN,
    )  # fmt: skip
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(mean_share > 0, fit["slope"] / mean_share, np.nan)
    frame = pd.DataFrame(
        {
            "skill_id": skills,
            "postings": postings,
            "months": np.full(len(skills), k, dtype="int64"),
            "mean_share": mean_share,
            "slope": fit["slope"] * 100,
            "ci_low": fit["ci_low"] * 100,
            "ci_high": fit["ci_high"] * 100,
            "relative_change": relative,
            "trend": trend,
        }
    )
    frame = with_skill_info(con, frame)
    return frame.sort_values(["slope", "skill_id"], ascending=[False, True], ignore_index=True)[
        TREND_COLUMNS
    ]


def trend_fit(counts: np.ndarray, totals: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
    """Weighted (by `totals`) least-squares slope of share on `t` for each row of `counts`.

    counts: skills × months mentions; totals: postings per month (all > 0); t: month times in
    years. Returns arrays (shares per year, not percent): mean_share, slope, se, ci_low,
    ci_high. se and the interval are NaN when there are fewer than three months.
    """
    counts = np.atleast_2d(np.asarray(counts, dtype=float))
    n = np.asarray(totals, dtype=float)
    t = np.asarray(t, dtype=float)
    total = n.sum()
    t_mean = (n * t).sum() / total
    dt = t - t_mean
    sxx = (n * dt**2).sum()
    p = counts.sum(axis=1) / total
    slope = (counts @ dt) / sxx if sxx > 0 else np.zeros(len(counts))
    fitted = p[:, None] + slope[:, None] * dt[None, :]
    k = len(n)
    if k < 3 or sxx <= 0:
        nan = np.full(len(counts), np.nan)
        return {"mean_share": p, "slope": slope, "se": nan, "ci_low": nan, "ci_high": nan}
    share = counts / n[None, :]
    binomial = p * (1 - p)
    with np.errstate(divide="ignore", invalid="ignore"):
        pearson = np.where(binomial > 0, (n * (share - fitted) ** 2).sum(axis=1) / binomial, 0.0)
    phi = np.maximum(1.0, pearson / (k - 2))
    se = np.sqrt(phi * binomial / sxx)
    # Student's t quantile: scipy.stats.t.ppf is this function, but scipy.stats takes a second
    # to import (the first page of a fresh dashboard paid it), scipy.special a quarter of that.
    from scipy.special import stdtrit

    half = stdtrit(k - 2, 0.975) * se
    return {
        "mean_share": p,
        "slope": slope,
        "se": se,
        "ci_low": slope - half,
        "ci_high": slope + half,
    }


def _dtype(column: str) -> str:
    if column in ("postings", "months"):
        return "int64"
    if column in ("skill_id", "name", "category", "trend"):
        return "str"
    return "float64"
