"""Salary text, intervals and the date layouts exports use."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.ingest.dates import parse_date, parse_dates
from analysis.ingest.salary import Salary, annualise, normalise_interval, parse_salary_text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("$85K-$120K (Glassdoor est.)", Salary(85000.0, 120000.0, "USD", None)),
        ("$21-$34 Per Hour(Glassdoor est.)", Salary(43680.0, 70720.0, "USD", "hourly")),
        ("Employer Provided Salary:$150K-$160K", Salary(150000.0, 160000.0, "USD", None)),
        ("$150-190K + Bonus (USD)", Salary(150000.0, 190000.0, "USD", None)),
        ("150-250k+ + equity + benefits (USD)", Salary(150000.0, 250000.0, "USD", None)),
        ("€84k - €103k (EUR)", Salary(84000.0, 103000.0, "EUR", None)),
        ("£60K – £110K + options (GBP)", Salary(60000.0, 110000.0, "GBP", None)),
        ("$4000-$8000/month (USD)", Salary(48000.0, 96000.0, "USD", "monthly")),
        ("$120,000 - $130,000 (USD)", Salary(120000.0, 130000.0, "USD", None)),
        ("$125K (USD)", Salary(125000.0, 125000.0, "USD", None)),
        ("$400 per day", Salary(104000.0, 104000.0, "USD", "daily")),
        ("$2,000 a week", Salary(104000.0, 104000.0, "USD", "weekly")),
        ("Up to $170k, 3.5% equity", Salary(170000.0, 170000.0, "USD", None)),
        ("$160k 1099 for US or local avg + 20%", Salary(160000.0, 160000.0, "USD", None)),
        ("$533B worth of construction (USD)", None),
        ("-1", None),
        ("Competitive", None),
        (None, None),
    ],
)
def test_parse_salary_text(text, expected):
    assert parse_salary_text(text) == expected


def test_annualise_factors():
    assert [annualise(10.0, i) for i in ("hourly", "daily", "weekly", "monthly", "yearly", None)] == [
        20800.0, 2600.0, 520.0, 120.0, 10.0, 10.0,
    ]  # fmt: skip
    assert normalise_interval("Year") == "yearly"
    assert normalise_interval("fortnightly") is None


def test_parse_dates_layouts():
    values = pd.Series(["2025-07-14", "1/8/18, 6:14 PM", "16 Dec 2024", "Mar 2023", "2019", "",
                        None, "garbage", "2022-12-01T16:00:59", "2023-07-10 12:52:37 UTC"])  # fmt: skip
    dates, bad = parse_dates(values)
    assert [d.isoformat() if not pd.isna(d) else None for d in dates] == [
        "2025-07-14T00:00:00", "2018-01-08T18:14:00", "2024-12-16T00:00:00",
        "2023-03-01T00:00:00", "2019-01-01T00:00:00", None, None, None,
        "2022-12-01T16:00:59", "2023-07-10T12:52:37",
    ]  # fmt: skip
    assert bad.tolist() == [False] * 7 + [True, False, False]


def test_parse_date_single():
    assert parse_date("04 Jul 2023") == pd.Timestamp("2023-07-04")
    assert parse_date("") is None
    with pytest.raises(ValueError, match="cannot read the date 'soon'"):
        parse_date("soon")
