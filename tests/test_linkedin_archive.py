"""The LinkedIn data-export ZIP, built at test time from the text fixtures, imported atomically."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from analysis import store
from analysis.errors import ImportFailed
from analysis.ingest.linkedin_archive import import_linkedin_archive
from tests.conftest import FIXTURES, snapshot

ROOT = "Basic_LinkedInDataExport_07-11-2023/"
PROFILE, INTERACTIONS, ARCHIVE = FIXTURES / "profile", FIXTURES / "interactions", FIXTURES / "profile" / "archive"  # fmt: skip

FULL_EXPORT: dict[str, Path] = {
    "Connections.csv": ARCHIVE / "Connections.csv",
    "Endorsement_Received_Info.csv": PROFILE / "Endorsement_Received_Info.csv",
    "Invitations.csv": INTERACTIONS / "Invitations.csv",
    "Jobs/Job Seeker Preferences.csv": PROFILE / "Job Seeker Preferences.csv",
    "Jobs/Saved Jobs.csv": ARCHIVE / "Saved Jobs.csv",
    "Learning.csv": ARCHIVE / "Learning.csv",
    "Positions.csv": PROFILE / "Positions.csv",
    "Profile.csv": PROFILE / "Profile.csv",
    "Rich Media.csv": ARCHIVE / "Rich Media.csv",
    "Skills.csv": PROFILE / "Skills.csv",
    "messages.csv": INTERACTIONS / "messages.csv",
}
# The fixtures' own contacts, for archives without Connections.csv.
CONTACTS = [
    ("Priya Raman", "https://www.linkedin.com/in/priya-raman-0a1b2c"),
    ("Tom O'Neill", "https://www.linkedin.com/in/tom-oneill-77"),
    ("Lee Chen", "https://www.linkedin.com/in/lee-chen-1"),
    ("Sam Patel", None),
]
BROKEN_MESSAGES = b"CONVERSATION ID,FROM,TO,CONTENT\n2-abc,Priya Raman,Dana Whitfield,Hello\n"


def build_zip(path: Path, files: dict[str, Path | bytes], root: str = ROOT) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            data = content if isinstance(content, bytes) else content.read_bytes()
            archive.writestr(root + name, data)
    return path


def add_contacts(con) -> None:
    for full_name, url in CONTACTS:
        con.execute(
            "INSERT INTO contacts (contact_id, full_name, profile_url, source) "
            "VALUES (nextval('contact_id_seq'), ?, ?, 'linkedin')",
            [full_name, url],
        )


def counts(report):
    return (report.rows_read, report.rows_added, report.rows_updated, report.rows_duplicate,
            report.rows_rejected)  # fmt: skip


MY_TABLES = ("profile", "positions", "profile_skills", "endorsements", "targets", "interactions")


def my_counts(con) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in MY_TABLES}


# --- archives that need only this module's importers ----------------------------------------


PARTIAL_EXPORT = {k: FULL_EXPORT[k] for k in (
    "Profile.csv", "Skills.csv", "messages.csv", "Invitations.csv", "Learning.csv",
)}  # fmt: skip


def test_archive_at_top_level_without_connections(empty_workspace, tmp_path):
    con = empty_workspace
    add_contacts(con)
    path = build_zip(tmp_path / "export.zip", PARTIAL_EXPORT, root="")
    result = import_linkedin_archive(con, path)
    assert [r.file_name for r in result.reports] == [
        "export.zip/Profile.csv",
        "export.zip/Skills.csv",
        "export.zip/messages.csv",
        "export.zip/Invitations.csv",
    ]
    assert [counts(r) for r in result.reports] == [
        (8, 8, 0, 0, 0),
        (5, 4, 0, 1, 0),
        (12, 7, 0, 1, 2),
        (6, 3, 0, 0, 2),
    ]
    assert result.skipped == ["Learning.csv"]
    assert result.missing == [
        "Positions.csv",
        "Endorsement_Received_Info.csv",
        "Connections.csv",
        "Jobs/Job Seeker Preferences.csv",
        "Jobs/Saved Jobs.csv",
    ]
    assert my_counts(con) == {
        "profile": 8, "positions": 0, "profile_skills": 4, "endorsements": 0, "targets": 0,
        "interactions": 10,
    }  # fmt: skip


def test_partial_archive_reimport_adds_nothing(empty_workspace, tmp_path):
    con = empty_workspace
    add_contacts(con)
    path = build_zip(tmp_path / "export.zip", PARTIAL_EXPORT)
    import_linkedin_archive(con, path)
    before = store.table_counts(con)
    again = import_linkedin_archive(con, path)
    assert [r.rows_added + r.rows_updated for r in again.reports] == [0, 0, 0, 0]
    assert store.table_counts(con) == {**before, "imports": before["imports"] + 4}


def test_broken_messages_rolls_back_the_profile_files_too(empty_workspace, tmp_path):
    con = empty_workspace
    add_contacts(con)
    before = snapshot(con)
    files = {**PARTIAL_EXPORT, "messages.csv": BROKEN_MESSAGES}
    path = build_zip(tmp_path / "export.zip", files)
    with pytest.raises(ImportFailed) as failure:
        import_linkedin_archive(con, path)
    assert str(failure.value) == (
        "Cannot import export.zip/messages.csv, line 1: missing column 'DATE' "
        "(the header is 'CONVERSATION ID,FROM,TO,CONTENT')"
    )
    assert snapshot(con) == before


def test_unpacked_export_folder(empty_workspace, tmp_path):
    folder = tmp_path / "Basic_LinkedInDataExport"
    (folder / "Jobs").mkdir(parents=True)
    for name in ("Positions.csv", "Skills.csv", "Learning.csv", "Jobs/Job Seeker Preferences.csv"):
        (folder / name).write_bytes(FULL_EXPORT[name].read_bytes())
    result = import_linkedin_archive(empty_workspace, folder)
    assert [r.file_format for r in result.reports] == [
        "linkedin-positions", "linkedin-skills", "linkedin-preferences",
    ]  # fmt: skip
    assert result.skipped == ["Learning.csv"]
    assert my_counts(empty_workspace)["targets"] == 6


def test_an_unpacked_export_folder_through_the_command_line(tmp_path, capsys):
    from analysis.cli import main

    folder = tmp_path / "Basic_LinkedInDataExport"
    folder.mkdir()
    (folder / "Skills.csv").write_bytes(FULL_EXPORT["Skills.csv"].read_bytes())
    db = str(tmp_path / "w.duckdb")
    assert main(["--db", db, "import", "linkedin-archive", str(folder), "--no-extract"]) == 0
    assert capsys.readouterr().out == (
        "Basic_LinkedInDataExport/Skills.csv (linkedin-skills): 5 read, 4 added, 0 updated, "
        "1 duplicates, 0 rejected\n"
    )
    assert main(["--db", db, "import", "contacts", str(folder)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"error: Cannot import {folder.name}: this is a folder, not a file: give the contacts "
        "file in it"
    )


def test_empty_member_is_skipped(empty_workspace, tmp_path):
    path = build_zip(
        tmp_path / "export.zip", {"Skills.csv": b"", "Positions.csv": PROFILE / "Positions.csv"}
    )
    result = import_linkedin_archive(empty_workspace, path)
    assert [r.file_name for r in result.reports] == ["export.zip/Positions.csv"]
    assert result.skipped == ["Skills.csv (empty)"]


def test_progress_is_reported(empty_workspace, tmp_path):
    seen = []
    path = build_zip(tmp_path / "export.zip", {"Skills.csv": PROFILE / "Skills.csv"})
    import_linkedin_archive(
        empty_workspace, path, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(0, 1), (1, 1)]


# --- the whole export (needs analysis.ingest.contacts and analysis.ingest.postings) ----------


def test_full_archive(empty_workspace, tmp_path):
    con = empty_workspace
    path = build_zip(tmp_path / "Basic_LinkedInDataExport.zip", FULL_EXPORT)
    result = import_linkedin_archive(con, path)
    names = [r.file_name.removeprefix("Basic_LinkedInDataExport.zip/") for r in result.reports]
    assert names == [
        "Profile.csv", "Positions.csv", "Skills.csv", "Endorsement_Received_Info.csv",
        "Connections.csv", "messages.csv", "Invitations.csv", "Jobs/Job Seeker Preferences.csv",
        "Jobs/Saved Jobs.csv",
    ]  # fmt: skip
    assert result.skipped == ["Learning.csv", "Rich Media.csv"]
    assert result.missing == []
    assert counts(result.reports[5]) == (12, 7, 0, 1, 2)  # messages, as on known contacts
    assert counts(result.reports[6]) == (6, 3, 0, 0, 2)  # invitations
    assert {**my_counts(con), "contacts": store.table_counts(con)["contacts"],
            "postings": store.table_counts(con)["postings"]} == {
        "profile": 8, "positions": 3, "profile_skills": 4, "endorsements": 3, "targets": 6,
        "interactions": 10, "contacts": 6, "postings": 2,
    }  # fmt: skip
    assert store.table_counts(con)["imports"] == 9


def test_full_archive_reimport_adds_nothing(empty_workspace, tmp_path):
    con = empty_workspace
    path = build_zip(tmp_path / "export.zip", FULL_EXPORT)
    import_linkedin_archive(con, path)
    before = store.table_counts(con)
    again = import_linkedin_archive(con, path)
    assert [r.rows_added for r in again.reports] == [0] * 9
    assert store.table_counts(con) == {**before, "imports": before["imports"] + 9}


@pytest.mark.parametrize("prior", [False, True], ids=["empty workspace", "after an import"])
def test_broken_messages_rolls_back_everything(empty_workspace, tmp_path, prior):
    con = empty_workspace
    if prior:
        import_linkedin_archive(con, build_zip(tmp_path / "first.zip", PARTIAL_EXPORT))
    before = snapshot(con)
    files = {**FULL_EXPORT, "messages.csv": BROKEN_MESSAGES}
    with pytest.raises(ImportFailed, match=r"export\.zip/messages\.csv, line 1: missing column"):
        import_linkedin_archive(con, build_zip(tmp_path / "export.zip", files))
    assert snapshot(con) == before


def test_a_damaged_member_is_a_clear_error_and_stores_nothing(empty_workspace, tmp_path):
    con = empty_workspace
    add_contacts(con)
    before = snapshot(con)
    skills = b"Name\n" + b"\n".join(b"Skill number %d" % i for i in range(2000))
    path = build_zip(tmp_path / "export.zip", {**PARTIAL_EXPORT, "Skills.csv": skills})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(ROOT + "Skills.csv")
    start = info.header_offset + 30 + len(info.filename.encode())  # the compressed bytes
    data[start + 10 : start + 40] = bytes(b ^ 0xFF for b in data[start + 10 : start + 40])
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFailed) as failure:
        import_linkedin_archive(con, path)
    assert str(failure.value).startswith(
        "Cannot import export.zip/Basic_LinkedInDataExport_07-11-2023/Skills.csv: the ZIP "
        "archive is damaged (Error -3 while decompressing data"
    )
    assert snapshot(con) == before
