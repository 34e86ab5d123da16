"""Job postings: any tabular export (CSV, TSV, JSON, JSON Lines, Parquet, Excel) or one pasted
job description, mapped to the `postings` table by column-name synonyms or an explicit mapping.

A file is read in batches (postings_formats), its columns mapped (postings_columns), each batch
normalised (postings_normalise) and stored in the import's one transaction (postings_store).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.errors import ImportFailed
from analysis.ingest.common import (
    ROW_CONTENT_LIMIT,
    FileScan,
    ImportReport,
    Progress,
    Rejection,
    import_session,
    limit_row_content,
    scan_file,
    sha256_bytes,
)
from analysis.ingest.dates import ColumnOrder, OrderChanged
from analysis.ingest.posting_ids import separate_shared_ids, without_file_name
from analysis.ingest.postings_batch import Batch
from analysis.ingest.postings_columns import (
    FIELDS,
    TableMapping,
    detect_source,
    map_columns,
    table_mapping,
)
from analysis.ingest.postings_formats import (
    BATCH_ROWS,
    detect_format,
    header_below,
    physical_lines,
    read_batches,
)
from analysis.ingest.postings_normalise import normalise_batch, normalise_table
from analysis.ingest.postings_store import NormalisedBatch, discard_stored, store_batches
from analysis.ingest.postings_structured import NAME_KEYS, unnamed_objects
from analysis.store import Connection


def import_postings(
    con: Connection,
    path: str | Path,
    *,
    file_name: str | None = None,
    mapping: dict[str, str] | None = None,
    source: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one postings file in a single transaction; see the module docstring.

    ``mapping`` maps target fields (see FIELDS) to column names of the file. Rows without
    title and description, or with an unreadable date, are rejected with their line.
    """
    path = Path(path)
    name = file_name or path.name
    with open(path, "rb") as fh:
        head = fh.read(65536)
    if not head.strip():
        raise ImportFailed(name, "the file is empty")
    fmt = detect_format(Path(name) if file_name else path, head)
    if fmt == "text":
        return import_posting_text(
            con, path.read_bytes(), file_name=name, source=source or "pasted"
        )
    scan = scan_file(path)  # hashed while it imports
    try:
        return _import_file(con, path, fmt, name, mapping, source, scan, progress)
    except ImportFailed as exc:
        below = header_below(path, fmt, name, mapping) if exc.line is None else None
        if below is None:
            raise
        # A title block above the column names ("My job search export, July 2025"): read
        # from the column names, in a new transaction (the first stored nothing).
        return _import_file(con, path, fmt, name, mapping, source, scan, progress,
                            skip_lines=below[0] - 1)  # fmt: skip


def _import_file(
    con: Connection, path: Path, fmt: str, name: str, mapping: dict[str, str] | None,
    source: str | None, scan: Callable[[], FileScan], progress: Progress | None,
    skip_lines: int = 0,
) -> ImportReport:  # fmt: skip
    with import_session(con, "postings", name, lambda: scan().sha256, fmt) as report:
        if skip_lines:
            above = (
                "line above them was" if skip_lines == 1 else f"{skip_lines} lines above them were"
            )
            report.notes.append(f"the column names are on line {skip_lines + 1}: the {above} "
                                "passed over")  # fmt: skip
        notes = _store_file(con, path, fmt, name, mapping, source,
                            lambda: scan().quotes % 2 == 0, report, progress, skip_lines)  # fmt: skip
        report.notes.extend(notes)
        if report.rejections:
            lines = physical_lines(path, fmt, name, (r.line for r in report.rejections),
                                   skip_lines)  # fmt: skip
            report.rejections = [dataclasses.replace(r, line=lines[r.line])
                                 for r in report.rejections]  # fmt: skip
    return report


def _store_file(
    con: Connection, path: Path, fmt: str, name: str, mapping: dict[str, str] | None,
    source: str | None, quotes_balanced: Callable[[], bool], report: ImportReport,
    progress: Progress | None, skip_lines: int = 0,
) -> list[str]:  # fmt: skip
    """Store the file's postings in the import's transaction; returns the notes on them.

    Slashed dates are read in one order per table, settled by all of its rows (ColumnOrder):
    when a batch shows the order is not the one earlier batches were read in, the file is
    read again, knowing. That costs a file whose first slashed dates read both ways (01/02/2023)
    and whose first telling one comes after the first batch (13/02/2023); its batches read by
    default wait unstored meanwhile. Only a file proving day first, then month first too, has
    stored rows to remove first."""
    orders: dict[str | None, ColumnOrder] = {}  # per table: the file's, or each sheet's
    while True:
        notes: list[str] = []
        batches = _normalised_batches(path, fmt, name, mapping, source, quotes_balanced, notes,
                                      orders, skip_lines)  # fmt: skip
        try:
            store_batches(con, batches, report, progress)
        except OrderChanged:
            discard_stored(con, report)
            for order in orders.values():
                order.read_again()
            continue
        for sheet, order in orders.items():
            if order.note():
                notes.append(order.note() if sheet is None else f"sheet '{sheet}': {order.note()}")
        return notes


def _normalised_batches(
    path: Path, fmt: str, name: str, mapping: dict[str, str] | None, source: str | None,
    quotes_balanced: Callable[[], bool] | None = None, notes: list[str] | None = None,
    orders: dict[str | None, ColumnOrder] | None = None, skip_lines: int = 0,
) -> Iterator[NormalisedBatch]:  # fmt: skip
    """The file's batches normalised. Sheets of a workbook that hold no postings are skipped,
    with a line in `notes` for each. The date order of each table is kept in `orders` (by
    sheet; a sheet's order is settled once the next begins); see ColumnOrder."""
    notes = [] if notes is None else notes
    orders = {} if orders is None else orders
    tables: dict[str | None, TableMapping | None] = {}
    for batch in read_batches(path, fmt, name, quotes_balanced, skip_lines):
        if batch.sheet not in tables:
            tables[batch.sheet] = _sheet_mapped(batch, fmt, name, mapping, source, notes)
        table = tables[batch.sheet]
        if table is not None and len(batch.frame):
            order = orders.setdefault(batch.sheet, ColumnOrder())
            rows, rejections = _normalised(batch, table, name, notes, order)
            yield NormalisedBatch(len(batch.frame), table.label, rows, rejections, order.settled)
    if not any(tables.values()):
        detail = f" ({'; '.join(notes)})" if notes else ""
        raise ImportFailed(name, f"the file holds no postings{detail}")


def _sheet_mapped(batch: Batch, fmt: str, name: str, mapping: dict[str, str] | None,
                  source: str | None, notes: list[str]) -> TableMapping | None:  # fmt: skip
    """The mapping of the batch's table; for a sheet that cannot hold postings, a note and
    None (a file of one table is refused instead)."""
    columns = [str(c) for c in batch.frame.columns]
    if batch.sheet is None:
        return table_mapping(columns, fmt, name, mapping, source)
    if not columns:
        notes.append(f"sheet '{batch.sheet}' skipped: it is empty")
        return None
    try:
        table = table_mapping(columns, fmt, name, mapping, source)
    except ImportFailed as exc:
        notes.append(f"sheet '{batch.sheet}' skipped: {exc.reason}")
        return None
    if not len(batch.frame):
        notes.append(f"sheet '{batch.sheet}' skipped: it has a header but no rows")
        return None
    return table


def _normalised(
    batch: Batch, table: TableMapping, name: str, notes: list[str], order: ColumnOrder
) -> tuple[pa.Table, list[Rejection]]:
    """The batch's rows for the postings table and its rejected rows; notes go to `notes`,
    what its dates show of their order to `order` (which may raise OrderChanged)."""
    frame = read = batch.frame.reset_index(drop=True)
    objects = unnamed_objects(frame, table.fields.values())
    rejections = [Rejection(batch.first_line + i, column, _object_reason(frame.at[i, column]))
                  for i, column in objects.items()]  # fmt: skip
    # Rows holding such an object, and rows the reader refused, are left out before
    # normalising; the rejections of the others are moved back to their own lines.
    keep = np.ones(len(frame), dtype=bool)
    keep[list(objects)] = False
    keep[[r.line - batch.first_line for r in batch.refused]] = False
    kept = np.flatnonzero(keep)
    if objects or batch.refused:
        frame = frame.iloc[kept].reset_index(drop=True)
    found = ImportReport(0, "postings", name)
    dates = table.fields.get("date_posted")
    day_first = None if dates is None else order.day_first_for(frame[dates])
    rows = normalise_table(frame, table.fields, table.source, batch.first_line, found, day_first)
    rejections += [
        dataclasses.replace(r, line=batch.first_line + int(kept[r.line - batch.first_line]))
        for r in found.rejections
    ]
    rejections = _with_rows(rejections, read, batch.first_line)
    if batch.refused:
        rejections = sorted([*batch.refused, *rejections], key=lambda r: r.line)
        rejections = limit_row_content(rejections)
    if table.file_source is not None:
        rows = without_file_name(rows, table.file_source)
    rows = separate_shared_ids(rows)
    if batch.sheet is None:
        notes.extend(found.notes)
        return rows, rejections
    where = f"sheet '{batch.sheet}': "
    notes.extend(where + note for note in found.notes)
    return rows, [dataclasses.replace(r, reason=where + r.reason) for r in rejections]


def _with_rows(rejections: list[Rejection], read: pd.DataFrame, first_line: int) -> list[Rejection]:
    """`rejections` (of rows of `read`, the batch as read) with their rows' content: the first
    ROW_CONTENT_LIMIT of them, as only those keep it (limit_row_content)."""
    columns = [str(c) for c in read.columns]
    found = []
    for i, r in enumerate(rejections):
        if i < ROW_CONTENT_LIMIT:
            values = map(_cell_text, read.iloc[r.line - first_line])
            r = dataclasses.replace(r, row=dict(zip(columns, values, strict=True)))
        found.append(r)
    return found


def _cell_text(value: object) -> str:
    """A cell as the download shows it: text as read; a nested object no name was found for
    (the reason its row was rejected) as JSON, for it to be recognisable there."""
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and value != value):
        return ""  # a short row read by pandas: its missing fields
    return json.dumps(value, ensure_ascii=False, default=str)


def _object_reason(value: object) -> str:
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:60] + "..."
    keys = ", ".join(repr(key) for key in NAME_KEYS[:-1]) + f" or {NAME_KEYS[-1]!r}"
    return f"an object with no {keys} key: {shown}"


def preview_postings(
    path: str | Path, *, file_name: str | None = None, rows: int = 5
) -> tuple[str, list[str], dict[str, str], pd.DataFrame]:
    """(format, columns, detected mapping, first rows) without storing anything."""
    path = Path(path)
    name = file_name or path.name
    with open(path, "rb") as fh:
        head = fh.read(65536)
    if not head.strip():
        raise ImportFailed(name, "the file is empty")
    fmt = detect_format(Path(name), head)
    if fmt == "text":
        return fmt, [], {}, pd.DataFrame({"description": [head.decode("utf-8", "replace")[:500]]})
    # The first rows of the file (of its first sheet with rows, in a workbook).
    first = next((b for b in read_batches(path, fmt, name) if len(b.frame)), None)
    if first is None:
        raise ImportFailed(name, "the file holds no postings")
    frame = first.frame.drop(index=first.frame.index[[r.line - first.first_line
                                                      for r in first.refused]])  # fmt: skip
    columns = [str(c) for c in frame.columns]
    return fmt, columns, map_columns(columns), frame.head(rows)


def import_posting_text(
    con: Connection,
    text: str | bytes,
    *,
    file_name: str = "pasted job description",
    title: str | None = None,
    company: str | None = None,
    source: str = "pasted",
) -> ImportReport:
    """One pasted job description becomes one posting (title from the first line if not given)."""
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    from analysis.ingest.common import decode_bytes

    body = decode_bytes(raw, file_name).strip()
    first_line = next((ln.strip(" #*\t") for ln in body.splitlines() if ln.strip()), "")
    title = title or first_line[:120]
    frame = pd.DataFrame([{"title": title, "company": company or "", "description": body}])
    with import_session(con, "postings", file_name, sha256_bytes(raw), "text") as report:
        rows = normalise_table(frame, {c: c for c in frame.columns}, source, 1, report)
        store_batches(con, iter([NormalisedBatch(1, "text", rows, [])]), report)
    return report


__all__ = [
    "import_postings",
    "import_posting_text",
    "preview_postings",
    "map_columns",
    "detect_source",
    "normalise_batch",
    "FIELDS",
    "BATCH_ROWS",
]
