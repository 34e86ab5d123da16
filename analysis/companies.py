"""Company names: one normal form, and a fuzzy "same employer" test.

Used by the contacts importer (merging people) and by the network analysis (contacts at a
target company, former colleagues). The fuzzy scorer is rapidfuzz's ``token_sort_ratio`` on the
normalised names: word order does not matter ("Bank of America" / "America, Bank of") and small
typos pass, but a name that merely *contains* another does not ("Acme" vs "Acme Bank" scores 62),
which ``partial_ratio``, ``token_set_ratio`` and ``WRatio`` would all call a match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz

DEFAULT_THRESHOLD = 90

# Legal-form words dropped from the end of a name ("Acme Corp." -> "acme"), after punctuation
# is gone, so "S.A." arrives here as "sa" and "L.L.C." as "llc".
LEGAL_SUFFIXES = frozenset({
    "inc", "incorporated", "llc", "ltd", "limited", "gmbh", "ag", "kg", "sa", "corp",
    "corporation", "co", "company", "plc", "llp",
})  # fmt: skip

# What people write in the company field when they have no employer to name. Two people who
# are both "Self-employed" are no colleagues, and "Freelance" is no company to know people at.
NOT_EMPLOYERS = frozenset({
    "self employed", "selfemployed", "self", "freelance", "freelancer", "freelancing",
    "independent", "independent consultant", "independent contractor", "retired", "unemployed",
    "stealth", "stealth startup", "stealth mode", "stealth mode startup", "confidential",
    "none", "n a", "na", "various", "student", "open to work", "looking for opportunities",
    "looking for new opportunities", "career break", "sabbatical",
    # the same in the other languages LinkedIn profiles are written in (accents go in the key)
    "autonomo", "autonoma", "trabajador autonomo", "trabajadora autonoma", "freiberuflich",
    "freiberufler", "freiberuflerin", "selbststandig", "selbstandig", "independant",
    "independante", "travailleur independant", "auto entrepreneur", "libero professionista",
    "zelfstandige", "zzp", "zzper", "autonomo a", "conta propria", "por conta propria",
    "عمل حر", "صاحب عمل حر", "عمل مستقل", "مستقل", "لحسابي الخاص",
})  # fmt: skip

_INITIALISM = re.compile(r"\b(?:\w\.){2,}")  # s.a.  l.l.c.  u.s.
_APOSTROPHES = re.compile(r"['’`]")
_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)
def normalise_company(name: str | None) -> str:
    """Lower-case words without punctuation, accents, a leading/trailing "The" or legal suffixes.

    "The Acme Corporation" -> "acme"; "Procter & Gamble Co." -> "procter and gamble";
    "Société Générale S.A." -> "societe generale". Returns "" for an empty name.
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _INITIALISM.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _APOSTROPHES.sub("", text).replace("&", " and ")
    words = _NON_WORD.sub(" ", text).split()
    while len(words) > 1 and words[0] == "the":
        words.pop(0)
    while len(words) > 1 and (words[-1] in LEGAL_SUFFIXES or words[-1] in ("the", "and")):
        words.pop()  # "Company, The" / "Smith & Co." leave a dangling "the" / "and"
    return " ".join(words)


def _score(a: str, b: str) -> float:
    """Similarity 0-100 of two *normalised* names."""
    if a == b or a.replace(" ", "") == b.replace(" ", ""):
        return 100.0
    return fuzz.token_sort_ratio(a, b)


def company_similarity(a: str | None, b: str | None) -> float:
    """0-100; 0 when either name is empty."""
    na, nb = normalise_company(a), normalise_company(b)
    if not na or not nb:
        return 0.0
    return _score(na, nb)


def same_company(a: str | None, b: str | None, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """True when both names are given and refer to the same employer at this threshold."""
    return company_similarity(a, b) >= threshold


def best_company_match(
    name: str | None, candidates: Iterable[str], threshold: float = DEFAULT_THRESHOLD
) -> tuple[str, float] | None:
    """The candidate most similar to ``name`` and its score, or None below the threshold.

    Ties go to the earliest candidate.
    """
    target = normalise_company(name)
    if not target:
        return None
    best: tuple[str, float] | None = None
    for candidate in candidates:
        normalised = normalise_company(candidate)
        if not normalised:
            continue
        score = _score(target, normalised)
        if score >= threshold and (best is None or score > best[1]):
            best = (candidate, float(score))
    return best


def is_employer(name: str | None) -> bool:
    """False for an empty company field and for one that names no employer ("Self-employed",
    "Freelance", "Stealth startup"; NOT_EMPLOYERS)."""
    key = normalise_company(name)
    return bool(key) and key not in NOT_EMPLOYERS


def common_spellings(names: pd.Series, preferred: Mapping[str, str] | None = None) -> pd.Series:
    """Each name as one spelling per company, so a table lists "ACME Insurance Co" and "ACME
    Insurance Company" alike: a name in ``preferred`` takes its value there (the user's own
    spelling of an employer); the other names that share a normal form take their commonest
    spelling, ties to the first in sorted order. Empty and missing names stay as they are."""
    preferred = preferred or {}
    present = names.dropna()
    present = present[present.str.strip() != ""]
    if present.empty:
        return names.copy()
    counts = present.value_counts().rename_axis("name").reset_index(name="n")
    counts["key"] = counts["name"].map(normalise_company)
    counts = counts.sort_values(["key", "n", "name"], ascending=[True, False, True])
    spelling = counts.drop_duplicates("key").set_index("key")["name"].to_dict()
    for name, own in preferred.items():
        spelling[normalise_company(name)] = own
    shown = {name: spelling.get(normalise_company(name), name) for name in counts["name"]}
    out = names.copy()
    known = names.isin(list(shown))
    out[known] = names[known].map(shown)
    return out
