"""The user's own profile: LinkedIn Skills / Positions / Profile / Endorsements / Job Seeker
Preferences exports, and a hand-written profile CSV or YAML (parsed and written by
`analysis.ingest.profile_file`).

`import_profile` detects the format from the header (YAML from the suffix or content). Counting:
rows_read is the number of records (skills, positions, endorsements) or, for the one-row files
Profile.csv and Job Seeker Preferences.csv, the number of non-empty values used.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from analysis.errors import ImportFailed
from analysis.ingest.common import (
    ImportReport,
    Record,
    clean,
    csv_records,
    decode_bytes,
    import_session,
    sha256_bytes,
)
from analysis.ingest.profile_file import parse_period, parse_profile_csv, parse_profile_yaml
from analysis.ingest.profile_write import existing_skills, write_profile_file, write_targets
from analysis.store import Connection

# Header signatures (case-insensitive) of the files this module understands, checked in order.
_SIGNATURES: list[tuple[str, set[str]]] = [
    ("linkedin-positions", {"company name", "title", "started on"}),
    ("linkedin-profile", {"first name", "last name", "headline"}),
    ("linkedin-endorsements", {"skill name", "endorsement date"}),
    ("linkedin-preferences", {"job titles", "dream companies"}),
    ("profile-csv", {"skill"}),
]
_EXPECTED = (
    "expected LinkedIn Skills.csv, Positions.csv, Profile.csv, Endorsement_Received_Info.csv, "
    "Job Seeker Preferences.csv, or a profile CSV with a 'skill' column, or a profile YAML"
)


def import_profile(
    con: Connection, path: str | Path, *, file_name: str | None = None
) -> ImportReport:
    """Import one profile file into profile / profile_skills / positions / endorsements / targets
    (and finances / income_streams from a YAML profile). Raises ImportFailed, storing nothing."""
    path = Path(path)
    name = file_name or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(name, f"cannot read the file ({exc.strerror or exc})") from exc
    text = decode_bytes(data, name)
    file_format, parsed = _parse(text, name, (Path(name).suffix or path.suffix).lower())
    with import_session(con, "profile", name, sha256_bytes(data), file_format) as report:
        _WRITERS[file_format](con, parsed, report)
    return report


# --------------------------------------------------------------------------- reading


def _parse_birth_date(value: str) -> date:
    """'Apr 23, 1985' or '1985-04-23'; ValueError for a date without its year ('Apr 23')."""
    v = clean(value)
    for fmt in ("%b %d, %Y", "%B %d, %Y", "%Y-%m-%d", "%d %b %Y", "%m/%d/%Y"):
        try:
            return datetime.strptime(v, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _parse_endorsement_date(value: str) -> date:
    m = re.match(r"\s*(\d{4})[/-](\d{1,2})[/-](\d{1,2})\b", value)
    if not m:
        raise ValueError(value)
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _parse(text: str, file_name: str, suffix: str) -> tuple[str, object]:
    """Detect the format and parse (and validate) the whole file before anything is stored."""
    if suffix in (".yaml", ".yml"):
        return "profile-yaml", parse_profile_yaml(text, file_name)
    header, records = csv_records(text, file_name)
    keys = {h.casefold() for h in header} - {""}
    if keys == {"name"}:
        return "linkedin-skills", records
    for file_format, signature in _SIGNATURES:
        if signature <= keys:
            if file_format == "profile-csv":
                return file_format, parse_profile_csv(header, records, file_name)
            return file_format, records
    if re.search(r"^(skills|targets|finances|income_streams)\s*:", text, re.MULTILINE):
        return "profile-yaml", parse_profile_yaml(text, file_name)
    shown = ",".join(header)[:120]
    raise ImportFailed(file_name, f"unrecognised header '{shown}': {_EXPECTED}", line=1)


# --------------------------------------------------------------------------- writing


def _write_linkedin_skills(con: Connection, records: list[Record], report: ImportReport) -> None:
    existing = existing_skills(con)
    for line, values in records:
        report.rows_read += 1
        skill = clean(values.get("name"))
        if not skill:
            report.reject(line, "Name", "the skill name is empty", values)
        elif skill.casefold() in existing:
            report.rows_duplicate += 1  # already known; the user's own file wins anyway
        else:
            con.execute(
                "INSERT INTO profile_skills (skill, source, import_id) "
                "VALUES (?, 'linkedin-skills', ?)",
                [skill, report.import_id],
            )
            existing[skill.casefold()] = (skill,)
            report.rows_added += 1


def _write_positions(con: Connection, records: list[Record], report: ImportReport) -> None:
    """Replace the positions of earlier Positions.csv imports: identical rows are kept (counted
    as duplicates), new ones added, and positions no longer in the export removed."""
    old_rows = con.execute(
        "SELECT p.position_id, p.company, p.title, p.description, p.location, p.started_on, "
        "p.finished_on FROM positions p JOIN imports i USING (import_id) "
        "WHERE i.file_format = 'linkedin-positions' ORDER BY p.position_id"
    ).fetchall()
    old: dict[tuple, list[int]] = {}
    for position_id, *fields in old_rows:
        old.setdefault(tuple(fields), []).append(position_id)
    for line, values in records:
        report.rows_read += 1
        company = clean(values.get("company name"))
        if not company:
            report.reject(line, "Company Name", "the company name is empty", values)
            continue
        dates = []
        for column, end in (("Started On", False), ("Finished On", True)):
            raw = clean(values.get(column.casefold()))
            try:
                dates.append(parse_period(raw, end=end) if raw else None)
            except ValueError:
                report.reject(
                    line, column, f"not a date: '{raw}' (expected e.g. 'Mar 2023')", values
                )
                break
        if len(dates) < 2:
            continue
        description = values.get("description", "").strip().replace("\r\n", "\n") or None
        fields = (
            company,
            clean(values.get("title")) or None,
            description,
            clean(values.get("location")) or None,
            *dates,
        )
        if old.get(fields):
            old[fields].pop(0)
            report.rows_duplicate += 1
            continue
        con.execute(
            "INSERT INTO positions VALUES (nextval('position_id_seq'), ?, ?, ?, ?, ?, ?, ?)",
            [*fields, report.import_id],
        )
        report.rows_added += 1
    stale = [pid for ids in old.values() for pid in ids]
    if stale and report.rows_read:
        con.execute("DELETE FROM positions WHERE list_contains(?, position_id)", [stale])
        report.notes.append(f"{len(stale)} positions from an earlier Positions.csv were replaced")


_PROFILE_KEYS = [
    ("first name", "first_name"),
    ("last name", "last_name"),
    ("headline", "headline"),
    ("summary", "summary"),
    ("industry", "industry"),
    ("geo location", "location"),
]


def _upsert_profile(con: Connection, items: list[tuple[str, str]], report: ImportReport) -> None:
    existing = dict(con.execute("SELECT key, value FROM profile").fetchall())
    for key, value in items:
        report.rows_read += 1
        if key not in existing:
            con.execute("INSERT INTO profile VALUES (?, ?, ?)", [key, value, report.import_id])
            report.rows_added += 1
        elif existing[key] != value:
            con.execute(
                "UPDATE profile SET value = ?, import_id = ? WHERE key = ?",
                [value, report.import_id, key],
            )
            report.rows_updated += 1
        else:
            report.rows_duplicate += 1


def _write_linkedin_profile(con: Connection, records: list[Record], report: ImportReport) -> None:
    if not records:
        return
    if len(records) > 1:
        report.notes.append(f"{len(records)} profile rows found; only the first was used")
    line, values = records[0]
    items = []
    for column, key in _PROFILE_KEYS:
        text = values.get(column, "").strip() if key == "summary" else clean(values.get(column))
        if text:
            items.append((key, text))
    birth = clean(values.get("birth date"))
    if birth:
        try:
            born = _parse_birth_date(birth)
            items += [("birth_date", born.isoformat()), ("birth_year", str(born.year))]
        except ValueError:
            report.notes.append(f"Birth Date '{birth}' (line {line}) has no full date; not stored")
    _upsert_profile(con, items, report)


def _write_endorsements(con: Connection, records: list[Record], report: ImportReport) -> None:
    existing = {
        (skill.casefold(), (endorser or "").casefold(), on)
        for skill, endorser, on in con.execute(
            "SELECT skill, endorser, endorsed_on FROM endorsements"
        ).fetchall()
    }
    not_accepted = 0
    for line, values in records:
        report.rows_read += 1
        skill = clean(values.get("skill name"))
        endorser = clean(
            f"{values.get('endorser first name', '')} {values.get('endorser last name', '')}"
        )
        status = clean(values.get("endorsement status")).upper()
        raw_date = clean(values.get("endorsement date"))
        if not skill:
            report.reject(line, "Skill Name", "the skill name is empty", values)
            continue
        try:
            endorsed_on = _parse_endorsement_date(raw_date) if raw_date else None
        except ValueError:
            report.reject(line, "Endorsement Date", f"not a date: '{raw_date}'", values)
            continue
        if status and status != "ACCEPTED":
            not_accepted += 1
            continue
        key = (skill.casefold(), endorser.casefold(), endorsed_on)
        if key in existing:
            report.rows_duplicate += 1
            continue
        existing.add(key)
        con.execute(
            "INSERT INTO endorsements VALUES (?, ?, ?, ?)",
            [skill, endorser or None, endorsed_on, report.import_id],
        )
        report.rows_added += 1
    if not_accepted:
        report.notes.append(f"{not_accepted} endorsements not accepted by you were skipped")


_PREFERENCE_COLUMNS = [
    ("job titles", "role"),
    ("dream companies", "company"),
    ("locations", "location"),
]


def split_list(value: str) -> list[str]:
    """LinkedIn multi-value cells: separated by '|', ';' or new lines (never commas, which
    occur inside locations like 'Cairo, Egypt' and company names like 'Integrant, Inc.')."""
    return [clean(part) for part in re.split(r"[|;\n]", value) if clean(part)]


def _write_preferences(con: Connection, records: list[Record], report: ImportReport) -> None:
    targets = [
        (kind, value)
        for _, values in records[:1]
        for column, kind in _PREFERENCE_COLUMNS
        for value in split_list(values.get(column, ""))
    ]
    write_targets(con, targets, "linkedin-preferences", report)


_WRITERS: dict[str, Callable[[Connection, object, ImportReport], None]] = {
    "linkedin-skills": _write_linkedin_skills,
    "linkedin-positions": _write_positions,
    "linkedin-profile": _write_linkedin_profile,
    "linkedin-endorsements": _write_endorsements,
    "linkedin-preferences": _write_preferences,
    "profile-csv": write_profile_file,
    "profile-yaml": write_profile_file,
}
