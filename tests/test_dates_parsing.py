"""Dates with zones keep their local calendar day; one column is read day- or month-first."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import store
from analysis.ingest.dates import is_day_first, parse_date, parse_dates
from analysis.ingest.postings import import_postings


def iso(values: list[object], day_first: bool | None = None) -> tuple[list, list]:
    """parse_dates as ISO strings (None for NaT) and the bad mask, as plain lists."""
    dates, bad = parse_dates(pd.Series(values, dtype="object"), day_first)
    return [None if pd.isna(d) else d.isoformat() for d in dates], bad.tolist()


@pytest.fixture
def con():
    connection = store.connect(":memory:")
    yield connection
    connection.close()


def import_dates(con, tmp_path, *values: str):
    """Import a postings CSV whose date_posted column holds `values` (titles T0, T1, ...)."""
    path = tmp_path / "dates.csv"
    body = "".join(f"T{i},d{i},{v}\n" for i, v in enumerate(values))
    path.write_text("title,description,date_posted\n" + body, encoding="utf-8")
    report = import_postings(con, path)
    stored = con.execute("SELECT title, date_posted FROM postings ORDER BY title").fetchall()
    return stored, [(r.line, r.column, r.reason) for r in report.rejections]


# --- zones -----------------------------------------------------------------------------------


def test_winter_and_summer_offsets_in_one_column():
    assert iso(["2024-01-05T10:00:00+01:00", "2024-07-05T10:00:00+02:00"]) == (
        ["2024-01-05T10:00:00", "2024-07-05T10:00:00"],
        [False, False],
    )


def test_utc_z_beside_a_plain_date():
    assert iso(["2024-03-05T10:00:00Z", "2024-03-05"]) == (
        ["2024-03-05T10:00:00", "2024-03-05T00:00:00"],
        [False, False],
    )


@pytest.mark.parametrize(
    "value",
    ["2024-03-05T23:30:00-05:00", "2024-03-05 23:30 America/New_York", "2024-03-05T23:30-0500",
     "2024-03-05 23:30:00 -05", "2024-03-05 23:30:00 GMT", "2024-03-05 23:30:00 UTC"],
)  # fmt: skip
def test_a_zone_keeps_the_local_time_as_written(value):
    assert iso([value]) == (["2024-03-05T23:30:00"], [False])


def test_an_hour_only_offset_mixed_with_another_still_reads():
    # Not stripped by the zone pattern: the per-value fallback reads it instead of crashing.
    assert iso(["2024-03-05 23+01:00", "2024-03-05T10:00:00+02:00"]) == (
        ["2024-03-05T23:00:00", "2024-03-05T10:00:00"],
        [False, False],
    )


def test_mixed_offsets_import_without_error(con, tmp_path):
    stored, rejected = import_dates(
        con, tmp_path, "2024-01-05T10:00:00+01:00", "2024-07-05T10:00:00+02:00",
        "2024-03-05T23:30:00-05:00", "2024-03-05T10:00:00Z", "2024-03-05",
    )  # fmt: skip
    assert stored == [
        ("T0", dt.date(2024, 1, 5)), ("T1", dt.date(2024, 7, 5)), ("T2", dt.date(2024, 3, 5)),
        ("T3", dt.date(2024, 3, 5)), ("T4", dt.date(2024, 3, 5)),
    ]  # fmt: skip
    assert rejected == []


def test_tz_aware_parquet_keeps_its_local_day(con, tmp_path):
    path = tmp_path / "tz.parquet"
    stamps = pd.Series(pd.to_datetime(["2024-03-05 23:30"])).dt.tz_localize("America/New_York")
    pd.DataFrame({"title": ["A"], "description": ["a"], "date_posted": stamps}).to_parquet(path)
    import_postings(con, path)
    assert con.execute("SELECT title, date_posted FROM postings").fetchall() == [
        ("A", dt.date(2024, 3, 5))
    ]


# --- day first or month first ------------------------------------------------------------------


def test_a_column_that_proves_day_first_is_read_day_first():
    assert iso(["04/07/2023", "13/07/2023", "05/08/2023"]) == (
        ["2023-07-04T00:00:00", "2023-07-13T00:00:00", "2023-08-05T00:00:00"],
        [False, False, False],
    )


def test_us_date_alone_stays_month_first():
    assert iso(["04/07/2023"]) == (["2023-04-07T00:00:00"], [False])
    assert iso(["04/07/2023", "12/31/2023"]) == (
        ["2023-04-07T00:00:00", "2023-12-31T00:00:00"], [False, False]
    )  # fmt: skip


def test_a_contradicting_column_keeps_month_first_and_rejects_the_day_first_value():
    assert iso(["13/04/2024", "12/31/24", "03/04/2024"]) == (
        [None, "2024-12-31T00:00:00", "2024-03-04T00:00:00"], [True, False, False]
    )  # fmt: skip


def test_day_first_can_be_given():
    assert iso(["04/07/2023", "07/13/2023"], day_first=True) == (
        ["2023-07-04T00:00:00", None], [False, True]
    )  # fmt: skip


def test_day_first_applies_to_linkedin_times_and_two_digit_years():
    assert iso(["13/7/23", "1/8/18, 6:14 PM"]) == (
        ["2023-07-13T00:00:00", "2018-08-01T18:14:00"], [False, False]
    )  # fmt: skip


@pytest.mark.parametrize(
    "values, expected",
    [(["04/07/2023"], False), (["13/07/2023", "04/07/2023"], True),
     (["13/07/2023", "07/13/2023"], False), (["2024-03-05", None, ""], False),
     (["13/07/2023", "2024-03-05"], True), ([" 25/12/2023 "], True)],
)  # fmt: skip
def test_is_day_first(values, expected):
    assert is_day_first(pd.Series(values, dtype="object")) is expected


def test_day_first_column_imports_and_names_the_contradicting_row(con, tmp_path):
    stored, rejected = import_dates(con, tmp_path, "04/07/2023", "13/07/2023", "2024-03-05")
    assert stored == [
        ("T0", dt.date(2023, 7, 4)), ("T1", dt.date(2023, 7, 13)), ("T2", dt.date(2024, 3, 5))
    ]  # fmt: skip
    assert rejected == []
    con.execute("DELETE FROM postings")
    stored, rejected = import_dates(con, tmp_path, "13/07/2023", "07/14/2023", "04/07/2023")
    assert stored == [("T1", dt.date(2023, 7, 14)), ("T2", dt.date(2023, 4, 7))]
    assert rejected == [(2, "date_posted", "cannot read the date '13/07/2023'")]


# --- unchanged --------------------------------------------------------------------------------


def test_plain_iso_dates_are_unchanged():
    assert iso(["2024-03-05", "2022-12-01T16:00:59", "2023-07-10 12:52:37", "16 Dec 2024"]) == (
        ["2024-03-05T00:00:00", "2022-12-01T16:00:59", "2023-07-10T12:52:37",
         "2024-12-16T00:00:00"],
        [False] * 4,
    )  # fmt: skip
    assert parse_date("2024-03-05") == pd.Timestamp("2024-03-05")
    assert parse_date("2023-07-10 UTC") == pd.Timestamp("2023-07-10")


def test_single_values():
    assert parse_date("13/07/2023") == pd.Timestamp("2023-07-13")
    assert parse_date("04/07/2023") == pd.Timestamp("2023-04-07")
    assert parse_date("2024-03-05T23:30:00-05:00") == pd.Timestamp("2024-03-05 23:30")


offsets = st.sampled_from(["Z", "+01:00", "+02:00", "-05:00", "+0530", "-03", ""])


@given(st.lists(st.tuples(st.dates(dt.date(1990, 1, 1), dt.date(2050, 12, 31)),
                          st.times(), offsets), min_size=1, max_size=20))  # fmt: skip
def test_any_mix_of_offsets_keeps_each_local_date_and_time(stamps):
    values = [f"{d.isoformat()}T{t.strftime('%H:%M:%S')}{z}" for d, t, z in stamps]
    expected = [f"{d.isoformat()}T{t.strftime('%H:%M:%S')}" for d, t, _ in stamps]
    assert iso(values) == (expected, [False] * len(values))
