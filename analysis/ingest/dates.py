"""Date parsing for the many layouts exports use, vectorised over a column."""

from __future__ import annotations

import pandas as pd

# Tried in order on the values the previous formats could not read.
FORMATS = (
    "ISO8601",                # 2025-07-14, 2022-12-01T16:00:59, 2023-07-10 12:52:37
    "%m/%d/%y, %I:%M %p",     # LinkedIn: 1/8/18, 6:14 PM
    "%m/%d/%Y, %I:%M %p",
    "%d %b %Y",               # LinkedIn: 16 Dec 2024
    "%b %d, %Y",              # Dec 16, 2024
    "%B %d, %Y",              # December 16, 2024
    "%m/%d/%Y",               # 12/16/2024
    "%m/%d/%y",
    "%Y-%m-%d %H:%M:%S UTC",
    "%b %Y",                  # Positions.csv: Mar 2023
    "%Y",                     # 2019
)  # fmt: skip


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of date strings.

    Returns (dates, bad): dates as datetime64 (NaT where empty or unreadable) and a boolean
    mask of values that were present but could not be read.
    """
    text = values.astype("string").str.strip()
    text = text.str.replace(r"\s+UTC$", "", regex=True)
    present = text.notna() & (text != "")
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    todo = present.copy()
    for fmt in FORMATS:
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_convert(None)
        ok = parsed.notna()
        result.loc[ok[ok].index] = parsed[ok].astype("datetime64[ns]")
        todo.loc[ok[ok].index] = False
    return result, todo


def parse_date(value: object) -> pd.Timestamp | None:
    """One value; None when empty; raises ValueError when present but unreadable."""
    dates, bad = parse_dates(pd.Series([value], dtype="object"))
    if bad.iloc[0]:
        raise ValueError(f"cannot read the date {value!r}")
    return None if pd.isna(dates.iloc[0]) else dates.iloc[0]
