"""A posting's own employer, recognised in its text (`employer_name` in the context rules).

"Salesforce" in a Salesforce posting, "Esri" (an ArcGIS alias) in an Esri posting or "KnowBe4"
in a KnowBe4 posting names the employer, not a skill the job asks for; a sentence the name opens
("Esri's GIS technology inspires ...", "KnowBe4 was created to ...") describes the company, like
one opened by "we". Measured on 991 real JobSpy and Glassdoor postings: 48 of them name their
own employer as a skill, 234 mentions in all.
"""

from __future__ import annotations

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
