"""Reading postings files of every supported format as a stream of DataFrame batches.

Each reader yields (first_line_number, DataFrame of strings) so rejections can name rows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from analysis.errors import ImportFailed
from analysis.ingest.common import decode_bytes, looks_binary

BATCH_ROWS = 20_000
TEXT_SUFFIXES = {".txt", ".md", ".text"}

Batch = tuple[int, pd.DataFrame]


def detect_format(path: Path, head: bytes) -> str:
    """csv | tsv | json | jsonl | parquet | xlsx | text, from the suffix, checked against content."""
    suffix = path.suffix.lower()
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        if suffix in (".xlsx", ".xlsm"):
            return "xlsx"
        raise ImportFailed(path.name, "this is a ZIP archive; import it as a LinkedIn archive")
    if suffix in (".parquet", ".xlsx", ".xlsm"):
        raise ImportFailed(path.name, f"the file is not a valid {suffix[1:]} file")
    if looks_binary(head):
        raise ImportFailed(path.name, "this is a binary file, not text (is it the right file?)")
    if suffix in TEXT_SUFFIXES:
        return "text"
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
    # Check a sample decodes as UTF-8; otherwise fall back to a whole-file decode.
    with open(path, "rb") as fh:
        sample = fh.read(1 << 20)
        whole = not fh.read(1)
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if whole or exc.start < len(sample) - 4:  # a real error, not a cut multi-byte char
            return io.StringIO(decode_bytes(path.read_bytes(), file_name))
    return open(path, encoding="utf-8-sig", errors="strict", newline="")


def _read_delimited(
    path: Path, fmt: str, file_name: str, quotes_balanced: Callable[[], bool] | None
) -> Iterator[Batch]:
    stream = _text_stream(path, file_name)
    try:
        head = stream.read(65536)
        stream.seek(0)
        if not head.strip():
            raise ImportFailed(file_name, "the file is empty")
        sep = "\t" if fmt == "tsv" else _sniff_delimiter(head)
        # python-jobspy writes with QUOTE_NONNUMERIC and escapechar="\\": a quoted header
        # says so, and then backslashes are escapes to undo.
        escapechar = "\\" if head.lstrip().startswith('"') else None
        if isinstance(stream, io.StringIO):  # re-encoded text: small files, pandas is fine
            yield from _read_with_pandas(stream, sep, escapechar, file_name)
        else:
            stream.close()
            balanced = quotes_balanced or (lambda: _quotes_balanced(path))
            yield from _read_with_arrow(path, head, sep, escapechar, file_name, balanced)
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
            yield line, chunk
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


def _read_with_arrow(
    path: Path, head: str, sep: str, escapechar: str | None, file_name: str,
    quotes_balanced: Callable[[], bool],
) -> Iterator[Batch]:  # fmt: skip
    """UTF-8 files: Arrow's multi-threaded CSV reader, streamed in blocks (bounded memory).

    A file that ends inside a quoted field (truncated) fails after its last row: the import's
    transaction then stores none of it."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    truncated = ImportFailed(file_name, "the file ends inside a quoted field (is it truncated?)")
    try:
        # newline=None: a lone "\r" ends a line, as it does for Arrow's reader.
        rows = csv.reader(io.StringIO(head, newline=None), delimiter=sep, escapechar=escapechar)
        header = next(rows, [])
    except csv.Error as exc:
        raise ImportFailed(file_name, f"the header line is malformed: {exc}", line=1) from exc
    if len(set(header)) != len(header):
        raise ImportFailed(file_name, "the header repeats a column name: " + ", ".join(header))
    bad_rows: list[str] = []

    def on_bad_row(row) -> str:
        bad_rows.append(f"expected {row.expected_columns} columns, got {row.actual_columns}: "
                        f"{row.text[:60]!r}")  # fmt: skip
        return "skip"

    try:
        reader = pcsv.open_csv(
            path,
            read_options=pcsv.ReadOptions(block_size=1 << 22, use_threads=True),
            parse_options=pcsv.ParseOptions(
                delimiter=sep, escape_char=escapechar or False, newlines_in_values=True,
                invalid_row_handler=on_bad_row,
            ),
            convert_options=pcsv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                strings_can_be_null=False, quoted_strings_can_be_null=False,
            ),
        )  # fmt: skip
        line = 2
        for table in _gathered(reader, BATCH_ROWS):
            yield line, table.to_pandas()
            line += table.num_rows
    except pa.ArrowInvalid as exc:
        if not quotes_balanced():
            raise truncated from exc
        raise ImportFailed(file_name, f"the CSV is malformed: {exc}") from exc
    if not quotes_balanced():
        raise truncated
    if bad_rows:
        # Rows of the wrong width have no reliable line number once values hold newlines.
        raise ImportFailed(
            file_name, f"{len(bad_rows)} rows do not match the header; first: {bad_rows[0]}"
        )


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
    first = 1
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
                yield first, _frame(rows)
                first, rows = number + 1, []
        if rows:
            yield first, _frame(rows)
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
        yield start + 1, _frame(data[start : start + BATCH_ROWS])


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows)
    return frame.map(_as_text).astype(object) if len(frame) else frame


def _as_text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def _read_parquet(path: Path, file_name: str) -> Iterator[Batch]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        line = 1
        for record_batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            frame = record_batch.to_pandas()
            frame = frame.map(_as_text).astype(object)
            yield line, frame
            line += len(frame)
    except ImportFailed:
        raise
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise ImportFailed(file_name, f"cannot read the Parquet file: {exc}") from exc


def _read_excel(path: Path, file_name: str) -> Iterator[Batch]:
    try:
        frame = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as exc:  # openpyxl raises several types for corrupt files
        raise ImportFailed(file_name, f"cannot read the Excel workbook: {exc}") from exc
    frame = frame.map(_as_text).astype(object)
    for start in range(0, len(frame), BATCH_ROWS):
        yield start + 2, frame.iloc[start : start + BATCH_ROWS]
