"""Rows of any postings export → rows of the `postings` table, vectorised over one batch.

Text travels as Arrow arrays from the reader to DuckDB: descriptions are kilobytes each, and
turning them into Python strings would cost more than everything else in an import
(benchmarks/ingest.py). Python only sees the rows that need it: salary text, rejected rows and
postings without a URL or an id of their own (their id hashes the text).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.ingest.common import ImportReport
from analysis.ingest.dates import parse_dates
from analysis.ingest.posting_ids import posting_ids
from analysis.ingest.salary import ANNUAL_FACTOR, normalise_interval, parse_salary_text

# Columns of `postings` that a batch fills (import_id is added when storing).
COLUMNS = ("posting_id", "source", "external_id", "url", "title", "company", "location",
           "is_remote", "date_posted", "job_type", "salary_min", "salary_max",
           "salary_currency", "salary_interval", "description", "skills_list")  # fmt: skip
# The types of a normalised batch, whatever the source file held.
STAGE_SCHEMA = pa.schema(
    [("posting_id", pa.string()), ("source", pa.large_string()),
     ("external_id", pa.large_string()), ("url", pa.large_string()),
     ("title", pa.large_string()), ("company", pa.large_string()),
     ("location", pa.large_string()), ("is_remote", pa.bool_()), ("date_posted", pa.date32()),
     ("job_type", pa.large_string()), ("salary_min", pa.float64()),
     ("salary_max", pa.float64()), ("salary_currency", pa.large_string()),
     ("salary_interval", pa.large_string()), ("description", pa.large_string()),
     ("skills_list", pa.large_string())]
)  # fmt: skip
# Text fields stored as NULL when empty.
_NULL_WHEN_EMPTY = ("title", "company", "description", "location", "url", "external_id",
                    "job_type", "skills_list", "salary_currency")  # fmt: skip
_INTERVALS = {name: normalise_interval(name) for name in
              ("hourly", "daily", "weekly", "monthly", "yearly", "year", "annual", "annually",
               "hour", "day", "week", "month")}  # fmt: skip
_TRUE = ["true", "yes", "y", "1", "remote", "fully remote", "t"]
_RATING_SUFFIX = r"\s*\n\s*\d(\.\d)?\s*$"  # Glassdoor: "Acme\n3.8"
_MONEY_NOISE = r"[,$€£\s]"


def _strings(frame: pd.DataFrame, column: str | None) -> pa.ChunkedArray:
    """A column as Arrow strings, trimmed as by str.strip(), nulls as '' (an absent column is
    all '')."""
    if column is None:
        return pa.chunked_array([pa.array([""] * len(frame), pa.large_string())])
    series = frame[column]
    if not isinstance(series.dtype, pd.StringDtype):
        series = series.astype("str")
    array = pa.array(series, from_pandas=True)  # zero-copy for pandas' Arrow-backed strings
    if isinstance(array, pa.Array):
        array = pa.chunked_array([array])
    if array.type != pa.large_string():  # pandas' own string type; one type for all
        array = array.cast(pa.large_string())
    return pc.utf8_trim_whitespace(pc.fill_null(array, ""))


def _null_when_empty(values: pa.ChunkedArray) -> pa.ChunkedArray:
    empty = pc.equal(values, "")
    if not pc.any(empty).as_py():
        return values
    return pc.if_else(empty, pa.scalar(None, values.type), values)


def _numbers(values: pa.Array) -> np.ndarray:
    cleaned = pc.replace_substring_regex(values, _MONEY_NOISE, "")
    return pd.to_numeric(cleaned.to_pandas(), errors="coerce").to_numpy(dtype=float)


def normalise_table(
    frame: pd.DataFrame, mapped: dict[str, str], source: str, first_line: int,
    report: ImportReport,
) -> pa.Table:  # fmt: skip
    """Source rows → rows of the postings table (COLUMNS, minus import_id); rejects bad rows.

    Rows without title and description, or with an unreadable date, are rejected with their
    line (first_line + position in the batch).
    """
    frame = frame.reset_index(drop=True)
    n = len(frame)
    has = mapped.__contains__

    def text(field: str) -> pa.ChunkedArray:
        return _strings(frame, mapped.get(field))

    out: dict[str, pa.Array | np.ndarray] = {}
    out["title"] = text("title")
    company = text("company")
    if has("company") and pc.any(pc.match_substring(company, "\n")).as_py():
        company = pc.replace_substring_regex(company, _RATING_SUFFIX, "")
    out["company"] = company
    out["description"] = text("description")
    location = text("location")
    if has("city") or has("country"):
        city_country = pc.utf8_trim(
            pc.binary_join_element_wise(
                text("city"), text("country"), pa.scalar(", ", pa.large_string())
            ),
            ", ",
        )
        location = pc.if_else(pc.equal(location, ""), city_country, location)
    out["location"] = location
    out["url"] = text("url")
    out["external_id"] = text("external_id")
    given_source = text("source")
    out["source"] = pc.if_else(pc.equal(given_source, ""), source, given_source)

    remote = pc.utf8_lower(text("is_remote"))
    says_remote = pc.match_substring(location, "remote", ignore_case=True)
    out["is_remote"] = pc.if_else(
        pc.equal(remote, ""),
        pc.if_else(says_remote, pa.scalar(True), pa.scalar(None, pa.bool_())),
        pc.is_in(remote, value_set=pa.array(_TRUE)),
    )
    out["job_type"] = text("job_type")
    out["skills_list"] = text("skills_list")

    _salaries(frame, mapped, text, out, n)

    raw_dates = text("date_posted")
    dates, bad_dates = parse_dates(raw_dates.to_pandas()) if has("date_posted") else (None, None)
    if dates is None:
        out["date_posted"] = pa.nulls(n, pa.date32())
        bad = np.zeros(n, dtype=bool)
    else:
        days = dates.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
        out["date_posted"] = pa.array(days, pa.date32(), mask=np.isnat(days))
        bad = bad_dates.to_numpy(dtype=bool)

    empty = pc.and_(pc.equal(out["title"], ""), pc.equal(out["description"], ""))
    empty = empty.to_numpy(zero_copy_only=False)
    if bad.any() or empty.any():
        raw = raw_dates.to_pylist()
        for i in np.flatnonzero(bad & ~empty):
            report.reject(first_line + int(i), mapped.get("date_posted"),
                          f"cannot read the date {raw[i]!r}")  # fmt: skip
        for i in np.flatnonzero(empty):
            report.reject(first_line + int(i), None, "no title and no description")
    keep = ~(empty | bad)

    table = pa.table({name: out[name] for name in COLUMNS if name != "posting_id"})
    if not keep.all():
        table = table.filter(pa.array(keep))
    for name in _NULL_WHEN_EMPTY:
        table = table.set_column(
            table.schema.get_field_index(name), name, _null_when_empty(table[name])
        )
    ids = posting_ids(table)
    return table.add_column(0, "posting_id", pa.array(ids, pa.string())).select(list(COLUMNS))


def _salaries(frame: pd.DataFrame, mapped: dict[str, str], text, out: dict, n: int) -> None:
    """Annual salary_min/max, currency and the interval the source gave; salary text (e.g.
    Glassdoor's "$85K-$120K (Glassdoor est.)") fills rows without amounts."""
    has = mapped.__contains__
    interval = pd.Series([None] * n, dtype=object)
    if has("salary_interval"):
        interval = pc.utf8_lower(text("salary_interval")).to_pandas().map(_INTERVALS)
    factor = interval.map(lambda i: ANNUAL_FACTOR.get(i, 1.0)).to_numpy(dtype=float)
    low = _numbers(text("salary_min")) if has("salary_min") else np.full(n, np.nan)
    high = _numbers(text("salary_max")) if has("salary_max") else np.full(n, np.nan)
    low, high = low * factor, high * factor
    currency = text("salary_currency")
    intervals = [i if isinstance(i, str) else None for i in interval.tolist()]
    if has("salary_text"):
        salary_text = text("salary_text")
        todo = np.isnan(low) & np.isnan(high) & pc.not_equal(salary_text, "").to_numpy(False)
        if todo.any():
            texts, currencies = salary_text.to_pylist(), currency.to_pylist()
            for i in np.flatnonzero(todo):
                parsed = parse_salary_text(texts[i])
                if parsed:
                    low[i], high[i] = parsed.minimum, parsed.maximum
                    currencies[i] = parsed.currency or currencies[i]
                    intervals[i] = parsed.interval or "yearly"
            currency = pa.array(currencies, pa.string())
    out["salary_min"] = pa.array(low, pa.float64(), from_pandas=True)
    out["salary_max"] = pa.array(high, pa.float64(), from_pandas=True)
    out["salary_currency"] = currency
    out["salary_interval"] = pa.array(intervals, pa.string())


def normalise_batch(
    frame: pd.DataFrame, mapped: dict[str, str], source: str, first_line: int,
    report: ImportReport,
) -> pd.DataFrame:  # fmt: skip
    """`normalise_table` as a DataFrame (for the market-study engines' batch function)."""
    return normalise_table(frame, mapped, source, first_line, report).to_pandas()
