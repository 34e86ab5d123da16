"""Skill-atrophy risk on hand-built workspaces with exact parts and totals."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis.atrophy import ATROPHY_COLUMNS, atrophy_risk, risk_weights, set_risk_weights
from analysis.charts_skills import atrophy_bubble_chart
from analysis.charts_style import RISK_COLORS
from analysis.errors import WaypointError
from analysis.market_filter import MarketFilter
from tests.test_user_skills import TODAY, add_postings, add_profile_skill, tiny_workspace

MONTHS = [date(year, 10, 15) for year in range(2021, 2027)]  # t = 0 .. 5 years


def declining_and_rising_market(con) -> None:
    """200 postings in each of six yearly months. COBOL: 102, 86, 70, 54, 38, 22 (share 51% ->
    11%, -8 pts/yr, mean 31%); SQL: 6, 12, ... 36 (3% -> 18%, +3 pts/yr); the rest name Python.
    The latest 12 months hold the 2026 month only."""
    for i, day in enumerate(MONTHS):
        cobol, sql = 102 - 16 * i, 6 + 6 * i
        add_postings(con, [(day, ["cobol"], cobol), (day, ["sql"], sql),
                           (day, ["python"], 200 - cobol - sql)])  # fmt: skip


@pytest.fixture
def con():
    con = tiny_workspace()
    yield con
    con.close()


def expected_frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=ATROPHY_COLUMNS).astype(
        {
            "skill_id": "str",
            "category": "str",
            "last_used": "object",
            "trend": "str",
            "years_since_used": "float64",
            "disuse": "float64",
            "share": "float64",
            "trend_pts_per_year": "float64",
            "market_decline": "float64",
            "low_demand": "float64",
            "risk": "float64",
            "half_life": "float64",
        }  # fmt: skip
    )


def test_six_years_unused_in_a_declining_market_vs_current_and_rising(con):
    declining_and_rising_market(con)
    add_profile_skill(con, "COBOL", 4, date(2020, 11, 1))
    add_profile_skill(con, "SQL", 5, TODAY)

    result = atrophy_risk(con, today=TODAY)

    # COBOL: disuse 1 - 0.5 ** (6 / 3) = 0.75; decline (8 / 31) / 0.5 = 0.516; low demand
    # 1 - 0.11 / 0.20 = 0.45; risk 100 × (0.45 × 0.75 + 0.30 × 0.516 + 0.25 × 0.45) = 60.5.
    # SQL: used today, rising: only low demand 1 - 0.18 / 0.20 = 0.1 -> 100 × 0.25 × 0.1 = 2.5.
    expected = expected_frame([
        ("cobol", "COBOL", "Software development", date(2020, 11, 1), "your profile", 6.0, 3.0,
         0.75, 0.11, -8.0, "declining", 0.516, 0.45, 60.5, "at risk"),
        ("sql", "SQL", "Data & analytics", TODAY, "your profile", 0.0, 3.0,
         0.0, 0.18, 3.0, "rising", 0.0, 0.1, 2.5, "healthy"),
    ])  # fmt: skip
    pd.testing.assert_frame_equal(result, expected, check_exact=False, rtol=1e-9)


def test_weights_and_thresholds_are_parameters(con):
    declining_and_rising_market(con)
    add_profile_skill(con, "COBOL", 4, date(2020, 11, 1))

    only_disuse = atrophy_risk(con, weights={"disuse": 1.0, "market_decline": 0.0, "low_demand": 0.0},
                               today=TODAY)  # fmt: skip
    assert only_disuse[["risk", "label"]].values.tolist() == [[75.0, "at risk"]]

    strict = atrophy_risk(con, today=TODAY, thresholds=(35.0, 65.0))
    assert strict[["risk", "label"]].values.tolist() == [[60.5, "watch"]]

    slow = atrophy_risk(con, today=TODAY, half_lives={"Software development": 6.0})
    # disuse 1 - 0.5 ** 1 = 0.5: 100 × (0.45 × 0.5 + 0.30 × 0.516 + 0.25 × 0.45) = 49.2
    assert slow[["half_life", "disuse", "risk"]].values.tolist() == [[6.0, 0.5, 49.2]]
    assert slow["label"].tolist() == ["watch"]


def test_the_workspace_keeps_its_own_weights(con):
    declining_and_rising_market(con)
    add_profile_skill(con, "COBOL", 4, date(2020, 11, 1))
    assert risk_weights(con) == {"disuse": 0.45, "market_decline": 0.30, "low_demand": 0.25}

    # disuse 2, decline 1, low demand 1 (0 + 1 + 0 given, scaled to 1): 0.5 / 0.25 / 0.25
    kept = set_risk_weights(con, {"disuse": 2, "market_decline": 1, "low_demand": 1})
    assert kept == risk_weights(con) == {"disuse": 0.5, "market_decline": 0.25, "low_demand": 0.25}
    # 100 × (0.5 × 0.75 + 0.25 × 0.516 + 0.25 × 0.45) = 61.65 -> 61.6 (half to even)
    assert atrophy_risk(con, today=TODAY)["risk"].tolist() == [61.6]
    # one part given: the others keep theirs, all scaled (0 + 0.25 + 0.25 = 0.5)
    assert set_risk_weights(con, {"disuse": 0}) == {
        "disuse": 0.0, "market_decline": 0.5, "low_demand": 0.5,
    }  # fmt: skip
    # 100 × (0.5 × 0.516 + 0.5 × 0.45) = 48.3
    assert atrophy_risk(con, today=TODAY)["risk"].tolist() == [48.3]
    # an argument still overrides the workspace's weights
    assert atrophy_risk(con, weights={"disuse": 1.0, "market_decline": 0.0, "low_demand": 0.0},
                        today=TODAY)["risk"].tolist() == [75.0]  # fmt: skip

    for bad, message in [({"speed": 1}, "Unknown risk part: speed"),
                         ({"disuse": -1}, "Bad risk weight: disuse=-1"),
                         ({"disuse": float("nan")}, "Bad risk weight: disuse=nan"),
                         ({"market_decline": 0, "low_demand": 0}, "Bad risk weights")]:  # fmt: skip
        with pytest.raises(WaypointError, match=message):
            set_risk_weights(con, bad)
    assert risk_weights(con) == {"disuse": 0.0, "market_decline": 0.5, "low_demand": 0.5}

    assert set_risk_weights(con, None) == risk_weights(con)
    assert atrophy_risk(con, today=TODAY)["risk"].tolist() == [60.5]


def test_absent_skill_has_full_low_demand_and_no_decline(con):
    declining_and_rising_market(con)
    add_profile_skill(con, "Java", 3, TODAY)

    result = atrophy_risk(con, today=TODAY)

    assert result[
        ["share", "trend", "market_decline", "low_demand", "risk", "label"]
    ].values.tolist() == [[0.0, "absent", 0.0, 1.0, 25.0, "healthy"]]
    assert np.isnan(result["trend_pts_per_year"].iloc[0])


def test_unknown_parts_are_left_out_and_the_weights_rescaled(con):
    declining_and_rising_market(con)
    add_profile_skill(con, "Underwater basket weaving", 3, date(2020, 11, 1))  # not in taxonomy
    add_profile_skill(con, "SQL", source="linkedin-skills")  # no date, no evidence

    result = atrophy_risk(con, today=TODAY).set_index("skill")

    weaving = result.loc["Underwater basket weaving"]
    assert (weaving["half_life"], weaving["disuse"], weaving["risk"], weaving["label"]) == (
        5.0, 0.565, 56.5, "watch")  # 1 - 0.5 ** (6 / 5), alone  # fmt: skip
    assert pd.isna(weaving["market_decline"]) and pd.isna(weaving["low_demand"])
    sql = result.loc["SQL"]
    # no disuse: 100 × (0.30 × 0 + 0.25 × 0.1) / 0.55 = 4.5
    assert pd.isna(sql["disuse"]) and (sql["risk"], sql["label"]) == (4.5, "healthy")


def test_without_postings_only_disuse_counts(con):
    add_profile_skill(con, "COBOL", 4, date(2020, 11, 1))
    add_profile_skill(con, "Leadership", source="linkedin-skills")

    result = atrophy_risk(con, today=TODAY)

    assert result["skill"].tolist() == ["COBOL", "Leadership"]
    assert result["label"].tolist() == ["at risk", "unknown"]
    assert result["disuse"].iloc[0] == 0.75 and result["risk"].iloc[0] == 75.0
    assert result[["disuse", "market_decline", "low_demand", "risk"]].iloc[1].isna().all()
    assert result[["market_decline", "low_demand"]].iloc[0].isna().all()


def test_no_profile_gives_an_empty_frame(con):
    declining_and_rising_market(con)
    result = atrophy_risk(con, today=TODAY)
    assert list(result.columns) == ATROPHY_COLUMNS
    assert result.empty


def test_a_filter_selects_the_market(con):
    declining_and_rising_market(con)
    add_postings(con, [(MONTHS[-1], ["cobol"], 200)], title="Mainframe Developer")
    add_profile_skill(con, "COBOL", 4, date(2020, 11, 1))

    everything = atrophy_risk(con, MarketFilter(), today=TODAY)
    analysts = atrophy_risk(con, MarketFilter(roles=("analyst",)), today=TODAY)

    assert everything["share"].tolist() == [pytest.approx(222 / 400)]
    assert analysts["share"].tolist() == [pytest.approx(0.11)]


def test_bubble_chart_places_each_skill_and_explains_its_parts(con):
    declining_and_rising_market(con)
    add_profile_skill(con, "COBOL", 4, date(2020, 11, 1))
    add_profile_skill(con, "SQL", 5, TODAY)

    fig = atrophy_bubble_chart(atrophy_risk(con, today=TODAY))

    assert [trace.name for trace in fig.data] == ["at risk", "healthy"]
    cobol = fig.data[0]
    assert (list(cobol.x), list(cobol.text)) == ([6.0], ["COBOL"])
    assert list(cobol.y) == [pytest.approx(-8.0)]
    assert cobol.marker.color == RISK_COLORS["at risk"]
    assert cobol.hovertext[0] == (
        "<b>COBOL</b><br>risk 60.5 (at risk)<br>disuse 0.75: last used 1 Nov 2020 (6.0 years)"
        "<br>market decline 0.52: trend -8.0 pts/yr<br>low demand 0.45: share 11%"
    )
    assert fig.layout.xaxis.title.text == "Years since last used"


def test_bubble_chart_of_undated_skills_says_what_is_missing():
    undated = pd.DataFrame({"skill": ["CSS"], "years_since_used": [np.nan]})
    assert atrophy_bubble_chart(undated).layout.annotations[0].text == (
        "None of your skills has a last-used date yet: set 'Last used' for them in your profile"
    )


def test_bubble_chart_of_nothing_says_so(con):
    fig = atrophy_bubble_chart(atrophy_risk(con, today=TODAY))
    assert fig.data == ()
    assert fig.layout.annotations[0].text == (
        "No skills with a last-used date yet: import your profile"
    )
