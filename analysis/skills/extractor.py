"""Find skill mentions in text: one Aho-Corasick automaton over every name and alias.

How a match is found, in order:

1. `normalise` cleans the text (case, Unicode, markup) and keeps the offset map.
2. `boundary_text` turns every separator into a space, keeping the punctuation that is part
   of a name: "+" and "#" after a letter (C++, C#), "." before a letter (.NET, Node.js), "&"
   between letters (R&D). Names go through the same function and are padded with one space on
   each side, so the automaton itself enforces word boundaries: " sql " cannot match inside
   "nosql", " c " cannot match "c++" or "c#", " aws " cannot match "laws". No per-character
   Python runs over the text; Python only sees the hits.
3. A name followed by a job-title noun ("Java Developer", "the DevOps team") names the job, not
   a requirement, and is dropped (the `every_form` rule). Ambiguous forms ("r", "go", "excel",
   ...) are kept or dropped by the context rules in `data/taxonomy/context_rules.yaml` (see the
   comments there; parsed and judged in `rules.py`). A name a rule vetoes takes the names inside
   it along: "present to senior leadership" counts neither "senior leadership" nor "leadership".
4. Overlapping hits: the longest wins ("Apache Spark" over "Spark"). Then a word that shares
   the next name's last words counts as the name it makes: "verbal" in "verbal and written
   communication" is Verbal communication.
5. Sentences about the employer rather than the job ("we are a Microsoft Gold Partner", "what
   we offer: ...", an equal-opportunity statement, "Our customers love ...") are found by cue
   phrases that ride in the same automaton (`sentence_context` in the rules file). Mentions in
   them get a `context` and are not returned, nor counted as demand, unless
   `mentions(text, flagged=True)` asks for them.
6. Offsets are mapped back, so `mention.text == original[start:end]`.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import ahocorasick_rs
import numpy as np
import pandas as pd

from analysis.skills.employer_name import EMPLOYER_NAME, EmployerName
from analysis.skills.normalise import boundary_text, match_key, normalise
from analysis.skills.rules import (
    CATEGORY_PREFIX,
    EVERY_FORM,
    RULES_PATH,
    SENTENCE_CUES,
    Adjacent,
    ContextRule,
    JobTitles,
    SentenceCues,
    WordSet,
    accepted,
    cue_spans,
    drop_title_chains,
    fingerprint,
    load_context_rules,
    parse_context_rules,
    passes_vetoes,
    shadowed_hits,
)
from analysis.skills.taxonomy import Taxonomy

# Re-exported: the rules used to live here, and callers import them from this module.
__all__ = [
    "CATEGORY_PREFIX", "COUNT_COLUMNS", "EVERY_FORM", "RULES_PATH", "Adjacent", "ContextRule",
    "Extractor", "Mention", "WordSet", "extract_counts", "extract_frame", "load_context_rules",
    "map_skill_list", "parse_context_rules",
]  # fmt: skip

# What may stand between two items of a list: "R, Python", "C/C++", "SQL or R", bullets.
_LIST_GAP = re.compile(r"[\s,;/|&+()\-]*(?:(?:and|or|as well as)[\s,;/|&+()\-]*)?")


@dataclass(frozen=True)
class Mention:
    skill_id: str
    start: int
    end: int
    text: str
    # None: the posting asks for it (counted as demand). Otherwise the kind of sentence it is
    # in, from the rules' sentence_context: "employer", "benefits", "equal_opportunity",
    # "company"; or "employer_name": it is the posting's own employer (employer_name).
    context: str | None = None


def _mention(
    skill_id: str, start: int, end: int, text: str, context=None, _new=object.__new__
) -> Mention:
    # A frozen dataclass's __init__ pays one object.__setattr__ per field; filling __dict__
    # directly builds an identical Mention in a third of the time (a posting yields ~20).
    mention = _new(Mention)
    fields = mention.__dict__
    fields["skill_id"] = skill_id
    fields["start"] = start
    fields["end"] = end
    fields["text"] = text
    if context is not None:  # else the class default (None) answers, one store fewer
        fields["context"] = context
    return mention


# --------------------------------------------------------------------------- the extractor


class Extractor:
    """Compiled matcher for one taxonomy and one set of context rules.

    Pickles cheaply (the automaton is rebuilt on arrival), so it can be shipped to a process
    pool or broadcast to Spark executors.
    """

    def __init__(
        self, taxonomy: Taxonomy, rules: Mapping[str, ContextRule] | str | Path | None = None
    ):
        self.taxonomy = taxonomy
        self.rules = dict(rules) if isinstance(rules, Mapping) else load_context_rules(rules)
        self._compile()

    def __getstate__(self) -> dict:
        return {"taxonomy": self.taxonomy, "rules": self.rules}

    def __setstate__(self, state: dict) -> None:
        self.taxonomy, self.rules = state["taxonomy"], state["rules"]
        self._compile()

    def _compile(self) -> None:
        owners = self.taxonomy.match_owners()
        self._keys = sorted(owners)
        self._skill_of = [owners[k] for k in self._keys]
        # Skills as small integers in skill_id order, for extract_counts' integer keys.
        self._sorted_skill_ids = sorted(set(self._skill_of))
        rank = {skill_id: i for i, skill_id in enumerate(self._sorted_skill_ids)}
        self._skill_rank_of = [rank[skill_id] for skill_id in self._skill_of]
        # A category rule covers each skill's name ("German"), not its aliases ("German
        # language"); a rule for the form itself wins.
        by_name = {}
        for skill in self.taxonomy:
            rule = self.rules.get(CATEGORY_PREFIX + skill.category)
            if rule is not None:
                by_name.setdefault(match_key(skill.name), rule)
        self._rule_of = [self.rules.get(k) or by_name.get(k) for k in self._keys]
        # "verbal and written communication": a form's words after its first ("communication")
        # where another form ends in them too, so a word before the form may complete one.
        by_tail: dict[str, int] = {}
        for k in self._keys:
            if " " in k:
                tail = k.split(" ", 1)[1]
                by_tail[tail] = by_tail.get(tail, 0) + 1
        self._tail_of = [
            tail if " " in k and by_tail[tail := k.split(" ", 1)[1]] > 1 else None
            for k in self._keys
        ]
        self._index_of = {k: i for i, k in enumerate(self._keys)}
        every = self.rules.get(EVERY_FORM)
        self._titles = (
            JobTitles(every, self._keys) if every is not None and every.forbid_following else None
        )
        exempt = every.except_forms or () if every is not None else ()
        self._title_exempt = frozenset(i for i, k in enumerate(self._keys) if k in exempt)
        self._name_key = {s.skill_id: match_key(s.name) for s in self.taxonomy}
        self._category_key = {s.skill_id: CATEGORY_PREFIX + s.category for s in self.taxonomy}
        # Cue phrases share the automaton: pattern i < len(keys) is form i, pattern len(keys) + j
        # is cue j, which the scan gives the negative index ~j. A skill's own form wins. After
        # the cues, each shared-tail form once more behind "and" and "or": the automaton finds
        # the few such places, where a test of every hit cost 5% of the extractor's time. Not
        # behind ", " or " & " (blanks in the boundary text, as after every full stop: 10%
        # slower matching) nor "/" (one blank); those still join in a run ending in "and".
        patterns = [f" {key} " for key in self._keys]
        cues = self.rules.get(SENTENCE_CUES)
        # One key can be several cues (two contexts may share a phrase).
        by_key: dict[str, list[tuple[str, str]]] = {}
        if isinstance(cues, SentenceCues):
            for key, context, scope in sorted(cues.cues):
                if key not in owners:
                    by_key.setdefault(key, []).append((context, scope))
        self._cues: list[tuple[tuple[str, str], ...]] = []
        for key, pairs in by_key.items():
            patterns.append(f" {key} ")
            self._cues.append(tuple(pairs))
        self._cue_chars = cues.max_chars if isinstance(cues, SentenceCues) else 0
        self._cue_unless = dict(cues.unless) if isinstance(cues, SentenceCues) else {}
        self._cue_reach = dict(cues.reach) if isinstance(cues, SentenceCues) else {}
        # Cues that only count at the start of a sentence: "we", "our".
        self._subject_cues = frozenset(
            ~i for i, pairs in enumerate(self._cues) if all(s == "subject" for _, s in pairs)
        )
        self._first_cue = len(self._keys)
        self._first_joined = len(patterns)
        self._joined_len = []  # per joined pattern: the characters of its form
        for key, tail in zip(self._keys, self._tail_of, strict=True):
            if tail is not None:
                patterns += [f" and {key} ", f" or {key} "]
                self._joined_len += [len(key)] * 2
        self._longest = max(map(len, self._keys), default=0)  # characters of the longest form
        employer = self.rules.get(EMPLOYER_NAME)
        self._employer = employer if isinstance(employer, EmployerName) else None
        # An import meets each employer again and again: their keys, computed once.
        self._employer_keys: dict[str, tuple[str, str]] = {}  # name: (key, " first word ")
        # The same patterns twice: most postings are ASCII once normalised, and matching their
        # bytes skips the conversion of byte offsets to character offsets (12-20% faster
        # extraction than with pyahocorasick, measured alternating the two on one core).
        self._matcher = self._bytes_matcher = None
        if patterns:
            self._matcher = ahocorasick_rs.AhoCorasick(patterns)
            self._bytes_matcher = ahocorasick_rs.BytesAhoCorasick(
                [p.encode("utf-8") for p in patterns]
            )

    @property
    def version(self) -> str:
        """Changes whenever the taxonomy, the rules or the matching (`MATCHING`) change: a cue
        to re-extract."""
        rules = sorted((k, fingerprint(r)) for k, r in self.rules.items())
        parts = [self.taxonomy.version, rules, MATCHING]
        digest = hashlib.sha256(json.dumps(parts).encode()).hexdigest()
        return digest[:12]

    def mentions(
        self, text: str, flagged: bool = False, employer: str | None = None
    ) -> list[Mention]:
        """Every skill mention in `text`, in order; `m.text == text[m.start:m.end]`.

        Mentions in sentences about the employer (see `sentence_context` in the rules) are left
        out, or with `flagged=True` returned too, their `context` saying why they do not count.
        Given the posting's `employer` (its company), so are mentions of the employer's own
        name and sentences that name opens (`employer_name` in the rules).
        """
        found = self._scan(text, flagged, employer)
        if found is None:
            return []
        norm, hits, contexts = found
        skill_of = self._skill_of
        if contexts is not None:
            return [
                _mention(skill_of[i], o_start, o_end, text[o_start:o_end], context)
                for (s, e, i), context in zip(hits, contexts, strict=True)
                for o_start, o_end in (norm.to_original(s, e),)
            ]
        if not norm.norm_starts:  # plain text: offsets are already the original's
            return [_mention(skill_of[i], s, e, text[s:e]) for s, e, i in hits]
        mentions = []
        for start, end, index in hits:
            o_start, o_end = norm.to_original(start, end)
            mentions.append(_mention(skill_of[index], o_start, o_end, text[o_start:o_end]))
        return mentions

    def skill_ids(self, text: str, employer: str | None = None) -> list[str]:
        """The skill_id of every mention `mentions(text, employer=employer)` returns, in order.

        No offsets mapped back and no Mention built: what demand counts need.
        """
        skill_ids = self._sorted_skill_ids
        return [skill_ids[r] for r in self._skill_ranks(text, employer)]

    def _skill_ranks(self, text: str, employer: str | None = None) -> list[int]:
        """`skill_ids`, each as its index in `_sorted_skill_ids`: what `extract_counts` keys
        on."""
        found = self._scan(text, False, employer)
        if found is None:
            return []
        rank_of = self._skill_rank_of
        return [rank_of[i] for _, _, i in found[1]]

    def _scan(self, text: str, flagged: bool, employer: str | None = None):
        """(normalised text, hits (start, end, form index) in it, contexts or None), or None
        when nothing is found. Without `flagged`, hits in a flagged sentence are left out."""
        if not text or not self._keys:
            return None
        norm = normalise(text)
        nt = norm.text
        bt = f" {boundary_text(nt)} "  # nt[i] is bt[i + 1]
        hits = []
        ruled_at = []  # indexes in hits of the hits whose form has a context rule
        overlapping = False
        last_end = 0
        rule_of = self._rule_of
        joined = []  # starts of hits of a shared-tail form right after " and " or " or "
        titles = self._titles
        title_starts = titles.starts if titles is not None else ()
        exempt = self._title_exempt
        named_job = []
        cue_hits = []
        subject_cues = self._subject_cues
        cues = self._cues
        find = bt.find
        if bt.isascii():
            found = self._bytes_matcher.find_matches_as_indexes(
                bt.encode("ascii"), overlapping=True
            )
        else:
            found = self._matcher.find_matches_as_indexes(bt, overlapping=True)
        first_cue = self._first_cue
        first_joined = self._first_joined
        # Each match spans " form " in bt: start is the form's start in nt, end - 1 its end.
        for index, start, end in found:
            end -= 1  # bt[end] is the closing space
            if index >= first_cue:  # a sentence_context cue, not a skill
                if index >= first_joined:  # or a shared-tail form behind a joiner
                    joined.append(end - 1 - self._joined_len[index - first_joined])
                    continue
                index = first_cue + ~index  # ~j for cue j
                # "... that we": a subject cue in mid-sentence, the common case, is no cue
                if (
                    index in subject_cues
                    and start > 1
                    and nt[start - 1] == " "
                    and nt[start - 2].isalnum()
                ):
                    continue
                for context, scope in cues[~index]:
                    cue_hits.append((start, end - 1, context, scope))
                continue
            # The form is nt[start : end - 1]; bt[end] is its closing space. The next word is
            # looked up first: one slice and one set lookup for most hits.
            if (
                bt[end + 1 : find(" ", end + 1)] in title_starts
                and nt[end - 1 : end] in (" ", "-")
                and titles.follows(nt, end)
                and index not in exempt
            ):
                named_job.append(start)  # "Java Developer": the every_form rule
                continue
            if start < last_end:
                overlapping = True
            elif end - 1 > last_end:
                last_end = end - 1
            if rule_of[index] is not None:
                ruled_at.append(len(hits))
            hits.append((start, end - 1, index))
        if not hits:
            return None
        if named_job and hits:
            kept = drop_title_chains(hits, named_job, nt)
            if ruled_at and len(kept) < len(hits):
                ruled_at = [k for k, h in enumerate(kept) if rule_of[h[2]] is not None]
            hits = kept
        if ruled_at:
            hits = self._apply_rules(hits, ruled_at, norm.text, text, norm.to_original)
        if overlapping and hits:
            hits = _longest_first(hits)
        if joined and hits:
            hits = self._shared_tails(hits, joined, nt)
        contexts = None
        own_name = ()
        if employer and self._employer is not None and hits:
            own_name, cue_hits = self._employer_hits(hits, employer, norm, text, bt, cue_hits)
        if cue_hits and hits:
            starts = sorted(h[0] for h in hits)
            spans = cue_spans(
                cue_hits, nt, self._cue_chars, self._cue_unless, starts, self._cue_reach
            )
            if spans:
                context_at: dict[int, str] = {}  # the first span holding a hit gives its context
                for s, e, context in spans:
                    for k in range(bisect_left(starts, s), bisect_left(starts, e)):
                        context_at.setdefault(starts[k], context)
                contexts = [context_at.get(h[0]) for h in hits]
        if own_name:
            contexts = contexts or [None] * len(hits)
            for k in own_name:
                contexts[k] = self._employer.context
        if contexts is not None and not flagged:
            hits = [h for h, c in zip(hits, contexts, strict=True) if c is None]
            contexts = None
        return (norm, hits, contexts) if hits else None

    def _employer_hits(self, hits: list, employer: str, norm, text: str, bt: str, cue_hits: list):
        """(indexes of the hits naming the employer, cue_hits plus a subject cue at each place
        the employer's name stands: its own hits and its full name in the text)."""
        rule = self._employer
        known = self._employer_keys.get(employer)
        if known is None:
            if len(self._employer_keys) >= 1 << 17:  # bounded: a server runs for days
                self._employer_keys.clear()
            key = rule.key(employer)
            known = self._employer_keys[employer] = (key, f" {key.split(' ', 1)[0]} ")
        key, first_word = known
        # Runs for every posting of an import: most never name their employer, and a name (or
        # its first words) can only stand where its first word does.
        if not key or first_word not in bt:
            return (), cue_hits
        keys = self._keys
        own = []
        for k in _hits_at(hits, bt, first_word):
            start, end, index = hits[k]
            rest = rule.rest_of_name(keys[index], key)
            if rest is None:
                continue
            if rest and not bt.startswith(f" {rest} ", end + 1):  # bt[end + 1]: after the hit
                o_start, o_end = norm.to_original(start, end)
                if not employer.strip().startswith(text[o_start:o_end]):
                    continue  # "software engineering", not "Software Engineering" (Institute)
            own.append(k)
        if rule.subject_context is None:
            return own, cue_hits
        places = {(hits[k][0], hits[k][1]) for k in own}
        needle = f" {key} "
        at = bt.find(needle)
        while at >= 0:  # bt[at + 1] is nt[at]: the name's start in the normalised text
            places.add((at, at + len(key)))
            at = bt.find(needle, at + 1)
        if not places:
            return own, cue_hits
        context = rule.subject_context
        return own, cue_hits + [(s, e, context, "subject") for s, e in sorted(places)]

    def _shared_tails(self, hits: list, joined: list[int], nt: str) -> list:
        """`hits` (by start, none overlapping) plus the words that share a hit's last words:
        "verbal" in "verbal and written communication" is Verbal communication, "oral" and
        "written" in "oral, written and verbal communication" likewise. `joined`: the starts
        of hits right after " and " or " or " whose form's words after its first end another
        form too; from there the run goes back over any of _JOINERS.

        The word before the joiner counts as the form it makes with those words, if that form
        has no context rule and no hit holds the word. The mention is the word itself, so its
        evidence is what the text says. Measured on the Glassdoor and JobSpy postings: 290
        mentions more, nearly all "written and verbal communication" and its kin; a few in a
        hundred read two phrases as one ("forecasting process and statistical modeling" is no
        process modeling).
        """
        tail_of, index_of, rule_of = self._tail_of, self._index_of, self._rule_of
        starts = [h[0] for h in hits]
        added = []
        for position in sorted(set(joined)):
            k = bisect_left(starts, position)
            if k == len(starts) or starts[k] != position:
                continue  # the hit lost to a longer one or to a rule
            index = hits[k][2]
            tail = tail_of[index]
            previous_end = hits[k - 1][1] if k else 0
            at = position
            while tail is not None and nt.endswith(_JOINERS, 0, at):
                joiner = next(j for j in _JOINERS if nt.endswith(j, 0, at))
                word_end = at - len(joiner)
                word_start = word_end
                while word_start > 0 and nt[word_start - 1].isalpha():
                    word_start -= 1
                shared = index_of.get(f"{nt[word_start:word_end]} {tail}")
                if (
                    shared is None
                    or shared == index  # "data and data pipelines": the word is the form's own
                    or word_start == word_end
                    or word_start < previous_end
                    or rule_of[shared] is not None
                    or (word_start > 0 and nt[word_start - 1] not in " \t\n(/\"'")
                ):
                    break
                added.append((word_start, word_end, shared))
                at = word_start
        return sorted(hits + added) if added else hits

    def _apply_rules(
        self, hits: list, ruled_at: list[int], norm_text: str, original: str, to_original
    ) -> list:
        """The hits that pass their rules; `ruled_at` are the indexes of the ruled ones, the only
        ones looked at (a tenth of the hits, typically)."""
        rule_of = self._rule_of
        shadowed = shadowed_hits(hits, ruled_at, rule_of, self._longest) if len(hits) > 1 else ()
        dropped = set(shadowed)
        vetoed = []
        for k in ruled_at:
            if k not in dropped and not passes_vetoes(
                rule_of[hits[k][2]], hits[k], norm_text, original, to_original
            ):
                dropped.add(k)
                vetoed.append(hits[k])
        if vetoed:  # a vetoed name takes the names inside it along: "present to senior leadership"
            dropped.update(
                k for k, h in enumerate(hits) if any(v[0] <= h[0] and h[1] <= v[1] for v in vetoed)
            )
        if dropped:
            at = [k for k in ruled_at if k not in dropped]
            plausible = [h for k, h in enumerate(hits) if k not in dropped]
            gone = sorted(dropped)  # ruled hit k stands at k - (hits dropped before it) now
            at = [k - bisect_left(gone, k) for k in at]
        else:
            at, plausible = ruled_at, hits
        refused = set()
        for i in at:
            hit = plausible[i]
            rule = rule_of[hit[2]]
            if (
                rule.needs_acceptance
                and not accepted(rule, hit, norm_text, original, to_original)
                and not (rule.list_context and self._in_list(rule, plausible, i, norm_text))
            ):
                refused.add(i)
        if not refused:
            return plausible
        return [h for i, h in enumerate(plausible) if i not in refused]

    def _in_list(self, rule: ContextRule, hits: list, i: int, norm_text: str) -> bool:
        """Is hits[i] next to another skill with only list punctuation between them?

        `hits` are in the automaton's order (by end), so the nearest neighbours are found by
        walking outwards from i; of two ending (or starting) at the same place the longer counts.
        """
        start, end, _ = hits[i]
        left = right = None
        for j in range(i - 1, -1, -1):
            h = hits[j]
            if h[1] <= start and (
                left is None or h[1] > left[1] or (h[1] == left[1] and h[0] < left[0])
            ):
                left = h
        for j in range(i + 1, len(hits)):
            h = hits[j]
            if h[0] >= end and (
                right is None or h[0] < right[0] or (h[0] == right[0] and h[1] > right[1])
            ):
                right = h
        for neighbour, gap in (
            (left, (left[1], start) if left else None),
            (right, (end, right[0]) if right else None),
        ):
            if neighbour is None or _LIST_GAP.fullmatch(norm_text, *gap) is None:
                continue
            if rule.list_context is True:
                return True
            index, skill_id = neighbour[2], self._skill_of[neighbour[2]]
            if (
                self._keys[index] in rule.list_context
                or self._name_key[skill_id] in rule.list_context
                or self._category_key[skill_id] in rule.list_context
            ):
                return True
        return False


# Raised when a change to the code here changes what is found in the same text with the same
# taxonomy and rules, so that workspaces extracted before it are extracted again. 2: shared
# tails ("verbal and written communication").
MATCHING = 2

_JOINERS = (" and ", " or ", ", ", " & ", "/")  # between words of a run sharing a form's tail


def _hits_at(hits: list, bt: str, needle: str) -> list[int]:
    """Indexes of the hits (sorted by start) that start where `needle` (" word ") stands in
    `bt`, the boundary text padded with a blank (bt[i + 1] is the normalised text's i)."""
    found = []
    at = bt.find(needle)
    while at >= 0:
        k = bisect_left(hits, (at,))
        while k < len(hits) and hits[k][0] == at:
            found.append(k)
            k += 1
        at = bt.find(needle, at + 1)
    return found


def _longest_first(hits: list) -> list:
    """Drop hits overlapping a longer one (ties: the leftmost); result ordered by start."""
    hits = sorted(hits)
    out: list = []
    append = out.append
    # The run so far: `first` alone (most runs are one hit), or `cluster` once another overlaps.
    first = hits[0]
    cluster = None
    cluster_end = first[1]
    for hit in hits[1:]:
        if hit[0] < cluster_end:
            if cluster is None:
                cluster = [first]
            cluster.append(hit)
            if hit[1] > cluster_end:
                cluster_end = hit[1]
        else:
            if cluster is None:
                append(first)
            else:
                out += _resolve(cluster)
                cluster = None
            first, cluster_end = hit, hit[1]
    if cluster is None:
        append(first)
        return out
    return out + _resolve(cluster)


def _resolve(cluster: list) -> list:
    """The non-overlapping choice within one run of overlapping hits, longest first."""
    if len(cluster) == 2:  # most runs: a name and a shorter name inside or across it
        a, b = cluster
        if a[1] >= b[1] or (a[0] != b[0] and a[1] - a[0] >= b[1] - b[0]):
            return [a]
        return [b]
    if len(cluster) == 1:
        return cluster
    by_length = sorted(cluster, key=lambda h: (h[0] - h[1], h[0]))
    longest = by_length[0]
    if longest[0] == cluster[0][0] and longest[1] == max(h[1] for h in cluster):
        return [longest]  # the usual case: "Microsoft Excel" covers "Excel"
    chosen: list = []
    for c in by_length:
        for k in chosen:
            if c[0] < k[1] and k[0] < c[1]:
                break
        else:
            chosen.append(c)
    return sorted(chosen)


# --------------------------------------------------------------------------- batch helpers

COUNT_COLUMNS = ["posting_id", "skill_id", "count"]


def extract_counts(
    extractor: Extractor,
    texts: Iterable[str | None],
    ids: Iterable,
    employers: Iterable[str | None] | None = None,
) -> pd.DataFrame:
    """Mentions per (posting, skill), sorted by posting_id then skill_id; no row for zero.

    Columns: posting_id (str), skill_id (str), count (int64). A pure function of its inputs
    (the extractor's only mutable state is a cache of employer keys, which never changes a
    result), so it runs unchanged in a process pool or inside Spark's mapInPandas. Missing
    texts (None, NaN) have no mentions. An id given twice keeps its postings apart: their rows
    interleave by skill_id, in input order. `employers`, one per text (the posting's company,
    or None), leaves out each posting's own employer's name (`Extractor.mentions`).
    """
    # Counting and sorting run in numpy, over one integer key per mention, (posting_id rank,
    # skill rank, position in the batch): a Counter and a sort per posting in Python cost a
    # tenth of the extraction itself, Arrow's group_by on strings still 7%.
    ranks: list[int] = []
    owners: list[int] = []  # per mention: which posting of `posting_ids` it belongs to
    posting_ids: list[str] = []
    texts = list(texts)
    employers = [None] * len(texts) if employers is None else list(employers)
    for posting_id, text, employer in zip(ids, texts, employers, strict=True):
        if not isinstance(text, str) or not text:
            continue
        found = extractor._skill_ranks(text, employer if isinstance(employer, str) else None)
        if found:
            owners += [len(posting_ids)] * len(found)
            posting_ids.append(str(posting_id))
            ranks += found
    if not ranks:
        return pd.DataFrame(
            {
                "posting_id": pd.array([], dtype="str"),
                "skill_id": pd.array([], dtype="str"),
                "count": pd.array([], dtype="int64"),
            }
        )
    n_postings, n_skills = len(posting_ids), len(extractor._sorted_skill_ids)
    id_rank, _ = pd.factorize(np.array(posting_ids, dtype=object), sort=True)
    if (int(id_rank.max()) + 1) * n_skills * n_postings >= 2**63:  # keys must fit in int64
        raise ValueError("batch too large for extract_counts' integer keys")
    owner = np.array(owners, dtype=np.int64)
    key = (id_rank[owner].astype(np.int64) * n_skills + np.array(ranks, np.int64)) * n_postings
    keys, counts = np.unique(key + owner, return_counts=True)  # sorted: by id, skill, position
    position = keys % n_postings
    return pd.DataFrame(
        {
            "posting_id": pd.array(np.array(posting_ids, dtype=object)[position], dtype="str"),
            "skill_id": pd.array(
                np.array(extractor._sorted_skill_ids, dtype=object)[keys // n_postings % n_skills],
                dtype="str",
            ),
            "count": counts.astype("int64"),
        }
    )


def extract_frame(
    extractor: Extractor,
    df: pd.DataFrame,
    id_col: str = "posting_id",
    text_col: str = "description",
    employer_col: str | None = "company",
) -> pd.DataFrame:
    """`extract_counts` over columns of `df` (the employer's only where `df` has that column).
    Columns: posting_id, skill_id, count.

    Shaped for Spark: `df.mapInPandas(lambda frames: (extract_frame(ex, f) for f in frames),
    "posting_id string, skill_id string, count long")`.
    """
    employers = df[employer_col].tolist() if employer_col and employer_col in df else None
    return extract_counts(extractor, df[text_col].tolist(), df[id_col].tolist(), employers)


_LIST_ITEM_SPLIT = re.compile(r"[,;|\n]+")
_SUB_ITEM_SPLIT = re.compile(r"\s*/\s*|\s+&\s+|\s+and\s+|\s*\(|\)\s*")


def map_skill_list(
    taxonomy: Taxonomy, text: str | None, extractor: Extractor | None = None
) -> list[str]:
    """skill_ids for a pre-extracted list such as "Python, AWS, react" (python-jobspy's `skills`,
    Hacker News' `languages_frameworks`), in order of first appearance, without repeats.

    Each item is looked up whole ("CI/CD"), then split on "/", "&", "and", parentheses
    ("Ruby/Rails"), then with spaces removed ("Vue JS" = "VueJS") or a plural "s" dropped
    ("AWS Lambdas"). Items still unknown are scanned by `extractor` when one is given. No
    context rules: an item of a skills list is a skill ("Go" here is the language).
    """
    if not isinstance(text, str):
        return []
    found: list[str] = []
    for item in _LIST_ITEM_SPLIT.split(text):
        item = item.strip(" :*•\t").rstrip(".-")  # keep a leading dot: ".NET"
        if not item:
            continue
        ids = _lookup_item(taxonomy, item)
        if ids is None:
            parts = [p for p in _SUB_ITEM_SPLIT.split(item) if p.strip()]
            ids = [i for p in parts if len(parts) > 1 for i in (_lookup_item(taxonomy, p) or [])]
            if not ids and extractor is not None:
                ids = [m.skill_id for m in extractor.mentions(item)]
        for skill_id in ids or []:
            if skill_id not in found:
                found.append(skill_id)
    return found


def _lookup_item(taxonomy: Taxonomy, item: str) -> list[str] | None:
    for candidate in (item, item.replace(" ", ""), item[:-1] if item.lower().endswith("s") else ""):
        if candidate and (skill_id := taxonomy.lookup(candidate)) is not None:
            return [skill_id]
    return None
