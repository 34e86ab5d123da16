"""An older Connections.csv imported again after a newer one keeps people's newer jobs, even
when both files have the same newest connection (nobody connected in between) or no dates."""

from __future__ import annotations

import pytest

from analysis import store
from analysis.ingest.contacts import import_contacts
from tests.test_contacts_merge import outcome

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing.\nYou will only see email addresses for connections who have allowed their "
    'connections to see them (""Settings"" > Privacy)."\n\n'
)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
MARTA, KWAME, PRIYA, YUSUF = (
    f"https://www.linkedin.com/in/{name}"
    for name in ("marta-lindqvist", "kwamemensah", "priyaraman", "yusufdemir")
)  # fmt: skip
# January and June exports of the same network: the same newest connection (Marta's).
JANUARY = (
    f"Marta,Lindqvist,{MARTA},,Acme Corp.,Head of Data,16 Dec 2024",
    f"Priya,Raman,{PRIYA},,Initech,Research Lead,21 Feb 2022",
    f"Kwame,Mensah,{KWAME},,Hooli,Product Manager,03 Jan 2021",
)
JUNE = (
    f"Marta,Lindqvist,{MARTA},,Globex,VP Data,16 Dec 2024",
    f"Priya,Raman,{PRIYA},,Initech,Research Lead,21 Feb 2022",
    f"Kwame,Mensah,{KWAME},,Hooli,Director of Product,03 Jan 2021",
)
KEPT_TWO = (
    "2 connections kept their newer company or position: this file looks older than a "
    "Connections export imported before"
)
CHANGES_JUNE = [
    (1, 2, "company", "Acme Corp.", "Globex"),
    (1, 2, "position", "Head of Data", "VP Data"),
    (3, 2, "position", "Product Manager", "Director of Product"),
]
JOBS_JUNE = [
    (1, "Globex", "VP Data", 2),
    (2, "Initech", "Research Lead", None),
    (3, "Hooli", "Director of Product", 2),
]


@pytest.fixture
def con():
    connection = store.connect(":memory:")
    yield connection
    connection.close()


def connections_csv(path, *rows: str):
    path.write_text(PREAMBLE + "\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def changes(con) -> list[tuple]:
    return con.execute(
        "SELECT contact_id, import_id, field, old_value, new_value FROM contact_changes "
        "ORDER BY import_id, contact_id, field"
    ).fetchall()


def jobs(con) -> list[tuple]:
    return con.execute(
        "SELECT contact_id, company, position, updated_import_id FROM contacts ORDER BY contact_id"
    ).fetchall()


@pytest.fixture
def january(tmp_path):
    return connections_csv(tmp_path / "Connections_january.csv", *JANUARY)


@pytest.fixture
def june(tmp_path):
    return connections_csv(tmp_path / "Connections_june.csv", *JUNE)


def test_older_file_then_newer_records_the_job_changes(con, january, june):
    assert outcome(import_contacts(con, january)) == (3, 3, 0, 0, 0)
    newer = import_contacts(con, june)
    assert (outcome(newer), newer.notes) == ((3, 0, 2, 1, 0), [])
    assert changes(con) == CHANGES_JUNE
    assert jobs(con) == JOBS_JUNE


def test_older_file_again_with_the_same_newest_date_keeps_the_newer_jobs(con, january, june):
    import_contacts(con, january)
    import_contacts(con, june)
    older = import_contacts(con, january)
    assert (outcome(older), older.notes) == ((3, 0, 0, 3, 0), [KEPT_TWO])
    assert changes(con) == CHANGES_JUNE
    assert jobs(con) == JOBS_JUNE
    stored = "SELECT rows_updated, notes FROM imports WHERE import_id = 3"
    assert con.execute(stored).fetchall() == [(0, KEPT_TWO)]


def test_older_file_a_second_time_changes_nothing(con, january, june):
    for path in (january, june, january):
        import_contacts(con, path)
    contacts = con.execute("SELECT * FROM contacts ORDER BY contact_id").fetchall()
    sources = con.execute("SELECT * FROM contact_sources ORDER BY ALL").fetchall()
    again = import_contacts(con, january)
    assert (outcome(again), again.notes) == ((3, 0, 0, 3, 0), [KEPT_TWO])
    assert con.execute("SELECT * FROM contacts ORDER BY contact_id").fetchall() == contacts
    assert con.execute("SELECT * FROM contact_sources ORDER BY ALL").fetchall() == sources
    assert changes(con) == CHANGES_JUNE


def test_older_file_without_dates_keeps_the_newer_job(con, tmp_path):
    def undated(name: str, *rows: str):
        return connections_csv(tmp_path / name, *(r.rsplit(",", 1)[0] + "," for r in rows))

    old, new = undated("old.csv", *JANUARY[:2]), undated("new.csv", *JUNE[:2])
    for path in (old, new):
        import_contacts(con, path)
    older = import_contacts(con, old)
    assert (outcome(older), older.notes) == ((2, 0, 0, 2, 0), [
        "1 connection kept its newer company or position: this file looks older than a "
        "Connections export imported before"
    ])  # fmt: skip
    assert changes(con) == CHANGES_JUNE[:2]
    assert jobs(con) == [(1, "Globex", "VP Data", 2), (2, "Initech", "Research Lead", None)]


def test_a_new_job_in_a_later_file_is_still_recorded(con, january, june, tmp_path):
    for path in (january, june, january):
        import_contacts(con, path)
    later = connections_csv(
        tmp_path / "Connections_december.csv",
        f"Marta,Lindqvist,{MARTA},,Umbrella,Chief Data Officer,16 Dec 2024",
        *JUNE[1:],
    )
    report = import_contacts(con, later)
    assert (outcome(report), report.notes) == ((3, 0, 1, 2, 0), [])
    assert changes(con) == [*CHANGES_JUNE,
        (1, 4, "company", "Globex", "Umbrella"),
        (1, 4, "position", "VP Data", "Chief Data Officer"),
    ]  # fmt: skip
    assert jobs(con)[0] == (1, "Umbrella", "Chief Data Officer", 4)


def test_back_at_an_old_company_in_a_new_role_is_a_job_change(con, january, june, tmp_path):
    import_contacts(con, january)
    import_contacts(con, june)
    back = connections_csv(
        tmp_path / "back.csv", f"Marta,Lindqvist,{MARTA},,ACME Corporation,CTO,16 Dec 2024"
    )
    report = import_contacts(con, back)
    assert (outcome(report), report.notes) == ((1, 0, 1, 0, 0), [])
    assert changes(con)[3:] == [
        (1, 3, "company", "Globex", "ACME Corporation"),
        (1, 3, "position", "VP Data", "CTO"),
    ]


def test_a_newer_connection_makes_a_return_to_an_old_job_a_change(con, january, june, tmp_path):
    import_contacts(con, january)
    import_contacts(con, june)
    newer = connections_csv(
        tmp_path / "newer.csv", f"Yusuf,Demir,{YUSUF},,Initech,Data Engineer,02 Mar 2025", *JANUARY
    )
    report = import_contacts(con, newer)
    assert (outcome(report), report.notes) == ((4, 1, 2, 1, 0), [])
    assert changes(con)[3:] == [
        (1, 3, "company", "Globex", "Acme Corp."),
        (1, 3, "position", "VP Data", "Head of Data"),
        (3, 3, "position", "Director of Product", "Product Manager"),
    ]
    assert jobs(con)[0] == (1, "Acme Corp.", "Head of Data", 3)
