"""Reading JSON, JSON Lines, Parquet and Excel postings files as batches: formats whose cells
carry types (numbers, dates, lists, nested objects), each made text as a CSV cell is."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import ImportFailed
from analysis.ingest.common import decode_bytes
from analysis.ingest.postings_batch import Batch, text_stream

# Keys that name a nested object, e.g. {"name": "Acme", "size": 5} is the company "Acme".
NAME_KEYS = ("name", "display_name", "title")


def read_jsonl(path: Path, file_name: str, batch_rows: int) -> Iterator[Batch]:
    """Batches of `batch_rows` rows of a JSON Lines file: one object a line."""
    stream = text_stream(path, file_name)
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
            if len(rows) >= batch_rows:
                yield Batch(first, _frame(rows))
                first, rows = first + len(rows), []
        if rows:
            yield Batch(first, _frame(rows))
    except UnicodeDecodeError as exc:
        raise ImportFailed(file_name, "the text is not valid UTF-8", line=number + 1) from exc
    finally:
        stream.close()


def read_json(path: Path, file_name: str, batch_rows: int) -> Iterator[Batch]:
    """Batches of `batch_rows` rows of a JSON array of objects (or of the longest such array
    in a JSON object)."""
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
    for start in range(0, len(data), batch_rows):
        yield Batch(start + 1, _frame(data[start : start + batch_rows]))


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


def read_parquet(path: Path, file_name: str, batch_rows: int) -> Iterator[Batch]:
    """Batches of `batch_rows` rows of a Parquet file."""
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        line = 1
        for record_batch in parquet.iter_batches(batch_size=batch_rows):
            frame = record_batch.to_pandas()
            frame = frame.map(_as_text).astype(object)
            yield Batch(line, frame)
            line += len(frame)
    except ImportFailed:
        raise
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise ImportFailed(file_name, f"cannot read the Parquet file: {exc}") from exc


def read_excel(path: Path, file_name: str, batch_rows: int, skip_lines: int = 0) -> Iterator[Batch]:
    """Every sheet in turn, in batches of `batch_rows` rows. In a workbook of several, each
    sheet's batches carry its name, and an empty sheet still gives one (empty) batch so the
    importer can say it skipped it. The first sheet's column names are on row 1 + `skip_lines`."""
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
        sheets = book.sheet_names
    except Exception as exc:  # openpyxl raises several types for corrupt files
        raise ImportFailed(file_name, f"cannot read the Excel workbook: {exc}") from exc
    with book:
        for number, sheet in enumerate(sheets):
            skip = skip_lines if number == 0 else 0
            try:
                frame = pd.read_excel(book, sheet_name=sheet, dtype=str, keep_default_na=False,
                                      skiprows=skip)  # fmt: skip
            except Exception as exc:
                raise ImportFailed(file_name, f"cannot read the Excel workbook: {exc}") from exc
            frame = frame.map(_as_text).astype(object)
            name = sheet if len(sheets) > 1 else None
            if name is not None and not len(frame):
                yield Batch(2, frame, name)
            for start in range(0, len(frame), batch_rows):
                yield Batch(start + 2 + skip, frame.iloc[start : start + batch_rows], name)
