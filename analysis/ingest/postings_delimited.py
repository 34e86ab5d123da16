"""Reading CSV and TSV postings files as batches: Arrow's multi-threaded reader for UTF-8 text
(Python's csv module for rows longer than its blocks, and for the rest of a file from a row of
the wrong width, which it names by line), pandas for text decoded whole."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from analysis.errors import ImportFailed
from analysis.ingest.common import ROW_CONTENT_LIMIT, Rejection
from analysis.ingest.postings_batch import Batch, text_stream

ARROW_BLOCK_BYTES = 1 << 22  # a row across two block boundaries goes to Python's reader


def _skip(stream, lines: int) -> None:
    """Read past the first `lines` lines of a text or binary stream."""
    for _ in range(lines):
        stream.readline()


def _dialect(stream: io.TextIOBase, fmt: str, file_name: str) -> tuple[str, str, str | None]:
    """(head of the text from where the stream stands, delimiter, escape character) of a
    delimited file; the stream is left where it stood."""
    where = stream.tell()
    head = stream.read(65536)
    stream.seek(where)
    if not head.strip():
        raise ImportFailed(file_name, "the file is empty")
    sep = "\t" if fmt == "tsv" else sniff_delimiter(head)
    # python-jobspy writes with QUOTE_NONNUMERIC and escapechar="\\": a quoted header
    # says so, and then backslashes are escapes to undo.
    escapechar = "\\" if head.lstrip().startswith('"') else None
    return head, sep, escapechar


def read_delimited(
    path: Path, fmt: str, file_name: str, quotes_balanced: Callable[[], bool] | None,
    batch_rows: int, skip_lines: int = 0,
) -> Iterator[Batch]:  # fmt: skip
    """Batches of `batch_rows` rows of a CSV or TSV file (see read_batches), whose header is
    on line 1 + `skip_lines` (a title block above it)."""
    stream = text_stream(path, file_name)
    try:
        _skip(stream, skip_lines)
        head, sep, escapechar = _dialect(stream, fmt, file_name)
        if isinstance(stream, io.StringIO):  # re-encoded text: small files, pandas is fine
            _header(head, sep, escapechar, file_name)  # refused as the UTF-8 path refuses it
            yield from _read_with_pandas(stream, sep, escapechar, file_name, batch_rows)
        else:
            stream.close()
            balanced = quotes_balanced or (lambda: _quotes_balanced(path))
            yield from _read_utf8(path, head, sep, escapechar, file_name, balanced, batch_rows,
                                  skip_lines)  # fmt: skip
    except UnicodeDecodeError as exc:
        raise ImportFailed(file_name, f"the text is not valid UTF-8 (byte {exc.start})") from exc
    finally:
        stream.close()


def _read_with_pandas(
    stream, sep: str, escapechar: str | None, file_name: str, batch_rows: int
) -> Iterator[Batch]:
    try:
        reader = pd.read_csv(
            stream, sep=sep, dtype=str, keep_default_na=False, na_values=[],
            chunksize=batch_rows, escapechar=escapechar, engine="c", skip_blank_lines=True,
        )  # fmt: skip
        line = 2
        for chunk in reader:
            yield Batch(line, chunk)
            line += len(chunk)
    except pd.errors.ParserError as exc:
        raise ImportFailed(file_name, _parser_message(exc)) from exc
    except pd.errors.EmptyDataError as exc:
        raise ImportFailed(file_name, "the file is empty") from exc


def _quotes_balanced(path: Path) -> bool:
    """An odd number of quote characters means the file ends inside a quoted field."""
    count = 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 23), b""):
            count += chunk.count(b'"')
    return count % 2 == 0


def _records(stream, sep: str, escapechar: str | None) -> Iterator[tuple[int, list[str]]]:
    """(line the record starts on, its fields) for every record but blank lines, by Python's
    csv module: slower than Arrow's reader, but it holds a field of any size."""
    # The default limit (128 KiB a field) refuses descriptions Arrow reads. The limit is
    # process-wide, and other importers refuse a huge field by it: raised while reading only.
    previous = csv.field_size_limit(2**31 - 1)
    try:
        reader = csv.reader(stream, delimiter=sep, escapechar=escapechar)
        end = 0
        for fields in reader:
            start, end = end + 1, reader.line_num
            if fields:
                yield start, fields
    finally:
        csv.field_size_limit(previous)


def _read_utf8(
    path: Path, head: str, sep: str, escapechar: str | None, file_name: str,
    quotes_balanced: Callable[[], bool], batch_rows: int, skip_lines: int = 0,
) -> Iterator[Batch]:  # fmt: skip
    """UTF-8 files: Arrow's multi-threaded CSV reader, streamed in blocks (bounded memory). A
    row longer than Arrow's blocks (a value of several MB), or a row of the wrong width (which
    Arrow cannot name by line once values hold newlines), sends the rest of the file to
    Python's csv module; it refuses the rows of the wrong width by line (Batch.refused).

    A file that ends inside a quoted field (truncated) fails after its last row: the import's
    transaction then stores none of it."""
    import pyarrow as pa

    def truncated() -> ImportFailed:
        return _truncated(path, sep, escapechar, file_name, skip_lines)

    header = _header(head, sep, escapechar, file_name)
    wrong_width: list[int] = []  # Arrow met a row of the wrong width (it stopped there)
    rows_done, by_python = 0, False
    try:
        for batch in _read_with_arrow(path, header, sep, escapechar, wrong_width, batch_rows,
                                      skip_lines):  # fmt: skip
            yield batch
            rows_done += len(batch.frame)
    except pa.ArrowInvalid as exc:
        if not quotes_balanced():
            raise truncated() from exc
        # "straddling object straddles two block boundaries": a row longer than a block
        if not wrong_width and "straddl" not in str(exc):
            raise ImportFailed(file_name, f"the CSV is malformed: {exc}") from exc
        by_python = True
    if by_python:
        yield from _read_with_python(path, header, sep, escapechar, file_name, rows_done,
                                     batch_rows, skip_lines)  # fmt: skip
    if not quotes_balanced():
        raise truncated()


def _truncated(
    path: Path, sep: str, escapechar: str | None, file_name: str, skip_lines: int
) -> ImportFailed:
    """The error for a file that ends inside a quoted field, naming the line it opens on."""
    line = _open_quote_line(path, sep, escapechar, skip_lines)
    if line is None:
        return ImportFailed(file_name, "the file ends inside a quoted field (is it truncated?)")
    return ImportFailed(file_name, "the file ends inside a quoted field that starts on this line "
                                   "and is never closed (is it truncated?)", line=line)  # fmt: skip


def _open_quote_line(path: Path, sep: str, escapechar: str | None, skip_lines: int) -> int | None:
    """The line the quoted field left open opens on, by Python's csv module (strict): the file
    ends inside it, or its "closing" quote is another field's opening one, followed by text.
    None when the file reads well that way. Read again: for the error only, never on import."""
    previous = csv.field_size_limit(2**31 - 1)
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            _skip(stream, skip_lines)
            reader = csv.reader(stream, delimiter=sep, escapechar=escapechar, strict=True)
            end = 0  # the line the last whole record ends on
            try:
                for _ in reader:
                    end = reader.line_num
            except csv.Error as exc:
                at_end, last = "unexpected end of data" in str(exc), reader.line_num
            else:
                return None
        # The record in error starts on line end + 1.
        with open(path, encoding="utf-8-sig", newline="") as stream:
            _skip(stream, skip_lines + end)
            if at_end:  # its last field is the open one
                fields = next(csv.reader(stream, delimiter=sep, escapechar=escapechar), [])
                return skip_lines + end + 1 + sum(_line_breaks(f) for f in fields[:-1])
            text = "".join(stream.readline() for _ in range(last - end))
    finally:
        csv.field_size_limit(previous)
    opened = _badly_closed_quote(text, sep, escapechar)
    return None if opened is None else skip_lines + end + 1 + _line_breaks(text[:opened])


def _line_breaks(text: str) -> int:
    return len(re.findall(r"\r\n|\r|\n", text))


def _badly_closed_quote(text: str, sep: str, escapechar: str | None) -> int | None:
    """Where in `text` (one record's lines) the quoted field opens whose closing quote is
    followed by neither a delimiter nor a line's end; None if no field is so."""
    special = re.compile('"' if escapechar is None else f'["{re.escape(escapechar)}]')
    pos, at_start = 0, True
    while pos < len(text):
        char = text[pos]
        if at_start and char == '"':
            opened, pos = pos, pos + 1
            while True:  # to the quote that closes the field
                found = special.search(text, pos)
                if found is None:
                    return opened
                pos = found.end()
                if found.group() != '"' or text[pos : pos + 1] == '"':
                    pos += 1  # an escaped character, or a doubled quote
                    continue
                if text[pos : pos + 1] not in ("", sep, "\r", "\n"):
                    return opened
                break
            at_start = False
            continue
        at_start = char in (sep, "\r", "\n")
        pos += 2 if char == escapechar else 1
    return None


def _header(head: str, sep: str, escapechar: str | None, file_name: str) -> list[str]:
    """The header's names as written; empty names (Excel saves trailing empty columns) are
    kept in place, and their columns are not read."""
    try:
        # newline=None: a lone "\r" ends a line, as it does for Arrow's reader.
        rows = csv.reader(io.StringIO(head, newline=None), delimiter=sep, escapechar=escapechar)
        header = next(rows, [])
    except csv.Error as exc:
        raise ImportFailed(file_name, f"the header line is malformed: {exc}", line=1) from exc
    names = [name for name in header if name.strip()]
    if len(set(names)) != len(names):
        raise ImportFailed(file_name, "the header repeats a column name: " + ", ".join(names))
    return header


def _read_with_arrow(
    path: Path, header: list[str], sep: str, escapechar: str | None, wrong_width: list[int],
    batch_rows: int, skip_lines: int = 0,
) -> Iterator[Batch]:  # fmt: skip
    names = [name for name in header if name.strip()]
    with contextlib.ExitStack() as stack:
        source: Path | BinaryIO = path
        if skip_lines:  # Arrow reads from after the title block
            source = stack.enter_context(open(path, "rb"))
            _skip(source, skip_lines)
        yield from _arrow_batches(source, names, sep, escapechar, wrong_width, batch_rows)


def _arrow_batches(
    source, names: list[str], sep: str, escapechar: str | None, wrong_width: list[int],
    batch_rows: int,
) -> Iterator[Batch]:  # fmt: skip
    """Arrow's batches; at a row of the wrong width, its count goes to `wrong_width` and the
    reading stops (ArrowInvalid) before giving any row at or after it."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    def on_bad_row(row) -> str:
        wrong_width.append(row.actual_columns)
        return "error"

    reader = pcsv.open_csv(
        source,
        read_options=pcsv.ReadOptions(block_size=ARROW_BLOCK_BYTES, use_threads=True),
        parse_options=pcsv.ParseOptions(
            delimiter=sep, escape_char=escapechar or False, newlines_in_values=True,
            invalid_row_handler=on_bad_row,
        ),
        convert_options=pcsv.ConvertOptions(
            include_columns=names or None, column_types={name: pa.string() for name in names},
            strings_can_be_null=False, quoted_strings_can_be_null=False,
        ),
    )  # fmt: skip
    line = 2
    for table in _gathered(reader, batch_rows):
        yield Batch(line, table.to_pandas())
        line += table.num_rows


# A file whose rows are mostly of the wrong width (at least this many) is refused, not imported
# as rejections: its delimiter or header was misread.
_MOSTLY_WRONG = 10


def _read_with_python(
    path: Path, header: list[str], sep: str, escapechar: str | None, file_name: str,
    skip: int, batch_rows: int, skip_lines: int = 0,
) -> Iterator[Batch]:  # fmt: skip
    """The rows after the first `skip` (which Arrow's reader has already given: rows of the
    right width, as it stops at the first of the wrong width). A row of the wrong width is
    refused (Batch.refused) and holds its place in the batch with empty values."""
    keep = [i for i, name in enumerate(header) if name.strip()]
    columns = [header[i] for i in keep]
    empty = [""] * len(columns)
    rows: list[list[str]] = []
    refused: list[Rejection] = []
    wrong, first_wrong = 0, None  # rows of the wrong width, and the first of them
    line = 2 + skip
    with open(path, encoding="utf-8-sig", newline="") as stream:
        _skip(stream, skip_lines)
        records = _records(stream, sep, escapechar)
        try:
            next(records, None)  # the header
            for index, (_, fields) in enumerate(records):
                if index < skip:
                    continue
                if len(fields) == len(header):
                    rows.append([fields[i] for i in keep])
                else:
                    reason = f"expected {len(header)} columns, got {len(fields)}"
                    with_row = len(refused) < ROW_CONTENT_LIMIT  # memory: kept for so many
                    row = _wrong_width_row(header, fields) if with_row else None
                    refused.append(Rejection(line + len(rows), None, reason, row))
                    rows.append(empty)
                    wrong += 1
                    first_wrong = first_wrong or refused[-1]
                    if wrong >= _MOSTLY_WRONG and wrong * 2 > index - skip + 1:
                        raise ImportFailed(
                            file_name,
                            f"most rows do not have the header's {len(header)} columns (first: "
                            f"line {first_wrong.line}, {first_wrong.reason}): is the file "
                            "separated by another character, or is its header not on line 1?",
                        )
                if len(rows) == batch_rows:
                    frame = pd.DataFrame(rows, columns=columns, dtype=object)
                    yield Batch(line, frame, None, tuple(refused))
                    line, rows, refused = line + len(rows), [], []
        except csv.Error as exc:
            raise ImportFailed(file_name, f"the CSV is malformed: {exc}") from exc
    if rows:
        yield Batch(line, pd.DataFrame(rows, columns=columns, dtype=object), None, tuple(refused))


def _wrong_width_row(header: list[str], fields: list[str]) -> dict[str, str]:
    """A row of the wrong width by the header's names, as far as it reaches: a field past the
    header (or under an empty name) by its position, "(field 5)", and '' for the fields a short
    row lacks, so the download keeps every column of the file."""
    row = {}
    for i, value in enumerate(fields):
        name = header[i] if i < len(header) and header[i].strip() else f"(field {i + 1})"
        row[name] = value
    for name in header[len(fields) :]:
        if name.strip():
            row[name] = ""
    return row


def _gathered(record_batches, rows: int):
    """Arrow record batches (one per CSV block, ~1,500 postings) regrouped into tables of
    `rows` rows: fewer, larger batches cost less per row downstream."""
    import pyarrow as pa

    pending, count = [], 0
    for record_batch in record_batches:
        pending.append(record_batch)
        count += record_batch.num_rows
        while count >= rows:
            table = pa.Table.from_batches(pending)
            yield table.slice(0, rows)
            rest = table.slice(rows)
            pending, count = rest.to_batches(), rest.num_rows
    if count:
        yield pa.Table.from_batches(pending)


def sniff_delimiter(head: str) -> str:
    """The delimiter of the header, the first line of `head`."""
    first = head.splitlines()[0] if head.splitlines() else ""
    counts = {d: first.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _parser_message(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[-1] if str(exc).strip() else "cannot parse"
    if "EOF inside string" in text or "EOF" in text:
        return "the file ends inside a quoted field (is it truncated?) " + text
    return "the CSV is malformed: " + text


def delimited_row_starts(
    stream: io.TextIOBase, fmt: str, file_name: str, skip_lines: int = 0
) -> Iterator[int]:
    """The line each row of a delimited file starts on, in order (see physical_lines)."""
    _skip(stream, skip_lines)
    _, sep, escapechar = _dialect(stream, fmt, file_name)
    pandas_read = isinstance(stream, io.StringIO)
    if pandas_read:  # split lines as pandas does: at "\r" too
        stream = io.StringIO(stream.read(), newline="")
    records = _records(stream, sep, escapechar)
    next(records, None)  # the header
    for start, fields in records:
        # pandas also skips lines of blanks; Arrow reads them (as rows of the wrong width).
        if not (pandas_read and len(fields) == 1 and not fields[0].strip()):
            yield start + skip_lines
