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
   comments there; parsed in `rules.py`, judged in `rule_checks.py`). A name a rule vetoes takes
   the names inside it along: "present to senior leadership" counts neither "senior leadership"
   nor "leadership".
4. Overlapping hits: the longest wins ("Apache Spark" over "Spark"; `overlaps.py`). Then a word
   that shares the next name's last words counts as the name it makes: "verbal" in "verbal and
   written communication" is Verbal communication (`shared_tails.py`).
5. Sentences about the employer rather than the job ("we are a Microsoft Gold Partner", "what
   we offer: ...", an equal-opportunity statement, "Our customers love ...") are found by cue
   phrases that ride in the same automaton (`sentence_context` in the rules file;
   `sentence_context.py`), and so is the posting's own employer (`employer_name.py`). Mentions
   in them get a `context` and are not returned, nor counted as demand, unless
   `mentions(text, flagged=True)` asks for them. In a workspace whose skill scope is "asked",
   so are mentions in sentences that do not ask anything of the candidate (`asked.py`).
6. Offsets are mapped back, so `mention.text == original[start:end]`.

Many postings at once: `extract_counts` in `batch.py`; a written list of skills ("Python, AWS"):
`map_skill_list` in `skill_list.py`.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import ahocorasick_rs

from analysis.skills.asked import ASKED, AskedModel, not_asked
from analysis.skills.employer_name import EMPLOYER_NAME, EmployerHits, EmployerName
from analysis.skills.job_titles import JobTitles, drop_title_chains
from analysis.skills.normalise import boundary_text, match_key, normalise
from analysis.skills.overlaps import longest_first
from analysis.skills.rule_checks import RuleChecks
from analysis.skills.rules import (
    CATEGORY_PREFIX,
    EVERY_FORM,
    ContextRule,
    fingerprint,
    load_context_rules,
)
from analysis.skills.sentence_context import SENTENCE_CUES, SentenceCues, cue_spans
from analysis.skills.shared_tails import shared_tails, with_shared_tails
from analysis.skills.taxonomy import Taxonomy


@dataclass(frozen=True)
class Mention:
    skill_id: str
    start: int
    end: int
    text: str
    # None: the posting asks for it (counted as demand). Otherwise the kind of sentence it is
    # in, from the rules' sentence_context: "employer", "benefits", "equal_opportunity",
    # "company"; "employer_name": it is the posting's own employer (employer_name); or, in the
    # "asked" skill scope, "not_asked": its sentence asks nothing of the candidate (asked.py).
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
        # Shared tails: "verbal" in "verbal and written communication" is Verbal communication.
        self._tail_of = shared_tails(self._keys)
        self._index_of = {k: i for i, k in enumerate(self._keys)}
        every = self.rules.get(EVERY_FORM)
        self._titles = (
            JobTitles(every, self._keys) if every is not None and every.forbid_following else None
        )
        exempt = every.except_forms or () if every is not None else ()
        self._title_exempt = frozenset(i for i, k in enumerate(self._keys) if k in exempt)
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
        longest = max(map(len, self._keys), default=0)  # characters of the longest form
        self._rule_checks = RuleChecks(
            self.taxonomy, self._keys, self._skill_of, self._rule_of, longest
        )
        asked = self.rules.get(ASKED)
        self._asked = asked if isinstance(asked, AskedModel) else None
        employer = self.rules.get(EMPLOYER_NAME)
        self._employer = (
            EmployerHits(employer, self._keys) if isinstance(employer, EmployerName) else None
        )
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
        return extractor_version(self.taxonomy, self.rules)

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
            hits = self._rule_checks.passing_hits(hits, ruled_at, nt, text, norm.to_original)
        if overlapping and hits:
            hits = longest_first(hits)
        if joined and hits:
            hits = with_shared_tails(hits, joined, nt, self._tail_of, self._index_of, rule_of)
        contexts = None
        own_name = ()
        if employer and self._employer is not None and hits:
            own_name, cue_hits = self._employer.own_hits(hits, employer, norm, text, bt, cue_hits)
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
        if self._asked is not None and hits:
            contexts = not_asked(self._asked, nt, hits, contexts)
        if contexts is not None and not flagged:
            hits = [h for h, c in zip(hits, contexts, strict=True) if c is None]
            contexts = None
        return (norm, hits, contexts) if hits else None


# Raised when a change to the matching code (here and in the modules it calls) changes what is
# found in the same text with the same taxonomy and rules, so that workspaces extracted before
# it are extracted again. 2: shared tails ("verbal and written communication").
MATCHING = 2


def extractor_version(taxonomy: Taxonomy, rules: Mapping[str, ContextRule]) -> str:
    """`Extractor(taxonomy, rules).version`, without compiling the extractor."""
    fingerprints = sorted((k, fingerprint(r)) for k, r in rules.items())
    parts = [taxonomy.version, fingerprints, MATCHING]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:12]
