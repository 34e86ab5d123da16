"""Job postings: any tabular export (CSV, TSV, JSON, JSON Lines, Parquet, Excel) or one pasted
job description, mapped to the `postings` table by column-name synonyms or an explicit mapping.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis import store
from analysis.errors import ImportFailed
from analysis.ingest.common import (
    ImportReport,
    Progress,
    Rejection,
    import_session,
    prefetched,
    scan_file,
    sha256_bytes,
)
from analysis.ingest.posting_ids import without_file_name
from analysis.ingest.postings_formats import (
    BATCH_ROWS,
    NAME_KEYS,
    Batch,
    detect_format,
    physical_lines,
    read_batches,
    unnamed_objects,
)
from analysis.ingest.postings_normalise import STAGE_SCHEMA, normalise_batch, normalise_table
from analysis.store import Connection

# Target field → accepted source column names (after header normalisation, see _key).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": ("title", "job_title", "position", "position_title", "jobtitle", "role", "job_name"),
    "company": ("company", "company_name", "employer", "organization", "organisation",
                "hiring_organization", "company_title"),
    "description": ("description", "job_description", "text", "body", "details",
                    "job_details", "posting_text", "content"),
    "date_posted": ("date_posted", "posted_at", "date", "post_date", "posting_date", "posted",
                    "published_at", "created_at", "saved_date", "listed_at"),
    "location": ("location", "job_location", "locations", "place"),
    "city": ("city",),
    "country": ("country",),
    "url": ("url", "job_url", "link", "job_link", "posting_url", "apply_url", "job_url_direct"),
    "external_id": ("id", "job_id", "post_link_id", "posting_id", "external_id"),
    "source": ("site", "source", "board", "job_board"),
    "is_remote": ("is_remote", "remote", "work_from_home_type", "remote_work"),
    "job_type": ("job_type", "employment_type", "type", "contract_type"),
    "salary_min": ("min_amount", "salary_min", "min_salary", "minimum_salary", "salary_from"),
    "salary_max": ("max_amount", "salary_max", "max_salary", "maximum_salary", "salary_to"),
    "salary_currency": ("currency", "salary_currency"),
    "salary_interval": ("interval", "salary_interval", "pay_period", "salary_period"),
    "salary_text": ("salary", "salary_estimate", "salary_range", "compensation", "pay"),
    "skills_list": ("skills", "languages_frameworks", "skills_list", "required_skills"),
}  # fmt: skip
FIELDS = tuple(SYNONYMS)


def _key(column: object) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(column).strip().lower()).strip("_")


def map_columns(columns: list[str], mapping: dict[str, str] | None = None) -> dict[str, str]:
    """Target field → source column. An explicit mapping wins; then synonyms, in order."""
    mapping = dict(mapping or {})
    unknown = set(mapping) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown target field(s) {sorted(unknown)}; known: {', '.join(FIELDS)}")
    by_key = {}
    for column in columns:
        by_key.setdefault(_key(column), column)
    result: dict[str, str] = {}
    for field in FIELDS:
        if field in mapping:
            if mapping[field] not in columns:
                raise ValueError(f"mapped column '{mapping[field]}' for {field} is not in the file")
            result[field] = mapping[field]
            continue
        taken = set(result.values()) | set(mapping.values())
        for synonym in SYNONYMS[field]:
            column = by_key.get(synonym)
            if column is not None and column not in taken:
                result[field] = column
                break
    return result


def _known_export(columns: list[str]) -> str | None:
    keys = {_key(c) for c in columns}
    if {"salary_estimate", "rating", "company_name"} <= keys:
        return "glassdoor"
    if {"site", "job_url", "min_amount", "interval"} <= keys:
        return "jobspy"
    if "post_link_id" in keys:
        return "hn-whos-hiring"
    if {"saved_date", "job_url"} <= keys:
        return "linkedin-saved"
    return None


def detect_source(columns: list[str], file_name: str) -> str:
    """The export the columns are known from, else the file's name (without its suffix)."""
    return _known_export(columns) or Path(file_name).stem


# New postings reach DuckDB through Parquet files of PART_ROWS rows that DuckDB reads itself:
# rows appended from Python (Arrow or pandas) stay in memory until COMMIT, so one transaction
# over a large file grew without bound (4.3 GB at a million postings), while DuckDB's own
# readers write full row groups to the workspace file as they go.
PART_ROWS = 50_000

_INSERT = """
INSERT INTO postings (posting_id, source, external_id, url, title, company, location, is_remote,
    date_posted, job_type, salary_min, salary_max, salary_currency, salary_interval,
    description, skills_list, import_id)
SELECT posting_id, source, external_id, url, title, company, location, is_remote, date_posted,
    job_type, salary_min, salary_max, salary_currency, salary_interval, description, skills_list,
    ? FROM read_parquet(?)
"""


@dataclass
class _Part:
    """A Parquet file of new postings, and what reading its rows found."""

    path: Path | None
    label: str
    rows_read: int = 0
    rows_new: int = 0
    rows_known: int = 0
    rejections: list[Rejection] = dataclasses.field(default_factory=list)


def _unknown_rows(probe: Connection, rows: pa.Table) -> pa.Table:
    """The rows whose posting id the workspace did not hold when the import began.

    `probe` is a second connection to the workspace: it sees committed postings only, so the
    lookup does not rescan the rows this import has added so far (that made imports quadratic).
    Repeats within the import are removed once at its end (`_drop_repeats`). A row with a
    `legacy_id` (see posting_ids.without_file_name) is also known by that id.
    """
    if "legacy_id" in rows.column_names:
        # Both ids in one column, so the postings are scanned once.
        query = ("SELECT b.posting_id FROM (SELECT posting_id, posting_id AS id FROM batch_ids "
                 "UNION ALL SELECT posting_id, legacy_id FROM batch_ids) b "
                 "SEMI JOIN postings p ON p.posting_id = b.id")  # fmt: skip
        probe.register("batch_ids", rows.select(["posting_id", "legacy_id"]))
    else:
        query = "SELECT b.posting_id FROM batch_ids b SEMI JOIN postings p USING (posting_id)"
        probe.register("batch_ids", rows.select(["posting_id"]))
    try:
        stored = probe.execute(query).fetchall()
    finally:
        probe.unregister("batch_ids")
    if not stored:
        return rows
    known = pa.array([posting_id for (posting_id,) in stored], pa.string())
    return rows.filter(pc.invert(pc.is_in(rows["posting_id"], value_set=known)))


def _staged_parts(
    batches: Iterator[tuple[int, str, pa.Table, list[Rejection]]],
    probe: Connection,
    folder: Path,
) -> Iterator[_Part]:
    """Normalised batches → Parquet files of about PART_ROWS new postings each."""
    part: _Part | None = None
    writer: pq.ParquetWriter | None = None
    for rows_read, label, rows, rejections in batches:
        if part is None:
            part = _Part(None, label)
        part.rows_read += rows_read
        part.rejections.extend(rejections)
        new = _unknown_rows(probe, rows) if len(rows) else rows
        part.rows_known += len(rows) - len(new)
        if len(new):
            if writer is None:
                part.path = folder / f"part-{time.monotonic_ns()}.parquet"
                writer = pq.ParquetWriter(part.path, STAGE_SCHEMA, compression="none")
            writer.write_table(new.select(STAGE_SCHEMA.names).cast(STAGE_SCHEMA))
            part.rows_new += len(new)
        if part.rows_new >= PART_ROWS:
            writer.close()
            yield part
            part, writer = None, None
    if part is not None:
        if writer is not None:
            writer.close()
        yield part


def _store_part(con: Connection, part: _Part, report: ImportReport) -> None:
    report.file_format = part.label
    report.rows_read += part.rows_read
    report.rejections.extend(part.rejections)
    report.rows_duplicate += part.rows_known
    if part.path is not None:
        con.execute(_INSERT, [report.import_id, str(part.path)])
        part.path.unlink()
    report.rows_added += part.rows_new


def _drop_repeats(con: Connection, report: ImportReport) -> None:
    """Remove this import's rows that repeat an earlier row of the same import, or a row added
    earlier in an enclosing transaction (which the probe connection cannot see)."""
    (dropped,) = con.execute(
        """
        DELETE FROM postings WHERE import_id = $id AND (
            rowid NOT IN (SELECT min(rowid) FROM postings WHERE import_id = $id
                          GROUP BY posting_id)
            OR posting_id IN (SELECT posting_id FROM postings WHERE import_id <> $id))
        """,
        {"id": report.import_id},
    ).fetchone()
    report.rows_added -= dropped
    report.rows_duplicate += dropped


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
    notes: list[str] = []
    batches = _normalised_batches(path, fmt, name, mapping, source,
                                  lambda: scan().quotes % 2 == 0, notes)  # fmt: skip
    with import_session(con, "postings", name, lambda: scan().sha256, fmt) as report:
        _store_all(con, batches, report, progress)
        report.notes.extend(notes)
        if report.rejections:
            lines = physical_lines(path, fmt, name, (r.line for r in report.rejections))
            report.rejections = [dataclasses.replace(r, line=lines[r.line])
                                 for r in report.rejections]  # fmt: skip
    return report


def _store_all(
    con: Connection,
    batches: Iterator[tuple[int, str, pa.Table, list[Rejection]]],
    report: ImportReport,
    progress: Progress | None = None,
) -> None:
    """Store normalised batches in the import's transaction; preparing the next part (in a
    thread) overlaps DuckDB storing this one."""
    with (
        tempfile.TemporaryDirectory(prefix="waypoint-import-") as folder,
        contextlib.closing(con.cursor()) as probe,
        store.memory_limit(con, store.IMPORT_MEMORY_LIMIT),
    ):
        for part in prefetched(_staged_parts(batches, probe, Path(folder)), depth=1):
            _store_part(con, part, report)
            if progress:
                progress(report.rows_read, None)
    _drop_repeats(con, report)


@dataclass(frozen=True)
class _Mapped:
    """How one table of a file (the file, or a sheet of a workbook) maps to postings."""

    fields: dict[str, str]  # target field -> column
    source: str
    label: str
    file_source: str | None  # the source when it is only the file's name


def _mapped(
    columns: list[str], fmt: str, name: str, mapping: dict[str, str] | None, source: str | None
) -> _Mapped:
    """How a table with these columns maps to postings; ImportFailed if it cannot."""
    try:
        fields = map_columns(columns, mapping)
    except ValueError as exc:
        raise ImportFailed(name, str(exc)) from exc
    if "title" not in fields and "description" not in fields:
        shown = ", ".join(columns[:12]) + (" ..." if len(columns) > 12 else "")
        raise ImportFailed(
            name,
            f"no recognisable posting columns (found: {shown}); expected a title "
            "or description column, e.g. title, company, description, date_posted "
            "— or give an explicit column mapping",
        )
    known = source or _known_export(columns)
    source_name = known or Path(name).stem
    return _Mapped(fields, source_name, _format_label(fmt, source_name),
                   None if known else source_name)  # fmt: skip


def _normalised_batches(
    path: Path, fmt: str, name: str, mapping: dict[str, str] | None, source: str | None,
    quotes_balanced: Callable[[], bool] | None = None, notes: list[str] | None = None,
) -> Iterator[tuple[int, str, pa.Table, list[Rejection]]]:  # fmt: skip
    """(rows read, format label, rows for the postings table, rejections) per batch. Sheets
    of a workbook that hold no postings are skipped, with a line in `notes` for each."""
    notes = [] if notes is None else notes
    tables: dict[str | None, _Mapped | None] = {}
    for batch in read_batches(path, fmt, name, quotes_balanced):
        if batch.sheet not in tables:
            tables[batch.sheet] = _sheet_mapped(batch, fmt, name, mapping, source, notes)
        table = tables[batch.sheet]
        if table is not None and len(batch.frame):
            rows, rejections = _normalised(batch, table, name, notes)
            yield len(batch.frame), table.label, rows, rejections
    if not any(tables.values()):
        detail = f" ({'; '.join(notes)})" if notes else ""
        raise ImportFailed(name, f"the file holds no postings{detail}")


def _sheet_mapped(batch: Batch, fmt: str, name: str, mapping: dict[str, str] | None,
                  source: str | None, notes: list[str]) -> _Mapped | None:  # fmt: skip
    """The mapping of the batch's table; for a sheet that cannot hold postings, a note and
    None (a file of one table is refused instead)."""
    columns = [str(c) for c in batch.frame.columns]
    if batch.sheet is None:
        return _mapped(columns, fmt, name, mapping, source)
    if not columns:
        notes.append(f"sheet '{batch.sheet}' skipped: it is empty")
        return None
    try:
        table = _mapped(columns, fmt, name, mapping, source)
    except ImportFailed as exc:
        notes.append(f"sheet '{batch.sheet}' skipped: {exc.reason}")
        return None
    if not len(batch.frame):
        notes.append(f"sheet '{batch.sheet}' skipped: it has a header but no rows")
        return None
    return table


def _normalised(
    batch: Batch, table: _Mapped, name: str, notes: list[str]
) -> tuple[pa.Table, list[Rejection]]:
    """The batch's rows for the postings table and its rejected rows; notes go to `notes`."""
    frame = batch.frame.reset_index(drop=True)
    objects = unnamed_objects(frame, table.fields.values())
    rejections = [Rejection(batch.first_line + i, column, _object_reason(frame.at[i, column]))
                  for i, column in objects.items()]  # fmt: skip
    # Rows holding such an object are left out before normalising; the rejections of the
    # others are moved back to their own lines.
    keep = np.ones(len(frame), dtype=bool)
    keep[list(objects)] = False
    kept = np.flatnonzero(keep)
    if objects:
        frame = frame.iloc[kept].reset_index(drop=True)
    found = ImportReport(0, "postings", name)
    rows = normalise_table(frame, table.fields, table.source, batch.first_line, found)
    rejections += [
        dataclasses.replace(r, line=batch.first_line + int(kept[r.line - batch.first_line]))
        for r in found.rejections
    ]
    if table.file_source is not None:
        rows = without_file_name(rows, table.file_source)
    if batch.sheet is None:
        notes.extend(found.notes)
        return rows, rejections
    where = f"sheet '{batch.sheet}': "
    notes.extend(where + note for note in found.notes)
    return rows, [dataclasses.replace(r, reason=where + r.reason) for r in rejections]


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
    frame = first.frame
    columns = [str(c) for c in frame.columns]
    return fmt, columns, map_columns(columns), frame.head(rows)


def _format_label(fmt: str, source: str) -> str:
    known = {"jobspy": "jobspy", "glassdoor": "glassdoor",
             "hn-whos-hiring": "hn-whos-hiring", "linkedin-saved": "linkedin-saved-jobs"}  # fmt: skip
    return f"{fmt} ({known[source]})" if source in known else fmt


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
        _store_all(con, iter([(1, "text", rows, [])]), report)
    return report


__all__ = [
    "import_postings",
    "import_posting_text",
    "preview_postings",
    "map_columns",
    "normalise_batch",
    "FIELDS",
    "BATCH_ROWS",
]
