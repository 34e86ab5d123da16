"""Slashed dates are read day first or month first once per file (per sheet of a workbook),
from every row of it, even when the row that settles it comes after the first batch."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import analysis.ingest.postings as postings_module
import analysis.ingest.postings_formats as formats
import analysis.ingest.postings_store as postings_store
from analysis.ingest.dates import ColumnOrder, OrderChanged
from analysis.ingest.postings import import_postings
from analysis.ingest.postings_formats import BATCH_ROWS

ROWS = BATCH_ROWS + 500
LATE = BATCH_ROWS + 100  # a row of the second batch


def dates_with(proofs: dict[int, str]) -> list[str]:
    """ROWS dates that read both ways (both numbers 12 or less) but for `proofs` (row -> text)."""
    texts = [f"{i % 12 + 1:02d}/{i // 12 % 12 + 1:02d}/2023" for i in range(ROWS)]
    for row, text in proofs.items():
        texts[row] = text
    return texts


def url(i: int) -> str:
    return f"https://jobs.example/{i:05d}"


def read_as(texts: list[str], day_first: bool, skip: tuple[int, ...] = ()) -> list[tuple]:
    """(url, date) of every row but `skip`, its date read day first or month first."""
    rows = []
    for i, text in enumerate(texts):
        first, second, year = (int(part) for part in text.split("/"))
        day, month = (first, second) if day_first else (second, first)
        if i not in skip:
            rows.append((url(i), dt.date(year, month, day)))
    return rows


def frame(texts: list[str]) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame({"url": [url(i) for i in range(n)], "title": ["Café analyst"] * n,
                         "date_posted": texts})  # fmt: skip


def write_csv(path: Path, texts: list[str], encoding: str = "utf-8") -> Path:
    path = path.with_suffix(".csv")
    frame(texts).to_csv(path, index=False, encoding=encoding)
    return path


def write_latin1_csv(path: Path, texts: list[str]) -> Path:
    return write_csv(path, texts, encoding="cp1252")  # read through pandas, not Arrow


def write_jsonl(path: Path, texts: list[str]) -> Path:
    path = path.with_suffix(".jsonl")
    lines = (json.dumps(row) for row in frame(texts).to_dict(orient="records"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_json(path: Path, texts: list[str]) -> Path:
    path = path.with_suffix(".json")
    path.write_text(json.dumps(frame(texts).to_dict(orient="records")), encoding="utf-8")
    return path


def write_parquet(path: Path, texts: list[str]) -> Path:
    path = path.with_suffix(".parquet")
    pq.write_table(pa.Table.from_pandas(frame(texts), preserve_index=False), path)
    return path


def write_xlsx(path: Path, texts: list[str]) -> Path:
    path = path.with_suffix(".xlsx")
    frame(texts).to_excel(path, index=False)
    return path


WRITERS = [write_csv, write_latin1_csv, write_jsonl, write_json, write_parquet, write_xlsx]


def stored(con) -> list[tuple]:
    return con.execute("SELECT url, date_posted FROM postings ORDER BY url").fetchall()


def counts(report) -> tuple:
    return (report.rows_read, report.rows_added, report.rows_duplicate, report.rows_rejected)


@pytest.mark.parametrize("write", WRITERS, ids=lambda w: w.__name__.removeprefix("write_"))
def test_a_day_first_date_after_the_first_batch_makes_every_date_day_first(
    empty_workspace, tmp_path, write
):
    texts = dates_with({LATE: "13/02/2023"})
    report = import_postings(empty_workspace, write(tmp_path / "jobs", texts))
    assert counts(report) == (ROWS, ROWS, 0, 0)
    assert stored(empty_workspace) == read_as(texts, day_first=True)


@pytest.mark.parametrize("write", [write_csv, write_jsonl, write_parquet],
                         ids=lambda w: w.__name__.removeprefix("write_"))  # fmt: skip
def test_a_month_first_date_after_the_first_batch_keeps_every_date_month_first(
    empty_workspace, tmp_path, write
):
    texts = dates_with({LATE: "02/13/2023"})
    report = import_postings(empty_workspace, write(tmp_path / "jobs", texts))
    assert counts(report) == (ROWS, ROWS, 0, 0)
    assert stored(empty_workspace) == read_as(texts, day_first=False)


@pytest.mark.parametrize("write", [write_csv, write_xlsx],
                         ids=lambda w: w.__name__.removeprefix("write_"))  # fmt: skip
def test_a_file_proving_both_orders_is_month_first_and_rejects_its_day_first_dates(
    empty_workspace, tmp_path, write
):
    """As a batch holding both: 13/02 in the first batch, 02/13 in the second."""
    texts = dates_with({5: "13/02/2023", LATE: "02/13/2023"})
    report = import_postings(empty_workspace, write(tmp_path / "jobs", texts))
    assert counts(report) == (ROWS, ROWS - 1, 0, 1)
    assert [(r.line, r.column, r.reason) for r in report.rejections] == [
        (7, "date_posted", "cannot read the date '13/02/2023'")
    ]
    assert stored(empty_workspace) == read_as(texts, day_first=False, skip=(5,))


def test_a_file_read_again_for_its_dates_counts_rows_notes_and_rejections_once(
    empty_workspace, tmp_path
):
    texts = dates_with({LATE: "13/02/2023"})
    rows = frame(texts)
    rows["min_amount"], rows["interval"] = "", ""
    rows.loc[3, ["min_amount", "interval"]] = ["2000", "fortnightly"]
    rows.loc[8, "date_posted"] = "soon"
    path = tmp_path / "jobs.csv"
    rows.to_csv(path, index=False)
    note = ("salary interval 'fortnightly' in 'interval' is not hourly, daily, weekly, monthly "
            "or yearly: the salary amounts of 1 row(s) are left out (first: line 5)")  # fmt: skip

    report = import_postings(empty_workspace, path)
    assert counts(report) == (ROWS, ROWS - 1, 0, 1)
    assert [(r.line, r.reason) for r in report.rejections] == [(10, "cannot read the date 'soon'")]
    # The order the file settled on is said once, with the value that settled it.
    day_first = "slashed dates read day first (01/02/2023 as 1 Feb 2023), as 13/02/2023 shows"
    assert report.notes == [note, day_first]
    assert empty_workspace.execute(
        "SELECT rows_read, rows_added, rows_duplicate, rows_rejected, notes FROM imports"
    ).fetchall() == [(ROWS, ROWS - 1, 0, 1, f"{note}\n{day_first}")]
    assert empty_workspace.execute("SELECT count(*) FROM import_rejections").fetchone() == (1,)
    expected = read_as(dates_with({LATE: "13/02/2023", 8: "01/01/2023"}), True, skip=(8,))
    assert stored(empty_workspace) == expected

    again = import_postings(empty_workspace, path)
    assert counts(again) == (ROWS, 0, ROWS - 1, 1)
    assert stored(empty_workspace) == expected


def test_each_sheet_of_a_workbook_settles_its_own_order(empty_workspace, tmp_path):
    path = tmp_path / "jobs.xlsx"
    with pd.ExcelWriter(path) as writer:
        frame(["01/02/2023", "13/02/2023"]).to_excel(writer, sheet_name="Europe", index=False)
        us = frame(["01/02/2023", "02/13/2023"])
        us["url"] = us["url"] + "/us"
        us.to_excel(writer, sheet_name="US", index=False)
    report = import_postings(empty_workspace, path)
    assert counts(report) == (4, 4, 0, 0)
    assert report.notes == [
        "sheet 'Europe': slashed dates read day first (01/02/2023 as 1 Feb 2023), as "
        "13/02/2023 shows"
    ]  # the US sheet is read month first, as by default: nothing to say
    assert stored(empty_workspace) == [
        (url(0), dt.date(2023, 2, 1)), (url(0) + "/us", dt.date(2023, 1, 2)),
        (url(1), dt.date(2023, 2, 13)), (url(1) + "/us", dt.date(2023, 2, 13)),
    ]  # fmt: skip


def test_a_column_order_settles_on_every_batch_and_says_when_a_read_batch_was_misread():
    def batch(*texts: str) -> pd.Series:
        return pd.Series(texts, dtype="object")

    order = ColumnOrder()
    assert (order.day_first_for(batch("2023-02-01")), order.settled) == (False, True)
    assert (order.day_first_for(batch("13/02/2023", "2023-02-01")), order.settled) == (True, True)
    assert order.day_first_for(batch("01/02/2023")) is True
    with pytest.raises(OrderChanged):  # 13/02 and 01/02 were read day first
        order.day_first_for(batch("02/13/2023"))
    order.read_again()
    assert order.day_first_for(batch("13/02/2023", "01/02/2023")) is False  # for good

    order = ColumnOrder()
    assert (order.day_first_for(batch("01/02/2023")), order.settled) == (False, False)
    with pytest.raises(OrderChanged):
        order.day_first_for(batch("13/02/2023"))
    order.read_again()
    assert (order.day_first_for(batch("01/02/2023")), order.settled) == (True, True)


@pytest.mark.parametrize("proofs, stored_first, day_first, rejected", [
    ({7: "13/02/2023"}, 0, True, ()),  # rows read month first by default wait, unstored
    ({0: "13/02/2023", 7: "02/13/2023"}, 4, False, (0,)),  # day first was shown: stored
])  # fmt: skip
def test_rows_are_stored_once_their_order_is_shown(empty_workspace, tmp_path, monkeypatch,
                                                   proofs, stored_first, day_first,
                                                   rejected):  # fmt: skip
    """Batches of 2 rows, parts of 3: the row that turns the order is in the fourth batch."""
    monkeypatch.setattr(formats, "BATCH_ROWS", 2)
    monkeypatch.setattr(postings_store, "PART_ROWS", 3)
    found = []

    def discard_stored(con, report):
        found.append(con.execute("SELECT count(*) FROM postings").fetchone()[0])
        postings_store.discard_stored(con, report)

    monkeypatch.setattr(postings_module, "discard_stored", discard_stored)
    texts = dates_with(proofs)[:8]
    report = import_postings(empty_workspace, write_csv(tmp_path / "jobs", texts))
    assert found == [stored_first]  # postings stored when the file was to be read again
    assert counts(report) == (8, 8 - len(rejected), 0, len(rejected))
    assert stored(empty_workspace) == read_as(texts, day_first, skip=rejected)
