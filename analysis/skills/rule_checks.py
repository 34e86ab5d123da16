"""Context rules applied to a posting's hits: which hits of ambiguous forms ("R", "Go",
"Excel", "German") count.

`RuleChecks.passing_hits` runs the vetoes (`passes_vetoes`: wrong case, a forbidden word next
to or near the hit) on the ruled hits, drops the names inside a vetoed one, and then keeps a
ruled hit only if one of its accept conditions holds (`accepted`, or a list of skills around
it). `shadowed_hits` spares the rules whose outcome cannot matter.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left

from analysis.skills.normalise import match_key
from analysis.skills.phrases import WordSet
from analysis.skills.rules import CATEGORY_PREFIX, ContextRule
from analysis.skills.taxonomy import Taxonomy

# What may stand between two items of a list: "R, Python", "C/C++", "SQL or R", bullets.
_LIST_GAP = re.compile(r"[\s,;/|&+()\-]*(?:(?:and|or|as well as)[\s,;/|&+()\-]*)?")


class RuleChecks:
    """The context rules of one extractor's forms (match keys): `rule_of[i]` is `keys[i]`'s
    rule or None, `skill_of[i]` its skill; no form is longer than `longest` characters."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        keys: list[str],
        skill_of: list[str],
        rule_of: list[ContextRule | None],
        longest: int,
    ):
        self.keys, self.skill_of, self.rule_of, self.longest = keys, skill_of, rule_of, longest
        self.name_key = {s.skill_id: match_key(s.name) for s in taxonomy}
        self.category_key = {s.skill_id: CATEGORY_PREFIX + s.category for s in taxonomy}

    def passing_hits(
        self, hits: list, ruled_at: list[int], norm_text: str, original: str, to_original
    ) -> list:
        """The hits that pass their rules; `ruled_at` are the indexes of the ruled ones, the only
        ones looked at (a tenth of the hits, typically)."""
        rule_of = self.rule_of
        shadowed = shadowed_hits(hits, ruled_at, rule_of, self.longest) if len(hits) > 1 else ()
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
            index, skill_id = neighbour[2], self.skill_of[neighbour[2]]
            if (
                self.keys[index] in rule.list_context
                or self.name_key[skill_id] in rule.list_context
                or self.category_key[skill_id] in rule.list_context
            ):
                return True
        return False


def _surface(hit, original: str, to_original) -> str:
    o_start, o_end = to_original(hit[0], hit[1])
    return unicodedata.normalize("NFKC", original[o_start:o_end])


def passes_vetoes(rule: ContextRule, hit, norm_text: str, original: str, to_original) -> bool:
    """False when a veto holds for hit (start, end, index): wrong case or a forbidden word."""
    start, end, _ = hit
    if (
        rule.require_case is not None
        and _surface(hit, original, to_original) not in rule.require_case
    ):
        return False
    if rule.forbid_preceding is not None and rule.forbid_preceding.before(norm_text, start):
        return False
    if rule.forbid_following is not None and rule.forbid_following.after(norm_text, end):
        return False
    if rule.forbid_nearby is not None and _near(
        rule.forbid_nearby, rule.window, norm_text, start, end
    ):
        return False
    return True


def _near(words: WordSet, window: int, norm_text: str, start: int, end: int) -> bool:
    """One of `words` within `window` characters before or after text[start:end]."""
    return words.found_in(norm_text, max(0, start - window), start) or words.found_in(
        norm_text, end, end + window
    )


def accepted(rule: ContextRule, hit, norm_text: str, original: str, to_original) -> bool:
    """Does one of the rule's accept conditions (list context aside) hold for the hit?"""
    start, end, _ = hit
    if rule.accept_case is not None and _surface(hit, original, to_original) in rule.accept_case:
        return True
    if rule.preceded_by is not None and rule.preceded_by.before(norm_text, start):
        return True
    if rule.followed_by is not None and rule.followed_by.after(norm_text, end):
        return True
    return rule.nearby is not None and _near(rule.nearby, rule.window, norm_text, start, end)


def shadowed_hits(hits: list, ruled_at: list[int], rule_of: list, longest: int) -> set[int]:
    """The ruled hits inside a longer unruled hit that no hit of its length or longer overlaps,
    as indexes in `hits` (`ruled_at` lists every ruled hit's).

    That hit ("Oracle Cloud", "communication skills") wins the longest-match step whatever the
    rules decide, and is the nearer list neighbour on its side, so the ruled hit inside it
    ("Oracle", "communication") can be dropped without evaluating its rule: the same result.

    `hits` come in the automaton's order, by end, and none is longer than `longest`: a hit
    holding x ends at most `longest` after x starts, and a hit overlapping it ends at most
    `longest` after it does, so only the hits ending there are looked at, not all of them.
    """
    out = set()
    n = len(hits)
    for i in ruled_at:
        x_start, x_end, _ = hits[i]
        j = i
        while j > 0 and hits[j - 1][1] == x_end:
            j -= 1  # hits ending where x ends may come before it
        while j < n and hits[j][1] <= x_start + longest:
            a = hits[j]
            j += 1
            a_start, a_end = a[0], a[1]
            if (
                a_start <= x_start
                and x_end <= a_end
                and a_end - a_start > x_end - x_start
                and rule_of[a[2]] is None
                and _longest_around(hits, j - 1, longest)
            ):
                out.add(i)
                break
    return out


def _longest_around(hits: list, k: int, longest: int) -> bool:
    """Does no other hit of hits[k]'s length or longer overlap it? (Hits by end, as above.)"""
    a_start, a_end = hits[k][0], hits[k][1]
    size = a_end - a_start
    j = k - 1
    while j >= 0 and hits[j][1] > a_start:
        h = hits[j]
        if h[0] < a_end and h[1] - h[0] >= size:
            return False
        j -= 1
    j = k + 1
    while j < len(hits) and hits[j][1] < a_end + longest:
        h = hits[j]
        if h[0] < a_end and h[1] - h[0] >= size:
            return False
        j += 1
    return True
