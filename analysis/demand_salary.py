"""Salary premium per skill: what a skill adds to the advertised salary, other skills held equal.

Choices, so the numbers can be read correctly:

- Salary: the midpoint of the posting's annualised salary_min / salary_max (either one when
  only one is given), in the currency most postings in the filter use (others are left out:
  no exchange rates are guessed). Raw currency units rather than logs, so a premium reads
  directly as "about 9,000 a year more".
- Outliers: salaries beyond Tukey's far-out fences on the log scale (3 interquartile ranges
  below the lower or above the upper quartile of log salary; the range taken as at least
  ln 1.5) are left out. In raw units one "$10,000,000" (a funding round read as pay) would set
  the premium of every skill its posting names. Of the 1,938 salaried USD postings of the
  real Glassdoor, JobSpy and HN exports, 7 lie outside $23,000-$880,000: six from $4,800 to
  $18,000 a year and one at $10,000,000.
- Model: ridge regression of salary on one 0/1 indicator per skill plus an unpenalised
  intercept, with penalty `alpha` (default 1), which keeps correlated skills (AWS and
  Kubernetes) from trading wild coefficients. A skill's premium is shrunk by about
  m / (m + alpha), m = postings * share not mentioning it (about its postings when it is
  rare): 5% for a skill in 20 postings, under 1% from 100. Only skills mentioned by at least
  `min_postings` salaried postings enter (the `max_skills` most frequent of them); the others
  are absent from the result.
- Interval: 90% percentile interval of a multiplier (wild) bootstrap of the ridge estimating
  equations: replicate b is beta + A^-1 Xc' (g_b * e) with A = Xc'Xc + alpha I, e the
  residuals and g_b independent standard normal multipliers. For a linear estimator this is
  the postings-resampling bootstrap to first order and is robust to unequal variances, while
  costing one matrix factorisation instead of one refit per replicate. Its replicates are
  normal with the sandwich (heteroskedasticity-robust) covariance A^-1 Xc' diag(e²) Xc A^-1,
  so above `max_boot_postings` salaried postings (the bootstrap's cost grows with them) the
  interval is that limit, computed exactly: premium ± 1.645 standard errors.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.linalg as la
import scipy.sparse as sp

from analysis.demand_counts import maths_single_thread, source, temp_tables, with_skill_info
from analysis.market_filter import MarketFilter
from analysis.store import Connection

PREMIUM_COLUMNS = ["skill_id", "name", "category", "postings", "premium", "low", "high", "currency"]
_BOOT_CHUNK = 25
Z90 = 1.6448536269514722  # two-sided 90% normal quantile
FENCE_IQRS = 3.0  # Tukey's far-out fences
MIN_LOG_IQR = float(np.log(1.5))  # the IQR used is at least this: near-equal salaries keep
# everything within 1.5³ (3.4 times) of their quartiles


def salary_premium(
    con: Connection,
    f: MarketFilter,
    min_postings: int = 20,
    n_boot: int = 200,
    seed: int = 0,
    *,
    alpha: float = 1.0,
    max_skills: int = 300,
    max_boot_postings: int = 50_000,
) -> pd.DataFrame:
    """Premium per skill in annual salary units (see the module docstring for the model).

    Columns: skill_id, name, category, postings (salaried postings mentioning it), premium,
    low, high (90% bootstrap interval), currency ("" when the postings name none). Sorted by
    premium, highest first. Empty when no skill has `min_postings` salaried postings.
    """
    with temp_tables(con, 2) as (salaried, links):
        currency = _salaried(con, f, salaried)
        n = int(con.execute(f"SELECT count(*) FROM {salaried}").fetchone()[0])
        if n < 2:
            return _empty()
        y = con.execute(f"SELECT salary FROM {salaried} ORDER BY r").fetchnumpy()["salary"]
        src = source(con)
        con.execute(
            f"CREATE TEMP TABLE {links} AS SELECT s.r, l.skill_id FROM {src.links} l "
            f"JOIN {salaried} s ON s.pid = l.{src.key}"
        )
        per_skill = con.execute(
            f"SELECT skill_id, count(*)::BIGINT AS postings FROM {links} GROUP BY skill_id "
            "HAVING count(*) >= ? ORDER BY postings DESC, skill_id LIMIT ?",
            [int(min_postings), int(max_skills)],
        ).df()
        if per_skill.empty:
            return _empty()
        per_skill = per_skill.sort_values("skill_id", ignore_index=True)
        columns = pd.DataFrame({"skill_id": per_skill["skill_id"], "c": np.arange(len(per_skill))})
        con.register("_wp_columns", columns)
        try:
            cells = con.execute(
                f"SELECT l.r, m.c FROM {links} l JOIN _wp_columns m USING (skill_id)"
            ).fetchnumpy()
        finally:
            con.unregister("_wp_columns")
    x = sp.csr_matrix(
        (np.ones(len(cells["r"])), (cells["r"], cells["c"])), shape=(n, len(per_skill))
    )
    y = np.asarray(y, dtype=float)
    with maths_single_thread():
        if n > max_boot_postings:
            beta, se = ridge_with_sandwich(x, y, alpha=alpha)
            low, high = beta - Z90 * se, beta + Z90 * se
        else:
            beta, boot = ridge_with_bootstrap(x, y, alpha=alpha, n_boot=n_boot, seed=seed)
            low, high = (
                np.percentile(boot, [5, 95], axis=0)
                if n_boot
                else (np.full(len(beta), np.nan),) * 2
            )
    frame = pd.DataFrame(
        {
            "skill_id": per_skill["skill_id"],
            "postings": per_skill["postings"].astype("int64"),
            "premium": beta,
            "low": low,
            "high": high,
            "currency": currency,
        }
    )
    frame = with_skill_info(con, frame)
    return frame.sort_values(["premium", "skill_id"], ascending=[False, True], ignore_index=True)[
        PREMIUM_COLUMNS
    ]


def ridge_with_bootstrap(
    x: sp.spmatrix, y: np.ndarray, *, alpha: float = 1.0, n_boot: int = 200, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Ridge coefficients (intercept unpenalised) and n_boot multiplier-bootstrap replicates.

    Returns (beta of shape (p,), replicates of shape (n_boot, p)). Deterministic for a seed.
    """
    x = sp.csr_matrix(x, dtype=float)
    n, p = x.shape
    x_mean = np.asarray(x.mean(axis=0)).ravel()
    y_mean = y.mean()
    gram = (x.T @ x).toarray() - n * np.outer(x_mean, x_mean)  # Xc'Xc
    factor = la.cho_factor(gram + alpha * np.eye(p))
    beta = la.cho_solve(factor, x.T @ (y - y_mean))
    residuals = y - y_mean - (x @ beta - x_mean @ beta)
    rng = np.random.default_rng(seed)
    reps = []
    for start in range(0, n_boot, _BOOT_CHUNK):
        size = min(_BOOT_CHUNK, n_boot - start)
        weighted = rng.standard_normal((size, n)) * residuals  # g_b * e
        score = (x.T @ weighted.T) - np.outer(x_mean, weighted.sum(axis=1))  # Xc' (g_b * e)
        reps.append(beta + la.cho_solve(factor, score).T)
    boot = np.vstack(reps) if reps else np.empty((0, p))
    return beta, boot


def ridge_with_sandwich(
    x: sp.spmatrix, y: np.ndarray, *, alpha: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Ridge coefficients (intercept unpenalised) and their sandwich standard errors: the
    standard deviations that ridge_with_bootstrap's replicates converge to. Returns (beta, se),
    both of shape (p,)."""
    x = sp.csr_matrix(x, dtype=float)
    n, p = x.shape
    x_mean = np.asarray(x.mean(axis=0)).ravel()
    y_mean = y.mean()
    gram = (x.T @ x).toarray() - n * np.outer(x_mean, x_mean)
    factor = la.cho_factor(gram + alpha * np.eye(p))
    beta = la.cho_solve(factor, x.T @ (y - y_mean))
    e2 = (y - y_mean - (x @ beta - x_mean @ beta)) ** 2
    xe = x.T @ e2  # X' e², for centring X' diag(e²) X
    meat = (
        (x.T @ x.multiply(e2[:, None])).toarray()
        - np.outer(x_mean, xe)
        - np.outer(xe, x_mean)
        + e2.sum() * np.outer(x_mean, x_mean)
    )  # Xc' diag(e²) Xc
    half = la.cho_solve(factor, meat)  # A^-1 M
    covariance = la.cho_solve(factor, half.T)  # A^-1 M A^-1 (M and A symmetric)
    return beta, np.sqrt(np.clip(np.diag(covariance), 0, None))


def _salaried(con: Connection, f: MarketFilter, table: str) -> str:
    """Create `table` (r, pid, salary): the filtered postings with a salary in the most common
    currency, outliers left out, r = 0.. in posting_id order, pid their key. Returns that
    currency."""
    src = source(con)
    where, params = f.where("p")
    con.execute(
        f"CREATE TEMP TABLE {table} AS SELECT * FROM (SELECT p.{src.key} AS pid, p.posting_id, "
        f"{src.currency} AS currency, {src.salary} AS salary FROM {src.postings} p "
        f"WHERE {where}) WHERE salary > 0",
        params,
    )
    row = con.execute(
        f"SELECT currency FROM {table} GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1"
    ).fetchone()
    currency = row[0] if row else ""
    # Far-out salaries, by Tukey's fences on the log scale (see the module docstring).
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS WITH q AS (SELECT "
        "quantile_cont(ln(salary), 0.25) AS q1, quantile_cont(ln(salary), 0.75) AS q3 "
        f"FROM {table} WHERE currency = ?), fence AS (SELECT q1 - ? * greatest(q3 - q1, ?) "
        "AS low, q3 + ? * greatest(q3 - q1, ?) AS high FROM q) SELECT "
        "(row_number() OVER (ORDER BY posting_id) - 1)::BIGINT AS r, pid, salary "
        f"FROM {table}, fence WHERE currency = ? AND ln(salary) BETWEEN low AND high",
        [currency, FENCE_IQRS, MIN_LOG_IQR, FENCE_IQRS, MIN_LOG_IQR, currency],
    )
    return currency


def _empty() -> pd.DataFrame:
    dtypes = {"postings": "int64", "premium": "float64", "low": "float64", "high": "float64"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "str")) for c in PREMIUM_COLUMNS})
