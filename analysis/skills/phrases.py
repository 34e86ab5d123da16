"""Phrases a context rule looks for right before, right after or near a mention.

`Adjacent` holds phrases that must (or must not) touch the mention ("forbid_preceding",
"followed_by", ...), `WordSet` words and phrases anywhere in a window around it ("nearby",
"forbid_nearby", a sentence context's "unless"). Both compare token by token, not by regex.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from analysis.skills.taxonomy import form_key

# Words (with a trailing "++" or "#") and single punctuation marks; hyphens are skipped like
# spaces, so "suite" is right after the C of both "C-suite" and "C suite".
_ADJACENT_TOKEN = re.compile(r"[^\W_]+(?:[+#]+)?|[^\w\s-]")
_REACH = 40  # characters looked at on each side for an adjacent phrase


@dataclass(frozen=True)
class Adjacent:
    """Phrases that must (or must not) come right before or right after a mention."""

    phrases: frozenset[tuple[str, ...]]
    longest: int
    # For a cheap pre-check in `after`: the token every phrase starts with.
    firsts: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "firsts", frozenset(p[0] for p in self.phrases))

    @classmethod
    def of(cls, phrases: Iterable[str]) -> Adjacent | None:
        tokens = frozenset(tuple(_ADJACENT_TOKEN.findall(form_key(p))) for p in phrases) - {()}
        return cls(tokens, max(map(len, tokens))) if tokens else None

    def before(self, text: str, start: int) -> bool:
        """Does one of the phrases end right before text[start]?"""
        lo = max(0, start - _REACH)
        tokens = [m for m in _ADJACENT_TOKEN.finditer(text, lo, start)][-self.longest - 1 :]
        if tokens and lo > 0 and tokens[0].start() == lo and text[lo - 1].isalnum():
            tokens = tokens[1:]  # cut by the window: not a whole word
        words = tuple(m.group() for m in tokens)
        return any(words[-n:] in self.phrases for n in range(1, min(self.longest, len(words)) + 1))

    def after(self, text: str, end: int) -> bool:
        """Does one of the phrases start right after text[:end]?"""
        hi = end + _REACH
        first = _ADJACENT_TOKEN.search(text, end, hi)
        if first is None or first.group() not in self.firsts:
            return False  # the token after the mention starts no phrase
        tokens = [m for m in _ADJACENT_TOKEN.finditer(text, end, hi)][: self.longest + 1]
        if len(tokens) > self.longest:
            tokens = tokens[: self.longest]
        elif tokens and hi < len(text) and tokens[-1].end() == hi and text[hi].isalnum():
            tokens = tokens[:-1]
        words = tuple(m.group() for m in tokens)
        return any(words[:n] in self.phrases for n in range(1, min(self.longest, len(words)) + 1))


_TOKEN = re.compile(r"[^\W_]+(?:(?:[.&][^\W_]+)+|[+#]+)?")  # words, "node.js", "c++", "at&t"


@dataclass(frozen=True)
class WordSet:
    """Words and phrases to look for near a mention, compared token by token.

    Set lookups over the ~20 tokens of a window: a regex alternation of 100 words with word
    boundaries is retried at every position of the window and was most of the rule time.
    """

    phrases: frozenset[tuple[str, ...]]
    longest: int
    firsts: frozenset[str] = field(init=False, repr=False, compare=False)  # for a pre-check
    singles: frozenset[str] = field(init=False, repr=False, compare=False)  # one-word phrases

    def __post_init__(self) -> None:
        object.__setattr__(self, "firsts", frozenset(p[0] for p in self.phrases))
        object.__setattr__(self, "singles", frozenset(p[0] for p in self.phrases if len(p) == 1))

    @classmethod
    def of(cls, words: Iterable[str]) -> WordSet | None:
        phrases = frozenset(tuple(_TOKEN.findall(form_key(w))) for w in words) - {()}
        return cls(phrases, max(map(len, phrases))) if phrases else None

    def found_in(self, text: str, start: int, end: int) -> bool:
        """Does text[start:end] hold one of the phrases as whole tokens?"""
        found = _TOKEN.findall(text, start, end)
        if self.firsts.isdisjoint(found):
            return False  # no phrase can start in the window (a set intersection in C)
        if not self.singles.isdisjoint(found[1:-1]):
            return True  # a one-word phrase among the tokens no window edge can have cut
        tokens = [m for m in _TOKEN.finditer(text, start, end)]
        if tokens and start > 0 and text[start - 1].isalnum() and tokens[0].start() == start:
            tokens = tokens[1:]  # the window cut a word in two
        if tokens and end < len(text) and text[end].isalnum() and tokens[-1].end() == end:
            tokens = tokens[:-1]
        words = [m.group() for m in tokens]
        for size in range(1, self.longest + 1):
            for i in range(len(words) - size + 1):
                if tuple(words[i : i + size]) in self.phrases:
                    return True
        return False
