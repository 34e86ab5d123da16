"""Storing a parsed profile file (analysis.ingest.profile_file): skills merged with the ones
already known, targets, finances and income streams. Also the helpers the LinkedIn profile
files share: `existing_skills` and `write_targets`.
"""

from __future__ import annotations

from analysis.ingest.common import ImportReport
from analysis.ingest.profile_file import IncomeStream, ProfileFile, SkillEntry
from analysis.store import Connection


def existing_skills(con: Connection) -> dict[str, tuple]:
    """profile_skills rows keyed by case-folded skill: (skill, proficiency, last_used,
    last_used_source, years, wants_to_grow, source)."""
    rows = con.execute(
        "SELECT skill, proficiency, last_used, last_used_source, years, wants_to_grow, source "
        "FROM profile_skills"
    ).fetchall()
    return {row[0].casefold(): row for row in rows}


def _write_skill_entries(con: Connection, entries: list[SkillEntry], report: ImportReport) -> None:
    """Upsert the user's own skills: their values win over LinkedIn's; blanks keep what exists."""
    existing = existing_skills(con)
    for entry in entries:
        report.rows_read += 1
        old = existing.get(entry.skill.casefold())
        if old is None:
            con.execute(
                "INSERT INTO profile_skills VALUES (?, ?, ?, ?, ?, ?, 'profile-file', ?)",
                [
                    entry.skill,
                    entry.proficiency,
                    entry.last_used,
                    "profile" if entry.last_used else None,
                    entry.years,
                    entry.wants_to_grow,
                    report.import_id,
                ],
            )
            existing[entry.skill.casefold()] = (entry.skill,) + (None,) * 6
            report.rows_added += 1
            continue
        skill, proficiency, last_used, last_used_source, years, wants, source = old
        new = (
            entry.proficiency if entry.proficiency is not None else proficiency,
            entry.last_used or last_used,
            "profile" if entry.last_used else last_used_source,
            entry.years if entry.years is not None else years,
            entry.wants_to_grow if entry.wants_to_grow is not None else wants,
            "profile-file",
        )
        if new == (proficiency, last_used, last_used_source, years, wants, source):
            report.rows_duplicate += 1
            continue
        con.execute(
            "UPDATE profile_skills SET proficiency = ?, last_used = ?, last_used_source = ?, "
            "years = ?, wants_to_grow = ?, source = ?, import_id = ? WHERE skill = ?",
            [*new, report.import_id, skill],
        )
        existing[skill.casefold()] = (skill, *new)
        report.rows_updated += 1


def write_targets(
    con: Connection, targets: list[tuple[str, str]], source: str, report: ImportReport
) -> None:
    """Add (kind, value) targets that are not already there (any source, case-insensitive)."""
    existing = {
        (kind, value.casefold())
        for kind, value in con.execute("SELECT kind, value FROM targets").fetchall()
    }
    for kind, value in targets:
        report.rows_read += 1
        if (kind, value.casefold()) in existing:
            report.rows_duplicate += 1
            continue
        existing.add((kind, value.casefold()))
        con.execute(
            "INSERT INTO targets (target_id, kind, value, source) "
            "VALUES (nextval('target_id_seq'), ?, ?, ?)",
            [kind, value, source],
        )
        report.rows_added += 1


def _write_finances(con: Connection, finances: list[tuple[str, float]], report: ImportReport):
    existing = dict(con.execute("SELECT key, value FROM finances").fetchall())
    for key, value in finances:
        report.rows_read += 1
        if existing.get(key) == value:
            report.rows_duplicate += 1
            continue
        if key in existing:
            con.execute(
                "UPDATE finances SET value = ?, updated_at = now() WHERE key = ?", [value, key]
            )
            report.rows_updated += 1
        else:
            con.execute("INSERT INTO finances VALUES (?, ?, now())", [key, value])
            report.rows_added += 1
        existing[key] = value


def _write_income_streams(con: Connection, streams: list[IncomeStream], report: ImportReport):
    existing = {
        name.casefold(): (stream_id, (kind, amount, continues))
        for stream_id, name, kind, amount, continues in con.execute(
            "SELECT stream_id, name, kind, monthly_amount, continues_without_job "
            "FROM income_streams"
        ).fetchall()
    }
    for stream in streams:
        report.rows_read += 1
        values = (stream.kind, stream.monthly_amount, stream.continues_without_job)
        old = existing.get(stream.name.casefold())
        if old is None:
            stream_id = con.execute(
                "INSERT INTO income_streams VALUES (nextval('income_stream_id_seq'), ?, ?, ?, ?) "
                "RETURNING stream_id",
                [stream.name, *values],
            ).fetchone()[0]
            report.rows_added += 1
        elif old[1] == values:
            report.rows_duplicate += 1
            continue
        else:
            stream_id = old[0]
            con.execute(
                "UPDATE income_streams SET kind = ?, monthly_amount = ?, "
                "continues_without_job = ? WHERE stream_id = ?",
                [*values, stream_id],
            )
            report.rows_updated += 1
        existing[stream.name.casefold()] = (stream_id, values)


def write_profile_file(con: Connection, parsed: ProfileFile, report: ImportReport) -> None:
    _write_skill_entries(con, parsed.skills, report)
    write_targets(con, parsed.targets, "profile-file", report)
    _write_finances(con, parsed.finances, report)
    _write_income_streams(con, parsed.income_streams, report)
