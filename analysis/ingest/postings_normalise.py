"""Rows of any postings export → rows of the `postings` table, vectorised over one batch.

Text travels as Arrow arrays from the reader to DuckDB: descriptions are kilobytes each, and
turning them into Python strings would cost more than everything else in an import
(benchmarks/ingest.py). Python only sees the rows that need it: salary text, salary amounts
written with more than digits ("40k", "£40,000"), rejected rows and postings without a URL or
an id of their own (their id hashes the text).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.ingest.common import ImportReport
from analysis.ingest.dates import parse_dates
from analysis.ingest.posting_ids import posting_ids
from analysis.ingest.salary import (
    ANNUAL_FACTOR,
    normalise_interval,
    parse_amount,
    parse_salary_text,
)

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
# Remote column values that answer the question; any other ("unknown", "n/a", "remote
# possible") says nothing, and is stored as unknown, not as "not remote".
_REMOTE = ["true", "yes", "y", "1", "1.0", "t", "remote", "fully remote", "100% remote"]
# Hybrid is "not remote": it needs days in an office, so a user filtering remote jobs does not
# want it (market_filter counts unknown as not remote too, but hybrid is known).
_NOT_REMOTE = ["false", "no", "n", "0", "0.0", "f", "onsite", "on-site", "on site", "in office",
               "in-office", "office", "hybrid"]  # fmt: skip
# Cells that hold the name of an empty value: "null, null" is no place.
_PLACEHOLDERS = ["null", "none", "n/a"]
_RATING_SUFFIX = r"\s*\n\s*\d(\.\d)?\s*$"  # Glassdoor: "Acme\n3.8"
_MONEY_SIGNS = r"[$€£\s]"
_DOT_THOUSANDS = r"^-?\d{1,3}(\.\d{3})+(,\d+)?$"
_DECIMAL_COMMA = r"^-?\d+,\d{1,2}$"
_MORE_THAN_A_NUMBER = r"[^\d.,\s-]"  # "40k", "£40,000", "USD 1.2M": read by parse_amount


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


def _place(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """A place column with placeholder cells ("null", "N/A") made empty."""
    placeholder = pc.is_in(
        pc.utf8_lower(values), value_set=pa.array(_PLACEHOLDERS, pa.large_string())
    )
    if not pc.any(placeholder).as_py():
        return values
    return pc.if_else(placeholder, pa.scalar("", values.type), values)


def _null_when_empty(values: pa.ChunkedArray) -> pa.ChunkedArray:
    empty = pc.equal(values, "")
    if not pc.any(empty).as_py():
        return values
    return pc.if_else(empty, pa.scalar(None, values.type), values)


def _numbers(values: pa.Array) -> np.ndarray:
    signs = pc.replace_substring_regex(values, _MONEY_SIGNS, "")
    # "85.000" and "95.000,50" group thousands with dots, "85000,50" has a decimal comma: the
    # European way, which the English reading turned into 85 and 8,500,050.
    european = pc.or_(pc.match_substring_regex(signs, _DOT_THOUSANDS),
                      pc.match_substring_regex(signs, _DECIMAL_COMMA))  # fmt: skip
    as_english = pc.replace_substring(pc.replace_substring(signs, ".", ""), ",", ".")
    cleaned = pc.if_else(european, as_english, pc.replace_substring(signs, ",", ""))
    return pd.to_numeric(cleaned.to_pandas(), errors="coerce").to_numpy(dtype=float, copy=True)


def normalise_table(
    frame: pd.DataFrame, mapped: dict[str, str], source: str, first_line: int,
    report: ImportReport, day_first: bool | None = None,
) -> pa.Table:  # fmt: skip
    """Source rows → rows of the postings table (COLUMNS, minus import_id); rejects bad rows.

    Rows without title and description, or with an unreadable date, are rejected with their
    line (first_line + position in the batch). Slashed dates are read day first as
    `day_first` says (None: as these rows alone show, see dates.is_day_first).
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
    location = _place(text("location"))
    if has("city") or has("country"):
        city_country = pc.utf8_trim(
            pc.binary_join_element_wise(
                _place(text("city")), _place(text("country")), pa.scalar(", ", pa.large_string())
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
    yes = pc.is_in(remote, value_set=pa.array(_REMOTE, pa.large_string()))
    no = pc.is_in(remote, value_set=pa.array(_NOT_REMOTE, pa.large_string()))
    says_remote = pc.match_substring(location, "remote", ignore_case=True)
    out["is_remote"] = pc.if_else(
        pc.or_(yes, no),
        yes,
        pc.if_else(says_remote, pa.scalar(True), pa.scalar(None, pa.bool_())),
    )
    out["job_type"] = text("job_type")
    out["skills_list"] = text("skills_list")

    _salaries(mapped, text, out, n, first_line, report)

    raw_dates = text("date_posted")
    dates, bad_dates = (
        parse_dates(raw_dates.to_pandas(), day_first) if has("date_posted") else (None, None)
    )
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


def _salaries(
    mapped: dict[str, str], text, out: dict, n: int, first_line: int, report: ImportReport
) -> None:
    """Annual salary_min/max, currency and the interval the source gave; salary text (e.g.
    Glassdoor's "$85K-$120K (Glassdoor est.)") fills rows without amounts. Amounts with an
    interval we cannot read are left out (a note names it): guessing yearly stored $50 an
    hour as $50 a year."""
    has = mapped.__contains__
    intervals, factor = [None] * n, np.ones(n)
    if has("salary_interval"):
        intervals, factor = _interval_factors(text("salary_interval"))
    low, low_currency = _column_amounts(text("salary_min"), n, has("salary_min"))
    high, high_currency = _column_amounts(text("salary_max"), n, has("salary_max"))
    unknown = np.isnan(factor) & ~(np.isnan(low) & np.isnan(high))
    if unknown.any():
        _note_unknown_intervals(text("salary_interval"), unknown, mapped["salary_interval"],
                                first_line, report)  # fmt: skip
    low, high = low * factor, high * factor
    swapped = low > high  # "120000, 90000": the bounds in the wrong columns
    low[swapped], high[swapped] = high[swapped], low[swapped]
    currency = text("salary_currency")
    if low_currency or high_currency:  # "£40,000" with no currency column
        currency = _with_written_currency(currency, low_currency, high_currency)
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
            currency = pa.chunked_array([pa.array(currencies, pa.large_string())])
    out["salary_min"] = pa.array(low, pa.float64(), from_pandas=True)
    out["salary_max"] = pa.array(high, pa.float64(), from_pandas=True)
    out["salary_currency"] = currency
    out["salary_interval"] = pa.array(intervals, pa.string())


def _with_written_currency(
    currency: pa.ChunkedArray, *written: list[str | None] | None
) -> pa.ChunkedArray:
    """Empty currency cells filled from a currency written with the amounts (min first)."""
    currencies = currency.to_pylist()
    for column in (c for c in written if c):
        for i, code in enumerate(column):
            if code and not currencies[i]:
                currencies[i] = code
    return pa.chunked_array([pa.array(currencies, pa.large_string())])


def _interval_factors(values: pa.ChunkedArray) -> tuple[list[str | None], np.ndarray]:
    """(interval per row, factor to a year per row) from an interval column: 1.0 where the
    cell is empty (the amounts are taken as given), NaN where it holds a spelling we cannot
    read ("fortnightly")."""
    cells = values.to_pandas()
    names = cells.map({cell: normalise_interval(cell) for cell in cells.unique()})
    factor = names.map(ANNUAL_FACTOR).to_numpy(dtype=float, copy=True)
    factor[(cells == "").to_numpy()] = 1.0
    return [name if isinstance(name, str) else None for name in names.tolist()], factor


def _column_amounts(
    values: pa.ChunkedArray, n: int, present: bool
) -> tuple[np.ndarray, list[str | None] | None]:
    """(amount per row, currency written with it per row or None when no cell names one) of a
    min/max column; NaN where a cell holds no single amount. All NaN when the column is
    absent."""
    if not present:
        return np.full(n, np.nan), None
    numbers = _numbers(values)
    written = pc.match_substring_regex(values, _MORE_THAN_A_NUMBER).to_numpy(False)
    if not written.any():
        return numbers, None
    currencies: list[str | None] = [None] * n
    rows = np.flatnonzero(written)
    for i, cell in zip(rows, values.filter(pa.array(written)).to_pylist(), strict=True):
        amount, currencies[i] = parse_amount(cell)
        if np.isnan(numbers[i]) and amount is not None:  # "40k"
            numbers[i] = amount
    return numbers, currencies


def _note_unknown_intervals(
    cells: pa.ChunkedArray, unknown: np.ndarray, column: str, first_line: int,
    report: ImportReport,
) -> None:  # fmt: skip
    """One note per interval spelling we cannot read, with how many rows lost their amounts."""
    rows_by_value: dict[str, list[int]] = {}
    cell_values = cells.to_pylist()
    for i in np.flatnonzero(unknown):
        rows_by_value.setdefault(cell_values[i], []).append(int(i))
    for value, rows in rows_by_value.items():
        report.notes.append(
            f"salary interval {value!r} in '{column}' is not hourly, daily, weekly, monthly or "
            f"yearly: the salary amounts of {len(rows)} row(s) are left out "
            f"(first: line {first_line + rows[0]})"
        )


def normalise_batch(
    frame: pd.DataFrame, mapped: dict[str, str], source: str, first_line: int,
    report: ImportReport, day_first: bool | None = None,
) -> pd.DataFrame:  # fmt: skip
    """`normalise_table` as a DataFrame (for the market-study engines' batch function)."""
    return normalise_table(frame, mapped, source, first_line, report, day_first).to_pandas()
