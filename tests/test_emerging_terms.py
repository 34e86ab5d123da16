"""Emerging terms: a phrase no taxonomy knows that spreads is found; known skills are not."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pandas as pd
import pytest

from analysis import store
from analysis.demand import emerging_terms
from analysis.demand_terms import META_TERMS, TERM_COLUMNS, store_emerging_terms
from analysis.market_filter import MarketFilter

BASE = "Join our friendly team in Leeds. Bonus: free lunches. Travel required."
QUANTUM = ("Quantum widget tuning is needed.", "Bonus points for quantum widget tuning.")
HYDRO = ("Love of hydroponic gardening is welcome.", "We do hydroponic gardening on Fridays.")


def postings() -> list[tuple[str, str, date, str]]:
    rows = []
    for i in range(40):  # earlier half: January to May; hydroponic gardening in 4 of 40
        text = BASE + (" " + HYDRO[i % 2] if i < 4 else "")
        rows.append((f"e{i:02d}", "Data Analyst", date(2024, 1, 1) + timedelta(days=3 * i), text))
    for i in range(40):  # recent half: August to December
        text = BASE
        if i < 30:  # quantum widget tuning spreads from nothing to 75%, next to Snowflake
            text += " " + QUANTUM[i % 2] + " Snowflake."
        if i < 10:  # hydroponic gardening more than doubles: 10% -> 24%
            text += " " + HYDRO[i % 2]
        rows.append((f"r{i:02d}", "Data Analyst", date(2024, 8, 1) + timedelta(days=3 * i), text))
    rows.append(("last", "Nurse", date(2024, 12, 31), "Patient care."))
    return rows


@pytest.fixture(scope="module")
def con():  # read-only tests share it
    con = store.connect(":memory:")
    con.executemany(
        "INSERT INTO postings (posting_id, title, date_posted, description, import_id) VALUES (?, ?, ?, ?, 1)",
        [list(r) for r in postings()],
    )
    # The taxonomy: Snowflake (with an alias) is a known skill, so it never counts as emerging.
    con.execute("INSERT INTO skills VALUES ('snowflake', 'Snowflake', 'Data', 'builtin', NULL)")
    con.execute("INSERT INTO skill_aliases VALUES ('Snowflake Data Cloud', 'snowflake')")
    yield con
    con.close()


def test_exact_emerging_terms(con):
    got = emerging_terms(con, MarketFilter(), n=30, min_postings=5)
    assert list(got.columns) == TERM_COLUMNS
    # 81 postings from 2024-01-01 to 2024-12-31: recent means after 2024-07-01.
    expected = pd.DataFrame(
        {
            "term": ["quantum widget tuning", "hydroponic gardening"],
            "recent_share": [30 / 41, 10 / 41],
            "earlier_share": [0.0, 4 / 40],
            "growth": [30 / 41, 10 / 41 - 4 / 40],
            "postings": [30, 14],
        }
    )
    pd.testing.assert_frame_equal(got, expected)


def test_known_skills_and_static_words_never_emerge(con):
    terms = emerging_terms(con, MarketFilter(), n=100, min_postings=1)["term"].tolist()
    assert not [t for t in terms if "snowflake" in t]
    assert not [t for t in terms if t in {"team", "friendly team", "free lunches", "leeds"}]


def test_min_ratio(con):
    # Hydroponic gardening grows 2.44-fold: gone when emerging must mean tripling.
    assert emerging_terms(con, MarketFilter(), min_ratio=3)["term"].tolist() == [
        "quantum widget tuning"
    ]


def test_min_postings_and_n(con):
    assert emerging_terms(con, MarketFilter(), min_postings=16)["term"].tolist() == [
        "quantum widget tuning"
    ]
    assert emerging_terms(con, MarketFilter(), n=1)["term"].tolist() == ["quantum widget tuning"]


def test_filters_and_empty_markets(con):
    assert emerging_terms(con, MarketFilter(roles=["nurse"])).empty  # one day: no halves
    assert emerging_terms(con, MarketFilter(roles=["astronaut"])).empty
    got = emerging_terms(con, MarketFilter(roles=["analyst"]))
    assert got["recent_share"].iloc[0] == 30 / 40  # the nurse no longer counts


def test_sampling_is_deterministic(con):
    a = emerging_terms(con, MarketFilter(), max_postings=50, seed=1)
    pd.testing.assert_frame_equal(a, emerging_terms(con, MarketFilter(), max_postings=50, seed=1))
    assert a["term"].iloc[0] == "quantum widget tuning"


def test_emerging_chart(con):
    from analysis.charts_market import emerging_terms_bar

    fig = emerging_terms_bar(emerging_terms(con, MarketFilter()))
    assert [t.name for t in fig.data] == ["Earlier half", "Recent half"]
    assert list(fig.data[1].y) == ["hydroponic gardening", "quantum widget tuning"]


def test_whole_workspace_terms_are_stored_and_read_back():
    con = store.connect(":memory:")
    con.executemany(
        "INSERT INTO postings (posting_id, title, date_posted, description, import_id) VALUES (?, ?, ?, ?, 1)",
        [list(r) for r in postings()],
    )
    con.execute("INSERT INTO skills VALUES ('snowflake', 'Snowflake', 'Data', 'builtin', NULL)")
    live = emerging_terms(con, MarketFilter())
    store_emerging_terms(con)
    stored = json.loads(store.get_meta(con, META_TERMS))
    assert stored["rows"]["term"] == live["term"].tolist()
    pd.testing.assert_frame_equal(emerging_terms(con, MarketFilter()), live)
    stored["rows"]["term"] = ["edited", "edited too"]  # proves the stored rows are what is read
    store.set_meta(con, META_TERMS, json.dumps(stored))
    assert emerging_terms(con, MarketFilter())["term"].tolist() == ["edited", "edited too"]
    # Only the whole workspace with the default settings is stored ...
    assert emerging_terms(con, MarketFilter(), n=1)["term"].tolist() == ["quantum widget tuning"]
    assert emerging_terms(con, MarketFilter(roles=["analyst"]))["term"].iloc[0] != "edited"
    # ... and only while neither the postings nor the taxonomy changed.
    con.execute(
        "INSERT INTO skills VALUES ('hydro', 'Hydroponic gardening', 'Other', 'custom', NULL)"
    )
    terms = emerging_terms(con, MarketFilter())["term"].tolist()
    assert terms[0] == "quantum widget tuning" and "hydroponic gardening" not in terms
    con.execute("DELETE FROM skills WHERE skill_id = 'hydro'")
    assert emerging_terms(con, MarketFilter())["term"].tolist() == ["edited", "edited too"]
    con.execute("INSERT INTO postings (posting_id, title, import_id) VALUES ('undated', 'X', 1)")
    pd.testing.assert_frame_equal(emerging_terms(con, MarketFilter()), live)
    con.close()


# --------------------------------------------------------------------------- sources and titles


def two_boards() -> list[tuple[str, str, str, date, str]]:
    """Board A: 10 earlier and 10 recent postings, 5 recent ones with "edge inference". Board B:
    10 earlier and 30 recent, 3 recent ones with it. Board C: full descriptions, recent only,
    all with "years" and "preferred"; and a rising job title on board A."""
    rows = []
    for board, earlier, recent, with_term in (("A", 10, 10, 5), ("B", 10, 30, 3)):
        for i in range(earlier):
            day = date(2024, 1, 1) + timedelta(days=i)
            rows.append((f"{board}e{i}", board, "Analyst", day, "Reports and dashboards."))
        for i in range(recent):
            text = "Reports and dashboards." + (" Edge inference." if i < with_term else "")
            title = "Founding Engineer" if board == "A" and i >= 5 else "Analyst"
            rows.append((f"{board}r{i}", board, title, date(2024, 12, 1) + timedelta(days=i), text))
    for i in range(20):
        text = "Five years of experience preferred. Degree required."
        rows.append((f"C{i}", "C", "Analyst", date(2024, 12, 15), text))
    return rows


@pytest.fixture
def boards():
    con = store.connect(":memory:")
    con.executemany(
        "INSERT INTO postings (posting_id, source, title, date_posted, description, import_id) "
        "VALUES (?, ?, ?, ?, ?, 1)",
        [list(r) for r in two_boards()],
    )
    yield con
    con.close()


def test_shares_are_compared_within_each_source(boards):
    got = emerging_terms(boards, MarketFilter(), min_postings=5)
    # Within A 5 of 10 recent postings, within B 3 of 30; weighted by size (20 and 40 of 60):
    # 1/3 · 0.5 + 2/3 · 0.1. Pooled, it would be 8 / 40. Board C has no earlier half: its
    # boilerplate ("years", "preferred") is no trend.
    expected = pd.DataFrame({
        "term": ["edge inference"], "recent_share": [1 / 3 * 0.5 + 2 / 3 * 0.1],
        "earlier_share": [0.0], "growth": [1 / 3 * 0.5 + 2 / 3 * 0.1], "postings": [8],
    })  # fmt: skip
    pd.testing.assert_frame_equal(got, expected)


def test_one_source_alone_gives_plain_shares(boards):
    boards.execute("DELETE FROM postings WHERE source <> 'A'")
    got = emerging_terms(boards, MarketFilter(), min_postings=1)
    assert got[["term", "recent_share", "postings"]].values.tolist() == [["edge inference", 0.5, 5]]


def test_no_term_spans_two_sentences(boards):
    # "... dashboards. Edge inference." always: yet "dashboards edge inference" is no phrase.
    terms = emerging_terms(boards, MarketFilter(), min_postings=1, n=50)["term"].tolist()
    assert not [t for t in terms if "dashboards" in t]


def test_job_titles_and_ranks_are_no_terms(boards):
    # "Founding Engineer" rises on board A (0 -> 5 of 10) but names a job, not a skill.
    terms = emerging_terms(boards, MarketFilter(), min_postings=1, n=50)["term"].tolist()
    assert terms == ["edge inference"]


def test_no_term_spans_a_stop_word_or_a_comma():
    """scikit-learn drops stop words before forming n-grams, which glued "contracts between
    producing and consuming teams" into "contracts producing consuming"; a comma parts two
    phrases as well ("kettle brewing, lantern repair")."""
    con = store.connect(":memory:")
    rows = [(f"e{i}", date(2024, 1, 1) + timedelta(days=i), "Reports.") for i in range(20)]
    for i in range(20):
        text = ("Data contracts between producing and consuming teams." if i < 10
                else "Kettle brewing, lantern repair.")  # fmt: skip
        rows.append((f"r{i}", date(2024, 12, 1) + timedelta(days=i), text))
    con.executemany(
        "INSERT INTO postings (posting_id, title, date_posted, description, import_id) "
        "VALUES (?, 'Analyst', ?, ?, 1)",
        [list(r) for r in rows],
    )
    terms = emerging_terms(con, MarketFilter(), min_postings=5, n=50)["term"].tolist()
    # Each set of postings gives one term: the words beside it are its context.
    assert terms == ["consuming teams", "kettle brewing"]
    con.close()


# --------------------------------------------------------------------------- boundaries and context


def _workspace(rows, skills=()):
    """An in-memory workspace of (posting_id, company, date_posted, description) rows, titled
    "Analyst", and taxonomy skills named `skills`."""
    con = store.connect(":memory:")
    con.executemany(
        "INSERT INTO postings (posting_id, company, title, date_posted, description, import_id) "
        "VALUES (?, ?, 'Analyst', ?, ?, 1)",
        [list(r) for r in rows],
    )
    for name in skills:
        con.execute("INSERT INTO skills VALUES (?, ?, 'Other', 'custom', NULL)", [name, name])
    return con


def _halves(earlier: list[str], recent: list[str], companies=None) -> list[tuple]:
    """Rows for `earlier` texts in January and `recent` ones in December 2024."""
    rows = []
    for half, texts, start in (("e", earlier, date(2024, 1, 1)), ("r", recent, date(2024, 12, 1))):
        for i, text in enumerate(texts):
            company = companies(half, i) if companies else None
            rows.append((f"{half}{i:02d}", company, start + timedelta(days=i), text))
    return rows


LISTS = "Paid parental leave\nAnnual bonus\nSign here.\nWaiver attached."


@pytest.mark.parametrize(
    "run_together",
    [
        # A board that flattens lists joins the items with a blank: a capital letter after a
        # lower-case word is the line break it lost ("... a year Annual bonus ...").
        "Paid parental leave Annual bonus\nSign here.\nWaiver attached.",
        # Items set apart by a dash or a middle dot, and a full stop missing its blank.
        "Paid parental leave - annual bonus\nSign here.\nWaiver attached.",
        "Paid parental leave · annual bonus\nSign here.\nWaiver attached.",
        "Paid parental leave.Annual bonus\nSign here.\nWaiver attached.",
        # "a" is a stop word as much as "the": one letter long, it used to vanish instead.
        "Paid parental leave\nAnnual bonus\nSign a waiver.",
    ],
)
def test_no_term_spans_a_line_break_a_dash_or_a_one_letter_stop_word(run_together):
    # Every posting lists the same perks; half the recent ones run two of them together, the
    # other half name a new practice. Only the new practice is a term: "leave annual bonus"
    # and "sign waiver" exist only across a boundary.
    earlier = [LISTS] * 20
    recent = [run_together] * 10 + [LISTS + "\nKelp farming."] * 10
    con = _workspace(_halves(earlier, recent))
    got = emerging_terms(con, MarketFilter(), min_postings=5)
    expected = pd.DataFrame({
        "term": ["kelp farming"], "recent_share": [0.5], "earlier_share": [0.0],
        "growth": [0.5], "postings": [10],
    })  # fmt: skip
    pd.testing.assert_frame_equal(got, expected)
    con.close()


def test_a_capitalised_name_starts_a_phrase_and_stays_whole():
    # "using Tide Engine": the capital after a lower-case word starts a phrase, but a name of
    # capitalised words stays whole, and so does a lower-case word before an acronym.
    earlier = ["Reports."] * 20
    recent = ["We are using Tide Engine."] * 10 + ["Welcome: fine-tuning LLMs."] * 10
    con = _workspace(_halves(earlier, recent))
    got = emerging_terms(con, MarketFilter(), min_postings=5)
    assert got["term"].tolist() == ["fine-tuning llms", "tide engine"]
    con.close()


def test_the_context_of_a_rising_skill_is_no_term():
    # "Tide tables" (a known skill) spreads, and the words around it with it: "limits" and
    # "reading" grow threefold but are as common among postings naming tide tables as before.
    # Kelp farming, always written next to tide tables, spreads among them too: it stays.
    skill = ["Tide tables and their limits.", "Reading tide tables."]
    earlier = skill * 2 + ["Reports."] * 16
    recent = skill * 6 + ["Kelp farming with tide tables."] * 8
    con = _workspace(_halves(earlier, recent), skills=["Tide tables"])
    got = emerging_terms(con, MarketFilter(), min_postings=2)
    expected = pd.DataFrame({
        "term": ["kelp farming"], "recent_share": [0.4], "earlier_share": [0.0],
        "growth": [0.4], "postings": [8],
    })  # fmt: skip
    pd.testing.assert_frame_equal(got, expected)
    con.close()


def test_one_employers_wording_is_no_term():
    # Meridian Health Plans posts ten jobs in the recent half, each with its own "how Meridian
    # Health Plans makes decisions"; ten other employers name kelp farming.
    earlier = ["Reports."] * 20
    recent = ["Help shape how Meridian Health Plans makes decisions."] * 10 + ["Kelp farming."] * 10

    def company(half, i):
        return "Meridian Health Plans" if half == "r" and i < 10 else f"Employer {half}{i}"

    con = _workspace(_halves(earlier, recent, company))
    got = emerging_terms(con, MarketFilter(), min_postings=5)
    assert got["term"].tolist() == ["kelp farming"]
    con.close()
