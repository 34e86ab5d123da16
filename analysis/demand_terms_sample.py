"""The postings emerging terms read: which are sampled for a filter, and their text.

The whole workspace's sample is its first SAMPLE_POSTINGS dated postings in the order of
md5(posting_id || seed); its words are kept at import (`keep_sample_words`), so a filter that
samples within it reads little posting text (see analysis.demand_terms, step 1).
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from analysis.demand_terms_text import KeptWords, keep_words, postings_words, tokenizer
from analysis.market_filter import MarketFilter
from analysis.skills.sync import posting_text
from analysis.store import Connection

SAMPLE_POSTINGS = 20_000  # emerging_terms' default max_postings: the sample whose words are kept
SAMPLE_SEED = 0
# The whole workspace's sample (parameters: seed, size), with the columns given.
_WORKSPACE_SAMPLE = ("SELECT rowid AS row{} FROM postings WHERE date_posted IS NOT NULL "
                     "ORDER BY md5(posting_id || ?) LIMIT ?")  # fmt: skip


def selects_all(con: Connection, f: MarketFilter) -> bool:
    """True when `f` leaves out no dated posting (its terms are the whole workspace's)."""
    if f.is_empty:
        return True
    where, params = f.where("p")
    left_out = con.execute(
        f"SELECT count(*) FILTER (WHERE NOT coalesce({where}, FALSE)) FROM postings p "
        "WHERE p.date_posted IS NOT NULL",
        params,
    ).fetchone()[0]
    return left_out == 0


def sample(
    con: Connection,
    f: MarketFilter,
    max_postings: int,
    fresh_postings: int,
    seed: int,
    kept: KeptWords | None,
) -> pd.DataFrame:
    """Dated filtered postings (the sample: see the module, step 1) with their rowid, half,
    source and employer, in the order their words are numbered. `kept` (words kept for the
    default sample, or None) only saves work."""
    where, params = f.where("p")
    low, high, count = con.execute(
        f"SELECT min(p.date_posted), max(p.date_posted), count(*) FROM postings p "
        f"WHERE p.date_posted IS NOT NULL AND {where}",
        params,
    ).fetchone()
    if not count or low == high:
        return pd.DataFrame(columns=["row", "recent", "source", "employer"])
    middle = low + timedelta(days=(high - low).days // 2)
    take = min(count, max_postings)
    if not f.is_empty and take > fresh_postings:
        # Those in the whole workspace's sample (whose words are kept), at least fresh_postings.
        take = min(take, max(in_workspace_sample(con, f, max_postings, seed, kept), fresh_postings))
    order = "ORDER BY md5(p.posting_id || ?) LIMIT ?" if take < count else ""
    extra = [str(seed), int(take)] if take < count else []
    frame = con.execute(
        "SELECT p.rowid AS row, p.date_posted > ? AS recent, coalesce(p.source, '') AS source, "
        "lower(trim(p.company)) AS company FROM postings p "
        f"WHERE p.date_posted IS NOT NULL AND {where} {order}",
        [middle, *params, *extra],
    ).df()
    # A source seen in one half only says nothing about change: its postings differ from the
    # rest in how they are written (a board's full descriptions against another's one-line
    # titles), and comparing them would call its everyday words new.
    halves = frame.groupby("source")["recent"].nunique()
    frame = frame[frame["source"].isin(halves.index[halves == 2])].reset_index(drop=True)
    # Each employer a number; a posting without one is an employer of its own.
    codes = pd.factorize(frame["company"].replace("", None))[0]
    unnamed = codes < 0
    codes[unnamed] = codes.max(initial=-1) + 1 + np.arange(int(unnamed.sum()))
    frame["employer"] = codes
    return frame[["row", "recent", "source", "employer"]]


def in_workspace_sample(
    con: Connection, f: MarketFilter, max_postings: int, seed: int, kept: KeptWords | None
) -> int:
    """How many of the postings `f` selects are in the whole workspace's sample: the first
    max_postings dated postings in the order of md5(posting_id || seed)."""
    where, params = f.where("p")
    if kept is not None and (max_postings, seed) == (SAMPLE_POSTINGS, SAMPLE_SEED):
        rows = con.execute(
            f"SELECT p.rowid FROM postings p WHERE p.date_posted IS NOT NULL AND {where}", params
        ).fetchnumpy()["rowid"]
        return int(kept.rows.isin(rows).sum())
    return con.execute(
        f"SELECT count(*) FROM ({_WORKSPACE_SAMPLE.format('')}) s "
        f"JOIN postings p ON p.rowid = s.row WHERE {where}",
        [str(seed), int(max_postings), *params],
    ).fetchone()[0]


def keep_sample_words(con: Connection, words_state: str) -> None:
    """Tokenise the whole workspace's sample (default settings; sources seen in one half
    included, as a filter can see both halves of them) and keep its words."""
    max_postings, seed = SAMPLE_POSTINGS, SAMPLE_SEED
    frame = con.execute(
        _WORKSPACE_SAMPLE.format(", title, description"), [str(seed), max_postings]
    ).df()
    texts = map(posting_text, frame["title"], frame["description"])
    vocab: dict[str, int] = {}
    numbers, lengths = postings_words(texts, tokenizer(), vocab)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    kept = KeptWords(pd.Index(frame["row"].to_numpy()), offsets, numbers, list(vocab))
    keep_words(con, words_state, kept)


def posting_texts(con: Connection, f: MarketFilter, rows: np.ndarray) -> list[str | None]:
    """The text of the postings with these rowids (all matching `f`), in that order."""
    if not len(rows):
        return []
    where, params = f.where("p")
    found = con.execute(
        "SELECT p.rowid AS row, p.title, p.description FROM postings p "
        f"WHERE {where} AND p.rowid IN (SELECT unnest(?::BIGINT[]))",
        [*params, rows.tolist()],
    ).df()
    found["text"] = [
        posting_text(t, d) for t, d in zip(found["title"], found["description"], strict=True)
    ]
    return found.set_index("row")["text"].reindex(rows).tolist()
