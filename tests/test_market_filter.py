"""MarketFilter: normalisation, parameterised SQL, and each filter changing what is counted."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis import store
from analysis.demand import posting_total, skill_demand
from analysis.market_filter import MarketFilter
from analysis.skills.sync import refresh_aggregates

POSTINGS = pd.DataFrame(
    [
        # posting_id, title, company, location, is_remote, date_posted
        ("p1", "Senior Data Analyst", "Acme", "London, UK", True, date(2024, 1, 10)),
        ("p2", "Data Engineer", "Acme", "Berlin, Germany", False, date(2024, 2, 10)),
        ("p3", "Registered Nurse", "St  Mary's", "London, UK", None, date(2024, 3, 10)),
        ("p4", "BI analyst", "Globex", "Austin, TX", True, date(2024, 4, 10)),
        ("p5", "Nurse Practitioner", "Globex ", "Remote", True, None),
    ],
    columns=["posting_id", "title", "company", "location", "is_remote", "date_posted"],
)
LINKS = [("p1", "sql"), ("p1", "excel"), ("p2", "sql"), ("p2", "python"), ("p3", "nursing"),
         ("p4", "sql"), ("p4", "excel"), ("p5", "nursing")]  # fmt: skip


@pytest.fixture(scope="module", params=["direct", "compact"])
def con(request):  # read-only tests share it
    con = store.connect(":memory:")
    con.register("_p", POSTINGS)
    con.execute("INSERT INTO postings BY NAME SELECT *, 1 AS import_id FROM _p")
    con.executemany("INSERT INTO posting_skills VALUES (?, ?, 1)", [list(r) for r in LINKS])
    if request.param == "compact":  # the market tables built after extraction
        refresh_aggregates(con)
    yield con
    con.close()


def ids(con, f: MarketFilter) -> list[str]:
    where, params = f.where("p")
    sql = f"SELECT posting_id FROM postings p WHERE {where} ORDER BY posting_id"
    return [r[0] for r in con.execute(sql, params).fetchall()]


def test_empty_filter_is_true_and_selects_everything(con):
    assert MarketFilter().where() == ("TRUE", [])
    assert MarketFilter().is_empty
    assert ids(con, MarketFilter()) == ["p1", "p2", "p3", "p4", "p5"]


def test_values_are_normalised_and_hashable():
    f = MarketFilter(
        roles="  data   analyst ", locations=["London", "", "London"], date_from="2024-01-01"
    )
    assert f.roles == ("data analyst",)
    assert f.locations == ("London",)
    assert f.date_from == date(2024, 1, 1)
    assert hash(f) == hash(
        MarketFilter(roles=["data analyst"], locations=("London",), date_from=date(2024, 1, 1))
    )
    with pytest.raises(ValueError, match="after date_to"):
        MarketFilter(date_from="2024-02-01", date_to="2024-01-01")


def test_user_text_only_travels_as_parameters(con):
    evil = "x'); DROP TABLE postings; --"
    f = MarketFilter(roles=[evil], locations=[evil], companies=[evil])
    sql, params = f.where("p")
    assert evil not in sql and "DROP" not in sql
    assert params == [evil.lower(), evil.lower(), evil.lower()]
    assert ids(con, f) == []
    assert con.execute("SELECT count(*) FROM postings").fetchone()[0] == 5
    with pytest.raises(ValueError, match="bad table alias"):
        MarketFilter().where("p; DROP")


def test_roles_match_title_keywords_case_insensitively(con):
    assert ids(con, MarketFilter(roles=["ANALYST"])) == ["p1", "p4"]
    assert ids(con, MarketFilter(roles=["analyst", "nurse"])) == ["p1", "p3", "p4", "p5"]


def test_locations_are_substrings(con):
    assert ids(con, MarketFilter(locations=["london"])) == ["p1", "p3"]
    assert ids(con, MarketFilter(locations=["london", "TX"])) == ["p1", "p3", "p4"]


def test_remote_true_false_none(con):
    assert ids(con, MarketFilter(remote=True)) == ["p1", "p4", "p5"]
    assert ids(con, MarketFilter(remote=False)) == ["p2", "p3"]  # unknown counts as not remote
    assert ids(con, MarketFilter(remote=None)) == ["p1", "p2", "p3", "p4", "p5"]


def test_companies_are_whole_names_ignoring_case_and_spaces(con):
    assert ids(con, MarketFilter(companies=["acme"])) == ["p1", "p2"]
    assert ids(con, MarketFilter(companies=["GLOBEX"])) == ["p4", "p5"]
    assert ids(con, MarketFilter(companies=["Acm"])) == []
    assert ids(con, MarketFilter(companies=["st mary's"])) == ["p3"]  # stored "St  Mary's"


def test_dates_are_inclusive_and_drop_undated_postings(con):
    f = MarketFilter(date_from=date(2024, 2, 10), date_to=date(2024, 3, 10))
    assert ids(con, f) == ["p2", "p3"]
    assert ids(con, MarketFilter(date_to=date(2024, 1, 31))) == ["p1"]


def test_cluster_uses_stored_assignments(con):
    con.executemany("INSERT INTO posting_clusters VALUES (?, ?)", [["p1", 0], ["p4", 0], ["p3", 1]])
    try:
        assert ids(con, MarketFilter(cluster=0)) == ["p1", "p4"]
        assert ids(con, MarketFilter(cluster=1, locations=["london"])) == ["p3"]
    finally:
        con.execute("DELETE FROM posting_clusters")


def test_filters_change_demand(con):
    everything = skill_demand(con, MarketFilter()).set_index("skill_id")
    assert everything["postings"].to_dict() == {"sql": 3, "excel": 2, "nursing": 2, "python": 1}
    assert everything.loc["sql", "share"] == 3 / 5
    analysts = skill_demand(con, MarketFilter(roles=["analyst"])).set_index("skill_id")
    assert analysts["postings"].to_dict() == {"excel": 2, "sql": 2}
    assert analysts["share"].to_dict() == {"excel": 1.0, "sql": 1.0}
    remote_london = MarketFilter(locations=["london"], remote=True)
    assert posting_total(con, remote_london) == 1
    assert skill_demand(con, remote_london)["skill_id"].tolist() == ["excel", "sql"]


def test_month_aligned_and_describe():
    assert MarketFilter().month_aligned
    assert MarketFilter(date_from="2024-01-01", date_to="2024-02-29").month_aligned
    assert not MarketFilter(date_from="2024-01-02").month_aligned
    assert not MarketFilter(date_to="2024-02-28").month_aligned
    assert not MarketFilter(roles=["data"]).month_aligned
    f = MarketFilter(roles=["data"], remote=True, date_from="2024-01-01", date_to="2024-06-30")
    assert f.describe() == "titles with data; remote; 1 Jan 2024 to 30 Jun 2024"
    assert MarketFilter().describe() == "all postings"
