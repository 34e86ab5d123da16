"""Importers for external taxonomies: ESCO skills, O*NET Technology Skills, a custom CSV.

Each returns a `Taxonomy` that `taxonomy.merge` can fold into the built-in one. Files are read
as they are published; nothing is copied. `matchable` then leaves out the names and aliases
that the extractor, which compares case-folded text, cannot match safely: one or two letters,
and in ESCO and O*NET the ordinary words of data/taxonomy/ordinary_words.txt ("design" of
ESCO's "think creatively", O*NET's "Forth"). Acronyms that read as words ("CALL") are kept, and
matched only as written (`written_acronym`).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pandas as pd

from analysis.skills.normalise import match_key
from analysis.skills.taxonomy import (
    BUILTIN_FOLDER,
    Skill,
    Taxonomy,
    TaxonomyError,
    read_taxonomy_csv,
)

ONET_COLUMNS = ["O*NET-SOC Code", "Title", "Example", "Commodity Code", "Commodity Title",
                "Hot Technology", "In Demand"]  # fmt: skip
SIGNAL_COLUMNS = [
    "skill_id",
    "name",
    "hot_technology",
    "in_demand",
    "occupations",
    "in_demand_occupations",
]


# ESCO's conceptType of a skill; its other files list occupations, skill groups, ISCO groups.
ESCO_SKILL_TYPE = "KnowledgeSkillCompetence"
_ESCO_NOT_SKILLS = {
    "Occupation": "ESCO occupations (job titles), not skills",
    "SkillGroup": "ESCO skill groups (the headings of its skills hierarchy), not skills",
}
_ESCO_INSTEAD = (
    "import skills_en.csv or a skill collection such as digitalSkillsCollection_en.csv instead"
)


def _rows(path: Path, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number where the row starts, row) for each data row; missing columns raise naming
    the file."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise TaxonomyError("Cannot read taxonomy file", f"{path}: {exc.strerror}") from exc
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise TaxonomyError(
                "Not the expected taxonomy file",
                f"{path.name}, line 1: missing column(s) {', '.join(missing)}",
            )
        start = reader.line_num + 1
        for row in reader:  # a quoted value may span lines: ESCO's altLabels do
            yield start, {k: (v or "").strip() for k, v in row.items() if k is not None}
            start = reader.line_num + 1


def _slug(text: str) -> str:
    text = text.lower().replace("++", "pp").replace("#", "sharp").replace("+", "plus")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


# A trailing qualifier: ESCO writes "Source (digital game creation systems)" because "Source"
# alone is ambiguous.
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
_WORD_ACRONYM = re.compile(r"[A-Z]*[AEIOUY][A-Z]*")


def written_acronym(form: str) -> bool:
    """Whether an imported `form` is a one-word acronym of three or more capitals with a vowel:
    "CALL", "LESS", "DICOM", "SPARQL" read as words once case-folded, so the extractor matches
    them only as written (`sync.imported_case_rules`). One without a vowel ("CCTV", "FFTW") or
    with a digit ("PRINCE2") reads as no word and matches in any case."""
    return len(form) >= 3 and _WORD_ACRONYM.fullmatch(form) is not None


def _unsafe_form(form: str, name: str) -> bool:
    """Would `form`, a name or alias of the skill called `name`, match ordinary words even as
    written? These are:
    - the bare word of a qualified name: "Source" of "Source (digital game creation systems)";
    - one or two letters or digits: "IT", "AR", "ST", "cT" (words and abbreviations: "it", "St.",
      and as written too: "IT" opens many a sentence's "IT team").
    """
    key = match_key(form)
    bare = _QUALIFIER.sub("", name)
    if bare and bare != name and key == match_key(bare):
        return True
    return " " not in key and key.isalnum() and len(key) <= 2


ORDINARY_WORDS_PATH = BUILTIN_FOLDER / "ordinary_words.txt"
# Published taxonomies whose one-word forms are checked against the ordinary words. A custom
# file or skill is the user's own choice of words.
PUBLISHED = ("esco", "onet")
# A plural or third-person "s" is taken off ("chips", "guides"), but not that of "-ss", "-us",
# "-is" or "-ics": "statistics" is no plural of an ordinary "statistic". Other endings stay:
# "marketing" is no "market", "networking" no "network".
_NOT_PLURAL = ("ss", "us", "is", "ics")


@cache
def ordinary_words() -> frozenset[str]:
    """data/taxonomy/ordinary_words.txt: words postings use in their everyday sense."""
    lines = ORDINARY_WORDS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def ordinary_word(form: str) -> bool:
    """Is `form` one ordinary word ("design", "Forth", "Act!"), or the plural of one
    ("chips")?"""
    key = match_key(form)
    if not key.isalpha() or not key.isascii():
        return False
    words = ordinary_words()
    plural = key.endswith("s") and not key.endswith(_NOT_PLURAL) and len(key) > 3
    return key in words or (plural and key[:-1] in words)


def _esco_kind_error(path: Path, line: int, kind: str, uri: str) -> TaxonomyError | None:
    """The error for a row that is not an ESCO skill (an occupation, a skill group...), or None."""
    if kind == ESCO_SKILL_TYPE or (not kind and "/occupation/" not in uri):
        return None
    where = f"conceptType {kind}" if kind else "an occupation URI"
    what = _ESCO_NOT_SKILLS.get(
        kind or "Occupation", f"something other than ESCO skills ({ESCO_SKILL_TYPE})"
    )
    return TaxonomyError(
        "Not an ESCO skills file",
        f"{path.name}, line {line}: {where}: the file lists {what}; {_ESCO_INSTEAD}",
    )


def read_esco_skills(path: str | Path, category: str | None = None) -> Taxonomy:
    """An ESCO skills CSV (skills_en.csv or a collection such as digitalSkillsCollection_en.csv).

    Columns used: conceptUri (kept as external_id; its last segment makes the id
    "esco:<uuid>"), preferredLabel (name), altLabels (aliases, separated by newlines or " | "),
    and broaderConceptPT, whose first term is the category unless `category` is given.
    A row whose conceptType is not a skill's (occupations_en.csv, skillGroups_en.csv) raises
    naming the file to use instead.
    """
    path = Path(path)
    skills: list[Skill] = []
    aliases: list[tuple[str, str]] = []
    for line, row in _rows(path, ["conceptUri", "preferredLabel"]):
        uri, name = row["conceptUri"], row["preferredLabel"]
        error = _esco_kind_error(path, line, row.get("conceptType", ""), uri)
        if error is not None:
            raise error
        if not uri or not name:
            raise TaxonomyError(
                "Bad ESCO row",
                f"{path.name}, line {line}: empty {'conceptUri' if not uri else 'preferredLabel'}",
            )
        skill_id = "esco:" + uri.rstrip("/").rsplit("/", 1)[-1]
        broader = row.get("broaderConceptPT", "").split(" | ")[0].strip()
        skills.append(Skill(skill_id, name, category or broader or "ESCO", "esco", uri))
        for label in re.split(r"\n| \| ", row.get("altLabels", "")):
            if label.strip():
                aliases.append((label.strip(), skill_id))
    return Taxonomy(skills, aliases)


def read_onet_technology_skills(path: str | Path) -> tuple[Taxonomy, pd.DataFrame]:
    """O*NET `Technology Skills.csv`: every distinct Example becomes a skill "onet:<slug>".

    The category is the Example's Commodity Title (the most frequent one if it has several).
    Also returns the per-skill signals. Columns: skill_id, name, hot_technology (bool),
    in_demand (bool), occupations (int64: O*NET-SOC codes listing it), in_demand_occupations
    (int64: those where it is marked In Demand).
    """
    path = Path(path)
    titles: dict[str, Counter] = {}
    hot: dict[str, bool] = {}
    occupations: dict[str, set[str]] = {}
    in_demand: dict[str, set[str]] = {}
    for line, row in _rows(path, ONET_COLUMNS):
        example = row["Example"]
        if not example:
            raise TaxonomyError("Bad O*NET row", f"{path.name}, line {line}: empty Example")
        titles.setdefault(example, Counter())[row["Commodity Title"] or "O*NET technology"] += 1
        hot[example] = hot.get(example, False) or row["Hot Technology"] == "Y"
        occupations.setdefault(example, set()).add(row["O*NET-SOC Code"])
        if row["In Demand"] == "Y":
            in_demand.setdefault(example, set()).add(row["O*NET-SOC Code"])
    skills: list[Skill] = []
    taken: set[str] = set()
    for example in sorted(titles):  # sorted: ids never depend on row order
        base = "onet:" + _slug(example)
        skill_id, n = base, 2
        while skill_id in taken:  # "C++" and "C+ +" would share a slug
            skill_id, n = f"{base}-{n}", n + 1
        taken.add(skill_id)
        category = min(titles[example].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        skills.append(Skill(skill_id, example, category, "onet", None))
    signals = pd.DataFrame(
        {
            "skill_id": pd.Series([s.skill_id for s in skills], dtype="str"),
            "name": pd.Series([s.name for s in skills], dtype="str"),
            "hot_technology": pd.Series([hot[s.name] for s in skills], dtype="bool"),
            "in_demand": pd.Series([s.name in in_demand for s in skills], dtype="bool"),
            "occupations": pd.Series([len(occupations[s.name]) for s in skills], dtype="int64"),
            "in_demand_occupations": pd.Series(
                [len(in_demand.get(s.name, ())) for s in skills], dtype="int64"
            ),
        }
    )
    return Taxonomy(skills), signals


def read_custom_csv(path: str | Path) -> Taxonomy:
    """A user's own file with the built-in header `skill_id,name,category,aliases`."""
    return read_taxonomy_csv(path, origin="custom")


def matchable(
    extra: Taxonomy, base: Taxonomy, origins: tuple[str, ...] = (*PUBLISHED, "custom")
) -> Taxonomy:
    """`extra` (an imported taxonomy) without the names and aliases the extractor cannot match
    safely: unsafe forms (see `_unsafe_form`), and in ESCO and O*NET ordinary words
    (`ordinary_word`). Such an alias is left out; a skill with such a name is left out with its
    aliases ("LESS", O*NET's "Analyze"). Only skills of `origins` are checked.

    A form `base` already has stays: matching it changes nothing, and base's context rules
    apply to it (ESCO's "MATLAB" still joins our MATLAB, its "R" our R with its case rule).
    """
    known = set(base.match_owners())

    def safe(form: str, skill: Skill) -> bool:
        if skill.origin not in origins or match_key(form) in known:
            return True
        if _unsafe_form(form, skill.name):
            return False
        if skill.origin not in PUBLISHED or written_acronym(form):
            return True  # the user's own word, or matched only as written ("CALL")
        return not ordinary_word(form)

    skills = {s.skill_id: s for s in extra if safe(s.name, s)}
    aliases = [
        (form, skill_id)
        for form, skill_id in extra.aliases
        if skill_id in skills and safe(form, skills[skill_id])
    ]
    return Taxonomy(skills.values(), aliases)


def left_out(extra: Taxonomy, kept: Taxonomy) -> list[str]:
    """The names and aliases of `extra` that `kept` (`matchable(extra, ...)`) does not match,
    in file order: what an import tells the user it leaves out."""
    forms = {match_key(form) for form, _, _ in kept.surface_forms()}
    return list(dict.fromkeys(f for f, _, _ in extra.surface_forms() if match_key(f) not in forms))
