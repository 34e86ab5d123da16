"""Date parsing for the many layouts exports use, vectorised over a column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

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
# The same layouts for a column written day first (a European Excel re-save: 13/07/2023).
DAY_FIRST_FORMATS = tuple(fmt.replace("%m/%d/", "%d/%m/") for fmt in FORMATS)

# A time of day followed by its zone: Z, UTC/GMT, an offset (+02:00, -0500, +01) or an IANA
# name (America/New_York). The zone is dropped so the date stays the one the writer saw; it
# also keeps pandas from refusing a column that mixes winter and summer offsets. Written for
# Arrow's RE2 (no \s or \d, a plain string), which runs it 6 times faster than Python's re.
_ZONE = (
    r"((?:T[0-9]{2}(?::?[0-9]{2}){0,2}|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)(?:[.,][0-9]+)?)[ \t]*"
    r"(?:Z|(?:UTC|GMT)(?:[+-][0-9]{1,2}(?::?[0-9]{2})?)?|[+-][0-9]{2}(?::?[0-9]{2})?"
    r"|[A-Za-z]+(?:/[A-Za-z0-9_+-]+)+)$"
)
# Slashed dates (04/07/2023, 4/7/23, 1/8/18, 6:14 PM), and those whose first or second number
# is over 12. Plain strings with no \d: Arrow's RE2 then runs them, 20 times faster than a
# Python extract (and DuckDB's RE2 and Spark's Java regex run them as they are).
SLASHED = r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{2}"
FIRST_OVER_12 = r"^(?:1[3-9]|[2-9][0-9])/[0-9]{1,2}/[0-9]{2}"
SECOND_OVER_12 = r"^[0-9]{1,2}/(?:1[3-9]|[2-9][0-9])/[0-9]{2}"


class OrderEvidence(NamedTuple):
    """What a column of dates tells of the order of its slashed dates."""

    slashed: bool  # some value is a slashed date: its reading may depend on the order
    day_first: bool  # some value cannot be month first (13/07/2023)
    month_first: bool  # some value cannot be day first (07/13/2023)


def order_evidence(values: pd.Series) -> OrderEvidence:
    """What these values tell of the order of their slashed dates (see is_day_first)."""
    text = values.astype("string").str.strip()
    if not text.str.contains(SLASHED).any():  # ISO dates and the like: nothing to tell
        return OrderEvidence(False, False, False)
    return OrderEvidence(True, bool(text.str.contains(FIRST_OVER_12).any()),
                         bool(text.str.contains(SECOND_OVER_12).any()))  # fmt: skip


def is_day_first(values: pd.Series) -> bool:
    """Whether a column of slashed dates is written day first: some value cannot be
    month-first (13/07/2023) and none cannot be day-first (07/13/2023). A column that never
    tells (04/07/2023 alone) or contradicts itself keeps the month-first default."""
    evidence = order_evidence(values)
    return evidence.day_first and not evidence.month_first


class OrderChanged(Exception):
    """A batch settled a column's order the other way than earlier batches were read in."""


@dataclass
class ColumnOrder:
    """The order of one column's slashed dates, settled by is_day_first over all of its values
    while it is read in batches: the evidence of every batch seen so far (in this reading of
    the file or an earlier one) decides, and a batch that turns the decision after a batch
    with slashed dates was read the other way raises OrderChanged. The file is then read
    again, from its first batch, with what this one showed (`read_again`)."""

    proves_day_first: bool = False
    proves_month_first: bool = False
    shown_by: str | None = None  # the first value that cannot be month first (13/02/2023)
    _read_in: set[bool] = field(default_factory=set, init=False)  # orders slashed batches got

    @property
    def day_first(self) -> bool:
        return self.proves_day_first and not self.proves_month_first

    @property
    def settled(self) -> bool:
        """Whether the batches read so far were read in an order some value showed, not only
        by default: then only a value proving the other order too can still change it."""
        return not self._read_in or self.proves_day_first or self.proves_month_first

    def day_first_for(self, values: pd.Series) -> bool:
        """Whether to read this batch of the column day first; raises OrderChanged."""
        evidence = order_evidence(values)
        if evidence.slashed:
            if evidence.day_first and self.shown_by is None:
                text = values.astype("string").str.strip()
                self.shown_by = str(text[text.str.contains(FIRST_OVER_12).fillna(False)].iloc[0])
            self.proves_day_first |= evidence.day_first
            self.proves_month_first |= evidence.month_first
            if (not self.day_first) in self._read_in:
                raise OrderChanged
            self._read_in.add(self.day_first)
        return self.day_first

    def note(self) -> str | None:
        """What a reader of the import should know of the order, when it is not the default."""
        if not self.day_first:
            return None
        return f"slashed dates read day first (01/02/2023 as 1 Feb 2023), as {self.shown_by} shows"

    def read_again(self) -> None:
        """The file is read again from its start, keeping the evidence found so far."""
        self._read_in.clear()


def parse_dates(values: pd.Series, day_first: bool | None = None) -> tuple[pd.Series, pd.Series]:
    """Parse a column of date strings, day or month first as `day_first` says (None: decided
    from the column's values by is_day_first). Dates with a zone keep their local time.

    Returns (dates, bad): dates as datetime64 (NaT where empty or unreadable) and a boolean
    mask of values that were present but could not be read.
    """
    text = values.astype("string").str.strip()
    text = text.str.replace(r"[ \t]+UTC$", "", regex=True)  # also after a date alone
    text = text.str.replace(_ZONE, r"\1", regex=True)
    if day_first is None:
        day_first = is_day_first(text)
    present = text.notna() & (text != "")
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    todo = present.copy()
    for fmt in DAY_FIRST_FORMATS if day_first else FORMATS:
        if not todo.any():
            break
        parsed = _to_local_datetime(text[todo], fmt)
        ok = parsed.notna()
        result.loc[ok[ok].index] = parsed[ok].astype("datetime64[ns]")
        todo.loc[ok[ok].index] = False
    return result, todo


def _to_local_datetime(text: pd.Series, fmt: str) -> pd.Series:
    """`text` read with `fmt`, NaT where it does not fit; zones keep their wall time."""
    try:
        parsed = pd.to_datetime(text, format=fmt, errors="coerce")
    except ValueError:  # offsets _ZONE missed (2024-03-05 23+01:00), mixed in one column
        parsed = pd.to_datetime(
            text.map(lambda v: _wall_time(pd.to_datetime(v, format=fmt, errors="coerce")))
        )
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)  # the time as written, not UTC
    return parsed


def _wall_time(value: pd.Timestamp) -> pd.Timestamp:
    return value.tz_localize(None) if value is not pd.NaT and value.tzinfo else value


def parse_date(value: object) -> pd.Timestamp | None:
    """One value; None when empty; raises ValueError when present but unreadable."""
    dates, bad = parse_dates(pd.Series([value], dtype="object"))
    if bad.iloc[0]:
        raise ValueError(f"cannot read the date {value!r}")
    return None if pd.isna(dates.iloc[0]) else dates.iloc[0]
