"""Reading postings files of every supported format as a stream of DataFrame batches.

Each reader yields Batch(first_line, DataFrame of strings, sheet) so rejections can name rows.
Rows are numbered by position (CSV: 2 + row index); `physical_lines` turns those numbers into
the lines the rows start on, which differ once a value holds a newline or a line is blank.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.errors import ImportFailed
from analysis.ingest.common import decode_bytes, looks_binary

BATCH_ROWS = 20_000
ARROW_BLOCK_BYTES = 1 << 22  # a row across two block boundaries goes to Python's reader
TEXT_SUFFIXES = {".txt", ".md", ".text"}
# Keys that name a nested object, e.g. {"name": "Acme", "size": 5} is the company "Acme".
NAME_KEYS = ("name", "display_name", "title")


class Batch(NamedTuple):
    """Rows of a file, numbered from `first_line` by position (see physical_lines)."""

    first_line: int
    frame: pd.DataFrame
    sheet: str | None = None  # the sheet of a workbook with several; None for one table


def _is_workbook(path: Path) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _looks_tab_separated(head: bytes) -> bool:
    """Two first lines with the same number (two or more) of tabs: a table, not prose."""
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    lines = [ln for ln in head.decode(encoding, errors="ignore").splitlines() if ln.strip()]
    return (
        len(lines) >= 2
        and lines[0].count("\t") >= 2
        and lines[1].count("\t") == lines[0].count("\t")
    )


def detect_format(path: Path, head: bytes) -> str:
    """csv | tsv | json | jsonl | parquet | xlsx | text, from the suffix, checked against content."""
    suffix = path.suffix.lower()
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        if suffix in (".xlsx", ".xlsm") or _is_workbook(path):  # "jobs.csv" saved by Excel
            return "xlsx"
        raise ImportFailed(path.name, "this is a ZIP archive, not a postings file (a LinkedIn "
                                      "data export is imported as linkedin-archive)")  # fmt: skip
    if suffix in (".parquet", ".xlsx", ".xlsm"):
        raise ImportFailed(path.name, f"the file is not a valid {suffix[1:]} file")
    if looks_binary(head):
        raise ImportFailed(path.name, "this is a binary file, not text (is it the right file?)")
    if suffix in TEXT_SUFFIXES:
        # Excel's "Unicode Text" save is a tab-separated table (UTF-16) named .txt
        return "tsv" if _looks_tab_separated(head) else "text"
    if suffix == ".jsonl" or suffix == ".ndjson":
        return "jsonl"
    if suffix == ".json":
        return "json"
    if suffix == ".tsv":
        return "tsv"
    stripped = head.lstrip(b"\xef\xbb\xbf \r\n\t")
    if stripped.startswith(b"[") or stripped.startswith(b"{"):
        first_line = stripped.split(b"\n", 1)[0].strip()
        return "jsonl" if first_line.endswith(b"}") and b"\n" in stripped.strip() else "json"
    return "csv"


def read_batches(
    path: Path, fmt: str, file_name: str, quotes_balanced: Callable[[], bool] | None = None
) -> Iterator[Batch]:
    """Batches of the file's rows. `quotes_balanced` tells whether the file has an even number
    of quote characters (default: count them when needed); it is asked after the last row."""
    if fmt in ("csv", "tsv"):
        yield from _read_delimited(path, fmt, file_name, quotes_balanced)
    elif fmt == "jsonl":
        yield from _read_jsonl(path, file_name)
    elif fmt == "json":
        yield from _read_json(path, file_name)
    elif fmt == "parquet":
        yield from _read_parquet(path, file_name)
    elif fmt == "xlsx":
        yield from _read_excel(path, file_name)
    else:  # pragma: no cover - guarded by detect_format
        raise ImportFailed(file_name, f"unsupported format {fmt}")


def _text_stream(path: Path, file_name: str) -> io.TextIOBase:
    """A text stream with the right encoding; UTF-8 is streamed, others decoded whole."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return io.StringIO(decode_bytes(path.read_bytes(), file_name))
    # Streamed only when the whole file is UTF-8: one Latin-1 line past the first megabyte
    # failed the import ("invalid UTF8 data") where decode_bytes reads it (about 1 s a GB).
    if not _is_utf8(path):
        return io.StringIO(decode_bytes(path.read_bytes(), file_name))
    return open(path, encoding="utf-8-sig", errors="strict", newline="")


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 23), b""):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _dialect(stream: io.TextIOBase, fmt: str, file_name: str) -> tuple[str, str, str | None]:
    """(head of the text, delimiter, escape character) of a delimited file."""
    head = stream.read(65536)
    stream.seek(0)
    if not head.strip():
        raise ImportFailed(file_name, "the file is empty")
    sep = "\t" if fmt == "tsv" else _sniff_delimiter(head)
    # python-jobspy writes with QUOTE_NONNUMERIC and escapechar="\\": a quoted header
    # says so, and then backslashes are escapes to undo.
    escapechar = "\\" if head.lstrip().startswith('"') else None
    return head, sep, escapechar


def _read_delimited(
    path: Path, fmt: str, file_name: str, quotes_balanced: Callable[[], bool] | None
) -> Iterator[Batch]:
    stream = _text_stream(path, file_name)
    try:
        head, sep, escapechar = _dialect(stream, fmt, file_name)
        if isinstance(stream, io.StringIO):  # re-encoded text: small files, pandas is fine
            _header(head, sep, escapechar, file_name)  # refused as the UTF-8 path refuses it
            yield from _read_with_pandas(stream, sep, escapechar, file_name)
        else:
            stream.close()
            balanced = quotes_balanced or (lambda: _quotes_balanced(path))
            yield from _read_utf8(path, head, sep, escapechar, file_name, balanced)
    except UnicodeDecodeError as exc:
        raise ImportFailed(file_name, f"the text is not valid UTF-8 (byte {exc.start})") from exc
    finally:
        stream.close()


def _read_with_pandas(stream, sep: str, escapechar: str | None, file_name: str) -> Iterator[Batch]:
    try:
        reader = pd.read_csv(
            stream, sep=sep, dtype=str, keep_default_na=False, na_values=[],
            chunksize=BATCH_ROWS, escapechar=escapechar, engine="c", skip_blank_lines=True,
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
    quotes_balanced: Callable[[], bool],
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
        for batch in _read_with_arrow(path, header, sep, escapechar, bad_rows):
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
        yield from _read_with_python(path, header, sep, escapechar, file_name, rows_done, bad_rows)
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
    path: Path, header: list[str], sep: str, escapechar: str | None, bad_rows: list[str]
) -> Iterator[Batch]:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    def on_bad_row(row) -> str:
        bad_rows.append(f"expected {row.expected_columns} columns, got {row.actual_columns}: "
                        f"{row.text[:60]!r}")  # fmt: skip
        return "skip"

    names = [name for name in header if name.strip()]
    reader = pcsv.open_csv(
        path,
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
    for table in _gathered(reader, BATCH_ROWS):
        yield Batch(line, table.to_pandas())
        line += table.num_rows


def _read_with_python(
    path: Path, header: list[str], sep: str, escapechar: str | None, file_name: str,
    skip: int, bad_rows: list[str],
) -> Iterator[Batch]:  # fmt: skip
    """The rows after the first `skip` (which Arrow's reader has already given)."""
    keep = [i for i, name in enumerate(header) if name.strip()]
    columns = [header[i] for i in keep]
    rows: list[list[str]] = []
    line = 2 + skip
    with open(path, encoding="utf-8-sig", newline="") as stream:
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
                if len(rows) == BATCH_ROWS:
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


def _sniff_delimiter(head: str) -> str:
    first = head.splitlines()[0] if head.splitlines() else ""
    counts = {d: first.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _parser_message(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[-1] if str(exc).strip() else "cannot parse"
    if "EOF inside string" in text or "EOF" in text:
        return "the file ends inside a quoted field (is it truncated?) " + text
    return "the CSV is malformed: " + text


def _read_jsonl(path: Path, file_name: str) -> Iterator[Batch]:
    stream = _text_stream(path, file_name)
    rows: list[dict] = []
    number = 0
    first = 1  # by position, as for CSV: blank lines are skipped (see physical_lines)
    try:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise ImportFailed(file_name, f"invalid JSON: {exc.msg}", line=number) from exc
            if not isinstance(obj, dict):
                raise ImportFailed(file_name, "each line must be a JSON object", line=number)
            rows.append(obj)
            if len(rows) >= BATCH_ROWS:
                yield Batch(first, _frame(rows))
                first, rows = first + len(rows), []
        if rows:
            yield Batch(first, _frame(rows))
    except UnicodeDecodeError as exc:
        raise ImportFailed(file_name, "the text is not valid UTF-8", line=number + 1) from exc
    finally:
        stream.close()


def _read_json(path: Path, file_name: str) -> Iterator[Batch]:
    text = decode_bytes(path.read_bytes(), file_name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(file_name, f"invalid JSON: {exc.msg}", line=exc.lineno) from exc
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if not lists:
            raise ImportFailed(file_name, "the JSON object holds no list of postings")
        data = max(lists, key=len)
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise ImportFailed(file_name, "expected a JSON array of objects (one per posting)")
    for start in range(0, len(data), BATCH_ROWS):
        yield Batch(start + 1, _frame(data[start : start + BATCH_ROWS]))


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows)
    return frame.map(_as_text).astype(object) if len(frame) else frame


def _as_text(value: object) -> object:
    """A cell as text: '' when missing (None, NaN, NaT), lists joined by ', ', a nested object
    by its name. An object without one stays as it is, for the importer to reject its row if
    it reads that column (`unnamed_objects`): its Python text is no company name."""
    if isinstance(value, dict):
        key = next((k for k in NAME_KEYS if k in value), None)
        return value if key is None else _as_text(value[key])
    if isinstance(value, (list, tuple, np.ndarray)):  # Parquet lists arrive as numpy arrays
        parts = [_as_text(item) for item in value]
        if not all(isinstance(part, str) for part in parts):
            return value
        return ", ".join(part for part in parts if part)
    if value is None or pd.isna(value):  # Parquet's null dates are NaT, null numbers NaN
        return ""
    return str(value)


def unnamed_objects(frame: pd.DataFrame, columns: Iterable[str]) -> dict[int, str]:
    """Row position → the first of `columns` whose cell holds an object `_as_text` could not
    name (cells of text columns are all strings)."""
    found: dict[int, str] = {}
    for column in columns:
        values = frame[column]
        if values.dtype == object:
            for i, value in enumerate(values.tolist()):
                if not isinstance(value, str):
                    found.setdefault(i, column)
    return found


def _read_parquet(path: Path, file_name: str) -> Iterator[Batch]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        line = 1
        for record_batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            frame = record_batch.to_pandas()
            frame = frame.map(_as_text).astype(object)
            yield Batch(line, frame)
            line += len(frame)
    except ImportFailed:
        raise
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise ImportFailed(file_name, f"cannot read the Parquet file: {exc}") from exc


def _read_excel(path: Path, file_name: str) -> Iterator[Batch]:
    """Every sheet in turn. In a workbook of several, each sheet's batches carry its name, and
    an empty sheet still gives one (empty) batch so the importer can say it skipped it."""
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
        sheets = book.sheet_names
    except Exception as exc:  # openpyxl raises several types for corrupt files
        raise ImportFailed(file_name, f"cannot read the Excel workbook: {exc}") from exc
    with book:
        for sheet in sheets:
            try:
                frame = pd.read_excel(book, sheet_name=sheet, dtype=str, keep_default_na=False)
            except Exception as exc:
                raise ImportFailed(file_name, f"cannot read the Excel workbook: {exc}") from exc
            frame = frame.map(_as_text).astype(object)
            name = sheet if len(sheets) > 1 else None
            if name is not None and not len(frame):
                yield Batch(2, frame, name)
            for start in range(0, len(frame), BATCH_ROWS):
                yield Batch(start + 2, frame.iloc[start : start + BATCH_ROWS], name)


def physical_lines(path: Path, fmt: str, file_name: str, lines: Iterable[int]) -> dict[int, int]:
    """Line numbers as the readers give them → the line each of those rows starts on.

    Readers number rows by position (2 + row index for CSV, 1 + row index for JSON Lines): a
    value holding newlines, or a blank line, moves the rows after it down, and only reading the
    file again can tell by how much. That is done for the rows asked for (rejected ones) only.
    """
    wanted = set(lines)
    if fmt not in ("csv", "tsv", "jsonl") or not wanted:
        return {line: line for line in wanted}
    found: dict[int, int] = {}
    first = 1 if fmt == "jsonl" else 2
    with contextlib.closing(_text_stream(path, file_name)) as stream:
        starts = enumerate(_row_starts(stream, fmt, file_name), start=first)
        # The file was read once already; should this pass disagree, positions are kept.
        with contextlib.suppress(csv.Error, UnicodeDecodeError):
            for position, start in starts:
                if position in wanted:
                    found[position] = start
                    if len(found) == len(wanted):
                        break
    return {line: found.get(line, line) for line in wanted}


def _row_starts(stream: io.TextIOBase, fmt: str, file_name: str) -> Iterator[int]:
    """The line each row of a delimited or JSON Lines file starts on, in order."""
    if fmt == "jsonl":
        yield from (number for number, raw in enumerate(stream, start=1) if raw.strip())
        return
    _, sep, escapechar = _dialect(stream, fmt, file_name)
    pandas_read = isinstance(stream, io.StringIO)
    if pandas_read:  # split lines as pandas does: at "\r" too
        stream = io.StringIO(stream.getvalue(), newline="")
    records = _records(stream, sep, escapechar)
    next(records, None)  # the header
    for start, fields in records:
        # pandas also skips lines of blanks; Arrow reads them (as rows of the wrong width).
        if not (pandas_read and len(fields) == 1 and not fields[0].strip()):
            yield start
