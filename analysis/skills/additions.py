"""The user's additions to the taxonomy: a custom skill (the "add this emerging term" button,
`python -m analysis skills add`) and an external taxonomy (ESCO, O*NET Technology Skills or a
custom CSV: `python -m analysis skills import-taxonomy`). Both live in `user_skills` /
`user_skill_aliases`, merged into the active taxonomy by analysis.skills.sync, and re-extract
the postings they can change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.errors import WaypointError
from analysis.skills.scope import counts_asked
from analysis.skills.sync import (
    active_taxonomy,
    builtin_taxonomy,
    extract_pending,
    extraction_version,
    insert_frame,
)
from analysis.skills.taxonomy import form_key
from analysis.store import Connection, transaction


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split()) or "x"


def add_custom_skill(
    con: Connection,
    name: str,
    category: str = "Custom",
    aliases: Iterable[str] = (),
    *,
    extract: bool = True,
) -> str:
    """Add a skill to the user's taxonomy (the "add this emerging term" button); returns its id.

    When the name (or an alias) already stands for a skill, nothing is added and that skill's
    id is returned. Otherwise the skill is stored as origin "custom" with id "custom:<slug>",
    and (unless `extract=False`) postings are re-extracted with the new taxonomy. Only postings
    whose text contains the longest word of the name or an alias can change, so the others
    are carried over to the new version unread: one click stays quick on a large workspace.
    """
    name = " ".join(str(name).split())
    if not name:
        raise WaypointError("Cannot add skill", "the name is empty")
    taxonomy = active_taxonomy(con)
    existing = taxonomy.lookup(name)
    if existing is not None:
        return existing
    skill_id = f"custom:{_slug(name)}"
    n = 2
    while skill_id in taxonomy:
        skill_id, n = f"custom:{_slug(name)}-{n}", n + 1
    forms = [" ".join(a.split()) for a in aliases]
    forms = [f for f in dict.fromkeys(forms) if f and form_key(f) != form_key(name)]
    before = extraction_version(taxonomy, counts_asked(con))
    with transaction(con):
        con.execute(
            "INSERT INTO user_skills VALUES (?, ?, ?, 'custom', NULL)",
            [skill_id, name, category or "Custom"],
        )
        if forms:
            con.executemany(
                "INSERT INTO user_skill_aliases VALUES (?, ?)", [[f, skill_id] for f in forms]
            )
    if extract:
        _carry_over(
            con, before, extraction_version(active_taxonomy(con), counts_asked(con)), [name, *forms]
        )
        extract_pending(con)
    return skill_id


def _carry_over(con: Connection, before: str, after: str, forms: list[str]) -> None:
    """Mark postings extracted with `before` as extracted with `after` when their text cannot
    contain any of the added `forms` (none of their longest words appears in it)."""
    words = sorted({max(re.findall(r"\w+", f.lower()) or [""], key=len) for f in forms} - {""})
    if not words or before == after:
        return
    text = "lower(concat_ws(' ', p.title, p.description, p.skills_list))"
    mentions = " OR ".join(f"contains({text}, ?)" for _ in words)
    with transaction(con):
        con.execute(
            "UPDATE extracted_postings SET taxonomy_version = ? WHERE taxonomy_version = ? "
            "AND posting_id NOT IN (SELECT p.posting_id FROM postings p "
            f"WHERE {mentions})",
            [after, before, *words],
        )


EXTERNAL_KINDS = ("esco", "onet", "custom")


@dataclass(frozen=True)
class TaxonomyImport:
    """What `import_external_taxonomy` read: its skills, and the names and aliases that are
    not matched in postings (`external.matchable`), in file order."""

    file_name: str
    kind: str
    skills: int
    left_out: list[str]

    def summary(self) -> str:
        noun = "skill" if self.skills == 1 else "skills"
        text = f"Imported {self.skills:,} {noun} from {self.file_name} ({self.kind})"
        if not self.left_out:
            return text + "."
        shown = ", ".join(f"“{form}”" for form in self.left_out[:8])
        more = len(self.left_out) - 8
        shown += f" and {more:,} more" if more > 0 else ""
        n = len(self.left_out)
        return (
            f"{text}. {n:,} of its names and aliases {'is' if n == 1 else 'are'} not looked "
            f"for in postings, because {'it reads' if n == 1 else 'they read'} as ordinary "
            f"words or {'is' if n == 1 else 'are'} too short to tell apart: {shown}. Add any "
            "you need as your own skill."
        )


def import_external_taxonomy(
    con: Connection, path: str | Path, kind: str, *, extract: bool = True
) -> TaxonomyImport:
    """Import an ESCO skills CSV, O*NET `Technology Skills.csv` or custom taxonomy CSV.

    The skills are stored as the user's additions (a skill re-imported with the same id
    replaces the earlier row and its aliases). ESCO and O*NET are stored as published, and
    `sync.active_taxonomy` leaves out the names and aliases the extractor cannot match safely
    ("CALL", "IT", "design": `external.matchable`); a custom file is stored without them.
    O*NET's Hot Technology / In Demand flags go to external_signals, and every posting is
    re-extracted unless `extract=False`.
    """
    from analysis.skills import external

    if kind not in EXTERNAL_KINDS:
        raise WaypointError(
            "Unknown taxonomy kind", f"{kind!r}; expected one of {', '.join(EXTERNAL_KINDS)}"
        )
    signals = None
    if kind == "esco":
        extra = external.read_esco_skills(path)
    elif kind == "onet":
        extra, signals = external.read_onet_technology_skills(path)
    else:
        extra = external.read_custom_csv(path)
    base = builtin_taxonomy()  # not earlier imports' forms
    kept = external.matchable(extra, base)
    if kind == "custom":
        extra = kept
    skills = extra.skills_frame()
    aliases = extra.aliases_frame()[["skill_id", "alias"]]
    with transaction(con):
        con.register("_wp_new_skills", skills)
        try:
            con.execute(
                "DELETE FROM user_skill_aliases WHERE skill_id IN (SELECT skill_id FROM _wp_new_skills)"
            )
            con.execute(
                "DELETE FROM user_skills WHERE skill_id IN (SELECT skill_id FROM _wp_new_skills)"
            )
        finally:
            con.unregister("_wp_new_skills")
        insert_frame(con, "user_skills", skills)
        insert_frame(con, "user_skill_aliases", aliases)
        if signals is not None:
            merged = active_taxonomy(con)
            frame = pd.DataFrame(
                {
                    "skill_id": [merged.lookup(n) or "" for n in signals["name"]],
                    "source": "onet",
                    "external_name": signals["name"],
                    "hot_technology": signals["hot_technology"],
                    "in_demand": signals["in_demand"],
                    "occupations": signals["occupations"],
                    "in_demand_occupations": signals["in_demand_occupations"],
                }
            )
            con.execute("DELETE FROM external_signals WHERE source = 'onet'")
            insert_frame(con, "external_signals", frame)
    if extract:
        extract_pending(con)
    return TaxonomyImport(Path(path).name, kind, len(skills), external.left_out(extra, kept))
