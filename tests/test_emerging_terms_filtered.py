"""Filtered emerging terms: read from the words kept at import, sampled as documented, and
exactly the whole workspace's when a filter leaves no posting out."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from analysis import demand_terms, store
from analysis.demand_terms import emerging_terms, store_emerging_terms
from analysis.demand_terms_text import META_WORDS, KeptWords, keep_words, kept_words, known_words
from analysis.market_filter import MarketFilter


def _workspace() -> store.Connection:
    """15 analyst postings in January ("Reports."), 15 in December ("Kelp farming."), and as
    many nurse postings ("Patient care."); ids like "ar07" (analyst, recent, number 7)."""
    con = store.connect(":memory:")
    rows = []
    for role, title, text in (("a", "Analyst", "Kelp farming."), ("n", "Nurse", "Patient care.")):
        for half, start in (("e", date(2024, 1, 1)), ("r", date(2024, 12, 1))):
            for i in range(15):
                said = text if half == "r" or role == "n" else "Reports."
                rows.append((f"{role}{half}{i:02d}", title, start + timedelta(days=i), said))
    con.executemany(
        "INSERT INTO postings (posting_id, title, date_posted, description, import_id) "
        "VALUES (?, ?, ?, ?, 1)",
        [list(r) for r in rows],
    )
    return con


@pytest.fixture
def con():
    con = _workspace()
    yield con
    con.close()


def _kelp(postings: int) -> pd.DataFrame:
    return pd.DataFrame({
        "term": ["kelp farming"], "recent_share": [1.0], "earlier_share": [0.0],
        "growth": [1.0], "postings": [postings],
    })  # fmt: skip


ANALYSTS = MarketFilter(roles=["analyst"])


@pytest.mark.parametrize("fresh, postings", [(4, 3), (12, 4), (30, 9)])
def test_a_filter_samples_its_postings_in_the_workspace_sample_and_fresh_ones(con, fresh, postings):
    # With max_postings=20 the whole workspace's sample is the first 20 of the 60 postings in
    # md5(posting_id || '0') order: 7 analysts, 3 of them recent. A filter samples those 7, or
    # the first `fresh` analysts in that order when that is more (12: 4 recent, 8 earlier), and
    # never more than max_postings (20: 9 recent). Every recent analyst posting names kelp
    # farming, so its recent share is 1 whatever the sample; "postings" counts the recent ones.
    got = emerging_terms(con, ANALYSTS, max_postings=20, fresh_postings=fresh, min_postings=1)
    pd.testing.assert_frame_equal(got, _kelp(postings))


def test_a_filter_leaving_no_posting_out_gives_the_whole_workspaces_terms(con):
    everyone = MarketFilter(roles=["analyst", "nurse"])
    for settings in ({}, {"max_postings": 20, "fresh_postings": 4, "min_postings": 1}):
        whole = emerging_terms(con, MarketFilter(), **settings)
        pd.testing.assert_frame_equal(emerging_terms(con, everyone, **settings), whole)
    store_emerging_terms(con)  # the stored terms are what such a filter is answered with
    stored = emerging_terms(con, MarketFilter())
    pd.testing.assert_frame_equal(emerging_terms(con, everyone), stored)
    pd.testing.assert_frame_equal(stored, _kelp(15).assign(recent_share=0.5, growth=0.5))


def test_kept_words_are_read_instead_of_the_postings(con, monkeypatch):
    live = emerging_terms(con, ANALYSTS, min_postings=1)
    store_emerging_terms(con)
    assert store.get_meta(con, META_WORDS) is not None
    read: list[int] = []
    original = demand_terms.posting_texts

    def texts(con, f, rows):
        read.extend(rows.tolist())
        return original(con, f, rows)

    monkeypatch.setattr(demand_terms, "posting_texts", texts)
    pd.testing.assert_frame_equal(emerging_terms(con, ANALYSTS, min_postings=1), live)
    assert read == []  # all 30 analyst postings are in the kept sample: none is read again
    # A new posting makes the kept words stale: the postings are read (and give the same terms).
    con.execute("INSERT INTO postings (posting_id, title, import_id) VALUES ('undated', 'X', 1)")
    pd.testing.assert_frame_equal(emerging_terms(con, ANALYSTS, min_postings=1), live)
    assert len(read) == 30


def test_store_keeps_the_words_when_only_they_are_missing(con):
    store_emerging_terms(con)
    terms = store.get_meta(con, "emerging_terms")
    con.execute("DELETE FROM workspace_meta WHERE key = ?", [META_WORDS])
    store_emerging_terms(con)
    assert store.get_meta(con, META_WORDS) is not None
    assert store.get_meta(con, "emerging_terms") == terms


def test_kept_words_round_trip(con):
    kept = KeptWords(
        pd.Index([5, 9]), np.array([0, 3, 4]), np.array([2, 0, 1, 2]), ["a", "b+", "c#"]
    )
    keep_words(con, "state 1", kept)
    back = kept_words(con, "state 1")
    assert back.rows.tolist() == [5, 9] and back.vocab == ["a", "b+", "c#"]
    assert back.offsets.tolist() == [0, 3, 4] and back.words.tolist() == [2, 0, 1, 2]
    assert back.words.dtype == np.int64
    assert kept_words(con, "state 2") is None


def test_known_words_marks_every_written_out_name():
    # Words 0..6; 7 is a break. Forms: "0" (skill 0), "1 2" (skill 1), "1 2 3" (skill 2),
    # "4 5 6" (skill 3): the last never occurs whole, "1 2 3" runs into the end of the text.
    vocab = {str(i): i for i in range(7)}
    forms = {("0",): 0, ("1", "2"): 1, ("1", "2", "3"): 2, ("4", "5", "6"): 3}
    text = np.array([0, 1, 2, 7, 4, 5, 7, 1, 2, 3])
    known, at, skill = known_words(text, forms, vocab, size=9)
    assert known.tolist() == [True, True, True, False, False, False, False, True, True, True]
    assert at.tolist() == [0, 1, 7, 7] and skill.tolist() == [0, 1, 1, 2]
