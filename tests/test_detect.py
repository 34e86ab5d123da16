"""Detect automatically: what a file holds, from its name and first bytes."""

from __future__ import annotations

import re

import pytest

from analysis.errors import ImportFailed
from analysis.ingest.detect import guess_kind


@pytest.mark.parametrize(
    ("fixture", "kind"),
    [
        ("postings/jobspy.csv", "postings"),
        ("postings/custom_columns.csv", "postings"),
        ("postings/glassdoor_like.csv", "postings"),
        ("postings/postings.tsv", "postings"),
        ("postings/postings.json", "postings"),
        ("postings/postings.jsonl", "postings"),
        ("postings/Saved Jobs.csv", "postings"),
        ("postings/pasted_job.txt", "postings"),
        ("contacts/linkedin_connections_2024.csv", "contacts"),
        ("contacts/linkedin_connections_2018.csv", "contacts"),
        ("contacts/google_current.csv", "contacts"),
        ("contacts/google_legacy.csv", "contacts"),
        ("contacts/outlook.csv", "contacts"),
        ("contacts/contacts_v4.vcf", "contacts"),
        ("profile/Skills.csv", "profile"),
        ("profile/Positions.csv", "profile"),
        ("profile/Profile.csv", "profile"),
        ("profile/Endorsement_Received_Info.csv", "profile"),
        ("profile/Job Seeker Preferences.csv", "profile"),
        ("profile/profile.yaml", "profile"),
        ("interactions/messages.csv", "interactions"),
        ("interactions/Invitations.csv", "interactions"),
    ],
)
def test_files_waypoint_reads_are_detected(fixtures_dir, fixture, kind):
    path = fixtures_dir / fixture
    assert guess_kind(path.name, path.read_bytes()[:8192]) == kind


def test_google_and_outlook_exports_named_contacts_csv_stay_contacts(fixtures_dir):
    for fixture in ("google_current.csv", "outlook.csv"):
        head = (fixtures_dir / "contacts" / fixture).read_bytes()[:8192]
        assert guess_kind("contacts.csv", head) == "contacts"


UNUSED = {
    "Certifications.csv": b"Name,Url,Authority,Started On,Finished On,License Number\n"
    b"AWS Solutions Architect,,Amazon Web Services,Jan 2022,,ABC123\n",
    "Company Follows.csv": b"Organization,Followed On\nAcme,Mon Jan 03 10:00:00 UTC 2022\n",
    "Contacts.csv": b"Source,FirstName,LastName,Companies,Title,Emails,PhoneNumbers,CreatedAt,"
    b"Addresses,Sites,InstantMessageHandles,FullName,Birthday,Location,"
    b"BookmarkedAt,Profiles\nGoogle,Ann,Lee,,,ann@example.com,,,,,,Ann Lee,,,,\n",
    "Courses.csv": b"Name,Number\nStatistics 101,STAT101\n",
    "Education.csv": b"School Name,Start Date,End Date,Notes,Degree Name,Activities\n"
    b"MIT,2010,2014,,BSc,\n",
    "Projects.csv": b"Title,Description,Url,Started On,Finished On\n"
    b"Churn model,Predicted churn,,Jan 2021,Mar 2021\n"
    b"Dashboard,Built a dashboard,,Apr 2021,Jun 2021\n",
    "Learning.csv": b"Content Title,Content Description,Content Type,Content Last Watched Date "
    b"(if viewed),Content Completed At (if completed),Content Saved,Notes taken "
    b"on videos (if taken)\nExcel Essentials,,COURSE,,,false,\n",
    "Languages.csv": b"Name,Proficiency\nGerman,Full professional proficiency\n",
    "Rich Media.csv": b"Date/Time,Media Description,Media Link\n",
}


@pytest.mark.parametrize("name", sorted(UNUSED))
def test_linkedin_export_files_waypoint_does_not_use_are_refused(name):
    with pytest.raises(ImportFailed) as caught:
        guess_kind(name, UNUSED[name])
    assert caught.value.title == f"Cannot import {name}"
    assert caught.value.detail == (
        f"{name} is a LinkedIn export file Waypoint does not use; Waypoint reads Profile.csv, "
        "Positions.csv, Skills.csv, Endorsement_Received_Info.csv, Connections.csv, "
        "messages.csv, Invitations.csv, Job Seeker Preferences.csv and Saved Jobs.csv, or "
        "the whole export ZIP. If this file really holds job postings, import it as job postings."
    )


def test_unused_linkedin_names_are_matched_in_any_case_and_folder():
    with pytest.raises(ImportFailed, match=re.escape("projects.csv is a LinkedIn export file")):
        guess_kind("Basic_LinkedInDataExport/projects.csv", UNUSED["Projects.csv"])
