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

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.store import Connection

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
    position at[i] of `text` and names skill[i]."""
    single = np.full(size, -1, dtype=np.int64)
    longer: dict[int, list[tuple[np.ndarray, int]]] = {}
    for form, skill in forms.items():
        ids = [vocab.get(t) for t in form]
        if any(i is None for i in ids):
            continue  # a word the sample never uses: the form cannot occur
        if len(ids) == 1:
            single[ids[0]] = skill
        else:
            pair = ids[0] * size + ids[1]
            longer.setdefault(pair, []).append((np.array(ids, dtype=np.int64), skill))
    skill_of = single[text]
    known = skill_of >= 0
    at, skills = np.flatnonzero(known), skill_of[known]
    more_at: list[int] = []
    more_skills: list[int] = []
    if longer and len(text) > 1:
        starts = text[:-1] * size + text[1:]
        keys = np.fromiter(longer, dtype=np.int64, count=len(longer))
        for pos in np.flatnonzero(pd.Series(starts).isin(keys).to_numpy()):
            for form, skill in longer[int(starts[pos])]:
                end = pos + len(form)
                if len(form) == 2 or (end <= len(text) and np.array_equal(text[pos:end], form)):
                    known[pos:end] = True
                    more_at.append(int(pos))
                    more_skills.append(skill)
    at = np.concatenate([at, np.array(more_at, dtype=np.int64)])
    return known, at, np.concatenate([skills, np.array(more_skills, dtype=np.int64)])


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
