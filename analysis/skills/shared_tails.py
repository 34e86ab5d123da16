"""Shared tails: a word before a name counts as the name it makes with the name's last words.
"verbal" in "verbal and written communication" is Verbal communication.

`shared_tails` finds, when the extractor is compiled, the forms whose words after the first end
another form too; the automaton finds those forms behind " and " and " or ", and
`with_shared_tails` adds the words before them to a posting's hits.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping

_JOINERS = (" and ", " or ", ", ", " & ", "/")  # between words of a run sharing a form's tail


def shared_tails(keys: list[str]) -> list[str | None]:
    """Per form (match key): its words after its first ("communication" of "written
    communication") where another form ends in them too, so a word before the form may complete
    one ("verbal"); else None."""
    by_tail: dict[str, int] = {}
    for k in keys:
        if " " in k:
            tail = k.split(" ", 1)[1]
            by_tail[tail] = by_tail.get(tail, 0) + 1
    return [tail if " " in k and by_tail[tail := k.split(" ", 1)[1]] > 1 else None for k in keys]


def with_shared_tails(
    hits: list,
    joined: list[int],
    nt: str,
    tail_of: list[str | None],
    index_of: Mapping[str, int],
    rule_of: list,
) -> list:
    """`hits` (by start, none overlapping) plus the words that share a hit's last words:
    "verbal" in "verbal and written communication" is Verbal communication, "oral" and
    "written" in "oral, written and verbal communication" likewise. `joined`: the starts
    of hits right after " and " or " or " whose form's words after its first end another
    form too; from there the run goes back over any of _JOINERS. Per form index: `tail_of` its
    shared tail (`shared_tails`), `rule_of` its context rule or None; `index_of` maps a match key
    to its form index.

    The word before the joiner counts as the form it makes with those words, if that form
    has no context rule and no hit holds the word. The mention is the word itself, so its
    evidence is what the text says. Measured on the Glassdoor and JobSpy postings: 290
    mentions more, nearly all "written and verbal communication" and its kin; a few in a
    hundred read two phrases as one ("forecasting process and statistical modeling" is no
    process modeling).
    """
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
