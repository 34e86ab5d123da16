"""Market fit now and a year ago on a hand-built market."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.atrophy import market_fit
from analysis.charts_skills import market_fit_chart, top_skills_chart
from analysis.market_filter import MarketFilter
from analysis.match import FIT_COLUMNS
from tests.test_gaps import sql_analyst_workspace
from tests.test_user_skills import TODAY, add_postings, add_profile_skill, tiny_workspace


@pytest.fixture
def con():
    con = sql_analyst_workspace()
    yield con
    con.close()


def test_fit_over_the_top_skills_now_and_a_year_ago(con):
    # The latest posting is 2026-10-15: now = the 2026 month, a year ago = the 2025 month.
    result = market_fit(con, top_n=4, today=TODAY)

    # Now: SQL 70, Tableau 55, Java 45, Snowflake 30 -> (70 + 55) / 200 = 62.5.
    # A year ago: SQL 70, Tableau 50, Java 45, Snowflake 25 -> (70 + 50) / 190 = 63.2.
    expected_top = pd.DataFrame([
        ("sql", "SQL", "Data & analytics", 0.70, 0.70, True),
        ("tableau", "Tableau", "Data & analytics", 0.55, 0.50, True),
        ("java", "Java", "Software development", 0.45, 0.45, False),
        ("snowflake", "Snowflake", "Data & analytics", 0.30, 0.25, False),
    ], columns=FIT_COLUMNS)  # fmt: skip
    assert (result.now, result.year_ago, result.change) == (62.5, 63.2, -0.7)
    pd.testing.assert_frame_equal(result.top_skills, expected_top)
    # what `now` reads: the 100 postings of the 12 months to the latest one
    assert (result.postings_now, result.until) == (100, date(2026, 10, 15))


def test_default_top_30_covers_every_skill(con):
    result = market_fit(con, today=TODAY)
    # Now (70 + 55) / 225 = 55.6; a year ago (70 + 50) / 215 = 55.8.
    assert (result.now, result.year_ago, result.change) == (55.6, 55.8, -0.2)
    assert len(result.top_skills) == 6


def test_no_postings_means_no_fit():
    con = tiny_workspace()
    add_profile_skill(con, "SQL", 5, TODAY)
    result = market_fit(con, today=TODAY)
    assert (result.now, result.year_ago, result.change) == (None, None, None)
    assert list(result.top_skills.columns) == FIT_COLUMNS and result.top_skills.empty
    con.close()


def test_a_market_younger_than_a_year_has_no_year_ago():
    con = tiny_workspace()
    add_postings(con, [(date(2026, 9, 1), ["sql"], 3), (date(2026, 9, 1), ["java"], 1)])
    result = market_fit(con, today=TODAY)  # no profile: fit 0
    assert (result.now, result.year_ago, result.change) == (0.0, None, None)
    assert result.top_skills["share_year_ago"].isna().all()
    con.close()


def test_postings_after_today_are_ignored_and_filters_apply(con):
    add_postings(con, [(date(2027, 1, 1), ["java"], 500)])
    assert market_fit(con, today=TODAY).now == 55.6
    engineers = market_fit(con, MarketFilter(roles=("engineer",)), today=TODAY)
    assert (engineers.now, engineers.year_ago, engineers.change) == (None, None, None)


def test_fit_charts_show_now_against_a_year_ago(con):
    fit = market_fit(con, top_n=4, today=TODAY)

    bars = market_fit_chart(fit).data[0]
    assert (list(bars.x), list(bars.y), list(bars.text)) == (
        ["A year ago", "Now"], [63.2, 62.5], ["63%", "62%"])  # fmt: skip
    assert market_fit_chart(fit).layout.title.text == "Market fit: 62% (-1 pts in a year)"

    have, lack, year_ago = top_skills_chart(fit).data
    assert (list(have.y), list(lack.y)) == (["Tableau", "SQL"], ["Snowflake", "Java"])
    # The window is said: other charts count every posting of the market.
    assert top_skills_chart(fit).layout.xaxis.title.text == (
        "Share of the 100 postings of the 12 months to 15 Oct 2026 (%)"
    )
    # No skills of the user's: no "Now 0%" bar, which would read as a measured fit.
    empty = market_fit_chart(fit, has_skills=False)
    assert not empty.data
    assert empty.layout.annotations[0].text == "No skills of yours yet: add them under Your profile"
    assert list(year_ago.x) == [pytest.approx(v) for v in (25.0, 45.0, 50.0, 70.0)]


def test_skills_tied_at_the_cut_are_all_top_skills():
    con = tiny_workspace()
    add_postings(
        con, [(date(2026, 9, 1), ["sql", "java"], 2), (date(2026, 9, 1), ["sql", "python"], 2)]
    )
    add_profile_skill(con, "Python", 3, TODAY)
    # SQL 100%, Java and Python 50% each: the second place is shared, so both count.
    result = market_fit(con, top_n=2, today=TODAY)
    assert result.top_skills["skill_id"].tolist() == ["sql", "java", "python"]
    assert result.now == 25.0  # 0.5 / (1 + 0.5 + 0.5)
    con.close()
