"""Every contacts format, imported into an empty workspace: exact rows, counts and rejections."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis import store
from analysis.ingest.common import rejections_frame
from analysis.ingest.contacts import import_contacts

COLUMNS = ("full_name", "first_name", "last_name", "email", "phone", "company", "position",
           "profile_url", "connected_on", "source", "tags", "notes")  # fmt: skip


@pytest.fixture
def con():
    """An empty in-memory workspace: faster than the on-disk empty_workspace, and enough here
    (atomicity on disk is tested in test_contacts_bad_input.py)."""
    connection = store.connect(":memory:")
    yield connection
    connection.close()


def contact_rows(con) -> list[tuple]:
    return con.execute(f"SELECT {', '.join(COLUMNS)} FROM contacts ORDER BY contact_id").fetchall()


def counts(report) -> tuple:
    return (report.file_format, report.rows_read, report.rows_added, report.rows_updated,
            report.rows_duplicate, [(r.line, r.column, r.reason) for r in report.rejections])  # fmt: skip


@pytest.fixture
def contacts_dir(fixtures_dir):
    return fixtures_dir / "contacts"


def test_linkedin_connections_2024(con, contacts_dir):
    report = import_contacts(con, contacts_dir / "linkedin_connections_2024.csv")
    assert counts(report) == ("linkedin-connections", 6, 5, 0, 0, [(10, "First Name", "no name")])
    assert contact_rows(con) == [
        ("Marta Lindqvist", "Marta", "Lindqvist", "marta.lindqvist@example.org", None,
         "Acme Corp.", "Head of Data", "https://www.linkedin.com/in/marta-lindqvist",
         date(2024, 12, 16), "linkedin", None, None),
        ("Tomás Ferreira 🚀", "Tomás", "Ferreira 🚀", None, None, "Globex GmbH", "Staff Engineer",
         "https://www.linkedin.com/in/tomas-ferreira-42", date(2023, 7, 4), "linkedin", None, None),
        ("Priya Raman, PhD", "Priya", "Raman, PhD", None, None, "Initech", "Research Lead",
         "https://www.linkedin.com/in/priyaraman", date(2022, 2, 21), "linkedin", None, None),
        ("Kwame Mensah", "Kwame", "Mensah", "kwame.mensah@example.com", None, "Hooli",
         "Product Manager", "https://www.linkedin.com/in/kwamemensah", date(2021, 1, 3),
         "linkedin", None, None),
        ("Sofia Russo", "Sofia", "Russo", None, None, None, None,
         "https://www.linkedin.com/in/sofiarusso", date(2020, 9, 30), "linkedin", None, None),
    ]  # fmt: skip
    stored = con.execute(
        "SELECT kind, file_name, file_format, rows_read, rows_added, rows_updated, "
        "rows_duplicate, rows_rejected, finished_at IS NOT NULL FROM imports"
    ).fetchall()
    assert stored == [("contacts", "linkedin_connections_2024.csv", "linkedin-connections",
                       6, 5, 0, 0, 1, True)]  # fmt: skip
    pd.testing.assert_frame_equal(
        rejections_frame(con, report.import_id),
        pd.DataFrame({"line": [10], "column_name": ["First Name"], "reason": ["no name"]}),
        check_dtype=False,
    )
    sources = con.execute(
        "SELECT contact_id, source, source_key, import_id FROM contact_sources ORDER BY 1, 3"
    ).fetchall()
    assert sources == [
        (1, "linkedin", "https://www.linkedin.com/in/marta-lindqvist", 1),
        (1, "linkedin", "marta.lindqvist@example.org", 1),
        (2, "linkedin", "https://www.linkedin.com/in/tomas-ferreira-42", 1),
        (3, "linkedin", "https://www.linkedin.com/in/priyaraman", 1),
        (4, "linkedin", "https://www.linkedin.com/in/kwamemensah", 1),
        (4, "linkedin", "kwame.mensah@example.com", 1),
        (5, "linkedin", "https://www.linkedin.com/in/sofiarusso", 1),
    ]


def test_linkedin_connections_2018_layout(con, contacts_dir):
    report = import_contacts(con, contacts_dir / "linkedin_connections_2018.csv")
    assert counts(report) == ("linkedin-connections", 3, 3, 0, 0, [])
    assert contact_rows(con) == [
        ("Hannah Okafor", "Hannah", "Okafor", "hannah.okafor@example.net", None, "Umbrella Ltd",
         "Logistics Analyst", None, date(2018, 1, 8), "linkedin", None, None),
        ("Lars Nilsen", "Lars", "Nilsen", None, None, "Vandelay Industries", "Importer", None,
         date(2017, 12, 24), "linkedin", None, None),
        ("Marta Lindqvist", "Marta", "Lindqvist", None, None, "ACME Corporation", "Data Scientist",
         None, date(2018, 3, 15), "linkedin", None, None),
    ]  # fmt: skip


def test_connections_with_other_column_order_and_preamble(con, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(
        "Notes:\nExported for a test.\nAnother note line, with a comma.\n\n"
        "First Name,Last Name,Email Address,Company,Position,Connected On,URL\n"
        "Alma,Reyes,ALMA@reyes.example,Initech,CTO,15 Jan 2023,https://linkedin.com/in/almareyes\n"
        "Bo,Chen,,Globex,,1 Feb 2023,http://uk.linkedin.com/in/BoChen/?originalSubdomain=uk\n",
        encoding="utf-8",
    )
    report = import_contacts(con, path, file_name="my connections.csv")
    assert counts(report) == ("linkedin-connections", 2, 2, 0, 0, [])
    assert report.file_name == "my connections.csv"
    assert contact_rows(con) == [
        ("Alma Reyes", "Alma", "Reyes", "alma@reyes.example", None, "Initech", "CTO",
         "https://www.linkedin.com/in/almareyes", date(2023, 1, 15), "linkedin", None, None),
        ("Bo Chen", "Bo", "Chen", None, None, "Globex", None, "https://www.linkedin.com/in/bochen",
         date(2023, 2, 1), "linkedin", None, None),
    ]  # fmt: skip


def test_google_legacy(con, contacts_dir):
    report = import_contacts(con, contacts_dir / "google_legacy.csv")
    assert counts(report) == ("google-contacts-legacy", 4, 3, 0, 0, [(5, "Name", "no name")])
    assert contact_rows(con) == [
        ("Marta Lindqvist", "Marta", "Lindqvist", "marta.lindqvist@example.org", None,
         "Acme Corporation", "Data Lead", None, None, "google", "Work", None),
        ("Dr. Jonas Weber", "Jonas", "Weber", "jonas.weber@initech.example", "+49 151 7654321",
         "Initech", "CTO", "https://www.linkedin.com/in/jonasweber", None, "google",
         "Friends, Work", "Met at PyCon DE.\nLikes climbing."),
        ("Aiko Tanaka", "Aiko", "Tanaka", None, "+81 3 5555 0199", None, None, None, None,
         "google", "starred", None),
    ]  # fmt: skip
    # the second address of a multi-value cell is remembered for matching
    keys = con.execute("SELECT source_key FROM contact_sources WHERE contact_id = 1")
    assert sorted(k for (k,) in keys.fetchall()) == [
        "marta.lindqvist@example.org",
        "marta@home.example",
    ]


def test_google_current(con, contacts_dir):
    report = import_contacts(con, contacts_dir / "google_current.csv")
    assert counts(report) == ("google-contacts", 4, 3, 0, 0, [(5, "First Name", "no name")])
    assert contact_rows(con) == [
        ("Priya Raman", "Priya", "Raman", "priya.raman@initech.example", None, "Initech",
         "Head of Research", None, None, "google", "Work", None),
        ("Kofi A. Boateng", "Kofi", "Boateng", "kofi@stark.example", "+233 20 555 0123",
         "Stark Industries", "CFO", None, None, "google", "Investors, Work", None),
        ("Elena Petrova", "Elena", "Petrova", "elena@petrova.example", None, None, None, None,
         None, "google", "Family", "Cousin of a colleague"),
    ]  # fmt: skip


def test_outlook(con, contacts_dir):
    report = import_contacts(con, contacts_dir / "outlook.csv")
    assert counts(report) == ("outlook-csv", 3, 2, 0, 0, [(4, "First Name", "no name")])
    assert contact_rows(con) == [
        ("Daniel J. O'Brien", "Daniel", "O'Brien", "dan.obrien@wayne.example", "+1 555 0100",
         "Wayne Enterprises", "Security Consultant", None, None, "outlook", "Clients, VIP",
         "Golf on Fridays"),
        ("Kwame Mensah", "Kwame", "Mensah", "kwame.mensah@example.com", "+44 20 7946 0958",
         "Hooli Inc.", "Product Manager", None, None, "outlook", None, None),
    ]  # fmt: skip


def test_outlook_with_semicolons(con, tmp_path):
    path = tmp_path / "outlook_de.csv"
    path.write_text(
        "Vorname;First Name;Last Name;E-mail Address;Company;Job Title\n"
        "x;Greta;Schulz;greta@schulz.example;Beispiel GmbH;Einkauf\n",
        encoding="utf-8",
    )
    report = import_contacts(con, path)
    assert counts(report) == ("outlook-csv", 1, 1, 0, 0, [])
    assert contact_rows(con) == [
        ("Greta Schulz", "Greta", "Schulz", "greta@schulz.example", None, "Beispiel GmbH",
         "Einkauf", None, None, "outlook", None, None),
    ]  # fmt: skip


def test_linkedin_contacts_csv(con, tmp_path):
    path = tmp_path / "Contacts.csv"
    path.write_text(
        "Source,FirstName,LastName,Companies,Title,Emails,PhoneNumbers,CreatedAt,Addresses,Sites,"
        "InstantMessageHandles,FullName,Birthday,Location,BookmarkedAt,Profiles\n"
        'GOOGLE_CONTACTS,,,null,,nobody@example.com,,"10/25/17, 4:50 PM",,,,,,,,\n'
        'GOOGLE_CONTACTS,Ines,Duarte,null,,"ines@duarte.example,ines.d@work.example",,'
        '"10/14/18, 9:50 AM",,,,,,,,\n'
        'GOOGLE_CONTACTS,,,Initech,Analyst,raj@initech.example,,"10/14/18, 9:50 AM",,,,'
        "Raj Patel,,,,\n",
        encoding="utf-8",
    )
    report = import_contacts(con, path)
    assert counts(report) == ("linkedin-contacts", 3, 2, 0, 0, [(2, "FirstName", "no name")])
    assert contact_rows(con) == [
        ("Ines Duarte", "Ines", "Duarte", "ines@duarte.example", None, None, None, None, None,
         "linkedin", None, None),
        ("Raj Patel", "Raj", "Patel", "raj@initech.example", None, "Initech", "Analyst", None,
         None, "linkedin", None, None),
    ]  # fmt: skip


def test_vcard_21(con, contacts_dir):
    report = import_contacts(con, contacts_dir / "contacts_v21.vcf")
    assert counts(report) == ("vcard", 2, 2, 0, 0, [])
    assert contact_rows(con) == [
        ("Jürgen Müller", "Jürgen", "Müller", "juergen.mueller@vandelay.example",
         "+49 170 5550101", "Vandelay Industries",
         "Senior Vice President of Global Supply Chain and Strategic Partnerships", None, None,
         "vcard", None,
         "Met at the trade fair in Hannover.\nFollow up in spring about the warehouse project."),
        ("Lars Nilsen", "Lars", "Nilsen", None, "+47 555 01 234", "Vandelay Industries Ltd.",
         None, None, None, "vcard", "Suppliers", None),
    ]  # fmt: skip


def test_vcard_30_apple(con, contacts_dir):
    report = import_contacts(con, contacts_dir / "contacts_v3_apple.vcf")
    assert counts(report) == ("vcard", 3, 3, 0, 0, [])
    assert contact_rows(con) == [
        ("Hannah Okafor", "Hannah", "Okafor", "hannah.okafor@umbrella.example", "+44 7700 900123",
         "Umbrella Ltd", "Logistics Manager", "https://www.linkedin.com/in/hannah-okafor-1a2b3c",
         None, "vcard", "Work, Mentors", "Introduced by Lars.\nPrefers e-mail."),
        ("Tomás Ferreira", "Tomás", "Ferreira", None, None, "Globex", None,
         "https://www.linkedin.com/in/tomas-ferreira-42", None, "vcard", None, None),
        ("Ren Nakamura", "Ren", "Nakamura", "ren@nakamura.example", None, "Hooli", "Designer",
         "https://www.linkedin.com/in/rennakamura", None, "vcard", None, None),
    ]  # fmt: skip


def test_vcard_40(con, contacts_dir):
    report = import_contacts(con, contacts_dir / "contacts_v4.vcf")
    assert counts(report) == ("vcard", 3, 2, 0, 0, [(14, "FN", "no name")])
    assert contact_rows(con) == [
        ("Elena Petrova", "Elena", "Petrova", "elena.petrova@hooli.example", "+1-555-0142",
         "Hooli", "Engineering Manager", "https://www.linkedin.com/in/elenapetrova", None,
         "vcard", "Work, Conference 2024", "Speaker at DataConf 2024, very approachable"),
        ("Omar Haddad", "Omar", "Haddad", "omar.haddad@example.com", None, None, None, None, None,
         "vcard", None, None),
    ]  # fmt: skip


def test_vcard_bad_card_is_rejected_with_its_number(con, tmp_path):
    path = tmp_path / "mixed.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Good One\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN;=broken\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Cut Off\n",
        encoding="utf-8",
    )
    report = import_contacts(con, path)
    assert counts(report) == ("vcard", 3, 1, 0, 0, [
        (5, None, "card 2 could not be read: Failed to parse line: FN;=broken"),
        (9, None, "card 3 has no END:VCARD (is the file cut off?)"),
    ])  # fmt: skip
    assert contact_rows(con) == [
        ("Good One", "Good", "One", None, None, None, None, None, None, "vcard", None, None)
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("connections_utf16.csv", [
            ("Zoë Laurent", "Zoë", "Laurent", None, None, "Société Générale", "Analyste",
             "https://www.linkedin.com/in/zoelaurent", date(2024, 5, 5), "linkedin", None, None),
            ("Björn Åkesson", "Björn", "Åkesson", None, None, "Ikea", "Buyer", None,
             date(2024, 5, 6), "linkedin", None, None),
        ]),
        ("connections_cp1252.csv", [
            ("José Martín", "José", "Martín", None, None, "Café Olé S.A.", "Gérant",
             "https://www.linkedin.com/in/josemartin", date(2024, 6, 7), "linkedin", None, None),
        ]),
    ],
)  # fmt: skip
def test_encodings(con, contacts_dir, name, expected):
    report = import_contacts(con, contacts_dir / name)
    assert (report.rows_read, report.rows_added) == (len(expected), len(expected))
    assert contact_rows(con) == expected


def test_odd_values_are_reported_not_fatal(con, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ana,Lima,,not-an-email,Initech,,someday\n"
        "Too,Many,,,Initech,Boss,01 Jan 2024,extra\n"
        "\n"
        ",,,,,,\n"
        "Kim,Park,https://example.com/kim,,,,2024-03-05\n",
        encoding="utf-8",
    )
    report = import_contacts(con, path)
    assert counts(report) == ("linkedin-connections", 3, 2, 0, 0, [
        (3, None, "8 values but the header has 7 columns (a comma in a value that is not quoted?)"),
    ])  # fmt: skip
    assert report.notes == [
        "line 2: 'not-an-email' is not an e-mail address, left out",
        "line 2: unreadable date 'someday' in 'Connected On'",
    ]
    assert contact_rows(con) == [
        ("Ana Lima", "Ana", "Lima", None, None, "Initech", None, None, None, "linkedin", None, None),
        ("Kim Park", "Kim", "Park", None, None, None, None, None, date(2024, 3, 5), "linkedin",
         None, None),
    ]  # fmt: skip


def test_header_only_file_imports_nothing(con, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
    report = import_contacts(con, path)
    assert counts(report) == ("linkedin-connections", 0, 0, 0, 0, [])


def test_progress_is_reported(con, tmp_path):
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [
        f"P{i},Q{i},https://www.linkedin.com/in/p{i},,Initech,,01 Jan 2024" for i in range(2500)
    ]
    path = tmp_path / "Connections.csv"
    path.write_text("\n".join(lines))
    calls = []
    report = import_contacts(con, path, progress=lambda done, total: calls.append((done, total)))
    assert report.rows_added == 2500
    assert calls == [(2000, 2500), (2500, 2500)]


def test_vcard_progress_is_reported_while_parsing(con, tmp_path):
    cards = [f"BEGIN:VCARD\nVERSION:3.0\nFN:Person {i}\nEND:VCARD" for i in range(600)]
    path = tmp_path / "many.vcf"
    path.write_text("\n".join(cards + ["BEGIN:VCARD\nVERSION:3.0\nEND:VCARD"]))
    calls = []
    report = import_contacts(con, path, progress=lambda *args: calls.append(args))
    assert (report.rows_read, report.rows_added, report.rows_rejected) == (601, 600, 1)
    assert calls == [(500, 601), (600, 600)]


def test_a_connected_on_column_written_day_first_is_read_day_first(con, tmp_path):
    path = tmp_path / "Connections.csv"
    header = "First Name;Last Name;URL;Email Address;Company;Position;Connected On\n"
    path.write_text(
        header
        + ";".join(["Zoë", "Müller", "", "", "Société Générale", "Ingénieure", "04/07/2023"])
        + "\n"
        + ";".join(["José", "Núñez", "", "", "Acme", "CTO", "13/07/2023"])
        + "\n",
        encoding="utf-8",
    )
    report = import_contacts(con, path)
    assert (report.rows_added, report.notes) == (2, [])
    assert con.execute("SELECT full_name, connected_on FROM contacts ORDER BY 1").fetchall() == [
        ("José Núñez", date(2023, 7, 13)), ("Zoë Müller", date(2023, 7, 4)),
    ]  # fmt: skip
    # month first, as LinkedIn writes it, where no value says otherwise
    path.write_text(header + "Lee;Chen;;;Acme;CTO;04/07/2023\n", encoding="utf-8")
    import_contacts(con, path)
    assert con.execute(
        "SELECT connected_on FROM contacts WHERE full_name = 'Lee Chen'"
    ).fetchone() == (date(2023, 4, 7),)


def test_a_repeated_column_is_read_where_the_first_copy_is_empty(con, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,Company,Company,Connected On\n"
        "Lee,Chen,,Acme,12 Jan 2024\n"
        "Sam,Patel,Globex,Initech,12 Jan 2024\n",
        encoding="utf-8",
    )
    import_contacts(con, path)
    assert con.execute("SELECT full_name, company FROM contacts ORDER BY 1").fetchall() == [
        ("Lee Chen", "Acme"), ("Sam Patel", "Globex"),
    ]  # fmt: skip
