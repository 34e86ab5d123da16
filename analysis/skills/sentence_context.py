"""Sentences about the employer rather than the job (`sentence_context` in the context rules).

"We are a Microsoft Gold Partner", "What we offer: ...", an equal-opportunity statement, "Our
customers love ...": cue phrases (`SentenceCues`, which ride in the extractor's automaton) mark
them, `cue_spans` finds the text each cue marks, and mentions there get a context and are not
counted as demand.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass

from analysis.skills.normalise import match_key
from analysis.skills.phrases import WordSet
from analysis.skills.taxonomy import TaxonomyError

SENTENCE_CUES = "@sentences"  # key of the SentenceCues in a rules mapping (never a match key)
CUE_SCOPES = ("sentence", "after", "subject")


@dataclass(frozen=True)
class SentenceCues:
    """Phrases that mark a sentence as about the employer, not the job (`sentence_context`).

    `cues` holds (match key, context, scope): a mention in the cue's sentence ("sentence"),
    after the cue in it ("after"), or in a sentence the cue opens as its subject ("subject":
    "We are ...", "Our platform ...") gets that context and is not counted as demand. A sentence
    longer than `max_chars` is left alone: without punctuation its bounds cannot be trusted;
    `reach` holds, per context, a longer limit for the part after the cue where a context's
    sentences run long after it (an equal-opportunity statement lists every protected group
    after "without regard to"). `unless` holds, per context, words that keep a sentence
    counted: "our stack" names what the job uses, "experience with our platform" asks
    something of the candidate.
    """

    cues: frozenset[tuple[str, str, str]]
    max_chars: int = 200
    unless: tuple[tuple[str, WordSet], ...] = ()
    reach: tuple[tuple[str, int], ...] = ()


def parse_sentence_cues(raw, source: str, expand) -> SentenceCues | None:
    """The `sentence_context` section; `expand` resolves its "@word_set" references."""
    if not raw:
        return None
    where = f"{source}, sentence_context"
    if not isinstance(raw, Mapping) or set(raw) - {"max_chars", "contexts"}:
        raise TaxonomyError("Bad context rule", f"{where}: only max_chars and contexts are allowed")
    cues, unless, reach = set(), {}, {}
    for context, spec in (raw.get("contexts") or {}).items():
        scope = (spec or {}).get("scope")
        phrases = (spec or {}).get("phrases") or []
        if (
            scope not in CUE_SCOPES
            or not phrases
            or set(spec) - {"scope", "phrases", "unless", "max_chars"}
        ):
            raise TaxonomyError(
                "Bad context rule",
                f"{where}, {context}: needs scope ({', '.join(CUE_SCOPES)}) and phrases",
            )
        if "max_chars" in spec:
            reach[str(context)] = _positive_int(spec["max_chars"], f"{where}, {context}")
        cues |= {(match_key(str(p)), str(context), scope) for p in phrases if match_key(str(p))}
        words = WordSet.of(expand(spec.get("unless"), f"{where}, {context}"))
        if words is not None:
            unless[str(context)] = words
    if not cues:
        return None
    return SentenceCues(
        frozenset(cues),
        _positive_int(raw.get("max_chars", 200), where),
        tuple(sorted(unless.items())),
        tuple(sorted(reach.items())),
    )


def _positive_int(value, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise TaxonomyError("Bad context rule", f"{where}: max_chars must be a positive integer")
    return value


# Where a sentence ends in the normalised text: ". ", "! ", "? ", a line break (block tags such
# as "</li><li>" become one), "|", or a run of three blanks, which is what a bullet (" • ",
# " ☞ ") leaves.
SENTENCE_END = re.compile(r"[.!?](?=\s)|[\n|]|   ")


def cue_spans(
    cue_hits: list[tuple[int, int, str, str]],
    norm_text: str,
    max_chars: int,
    unless: Mapping[str, WordSet] | None = None,
    hit_starts: list[int] | None = None,
    reach: Mapping[str, int] | None = None,
) -> list[tuple[int, int, str]]:
    """(start, end, context) of the text each cue (start, end, context, scope) marks.

    The span is the cue's sentence, from the cue to the sentence end for scope "after", or
    for scope "subject" the sentence the cue opens; a span longer than `max_chars`, in a
    sentence whose start or end lies further than that from the cue, or holding one of the
    context's `unless` words, is dropped. `reach` gives some contexts a longer limit for the
    part after the cue: in a sentence longer than `max_chars`, that part alone is marked.
    Given the sorted starts of the skill hits, a span holding none of them is dropped too
    (before its words are looked at). Subject spans come last, so where spans overlap the
    first one holding a mention gives it its context.
    """
    spans, subjects = [], []
    for cue_start, cue_end, context, scope in cue_hits:
        limit = max(reach.get(context, 0), max_chars) if reach else max_chars
        if scope == "after":
            start = cue_start
        elif scope == "subject":
            start = _opens_sentence(norm_text, cue_start)
            if start < 0:
                continue
        else:
            lo = max(0, cue_start - max_chars)
            start = lo if lo == 0 else -1
            for m in SENTENCE_END.finditer(norm_text, lo, cue_start):
                start = m.end()
            if start < 0:
                if limit <= max_chars:
                    continue
                start = cue_start  # the sentence's start is out of sight: what follows the cue
        found = SENTENCE_END.search(norm_text, cue_end, cue_end + limit)
        if found is not None:
            end = found.start()
        elif cue_end + limit >= len(norm_text):
            end = len(norm_text)
        else:
            continue
        if end - start > max_chars:
            if limit <= max_chars or end - cue_start > limit:
                continue
            start = cue_start  # a long sentence with a long reach: only what follows the cue
        if not _holds_hit(hit_starts, start, end):
            continue
        if not (unless and context in unless and unless[context].found_in(norm_text, start, end)):
            (subjects if scope == "subject" else spans).append((start, end, context))
    return spans + subjects  # a named cue ("we offer") says more than a subject ("we")


def _holds_hit(hit_starts: list[int] | None, start: int, end: int) -> bool:
    if hit_starts is None:
        return True
    first = bisect_left(hit_starts, start)
    return first < len(hit_starts) and hit_starts[first] < end


_SUBJECT_LEAD = (
    " \t*>-\u2013\u2014\u2022\u00b7"  # what a bullet leaves before a sentence's first word
)


# A place fronting a sentence's subject: "At Acme, we ...", "At Acme Labs, our mission ...".
_FRONTED_PLACE = re.compile(
    r"(?:\A|[.!?|:] |\n)[ \t*>\u2013\u2014\u2022\u00b7-]*at [^,.!?\n|:]{1,45}, \Z"
)


def _opens_sentence(norm_text: str, pos: int) -> int:
    """pos if the text at pos starts a sentence (or a line, or follows "Heading:" or a fronted
    "At Acme, "), else -1."""
    lo = max(0, pos - 8)  # a bounded look back: this runs for every "we" and "our"
    head = norm_text[lo:pos].rstrip(_SUBJECT_LEAD)
    if not head:
        return pos  # the text's start, or a run of blanks a bullet leaves
    if head[-1] in ".!?\n|:" or pos - lo - len(head) >= 3:
        return pos
    if head[-1] == "," and _FRONTED_PLACE.search(norm_text, max(0, pos - 60), pos):
        return pos
    return -1
