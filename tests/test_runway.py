"""Runway (every edge case, with exact months and scenarios) and income diversification."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import plan, store
from analysis.errors import WaypointError
from analysis.plan import RunwayInputs, runway

SCENARIO_COLUMNS = ["search_months", "savings_needed", "savings_left", "retirement_touched",
                    "shortfall"]  # fmt: skip


def scenarios(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=SCENARIO_COLUMNS)
    return frame.astype({"search_months": "int64", "savings_needed": "float64",
                         "savings_left": "float64", "retirement_touched": "bool",
                         "shortfall": "float64"})  # fmt: skip


@pytest.fixture
def con():
    connection = store.connect(":memory:")
    yield connection
    connection.close()


def test_normal_case_with_exact_months():
    result = runway(RunwayInputs(liquid_savings=30_000, monthly_essential_expenses=4_000,
                                 continuing_income=1_000, severance=6_000,
                                 retirement_savings=400_000))  # fmt: skip
    assert (result.months, result.monthly_gap, result.status) == (12.0, 3000.0, "healthy")
    assert result.verdict == "12.0 months of runway without touching retirement savings"
    expected = scenarios(
        (3, 9000.0, 27000.0, False, 0.0),
        (6, 18000.0, 18000.0, False, 0.0),
        (9, 27000.0, 9000.0, False, 0.0),
        (12, 36000.0, 0.0, False, 0.0),
    )
    pd.testing.assert_frame_equal(result.scenarios, expected)
    assert result.path["retirement_savings"].eq(400_000).all()  # never counted, never touched


def test_unemployment_benefit_shrinks_the_gap_for_its_months():
    result = runway(RunwayInputs(liquid_savings=30_000, monthly_essential_expenses=4_000,
                                 continuing_income=1_000, severance=6_000,
                                 unemployment_benefit_monthly=1_500,
                                 unemployment_benefit_months=6))  # fmt: skip
    # six months at 1,500 (9,000), then 27,000 / 3,000 = 9 more months
    assert result.months == 15.0
    assert result.scenarios["savings_needed"].tolist() == [4500.0, 9000.0, 18000.0, 27000.0]


def test_benefit_covering_the_whole_gap():
    result = runway(RunwayInputs(liquid_savings=0, monthly_essential_expenses=2_000,
                                 unemployment_benefit_monthly=2_500,
                                 unemployment_benefit_months=4))  # fmt: skip
    assert (result.months, result.status) == (4.0, "watch")


def test_retirement_touched_in_longer_searches():
    result = runway(RunwayInputs(liquid_savings=5_000, monthly_essential_expenses=3_000,
                                 retirement_savings=100_000))  # fmt: skip
    assert math.isclose(result.months, 5 / 3)
    assert (result.verdict, result.status) == (
        "1.7 months of runway without touching retirement savings",
        "at risk",
    )
    expected = scenarios(
        (3, 9000.0, 0.0, True, 4000.0),
        (6, 18000.0, 0.0, True, 13000.0),
        (9, 27000.0, 0.0, True, 22000.0),
        (12, 36000.0, 0.0, True, 31000.0),
    )
    pd.testing.assert_frame_equal(result.scenarios, expected)
    path = result.path.set_index("month")
    assert path.loc[1].tolist() == [2000.0, 100000.0]
    assert path.loc[2].tolist() == [0.0, 99000.0]
    assert path.loc[12].tolist() == [0.0, 69000.0]


def test_no_expenses_entered():
    result = runway(RunwayInputs(liquid_savings=50_000))
    assert (result.months, result.monthly_gap, result.status) == (None, None, None)
    assert result.verdict == "enter your monthly expenses to see your runway"
    assert result.scenarios.empty and list(result.scenarios.columns) == SCENARIO_COLUMNS
    assert result.path is None


def test_income_above_expenses_means_unlimited_runway():
    result = runway(RunwayInputs(liquid_savings=0, monthly_essential_expenses=2_000,
                                 continuing_income=2_500))  # fmt: skip
    assert result.months == math.inf and result.monthly_gap == -500.0
    assert result.verdict == (
        "unlimited: income that continues without the job covers your essential expenses"
    )
    assert result.scenarios["savings_needed"].tolist() == [0.0] * 4
    assert not result.scenarios["retirement_touched"].any()


def test_no_savings():
    result = runway(RunwayInputs(monthly_essential_expenses=2_000, retirement_savings=1_000_000))
    assert (result.months, result.status) == (0.0, "at risk")
    assert result.verdict == (
        "no runway: no savings to cover a monthly gap of 2,000 without touching retirement savings"
    )
    assert result.scenarios["shortfall"].tolist() == [6000.0, 12000.0, 18000.0, 24000.0]


def test_no_finances_at_all(con):
    result = plan.runway_from_store(con)
    assert result.months is None and result.verdict.startswith("enter your monthly expenses")


def test_runway_from_the_store(con):
    plan.save_finances(con, liquid_savings=20_000, monthly_expenses=3_500,
                       retirement_savings=250_000)  # fmt: skip
    plan.save_income_stream(con, "Salary", 6_000, "salary")
    plan.save_income_stream(con, "Rental", 500, "rental", continues_without_job=True)
    result = plan.runway_from_store(con)  # essential expenses fall back to monthly expenses
    assert (result.months, result.monthly_gap) == (20_000 / 3_000, 3000.0)
    plan.save_finances(con, monthly_essential_expenses=2_500)
    assert plan.runway_from_store(con).months == 10.0
    assert plan.runway_from_store(con, severance=10_000).months == 15.0  # a what-if
    assert plan.runway(con, healthy_months=12).status == "watch"
    plan.save_finances(con, monthly_essential_expenses=None)  # removed again
    assert plan.runway_from_store(con).monthly_gap == 3000.0
    inputs = plan.runway_inputs_from_store(con)
    assert inputs == RunwayInputs(20_000.0, 3_500.0, 500.0, 0.0, 0.0, 0.0, 250_000.0)


def test_bad_finances_are_refused(con):
    with pytest.raises(WaypointError, match="Unknown finance field"):
        plan.save_finances(con, yacht=1.0)
    with pytest.raises(WaypointError) as error:
        plan.save_finances(con, liquid_savings=-5)
    assert (error.value.title, error.value.detail) == (
        "Invalid amount",
        "liquid_savings must be a number of 0 or more",
    )
    with pytest.raises(WaypointError, match="An income stream needs a name"):
        plan.save_income_stream(con, "", 100)
    with pytest.raises(WaypointError, match="No such income stream"):
        plan.save_income_stream(con, "Salary", 100, stream_id=9)
    assert con.execute("SELECT count(*) FROM finances").fetchone() == (0,)


# --------------------------------------------------------------------------- diversification


def test_diversification_verdicts(con):
    result = plan.income_diversification(con)
    assert (result.streams, result.largest_share, result.verdict, result.status) == (
        0,
        None,
        "no income streams entered yet",
        None,
    )
    salary = plan.save_income_stream(con, "Salary", 9_000, "salary")
    plan.save_income_stream(con, "Old hobby", 0, "other")  # no income: not a stream
    result = plan.income_diversification(con)
    assert (result.streams, result.largest_share, result.status) == (1, 1.0, "at risk")
    assert result.verdict == "one stream: all income comes from Salary; the goal is more than one"
    plan.save_income_stream(con, "Rental", 1_000, "rental", True)
    result = plan.income_diversification(con)
    assert (result.streams, result.largest_share, result.status) == (2, 0.9, "watch")
    assert result.verdict == ("2 streams; the largest (Salary) brings 90% of income; goal met in "
                              "number, but one stream still dominates")  # fmt: skip
    plan.save_income_stream(con, "Salary", 6_000, "salary", stream_id=salary)
    plan.save_income_stream(con, "Consulting", 3_000, "consulting", True)
    result = plan.income_diversification(con)
    assert (result.streams, result.largest_share, result.status) == (3, 0.6, "healthy")
    assert result.verdict == (
        "3 streams; the largest (Salary) brings 60% of income; goal of more than one stream met"
    )
    assert result.table["name"].tolist() == ["Salary", "Consulting", "Rental"]
    assert result.table["share"].tolist() == [0.6, 0.3, 0.1]
    plan.delete_income_stream(con, salary)
    assert plan.income_diversification(con).streams == 2


def test_retirement_savings_run_out_at_zero_not_below():
    result = runway(RunwayInputs(liquid_savings=0, monthly_essential_expenses=4_000,
                                 retirement_savings=20_000))  # fmt: skip
    path = result.path.set_index("month")["retirement_savings"]
    assert [path.loc[m] for m in (1, 4, 5, 6, 12)] == [16000.0, 4000.0, 0.0, 0.0, 0.0]
    assert result.scenarios.set_index("search_months").at[12, "shortfall"] == 48000.0
