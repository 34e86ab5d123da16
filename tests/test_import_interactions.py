"""LinkedIn messages.csv and Invitations.csv -> interactions on known contacts."""

from __future__ import annotations

from datetime import datetime

import pytest

from analysis import store
from analysis.ingest.interactions import import_invitations, import_messages, url_key

CONTACTS = [
    ("Priya Raman", "https://www.linkedin.com/in/priya-raman-0a1b2c"),
    ("Tom O'Neill", "linkedin.com/in/tom-oneill-77"),
    ("Lee Chen", "https://www.linkedin.com/in/Lee-Chen-1/"),
    ("Sam Patel", None),
    ("Alex Kim", None),
    ("Alex Kim", None),  # two contacts share this name: it matches neither
]
PRIYA, TOM, LEE, SAM = 1, 2, 3, 4


@pytest.fixture
def con():
    connection = store.connect(":memory:")
    for full_name, url in CONTACTS:
        connection.execute(
            "INSERT INTO contacts (contact_id, full_name, profile_url, source) "
            "VALUES (nextval('contact_id_seq'), ?, ?, 'linkedin')",
            [full_name, url],
        )
    yield connection
    connection.close()


@pytest.fixture
def messages(fixtures_dir):
    return fixtures_dir / "interactions" / "messages.csv"


@pytest.fixture
def invitations(fixtures_dir):
    return fixtures_dir / "interactions" / "Invitations.csv"


def counts(report):
    return (report.rows_read, report.rows_added, report.rows_updated, report.rows_duplicate,
            report.rows_rejected)  # fmt: skip


def stored(con, source):
    return con.execute(
        "SELECT contact_id, occurred_at, channel, direction, note FROM interactions "
        "WHERE source = ? ORDER BY occurred_at, contact_id",
        [source],
    ).fetchall()


LONG_NOTE = (
    "Dear Dana, thank you for a wonderful year of working together on the analytics roadmap. "
    "I wanted to write a longer note than usual because the team has grown so much and so much "
    "of that is down to you"
)


def test_messages(con, messages):
    report = import_messages(con, messages)
    assert (report.kind, report.file_format) == ("interactions", "linkedin-messages")
    # 12 messages: 7 stored (the group message on 2 contacts), 1 repeated row, 2 rejected,
    # 3 with people who are not contacts (LinkedIn Member, a stranger, an ambiguous name).
    assert counts(report) == (12, 7, 0, 1, 2)
    assert [(r.line, r.column, r.reason) for r in report.rejections] == [
        (11, "FROM", "no sender or recipient (a LinkedIn system message)"),
        (14, "DATE", "not a date and time: 'yesterday'"),
    ]
    assert report.notes == [
        "3 messages with people who are not among your connections were not stored "
        "(InMail, group messages, recruiters)"
    ]
    group_note = 'Next book: "Thinking in Systems". Same time, same place?'
    assert stored(con, "linkedin-messages") == [
        (LEE, datetime(2022, 12, 24, 20, 0), "linkedin", "inbound", LONG_NOTE),
        (SAM, datetime(2023, 5, 2, 17, 30), "linkedin", "inbound",
         "Congratulations on the new role, Dana!"),
        (SAM, datetime(2023, 5, 3, 9, 15), "linkedin", "outbound", None),  # short row
        (TOM, datetime(2023, 6, 1, 8, 0), "linkedin", "outbound", group_note),  # by URL
        (LEE, datetime(2023, 6, 1, 8, 0), "linkedin", "outbound", group_note),  # by name
        (PRIYA, datetime(2023, 7, 10, 12, 52, 37), "linkedin", "inbound", "Catching up"),
        (PRIYA, datetime(2023, 7, 10, 14, 5), "linkedin", "outbound", "Yes! Tuesday works."),
    ]  # fmt: skip
    assert len(LONG_NOTE) == 200


def test_messages_reimport_adds_nothing(con, messages):
    import_messages(con, messages)
    before = store.table_counts(con)
    report = import_messages(con, messages)
    assert counts(report) == (12, 0, 0, 8, 2)
    assert store.table_counts(con) == {**before, "imports": before["imports"] + 1}


def test_messages_user_is_the_profile_name_when_present(con, messages, tmp_path):
    # Sam writes most here, but the profile says the export is Dana's.
    text = messages.read_text(encoding="utf-8")
    extra = "".join(
        f"2-eHh4,,Sam Patel,,Lee Chen,,2023-01-0{i} 10:00:00 UTC,,hello,INBOX\n"
        for i in range(1, 8)
    )
    path = tmp_path / "messages.csv"
    path.write_text(text + extra, encoding="utf-8")
    con.execute(
        "INSERT INTO profile VALUES ('first_name', 'Dana', NULL), ('last_name', 'Whitfield', NULL)"
    )
    report = import_messages(con, path)
    assert report.rows_added == 14  # the 7 extra rows: inbound from Sam
    assert con.execute(
        "SELECT DISTINCT contact_id, direction FROM interactions WHERE note = 'hello'"
    ).fetchall() == [(SAM, "inbound")]


@pytest.mark.parametrize(
    "fixture, importer, read, unmatched",
    [("messages", import_messages, 12, "10 messages"),
     ("invitations", import_invitations, 6, "4 invitations")],
)  # fmt: skip
def test_without_contacts_nothing_is_stored_and_the_note_says_why(
    request, fixture, importer, read, unmatched
):
    con = store.connect(":memory:")
    report = importer(con, request.getfixturevalue(fixture))
    assert counts(report) == (read, 0, 0, 0, 2)
    assert report.notes == [
        f"{unmatched} with people who are not in your contacts were not stored "
        "(import Connections.csv first to keep them)"
    ]
    assert store.table_counts(con)["interactions"] == 0


def test_messages_header_needs_from_to_and_date_only(con, tmp_path):
    path = tmp_path / "messages.csv"
    path.write_text(
        "From,To,Date,Content\nPriya Raman,Dana Whitfield,2023-07-10 12:52:37 UTC,Hello\n"
        "Dana Whitfield,Priya Raman,2023-07-11 08:00:00 UTC,Hi\n"
        "Dana Whitfield,Priya Raman,2023-07-12 08:00:00 UTC,Again\n"
        "Lee Chen,Dana Whitfield,2023-07-13 08:00:00 UTC,Me too\n",
        encoding="utf-8",
    )
    report = import_messages(con, path)
    assert counts(report) == (4, 4, 0, 0, 0)
    assert [r[::3] for r in stored(con, "linkedin-messages")] == [
        (PRIYA, "inbound"), (PRIYA, "outbound"), (PRIYA, "outbound"), (LEE, "inbound"),
    ]  # fmt: skip


def test_invitations(con, invitations):
    report = import_invitations(con, invitations)
    assert (report.kind, report.file_format) == ("interactions", "linkedin-invitations")
    assert counts(report) == (6, 3, 0, 0, 2)
    assert [(r.line, r.column, r.reason) for r in report.rejections] == [
        (6, "Sent At", "not a date and time: 'not a date'"),
        (7, "Direction", "direction must be OUTGOING or INCOMING, not 'SIDEWAYS'"),
    ]
    assert report.notes == [
        "1 invitations with people who are not among your connections were not stored "
        "(invitations not accepted, or people you are no longer connected with)"
    ]
    assert stored(con, "linkedin-invitations") == [
        (TOM, datetime(2022, 12, 30, 19, 45), "linkedin", "inbound",
         "connection invitation (received)"),
        (LEE, datetime(2023, 1, 9, 11, 2), "linkedin", "inbound",
         "Dana, great talk at the meetup - let's stay in touch."),
        (PRIYA, datetime(2023, 6, 17, 6, 18), "linkedin", "outbound",
         "connection invitation (sent)"),
    ]  # fmt: skip


def test_invitations_reimport_adds_nothing(con, invitations):
    import_invitations(con, invitations)
    report = import_invitations(con, invitations)
    assert counts(report) == (6, 0, 0, 3, 2)
    assert store.table_counts(con)["interactions"] == 3


def test_invitations_match_profile_urls_when_given(con, tmp_path):
    path = tmp_path / "Invitations.csv"
    path.write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        '"Dana W.",P. Raman,"6/17/2023, 6:18 AM",Hi!,OUTGOING,,'
        "https://www.linkedin.com/in/priya-raman-0a1b2c/\n",
        encoding="utf-8",
    )
    report = import_invitations(con, path)
    assert counts(report) == (1, 1, 0, 0, 0)
    assert stored(con, "linkedin-invitations") == [
        (PRIYA, datetime(2023, 6, 17, 6, 18), "linkedin", "outbound", "Hi!")
    ]


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.linkedin.com/in/Jane-Doe/", "linkedin.com/in/jane-doe"),
        ("http://uk.linkedin.com/in/jane-doe?trk=x", "linkedin.com/in/jane-doe"),
        ("www.linkedin.com/in/jane-doe", "linkedin.com/in/jane-doe"),
        ("  ", ""),
    ],
)
def test_url_key(url, key):
    assert url_key(url) == key


def test_reimport_after_contacts_merge_or_gain_a_url_adds_nothing(con, messages):
    import_messages(con, messages)
    # Priya's record is merged into a newer one (her interactions move with her) and Sam's
    # record gains a profile URL: the same messages still count as stored.
    con.execute(
        "INSERT INTO contacts (contact_id, full_name, profile_url, source) VALUES "
        "(nextval('contact_id_seq'), 'Priya Raman', "
        "'https://www.linkedin.com/in/priya-raman-0a1b2c', 'google')"
    )
    con.execute("UPDATE interactions SET contact_id = 7 WHERE contact_id = ?", [PRIYA])
    con.execute("DELETE FROM contacts WHERE contact_id = ?", [PRIYA])
    con.execute(
        "UPDATE contacts SET profile_url = 'https://www.linkedin.com/in/sam' WHERE contact_id = ?",
        [SAM],
    )
    report = import_messages(con, messages)
    assert (report.rows_added, report.rows_duplicate) == (0, 8)


def test_a_messages_file_cut_short_inside_a_quoted_field_is_refused(con, tmp_path):
    from analysis.errors import ImportFailed

    path = tmp_path / "messages.csv"
    path.write_text(
        "From,To,Date,Content\nPriya Raman,Dana Whitfield,2023-07-10 12:52:37 UTC,Hello\n"
        'Dana Whitfield,Priya Raman,2023-07-11 08:00:00 UTC,"Hi Priya,\nsee you on\n',
        encoding="utf-8",
    )
    before = store.table_counts(con)
    with pytest.raises(ImportFailed) as failure:
        import_messages(con, path)
    assert str(failure.value) == (
        "Cannot import messages.csv, line 3: the file ends inside a quoted field "
        "(was it cut short?)"
    )
    assert store.table_counts(con) == before
    # quotes doubled inside a quoted field, or stray in an unquoted one, are no cut
    path.write_text(
        'From,To,Date,Content\nPriya Raman,Dana Whitfield,2023-07-10 12:52:37 UTC,"a ""b"""\n'
        'Dana Whitfield,Priya Raman,2023-07-11 12:52:37 UTC,5" screen\n'
        "Lee Chen,Dana Whitfield,2023-07-13 08:00:00 UTC,Me too\n",
        encoding="utf-8",
    )
    assert counts(import_messages(con, path)) == (3, 3, 0, 0, 0)
