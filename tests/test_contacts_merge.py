"""Merging people across sources, idempotent re-imports, job changes, duplicates, manual merge."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from analysis import store
from analysis.errors import WaypointError
from analysis.ingest.contacts import import_contacts, merge_contacts, possible_duplicates
from analysis.ingest.contacts_merge import DUPLICATE_COLUMNS
from tests.conftest import snapshot

ALL_SOURCES = [
    "linkedin_connections_2024.csv", "contacts_v3_apple.vcf", "google_legacy.csv",
    "google_current.csv", "outlook.csv", "contacts_v4.vcf", "linkedin_connections_2018.csv",
    "contacts_v21.vcf",
]  # fmt: skip


@pytest.fixture
def con():
    """An empty in-memory workspace: faster than the on-disk empty_workspace, and enough here
    (atomicity on disk is tested in test_contacts_bad_input.py)."""
    connection = store.connect(":memory:")
    yield connection
    connection.close()


@pytest.fixture
def contacts_dir(fixtures_dir):
    return fixtures_dir / "contacts"


def outcome(report) -> tuple[int, int, int, int, int]:
    return (report.rows_read, report.rows_added, report.rows_updated, report.rows_duplicate,
            report.rows_rejected)  # fmt: skip


def people(con) -> list[tuple]:
    return con.execute(
        "SELECT contact_id, full_name, email, phone, company, position, profile_url, connected_on, "
        "source, tags FROM contacts ORDER BY contact_id"
    ).fetchall()


def write_connections(path, *rows: str) -> str:
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_merge_across_linkedin_vcard_google_outlook(con, contacts_dir):
    reports = [outcome(import_contacts(con, contacts_dir / name)) for name in ALL_SOURCES]
    assert reports == [
        (6, 5, 0, 0, 1),  # LinkedIn 2024: five people, one row without a name
        (3, 2, 1, 0, 0),  # Apple: Tomás found by his LinkedIn URL
        (4, 2, 1, 0, 1),  # Google legacy: Marta found by e-mail
        (4, 2, 1, 0, 1),  # Google current: Priya Raman = "Priya Raman, PhD" at Initech
        (3, 1, 1, 0, 1),  # Outlook: Kwame found by e-mail
        (3, 2, 0, 0, 1),  # vCard 4: Elena at Hooli is not the Elena without a company
        (3, 1, 2, 0, 0),  # LinkedIn 2018: Hannah and Marta by name and company, Lars new
        (2, 1, 1, 0, 0),  # vCard 2.1: Lars by name at "Vandelay Industries Ltd."
    ]
    acme = "Acme Corp."
    assert people(con) == [
        (1, "Marta Lindqvist", "marta.lindqvist@example.org", None, acme, "Head of Data",
         "https://www.linkedin.com/in/marta-lindqvist", date(2024, 12, 16), "linkedin", "Work"),
        (2, "Tomás Ferreira 🚀", None, None, "Globex GmbH", "Staff Engineer",
         "https://www.linkedin.com/in/tomas-ferreira-42", date(2023, 7, 4), "linkedin", None),
        (3, "Priya Raman, PhD", "priya.raman@initech.example", None, "Initech", "Research Lead",
         "https://www.linkedin.com/in/priyaraman", date(2022, 2, 21), "linkedin", "Work"),
        (4, "Kwame Mensah", "kwame.mensah@example.com", "+44 20 7946 0958", "Hooli",
         "Product Manager", "https://www.linkedin.com/in/kwamemensah", date(2021, 1, 3),
         "linkedin", None),
        (5, "Sofia Russo", None, None, None, None, "https://www.linkedin.com/in/sofiarusso",
         date(2020, 9, 30), "linkedin", None),
        (6, "Hannah Okafor", "hannah.okafor@umbrella.example", "+44 7700 900123", "Umbrella Ltd",
         "Logistics Manager", "https://www.linkedin.com/in/hannah-okafor-1a2b3c",
         date(2018, 1, 8), "vcard", "Work, Mentors"),
        (7, "Ren Nakamura", "ren@nakamura.example", None, "Hooli", "Designer",
         "https://www.linkedin.com/in/rennakamura", None, "vcard", None),
        (8, "Dr. Jonas Weber", "jonas.weber@initech.example", "+49 151 7654321", "Initech", "CTO",
         "https://www.linkedin.com/in/jonasweber", None, "google", "Friends, Work"),
        (9, "Aiko Tanaka", None, "+81 3 5555 0199", None, None, None, None, "google", "starred"),
        (10, "Kofi A. Boateng", "kofi@stark.example", "+233 20 555 0123", "Stark Industries",
         "CFO", None, None, "google", "Investors, Work"),
        (11, "Elena Petrova", "elena@petrova.example", None, None, None, None, None, "google",
         "Family"),
        (12, "Daniel J. O'Brien", "dan.obrien@wayne.example", "+1 555 0100", "Wayne Enterprises",
         "Security Consultant", None, None, "outlook", "Clients, VIP"),
        (13, "Elena Petrova", "elena.petrova@hooli.example", "+1-555-0142", "Hooli",
         "Engineering Manager", "https://www.linkedin.com/in/elenapetrova", None, "vcard",
         "Work, Conference 2024"),
        (14, "Omar Haddad", "omar.haddad@example.com", None, None, None, None, None, "vcard", None),
        (15, "Lars Nilsen", None, "+47 555 01 234", "Vandelay Industries", "Importer", None,
         date(2017, 12, 24), "linkedin", "Suppliers"),
        (16, "Jürgen Müller", "juergen.mueller@vandelay.example", "+49 170 5550101",
         "Vandelay Industries",
         "Senior Vice President of Global Supply Chain and Strategic Partnerships", None, None,
         "vcard", None),
    ]  # fmt: skip
    sources = con.execute(
        "SELECT contact_id, string_agg(DISTINCT source, ',' ORDER BY source) FROM contact_sources "
        "GROUP BY contact_id ORDER BY contact_id"
    ).fetchall()
    assert sources == [
        (1, "google,linkedin"), (2, "linkedin,vcard"), (3, "google,linkedin"),
        (4, "linkedin,outlook"), (5, "linkedin"), (6, "linkedin,vcard"), (7, "vcard"),
        (8, "google"), (9, "google"), (10, "google"), (11, "google"), (12, "outlook"),
        (13, "vcard"), (14, "vcard"), (15, "linkedin,vcard"), (16, "vcard"),
    ]  # fmt: skip
    assert con.execute("SELECT count(*) FROM contact_changes").fetchone() == (0,)


def test_reimporting_every_file_adds_nothing(con, contacts_dir):
    first = [import_contacts(con, contacts_dir / name) for name in ALL_SOURCES]
    before = snapshot(con)
    again = [import_contacts(con, contacts_dir / name) for name in ALL_SOURCES]
    for one, two in zip(first, again, strict=True):
        assert (two.rows_added, two.rows_updated) == (0, 0), two.summary()
        assert two.rows_duplicate == one.rows_read - one.rows_rejected
        assert two.rejections == one.rejections
    after = snapshot(con)
    for table in before:
        if table not in ("imports", "import_rejections"):
            assert after[table] == before[table], table


@pytest.mark.parametrize(
    "name",
    ["linkedin_connections_2024.csv", "linkedin_connections_2018.csv", "google_legacy.csv",
     "google_current.csv", "outlook.csv", "contacts_v21.vcf", "contacts_v3_apple.vcf",
     "contacts_v4.vcf", "connections_utf16.csv", "connections_cp1252.csv"],
)  # fmt: skip
def test_same_file_twice(con, contacts_dir, name):
    first = import_contacts(con, contacts_dir / name)
    second = import_contacts(con, contacts_dir / name)
    assert outcome(second) == (first.rows_read, 0, 0, first.rows_added, first.rows_rejected)
    assert con.execute("SELECT count(*) FROM contacts").fetchone() == (first.rows_added,)


def test_newer_connections_file_records_job_changes(con, contacts_dir):
    import_contacts(con, contacts_dir / "linkedin_connections_2024.csv")
    later = import_contacts(con, contacts_dir / "linkedin_connections_2024_later.csv")
    assert outcome(later) == (6, 1, 2, 3, 0)
    changes = con.execute(
        "SELECT contact_id, import_id, field, old_value, new_value FROM contact_changes "
        "ORDER BY contact_id, field"
    ).fetchall()
    assert changes == [
        (1, 2, "company", "Acme Corp.", "Globex"),
        (1, 2, "position", "Head of Data", "VP Data"),
        (4, 2, "position", "Product Manager", "Director of Product"),
    ]
    detected = con.execute("SELECT DISTINCT detected_at FROM contact_changes").fetchall()
    assert len(detected) == 1 and isinstance(detected[0][0], datetime)
    assert con.execute(
        "SELECT contact_id, full_name, company, position, import_id, updated_import_id "
        "FROM contacts ORDER BY contact_id"
    ).fetchall() == [
        (1, "Marta Lindqvist", "Globex", "VP Data", 1, 2),
        (2, "Tomás Ferreira 🚀", "Globex GmbH", "Staff Engineer", 1, None),
        (3, "Priya Raman, PhD", "Initech", "Research Lead", 1, None),
        (4, "Kwame Mensah", "Hooli", "Director of Product", 1, 2),
        (5, "Sofia Russo", None, None, 1, None),
        (6, "Yusuf Demir", "Initech", "Data Engineer", 2, None),
    ]  # fmt: skip

    again = import_contacts(con, contacts_dir / "linkedin_connections_2024_later.csv")
    assert outcome(again) == (6, 0, 0, 6, 0)
    older = import_contacts(con, contacts_dir / "linkedin_connections_2024.csv")
    assert outcome(older) == (6, 0, 0, 5, 1)
    assert older.notes == [
        "this LinkedIn export is older than one already imported: new people and empty fields "
        "were added, but companies and positions were left as they are"
    ]
    assert con.execute("SELECT count(*) FROM contact_changes").fetchone() == (3,)


def test_linkedin_takes_company_from_an_address_book(con, contacts_dir, tmp_path):
    import_contacts(con, contacts_dir / "google_legacy.csv")  # Jonas Weber: Initech, CTO
    url = "https://www.linkedin.com/in/JonasWeber"
    first = write_connections(
        tmp_path / "a.csv", f"Jonas,Weber,{url},,Globex,VP Engineering,01 Jun 2024"
    )
    assert outcome(import_contacts(con, first)) == (1, 0, 1, 0, 0)
    job = "SELECT company, position, source FROM contacts WHERE full_name = 'Dr. Jonas Weber'"
    assert con.execute(job).fetchall() == [("Globex", "VP Engineering", "google")]
    assert con.execute("SELECT count(*) FROM contact_changes").fetchone() == (0,)
    # the address book no longer decides, and nothing flips back on re-import
    assert outcome(import_contacts(con, contacts_dir / "google_legacy.csv")) == (4, 0, 0, 3, 1)
    assert con.execute(job).fetchall() == [("Globex", "VP Engineering", "google")]
    # a later LinkedIn export is a job change
    later = write_connections(
        tmp_path / "b.csv", f"Jonas,Weber,{url},,Hooli,VP Engineering,01 Jun 2024"
    )
    assert outcome(import_contacts(con, later)) == (1, 0, 1, 0, 0)
    assert con.execute(
        "SELECT contact_id, field, old_value, new_value FROM contact_changes"
    ).fetchall() == [(2, "company", "Globex", "Hooli")]


def test_address_book_fills_but_never_overwrites(con, tmp_path):
    url = "https://www.linkedin.com/in/noraberg"
    import_contacts(
        con, write_connections(tmp_path / "c.csv", f"Nora,Berg,{url},,Initech,,01 Jan 2024")
    )
    card = tmp_path / "nora.vcf"
    card.write_text(
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Nora Berg\nORG:Acme\nTITLE:Analyst\nURL:{url}\n"
        "TEL:+1 555 0001\nEND:VCARD\n"
    )
    assert outcome(import_contacts(con, card)) == (1, 0, 1, 0, 0)
    assert con.execute("SELECT company, position, phone FROM contacts").fetchall() == [
        ("Initech", "Analyst", "+1 555 0001")
    ]


def test_address_books_that_disagree_do_not_flip_jobs(con, tmp_path):
    phone, laptop = tmp_path / "phone.vcf", tmp_path / "laptop.vcf"
    phone.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ann@lee.example\nORG:Acme\nTITLE:Analyst\nEND:VCARD\n"
    )
    laptop.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ann@lee.example\nORG:Globex\nTITLE:Lead\nEND:VCARD\n"
    )
    results = [outcome(import_contacts(con, path)) for path in (phone, laptop, phone, laptop)]
    assert results == [(1, 1, 0, 0, 0), (1, 0, 0, 1, 0), (1, 0, 0, 1, 0), (1, 0, 0, 1, 0)]
    assert con.execute("SELECT company, position FROM contacts").fetchall() == [("Acme", "Analyst")]
    assert con.execute("SELECT count(*) FROM contact_changes").fetchone() == (0,)


def test_connections_without_urls_still_show_job_changes(con, tmp_path):
    old, new = tmp_path / "2018.csv", tmp_path / "2019.csv"
    header = "First Name,Last Name,Email Address,Company,Position,Connected On\n"
    old.write_text(header + 'Ann,Lee,ann@lee.example,Acme,Analyst,"1/8/18, 6:14 PM"\n')
    new.write_text(header + 'Ann,Lee,ann@lee.example,Globex,Lead,"1/8/18, 6:14 PM"\n')
    import_contacts(con, old)
    assert outcome(import_contacts(con, new)) == (1, 0, 1, 0, 0)
    assert con.execute(
        "SELECT field, old_value, new_value FROM contact_changes ORDER BY field"
    ).fetchall() == [("company", "Acme", "Globex"), ("position", "Analyst", "Lead")]


def test_ambiguous_people_stay_apart(con, tmp_path):
    import_contacts(con, write_connections(
        tmp_path / "c.csv",
        "Sam,Lee,https://www.linkedin.com/in/samlee1,,Initech,Engineer,01 Jan 2024",
        "Sam,Lee,https://www.linkedin.com/in/samlee2,,Initech,Designer,02 Jan 2024",  # 2 members
        "Max,Roth,,,,,03 Jan 2024",
    ))  # fmt: skip
    card = tmp_path / "people.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Max Roth\nEND:VCARD\n"  # same name, no company
        "BEGIN:VCARD\nVERSION:3.0\nFN:Sam Lee\nORG:Globex\nEND:VCARD\n"  # other company
        "BEGIN:VCARD\nVERSION:3.0\nFN:Sam Lee\nORG:Initech Inc.\n"
        "URL:https://www.linkedin.com/in/samlee3\nEND:VCARD\n"  # a third LinkedIn member
    )
    assert outcome(import_contacts(con, card)) == (3, 3, 0, 0, 0)
    assert con.execute("SELECT count(*) FROM contacts").fetchone() == (6,)
    assert outcome(import_contacts(con, card)) == (3, 0, 0, 3, 0)


def test_shared_email_with_another_linkedin_url_is_a_new_contact(con, tmp_path):
    import_contacts(con, write_connections(
        tmp_path / "c.csv", "Ola,Nord,https://www.linkedin.com/in/olanord,team@nord.example,Nord AS,,01 Jan 2024",
    ))  # fmt: skip
    card = tmp_path / "per.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Per Nord\nEMAIL:team@nord.example\n"
        "URL:https://www.linkedin.com/in/pernord\nEND:VCARD\n"
    )
    assert outcome(import_contacts(con, card)) == (1, 1, 0, 0, 0)
    assert con.execute(
        "SELECT contact_id, full_name, email FROM contacts ORDER BY 1"
    ).fetchall() == [
        (1, "Ola Nord", "team@nord.example"),
        (2, "Per Nord", None),
    ]
    expected = pd.DataFrame(
        [(1, 2, "Ola Nord", "Per Nord", "Nord AS", None, "same email")], columns=DUPLICATE_COLUMNS
    )
    pd.testing.assert_frame_equal(possible_duplicates(con), expected)


def insert_contact(con, cid, name, company=None, email=None, url=None, source="manual"):
    con.execute(
        "INSERT INTO contacts (contact_id, full_name, company, email, profile_url, source) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [cid, name, company, email, url, source],
    )


def test_possible_duplicates_exact_frame(con):
    li = "https://www.linkedin.com/in/"
    for row in [
        (1, "Ana Silva", "Acme Corp", "ana@silva.example"),
        (2, "Ana Silva", "Globex", "ana@silva.example"),  # same email beats different company
        (3, "Ben Ode", "Initech", None, li + "benode"),
        (4, "Benjamin Ode", None, None, li + "benode"),
        (5, "Jon Smith", "Acme"),
        (6, "John Smith", "ACME Inc."),
        (7, "Carla Díaz", "Hooli"),
        (8, "Carla Diaz", "Initech"),
        (9, "Dev Rao", None),
        (10, "Dev Rao", "Stark Industries"),
        (11, "Eve Li", "Umbrella", None, li + "eve-li-1"),
        (12, "Eve Li", "Umbrella", None, li + "eve-li-2"),  # two LinkedIn members: not listed
        (13, "Zed Ng", None),
        (14, "Zed Ngata", None, "zed@ng.example"),
    ]:
        insert_contact(con, *row)
    con.execute("INSERT INTO contact_sources VALUES (13, 'google', 'zed@ng.example', 1)")
    expected = pd.DataFrame(
        [
            (1, 2, "Ana Silva", "Ana Silva", "Acme Corp", "Globex", "same email"),
            (3, 4, "Ben Ode", "Benjamin Ode", "Initech", None, "same LinkedIn URL"),
            (5, 6, "Jon Smith", "John Smith", "Acme", "ACME Inc.", "similar name at same company"),
            (7, 8, "Carla Díaz", "Carla Diaz", "Hooli", "Initech", "same name, different company"),
            (9, 10, "Dev Rao", "Dev Rao", None, "Stark Industries", "same name, no company"),
            (13, 14, "Zed Ng", "Zed Ngata", None, None, "same email"),
        ],
        columns=DUPLICATE_COLUMNS,
    )
    pd.testing.assert_frame_equal(possible_duplicates(con), expected)


def test_possible_duplicates_of_an_empty_workspace(con):
    frame = possible_duplicates(con)
    assert list(frame.columns) == DUPLICATE_COLUMNS
    assert frame.empty


def test_merge_keeps_every_interaction(con, contacts_dir):
    import_contacts(con, contacts_dir / "google_current.csv")  # Elena Petrova (3), no company
    import_contacts(con, contacts_dir / "contacts_v4.vcf")  # Elena Petrova (4) at Hooli
    pairs = possible_duplicates(con)[["contact_id_a", "contact_id_b", "reason"]]
    assert pairs.values.tolist() == [[3, 4, "same name, no company"]]
    for iid, cid, day in [(1, 3, 1), (2, 4, 2), (3, 4, 3), (4, 1, 4), (5, 3, 5)]:
        con.execute(
            "INSERT INTO interactions (interaction_id, contact_id, occurred_at, channel, source) "
            "VALUES (?, ?, ?, 'email', 'manual')",
            [iid, cid, datetime(2024, 1, day)],
        )
    con.execute(
        "INSERT INTO contact_changes VALUES (4, 2, 'position', 'Manager', 'Engineering Manager', now())"
    )

    merge_contacts(con, keep_id=3, drop_id=4)

    assert con.execute(
        "SELECT interaction_id, contact_id FROM interactions ORDER BY 1"
    ).fetchall() == [(1, 3), (2, 3), (3, 3), (4, 1), (5, 3)]
    assert con.execute(
        "SELECT contact_id, full_name, email, phone, company, position, profile_url, tags, notes "
        "FROM contacts WHERE full_name = 'Elena Petrova'"
    ).fetchall() == [(
        3, "Elena Petrova", "elena@petrova.example", "+1-555-0142", "Hooli", "Engineering Manager",
        "https://www.linkedin.com/in/elenapetrova", "Family, Work, Conference 2024",
        "Cousin of a colleague",
    )]  # fmt: skip
    assert con.execute(
        "SELECT DISTINCT contact_id FROM contact_sources WHERE source = 'vcard' ORDER BY 1"
    ).fetchall() == [(3,), (5,)]
    assert con.execute("SELECT contact_id FROM contact_changes").fetchall() == [(3,)]
    assert possible_duplicates(con).empty
    # the vCard's Elena is now found on the kept contact
    assert outcome(import_contacts(con, contacts_dir / "contacts_v4.vcf")) == (3, 0, 0, 2, 1)


def test_merge_refuses_bad_ids_and_changes_nothing(con, contacts_dir):
    import_contacts(con, contacts_dir / "google_current.csv")
    before = snapshot(con)
    with pytest.raises(WaypointError) as error:
        merge_contacts(con, 1, 1)
    assert str(error.value) == "Cannot merge contacts: a contact cannot be merged into itself."
    with pytest.raises(WaypointError) as error:
        merge_contacts(con, 1, 99)
    assert str(error.value) == "Cannot merge contacts: there is no contact 99."
    assert snapshot(con) == before
