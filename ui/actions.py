"""The dashboard's writes: each opens the workspace briefly, calls one analysis function, returns.

A write changes the workspace file, so every cached read (keyed by its data version) is fresh on
the next run. Errors are the project's own (WaypointError) and pages show them with
ui.feedback.user_errors().
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from ui import data


def log_interaction(contact_id: int, when: date, channel: str, note: str | None) -> int:
    from analysis.network import log_interaction as log

    with data.writing() as con:
        return log(con, int(contact_id), when, channel, note or None)


def keep_in_touch(contact_id: int, tier: str | None, snoozed_until: date | None) -> None:
    """Set a contact's tier (None: derived again) and snooze date (None: not snoozed)."""
    from analysis.network import set_tier, snooze_contact

    with data.writing() as con:
        set_tier(con, int(contact_id), tier)
        snooze_contact(con, int(contact_id), snoozed_until)


def merge_contacts(keep_id: int, drop_id: int) -> None:
    from analysis.ingest.contacts_merge import merge_contacts as merge

    with data.writing() as con:
        merge(con, int(keep_id), int(drop_id))


def save_profile_skills(frame: pd.DataFrame) -> dict[str, int]:
    from analysis.profile_edit import save_profile_skills as save

    with data.writing() as con:
        return save(con, frame)


def save_goals(frame: pd.DataFrame) -> int:
    from analysis.profile_edit import save_goals as save

    with data.writing() as con:
        return save(con, frame)


def save_milestones(frame: pd.DataFrame) -> int:
    from analysis.profile_edit import save_milestones as save

    with data.writing() as con:
        return save(con, frame)


def save_finances(**values: float | None) -> None:
    from analysis.plan import save_finances as save

    with data.writing() as con:
        save(con, **values)


def add_to_taxonomy(term: str, category: str) -> str:
    from analysis.market_precompute import refresh_precomputed
    from analysis.skills.additions import add_custom_skill

    with data.writing() as con:
        skill_id = add_custom_skill(con, term, category)
        refresh_precomputed(con)  # the term is a skill now: clusters and terms change
        return skill_id


def import_taxonomy(path, kind: str):
    """An external taxonomy (ESCO, O*NET Technology Skills or a custom CSV) merged into the
    workspace's; its skills are found in every posting. Returns what was read
    (`additions.TaxonomyImport`)."""
    from analysis.ingest.dispatch import refresh_skills
    from analysis.skills.additions import import_external_taxonomy

    with data.writing() as con:
        result = import_external_taxonomy(con, path, kind)
        refresh_skills(con)
        return result


def save_targets(frame: pd.DataFrame) -> dict[str, int]:
    from analysis.profile_edit import save_targets as save

    with data.writing() as con:
        return save(con, frame)


def build_report(sections: list[str], redact: bool, market: str = "workspace") -> str:
    """The same function the command line uses; the page only offers what it returns.
    ``market``: "workspace" or "study" (the attached market study's postings)."""
    from analysis.report import build_report as build

    with data.writing() as con:
        return build(con, sections=sections, redact=redact, market=market)


def report_pdf(html: str) -> bytes:
    import tempfile
    from pathlib import Path

    from analysis.report_files import write_pdf

    with tempfile.TemporaryDirectory() as tmp:
        return write_pdf(html, Path(tmp) / "report.pdf").read_bytes()


def save_risk_weights(weights: dict[str, float] | None) -> dict[str, float]:
    """Keep the skill-atrophy risk weights in the workspace (None: back to the defaults)."""
    from analysis.atrophy import set_risk_weights

    with data.writing() as con:
        return set_risk_weights(con, weights)


def save_income_streams(frame: pd.DataFrame) -> dict[str, int]:
    from analysis.profile_edit import save_income_streams as save

    with data.writing() as con:
        return save(con, frame)
