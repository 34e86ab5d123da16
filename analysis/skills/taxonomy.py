"""The skill taxonomy: skills, their aliases, the built-in CSV files and merging taxonomies.

A taxonomy CSV has the header `skill_id,name,category,aliases`, aliases separated by " | ".
The built-in taxonomy is every such file in `data/taxonomy/`; ESCO, O*NET and custom files are
read by `analysis.skills.external` into the same `Taxonomy` and combined with `merge`.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from analysis.errors import WaypointError
from analysis.skills.normalise import match_key, normalise

HEADER = ["skill_id", "name", "category", "aliases"]
ALIAS_SEPARATOR = "|"
BUILTIN_FOLDER = Path(__file__).resolve().parent.parent.parent / "data" / "taxonomy"


class TaxonomyError(WaypointError):
    """A taxonomy file or merge is invalid; the detail names the file and line."""


@dataclass(frozen=True)
class Skill:
    skill_id: str
    name: str
    category: str
    origin: str = "builtin"
    external_id: str | None = None


def form_key(text: str) -> str:
    """The normalised form two surface forms share when they are the same to a reader."""
    return " ".join(normalise(text).text.split())


def _merge_key(name: str) -> str:
    # ESCO qualifies ambiguous labels: "Java (computer programming)" is our "Java".
    return form_key(re.sub(r"\s*\([^()]*\)\s*$", "", name) or name)


class Taxonomy:
    """Skills by id plus aliases as (surface form, skill_id) pairs; treat it as read-only.

    Aliases that normalise to their own skill's name, and repeated aliases, are dropped.
    """

    def __init__(self, skills: Iterable[Skill] = (), aliases: Iterable[tuple[str, str]] = ()):
        self.skills: dict[str, Skill] = {}
        for skill in skills:
            if skill.skill_id in self.skills:
                raise TaxonomyError("Duplicate skill id", f"'{skill.skill_id}' appears twice")
            self.skills[skill.skill_id] = skill
        self.aliases: list[tuple[str, str]] = []
        seen = {(form_key(s.name), s.skill_id) for s in self.skills.values()}
        for form, skill_id in aliases:
            form = " ".join(form.split())
            if skill_id not in self.skills:
                raise TaxonomyError("Alias for an unknown skill", f"'{form}' -> '{skill_id}'")
            key = (form_key(form), skill_id)
            if form and key[0] and key not in seen:
                seen.add(key)
                self.aliases.append((form, skill_id))

    def __len__(self) -> int:
        return len(self.skills)

    def __iter__(self) -> Iterator[Skill]:
        return iter(self.skills.values())

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self.skills

    def __getitem__(self, skill_id: str) -> Skill:
        return self.skills[skill_id]

    def __repr__(self) -> str:
        return f"Taxonomy({len(self.skills)} skills, {len(self.aliases)} aliases, version {self.version})"

    @cached_property
    def version(self) -> str:
        """12 hex digits of sha256 over the sorted content: any edit changes it, file order does not."""
        lines = sorted(
            "\t".join(("S", s.skill_id, s.name, s.category, s.origin, s.external_id or ""))
            for s in self.skills.values()
        )
        lines += sorted(f"A\t{skill_id}\t{form}" for form, skill_id in self.aliases)
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:12]

    def surface_forms(self) -> list[tuple[str, str, bool]]:
        """(form, skill_id, is_name) for every name and alias, names first."""
        forms = [(s.name, s.skill_id, True) for s in self.skills.values()]
        return forms + [(form, skill_id, False) for form, skill_id in self.aliases]

    @cached_property
    def _owners(self) -> dict[str, str]:
        # Several skills may share a form; the one naming it outright wins, then the lower id,
        # so the choice never depends on file order.
        best: dict[str, tuple[bool, str]] = {}
        for form, skill_id, is_name in self.surface_forms():
            key = match_key(form)
            if key and (key not in best or (not is_name, skill_id) < best[key]):
                best[key] = (not is_name, skill_id)
        return {key: skill_id for key, (_, skill_id) in best.items()}

    def match_owners(self) -> dict[str, str]:
        """{match key: skill_id} for every name and alias (see `normalise.match_key`)."""
        return dict(self._owners)

    def lookup(self, form: str) -> str | None:
        """The skill a name or alias stands for, compared after normalisation, or None."""
        return self._owners.get(match_key(form))

    def conflicts(self) -> pd.DataFrame:
        """Match keys shared by several skills (the extractor picks one; see `_owners`).

        Columns: form (the match key), skill_id, name, is_name.
        """
        by_key: dict[str, list[tuple[str, str, bool]]] = {}
        for form, skill_id, is_name in self.surface_forms():
            by_key.setdefault(match_key(form), []).append((form, skill_id, is_name))
        rows = [
            (key, skill_id, self.skills[skill_id].name, is_name)
            for key, entries in sorted(by_key.items())
            if len({skill_id for _, skill_id, _ in entries}) > 1
            for _, skill_id, is_name in sorted(entries, key=lambda e: e[1])
        ]
        return pd.DataFrame(rows, columns=["form", "skill_id", "name", "is_name"])

    def skills_frame(self) -> pd.DataFrame:
        """One row per skill. Columns: skill_id, name, category, origin, external_id."""
        return pd.DataFrame(
            [
                (s.skill_id, s.name, s.category, s.origin, s.external_id)
                for s in self.skills.values()
            ],
            columns=["skill_id", "name", "category", "origin", "external_id"],
        )

    def aliases_frame(self) -> pd.DataFrame:
        """One row per alias. Columns: skill_id, alias."""
        return pd.DataFrame(
            [(skill_id, form) for form, skill_id in self.aliases], columns=["skill_id", "alias"]
        )


def read_taxonomy_csv(path: str | Path, origin: str = "builtin") -> Taxonomy:
    """Read one `skill_id,name,category,aliases` file; a bad row raises naming file and line."""
    skills, aliases = _read_rows(Path(path), origin)
    return Taxonomy(skills, aliases)


def _read_rows(path: Path, origin: str) -> tuple[list[Skill], list[tuple[str, str]]]:
    skills: list[Skill] = []
    aliases: list[tuple[str, str]] = []
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise TaxonomyError("Cannot read taxonomy file", f"{path}: {exc.strerror}") from exc
    with handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != HEADER:
            raise TaxonomyError(
                "Bad taxonomy header",
                f"{path.name}, line 1: expected {','.join(HEADER)}, found {','.join(header or [])}",
            )
        seen_ids: set[str] = set()
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(HEADER):
                raise TaxonomyError(
                    "Bad taxonomy row",
                    f"{path.name}, line {line}: expected 4 fields, found {len(row)}",
                )
            skill_id, name, category, alias_cell = (cell.strip() for cell in row)
            for column, value in (("skill_id", skill_id), ("name", name), ("category", category)):
                if not value:
                    raise TaxonomyError(
                        "Bad taxonomy row", f"{path.name}, line {line}: empty {column}"
                    )
            if skill_id in seen_ids:
                raise TaxonomyError(
                    "Duplicate skill id", f"{path.name}, line {line}: '{skill_id}' appears twice"
                )
            seen_ids.add(skill_id)
            skills.append(Skill(skill_id, name, category, origin))
            for alias in alias_cell.split(ALIAS_SEPARATOR):
                if alias.strip():
                    aliases.append((alias.strip(), skill_id))
    return skills, aliases


def load_builtin_taxonomy(folder: str | Path | None = None) -> Taxonomy:
    """Every `*.csv` in `data/taxonomy/` (found next to this package, not the cwd), in name order.

    A skill id used in two files raises `TaxonomyError` naming both.
    """
    folder = Path(folder) if folder is not None else BUILTIN_FOLDER
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise TaxonomyError("No taxonomy files", f"no *.csv in {folder}")
    skills: list[Skill] = []
    aliases: list[tuple[str, str]] = []
    first_file: dict[str, str] = {}
    for path in files:
        file_skills, file_aliases = _read_rows(path, "builtin")
        for skill in file_skills:
            if skill.skill_id in first_file:
                raise TaxonomyError(
                    "Duplicate skill id",
                    f"'{skill.skill_id}' is in {first_file[skill.skill_id]} and {path.name}",
                )
            first_file[skill.skill_id] = path.name
        skills += file_skills
        aliases += file_aliases
    return Taxonomy(skills, aliases)


def merge(base: Taxonomy, extra: Taxonomy) -> Taxonomy:
    """`base` plus `extra`: a skill whose normalised name matches a base skill's name or one of
    its aliases adds its name and aliases to that skill; any other skill is appended.

    Names match after normalisation and without a trailing qualifier in parentheses, so ESCO's
    "Java (computer programming)" joins "Java" and O*NET's "Microsoft Excel" joins our "Excel"
    (whose alias it is). A base name beats a base alias; of several skills sharing an alias the
    lower id wins, so the result never depends on file order. A new skill whose id is already
    taken raises.
    """
    by_key: dict[str, str] = {}
    for skill in base:
        by_key.setdefault(_merge_key(skill.name), skill.skill_id)
    alias_owner: dict[str, str] = {}
    for form, skill_id in base.aliases:
        key = _merge_key(form)
        if key not in by_key and (key not in alias_owner or skill_id < alias_owner[key]):
            alias_owner[key] = skill_id
    by_key.update(alias_owner)
    skills = list(base)
    taken = set(base.skills)
    aliases = list(base.aliases)
    extra_aliases: dict[str, list[str]] = {}
    for form, skill_id in extra.aliases:
        extra_aliases.setdefault(skill_id, []).append(form)
    for skill in extra:
        target = by_key.get(_merge_key(skill.name))
        forms = [skill.name] + extra_aliases.get(skill.skill_id, [])
        if target is None:
            if skill.skill_id in taken:
                raise TaxonomyError(
                    "Skill id clash",
                    f"'{skill.skill_id}' ({skill.name}) is already used by "
                    f"'{base[skill.skill_id].name}'",
                )
            skills.append(skill)
            taken.add(skill.skill_id)
            by_key[_merge_key(skill.name)] = skill.skill_id
            target, forms = skill.skill_id, forms[1:]
        aliases += [(form, target) for form in forms]
    return Taxonomy(skills, aliases)
