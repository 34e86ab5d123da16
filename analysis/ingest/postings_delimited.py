"""Reading CSV and TSV postings files as batches: Arrow's multi-threaded reader for UTF-8 text
(Python's csv module for rows longer than its blocks), pandas for text decoded whole."""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from analysis.errors import ImportFailed
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
    """UTF-8 files: Arrow's multi-threaded CSV reader, streamed in blocks (bounded memory); a
    row longer than Arrow's blocks (a value of several MB) sends the rest to Python's csv module.

    A file that ends inside a quoted field (truncated) fails after its last row: the import's
    transaction then stores none of it."""
    import pyarrow as pa

    truncated = ImportFailed(file_name, "the file ends inside a quoted field (is it truncated?)")
    header = _header(head, sep, escapechar, file_name)
    bad_rows: list[str] = []
    rows_done, too_long = 0, False
    try:
        for batch in _read_with_arrow(path, header, sep, escapechar, bad_rows, batch_rows,
                                      skip_lines):  # fmt: skip
            yield batch
            rows_done += len(batch.frame)
    except pa.ArrowInvalid as exc:
        if not quotes_balanced():
            raise truncated from exc
        if "straddl" not in str(exc):  # "straddling object straddles two block boundaries"
            raise ImportFailed(file_name, f"the CSV is malformed: {exc}") from exc
        too_long = True
    if too_long:
        bad_rows.clear()  # Python's reader checks every row again
        yield from _read_with_python(path, header, sep, escapechar, file_name, rows_done,
                                     bad_rows, batch_rows, skip_lines)  # fmt: skip
    if not quotes_balanced():
        raise truncated
    if bad_rows:
        # Rows of the wrong width have no reliable line number once values hold newlines.
        raise ImportFailed(
            file_name, f"{len(bad_rows)} rows do not match the header; first: {bad_rows[0]}"
        )


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
    path: Path, header: list[str], sep: str, escapechar: str | None, bad_rows: list[str],
    batch_rows: int, skip_lines: int = 0,
) -> Iterator[Batch]:  # fmt: skip
    names = [name for name in header if name.strip()]
    with contextlib.ExitStack() as stack:
        source: Path | BinaryIO = path
        if skip_lines:  # Arrow reads from after the title block
            source = stack.enter_context(open(path, "rb"))
            _skip(source, skip_lines)
        yield from _arrow_batches(source, names, sep, escapechar, bad_rows, batch_rows)


def _arrow_batches(
    source, names: list[str], sep: str, escapechar: str | None, bad_rows: list[str],
    batch_rows: int,
) -> Iterator[Batch]:  # fmt: skip
    import pyarrow as pa
    import pyarrow.csv as pcsv

    def on_bad_row(row) -> str:
        bad_rows.append(f"expected {row.expected_columns} columns, got {row.actual_columns}: "
                        f"{row.text[:60]!r}")  # fmt: skip
        return "skip"

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


def _read_with_python(
    path: Path, header: list[str], sep: str, escapechar: str | None, file_name: str,
    skip: int, bad_rows: list[str], batch_rows: int, skip_lines: int = 0,
) -> Iterator[Batch]:  # fmt: skip
    """The rows after the first `skip` (which Arrow's reader has already given)."""
    keep = [i for i, name in enumerate(header) if name.strip()]
    columns = [header[i] for i in keep]
    rows: list[list[str]] = []
    line = 2 + skip
    with open(path, encoding="utf-8-sig", newline="") as stream:
        _skip(stream, skip_lines)
        records = _records(stream, sep, escapechar)
        try:
            next(records, None)  # the header
            good = 0
            for _, fields in records:
                if len(fields) != len(header):
                    bad_rows.append(f"expected {len(header)} columns, got {len(fields)}: "
                                    f"{sep.join(fields)[:60]!r}")  # fmt: skip
                    continue
                good += 1
                if good <= skip:
                    continue
                rows.append([fields[i] for i in keep])
                if len(rows) == batch_rows:
                    yield Batch(line, pd.DataFrame(rows, columns=columns, dtype=object))
                    line, rows = line + len(rows), []
        except csv.Error as exc:
            raise ImportFailed(file_name, f"the CSV is malformed: {exc}") from exc
    if rows:
        yield Batch(line, pd.DataFrame(rows, columns=columns, dtype=object))


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
