"""Whatever bytes arrive, the importer either imports them or refuses them with ImportFailed,
and a refusal leaves the workspace exactly as it was."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import store
from analysis.errors import ImportFailed
from analysis.ingest.contacts import import_contacts
from tests.conftest import snapshot

SETTINGS = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
HEADERS = [
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    "First Name,Last Name,Email Address,Company,Position,Connected On",
    "First Name,Last Name,Email Address,Company,Position,Connected On,URL",
    "Name,Given Name,Family Name,Group Membership,E-mail 1 - Value,Organization 1 - Name",
    "First Name,Middle Name,Last Name,Labels,E-mail 1 - Value,Organization Name,Organization Title",
    "First Name,Last Name,E-mail Address,Company,Job Title,Categories",
    "Source,FirstName,LastName,Companies,Title,Emails,FullName",
]
CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from([
        "", " ", '"', '""', ",", "\n", "Ann", "Lee ", "Acme Corp.", "a@b.example", "A@B.EXAMPLE ",
        "16 Dec 2024", "1/8/18, 6:14 PM", "31 Feb 2020", "https://www.linkedin.com/in/Ann/",
        "linkedin.com/in/", "* myContacts ::: Work", "x ::: y@z.example", "🚀", "null",
    ]),
)  # fmt: skip
VCARD_LINES = st.sampled_from([
    "BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "VERSION:3.0", "VERSION:4.0", "FN:Ann Lee",
    "N:Lee;Ann;;;", "N:;;;;", "FN:", "ORG:Acme;Sales", "TITLE:Boss", "EMAIL:ann@lee.example",
    "EMAIL;PREF:", "TEL;CELL:+1 555", "URL:http\\://www.linkedin.com/in/annlee",
    "item1.URL:annlee", "item1.X-ABLabel:LinkedIn", "CATEGORIES:a,b", "NOTE:x\\ny",
    "NOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9=", "=0D=0A", " folded", "PHOTO;ENCODING=b:AAAA",
    "AGENT:", ":", ";", "FN;=x", "N;CHARSET=NOPE;ENCODING=QUOTED-PRINTABLE:=FF=FE;a", "",
])  # fmt: skip
names = itertools.count()


@st.composite
def csv_texts(draw) -> str:
    preamble = draw(st.lists(st.lists(CELL, max_size=3).map(",".join), max_size=4))
    header = draw(st.sampled_from(HEADERS))
    rows = draw(st.lists(
        st.lists(CELL, max_size=9).map(
            lambda cells: ",".join(f'"{c}"' if c and c[0] == "q" else c for c in cells)
        ),
        max_size=8,
    ))  # fmt: skip
    text = "\n".join([*preamble, header, *rows])
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]  # cut anywhere, even inside a quote
    return text


@st.composite
def vcard_texts(draw) -> str:
    cards = []
    for _ in range(draw(st.integers(1, 3))):
        lines = draw(st.lists(VCARD_LINES, max_size=12))
        ending = ["END:VCARD"] if draw(st.integers(0, 4)) else []  # mostly complete cards
        cards.append("\r\n".join(["BEGIN:VCARD", *lines, *ending]))
    return "\r\n".join(cards)


class Workspace:
    """One in-memory workspace shared by the examples, with its last known state."""

    def __init__(self) -> None:
        self.con = store.connect(":memory:")
        self.state = snapshot(self.con)


@pytest.fixture(scope="module")
def workspace():
    ws = Workspace()
    yield ws
    ws.con.close()


def check(workspace: Workspace, tmp_path, data: bytes) -> None:
    path = tmp_path / f"input-{next(names)}.csv"
    path.write_bytes(data)
    try:
        report = import_contacts(workspace.con, path)
    except ImportFailed as error:
        assert error.file == path.name
        assert snapshot(workspace.con) == workspace.state
    else:
        done = (
            report.rows_added + report.rows_updated + report.rows_duplicate + report.rows_rejected
        )
        assert done == report.rows_read
        workspace.state = snapshot(workspace.con)


@SETTINGS
@given(data=st.binary(max_size=600))
def test_random_bytes(workspace, tmp_path, data):
    check(workspace, tmp_path, data)


@SETTINGS
@given(text=st.text(max_size=300))
def test_random_text(workspace, tmp_path, text):
    check(workspace, tmp_path, text.encode("utf-8"))


@SETTINGS
@given(text=csv_texts(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_random_csv(workspace, tmp_path, text, encoding):
    check(workspace, tmp_path, text.encode(encoding, errors="replace"))


@SETTINGS
@given(text=vcard_texts())
def test_random_vcards(workspace, tmp_path, text):
    check(workspace, tmp_path, text.encode("utf-8"))
