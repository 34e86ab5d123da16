"""The real LinkedIn export of July 2023 (shared/datasets/linkedin_export_2023, read in place and
zipped at test time): exact counts per table, each cross-checked by reading the files here."""

from __future__ import annotations

import re
import zipfile
from collections import Counter

import pandas as pd
import pytest

from analysis import store
from analysis.ingest.linkedin_archive import import_linkedin_archive
from tests.conftest import DATASETS

EXPORT = DATASETS / "linkedin_export_2023"
ROOT = "Basic_LinkedInDataExport_07-11-2023"
USED = [
    "Profile.csv", "Positions.csv", "Skills.csv", "Endorsement_Received_Info.csv",
    "Connections.csv", "messages.csv", "Invitations.csv", "Jobs/Job Seeker Preferences.csv",
    "Jobs/Saved Jobs.csv",
]  # fmt: skip


def read(name: str, **kwargs) -> pd.DataFrame:
    return pd.read_csv(EXPORT / name, dtype=str, keep_default_na=False, **kwargs)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """(connection, first import, counts after it, second import of the same ZIP)."""
    if not EXPORT.is_dir():
        pytest.skip(f"shared datasets not present at {EXPORT}")
    tmp = tmp_path_factory.mktemp("linkedin")
    path = tmp / f"{ROOT}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(EXPORT.rglob("*")):
            if file.is_file():
                archive.write(file, f"{ROOT}/{file.relative_to(EXPORT).as_posix()}")
    con = store.connect(tmp / "workspace.duckdb")
    first = import_linkedin_archive(con, path)
    counts = store.table_counts(con)
    second = import_linkedin_archive(con, path)
    yield con, first, counts, second
    con.close()


def test_files_used_skipped_and_missing(imported):
    _, first, _, _ = imported
    assert [r.file_name for r in first.reports] == [f"{ROOT}.zip/{name}" for name in USED]
    on_disk = sorted(p.relative_to(EXPORT).as_posix() for p in EXPORT.rglob("*") if p.is_file())
    assert first.skipped == [name for name in on_disk if name not in USED]
    assert first.skipped == [
        "Certifications.csv", "Company Follows.csv", "Contacts.csv", "Courses.csv",
        "Education.csv", "Endorsement_Given_Info.csv", "Events.csv",
        "Job Applicant Saved Screening Question Responses.csv", "Languages.csv", "Learning.csv",
        "Projects.csv", "Rich Media.csv", "SavedJobAlerts.csv",
    ]  # fmt: skip
    assert first.missing == []


def test_counts_per_table(imported):
    _, first, counts, _ = imported
    assert {t: counts[t] for t in (
        "profile_skills", "positions", "endorsements", "targets", "contacts", "interactions",
        "postings", "imports",
    )} == {
        "profile_skills": 27, "positions": 4, "endorsements": 35, "targets": 0,
        "contacts": 3769, "interactions": 1388, "postings": 31, "imports": 9,
    }  # fmt: skip
    by_file = {r.file_name.split("/", 1)[1]: (r.rows_read, r.rows_added, r.rows_rejected)
               for r in first.reports}  # fmt: skip
    assert by_file == {
        "Profile.csv": (6, 6, 0),
        "Positions.csv": (4, 4, 0),
        "Skills.csv": (27, 27, 0),
        "Endorsement_Received_Info.csv": (35, 35, 0),
        "Connections.csv": (3841, 3769, 72),
        "messages.csv": (1522, 1381, 6),
        "Invitations.csv": (67, 7, 0),
        "Jobs/Job Seeker Preferences.csv": (0, 0, 0),
        "Jobs/Saved Jobs.csv": (31, 31, 0),
    }


def test_profile_tables_match_the_files(imported):
    con, _, counts, _ = imported
    skills = read("Skills.csv")["Name"].str.split().str.join(" ")
    assert counts["profile_skills"] == skills.str.casefold().nunique() == 27
    stored = {r[0] for r in con.execute("SELECT skill FROM profile_skills").fetchall()}
    assert stored == set(skills)
    positions = read("Positions.csv")
    assert counts["positions"] == len(positions) == 4
    current = positions[positions["Finished On"] == ""]["Company Name"].tolist()
    assert con.execute("SELECT company FROM positions WHERE finished_on IS NULL").fetchall() == [
        (c,) for c in current
    ]
    endorsements = read("Endorsement_Received_Info.csv")
    accepted = endorsements[endorsements["Endorsement Status"] == "ACCEPTED"]
    assert counts["endorsements"] == len(accepted) == 35
    profile = read("Profile.csv").iloc[0]
    assert dict(con.execute("SELECT key, value FROM profile").fetchall()) == {
        "first_name": profile["First Name"],
        "last_name": profile["Last Name"],
        "headline": profile["Headline"],
        "summary": profile["Summary"],
        "industry": profile["Industry"],
        "location": profile["Geo Location"],
    }
    preferences = read("Jobs/Job Seeker Preferences.csv").iloc[0]
    assert (
        preferences["Job Titles"],
        preferences["Dream Companies"],
        preferences["Locations"],
    ) == ("", "", "")


def _url(value: str) -> str:
    match = re.search(r"linkedin\.com/in/([^/?#\s,]+)", value or "", re.IGNORECASE)
    return match.group(1).lower() if match else ""


def _name(value: str) -> str:
    return " ".join((value or "").casefold().split())


def test_message_interactions_match_the_files(imported):
    """Recount, from messages.csv and the stored contacts, the messages with a known contact."""
    con, first, _, _ = imported
    contacts = con.execute("SELECT contact_id, full_name, profile_url FROM contacts").df()
    by_url = {
        _url(u): i
        for i, u in zip(contacts.contact_id, contacts.profile_url, strict=True)
        if _url(u)
    }
    names = Counter(map(_name, contacts.full_name))
    unique_name = {_name(n): i for i, n in zip(contacts.contact_id, contacts.full_name, strict=True)
                   if names[_name(n)] == 1}  # fmt: skip
    name_of = dict(zip(contacts.contact_id, map(_name, contacts.full_name), strict=True))
    messages = read("messages.csv")
    user = "ziad haddad"  # Profile.csv's name, and the commonest participant
    keys, unmatched, system = set(), 0, 0
    for row in messages.itertuples(index=False):
        sender, to = _name(row.FROM), _name(row.TO)
        if not sender and not to:
            system += 1
            continue
        if sender == user:
            urls, people = row._5.split(","), [n for n in to.split(",") if n.strip() != user]
        else:
            urls, people = [row._3], [sender]
        found = {by_url[_url(u)] for u in urls if _url(u) in by_url}
        explained = {name_of[i] for i in found}
        found |= {unique_name[p.strip()] for p in people
                  if p.strip() in unique_name and p.strip() not in explained}  # fmt: skip
        if not found:
            unmatched += 1
        keys |= {(row._0, row.DATE, sender, contact) for contact in found}
    stored = con.execute(
        "SELECT count(*) FROM interactions WHERE source = 'linkedin-messages'"
    ).fetchone()[0]
    assert stored == len(keys) == 1381
    messages_report = first.reports[USED.index("messages.csv")]
    assert messages_report.rows_rejected == system == 6
    assert messages_report.notes == [
        f"{unmatched} messages with people who are not among your connections were not stored "
        "(InMail, group messages, recruiters)"
    ]
    assert unmatched == 134
    directions = dict(con.execute(
        "SELECT direction, count(*) FROM interactions WHERE source = 'linkedin-messages' GROUP BY 1"
    ).fetchall())  # fmt: skip
    assert directions == {"inbound": 758, "outbound": 623}


def test_invitation_interactions_match_the_files(imported):
    con, _, _, _ = imported
    contacts = con.execute("SELECT full_name FROM contacts").fetchall()
    names = Counter(_name(n) for (n,) in contacts)
    invitations = read("Invitations.csv")
    party = invitations["To"].where(invitations["Direction"] == "OUTGOING", invitations["From"])
    expected = sum(names[_name(p)] == 1 for p in party)  # URNs cannot be matched, names can
    stored = con.execute(
        "SELECT count(*) FROM interactions WHERE source = 'linkedin-invitations'"
    ).fetchone()[0]
    assert stored == expected == 7


def test_reimport_adds_nothing(imported):
    con, first, counts, second = imported
    assert [r.rows_added + r.rows_updated for r in second.reports] == [0] * len(USED)
    assert store.table_counts(con) == {**counts, "imports": counts["imports"] + len(USED)}
