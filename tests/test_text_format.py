"""Signed numbers never read "-0"; dates read one way on every page and in the report; codes
are written out as people name them."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from analysis.text_format import against_goal, day, moment, signed, words


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [(-0.04, 1, "+0.0"), (-0.05, 1, "-0.1"), (0.26, 1, "+0.3"), (-0.3, 0, "+0"),
     (2.25, 0, "+2"), (-12.5, 0, "-12"), (0.0, 2, "+0.00"), (-1.0, 1, "-1.0")],
)  # fmt: skip
def test_signed(value, digits, expected):
    assert signed(value, digits) == expected


def test_a_count_against_its_goal():
    assert [against_goal(n, 10) for n in (0, 4, 10, 98)] == [
        "0 of 10", "4 of 10", "10 of 10", "98 (goal 10)",
    ]  # fmt: skip


def test_dates_read_the_same_everywhere():
    assert day(date(2026, 11, 1)) == "1 Nov 2026"  # as the tables' "D MMM YYYY"
    assert day(pd.Timestamp("2026-03-02 14:05")) == "2 Mar 2026"
    assert day(None) == "" and day(pd.NaT) == ""
    assert moment(datetime(2026, 11, 23, 14, 5, 9)) == "23 Nov 2026, 14:05"


@pytest.mark.parametrize(
    ("code", "expected"),
    [("demo-postings", "Demo postings"), ("vcard", "vCard"), ("linkedin-messages",
     "LinkedIn messages"), ("profile_skills", "Profile skills"), ("csv", "CSV"),
     ("jobspy", "JobSpy"), ("", ""), (None, "")],
)  # fmt: skip
def test_format_and_kind_codes_are_written_out(code, expected):
    assert words(code) == expected
