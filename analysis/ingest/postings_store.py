"""Storing normalised postings in an import's transaction: new rows are staged in Parquet parts
that DuckDB reads itself, rows the workspace already held are counted and left out, and rows
repeating one another within the import are dropped at its end."""

from __future__ import annotations

import contextlib
import dataclasses
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis import store
from analysis.ingest.common import (
    ImportReport,
    Progress,
    Rejection,
    limit_row_content,
    prefetched,
)
from analysis.ingest.postings_normalise import STAGE_SCHEMA
from analysis.store import Connection

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


class NormalisedBatch(NamedTuple):
    """Rows of a file made rows of the postings table, and what making them found."""

    rows_read: int
    label: str  # the file's format, as the import's record shows it
    rows: pa.Table
    rejections: list[Rejection]
    # False while the order of slashed dates these rows were read in is only the default
    # (dates.ColumnOrder.settled): they are then not stored until a later batch settles it.
    settled: bool = True


@dataclass
class _Part:
    """A Parquet file of new postings, and what reading its rows found."""

    path: Path | None
    label: str
    rows_read: int = 0
    rows_new: int = 0
    rows_known: int = 0
    rejections: list[Rejection] = dataclasses.field(default_factory=list)
    settled: bool = True  # as its last batch


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
    batches: Iterator[NormalisedBatch], probe: Connection, folder: Path
) -> Iterator[_Part]:
    """Normalised batches → Parquet files of about PART_ROWS new postings each."""
    part: _Part | None = None
    writer: pq.ParquetWriter | None = None
    rejected = 0  # by the batches before: the content limit is per import, not per batch
    try:
        for rows_read, label, rows, rejections, settled in batches:
            if part is None:
                part = _Part(None, label)
            part.rows_read += rows_read
            part.rejections.extend(limit_row_content(rejections, rejected))
            rejected += len(rejections)
            part.settled = settled
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
    finally:  # a reading that fails or is abandoned leaves no file open (closing twice is fine)
        if writer is not None:
            writer.close()


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


def store_batches(
    con: Connection,
    batches: Iterator[NormalisedBatch],
    report: ImportReport,
    progress: Progress | None = None,
) -> None:
    """Store normalised batches in the import's transaction; preparing the next part (in a
    thread) overlaps DuckDB storing this one. Parts of batches that are not `settled` wait,
    as files, for a part that is (or for the last): should the batches raise instead (an
    OrderChanged), none of those was stored, and discard_stored has nothing of them to undo."""
    with (
        tempfile.TemporaryDirectory(prefix="waypoint-import-") as folder,
        contextlib.closing(con.cursor()) as probe,
        store.memory_limit(con, store.IMPORT_MEMORY_LIMIT),
    ):
        waiting: list[_Part] = []
        for part in prefetched(_staged_parts(batches, probe, Path(folder)), depth=1):
            waiting.append(part)
            if part.settled:
                _store_parts(con, waiting, report, progress)
        _store_parts(con, waiting, report, progress)  # the end of the file settles the rest
    _drop_repeats(con, report)


def _store_parts(
    con: Connection, parts: list[_Part], report: ImportReport, progress: Progress | None
) -> None:
    """Store `parts` in turn, and empty the list."""
    for part in parts:
        _store_part(con, part, report)
        if progress:
            progress(report.rows_read, None)
    parts.clear()


def discard_stored(con: Connection, report: ImportReport) -> None:
    """Undo what store_batches did in the import's transaction, which stays open: its postings
    are removed and its counts cleared, for the file to be stored again."""
    con.execute("DELETE FROM postings WHERE import_id = ?", [report.import_id])
    report.rows_read = report.rows_added = report.rows_duplicate = 0
    report.rejections.clear()
