"""Text decoding: a file mixing UTF-8 and cp1252 lines keeps every line's own encoding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import store
from analysis.errors import ImportFailed
from analysis.ingest.common import decode_bytes
from analysis.ingest.contacts import import_contacts
from analysis.ingest.postings import import_postings

UTF8_ROWS = "Zoë,Müller,Société Générale\nJosé,Núñez,Acme\n"
LATIN1_ROW = "Renée,Dubois,Café Ltd\n"


@pytest.fixture
def con():
    connection = store.connect(":memory:")
    yield connection
    connection.close()


def test_one_latin1_line_leaves_the_utf8_lines_alone():
    data = UTF8_ROWS.encode("utf-8") + LATIN1_ROW.encode("latin-1")
    assert decode_bytes(data, "x.csv") == UTF8_ROWS + LATIN1_ROW


def test_cp1252_line_between_utf8_lines_with_crlf():
    data = "Zoë\r\n".encode() + "“Café” – 5 €\r\n".encode("cp1252") + "Müller\r\n".encode()
    assert decode_bytes(data, "x.csv") == "Zoë\r\n“Café” – 5 €\r\nMüller\r\n"


def test_a_line_with_one_bad_byte_is_read_as_cp1252_entire():
    # The unit is the line: its valid UTF-8 pair (c3 a9) is cp1252 text there too.
    assert decode_bytes("Zoë\n".encode() + b"Caf\xc3\xa9 \xe9t\xe9\n", "x") == "Zoë\nCafÃ© été\n"


def test_bytes_cp1252_leaves_undefined_are_latin1():
    data = "Zoë\n".encode() + b"\x81\x8d\x8f\x90\x9d \x80\n"
    assert decode_bytes(data, "x") == "Zoë\n\x81\x8d\x8f\x90\x9d €\n"


def test_pure_cp1252_file_decodes_as_before():
    text = "title,company\nIngénieure,Société Générale\n“Analyst” – 5 €,Müller & Söhne\n"
    assert decode_bytes(text.encode("cp1252"), "x.csv") == text


def test_pure_cp1252_file_with_an_undefined_byte():
    assert decode_bytes(b"caf\xe9 \x80\n\x81\n", "x") == "café €\n\x81\n"


def test_utf8_bom_file_is_unchanged():
    assert decode_bytes(b"\xef\xbb\xbf" + UTF8_ROWS.encode(), "x.csv") == UTF8_ROWS


def test_utf8_bom_file_with_one_latin1_line():
    data = b"\xef\xbb\xbfName\nZo\xc3\xab M\xc3\xbcller\nJos\xe9\n"
    assert decode_bytes(data, "x.csv") == "Name\nZoë Müller\nJosé\n"


def test_utf16_and_plain_utf8_are_unchanged():
    assert decode_bytes(UTF8_ROWS.encode("utf-16"), "x.csv") == UTF8_ROWS
    assert decode_bytes(UTF8_ROWS.encode("utf-8"), "x.csv") == UTF8_ROWS


@pytest.mark.parametrize(
    "data, message",
    [(b" \n ", "Cannot import x.csv: the file is empty"),
     (b"\x89PNG\x00\x00" + bytes(range(40)),
      "Cannot import x.csv: this is a binary file, not text (is it the right file?)")],
)  # fmt: skip
def test_empty_and_binary_are_still_refused(data, message):
    with pytest.raises(ImportFailed) as caught:
        decode_bytes(data, "x.csv")
    assert str(caught.value) == message


lines = st.lists(
    st.tuples(st.text(st.characters(codec="cp1252", exclude_categories=["Cc"]), max_size=12),
              st.sampled_from(["utf-8", "cp1252"])),
    min_size=1, max_size=10,
)  # fmt: skip


@given(lines)
def test_each_line_decodes_as_it_was_written(rows):
    """A line is its UTF-8 reading when it has one, else the cp1252 text that was written."""
    written = [f"{text}\n".encode(encoding) for text, encoding in rows]
    if not b"".join(written).strip():
        return  # refused as empty, tested above
    expected = [
        _utf8_or_none(line) or f"{text}\n" for line, (text, _) in zip(written, rows, strict=True)
    ]
    assert decode_bytes(b"".join(written), "x") == "".join(expected)


def _utf8_or_none(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def test_linkedin_connections_with_one_latin1_row(con, tmp_path):
    path = tmp_path / "Connections.csv"
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    utf8 = ("Zoë,Müller,https://www.linkedin.com/in/zoe,,Société Générale,Ingénieure,04 Jul 2023\n"
            "José,Núñez,https://www.linkedin.com/in/jose,,Acme,CTO,12 Dec 2022\n")  # fmt: skip
    latin1 = "Renée,Dubois,https://www.linkedin.com/in/renee,,Café Ltd,Owner,01 Jan 2024\n"
    path.write_bytes((header + utf8).encode() + latin1.encode("latin-1"))
    import_contacts(con, path)
    assert con.execute("SELECT full_name, company FROM contacts ORDER BY contact_id").fetchall() == [
        ("Zoë Müller", "Société Générale"), ("José Núñez", "Acme"), ("Renée Dubois", "Café Ltd"),
    ]  # fmt: skip


def test_vcard_file_with_one_latin1_card(con, tmp_path):
    path = tmp_path / "cards.vcf"
    utf8 = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Müller;Zoë;;;\r\nFN:Zoë Müller\r\n"
            "ORG:Société Générale\r\nEND:VCARD\r\n")  # fmt: skip
    latin1 = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Dubois;Renée\r\nFN:Renée Dubois\r\nEND:VCARD\r\n"
    path.write_bytes(utf8.encode() + latin1.encode("latin-1"))
    import_contacts(con, path)
    assert con.execute("SELECT full_name, company FROM contacts ORDER BY contact_id").fetchall() == [
        ("Zoë Müller", "Société Générale"), ("Renée Dubois", None),
    ]  # fmt: skip


def test_postings_csv_with_one_cp1252_row(con, tmp_path):
    path = tmp_path / "postings.csv"
    utf8 = "title,company,description\nData Engineer,Müller GmbH,Zürich pipelines\n"
    path.write_bytes(utf8.encode() + "Analyst,Café Ltd,“Reports”\n".encode("cp1252"))
    import_postings(con, path)
    assert con.execute("SELECT title, company, description FROM postings ORDER BY title").fetchall() == [
        ("Analyst", "Café Ltd", "“Reports”"), ("Data Engineer", "Müller GmbH", "Zürich pipelines"),
    ]  # fmt: skip
