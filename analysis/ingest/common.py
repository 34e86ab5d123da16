"""What every importer shares: decoding files, the import transaction and its record.

Usage::

    with import_session(con, "contacts", path, file_format="vcard") as session:
        ...insert rows, calling session.reject(line, column, reason) for bad ones...
        session.rows_read += n; session.rows_added += k

On any exception the transaction is rolled back, so nothing from the file is stored.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import io
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import duckdb

from analysis.errors import ImportFailed
from analysis.store import Connection, transaction

T = TypeVar("T")
Progress = Callable[[int, int | None], None]
"""Called as progress(units_done, units_total_or_None) while a long import runs."""


# Only the first ROW_CONTENT_LIMIT rejections of an import carry their row's content: a file of
# a million rows that are all rejected (every date in a format we cannot read) would otherwise
# hold a copy of the whole file in memory. Rows are kept whole, never cut short, so a row
# fixed in the download and imported again has lost none of its text.
ROW_CONTENT_LIMIT = 1_000


@dataclass(frozen=True)
class Rejection:
    line: int | None
    column: str | None
    reason: str
    # The rejected row as read: column name -> its text, in the file's column order, for the
    # user to fix and import again. None for a problem of the whole file, and for rejections
    # past ROW_CONTENT_LIMIT. Not hashed: a dict cannot be.
    row: dict[str, str] | None = field(default=None, hash=False)


@dataclass
class ImportReport:
    """The outcome of one file's import, as stored in `imports`."""

    import_id: int
    kind: str
    file_name: str
    file_format: str | None = None
    rows_read: int = 0
    rows_added: int = 0
    rows_updated: int = 0
    rows_duplicate: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        return len(self.rejections)

    def reject(
        self, line: int | None, column: str | None, reason: str, row: dict[str, str] | None = None
    ) -> None:
        if len(self.rejections) >= ROW_CONTENT_LIMIT:
            row = None
        self.rejections.append(Rejection(line, column, reason, row))

    def summary(self) -> str:
        text = (
            f"{self.file_name} ({self.file_format or self.kind}): {self.rows_read} read, "
            f"{self.rows_added} added, {self.rows_updated} updated, "
            f"{self.rows_duplicate} duplicates, {self.rows_rejected} rejected"
        )
        return text


def limit_row_content(rejections: list[Rejection], earlier: int = 0) -> list[Rejection]:
    """`rejections`, following `earlier` others of the same import, without the content of
    those past the first ROW_CONTENT_LIMIT of the import."""
    keep = max(ROW_CONTENT_LIMIT - earlier, 0)
    if len(rejections) <= keep:
        return rejections
    return rejections[:keep] + [
        r if r.row is None else replace(r, row=None) for r in rejections[keep:]
    ]


def rejected_rows_frame(rejections: list[Rejection]):
    """The rejected rows to download: line, column and reason, then each row's own columns (in
    the order the file has them) as read, so the file can be fixed and imported again. Columns
    of the file named like the first three are kept as they are; those three are renamed."""
    import pandas as pd

    columns: dict[str, None] = {}  # the rows' columns, in order of appearance
    for r in rejections:
        columns.update(dict.fromkeys(r.row or ()))
    names = []
    for name in ("line", "column", "reason"):
        while name in columns or name in names:
            name = f"rejected {name}"
        names.append(name)
    return pd.DataFrame(
        [[r.line, r.column, r.reason, *((r.row or {}).get(c, "") for c in columns)]
         for r in rejections],
        columns=[*names, *columns],
    )  # fmt: skip


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class FileScan:
    sha256: str
    quotes: int  # '"' characters in the file: an odd count means it ends inside a quoted field


def scan_file(path: Path) -> Callable[[], FileScan]:
    """Start reading `path` once for its sha256 and quote count in a background thread (hashing
    releases the GIL, so this overlaps the import); the returned function waits for the result."""
    result: list[FileScan | BaseException] = []

    def scan() -> None:
        try:
            digest, quotes = hashlib.sha256(), 0
            with open(path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 23), b""):
                    digest.update(chunk)
                    quotes += chunk.count(b'"')
            result.append(FileScan(digest.hexdigest(), quotes))
        except BaseException as exc:  # re-raised by the waiting caller
            result.append(exc)

    worker = threading.Thread(target=scan, name="waypoint-scan", daemon=True)
    worker.start()

    def wait() -> FileScan:
        worker.join()
        if isinstance(result[0], BaseException):
            raise result[0]
        return result[0]

    return wait


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# cp1252 with latin-1 for the five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90,
# 0x9D), so decoding a line with it cannot fail.
_CP1252_TABLE = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))


def looks_binary(sample: bytes) -> bool:
    """NUL bytes or many control characters: an image or archive renamed to .csv."""
    if not sample:
        return False
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text has NULs by design
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control / len(sample) > 0.05


def decode_bytes(data: bytes, file_name: str) -> str:
    """Decode text: UTF-8 with a BOM, UTF-16 with a BOM, else UTF-8 line by line with cp1252
    for the lines that are not UTF-8.

    Raises ImportFailed for empty or binary input.
    """
    if not data.strip():
        raise ImportFailed(file_name, "the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # UTF-8 said so; a Latin-1 line pasted in is decoded as below
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFailed(file_name, f"invalid UTF-16 text at byte {exc.start}") from exc
    if looks_binary(data[:8192]):
        raise ImportFailed(file_name, "this is a binary file, not text (is it the right file?)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _no_utf8_characters(data):  # cp1252 throughout: as line by line, 8 times faster
        return codecs.charmap_decode(data, "strict", _CP1252_TABLE)[0]
    return "".join(map(_decode_line, data.splitlines(keepends=True)))


def _no_utf8_characters(data: bytes) -> bool:
    """No byte sequence in `data` is a multi-byte UTF-8 character, so no line is UTF-8 text
    beyond ASCII. (surrogateescape keeps each undecodable byte as a lone surrogate; encoding
    back to ASCII fails exactly on the characters UTF-8 did decode.)"""
    try:
        data.decode("utf-8", "surrogateescape").encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return False
    return True


def _decode_line(line: bytes) -> str:
    """One line as UTF-8, else cp1252: files concatenated from a UTF-8 and a Windows export
    mix both, and one Latin-1 line must not garble the UTF-8 names of every other line."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return codecs.charmap_decode(line, "strict", _CP1252_TABLE)[0]


def read_text(path: Path, file_name: str | None = None) -> str:
    return decode_bytes(Path(path).read_bytes(), file_name or Path(path).name)


@contextlib.contextmanager
def import_session(
    con: Connection,
    kind: str,
    file_name: str,
    sha256: str | Callable[[], str],
    file_format: str | None = None,
) -> Iterator[ImportReport]:
    """One transaction around a whole import, with its `imports` and rejection records.

    Any exception rolls everything back (and, inside an outer store.transaction, the outer
    work too). DuckDB errors are wrapped in ImportFailed so the user sees a message. `sha256`
    may be a function that is called at the end (the file is then hashed while it imports).
    """
    try:
        with transaction(con):
            import_id = int(con.execute("SELECT nextval('import_id_seq')").fetchone()[0])
            report = ImportReport(import_id, kind, file_name, file_format)
            con.execute(
                "INSERT INTO imports (import_id, kind, file_name, sha256, file_format, started_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [import_id, kind, file_name, sha256 if isinstance(sha256, str) else "",
                 file_format, datetime.now()],
            )  # fmt: skip
            yield report
            con.execute(
                "UPDATE imports SET sha256 = ?, file_format = ?, rows_read = ?, rows_added = ?, "
                "rows_updated = ?, rows_duplicate = ?, rows_rejected = ?, notes = ?, "
                "finished_at = ? WHERE import_id = ?",
                [
                    sha256 if isinstance(sha256, str) else sha256(),
                    report.file_format, report.rows_read, report.rows_added, report.rows_updated,
                    report.rows_duplicate, report.rows_rejected,
                    "\n".join(report.notes) or None, datetime.now(), import_id,
                ],
            )  # fmt: skip
            if report.rejections:
                con.executemany(
                    "INSERT INTO import_rejections VALUES (?, ?, ?, ?)",
                    [[import_id, r.line, r.column, r.reason] for r in report.rejections],
                )
    except duckdb.Error as exc:
        raise ImportFailed(file_name, f"the database refused the data: {exc}") from exc


def rejections_frame(con: Connection, import_id: int):
    """Rejected rows of one import. Columns: line, column_name, reason."""
    return con.execute(
        "SELECT line, column_name, reason FROM import_rejections WHERE import_id = ? ORDER BY line",
        [import_id],
    ).df()


Record = tuple[int, dict[str, str]]  # (1-based line of the record's start, header -> value)


def csv_records(text: str, file_name: str) -> tuple[list[str], list[Record]]:
    """Header (stripped, as written) and records keyed by lower-case header name.

    Blank rows are skipped; short rows get '' for missing trailing columns and extra trailing
    fields are ignored. Line numbers count physical lines, so multi-line quoted fields are fine.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    keys: list[str] = []
    records: list[Record] = []
    previous_end = 0
    try:
        for row in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip().lstrip("\ufeff").strip() for cell in row]
                keys = [cell.casefold() for cell in header]
                continue
            values = {k: (row[i] if i < len(row) else "") for i, k in enumerate(keys) if k}
            records.append((start, values))
    except csv.Error as exc:
        raise ImportFailed(file_name, f"malformed CSV ({exc})", line=reader.line_num) from exc
    if header is None:
        raise ImportFailed(file_name, "the file has no header row")
    _check_quotes_closed(text, file_name, records)
    return header, records


def _check_quotes_closed(text: str, file_name: str, records: list[Record]) -> None:
    """A file cut short inside a quoted field reads, leniently, as one last record holding the
    rest of the file: refused instead, naming where that record starts. Only an odd number of
    quote characters can mean that, and only then is the file read again, strictly."""
    if text.count('"') % 2 == 0:
        return
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            line = records[-1][0] if records else None
            raise ImportFailed(
                file_name, "the file ends inside a quoted field (was it cut short?)", line=line
            ) from exc


def clean(value: object) -> str:
    """Collapse runs of whitespace and trim."""
    return " ".join(str(value).split()) if value is not None else ""


@dataclass(frozen=True)
class _Failed:
    error: BaseException


_DONE = object()


def prefetched(items: Iterator[T], depth: int = 2) -> Iterator[T]:
    """`items`, produced in a background thread up to `depth` ahead of the consumer.

    Reading and normalising the next batch then overlaps storing this one (DuckDB, Arrow and
    hashing release the GIL, so both cores work). Memory stays bounded by `depth` batches. An
    exception in the producer is raised in the consumer; if the consumer stops early, the
    producer stops at its next item.
    """
    slots: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                slots.put(item)
            slots.put(_DONE)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            slots.put(_Failed(exc))

    worker = threading.Thread(target=produce, name="waypoint-prefetch", daemon=True)
    worker.start()
    try:
        while (item := slots.get()) is not _DONE:
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        while worker.is_alive():  # let a producer blocked on a full queue finish
            with contextlib.suppress(queue.Empty):
                slots.get(timeout=0.05)
        worker.join()
