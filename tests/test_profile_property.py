"""Any bytes given to the profile and messages importers: success, or ImportFailed with nothing
stored. Never another exception, never a partial write."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import store
from analysis.errors import ImportFailed
from analysis.ingest.interactions import import_invitations, import_messages
from analysis.ingest.profile import import_profile
from tests.conftest import FIXTURES

HEADERS = [
    "Name",
    "Company Name,Title,Description,Location,Started On,Finished On",
    "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,"
    "Geo Location,Twitter Handles,Websites,Instant Messengers",
    "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,Endorser Public Url,"
    "Endorsement Status",
    "Locations,Job Titles,Dream Companies",
    "skill,proficiency,last_used,years,wants_to_grow",
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,"
    "SUBJECT,CONTENT,FOLDER",
    "From,To,Sent At,Message,Direction,inviterProfileUrn,inviteeProfileUrn",
]
# Cells that reach the value parsers: dates in every format, numbers, names, quotes.
CELLS = st.one_of(
    st.sampled_from([
        "", "Mar 2023", "2019", "2019-02-30", "13/2019", "2023-07-10 12:52:37 UTC", "6/17/23, 6:18 AM",
        "2021/08/11 11:00:31 UTC", "4", "0", "6", "-1", "1e400", "nan", "yes", "maybe", "OUTGOING",
        "INCOMING", "Dana Whitfield", "Priya Raman", "https://www.linkedin.com/in/priya-raman-0a1b2c",
        "Apr 23, 1968", "[redacted]", "ACCEPTED", '"quoted, with comma"', '"multi\nline"', '"',
    ]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
)  # fmt: skip
CSV_TEXT = st.builds(
    lambda header, rows: header + "\n" + "\n".join(",".join(r) for r in rows),
    st.sampled_from(HEADERS),
    st.lists(st.lists(CELLS, max_size=11), max_size=6),
)
YAML_TEXT = st.builds(
    lambda skill, key, value: f"skills:\n  - skill: {skill}\n    {key}: {value}\n",
    st.sampled_from(["Python", "", "'x'", "[a]", "{b: 1}"]),
    st.sampled_from(["proficiency", "last_used", "years", "wants_to_grow", "name", "other"]),
    st.sampled_from(
        ["4", "9", "2019", "2019-02-30", "yes", "maybe", "[1, 2]", "{a: b}", "-3", "~"]
    ),
)
IMPORTERS = {
    "profile": import_profile,
    "messages": import_messages,
    "invitations": import_invitations,
}


@pytest.fixture(scope="module")
def con():
    """One workspace for all examples (hypothesis reruns the test body, not the fixture)."""
    connection = store.connect(":memory:")
    import_profile(connection, FIXTURES / "profile" / "Positions.csv")
    connection.execute(
        "INSERT INTO contacts (contact_id, full_name, profile_url, source) VALUES "
        "(nextval('contact_id_seq'), 'Priya Raman', "
        "'https://www.linkedin.com/in/priya-raman-0a1b2c', 'linkedin')"
    )
    yield connection
    connection.close()


def fingerprint(con) -> list[tuple]:
    """Row count and order-free hash of every row of every table: snapshot(), but faster."""
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
    ).fetchall()]  # fmt: skip
    sql = " UNION ALL ".join(
        f"SELECT '{t}', count(*), sum(hash(row_)) FROM \"{t}\" row_" for t in tables
    )
    return con.execute(sql).fetchall()


def check(con, importer_name: str, data: bytes, suffix: str = ".csv") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        before = fingerprint(con)
        try:
            report = IMPORTERS[importer_name](con, path)
        except ImportFailed:
            assert fingerprint(con) == before
            return
        assert min(report.rows_added, report.rows_duplicate, report.rows_updated) >= 0
        stored = con.execute(
            "SELECT rows_read, rows_rejected FROM imports WHERE import_id = ?", [report.import_id]
        ).fetchone()
        assert stored == (report.rows_read, report.rows_rejected)


SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(data=st.binary(max_size=300), importer=st.sampled_from(sorted(IMPORTERS)))
def test_random_bytes(con, data, importer):
    check(con, importer, data)


@SETTINGS
@given(
    text=CSV_TEXT,
    importer=st.sampled_from(sorted(IMPORTERS)),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]),
)
def test_csv_like_text(con, text, importer, encoding):
    check(con, importer, text.encode(encoding, errors="replace"))


@SETTINGS
@given(text=YAML_TEXT)
def test_yaml_profiles(con, text):
    check(con, "profile", text.encode("utf-8"), suffix=".yaml")
