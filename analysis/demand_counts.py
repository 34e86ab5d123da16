"""The counts every market query is built from: postings, skill mentions, per month.

Each function answers for a `MarketFilter`, from one of three sources that give the same
numbers (see `analysis.market_tables`, brought up to date after every extraction):

- a filter of whole calendar months and nothing else (the default dashboard view) reads the
  monthly aggregates month_counts / skill_month_counts: a few thousand rows;
- any other filter reads market_postings (the filterable columns of postings, an integer key,
  the month and the salary midpoint) and market_links (integer key, skill_id), a compact copy
  of posting_skills that joins two to three times faster than its text posting ids;
- when those tables do not describe the current data (rows added since, e.g. by a test), it
  reads postings and posting_skills directly.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.market_filter import MarketFilter
from analysis.market_tables import SALARY_MIDPOINT, aggregates_fresh
from analysis.store import Connection

Z95 = 1.959963984540054  # two-sided 95% normal quantile


@dataclass(frozen=True)
class Source:
    """Where posting rows and skill links are read. `key` joins the two."""

    postings: str  # table of postings (filterable columns, posting_id, the key)
    links: str  # table of (key, skill_id)
    key: str  # posting key column in both tables
    month: str  # SQL expression for the month of posting alias `p`
    salary: str  # SQL expression for the salary midpoint of posting alias `p`
    currency: str  # SQL expression for its currency ('' when not given)

    def filtered_keys(self, f: MarketFilter) -> tuple[str, list]:
        """(`SELECT p.<key> FROM <postings> p WHERE ...`, params) for the filter."""
        where, params = f.where("p")
        return f"SELECT p.{self.key} FROM {self.postings} p WHERE {where}", params


DIRECT = Source(
    "postings", "posting_skills", "posting_id", "date_trunc('month', p.date_posted)::DATE",
    SALARY_MIDPOINT.replace("salary_", "p.salary_"), "coalesce(p.salary_currency, '')",
)  # fmt: skip
COMPACT = Source("market_postings", "market_links", "pkey", "p.month", "p.salary", "p.currency")


def source(con: Connection) -> Source:
    """The compact market tables when they are current, else postings / posting_skills."""
    return COMPACT if aggregates_fresh(con) else DIRECT


@contextlib.contextmanager
def temp_tables(con: Connection, count: int) -> Iterator[list[str]]:
    """`count` fresh names for temporary tables, dropped on exit (temporary tables work on
    read-only connections too)."""
    names = [f"_wp_tmp_{uuid.uuid4().hex[:12]}" for _ in range(count)]
    try:
        yield names
    finally:
        for name in names:
            con.execute(f"DROP TABLE IF EXISTS temp.{name}")


@contextlib.contextmanager
def filtered_links(con: Connection, f: MarketFilter) -> Iterator[str]:
    """The name of a temporary table (pid, skill_id) holding the skill mentions of the
    filtered postings (pid: a posting key), dropped on exit. Queries that look at the mentions
    several times read the links once this way. Without a filter it is a view of every link
    instead: copying ten million links costs more than the queries that read them."""
    src = source(con)
    keys, params = src.filtered_keys(f)
    if f.where("p")[0] == "TRUE":
        name = f"_wp_tmp_{uuid.uuid4().hex[:12]}"
        con.execute(
            f"CREATE TEMP VIEW {name} AS SELECT {src.key} AS pid, skill_id FROM {src.links}"
        )
        try:
            yield name
        finally:
            con.execute(f"DROP VIEW IF EXISTS temp.{name}")
        return
    with temp_tables(con, 1) as (name,):
        con.execute(
            f"CREATE TEMP TABLE {name} AS SELECT l.{src.key} AS pid, l.skill_id "
            f"FROM {src.links} l WHERE l.{src.key} IN ({keys})",
            params,
        )
        yield name


@contextlib.contextmanager
def maths_single_thread() -> Iterator[None]:
    """Run numpy / scipy / scikit-learn maths (OpenBLAS, OpenMP) on one thread.

    Measured: after DuckDB has run a query in the process, multi-threaded OpenBLAS slows
    down hundreds of times (a 300 × 300 Cholesky takes 0.4 s instead of 1 ms) as its threads
    compete with DuckDB's, and k-means runs twice as fast on one thread; the work here is
    small or batched enough for one thread.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield


def _use_aggregates(con: Connection, f: MarketFilter) -> bool:
    return f.month_aligned and aggregates_fresh(con)


def _month_bounds(f: MarketFilter) -> tuple[str, list]:
    """Condition on an aggregate's `month` column for the filter's (month-aligned) dates."""
    parts, params = [], []
    if f.date_from is not None:
        parts.append("month >= ?")
        params.append(f.date_from)
    if f.date_to is not None:
        parts.append("month <= date_trunc('month', ?::DATE)")
        params.append(f.date_to)
    return (" AND ".join(parts) if parts else "TRUE"), params


def posting_total(con: Connection, f: MarketFilter) -> int:
    """Number of postings the filter selects."""
    if _use_aggregates(con, f):
        cond, params = _month_bounds(f)
        sql = f"SELECT coalesce(sum(postings), 0) FROM month_counts WHERE {cond}"
    else:
        src = source(con)
        where, params = f.where("p")
        sql = f"SELECT count(*) FROM {src.postings} p WHERE {where}"
    return int(con.execute(sql, params).fetchone()[0])


def skill_counts(con: Connection, f: MarketFilter) -> pd.DataFrame:
    """Postings mentioning each skill. Columns: skill_id, postings (int64); no zero rows."""
    if _use_aggregates(con, f):
        cond, params = _month_bounds(f)
        sql = (
            "SELECT skill_id, sum(postings)::BIGINT AS postings FROM skill_month_counts "
            f"WHERE {cond} GROUP BY skill_id"
        )
    else:
        src = source(con)
        keys, params = src.filtered_keys(f)
        sql = (
            f"SELECT l.skill_id, count(*)::BIGINT AS postings FROM {src.links} l "
            f"WHERE l.{src.key} IN ({keys}) GROUP BY l.skill_id"
        )
    return con.execute(sql, params).df()


def month_totals(con: Connection, f: MarketFilter) -> pd.DataFrame:
    """Dated postings per month, months without postings absent.

    Columns: month (datetime64), postings (int64); sorted by month.
    """
    if _use_aggregates(con, f):
        cond, params = _month_bounds(f)
        sql = (
            "SELECT month, sum(postings)::BIGINT AS postings FROM month_counts "
            f"WHERE month IS NOT NULL AND {cond} GROUP BY month ORDER BY month"
        )
    else:
        src = source(con)
        where, params = f.where("p")
        sql = (
            f"SELECT {src.month} AS month, count(*)::BIGINT AS postings FROM {src.postings} p "
            f"WHERE p.date_posted IS NOT NULL AND {where} GROUP BY 1 ORDER BY 1"
        )
    frame = con.execute(sql, params).df()
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def skill_month_counts(
    con: Connection, f: MarketFilter, skill_ids: list[str] | None = None
) -> pd.DataFrame:
    """Dated postings mentioning each skill per month (no zero rows); all skills when
    `skill_ids` is None. Columns: month (datetime64), skill_id, postings (int64)."""
    only_params: list = []
    if skill_ids is not None:
        if not skill_ids:
            return pd.DataFrame(
                {"month": pd.Series(dtype="datetime64[us]"), "skill_id": pd.Series(dtype="str"),
                 "postings": pd.Series(dtype="int64")}
            )  # fmt: skip
        only_params = list(skill_ids)
    marks = ", ".join("?" for _ in only_params)

    def only(column: str) -> str:
        return f" AND {column} IN ({marks})" if only_params else ""

    if _use_aggregates(con, f):
        cond, params = _month_bounds(f)
        sql = (
            "SELECT month, skill_id, sum(postings)::BIGINT AS postings FROM skill_month_counts "
            f"WHERE month IS NOT NULL AND {cond}{only('skill_id')} GROUP BY month, skill_id"
        )
    else:
        src = source(con)
        where, params = f.where("p")
        sql = (
            f"SELECT {src.month} AS month, l.skill_id, count(*)::BIGINT AS postings "
            f"FROM {src.links} l JOIN {src.postings} p ON p.{src.key} = l.{src.key} "
            f"WHERE p.date_posted IS NOT NULL AND {where}{only('l.skill_id')} GROUP BY 1, 2"
        )
    frame = con.execute(sql, params + only_params).df()
    frame["month"] = pd.to_datetime(frame["month"])
    return frame.sort_values(["month", "skill_id"], ignore_index=True)


def skill_info(con: Connection) -> pd.DataFrame:
    """Columns: skill_id, name, category, for every skill in the active taxonomy."""
    return con.execute("SELECT skill_id, name, category FROM skills").df()


def with_skill_info(con: Connection, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with name and category columns added after skill_id (unknown ids: the id itself
    and "Uncategorised")."""
    info = skill_info(con)
    out = frame.merge(info, on="skill_id", how="left")
    out["name"] = out["name"].fillna(out["skill_id"])
    out["category"] = out["category"].fillna("Uncategorised")
    first = ["skill_id", "name", "category"]
    return out[first + [c for c in frame.columns if c not in first]]


def wilson_interval(successes, trials, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a binomial share (arrays in, arrays out; NaN where trials=0)."""
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
