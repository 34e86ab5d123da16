"""A posting's own employer, recognised in its text (`employer_name` in the context rules).

"Salesforce" in a Salesforce posting, "Esri" (an ArcGIS alias) in an Esri posting or "KnowBe4"
in a KnowBe4 posting names the employer, not a skill the job asks for; a sentence the name opens
("Esri's GIS technology inspires ...", "KnowBe4 was created to ...") describes the company, like
one opened by "we". Measured on 991 real JobSpy and Glassdoor postings: 48 of them name their
own employer as a skill, 234 mentions in all.

`EmployerName` is the rule as the rules file gives it (`parse_employer_name`); `EmployerHits` is
the rule at work in an extractor, finding the employer's name among a posting's hits.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass

from analysis.skills.normalise import match_key
from analysis.skills.taxonomy import TaxonomyError

EMPLOYER_NAME = "@employer"  # key of the EmployerName in a rules mapping (never a match key)
_KEYS = {"context", "subject_context", "suffixes", "name_words"}


@dataclass(frozen=True)
class EmployerName:
    """How the employer's name is found: its match key without legal `suffixes` ("Inc",
    "LLC"). A mention whose form is that key gets `context`; so does one whose form is the key's
    first words when only `name_words` follow ("Juniper" of "Juniper Networks") and the text
    goes on with them or writes the form as the employer's name does ("Software Engineering" at
    the Software Engineering Institute, not "a degree in software engineering"). A sentence one
    of them opens gets `subject_context` (a sentence-context name, whose `unless` words then
    apply), if set.
    """

    context: str
    subject_context: str | None
    suffixes: frozenset[str]
    name_words: frozenset[str]

    def key(self, employer: str | None) -> str:
        """The employer's match key ("" for none): normalised, legal suffixes dropped.

        Separators stay as the text's boundary text has them ("smith  jones" for "Smith, Jones
        Inc"), so the key is found where the text writes the name as the company does.
        """
        if not isinstance(employer, str) or not employer.strip():
            return ""
        words = match_key(employer).split(" ")
        while len(words) > 1 and (not words[-1] or words[-1] in self.suffixes):
            words.pop()  # a suffix, or the blank a comma before it left ("Acme, Inc.")
        return " ".join(words)

    def rest_of_name(self, form_key: str, employer_key: str) -> str | None:
        """What follows a skill form in the employer's name: "" when the form is the name,
        "networks" for "juniper" in "juniper networks", None when it is not the name's start
        or more than `name_words` follow."""
        if form_key == employer_key:
            return ""
        if not employer_key.startswith(form_key + " "):
            return None
        rest = employer_key[len(form_key) + 1 :]
        return rest if all(word in self.name_words for word in rest.split(" ")) else None


def parse_employer_name(raw, source: str) -> EmployerName | None:
    """The `employer_name` section of the context rules, or None where there is none."""
    if not raw:
        return None
    where = f"{source}, employer_name"
    if not isinstance(raw, Mapping) or set(raw) - _KEYS or not raw.get("context"):
        raise TaxonomyError(
            "Bad context rule", f"{where}: needs context; allowed: {', '.join(sorted(_KEYS))}"
        )
    subject = raw.get("subject_context")
    return EmployerName(
        context=str(raw["context"]),
        subject_context=str(subject) if subject else None,
        suffixes=frozenset(match_key(str(w)) for w in raw.get("suffixes") or ()),
        name_words=frozenset(match_key(str(w)) for w in raw.get("name_words") or ()),
    )


class EmployerHits:
    """The employer_name rule at work in one extractor, whose forms are `keys` (by form index):
    which of a posting's hits name the posting's own employer."""

    def __init__(self, rule: EmployerName, keys: list[str]):
        self.rule = rule
        self.context = rule.context
        self.keys = keys
        # An import meets each employer again and again: their keys, computed once.
        self._known: dict[str, tuple[str, str]] = {}  # name: (key, " first word ")

    def own_hits(self, hits: list, employer: str, norm, text: str, bt: str, cue_hits: list):
        """(indexes of the hits naming the employer, cue_hits plus a subject cue at each place
        the employer's name stands: its own hits and its full name in the text)."""
        rule = self.rule
        known = self._known.get(employer)
        if known is None:
            if len(self._known) >= 1 << 17:  # bounded: a server runs for days
                self._known.clear()
            key = rule.key(employer)
            known = self._known[employer] = (key, f" {key.split(' ', 1)[0]} ")
        key, first_word = known
        # Runs for every posting of an import: most never name their employer, and a name (or
        # its first words) can only stand where its first word does.
        if not key or first_word not in bt:
            return (), cue_hits
        keys = self.keys
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
