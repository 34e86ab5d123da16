"""Postings as words for emerging terms (`demand_terms`): where phrases end, taxonomy names in
the text, and the n-grams that may be counted.

A phrase ends at a break, and no n-gram spans one. Breaks are where a sentence, clause or list
item ends, and the words that carry no term:

- ".", "!", "?", ";" and ":" before a blank, the end of the text or a capitalised word (a full
  stop that lost its blank, "leave.Annual bonus"); a full stop inside a word ("node.js") is not
  one.
- A comma, a bracket or a quote (no term holds one: "Kelp farming, lantern repair" is two
  phrases), a line break, "|", a bullet or dash mark ("•", "·", "–", "—", ...) anywhere, and a
  hyphen, asterisk, plus sign, slash or ampersand standing alone ("leave - annual bonus", a
  Markdown "*" whose line break was lost, "Sales / Solutions", "R & D").
- A word written in lower case followed by a capitalised one, a capital then a lower-case
  letter ("... paid parental leave Annual bonus ..."): in English that is a new sentence or
  list item whose break a board flattened away, or a proper name, which then starts its own
  phrase. "Claude Code" stays whole (both words are capitalised), so do "agentic AI" and
  "fine-tuning LLMs" (no lower-case letter follows the capital); "managed Postgres" gives
  "postgres" alone.
- Every word of scikit-learn's English stop list, one-letter ones ("a", "i") included, and
  every run of letters and digits that is no word of `TOKEN_PATTERN`: numbers ("Python 3
  scripting"), single letters, words starting with a digit. An "s" after an apostrophe is no
  break ("bachelor's degree").
"""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd

from analysis.store import Connection, get_meta, set_meta

# Words of two or more characters; a trailing "+", "++" or "#" stays ("data+", "c++", "c#").
TOKEN_PATTERN = r"(?u)\b[a-z][a-z0-9-]*[a-z0-9](?:\+\+|\+|#)?(?![\w+#])|\b[a-z](?:\+\+|#)(?![\w+#])"
# What the analyzer reads: every run of word characters, "+", "#" and "-" (but the "s" of
# "bachelor's"); a run that is no word of TOKEN_PATTERN ("3", "a", "3d") is a break.
_RUN_PATTERN = r"(?u)(?<!\w['’])\b\w[\w+#-]*"
PHRASE_BREAK = "waypointphrasebreak"
_END_MARK = r"""[.!?;:]+(?=\s|$|[A-Z][a-z])|[,()\[\]{}"|•·▪◦●■►✓–—\n]|(?<!\S)[-*+/&]+(?!\S)"""
# The lookahead lets the regex engine skip to the next mark instead of trying every letter.
_PHRASE_END = re.compile(rf"""(?=[.!?;:,()\[\]{{}}"|•·▪◦●■►✓–—\n*+/&-])(?:{_END_MARK})""")
# A lower-case word after a blank, the blanks after it and a capitalised word: a break goes
# between them. (Only after a blank, not at the start of a line, where words are rarely in
# lower case: a regex led by a plain character runs a third faster.)
_CAPITAL_AFTER_LOWER = re.compile(r"( [a-z][\w+#-]*+)[ \t]++(?=[A-Z][a-z])")
META_WORDS = "emerging_terms_words"  # the whole workspace sample's words, see keep_words


def tokenizer() -> Callable[[str], list[str]]:
    """text -> its words, each break (see module) as PHRASE_BREAK. The same PHRASE_BREAK object
    stands for each, and one object for each word: a sample of 20,000 long postings holds
    millions of stop words, and kept as separate strings they would hold hundreds of MB until
    the words are coded."""
    from sklearn.feature_extraction.text import (  # slow to import: on first use
        ENGLISH_STOP_WORDS,
        CountVectorizer,
    )

    analyzer = CountVectorizer(lowercase=True, token_pattern=_RUN_PATTERN).build_analyzer()
    word = re.compile(TOKEN_PATTERN)

    class Words(dict):
        def __missing__(self, run: str) -> str:
            w = run.rstrip("-")  # "front-" of "front- and back-end"
            keep = w not in ENGLISH_STOP_WORDS and w != PHRASE_BREAK and word.fullmatch(w)
            self[run] = w if keep else PHRASE_BREAK
            return self[run]

    words = Words()
    marked = f" {PHRASE_BREAK} "
    lower_then_capital = rf"\1{marked}"

    def tokens(text: str) -> list[str]:
        text = _PHRASE_END.sub(marked, _CAPITAL_AFTER_LOWER.sub(lower_then_capital, text))
        return list(map(words.__getitem__, analyzer(text)))

    return tokens


def postings_words(
    texts: Iterable[str | None], tokenize, vocab: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """(words, lengths): the words of all `texts` as numbers of `vocab` (a word new to it is
    added) in one array, and the number of words of each text."""
    tokens = [tokenize(t) if isinstance(t, str) else [] for t in texts]
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    codes, uniques = pd.factorize(pd.Series(list(chain.from_iterable(tokens)), dtype=object))
    number = np.fromiter(
        (vocab.setdefault(w, len(vocab)) for w in uniques), dtype=np.int64, count=len(uniques)
    )
    return number[codes], lengths


@dataclass(frozen=True)
class KeptWords:
    """Postings' words as `postings_words` gives them: those of the posting with rowid
    rows[i] are words[offsets[i]:offsets[i + 1]], numbers of `vocab`."""

    rows: pd.Index
    offsets: np.ndarray
    words: np.ndarray
    vocab: list[str]


def keep_words(con: Connection, state: str, kept: KeptWords) -> None:
    """Store `kept` in workspace_meta (compressed) with the fingerprint `state` it is valid for."""
    buffer = io.BytesIO()
    width = np.uint16 if len(kept.vocab) <= 2**16 else np.uint32
    np.savez_compressed(
        buffer,
        rows=kept.rows.to_numpy(dtype=np.int64),
        offsets=kept.offsets.astype(np.int64),
        words=kept.words.astype(width),
        vocab=np.array("\n".join(kept.vocab)),  # no word holds a blank
    )
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    set_meta(con, META_WORDS, json.dumps({"state": state, "npz": data}))


def kept_words(con: Connection, state: str) -> KeptWords | None:
    """The words `keep_words` stored, when they were stored for `state`."""
    stored = json.loads(get_meta(con, META_WORDS) or "{}")
    if stored.get("state") != state:
        return None
    with np.load(io.BytesIO(base64.b64decode(stored["npz"])), allow_pickle=False) as npz:
        vocab = str(npz["vocab"])
        return KeptWords(
            rows=pd.Index(npz["rows"]),
            offsets=npz["offsets"],
            words=npz["words"].astype(np.int64),
            vocab=vocab.split("\n") if vocab else [],
        )


def sample_words(
    rows: np.ndarray, kept: KeptWords | None, texts: Callable[[np.ndarray], list], tokenize
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(numbers, lengths, words): the words of the postings with rowids `rows`, posting after
    posting, as numbers of `words`, and the number of words of each. Words `kept` are read
    back; `texts(rowids)` gives the other postings' texts, which are tokenised now."""
    at = kept.rows.get_indexer(rows) if kept is not None else np.full(len(rows), -1)
    vocab = {w: i for i, w in enumerate(kept.vocab)} if kept is not None else {}
    old, fresh = np.flatnonzero(at >= 0), np.flatnonzero(at < 0)
    lengths = np.zeros(len(rows), dtype=np.int64)
    old_words = np.empty(0, dtype=np.int64)
    if kept is not None and len(old):
        begin = kept.offsets[at[old]]
        lengths[old] = kept.offsets[at[old] + 1] - begin
        old_words = kept.words[_ranges(begin, lengths[old])].astype(np.int64)
    fresh_words, lengths[fresh] = postings_words(texts(rows[fresh]), tokenize, vocab)
    # Each posting's words, in the order of `rows`, from old_words then fresh_words.
    begin = np.zeros(len(rows), dtype=np.int64)
    begin[old] = np.cumsum(lengths[old]) - lengths[old]
    begin[fresh] = len(old_words) + np.cumsum(lengths[fresh]) - lengths[fresh]
    numbers = np.concatenate([old_words, fresh_words])[_ranges(begin, lengths)]
    return numbers, lengths, np.array(list(vocab), dtype=object)


def _ranges(begin: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions begin[i], begin[i] + 1, ..., begin[i] + lengths[i] - 1, for each i."""
    step = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(begin, lengths) + step


def surface_forms(con: Connection, tokenize) -> dict[tuple[str, ...], int]:
    """Every skill name and alias of the workspace taxonomy as the postings' words, without
    breaks at either end (inside one, the stop word of "infrastructure as code" is a break in
    the postings' words too), each with the number of its skill (skills in skill_id order).
    A name written with a capital after a lower-case word ("dbt Cloud") is there both as
    written and in lower case, as postings write it either way."""
    rows = con.execute(
        "SELECT name, skill_id FROM skills UNION SELECT alias, skill_id FROM skill_aliases "
        "ORDER BY 2, 1"
    ).fetchall()
    number: dict[str, int] = {}
    out: dict[tuple[str, ...], int] = {}
    for name, skill_id in rows:
        skill = number.setdefault(skill_id, len(number))
        name = name or ""
        cased = _CAPITAL_AFTER_LOWER.search(f" {name}")
        for written in (name, name.lower()) if cased else (name,):
            words = tokenize(written)
            while words and words[0] == PHRASE_BREAK:
                words.pop(0)
            while words and words[-1] == PHRASE_BREAK:
                words.pop()
            if words:
                out.setdefault(tuple(words), skill)
    return out


def known_words(
    text: np.ndarray, forms: dict[tuple[str, ...], int], vocab: dict[str, int], size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(known, at, skill): known is True for every word of `text` that belongs to a taxonomy
    name or alias written out there, so no n-gram is formed across a known skill ("experience
    with generative AI" must not yield "experience generative"); each such mention starts at
    position at[i] of `text` and names skill[i] (one-word names first, then longer ones by
    position)."""
    single = np.full(size, -1, dtype=np.int64)
    longer: list[tuple[list[int], int]] = []
    for form, skill in forms.items():
        ids = [vocab.get(t) for t in form]
        if any(i is None for i in ids):
            continue  # a word the sample never uses: the form cannot occur
        if len(ids) == 1:
            single[ids[0]] = skill
        else:
            longer.append((ids, skill))
    skill_of = single[text]
    known = skill_of >= 0
    at, skills = np.flatnonzero(known), skill_of[known]
    if not longer or len(text) < 2:
        return known, at, skills
    # Each longer form against every position whose two words start it, all at once.
    width = max(len(ids) for ids, _ in longer)
    form_words = np.full((len(longer), width), -1, dtype=np.int64)
    for row, (ids, _) in enumerate(longer):
        form_words[row, : len(ids)] = ids
    form_length = np.array([len(ids) for ids, _ in longer], dtype=np.int64)
    form_skill = np.array([skill for _, skill in longer], dtype=np.int64)
    first = form_words[:, 0] * size + form_words[:, 1]
    by_first = np.argsort(first, kind="stable")  # forms sharing a start keep their order
    sorted_first = first[by_first]
    starts = text[:-1] * size + text[1:]
    pos = np.flatnonzero(pd.Series(starts).isin(sorted_first).to_numpy())
    low = np.searchsorted(sorted_first, starts[pos], side="left")
    many = np.searchsorted(sorted_first, starts[pos], side="right") - low
    pos, form = np.repeat(pos, many), by_first[_ranges(low, many)]
    offset = np.arange(width)
    index = pos[:, None] + offset
    inside = offset < form_length[form][:, None]
    same = text[np.minimum(index, len(text) - 1)] == form_words[form]
    match = np.all(~inside | ((index < len(text)) & same), axis=1)
    pos, form = pos[match], form[match]
    cover = np.bincount(pos, minlength=len(text) + 1)
    cover -= np.bincount(pos + form_length[form], minlength=len(text) + 1)[: len(text) + 1]
    known |= np.cumsum(cover)[: len(text)] > 0
    return known, np.concatenate([at, pos]), np.concatenate([skills, form_skill[form]])


def ngram_keys(
    text: np.ndarray, is_candidate: np.ndarray, is_known: np.ndarray, size: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(keys, start positions) of the 1-3 word windows of `text` that hold a candidate word
    and no known word. A key is ((a+1)·size + (b+1))·size + (c+1) for words a, b, c (0 for
    a missing word)."""
    out = []
    mark = is_candidate.astype(np.int64)
    known = is_known.astype(np.int64)
    shifted = text + 1
    for length in (1, 2, 3):
        if len(text) < length:
            break
        windows = len(text) - length + 1
        span = np.ones(length, dtype=np.int64)
        keep = (np.convolve(mark, span, mode="valid") > 0) & (
            np.convolve(known, span, mode="valid") == 0
        )
        key = np.zeros(windows, dtype=np.int64)
        for offset in range(length):
            key = key * size + shifted[offset : offset + windows]
        where = np.flatnonzero(keep)
        out.append((key[where], where))
    return out


def decode(key: int, size: int, words: np.ndarray) -> tuple[str, ...]:
    out = []
    while key:
        key, part = divmod(key, size)
        out.append(words[part - 1])
    return tuple(reversed(out))


def covered_test(forms):
    """A function telling whether a word tuple overlaps a taxonomy name or alias: contains one
    (as whole words) or lies inside one ("learning" inside "machine learning")."""
    whole = set(forms)
    inside: set[tuple[str, ...]] = set()
    for tokens in forms:
        for i in range(len(tokens)):
            for j in range(i + 1, min(len(tokens), i + 3) + 1):
                inside.add(tokens[i:j])

    def covered(gram: tuple[str, ...]) -> bool:
        if gram in inside:
            return True
        n = len(gram)
        return any(gram[i:j] in whole for i in range(n) for j in range(i + 1, n + 1))

    return covered
