"""Emerging terms: phrases no taxonomy lists yet whose share of postings grows fastest.

How, in order:

1. The filtered, dated postings are split at the middle day of their date range into an
   earlier and a recent half, and sampled in the order of md5(posting_id || seed): the whole
   workspace's sample is its first `max_postings` dated postings. A filter's sample is those
   of its postings that are in the whole workspace's sample (their words are kept, see
   below), or its first `fresh_postings` when that is more, never more than `max_postings`.
   A filter holding a share s of the postings so samples about s · max_postings of them
   (shares in its sample vary by about sqrt(p(1 − p) / (s · max_postings / 2)) around p);
   reading and tokenising every posting it holds, up to max_postings, took 20 seconds.
   Shares are compared within each source (job board, export) and averaged, weighted by the
   source's size; a source with postings in one half only is left out. A board's writing
   style is no trend: the one-line titles of one against the full descriptions of another
   would otherwise make "years" and "preferred" emerging terms.
2. Each posting's title and description are tokenised by scikit-learn's CountVectorizer
   analyzer (lower case, words starting with a letter, "c++"/"c#"-style marks kept). No
   n-gram spans a break: the end of a sentence, clause or list item (also one a board
   flattened away: "... a year Annual bonus ..."), a comma, bracket or bullet, a stop word, a
   number (`demand_terms_text` lists them all). CountVectorizer itself drops stop words
   *before* forming n-grams, which glued "data contracts between producing and consuming
   teams" into "contracts producing consuming" and "Lakeshore Analytics is an equal
   opportunity employer" into "lakeshore analytics equal".
3. Screening: n-grams (1–3 words) are only counted around *candidate words*, the
   `screen_words` words whose document share grows most between the halves. A phrase that
   spreads carries at least one word that spreads with it, and counting every trigram of long
   postings costs minutes, so this keeps the query to a few seconds.
4. Words of a skill name or alias written out in a posting take no part in n-grams there
   ("experience with generative AI" gives no "experience generative"), and a term is covered
   by the taxonomy, and dropped, when it contains a skill's name or alias (as whole words) or
   lies inside one ("learning" inside "machine learning").
5. Job titles and ranks are no skills: a term holding one of ROLE_WORDS is dropped.
6. Terms in fewer than `min_postings` sampled postings, or whose recent share is less than
   `min_ratio` times (default: double) their earlier share, are dropped: emerging means new,
   not a common phrase drifting by a point as the mix of roles shifts. A term found in at least
   80% of the postings of a longer term containing it gives way to the longer one; the rest
   are ranked by growth (recent share − earlier share), and a term is skipped when it lies
   inside or around a better ranked one, or when at least 80% of its postings contain a
   better ranked one (it is that phrase's context, "bonus points for ...", not a new phrase;
   two new tools that nearly always appear together show as the faster growing one).
7. A term is skipped, too, when its growth is that of something else:
   - more than half of its postings come from one employer: it is that employer's wording
     ("how Meridian Health Plans makes decisions"), spreading as the employer posts more;
   - at least 80% of its postings name one known skill, and among the postings naming that
     skill its share does not grow `min_ratio`-fold: it is the way that skill is written
     about ("Generative AI tools and their limits", "how large language models behave"),
     spreading only as the skill does. A term that spreads among them as well stays; so does
     one next to a skill that no earlier posting names (there is no telling them apart).

Reading and screening thousands of postings takes seconds, so the whole workspace's terms (the
Market page's default view) are computed once after each import by `store_emerging_terms` and
kept in workspace_meta with a fingerprint of the postings and the taxonomy; `emerging_terms`
returns them while the fingerprint matches (same numbers: the same computation, done earlier),
for any filter that leaves no dated posting out. The words of the whole workspace's sample are
kept there too (`demand_terms_text.keep_words`, compressed, while the postings are unchanged),
so a filtered view reads no posting text but those of its sample outside it: reading scattered
descriptions costs a scan of them all, and tokenising one takes about half a millisecond.
"""

from __future__ import annotations

import json
from functools import partial

import numpy as np
import pandas as pd

from analysis.demand_terms_sample import (
    SAMPLE_POSTINGS,
    SAMPLE_SEED,
    keep_sample_words,
    posting_texts,
    selects_all,
)
from analysis.demand_terms_sample import sample as posting_sample
from analysis.demand_terms_text import (
    PHRASE_BREAK,
    covered_test,
    decode,
    kept_words,
    known_words,
    ngram_keys,
    sample_words,
    surface_forms,
    tokenizer,
)
from analysis.market_filter import MarketFilter
from analysis.market_tables import data_signature
from analysis.store import Connection, get_meta, set_meta
from analysis.title_words import RANK_WORDS, ROLE_NOUNS

TERM_COLUMNS = ["term", "recent_share", "earlier_share", "growth", "postings"]
_ABSORB = 0.8  # "nearly always": a term in this share of another's postings is its context
_ONE_EMPLOYER = 0.5  # a term with more of its postings from one employer is its wording
# A phrase holding one of these names a job or its rank ("founding engineer", "senior staff"),
# not a skill: job titles spread too, but a skills taxonomy has no place for them.
ROLE_WORDS = ROLE_NOUNS | RANK_WORDS
META_TERMS = "emerging_terms"  # the whole workspace's terms, stored by store_emerging_terms
METHOD = "4"  # raise when a change to the method changes the terms it finds


def emerging_terms(
    con: Connection,
    f: MarketFilter,
    n: int = 30,
    *,
    min_postings: int = 5,
    min_ratio: float = 2.0,
    max_postings: int = 20_000,
    fresh_postings: int = 1_000,
    screen_words: int = 400,
    seed: int = 0,
) -> pd.DataFrame:
    """The `n` fastest-growing phrases outside the taxonomy (see the module docstring).

    Columns: term, recent_share and earlier_share (share of the sampled postings of each half
    that contain it), growth (recent_share − earlier_share), postings (sampled postings
    containing it). Sorted by growth, then term. Empty when the postings span a single day.
    """
    settings = (n, min_postings, min_ratio, max_postings, fresh_postings, screen_words, seed)
    if settings == _DEFAULTS:
        stored = json.loads(get_meta(con, META_TERMS) or "{}")
        if stored.get("state") == _state(con) and selects_all(con, f):
            return _frame(stored["rows"])
    kept = kept_words(con, _words_state(con))
    sample = posting_sample(con, f, max_postings, fresh_postings, seed, kept)
    if sample.empty or sample["recent"].all() or not sample["recent"].any():
        return _empty()
    tokenize = tokenizer()
    texts = partial(posting_texts, con, f)
    numbers, lengths, all_words = sample_words(sample["row"].to_numpy(), kept, texts, tokenize)
    codes, uniques = pd.factorize(numbers)
    flat = codes.astype(np.int64)
    words = all_words[uniques]
    vocab = {word: i for i, word in enumerate(words)}
    n_docs = len(lengths)
    recent = sample["recent"].to_numpy(dtype=bool)
    weight = _half_weights(sample["source"], recent)
    n_words = len(vocab)
    size = n_words + 2  # word ids, then one break id; keys use id + 1
    if size >= 2**21:  # keys of three words must fit in 63 bits
        raise ValueError("vocabulary too large for emerging_terms; lower max_postings")

    # Screening: each word's growth, the sum of the (within-source) weights of the recent
    # postings holding it less that of the earlier ones.
    doc_of_token = np.repeat(np.arange(n_docs), lengths)
    pairs = pd.unique(doc_of_token * n_words + flat) if n_words else np.empty(0, np.int64)
    pair_word, pair_doc = pairs % max(n_words, 1), pairs // max(n_words, 1)
    towards_recent = np.where(recent, weight, -weight)[pair_doc]
    word_growth = np.bincount(pair_word, weights=towards_recent, minlength=n_words)
    word_postings = np.bincount(pair_word, minlength=n_words)
    phrase_break = vocab.get(PHRASE_BREAK, -1)
    if phrase_break >= 0:
        word_growth[phrase_break] = 0.0  # never a candidate
    eligible = np.flatnonzero((word_postings >= min_postings) & (word_growth > 0))
    chosen = eligible[np.argsort(-word_growth[eligible], kind="stable")[:screen_words]]
    candidate = np.zeros(size, dtype=bool)
    candidate[chosen] = True

    # All postings in one array, a break id after each; n-grams (1-3 words) holding a
    # candidate word and no word of a skill named in the text, counted once per posting.
    brk = n_words
    text = np.full(len(flat) + n_docs, brk, dtype=np.int64)
    text[np.arange(len(flat)) + doc_of_token] = flat
    doc_of = np.repeat(np.arange(n_docs), lengths + 1)
    forms = surface_forms(con, tokenize)
    known, mention_at, mention_skill = known_words(text, forms, vocab, size)
    known[text == brk] = True
    known[text == phrase_break] = True
    grams = ngram_keys(text, candidate[text], known, size)
    found = pd.DataFrame(
        {
            "key": np.concatenate([k for k, _ in grams]),
            "doc": np.concatenate([doc_of[w] for _, w in grams]),
        }
    ).drop_duplicates()
    docs = found["doc"].to_numpy()
    found["recent_share"] = np.where(recent[docs], weight[docs], 0.0)
    found["earlier_share"] = np.where(recent[docs], 0.0, weight[docs])
    table = found.groupby("key").agg(
        recent_share=("recent_share", "sum"),
        earlier_share=("earlier_share", "sum"),
        postings=("doc", "size"),
    )
    table = table[table["postings"] >= min_postings]
    if table.empty:
        return _empty()
    grams = [decode(int(k), size, words) for k in table.index]
    table = table.assign(gram=grams)
    covered = covered_test(forms)
    table = table[[not covered(g) and ROLE_WORDS.isdisjoint(g) for g in table["gram"]]]
    table["growth"] = table["recent_share"] - table["earlier_share"]
    table = table[table["recent_share"] >= min_ratio * table["earlier_share"]]
    table = table[table["growth"] > 0]
    found = found[found["key"].isin(table.index)]
    postings_of = found.groupby("key")["doc"].agg(frozenset)
    mentions = (doc_of[mention_at], mention_skill)
    elsewhere = _growth_elsewhere(
        recent, weight, sample["employer"].to_numpy(), mentions, min_ratio
    )
    picked = _pick(table, n, postings_of, elsewhere)
    if not picked:
        return _empty()
    out = table.loc[picked].copy()
    out["term"] = [" ".join(g) for g in out["gram"]]
    out = out.sort_values(["growth", "term"], ascending=[False, True], ignore_index=True)
    out["postings"] = out["postings"].astype("int64")
    return out[TERM_COLUMNS]


# emerging_terms' keyword defaults, in order
_DEFAULTS = (30, 5, 2.0, SAMPLE_POSTINGS, 1_000, 400, SAMPLE_SEED)


def store_emerging_terms(con: Connection) -> None:
    """Compute the whole workspace's emerging terms (default settings) and keep them in
    workspace_meta for `emerging_terms`, with the fingerprint of what they describe; keep the
    words of the postings they are read from as well, for filtered views."""
    state, words_state = _state(con), _words_state(con)
    stored = json.loads(get_meta(con, META_TERMS) or "{}")
    has_words = kept_words(con, words_state) is not None
    if stored.get("state") == state and has_words:
        return
    if not has_words:
        keep_sample_words(con, words_state)
    terms = emerging_terms(con, MarketFilter())
    set_meta(con, META_TERMS, json.dumps({"state": state, "rows": terms.to_dict("list")}))


def _words_state(con: Connection) -> str:
    """Fingerprint of what kept words depend on: the postings and the tokeniser (METHOD)."""
    return f"{METHOD}|{data_signature(con)}"


def _state(con: Connection) -> str:
    """Fingerprint of the postings, of the taxonomy (names and aliases) terms depend on, and
    of the method (terms stored by an older one are worked out again)."""
    skills, aliases = con.execute(
        "SELECT (SELECT count(*) || ':' || coalesce(sum(hash(skill_id, name)), 0) FROM skills), "
        "(SELECT count(*) || ':' || coalesce(sum(hash(alias, skill_id)), 0) FROM skill_aliases)"
    ).fetchone()
    return f"{METHOD}|{data_signature(con)}|{skills}|{aliases}"


def _frame(rows: dict[str, list]) -> pd.DataFrame:
    out = _empty()
    return pd.DataFrame({c: pd.Series(rows[c], dtype=out[c].dtype) for c in TERM_COLUMNS})


def _half_weights(source: pd.Series, recent: np.ndarray) -> np.ndarray:
    """Each posting's part of its half's share: a term's recent (earlier) share is the sum of
    the weights of the recent (earlier) postings holding it.

    Shares are taken within each source and averaged, weighted by the source's size, so a
    source that grew from one half to the other does not pass its style off as a trend. With
    one source this is 1 / (postings in the posting's half)."""
    frame = pd.DataFrame({"source": source.to_numpy(), "recent": recent})
    in_half = frame.groupby(["source", "recent"])["recent"].transform("size").to_numpy()
    in_source = frame.groupby("source")["source"].transform("size").to_numpy()
    return in_source / len(frame) / in_half


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    k = len(shorter)
    return any(longer[i : i + k] == shorter for i in range(len(longer) - k + 1))


def _pick(table: pd.DataFrame, n: int, postings_of: pd.Series, elsewhere) -> list:
    """Index labels of the terms to show: absorbed terms out, then greedy by growth, skipping a
    term inside or around a chosen one, nearly always found in a chosen one's postings (the
    context of a chosen phrase, not a new phrase), or whose growth is `elsewhere`'s."""
    # The largest posting count of a one-word-longer term, for each prefix and suffix.
    longer_postings: dict[tuple[str, ...], int] = {}
    for gram, count in zip(table["gram"], table["postings"], strict=True):
        if len(gram) > 1:
            for part in (gram[:-1], gram[1:]):
                longer_postings[part] = max(longer_postings.get(part, 0), int(count))
    absorbed = [
        key
        for key, gram, count in zip(table.index, table["gram"], table["postings"], strict=True)
        if longer_postings.get(gram, 0) >= _ABSORB * count
    ]
    ranked = table.drop(index=absorbed)
    ranked = ranked.assign(term=[" ".join(g) for g in ranked["gram"]])
    ranked = ranked.sort_values(["growth", "term"], ascending=[False, True])
    picked: list = []
    chosen: list[tuple[tuple[str, ...], frozenset]] = []
    for key, gram in zip(ranked.index, ranked["gram"], strict=True):
        docs = postings_of[key]
        if any(_redundant(gram, docs, c_gram, c_docs) for c_gram, c_docs in chosen):
            continue
        if elsewhere(np.fromiter(docs, dtype=np.int64, count=len(docs))):
            continue
        picked.append(key)
        chosen.append((gram, docs))
        if len(picked) >= n:
            break
    return picked


def _growth_elsewhere(
    recent: np.ndarray,
    weight: np.ndarray,
    employer: np.ndarray,
    mentions: tuple[np.ndarray, np.ndarray],
    min_ratio: float,
):
    """A function telling whether the growth of a term found in the sampled postings `docs` is
    that of one employer or of one known skill (module, step 7). `mentions` holds the posting
    and the skill number of every skill name written out in the sample."""
    import scipy.sparse as sp  # loaded with scikit-learn

    mention_doc, mention_skill = mentions
    shape = (len(recent), int(mention_skill.max(initial=-1)) + 1)
    named = sp.csr_matrix((np.ones(len(mention_doc)), (mention_doc, mention_skill)), shape=shape)
    named.data[:] = 1.0  # posting × skill: names it (mentions were summed)
    in_recent = np.where(recent, weight, 0.0)
    in_earlier = np.where(recent, 0.0, weight)
    skill_recent, skill_earlier = named.T @ in_recent, named.T @ in_earlier

    def elsewhere(docs: np.ndarray) -> bool:
        if np.unique(employer[docs], return_counts=True)[1].max() > _ONE_EMPLOYER * len(docs):
            return True
        rows = named[docs]
        close = np.flatnonzero(np.asarray(rows.sum(axis=0)).ravel() >= _ABSORB * len(docs))
        close = close[skill_earlier[close] > 0]  # a skill new in the recent half: no telling
        # Its share among the skill's recent postings, r / R, against its share among the
        # earlier ones, e / E: r / R < min_ratio · e / E, multiplied out.
        r, e = (rows.T @ in_recent[docs])[close], (rows.T @ in_earlier[docs])[close]
        return bool(np.any(r * skill_earlier[close] < min_ratio * e * skill_recent[close]))

    return elsewhere


def _redundant(gram, docs: frozenset, chosen_gram, chosen_docs: frozenset) -> bool:
    if _contains(gram, chosen_gram) or _contains(chosen_gram, gram):
        return True
    return len(docs & chosen_docs) >= _ABSORB * len(docs)


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "term": pd.Series(dtype="str"),
            "recent_share": pd.Series(dtype="float64"),
            "earlier_share": pd.Series(dtype="float64"),
            "growth": pd.Series(dtype="float64"),
            "postings": pd.Series(dtype="int64"),
        }
    )
