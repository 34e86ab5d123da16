"""Reading postings files of every supported format as a stream of DataFrame batches: which
format a file is (`detect_format`), and its rows (`read_batches`, by the readers of
postings_delimited and postings_structured).

Each reader yields Batch(first_line, DataFrame of strings, sheet) so rejections can name rows.
Rows are numbered by position (CSV: 2 + row index); `physical_lines` turns those numbers into
the lines the rows start on, which differ once a value holds a newline or a line is blank.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from analysis.errors import ImportFailed
from analysis.ingest.common import looks_binary
from analysis.ingest.postings_batch import Batch, text_stream
from analysis.ingest.postings_columns import map_columns
from analysis.ingest.postings_delimited import (
    delimited_row_starts,
    read_delimited,
    sniff_delimiter,
)
from analysis.ingest.postings_structured import read_excel, read_json, read_jsonl, read_parquet

BATCH_ROWS = 20_000
TEXT_SUFFIXES = {".txt", ".md", ".text"}


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
    path: Path, fmt: str, file_name: str, quotes_balanced: Callable[[], bool] | None = None,
    skip_lines: int = 0,
) -> Iterator[Batch]:  # fmt: skip
    """Batches of the file's rows. `quotes_balanced` tells whether the file has an even number
    of quote characters (default: count them when needed); it is asked after the last row.
    `skip_lines` lines above the column names are passed over (a CSV's, or a workbook's first
    sheet's; see header_below)."""
    if fmt in ("csv", "tsv"):
        yield from read_delimited(path, fmt, file_name, quotes_balanced, BATCH_ROWS, skip_lines)
    elif fmt == "jsonl":
        yield from read_jsonl(path, file_name, BATCH_ROWS)
    elif fmt == "json":
        yield from read_json(path, file_name, BATCH_ROWS)
    elif fmt == "parquet":
        yield from read_parquet(path, file_name, BATCH_ROWS)
    elif fmt == "xlsx":
        yield from read_excel(path, file_name, BATCH_ROWS, skip_lines)
    else:  # pragma: no cover - guarded by detect_format
        raise ImportFailed(file_name, f"unsupported format {fmt}")


HEADER_SEARCH_ROWS = 10  # a title block above the column names is a few lines at most


def header_below(
    path: Path, fmt: str, file_name: str, mapping: dict[str, str] | None
) -> tuple[int, list[str]] | None:
    """(line, names) of the column names when they stand below the first line (a title line
    saved above them: "My job search export, July 2025"), or None: when the first line maps to
    posting columns, or no line of the first HEADER_SEARCH_ROWS does."""
    if fmt not in ("csv", "tsv", "xlsx"):
        return None
    try:
        rows = _first_rows(path, fmt, file_name)
    except Exception:  # noqa: BLE001 - only a hint: an unreadable head gives none
        return None

    def maps(names: list[str]) -> bool:
        try:
            fields = map_columns(names, mapping)
        except ValueError:
            return False
        return "title" in fields or "description" in fields

    if not rows or maps(rows[0][1]):
        return None
    return next(((line, names) for line, names in rows[1:] if maps(names)), None)


def _first_rows(path: Path, fmt: str, file_name: str) -> list[tuple[int, list[str]]]:
    """(line, cells) of the first HEADER_SEARCH_ROWS rows, blank rows left out; a text line is
    split as the reader splits its header, were the header there."""
    if fmt == "xlsx":
        import pandas as pd

        head = pd.read_excel(path, header=None, nrows=HEADER_SEARCH_ROWS, dtype=str)
        return [(i + 1, [str(v).strip() for v in row if isinstance(v, str) and v.strip()])
                for i, row in enumerate(head.itertuples(index=False))
                if any(isinstance(v, str) and v.strip() for v in row)]  # fmt: skip
    with contextlib.closing(text_stream(path, file_name)) as stream:
        lines = [stream.readline() for _ in range(HEADER_SEARCH_ROWS)]  # as _skip reads them
    found = []
    for number, line in enumerate(lines, start=1):
        sep = "\t" if fmt == "tsv" else sniff_delimiter(line)
        cells = [c.strip() for c in next(csv.reader([line], delimiter=sep), []) if c.strip()]
        if cells:
            found.append((number, cells))
    return found


def physical_lines(
    path: Path, fmt: str, file_name: str, lines: Iterable[int], skip_lines: int = 0
) -> dict[int, int]:
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
    with contextlib.closing(text_stream(path, file_name)) as stream:
        starts = enumerate(_row_starts(stream, fmt, file_name, skip_lines), start=first)
        # The file was read once already; should this pass disagree, positions are kept.
        with contextlib.suppress(csv.Error, UnicodeDecodeError):
            for position, start in starts:
                if position in wanted:
                    found[position] = start
                    if len(found) == len(wanted):
                        break
    return {line: found.get(line, line) for line in wanted}


def _row_starts(
    stream: io.TextIOBase, fmt: str, file_name: str, skip_lines: int = 0
) -> Iterator[int]:
    """The line each row of a delimited or JSON Lines file starts on, in order."""
    if fmt == "jsonl":
        return (number for number, raw in enumerate(stream, start=1) if raw.strip())
    return delimited_row_starts(stream, fmt, file_name, skip_lines)
