"""The every_form rule: a name followed by a job-title noun ("Java Developer", "the DevOps
team") names the job, not a requirement, and so do the names chained to it ("Full Stack Java
Developer"). `JobTitles` spots the noun after a hit, `drop_title_chains` the names before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from analysis.skills.rules import ContextRule


class JobTitles:
    """The every_form rule: is a name followed by a job-title noun ("Java Developer")?

    Checked on every hit, so `starts` says at once (one set lookup on the next word) whether a
    title can start there; only then is the clause after the name split into words.
    """

    def __init__(self, rule: ContextRule, forms: Iterable[str] = ()):
        self.nouns = rule.forbid_following.phrases if rule.forbid_following else frozenset()
        self.modifiers = rule.modifiers or frozenset()
        self.unless = rule.unless_following.phrases if rule.unless_following else frozenset()
        self.starts = frozenset(p[0] for p in self.nouns) | self.modifiers
        self.longest = max(map(len, self.nouns | self.unless), default=1)
        self.forms = frozenset(forms)  # "Mathematics, Software Engineering": a skill, no title

    def follows(self, norm_text: str, pos: int) -> bool:
        """Does a title start at norm_text[pos] (after at most two modifiers)?"""
        clause = norm_text[pos : pos + 100]
        if (stop := _CLAUSE_END.search(clause)) is not None:
            clause = clause[: stop.start()]
        words = clause.replace("-", " ").split()
        for skip in range(3):
            rest = tuple(words[skip : skip + self.longest])
            for n in range(len(rest), 0, -1):
                if rest[:n] in self.unless:
                    return False
                if rest[:n] in self.nouns:
                    return not any(" ".join(words[k : skip + n]) in self.forms for k in range(skip))
            if skip >= len(words) or words[skip] not in self.modifiers:
                return False
        return False


_CLAUSE_END = re.compile(r"[^\w\s+#&-]|\n")  # a title does not run past punctuation or a line


_CHAIN_WORDS = ("", "and", "or")  # what may join two names of one title


def drop_title_chains(hits: list, title_starts: list[int], norm_text: str) -> list:
    """Drop names that run into a job title: "Full Stack Java Developer", "React/HTML5 Tech Lead".

    `title_starts` are where the names right before a title noun start; a hit separated from
    one of them by nothing but spaces, "/", "-" or "&", or by "and" / "or" ("backend and
    full stack developers"), belongs to the title too, and so on leftwards.
    """
    starts = set(title_starts)
    dropped = set()
    for hit in sorted(hits, key=lambda h: -h[1]):
        end = hit[1]
        for start in starts:  # a few: one per title in the posting, and the names chained to it
            if 0 <= start - end < 7 and norm_text[end:start].strip(" /-&") in _CHAIN_WORDS:
                break
        else:
            continue
        starts.add(hit[0])
        dropped.add(hit)
    return [hit for hit in hits if hit not in dropped] if dropped else hits
