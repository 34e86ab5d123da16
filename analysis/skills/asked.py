"""Whether a sentence asks something of the candidate: the "asked" skill scope.

A posting names skills in three kinds of sentence: what it asks of the candidate ("Experience
with Python"), what the job or its team uses ("Our stack: Kafka, Go"), and what the employer
does or sells ("We build AI for banks"). By default every mention counts (scope "named"). A
workspace may count only the first kind (scope "asked"), the convention of labelled skill
datasets such as SkillSpan: mentions in a sentence this model scores below its threshold get
the context "not_asked" and are not counted as demand.

The model is a logistic regression over the words of the mention's sentence and of the one
before it (only words of our ordinary-words list), and over a few cues: an "ask" word in either
sentence, a duty verb opening the sentence, "we" or "our" opening it or the one before, the
posting's first sentence (its title), and a short sentence (a list item). Its weights live in
`data/taxonomy/asked_weights.yaml`, written by `benchmarks/train_asked_weights.py`.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

import yaml

from analysis.skills.taxonomy import BUILTIN_FOLDER, TaxonomyError

ASKED = "@asked"  # key of the AskedModel in a rules mapping (never a match key)
NOT_ASKED = "not_asked"  # the context of a mention the model sets aside
SCOPES = ("named", "asked")
WEIGHTS_PATH = BUILTIN_FOLDER / "asked_weights.yaml"
SHORT_WORDS = 6  # a sentence of at most this many blank-separated words is "short": a list item
CUES = ("ask", "prev_ask", "duty", "we_first", "prev_we_first", "first_sentence", "short")

_WORD = re.compile(r"[a-z]+")
_BLANKS = frozenset(" \t\n\r\f\v")  # after ".", "!" or "?": the sentence ends
_BLANK_OR_END = " \t\r\n\f\v|.!?"


@dataclass(frozen=True)
class AskedModel:
    """Weights of the asked-of-the-candidate model; `logit` scores one sentence."""

    intercept: float
    threshold: float  # as a probability: a mention counts when its sentence scores at least this
    cue_words: tuple[tuple[str, frozenset[str]], ...]  # ("ask" | "duty" | "we", words)
    weights: tuple[tuple[str, float], ...]  # feature name (see `features`) -> weight

    def __post_init__(self):
        weights = dict(self.weights)
        cues = dict(self.cue_words)
        part = {prefix: {f[2:]: w for f, w in weights.items() if f.startswith(prefix)}
                for prefix in ("s:", "p:")}  # fmt: skip
        object.__setattr__(self, "_cues", cues)
        object.__setattr__(self, "_cue_weight", {c: weights.get("cue:" + c, 0.0) for c in CUES})
        object.__setattr__(self, "_sentence_weight", part["s:"])
        object.__setattr__(self, "_previous_weight", part["p:"])
        p = self.threshold
        object.__setattr__(self, "_cut", math.log(p / (1 - p)))

    def _parts(self, text: str, bounds: list[int], pos: int, words: dict | None = None):
        """(words of the sentence holding text[pos], words of the one before, cues on).
        `words` caches each sentence's (words, blank-separated count) by its index."""
        i = bisect_right(bounds, pos) - 1
        words = {} if words is None else words
        sentence, count = words.get(i) or _sentence_words(text, bounds, i, words)
        before = (words.get(i - 1) or _sentence_words(text, bounds, i - 1, words))[0] if i else []
        # Plain ifs, not a table of conditions: this runs for every sentence holding a skill.
        ask, we = self._cues["ask"], self._cues["we"]
        on = []
        if not ask.isdisjoint(sentence):
            on.append("ask")
        if before and not ask.isdisjoint(before):
            on.append("prev_ask")
        if sentence and sentence[0] in self._cues["duty"]:
            on.append("duty")
        if sentence and sentence[0] in we:
            on.append("we_first")
        if before and before[0] in we:
            on.append("prev_we_first")
        if i == 0:
            on.append("first_sentence")
        if count <= SHORT_WORDS:  # "Node.js, C++" is two words
            on.append("short")
        return sentence, before, on

    def features(self, text: str, bounds: list[int], pos: int) -> set[str]:
        """The features of the sentence holding text[pos] (`bounds` from `sentence_bounds`),
        as the weights file names them: "s:word" and "p:word" for the words of it and of the
        sentence before, "cue:NAME" for each cue on. What the training script learns from."""
        sentence, before, cues = self._parts(text, bounds, pos)
        return (
            {"s:" + w for w in sentence} | {"p:" + w for w in before} | {"cue:" + c for c in cues}
        )

    def logit(self, text: str, bounds: list[int], pos: int, words: dict | None = None) -> float:
        """intercept + the weights of `features`, without spelling the features out."""
        sentence, before, cues = self._parts(text, bounds, pos, words)
        s_weight, p_weight, cue = self._sentence_weight, self._previous_weight, self._cue_weight
        z = self.intercept
        for w in s_weight.keys() & sentence:
            z += s_weight[w]
        for w in p_weight.keys() & before:
            z += p_weight[w]
        for c in cues:
            z += cue[c]
        return z

    def asked(self, text: str, bounds: list[int], pos: int, words: dict | None = None) -> bool:
        return self.logit(text, bounds, pos, words) >= self._cut


def _sentence_words(text: str, bounds: list[int], i: int, words: dict) -> tuple[list[str], int]:
    raw = text[bounds[i] : bounds[i + 1]].lower()
    words[i] = found = (_WORD.findall(raw), len(raw.split()))
    return found


def sentence_bounds(text: str) -> list[int]:
    """Sentence starts in `text` (where sentence_context's SENTENCE_END ends sentences), then
    len(text) + 1. A sentence of nothing but blanks and end marks (the line break after
    "Requirements.") joins the end before it: the sentence before a line is the one above it."""
    ends = set()
    find = text.find
    # str.find per mark, not a regex: several times faster on postings, where every blank would
    # be a place for the regex to try ("   ", a bullet, is one of the marks).
    for mark in ".!?\n|":
        i = find(mark)
        while i >= 0:
            if mark in "\n|" or text[i + 1 : i + 2] in _BLANKS:
                ends.add(i + 1)
            i = find(mark, i + 1)
    i = find("   ")
    while i >= 0:
        ends.add(i + 3)
        i = find("   ", i + 3)
    bounds = [0]
    for end in sorted(ends):
        if text[bounds[-1] : end].strip(_BLANK_OR_END):
            bounds.append(end)
        elif len(bounds) > 1:  # (blanks opening the text belong to its first sentence)
            bounds[-1] = end
    bounds.append(len(text) + 1)
    return bounds


def not_asked(model: AskedModel, text: str, hits: list[tuple[int, int, int]], contexts):
    """`contexts` (None or one per hit) with NOT_ASKED for each hit without a context whose
    sentence the model does not score as asked; each sentence is scored once."""
    bounds = sentence_bounds(text)
    contexts = list(contexts) if contexts is not None else [None] * len(hits)
    verdict: dict[int, bool] = {}
    words: dict[int, tuple] = {}  # a sentence's words serve it and the sentence after it
    for k, (start, _, _) in enumerate(hits):
        if contexts[k] is not None:
            continue
        i = bisect_right(bounds, start) - 1
        if i not in verdict:
            verdict[i] = model.asked(text, bounds, start, words)
        if not verdict[i]:
            contexts[k] = NOT_ASKED
    return contexts


def load_asked_model(path: str | Path | None = None) -> AskedModel:
    """The model in `path` (default: the built-in weights); TaxonomyError when malformed."""
    path = Path(path) if path else WEIGHTS_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        cue_words = tuple(
            (name, frozenset(str(w) for w in data["cue_words"][name]))
            for name in ("ask", "duty", "we")
        )
        weights = {f"cue:{k}": float(v) for k, v in (data["weights"].get("cues") or {}).items()}
        for prefix, part in (("s:", "sentence"), ("p:", "previous")):
            weights |= {
                prefix + str(k): float(v) for k, v in (data["weights"].get(part) or {}).items()
            }
        threshold = float(data["threshold"])
        unknown = sorted(k for k in weights if k.startswith("cue:") and k[4:] not in CUES)
        if unknown or not 0 < threshold < 1:
            raise ValueError(f"unknown cues {unknown}" if unknown else "threshold outside (0, 1)")
        return AskedModel(
            float(data["intercept"]), threshold, cue_words, tuple(sorted(weights.items()))
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise TaxonomyError("Bad asked-skills model", f"{path.name}: {exc}") from exc
