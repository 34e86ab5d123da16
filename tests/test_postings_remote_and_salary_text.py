"""Remote status, placeholder places and salary texts as the HN "Who is hiring" export writes
them: a value that says nothing stays unknown, never "no"."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.ingest.common import ImportReport
from analysis.ingest.postings import import_postings
from analysis.ingest.postings_normalise import normalise_table
from analysis.ingest.salary import Salary, parse_amount, parse_salary_text


def _normalised(columns: dict[str, list[str]], mapped: dict[str, str]) -> list[dict]:
    frame = pd.DataFrame({"title": ["t"] * len(next(iter(columns.values()))), **columns})
    report = ImportReport(0, "postings", "x.csv")
    table = normalise_table(frame, {"title": "title", **mapped}, "x", 2, report)
    assert report.rejections == []
    return table.select(["location", "is_remote"]).to_pylist()


REMOTE_VALUES = [
    # Saying yes.
    ("yes", True), ("Yes", True), ("true", True), ("True", True), ("1", True), ("y", True),
    ("remote", True), ("Fully Remote", True), ("100% remote", True),
    # Saying no (hybrid is not remote: see postings_normalise._NOT_REMOTE).
    ("no", False), ("false", False), ("False", False), ("0", False), ("n", False),
    ("onsite", False), ("On-site", False), ("on site", False), ("in office", False),
    ("In-Office", False), ("hybrid", False), ("Hybrid", False),
    # Saying nothing.
    ("unknown", None), ("", None), ("n/a", None), ("N/A", None), ("null", None),
    ("None", None), ("nan", None), ("maybe", None), ("remote possible", None),
]  # fmt: skip


@pytest.mark.parametrize("value, expected", REMOTE_VALUES)
def test_remote_column_values(value, expected):
    rows = _normalised({"remote": [value], "place": ["Berlin"]},
                       {"is_remote": "remote", "location": "place"})  # fmt: skip
    assert rows == [{"location": "Berlin", "is_remote": expected}]


def test_remote_column_that_says_nothing_falls_back_to_the_location():
    rows = _normalised(
        {"remote": ["unknown", "", "no", "hybrid", "unknown"],
         "place": ["Remote (US)", "Remote", "Remote, US", "Remote or London", "Austin"]},
        {"is_remote": "remote", "location": "place"},
    )  # fmt: skip
    assert rows == [
        {"location": "Remote (US)", "is_remote": True},
        {"location": "Remote", "is_remote": True},
        {"location": "Remote, US", "is_remote": False},  # the column said no
        {"location": "Remote or London", "is_remote": False},
        {"location": "Austin", "is_remote": None},
    ]


def test_remote_column_missing_cells_are_unknown():
    # A JSON or Parquet boolean column with gaps reaches the normaliser as objects.
    rows = _normalised({"remote": [True, False, None]}, {"is_remote": "remote"})
    assert [row["is_remote"] for row in rows] == [True, False, None]


@pytest.mark.parametrize(
    "city, country, expected",
    [("null", "null", None), ("null", "USA", "USA"), ("NULL", "UK", "UK"),
     ("Berlin", "None", "Berlin"), ("N/A", "n/a", None), ("none", "", None),
     ("Austin", "USA", "Austin, USA"), ("", "", None),
     # Not placeholders: a name that contains one, and "NA" (North America).
     ("Nonesuch", "UK", "Nonesuch, UK"), ("Remote", "NA", "Remote, NA")],
)  # fmt: skip
def test_placeholder_city_and_country_are_missing(city, country, expected):
    rows = _normalised({"city": [city], "country": [country]},
                       {"city": "city", "country": "country"})  # fmt: skip
    assert [row["location"] for row in rows] == [expected]


@pytest.mark.parametrize("cell, expected", [("null", None), ("None", None), ("N/A", None),
                                            ("Nullarbor", "Nullarbor")])  # fmt: skip
def test_placeholder_location_is_missing(cell, expected):
    rows = _normalised({"place": [cell]}, {"location": "place"})
    assert rows == [{"location": expected, "is_remote": None}]


@pytest.mark.parametrize(
    "text, expected",
    [
        # A dot before exactly three digits groups thousands.
        ("€45.000 - €90.000 (EUR)", Salary(45000.0, 90000.0, "EUR", None)),
        ("45.000 - 60.000 EUR", Salary(45000.0, 60000.0, "EUR", None)),
        ("~5.000$/month (USD)", Salary(60000.0, 60000.0, "USD", "monthly")),
        ("R$ 1.200.000 por ano", Salary(1200000.0, 1200000.0, "BRL", None)),
        # ...but not before a k or m, nor before more digits.
        ("$178.5k + equity (USD)", Salary(178500.0, 178500.0, "USD", None)),
        ("$1.250k", Salary(1250.0, 1250.0, "USD", None)),
        ("$45.50 per hour", Salary(94640.0, 94640.0, "USD", "hourly")),
        ("$134,800.00 - $357,500.00 /Yr. (USD)", Salary(134800.0, 357500.0, "USD", "yearly")),
        # Funding, bonuses and the like are not pay.
        ("$10M in funding (USD)", None),
        ("€10k Signing Bonus (EUR)", None),
        ("raised $4M", None),
        ("Series A: $8M", None),
        ("$5M ARR", None),
        ("$1B valuation", None),
        ("valued at $8M", None),
        ("$2M in revenue", None),
        # Both bounds of a range that is not pay.
        ("$4-5M raised", None),
        ("$10,000 to $15,000 signing bonus", None),
        ("$120k base, $10k signing bonus", Salary(120000.0, 120000.0, "USD", None)),
        ("$140k-$160k, $30k equity", Salary(140000.0, 160000.0, "USD", None)),
        ("Series B, $150k-$180k (USD)", Salary(150000.0, 180000.0, "USD", None)),
        ("$150k at a seed-stage startup", Salary(150000.0, 150000.0, "USD", None)),
        # Equity after "+" or beside the salary leaves the salary alone.
        ("$75-150k base & 200k+ equity (USD)", Salary(75000.0, 150000.0, "USD", None)),
        ("$250k+equity (USD)", Salary(250000.0, 250000.0, "USD", None)),
        ("$230k+ equity", Salary(230000.0, 230000.0, "USD", None)),
        ("£130k TC (base+equity) (GBP)", Salary(130000.0, 130000.0, "GBP", None)),
        ("$150K+, equity (USD)", Salary(150000.0, 150000.0, "USD", None)),
        ("$100k base + benefits & bonus (USD)", Salary(100000.0, 100000.0, "USD", None)),
    ],
)  # fmt: skip
def test_salary_text(text, expected):
    assert parse_salary_text(text) == expected


def test_amount_cell_with_dot_thousands():
    assert parse_amount("€45.000") == (45000.0, "EUR")
    assert parse_amount("USD 1.2M") == (1200000.0, "USD")


HN_CSV = """post_link_id,post_date,company,job_title,salary,remote,city,country
1,2024-01-01T16:00:00,A,Engineer,€45.000 - €90.000 (EUR),yes,null,null
2,2024-01-01T16:00:00,B,Engineer,$10M in funding (USD),unknown,null,USA
3,2024-01-01T16:00:00,C,Engineer,€10k Signing Bonus (EUR),hybrid,Berlin,Germany
4,2024-01-01T16:00:00,D,Engineer,$120k - $150k (USD),no,NYC,USA
5,2024-01-01T16:00:00,E,Engineer,,unknown,Remote,
"""


def test_hn_whos_hiring_rows(empty_workspace, tmp_path):
    path = tmp_path / "jobs_export.csv"
    path.write_text(HN_CSV, encoding="utf-8")
    report = import_postings(empty_workspace, path)
    assert (report.rows_read, report.rows_added, report.file_format) == (
        5, 5, "csv (hn-whos-hiring)")  # fmt: skip
    assert empty_workspace.execute(
        "SELECT company, location, is_remote, salary_min, salary_max, salary_currency "
        "FROM postings ORDER BY company"
    ).fetchall() == [
        ("A", None, True, 45000.0, 90000.0, "EUR"),
        ("B", "USA", None, None, None, None),
        ("C", "Berlin, Germany", False, None, None, None),
        ("D", "NYC, USA", False, 120000.0, 150000.0, "USD"),
        ("E", "Remote", True, None, None, None),
    ]  # fmt: skip
