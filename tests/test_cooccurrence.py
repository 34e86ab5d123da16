"""Co-occurrence and adjacency with exact conditional probabilities and lifts."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import store
from analysis.demand import adjacency, cooccurrence
from analysis.demand_cooccurrence import ADJACENCY_COLUMNS, COOCCURRENCE_COLUMNS
from analysis.market_filter import MarketFilter
from analysis.skills.sync import refresh_aggregates

# Ten postings (N = 10); p1-p5 are analyst roles.
MENTIONS = {
    "sql": ["p1", "p2", "p3", "p4", "p5", "p6"],
    "python": ["p1", "p2", "p3", "p4", "p7"],
    "tableau": ["p1", "p8", "p9", "p10"],
    "excel": ["p5", "p6", "p9", "p10"],
}


@pytest.fixture(scope="module", params=["direct", "compact"])
def con(request):  # read-only tests share it
    con = store.connect(":memory:")
    for i in range(1, 11):
        title = "Data Analyst" if i <= 5 else "Engineer"
        con.execute(
            "INSERT INTO postings (posting_id, title, import_id) VALUES (?, ?, 1)", [f"p{i}", title]
        )
    for skill_id, postings in MENTIONS.items():
        con.executemany(
            "INSERT INTO posting_skills VALUES (?, ?, 1)", [[p, skill_id] for p in postings]
        )
        con.execute(
            "INSERT INTO skills VALUES (?, ?, 'Data', 'builtin', NULL)",
            [skill_id, skill_id.upper()],
        )
    if request.param == "compact":  # the market tables built after extraction
        refresh_aggregates(con)
    yield con
    con.close()


def test_cooccurrence_exact(con):
    got = cooccurrence(con, MarketFilter(), "sql")
    assert list(got.columns) == COOCCURRENCE_COLUMNS
    assert got[["skill_id", "name", "both", "postings"]].to_records(index=False).tolist() == [
        ("python", "PYTHON", 4, 5), ("excel", "EXCEL", 2, 4), ("tableau", "TABLEAU", 1, 4),
    ]  # fmt: skip
    assert got["p_given_skill"].tolist() == pytest.approx([4 / 6, 2 / 6, 1 / 6])
    # lift = both * N / (n_sql * n_other)
    assert got["lift"].tolist() == pytest.approx(
        [4 * 10 / (6 * 5), 2 * 10 / (6 * 4), 1 * 10 / (6 * 4)]
    )
    assert cooccurrence(con, MarketFilter(), "sql", n=1)["skill_id"].tolist() == ["python"]


def test_cooccurrence_within_a_filter(con):
    got = cooccurrence(con, MarketFilter(roles=["analyst"]), "sql")
    # Analysts: p1-p5, all with SQL; Python in p1-p4, Tableau in p1, Excel in p5.
    assert got[["skill_id", "both", "postings"]].to_records(index=False).tolist() == [
        ("python", 4, 4), ("excel", 1, 1), ("tableau", 1, 1),
    ]  # fmt: skip
    assert got["lift"].tolist() == pytest.approx([1.0, 1.0, 1.0])  # SQL is in every posting


def test_cooccurrence_of_an_absent_skill_is_empty(con):
    got = cooccurrence(con, MarketFilter(), "cobol")
    assert got.empty and list(got.columns) == COOCCURRENCE_COLUMNS


def test_adjacency_exact(con):
    got = adjacency(con, MarketFilter(), {"sql", "tableau"})
    assert list(got.columns) == ADJACENCY_COLUMNS
    assert got["skill_id"].tolist() == ["python", "excel"]
    python, excel = got.iloc[0], got.iloc[1]
    # 9 postings mention SQL or Tableau; Python is in 4 of them, Excel in 4.
    assert (python["postings"], python["both_any"], python["p_given_set"]) == (
        5,
        4,
        pytest.approx(4 / 9),
    )
    assert python["max_lift"] == pytest.approx(4 / 3)  # with SQL: 4 * 10 / (6 * 5)
    assert python["mean_lift"] == pytest.approx((4 / 3 + 0.5) / 2)  # with Tableau: 1 * 10 / (5 * 4)
    assert python["max_p"] == pytest.approx(4 / 6)
    assert (python["top_with"], python["top_with_names"]) == ("sql", "SQL")
    assert excel["max_lift"] == pytest.approx(1.25)  # with Tableau: 2 * 10 / (4 * 4)
    assert excel["mean_lift"] == pytest.approx((2 * 10 / (6 * 4) + 1.25) / 2)
    assert excel["max_p"] == pytest.approx(0.5)
    assert (excel["top_with"], excel["top_with_names"]) == ("tableau", "TABLEAU")


def test_adjacency_with_given_candidates_and_absent_set_skills(con):
    got = adjacency(con, MarketFilter(), {"sql", "cobol"}, candidate_ids=["tableau", "java"])
    assert got["skill_id"].tolist() == ["tableau", "java"]
    tableau, java = got.iloc[0], got.iloc[1]
    assert (tableau["both_any"], tableau["p_given_set"]) == (1, pytest.approx(1 / 6))
    assert tableau["max_lift"] == pytest.approx(10 / 24)  # COBOL is not in the market: ignored
    assert tableau["top_with_names"] == ""
    assert (java["postings"], java["both_any"], java["max_lift"], java["top_with"]) == (
        0,
        0,
        0.0,
        "",
    )


def test_adjacency_of_nothing(con):
    got = adjacency(con, MarketFilter(roles=["astronaut"]), {"sql"})
    assert got.empty and list(got.columns) == ADJACENCY_COLUMNS


def test_cooccurrence_chart(con):
    from analysis.charts_market import cooccurrence_bar

    fig = cooccurrence_bar(cooccurrence(con, MarketFilter(), "sql"), "SQL")
    assert list(fig.data[0].y) == ["TABLEAU", "EXCEL", "PYTHON"]
    assert list(fig.data[0].text) == ["lift 0.4", "lift 0.8", "lift 1.3"]


def test_the_whole_market_reads_the_links_in_place(con):
    """Without a filter the links are read through a view, not copied: same numbers."""
    every = MarketFilter(roles=["data", "engineer"])  # all ten postings, by the copying path
    for skill in ("python", "sql"):
        pd.testing.assert_frame_equal(
            cooccurrence(con, MarketFilter(), skill), cooccurrence(con, every, skill)
        )
    pd.testing.assert_frame_equal(
        adjacency(con, MarketFilter(), {"sql"}), adjacency(con, every, {"sql"})
    )
    views = "SELECT view_name FROM duckdb_views() WHERE view_name LIKE '_wp_tmp_%'"
    assert not con.execute(views).fetchall()  # dropped again


def test_cooccurrence_most_specific_first():
    # 20 postings: A in p1-p10; COMMON in 18 of them (8 with A); RARE only with A (4).
    con = store.connect(":memory:")
    mentions = {
        "a": range(1, 11),
        "common": [*range(1, 9), *range(11, 21)],
        "rare": range(1, 5),
    }
    con.executemany(
        "INSERT INTO postings (posting_id, title, import_id) VALUES (?, 'Analyst', 1)",
        [[f"p{i}"] for i in range(1, 21)],
    )
    for skill_id, postings in mentions.items():
        con.executemany(
            "INSERT INTO posting_skills VALUES (?, ?, 1)", [[f"p{i}", skill_id] for i in postings]
        )
    often = cooccurrence(con, MarketFilter(), "a")
    assert often["skill_id"].tolist() == ["common", "rare"]
    # lift: RARE 4·20 / (10·4) = 2, COMMON 8·20 / (10·18) = 0.89: RARE is A's own companion.
    specific = cooccurrence(con, MarketFilter(), "a", by="lift", min_both=1, min_share=0.3)
    assert specific["skill_id"].tolist() == ["rare", "common"]
    assert specific["lift"].tolist() == pytest.approx([2.0, 8 * 20 / (10 * 18)])
    # Too thin to call specific: in fewer than half of A's postings (or 5 of them).
    assert cooccurrence(con, MarketFilter(), "a", by="lift", min_share=0.5)[
        "skill_id"
    ].tolist() == ["common"]
    with pytest.raises(ValueError, match="by must be"):
        cooccurrence(con, MarketFilter(), "a", by="share")
    con.close()
