"""Skill gaps and the learning plan on a hand-built market with exact ranks and reasons."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.atrophy import PLAN_COLUMNS, atrophy_risk, learning_plan, market_fit, skill_gaps
from analysis.charts_skills import gap_bar_label, gaps_bar_chart
from analysis.gaps import GAP_COLUMNS, recent_base
from analysis.market_filter import MarketFilter
from analysis.text_format import recent_base_text
from analysis.user_skills import market_skill_stats
from tests.test_user_skills import TODAY, add_postings, add_profile_skill, tiny_workspace

MONTHS = [date(year, 10, 15) for year in range(2021, 2027)]  # t = 0 .. 5 years


def sql_analyst_workspace():
    """`gap_market` plus a profile with SQL (5, used now) and Tableau (4, used now)."""
    con = tiny_workspace()
    gap_market(con)
    add_profile_skill(con, "SQL", 5, TODAY)
    add_profile_skill(con, "Tableau", 4, TODAY)
    return con


def gap_market(con) -> None:
    """100 postings in each of six yearly months, of five kinds: A sql+tableau+snowflake
    5, 10, ... 30; B sql 45, 40, ... 20; C java+tableau 25; D java+dbt+sql 20; E python 5.
    Snowflake and Tableau rise 5 pts/yr; the others are flat. The latest 12 months hold the
    2026 month only: SQL 70%, Tableau 55%, Java 45%, Snowflake 30%, dbt 20%, Python 5%."""
    for m, day in enumerate(MONTHS):
        add_postings(con, [
            (day, ["sql", "tableau", "snowflake"], 5 * (m + 1)),
            (day, ["sql"], 45 - 5 * m),
            (day, ["java", "tableau"], 25),
            (day, ["java", "dbt", "sql"], 20),
            (day, ["python"], 5),
        ])  # fmt: skip


@pytest.fixture
def con():
    con = tiny_workspace()
    gap_market(con)
    yield con
    con.close()


def test_gaps_are_ranked_by_demand_growth_and_adjacency_with_reasons(con):
    add_profile_skill(con, "SQL", 5, TODAY)
    add_profile_skill(con, "Tableau", 4, TODAY)

    result = skill_gaps(con, today=TODAY)

    # Your skills per posting: A 2, B 1, C 1, D 1, E 0; 1.125 on average over 600 postings.
    k = 1.125
    expected = pd.DataFrame([
        (1, "snowflake", "Snowflake", "Data & analytics", 0.30, 5.0, "rising", 1.5, 2 / k,
         0.30 * 1.5 * 2 / k, "Tableau, SQL",
         "in 30% of target postings, rising 5 pts/yr, co-occurs with your Tableau and SQL"),
        (2, "java", "Java", "Software development", 0.45, 0.0, "stable", 1.0, 1 / k, 0.45 / k,
         "Tableau", "in 45% of target postings, co-occurs with your Tableau"),
        (3, "dbt", "dbt", "Data & analytics", 0.20, 0.0, "stable", 1.0, 1 / k, 0.20 / k,
         "SQL", "in 20% of target postings, co-occurs with your SQL"),
        (4, "python", "Python", "Software development", 0.05, 0.0, "not enough data", 1.0, 0.1,
         0.005, "", "in 5% of target postings"),
    ], columns=GAP_COLUMNS)  # fmt: skip
    pd.testing.assert_frame_equal(result, expected, check_exact=False, atol=1e-9)


def test_skills_the_user_has_are_never_gaps(con):
    add_profile_skill(con, "SQL", 5, TODAY)
    add_profile_skill(con, "Snowflake", 1, date(2024, 3, 1), wants_to_grow=True)  # a beginner
    add_profile_skill(con, "Java", 2, date(2001, 1, 1))

    result = skill_gaps(con, today=TODAY)

    assert result["skill_id"].tolist() == ["tableau", "dbt", "python"]


def test_skills_the_user_only_wants_to_learn_are_gaps_and_come_first(con):
    add_profile_skill(con, "SQL", 5, TODAY)
    add_profile_skill(con, "Tableau", 4, TODAY)
    # Listed to learn: proficiency 1 or none, never used, no years.
    add_profile_skill(con, "Python", 1, years=0.0, wants_to_grow=True)
    add_profile_skill(con, "dbt", None, wants_to_grow=True)
    add_profile_skill(con, "Java", 1)  # not wanted: the user has it, however little

    result = skill_gaps(con, today=TODAY)

    assert result["skill_id"].tolist() == ["dbt", "python", "snowflake"]
    assert result["reason"].tolist() == [
        "you want to learn it; in 20% of target postings, co-occurs with your Java and SQL",
        "you want to learn it; in 5% of target postings",
        "in 30% of target postings, rising 5 pts/yr, co-occurs with your Tableau and SQL",
    ]
    plan = learning_plan(con, n=2, today=TODAY)
    assert plan["skill"].tolist() == ["dbt", "Python"]
    fit = market_fit(con, today=TODAY)
    assert fit.top_skills.loc[fit.top_skills["has"], "skill_id"].tolist() == [
        "sql", "tableau", "java",
    ]  # fmt: skip
    assert "python" not in atrophy_risk(con, today=TODAY)["skill_id"].tolist()


def test_n_limits_the_list(con):
    add_profile_skill(con, "SQL", 5, TODAY)
    add_profile_skill(con, "Tableau", 4, TODAY)
    assert skill_gaps(con, n=2, today=TODAY)["skill"].tolist() == ["Snowflake", "Java"]


def test_without_a_profile_adjacency_is_neutral(con):
    result = skill_gaps(con, today=TODAY, growth_scale=20.0)
    # Tableau and Snowflake rise 5 pts/yr: growth 1 + 5 / 20 = 1.25.
    assert result["adjacency"].tolist() == [1.0] * 6
    assert result["skill_id"].tolist() == ["sql", "tableau", "java", "snowflake", "dbt", "python"]
    assert result["priority"].round(6).tolist() == [0.7, 0.6875, 0.45, 0.375, 0.2, 0.05]
    assert result["reason"].iloc[3] == "in 30% of target postings, rising 5 pts/yr"


def test_no_postings_no_gaps():
    con = tiny_workspace()
    add_profile_skill(con, "SQL", 5, TODAY)
    result = skill_gaps(con, today=TODAY)
    assert list(result.columns) == GAP_COLUMNS and result.empty
    assert learning_plan(con, today=TODAY).empty
    con.close()


def test_learning_plan_learns_the_top_gaps_then_refreshes_stale_skills_in_demand(con):
    add_profile_skill(con, "SQL", 5, TODAY)
    add_profile_skill(con, "Tableau", 4, TODAY)
    add_profile_skill(con, "Java", 3, date(2016, 11, 1))  # 10 years: disuse 0.901, risk 40.5

    result = learning_plan(con, n=3, today=TODAY)

    expected = pd.DataFrame([
        (1, "learn", "snowflake", "Snowflake",
         "in 30% of target postings, rising 5 pts/yr, co-occurs with your Tableau and SQL",
         "Tableau, SQL"),
        (2, "learn", "dbt", "dbt", "in 20% of target postings, co-occurs with your Java and SQL",
         "Java, SQL"),
        (3, "refresh", "java", "Java",
         "last used 2016, still in 45% of target postings; risk 41 (watch)", "your profile"),
    ], columns=PLAN_COLUMNS)  # fmt: skip
    pd.testing.assert_frame_equal(result, expected)


def test_learning_plan_never_suggests_learning_a_skill_the_user_has(con):
    for skill in ("SQL", "Tableau", "Snowflake", "Java", "dbt"):
        add_profile_skill(con, skill, 3, TODAY)
    result = learning_plan(con, n=5, today=TODAY)
    assert result[["kind", "skill_id"]].values.tolist() == [["learn", "python"]]


def test_gaps_bar_chart_labels_each_bar_with_its_share_and_rise(con):
    add_profile_skill(con, "SQL", 5, TODAY)
    add_profile_skill(con, "Tableau", 4, TODAY)

    fig = gaps_bar_chart(skill_gaps(con, n=2, today=TODAY))

    bars = fig.data[0]
    assert list(bars.y) == ["Java", "Snowflake"]  # highest priority on top
    assert list(bars.x) == [pytest.approx(45.0), pytest.approx(30.0)]
    assert list(bars.text) == ["45%", "30%, ↑5 pts/yr"]
    assert bars.textposition == "outside" and bars.cliponaxis is False
    assert [row[2] for row in bars.customdata] == [  # the whole reason, on hover
        "in 45% of target postings, co-occurs with your Tableau",
        "in 30% of target postings, rising 5 pts/yr, co-occurs with your Tableau and SQL",
    ]
    # the right margin holds the longest label, "30%, ↑5 pts/yr" (14 characters)
    assert fig.layout.margin.r == round(7.5 * 14) + 12
    assert gaps_bar_chart(skill_gaps(con, n=0, today=TODAY)).data == ()


def test_gap_bar_label_names_a_rise_only_for_a_rising_skill():
    assert gap_bar_label(0.452, 10.4, "rising") == "45%, ↑10 pts/yr"
    assert gap_bar_label(0.452, 0.42, "rising") == "45%, ↑0.4 pts/yr"
    assert gap_bar_label(0.452, 10.4, "stable") == "45%"
    assert gap_bar_label(0.003, -2.0, "declining") == "<1%"


def test_the_recent_base_says_what_the_gap_shares_count():
    con = tiny_workspace()
    gap_market(con)
    # the latest 12 months hold the 2026 month only (100 postings); no posting is undated
    assert recent_base(con, today=TODAY) == (date(2026, 10, 15), 100, 0)
    add_postings(con, [(None, ["python"], 25)])
    assert recent_base(con, today=TODAY) == (date(2026, 10, 15), 100, 25)
    # and it is the base of the shares gaps show: Python 5 + 25 of 125
    stats = market_skill_stats(con, MarketFilter(), TODAY)
    assert stats.set_index("skill_id")["recent_share"]["python"] == 30 / 125
    assert recent_base_text(*recent_base(con, today=TODAY)) == (
        "the 100 postings of the 12 months to 15 Oct 2026 and the 25 undated ones"
    )
    assert recent_base_text(None, 0, 7) == "all 7 postings (none is dated)"
    con.close()
