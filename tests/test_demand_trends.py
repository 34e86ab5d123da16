"""Skill trends: a skill rising by construction is rising, a flat one stable, a thin one not."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest

from analysis import store
from analysis.demand import skill_trends
from analysis.demand_trends import TREND_COLUMNS, trend_fit
from analysis.market_filter import MarketFilter
from analysis.skills.sync import refresh_aggregates

T975_10 = 2.2281388519649385  # Student t, 97.5% quantile, 10 degrees of freedom
SXX = 1000 * sum((m - 5.5) ** 2 for m in range(12)) / 144  # sum n (t - t_mean)^2, t in years

# Mentions in month m (0..11) of 1,000 postings each, as SQL conditions on the posting index i.
SKILLS = {
    "rising": "i < 100 + 20 * m",  # share 10% -> 32%: +24 points a year
    "falling": "i < 400 - 20 * m",  # share 40% -> 18%
    "flat": "i < 300",  # 30% every month
    "thin": "i = 0",  # one posting a month: 12 mentions
    "rare": "i < 5",  # 0.5% every month: 60 mentions, but the interval is too wide to call
}


@pytest.fixture(scope="module", params=["direct", "compact"])
def con(request):
    con = store.connect(":memory:")
    con.execute(
        "INSERT INTO postings (posting_id, title, date_posted, import_id) "
        "SELECT 'p' || m || '-' || i, CASE WHEN i % 2 = 0 THEN 'Data Analyst' ELSE 'Engineer' END, "
        "make_date(2023, m + 1, 15), 1 FROM range(12) a(m), range(1000) b(i)"
    )
    for skill_id, condition in SKILLS.items():
        con.execute(
            f"INSERT INTO posting_skills SELECT 'p' || m || '-' || i, '{skill_id}', 1 "
            f"FROM range(12) a(m), range(1000) b(i) WHERE {condition}"
        )
    con.execute("INSERT INTO skills VALUES ('rising', 'Rising', 'Test', 'builtin', NULL)")
    if request.param == "compact":  # the market tables built after extraction
        refresh_aggregates(con)
    yield con
    con.close()


def binomial_interval(mean_share: float, slope: float) -> tuple[float, float]:
    half = T975_10 * math.sqrt(mean_share * (1 - mean_share) / SXX)
    return 100 * (slope - half), 100 * (slope + half)


def test_classification_and_exact_numbers(con):
    got = skill_trends(con, MarketFilter(), min_postings=30).set_index("skill_id")
    assert list(got.reset_index().columns) == TREND_COLUMNS
    assert got.index.tolist() == ["rising", "flat", "rare", "thin", "falling"]
    assert got["trend"].to_dict() == {
        "rising": "rising", "flat": "stable", "rare": "not enough data",
        "thin": "not enough data", "falling": "declining",
    }  # fmt: skip
    assert got["postings"].to_dict() == {
        "rising": 2520, "flat": 3600, "rare": 60, "thin": 12, "falling": 3480,
    }  # fmt: skip
    assert (got["months"] == 12).all()
    assert got.loc["rising", ["name", "category"]].tolist() == ["Rising", "Test"]

    rising = got.loc["rising"]
    assert rising["mean_share"] == pytest.approx(0.21)
    assert rising["slope"] == pytest.approx(24.0)
    assert (rising["ci_low"], rising["ci_high"]) == pytest.approx(binomial_interval(0.21, 0.24))
    assert rising["relative_change"] == pytest.approx(0.24 / 0.21)
    assert got.loc["falling", "slope"] == pytest.approx(-24.0)

    flat = got.loc["flat"]
    assert flat["slope"] == pytest.approx(0.0, abs=1e-12)
    assert (flat["ci_low"], flat["ci_high"]) == pytest.approx(binomial_interval(0.3, 0.0))
    assert flat["ci_high"] < 0.2 * 0.3 * 100  # inside the stable band: 6 points a year


def test_min_postings_and_min_months(con):
    loose = skill_trends(con, MarketFilter(), min_postings=10).set_index("skill_id")
    assert loose.loc["thin", "trend"] == "not enough data"  # flat but far too uncertain
    strict = skill_trends(con, MarketFilter(), min_postings=3000).set_index("skill_id")
    assert strict["trend"].to_dict()["rising"] == "not enough data"
    assert strict["trend"].to_dict()["flat"] == "stable"
    five_months = MarketFilter(date_from=date(2023, 1, 1), date_to=date(2023, 5, 31))
    short = skill_trends(con, five_months).set_index("skill_id")
    assert (short["months"] == 5).all()
    assert set(short["trend"]) == {"not enough data"}
    assert short.loc["rising", "slope"] == pytest.approx(24.0)


def test_role_filter_keeps_the_trend(con):
    analysts = skill_trends(con, MarketFilter(roles=["analyst"])).set_index("skill_id")
    assert analysts.loc["rising", "slope"] == pytest.approx(24.0)
    assert analysts.loc["rising", "postings"] == 1260
    assert analysts.loc["rising", "trend"] == "rising"


def test_empty_market(con):
    got = skill_trends(con, MarketFilter(roles=["astronaut"]))
    assert got.empty and list(got.columns) == TREND_COLUMNS


def test_fit_matches_weighted_least_squares():
    totals = np.array([50.0, 80, 120, 90, 200, 150, 60])
    counts = np.array([[5, 9, 20, 12, 40, 33, 15]])
    t = np.array([0, 1, 2, 3, 5, 6, 8]) / 12
    fit = trend_fit(counts, totals, t)
    share = counts[0] / totals
    slope, _ = np.polyfit(t, share, 1, w=np.sqrt(totals))
    assert fit["slope"][0] == pytest.approx(slope)
    assert fit["mean_share"][0] == pytest.approx(counts.sum() / totals.sum())


def test_dispersion_widens_the_interval():
    totals = np.full(8, 1000.0)
    counts = np.array([[100, 300, 100, 300, 100, 300, 100, 300]])  # zig-zag far beyond noise
    t = np.arange(8) / 12
    fit = trend_fit(counts, totals, t)
    p = 0.2
    fitted = p + fit["slope"][0] * (t - t.mean())
    pearson = (1000 * (counts[0] / 1000 - fitted) ** 2).sum() / (p * (1 - p))
    sxx = (1000 * (t - t.mean()) ** 2).sum()
    assert pearson / 6 > 1
    assert fit["se"][0] == pytest.approx(math.sqrt(pearson / 6 * p * (1 - p) / sxx))


def test_trend_chart_colours_by_label(con):
    from analysis.charts_market import TREND_COLORS, trend_bar

    fig = trend_bar(skill_trends(con, MarketFilter()), n=1)
    assert list(fig.data[0].y) == ["falling", "Rising"]
    assert list(fig.data[0].marker.color) == [TREND_COLORS["declining"], TREND_COLORS["rising"]]
