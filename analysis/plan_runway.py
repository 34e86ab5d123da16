"""Runway and income: how long the user can live without the job, and how many income streams
they have. Re-exported by analysis.plan.

Runway is liquid savings (plus severance) divided by the monthly gap between essential expenses
and the income that continues without the job, in months; unemployment benefits shrink the gap
for their first months. Retirement savings are shown apart and never counted as runway.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

import pandas as pd

from analysis.errors import WaypointError
from analysis.plan_goals import check_value, require_row
from analysis.store import Connection, transaction

FINANCE_KEYS = (
    "liquid_savings",
    "retirement_savings",
    "monthly_expenses",
    "monthly_essential_expenses",
    "severance",
    "unemployment_benefit_monthly",
    "unemployment_benefit_months",
)
SCENARIO_MONTHS = (3, 6, 9, 12)


# --------------------------------------------------------------------------- runway


@dataclass(frozen=True)
class RunwayInputs:
    """What runway is computed from. ``monthly_essential_expenses`` None means "not entered".

    ``retirement_savings`` is carried only to show whether a scenario would touch it.
    """

    liquid_savings: float = 0.0
    monthly_essential_expenses: float | None = None
    continuing_income: float = 0.0
    severance: float = 0.0
    unemployment_benefit_monthly: float = 0.0
    unemployment_benefit_months: float = 0.0
    retirement_savings: float = 0.0


@dataclass(frozen=True)
class RunwayResult:
    """months: float, math.inf (income covers expenses) or None (no expenses entered).

    monthly_gap = essential expenses - continuing income (before benefits); scenarios columns:
    search_months, savings_needed, savings_left, retirement_touched, shortfall; path columns:
    month, liquid_savings, retirement_savings (liquid savings used first, then retirement).
    status: healthy / watch / at risk, or None when runway cannot be computed.
    """

    months: float | None
    monthly_gap: float | None
    verdict: str
    scenarios: pd.DataFrame
    status: str | None = None
    inputs: RunwayInputs = RunwayInputs()
    path: pd.DataFrame | None = None


SCENARIO_COLUMNS = ["search_months", "savings_needed", "savings_left", "retirement_touched",
                    "shortfall"]  # fmt: skip


def runway_inputs_from_store(con: Connection) -> RunwayInputs:
    """Read finances and income_streams. Essential expenses fall back to monthly_expenses."""
    values = dict(con.execute("SELECT key, value FROM finances WHERE value IS NOT NULL").fetchall())
    expenses = values.get("monthly_essential_expenses", values.get("monthly_expenses"))
    income = con.execute(
        "SELECT coalesce(sum(monthly_amount), 0) FROM income_streams WHERE continues_without_job"
    ).fetchone()[0]
    return RunwayInputs(
        liquid_savings=float(values.get("liquid_savings", 0.0)),
        monthly_essential_expenses=None if expenses is None else float(expenses),
        continuing_income=float(income),
        severance=float(values.get("severance", 0.0)),
        unemployment_benefit_monthly=float(values.get("unemployment_benefit_monthly", 0.0)),
        unemployment_benefit_months=float(values.get("unemployment_benefit_months", 0.0)),
        retirement_savings=float(values.get("retirement_savings", 0.0)),
    )


def runway_from_store(con: Connection, **overrides) -> RunwayResult:
    """Runway for the workspace's finances; keyword overrides change inputs (what-ifs)."""
    return runway(replace(runway_inputs_from_store(con), **overrides))


def runway(
    source: Connection | RunwayInputs,
    scenarios: Iterable[int] = SCENARIO_MONTHS,
    healthy_months: float = 6.0,
    watch_months: float = 3.0,
    horizon: int = 12,
    **overrides,
) -> RunwayResult:
    """Months the user can live on liquid savings + severance without the job.

    Month by month the drawdown is max(gap - benefit, 0) while unemployment benefit lasts and
    the gap afterwards (surplus months are not banked). Status: healthy at ``healthy_months`` or
    more, watch from ``watch_months``, else at risk. ``horizon`` is the length of ``path``.
    """
    inputs = source if isinstance(source, RunwayInputs) else runway_inputs_from_store(source)
    inputs = replace(inputs, **overrides) if overrides else inputs
    months_list = list(scenarios)
    expenses = inputs.monthly_essential_expenses
    if expenses is None:
        empty = pd.DataFrame(
            {
                c: pd.Series(dtype=t)
                for c, t in zip(
                    SCENARIO_COLUMNS,
                    ["int64", "float64", "float64", "bool", "float64"],
                    strict=True,
                )
            }
        )
        return RunwayResult(None, None, "enter your monthly expenses to see your runway", empty,
                            None, inputs, None)  # fmt: skip
    gap = float(expenses) - inputs.continuing_income
    pot = inputs.liquid_savings + inputs.severance
    benefit = inputs.unemployment_benefit_monthly
    benefit_months = inputs.unemployment_benefit_months if benefit > 0 else 0.0
    reduced = max(gap - benefit, 0.0)

    if gap <= 0:
        months = math.inf
    elif reduced == 0:
        months = benefit_months + pot / gap
    elif pot <= reduced * benefit_months:
        months = pot / reduced
    else:
        months = benefit_months + (pot - reduced * benefit_months) / gap

    def drawdown(n: float) -> float:
        return reduced * min(n, benefit_months) + max(gap, 0.0) * max(n - benefit_months, 0.0)

    table = pd.DataFrame({"search_months": pd.Series(months_list, dtype="int64")})
    needed = table["search_months"].map(drawdown).astype(float)
    table["savings_needed"] = needed
    table["savings_left"] = (pot - needed).clip(lower=0.0)
    table["retirement_touched"] = needed > pot
    table["shortfall"] = (needed - pot).clip(lower=0.0)

    steps = pd.Series(range(horizon + 1), dtype="int64")
    spent = steps.map(drawdown).astype(float)
    path = pd.DataFrame({
        "month": steps,
        "liquid_savings": (pot - spent).clip(lower=0.0),
        # Empty, not negative, once the search has used it all up too (scenarios' shortfall
        # says by how much).
        "retirement_savings": (
            inputs.retirement_savings - (spent - pot).clip(lower=0.0)
        ).clip(lower=0.0),
    })  # fmt: skip
    status, verdict = _runway_verdict(months, gap, pot, healthy_months, watch_months)
    return RunwayResult(months, gap, verdict, table, status, inputs, path)


def _runway_verdict(
    months: float, gap: float, pot: float, healthy: float, watch: float
) -> tuple[str, str]:
    if math.isinf(months):
        return "healthy", (
            "unlimited: income that continues without the job covers your essential expenses"
        )
    status = "healthy" if months >= healthy else "watch" if months >= watch else "at risk"
    if months == 0:
        return status, (
            f"no runway: no savings to cover a monthly gap of {gap:,.0f} "
            "without touching retirement savings"
        )
    return status, f"{months:.1f} months of runway without touching retirement savings"


# --------------------------------------------------------------------------- income


@dataclass(frozen=True)
class Diversification:
    """streams: number of income streams with a positive amount; largest_share 0-1 (None when
    there is no income); status healthy / watch / at risk (None with no streams); table columns:
    stream_id, name, kind, monthly_amount, share, continues_without_job."""

    streams: int
    largest_share: float | None
    verdict: str
    status: str | None = None
    table: pd.DataFrame | None = None


def income_diversification(con: Connection, concentrated_share: float = 0.9) -> Diversification:
    """Count income streams against the goal of more than one; ``watch`` when one of several
    streams still brings ``concentrated_share`` or more of the income."""
    table = con.execute(
        "SELECT stream_id, name, kind, monthly_amount, continues_without_job "
        "FROM income_streams WHERE monthly_amount > 0 ORDER BY monthly_amount DESC, stream_id"
    ).df()
    total = float(table["monthly_amount"].sum())
    table.insert(4, "share", table["monthly_amount"] / total if total else pd.Series(dtype=float))
    table = table.astype({"stream_id": "int64", "share": "float64"})
    count = len(table)
    if count == 0:
        return Diversification(0, None, "no income streams entered yet", None, table)
    largest = float(table["share"].iloc[0])
    top = table["name"].iloc[0]
    if count == 1:
        return Diversification(
            1, 1.0, f"one stream: all income comes from {top}; the goal is more than one",
            "at risk", table)  # fmt: skip
    status = "watch" if largest >= concentrated_share else "healthy"
    verdict = f"{count} streams; the largest ({top}) brings {largest:.0%} of income"
    if status == "watch":
        verdict += "; goal met in number, but one stream still dominates"
    else:
        verdict += "; goal of more than one stream met"
    return Diversification(count, largest, verdict, status, table)


def save_finances(con: Connection, **values: float | None) -> None:
    """Set finance values by key (see FINANCE_KEYS); None removes a value."""
    for key, value in values.items():
        check_value(key, FINANCE_KEYS, "finance field")
        if value is not None and (not isinstance(value, int | float) or value < 0):
            raise WaypointError("Invalid amount", f"{key} must be a number of 0 or more")
    now = datetime.now()
    with transaction(con):
        for key, value in values.items():
            if value is None:
                con.execute("DELETE FROM finances WHERE key = ?", [key])
            else:
                con.execute(
                    "INSERT INTO finances VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE "
                    "SET value = excluded.value, updated_at = excluded.updated_at",
                    [key, float(value), now],
                )


def save_income_stream(
    con: Connection,
    name: str,
    monthly_amount: float,
    kind: str | None = None,
    continues_without_job: bool = False,
    stream_id: int | None = None,
) -> int:
    """Insert an income stream (or update ``stream_id``) and return its id."""
    if not name or not name.strip():
        raise WaypointError("An income stream needs a name", "the name is empty")
    if not isinstance(monthly_amount, int | float) or monthly_amount < 0:
        raise WaypointError("Invalid amount", "monthly_amount must be a number of 0 or more")
    with transaction(con):
        if stream_id is None:
            stream_id = con.execute("SELECT nextval('income_stream_id_seq')").fetchone()[0]
            con.execute(
                "INSERT INTO income_streams VALUES (?, ?, ?, ?, ?)",
                [stream_id, name.strip(), kind, float(monthly_amount), continues_without_job],
            )
        else:
            require_row(con, "income_streams", "stream_id", stream_id, "income stream")
            con.execute(
                "UPDATE income_streams SET name = ?, kind = ?, monthly_amount = ?, "
                "continues_without_job = ? WHERE stream_id = ?",
                [name.strip(), kind, float(monthly_amount), continues_without_job, stream_id],
            )
    return int(stream_id)


def delete_income_stream(con: Connection, stream_id: int) -> None:
    with transaction(con):
        require_row(con, "income_streams", "stream_id", stream_id, "income stream")
        con.execute("DELETE FROM income_streams WHERE stream_id = ?", [stream_id])
