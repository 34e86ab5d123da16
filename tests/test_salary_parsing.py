"""Salary amounts, currencies and intervals: read next to the amounts, never from a word
elsewhere in the text, and never guessed yearly from an interval column we cannot read."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ingest.common import ImportReport
from analysis.ingest.postings import import_postings
from analysis.ingest.postings_normalise import normalise_table
from analysis.ingest.salary import (
    Salary,
    normalise_interval,
    parse_amount,
    parse_salary_text,
    plausible_annual,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        # An interval word away from the amounts is not the salary's interval.
        ("$90k - $110k (hybrid, 3 days a week in office)",
         Salary(90000.0, 110000.0, "USD", None)),
        ("$120k-$140k, 4 day work week", Salary(120000.0, 140000.0, "USD", None)),
        ("$75k-$220k base + equity + annual cash bonus (USD)",
         Salary(75000.0, 220000.0, "USD", None)),
        # Extras after "+" are not the salary.
        ("$150,000 + $1,000/month remote stipend", Salary(150000.0, 150000.0, "USD", None)),
        ("£55k + £500 a month car allowance", Salary(55000.0, 55000.0, "GBP", None)),
        ("$120k plus $20k signing bonus", Salary(120000.0, 120000.0, "USD", None)),
        # The interval next to the amounts.
        ("$50 per hour", Salary(104000.0, 104000.0, "USD", "hourly")),
        ("50-60 an hour", Salary(104000.0, 124800.0, None, "hourly")),
        ("£3,000 a month", Salary(36000.0, 36000.0, "GBP", "monthly")),
        ("€400/day", Salary(104000.0, 104000.0, "EUR", "daily")),
        ("$45+/hr (USD)", Salary(93600.0, 93600.0, "USD", "hourly")),
        ("$100~$200/hour (USD)", Salary(208000.0, 416000.0, "USD", "hourly")),
        ("10,000 euros per month (EUR)", Salary(120000.0, 120000.0, "EUR", "monthly")),
        ("130,047 - 190,736 USD / year (USD)", Salary(130047.0, 190736.0, "USD", "yearly")),
        ("$134,800.00 - $357,500.00 /Yr. (USD)", Salary(134800.0, 357500.0, "USD", "yearly")),
        ("Hourly rate: $50", Salary(104000.0, 104000.0, "USD", "hourly")),
        ("Day rate £500", Salary(130000.0, 130000.0, "GBP", "daily")),
        # Amounts too small for a year's pay take an interval named elsewhere.
        ("$45–$70 USD or 190–295 PLN per hour (USD)",
         Salary(93600.0, 145600.0, "USD", "hourly")),
        # Letters before "$" name the currency.
        ("R$15k/mo", Salary(180000.0, 180000.0, "BRL", "monthly")),
        ("R$10-14.5k/mo", Salary(120000.0, 174000.0, "BRL", "monthly")),
        ("CA$150k", Salary(150000.0, 150000.0, "CAD", None)),
        ("C$120k", Salary(120000.0, 120000.0, "CAD", None)),
        ("A$140k", Salary(140000.0, 140000.0, "AUD", None)),
        ("AU$130k", Salary(130000.0, 130000.0, "AUD", None)),
        ("NZ$110k", Salary(110000.0, 110000.0, "NZD", None)),
        ("S$8,000/month", Salary(96000.0, 96000.0, "SGD", "monthly")),
        ("HK$50k/mo", Salary(600000.0, 600000.0, "HKD", "monthly")),
        ("MX$40,000 a month", Salary(480000.0, 480000.0, "MXN", "monthly")),
        ("$100k (CAD)", Salary(100000.0, 100000.0, "CAD", None)),
        ("$50,000–$80,000 (EUR)", Salary(50000.0, 80000.0, "EUR", None)),
        # Large nominal salaries, and a conversion into another currency left out.
        ("JPY 9,000,000 – JPY 11,000,000", Salary(9e6, 11e6, "JPY", None)),
        ("20M JPY/yr (~$125k/yr)", Salary(20e6, 20e6, "JPY", "yearly")),
        ("₩70,000,000", Salary(70e6, 70e6, "KRW", None)),
        ("HUF 12,000,000 - 15,000,000", Salary(12e6, 15e6, "HUF", None)),
        ("£80k/$100k equivalent (GBP)", Salary(80000.0, 80000.0, "GBP", None)),
        ("~$150-$220K/annum (USD)", Salary(150000.0, 220000.0, "USD", "yearly")),
        # Unchanged.
        ("$120,000 - $150,000 a year", Salary(120000.0, 150000.0, "USD", "yearly")),
        ("$50/hour", Salary(104000.0, 104000.0, "USD", "hourly")),
        ("£40k", Salary(40000.0, 40000.0, "GBP", None)),
        ("$120,000 - $90,000", Salary(90000.0, 120000.0, "USD", None)),
        ("$1,000/week", Salary(52000.0, 52000.0, "USD", "weekly")),
        ("€60-80k", Salary(60000.0, 80000.0, "EUR", None)),
        ("$9,000,000,000 a year", None),
        ("$5-0k", Salary(5000.0, 5000.0, "USD", None)),  # was ZeroDivisionError
        ("3 openings", None),
    ],
)  # fmt: skip
def test_parse_salary_text(text, expected):
    assert parse_salary_text(text) == expected


@pytest.mark.parametrize(
    "value, expected",
    [("hourly", "hourly"), ("per hour", "hourly"), ("Per Hour", "hourly"), ("hr", "hourly"),
     ("/hr", "hourly"), ("Hourly rate", "hourly"), ("day rate", "daily"), ("Weekly", "weekly"),
     ("per month", "monthly"), ("Monthly", "monthly"), ("MONTH", "monthly"),
     ("annually", "yearly"), ("yr", "yearly"), ("a year", "yearly"), ("per annum", "yearly"),
     ("p.a.", "yearly"), ("fortnightly", None), ("per", None), ("", None), (None, None)],
)  # fmt: skip
def test_normalise_interval_spellings(value, expected):
    assert normalise_interval(value) == expected


@pytest.mark.parametrize(
    "cell, expected",
    [("40k", (40000.0, None)), ("£40,000", (40000.0, "GBP")), ("USD 1.2M", (1200000.0, "USD")),
     ("$45.50", (45.5, "USD")), ("40000 €", (40000.0, "EUR")), ("CA$90k", (90000.0, "CAD")),
     ("about 40k", (None, None)), ("40k-50k", (None, None)), ("-1", (None, None)),
     ("n/a", (None, None)), ("", (None, None))],
)  # fmt: skip
def test_parse_amount(cell, expected):
    assert parse_amount(cell) == expected


def test_plausible_annual_follows_the_currency():
    assert plausible_annual("USD") == (1_000.0, 10_000_000.0)
    assert plausible_annual("JPY") == (1_000.0, 1_500_000_000.0)
    assert plausible_annual(None) == (1_000.0, 10_000_000.0)


CSV = """title,description,min_salary,max_salary,pay_period,currency
A,x,50,60,Per Hour,USD
B,x,50,60,hr,USD
C,x,5000,6000,per month,USD
D,x,5000,6000,Monthly,USD
E,x,90000,100000,annually,USD
F,x,40k,50k,yr,GBP
G,x,"£40,000","£50,000",yearly,
H,x,120000,90000,yearly,USD
I,x,50,60,fortnightly,USD
J,x,50,60,,USD
"""


def test_interval_column_spellings_and_amounts_with_k(empty_workspace, tmp_path):
    path = tmp_path / "pay.csv"
    path.write_text(CSV, encoding="utf-8")
    report = import_postings(empty_workspace, path)
    assert (report.rows_read, report.rows_added, report.rows_rejected) == (10, 10, 0)
    assert empty_workspace.execute(
        "SELECT title, salary_min, salary_max, salary_currency, salary_interval FROM postings "
        "ORDER BY title"
    ).fetchall() == [
        ("A", 104000.0, 124800.0, "USD", "hourly"),
        ("B", 104000.0, 124800.0, "USD", "hourly"),
        ("C", 60000.0, 72000.0, "USD", "monthly"),
        ("D", 60000.0, 72000.0, "USD", "monthly"),
        ("E", 90000.0, 100000.0, "USD", "yearly"),
        ("F", 40000.0, 50000.0, "GBP", "yearly"),
        ("G", 40000.0, 50000.0, "GBP", "yearly"),
        ("H", 90000.0, 120000.0, "USD", "yearly"),
        ("I", None, None, "USD", None),  # not guessed yearly: $50 a fortnight is no salary
        ("J", 50.0, 60.0, "USD", None),  # no interval given: the amounts as they are
    ]  # fmt: skip


def test_unknown_interval_is_named_in_a_note():
    frame = pd.DataFrame({
        "title": ["a", "b", "c", "d"],
        "low": ["50", "", "55", "45"],
        "period": ["fortnightly", "fortnightly", "fortnightly", "Per Hour"],
        "salary": ["", "", "$50/hour", ""],
    })  # fmt: skip
    mapped = {"title": "title", "salary_min": "low", "salary_interval": "period",
              "salary_text": "salary"}  # fmt: skip
    report = ImportReport(0, "postings", "pay.csv")
    table = normalise_table(frame, mapped, "pay", 2, report)
    assert table.select(["salary_min", "salary_max", "salary_interval"]).to_pylist() == [
        {"salary_min": None, "salary_max": None, "salary_interval": None},
        {"salary_min": None, "salary_max": None, "salary_interval": None},
        {"salary_min": 104000.0, "salary_max": 104000.0, "salary_interval": "hourly"},
        {"salary_min": 93600.0, "salary_max": None, "salary_interval": "hourly"},
    ]
    assert report.notes == [
        "salary interval 'fortnightly' in 'period' is not hourly, daily, weekly, monthly or "
        "yearly: the salary amounts of 2 row(s) are left out (first: line 2)"
    ]
    assert report.rejections == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="$€£¥R CAJPYUSD0123456789,.-+~()/kKmM hourpermonthayear", max_size=40))
def test_parse_salary_text_any_text(text):
    """Never fails; a salary found is an ordered range the currency makes plausible."""
    parsed = parse_salary_text(text)
    if parsed is not None:
        low, high = plausible_annual(parsed.currency)
        assert low <= parsed.minimum <= parsed.maximum <= high


def test_amount_columns_written_the_european_way(empty_workspace, tmp_path):
    path = tmp_path / "pay.csv"
    path.write_text(
        "title,company,min_amount,max_amount,interval,currency\n"
        'A,x,85.000,"95.000,50",yearly,EUR\n'
        'B,x,"4250,50","5.100,00",monthly,EUR\n'
        'C,x,"85,000","95,000",yearly,USD\n'
        "D,x,45.50,52.75,hourly,USD\n",
        encoding="utf-8",
    )
    import_postings(empty_workspace, path)
    assert empty_workspace.execute(
        "SELECT title, salary_min, salary_max FROM postings ORDER BY title"
    ).fetchall() == [
        ("A", 85000.0, 95000.5),
        ("B", 51006.0, 61200.0),
        ("C", 85000.0, 95000.0),
        ("D", 94640.0, 109720.0),
    ]  # fmt: skip
