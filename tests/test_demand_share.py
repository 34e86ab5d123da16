"""Demand share per skill, per category and per month, on a hand-built workspace."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis import store
from analysis.demand import (
    external_check,
    skill_demand,
    skill_demand_by_month,
    skill_evidence,
    top_skills_by_category,
)
from analysis.market_filter import MarketFilter
from analysis.skills.sync import refresh_aggregates

SKILLS = [("sql", "SQL", "Data"), ("python", "Python", "Software"), ("excel", "Excel", "Office"),
          ("tableau", "Tableau", "Data"), ("java", "Java", "Software")]  # fmt: skip

# 10 postings: 4 in January, 6 in February 2024; one undated.
POSTINGS = [
    ("a1", "Data Analyst", date(2024, 1, 5), ["sql", "excel"]),
    ("a2", "Data Analyst", date(2024, 1, 9), ["sql", "tableau"]),
    ("a3", "Developer", date(2024, 1, 20), ["python", "java"]),
    ("a4", "Developer", date(2024, 1, 31), ["java"]),
    ("b1", "Data Analyst", date(2024, 2, 1), ["sql", "python", "tableau"]),
    ("b2", "Data Analyst", date(2024, 2, 2), ["sql"]),
    ("b3", "Data Scientist", date(2024, 2, 3), ["python", "sql"]),
    ("b4", "Developer", date(2024, 2, 4), ["python"]),
    ("b5", "Developer", date(2024, 2, 5), []),
    ("c1", "Data Analyst", None, ["excel", "unknown-skill"]),
]


@pytest.fixture
def con():
    con = store.connect(":memory:")
    con.executemany(
        "INSERT INTO skills (skill_id, name, category) VALUES (?, ?, ?)", [list(s) for s in SKILLS]
    )
    for posting_id, title, day, skills in POSTINGS:
        con.execute(
            "INSERT INTO postings (posting_id, title, company, date_posted, description, import_id) "
            "VALUES (?, ?, 'Acme', ?, ?, 1)",
            [posting_id, title, day, "We use " + ", ".join(s.upper() for s in skills) + "."],
        )
        for skill_id in skills:
            con.execute("INSERT INTO posting_skills VALUES (?, ?, 1)", [posting_id, skill_id])
    yield con
    con.close()


def test_skill_demand_exact(con):
    expected = pd.DataFrame(
        {
            "skill_id": ["sql", "python", "excel", "java", "tableau", "unknown-skill"],
            "name": ["SQL", "Python", "Excel", "Java", "Tableau", "unknown-skill"],
            "category": ["Data", "Software", "Office", "Software", "Data", "Uncategorised"],
            "postings": np.array([5, 4, 2, 2, 2, 1], dtype="int64"),
            "share": [0.5, 0.4, 0.2, 0.2, 0.2, 0.1],
        }
    )
    pd.testing.assert_frame_equal(skill_demand(con, MarketFilter()), expected)


def test_skill_demand_with_role_and_dates(con):
    f = MarketFilter(roles=["analyst"], date_from=date(2024, 1, 1), date_to=date(2024, 1, 31))
    got = skill_demand(con, f)
    assert got[["skill_id", "postings", "share"]].to_records(index=False).tolist() == [
        ("sql", 2, 1.0), ("excel", 1, 0.5), ("tableau", 1, 0.5),
    ]  # fmt: skip


def test_empty_market(con):
    got = skill_demand(con, MarketFilter(roles=["astronaut"]))
    assert got.empty
    assert list(got.columns) == ["skill_id", "name", "category", "postings", "share"]


def test_top_skills_by_category(con):
    got = top_skills_by_category(con, MarketFilter(), n=1)
    assert got.to_records(index=False).tolist() == [
        ("Data", 1, "sql", "SQL", 5, 0.5),
        ("Office", 1, "excel", "Excel", 2, 0.2),
        ("Software", 1, "python", "Python", 4, 0.4),
        ("Uncategorised", 1, "unknown-skill", "unknown-skill", 1, 0.1),
    ]
    assert list(got.columns) == ["category", "rank", "skill_id", "name", "postings", "share"]
    assert top_skills_by_category(con, MarketFilter(), n=2).query("category == 'Software'")[
        "skill_id"
    ].tolist() == ["python", "java"]


def test_skill_demand_by_month_fills_zero_months(con):
    got = skill_demand_by_month(con, MarketFilter(), ["tableau", "java"])
    assert list(got.columns) == ["month", "skill_id", "name", "postings", "total", "share",
                                 "share_low", "share_high"]  # fmt: skip
    assert got[["skill_id", "postings", "total", "share"]].to_records(index=False).tolist() == [
        ("tableau", 1, 4, 0.25), ("tableau", 1, 5, 0.2), ("java", 2, 4, 0.5), ("java", 0, 5, 0.0),
    ]  # fmt: skip
    assert got["month"].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")] * 2
    # Wilson 95% interval for 2 of 4: (0.1500, 0.8500).
    java_jan = got.iloc[2]
    assert java_jan["share_low"] == pytest.approx(0.15003, abs=1e-4)
    assert java_jan["share_high"] == pytest.approx(0.84997, abs=1e-4)
    assert got.iloc[3]["share_low"] == 0.0


def test_aggregates_give_the_same_answers(con):
    month = MarketFilter(date_from=date(2024, 2, 1), date_to=date(2024, 2, 29))
    direct = [skill_demand(con, f) for f in (MarketFilter(), month)]
    by_month = skill_demand_by_month(con, MarketFilter(), ["sql", "python"])
    refresh_aggregates(con)
    assert con.execute("SELECT count(*) FROM skill_month_counts").fetchone()[0] > 0
    pd.testing.assert_frame_equal(skill_demand(con, MarketFilter()), direct[0])
    pd.testing.assert_frame_equal(skill_demand(con, month), direct[1])
    pd.testing.assert_frame_equal(
        skill_demand_by_month(con, MarketFilter(), ["sql", "python"]), by_month
    )
    # New data makes the aggregates stale: the answer is counted directly again.
    con.execute(
        "INSERT INTO postings (posting_id, title, date_posted, import_id) VALUES ('z', 'X', '2024-02-09', 2)"
    )
    assert skill_demand(con, month).set_index("skill_id").loc["sql", "share"] == 3 / 6


def test_external_check(con):
    assert external_check(con, MarketFilter()).empty
    con.executemany(
        "INSERT INTO external_signals VALUES (?, 'onet', ?, ?, ?, ?, ?)",
        [["sql", "SQL", True, True, 40, 12], ["excel", "Microsoft Excel", False, True, 300, 80]],
    )
    got = external_check(con, MarketFilter(), n=3)
    assert got.to_records(index=False).tolist() == [
        (1, "sql", "SQL", 5, 0.5, True, True, True, 40),
        (2, "python", "Python", 4, 0.4, False, False, False, 0),
        (3, "excel", "Excel", 2, 0.2, True, False, True, 300),
    ]


def test_skill_evidence_highlights_the_mention(con):
    from analysis.skills.sync import extract_pending

    extract_pending(con)  # builds the real taxonomy and re-finds the skills in the text
    got = skill_evidence(con, "tableau", MarketFilter(), n=5)
    assert got["posting_id"].tolist() == ["b1", "a2"]
    for row in got.itertuples():
        assert row.snippet[row.start : row.end] == row.matched == "TABLEAU"
    assert got.iloc[0]["snippet"] == "Data Analyst We use SQL, PYTHON, TABLEAU."
    assert skill_evidence(con, "tableau", MarketFilter(roles=["developer"])).empty


def test_skill_evidence_cuts_long_text_at_words(con):
    from analysis.skills.sync import extract_pending

    filler = "lorem ipsum dolor sit amet " * 10
    con.execute(
        "INSERT INTO postings (posting_id, title, date_posted, description, import_id) "
        "VALUES ('long', 'Analyst', '2024-03-01', ?, 1)",
        [filler + "Build dashboards in Tableau   for the\nsales team. " + filler],
    )
    extract_pending(con)
    row = skill_evidence(con, "tableau", MarketFilter(), n=1, width=30).iloc[0]
    assert row["posting_id"] == "long"
    assert row["snippet"] == "…sit amet Build dashboards in Tableau for the sales team. lorem…"
    assert row["snippet"][row["start"] : row["end"]] == "Tableau"


def test_charts_draw_the_frames(con):
    from analysis import charts_market

    demand = skill_demand(con, MarketFilter())
    fig = charts_market.top_skills_bar(demand, n=3)
    assert list(fig.data[0].y) == ["Excel", "Python", "SQL"]  # largest at the top
    lines = charts_market.monthly_share_lines(skill_demand_by_month(con, MarketFilter(), ["sql"]))
    assert [t.name for t in lines.data] == [None, "SQL"]  # the band, then the line
    empty = charts_market.top_skills_bar(skill_demand(con, MarketFilter(roles=["astronaut"])))
    assert empty.layout.annotations[0].text == "No postings match these filters"


def test_the_monthly_chart_starts_where_months_hold_enough_postings():
    from analysis import charts_market

    months = pd.to_datetime(["2019-03-01", "2024-01-01", "2024-02-01", "2024-03-01"])
    by_month = pd.DataFrame({
        "month": months, "skill_id": "sql", "name": "SQL", "postings": [1, 10, 3, 12],
        "total": [1, 40, 15, 40], "share": [1.0, 0.25, 0.2, 0.3],
        "share_low": [0.2, 0.14, 0.07, 0.18], "share_high": [1.0, 0.4, 0.45, 0.45],
    })  # fmt: skip
    line = charts_market.monthly_share_lines(by_month).data[1]
    # The stray 2019 posting is left out; the thin February inside the series stays.
    assert list(pd.to_datetime(line.x)) == list(months[1:])
    sparse = by_month[by_month["total"] < 20]
    assert len(charts_market.monthly_share_lines(sparse).data[1].x) == 2  # none dense: all
