"""Files that are not contacts files: an exact message, and a workspace left exactly as it was."""

from __future__ import annotations

import io
import zipfile

import pytest

from analysis import store
from analysis.errors import ImportFailed
from analysis.ingest.contacts import import_contacts
from tests.conftest import FIXTURES, snapshot

UNCLOSED = (
    "a quoted value is never closed: the file ends inside it "
    "(was it cut off while copying or downloading?)"
)
NO_COLUMNS = (
    "no contact columns found: expected a LinkedIn Connections.csv (First Name, Last Name, ... "
    "Connected On), a Google or Outlook contacts CSV, or a vCard (.vcf) file"
)
ZIP = (
    "this is a ZIP archive (or an Excel workbook), not a contacts file: unzip it and import "
    "Connections.csv, or save the sheet as CSV"
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A workspace on disk that already holds contacts, sources and an import; shared by the
    tests here, since each refused file must leave it exactly as it was."""
    con = store.connect(tmp_path_factory.mktemp("bad-input") / "workspace.duckdb")
    import_contacts(con, FIXTURES / "contacts" / "linkedin_connections_2024.csv")
    yield con
    con.close()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Connections.csv", "First Name,Last Name,Company\nA,B,C\n")
    return buffer.getvalue()


# (fixture name or (file name, bytes)), expected message, line, column
CASES = [
    ("empty.csv", "Cannot import empty.csv: the file is empty", None, None),
    ("binary.csv",
     "Cannot import binary.csv: this is a binary file, not text (is it the right file?)", None, None),
    ("no_columns.csv", f"Cannot import no_columns.csv, line 1: {NO_COLUMNS}", 1, None),
    ("truncated.csv", f"Cannot import truncated.csv, line 3, column 'Company': {UNCLOSED}", 3, "Company"),
    (("blank.csv", b" \r\n\t\n"), "Cannot import blank.csv: the file is empty", None, None),
    (("Connections.csv", zip_bytes()), f"Cannot import Connections.csv: {ZIP}", None, None),
    (("book.csv", b"PK\x03\x04\x14\x00\x06\x00"), f"Cannot import book.csv: {ZIP}", None, None),
    (("data.json", b'[{"name": "Ann", "email": "ann@example.com"}]'),
     f"Cannot import data.json, line 1: {NO_COLUMNS}", 1, None),
    (("late.csv", b'Notes:\n"a note that never ends\nFirst Name,Last Name,Company\nA,B,C\n'),
     f"Cannot import late.csv, line 2: {UNCLOSED}", 2, None),
    (("deep.csv", b"\n".join([b"x,y"] * 40 + [b"First Name,Last Name,Company,Connected On"])),
     f"Cannot import deep.csv, line 1: {NO_COLUMNS}", 1, None),
    (("huge.csv", b'First Name,Last Name,Company\nA,"' + b"x" * 140_000 + b'",C\n'),
     "Cannot import huge.csv, line 2: a value is longer than 131,072 characters: not a contacts file",
     2, None),
    (("odd.csv", b"\xff\xfeA\x00B"), "Cannot import odd.csv: invalid UTF-16 text at byte 4", None, None),
    (("broken.vcf", b"BEGIN:VCARD\nVERSION:3.0\nFN;=x\nEND:VCARD\n"),
     "Cannot import broken.vcf, line 1: no readable vCard in the file: "
     "card 1 could not be read: Failed to parse line: FN;=x", 1, None),
    (("cut.vcf", b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Example\r\n"),
     "Cannot import cut.vcf, line 1: no readable vCard in the file: "
     "card 1 has no END:VCARD (is the file cut off?)", 1, None),
]  # fmt: skip


@pytest.mark.parametrize(("source", "message", "line", "column"), CASES)
def test_bad_input_is_refused_and_changes_nothing(
    workspace, fixtures_dir, tmp_path, source, message, line, column
):
    if isinstance(source, str):
        path = fixtures_dir / "contacts" / source
    else:
        path = tmp_path / source[0]
        path.write_bytes(source[1])
    before = snapshot(workspace)
    with pytest.raises(ImportFailed) as error:
        import_contacts(workspace, path)
    assert str(error.value) == message
    assert (error.value.line, error.value.column) == (line, column)
    assert snapshot(workspace) == before


def test_missing_file(workspace, tmp_path):
    before = snapshot(workspace)
    with pytest.raises(ImportFailed) as error:
        import_contacts(workspace, tmp_path / "nope.csv")
    assert (
        str(error.value)
        == "Cannot import nope.csv: cannot read the file: No such file or directory"
    )
    with pytest.raises(ImportFailed) as error:
        import_contacts(workspace, tmp_path, file_name="a folder")
    assert str(error.value) == "Cannot import a folder: cannot read the file: Is a directory"
    assert snapshot(workspace) == before


def test_failure_inside_an_outer_transaction_rolls_back_everything(workspace, fixtures_dir):
    assert workspace.execute("SELECT count(*) FROM contacts").fetchone() == (5,)
    from analysis.store import transaction

    before = snapshot(workspace)
    with pytest.raises(ImportFailed):
        with transaction(workspace):
            import_contacts(workspace, fixtures_dir / "contacts" / "google_current.csv")
            import_contacts(workspace, fixtures_dir / "contacts" / "truncated.csv")
    assert snapshot(workspace) == before
