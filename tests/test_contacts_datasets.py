"""The real files in ../shared/datasets, read in place (skipped when absent).

Expected counts are checked against an independent reading of each file with the csv module.
"""

from __future__ import annotations

import csv
from datetime import date

import pytest

from analysis import store
from analysis.ingest.contacts import import_contacts


@pytest.fixture
def con():
    """An empty in-memory workspace: faster than the on-disk empty_workspace, and enough here
    (atomicity on disk is tested in test_contacts_bad_input.py)."""
    connection = store.connect(":memory:")
    yield connection
    connection.close()


def outcome(report) -> tuple[int, int, int, int, int]:
    return (report.rows_read, report.rows_added, report.rows_updated, report.rows_duplicate,
            report.rows_rejected)  # fmt: skip


def test_linkedin_export_2023_connections(con, datasets):
    path = datasets / "linkedin_export_2023" / "Connections.csv"
    report = import_contacts(con, path)
    assert report.file_format == "linkedin-connections"
    assert outcome(report) == (3841, 3769, 0, 0, 72)

    # the same numbers, read independently: header found by its first cells, 1 row = 1 line
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header_at = next(i for i, r in enumerate(rows) if r[:2] == ["First Name", "Last Name"])
    assert header_at == 3  # "Notes:", the note, a blank line
    data = list(enumerate(rows[header_at + 1 :], start=header_at + 2))
    named = [(line, r) for line, r in data if r[0].strip() or r[1].strip()]
    nameless = [line for line, r in data if not (r[0].strip() or r[1].strip())]
    assert (len(data), len(named), len(nameless)) == (3841, 3769, 72)
    assert len({r[2] for _, r in named}) == 3769  # every named row is its own LinkedIn member
    assert [(j.line, j.column, j.reason) for j in report.rejections] == [
        (line, "First Name", "no name") for line in nameless
    ]
    assert con.execute(
        "SELECT count(*), count(DISTINCT profile_url), count(email), count(company), "
        "count(position), min(connected_on), max(connected_on) FROM contacts"
    ).fetchone() == (
        3769, 3769,
        sum(1 for _, r in named if r[3].strip()),
        sum(1 for _, r in named if r[4].strip()),
        sum(1 for _, r in named if r[5].strip()),
        date(2017, 10, 26), date(2023, 7, 4),
    )  # fmt: skip
    assert (
        len([1 for _, r in named if r[3].strip()]),
        len([1 for _, r in named if r[4].strip()]),
    ) == (139, 3695)
    # names keep what LinkedIn shows: credentials after a comma, emoji, no padding
    assert con.execute(
        "SELECT count(*) FROM contacts WHERE full_name LIKE '%,%' OR full_name <> trim(full_name)"
    ).fetchone() == (sum(1 for _, r in named if "," in r[1]),)

    again = import_contacts(con, path)
    assert outcome(again) == (3841, 0, 0, 3769, 72)


def test_linkedin_export_2023_contacts(con, datasets):
    path = datasets / "linkedin_export_2023" / "Contacts.csv"
    report = import_contacts(con, path)
    assert report.file_format == "linkedin-contacts"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    named = [r for r in rows if r["FirstName"] or r["LastName"] or r["FullName"]]
    first_emails = {r["Emails"].split(",")[0].lower() for r in named}
    assert (len(rows), len(named), len(first_emails)) == (28, 10, 8)
    assert outcome(report) == (28, 8, 0, 2, 18)  # two named people appear twice


def test_synthetic_connections_fixture(con, datasets):
    report = import_contacts(
        con, datasets / "linkedin_connections_synthetic_fixture" / "Connections.csv"
    )
    assert outcome(report) == (10, 10, 0, 0, 0)
    assert con.execute(
        "SELECT full_name, email, company, position, profile_url, connected_on FROM contacts "
        "ORDER BY contact_id LIMIT 3"
    ).fetchall() == [
        ("Alice Johnson", "alice.johnson@techcorp.com", "TechCorp", "CTO",
         "https://www.linkedin.com/in/alicejohnson", date(2023, 1, 15)),
        ("Bob Williams", "bob@startupxyz.com", "StartupXYZ", "Founder",
         "https://www.linkedin.com/in/bobwilliams", date(2023, 3, 20)),
        ("Carol Davis", None, "BigCo", "VP Engineering", "https://www.linkedin.com/in/caroldavis",
         date(2023, 5, 10)),
    ]  # fmt: skip


def test_google_contacts_legacy_sample(con, datasets):
    report = import_contacts(
        con, datasets / "google_contacts_legacy_sample" / "google_contacts.csv"
    )
    assert report.file_format == "google-contacts-legacy"
    assert outcome(report) == (3, 2, 0, 0, 1)
    assert [(r.line, r.column, r.reason) for r in report.rejections] == [(3, "Name", "no name")]
    assert con.execute(
        "SELECT full_name, first_name, last_name, email, source, tags FROM contacts ORDER BY 1"
    ).fetchall() == [
        ("Elon Musk", "Elon", "Musk", "elon.musk@tesla.com", "google", None),
        ("Richard Feynman", "Richard", "Feynman", "rich@caltech.edu", "google", None),
    ]


EZ_VCARD = {  # file: (cards, added, updated, duplicates, rejected), imported in this order
    "John_Doe_ANDROID.vcf": (6, 4, 0, 0, 2),  # two cards hold only an e-mail address
    "John_Doe_BLACK_BERRY.vcf": (1, 1, 0, 0, 0),
    "John_Doe_EVOLUTION.vcf": (1, 1, 0, 0, 0),
    "John_Doe_GMAIL.vcf": (1, 0, 0, 1, 0),  # the John Doe cards share john.doe@ibm.com ...
    "John_Doe_IPHONE.vcf": (1, 0, 0, 1, 0),
    "John_Doe_LOTUS_NOTES.vcf": (1, 0, 1, 0, 0),  # ... this one adds a second address
    "John_Doe_MAC_ADDRESS_BOOK.vcf": (1, 0, 0, 1, 0),
    "John_Doe_MS_OUTLOOK.vcf": (1, 1, 0, 0, 0),  # "john.doe@ibm.cm": someone else
    "fullcontact.vcf": (1, 1, 0, 0, 0),
    "gmail-list.vcf": (3, 3, 0, 0, 0),
    "gmail-single.vcf": (1, 1, 0, 0, 0),
    "gmail-single2.vcf": (1, 1, 0, 0, 0),
    "outlook-2003.vcf": (1, 1, 0, 0, 0),
    "outlook-2007.vcf": (1, 1, 0, 0, 0),
    "rfc2426-example.vcf": (2, 2, 0, 0, 0),
    "rfc6350-example.vcf": (1, 1, 0, 0, 0),
    "thunderbird-MoreFunctionsForAddressBook-extension.vcf": (1, 1, 0, 0, 0),
}


def test_every_ez_vcard_sample_imports(con, datasets):
    folder = datasets / "ez-vcard_samples"
    assert sorted(p.name for p in folder.glob("*.vcf")) == list(EZ_VCARD)
    for name, expected in EZ_VCARD.items():
        report = import_contacts(con, folder / name)
        assert (report.file_format, outcome(report)) == ("vcard", expected), name
        assert all(r.reason == "no name" for r in report.rejections)
    assert con.execute(
        "SELECT count(*) FROM contacts WHERE email = 'john.doe@ibm.com'"
    ).fetchone() == (1,)
    assert con.execute("SELECT count(*) FROM contacts").fetchone() == (19,)
    # address books disagreeing on John's position ("Money Counter" / "Generic Accountant")
    # do not make job changes
    assert con.execute("SELECT count(*) FROM contact_changes").fetchone() == (0,)


def test_ez_vcard_samples_details(con, datasets):
    folder = datasets / "ez-vcard_samples"
    for name in ("John_Doe_ANDROID.vcf", "outlook-2003.vcf", "rfc6350-example.vcf",
                 "thunderbird-MoreFunctionsForAddressBook-extension.vcf"):  # fmt: skip
        import_contacts(con, folder / name)
    rows = con.execute(
        "SELECT full_name, email, phone, company, position, tags, notes FROM contacts "
        "ORDER BY contact_id"
    ).fetchall()
    assert rows == [
        # quoted-printable UTF-8 with soft line breaks; the last card has an undecodable byte
        ("Ñ Ñ Ñ Ñ Ñ", None, "123456789", None, None, None, None),
        ("Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ", None, "123456", None, None, None,
         "Ñ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ \nÑ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ"),
        ("Ñ Ñ Ñ Ñ", "bob@company.com", "123456", "ÑÑÑÑÑÑÑÑÑÑÑÑ", None, None, None),
        ("ÑÑÑÑ", "henry@company.com", "55556666", "Ñ" * 44, None, None, None),
        ("John Doe III", "jdoe@hotmail.com", "BusinessPhone", "Company, The", "The Job Title",
         None, "This is the note field!!\nSecond line\n\nThird line is empty"),
        ("Simon Perreault", "simon.perreault@viagenie.ca", "+1-418-656-9254;ext=102",
         "Viagenie", None, None, None),
        ("John Doe", "doe.john@hotmail.com", "555-555-1111", "TheOrganization", "TheTitle",
         "category1, category2, category3",
         "This is the notes field.\nSecond Line\n\nFourth Line\n"
         'You can put anything in the "note" field; even curse words.'),
    ]  # fmt: skip
