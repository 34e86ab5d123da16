"""Rejected rows carry their own content (column name -> text as read), so the downloadable
"rejected rows" CSV can be fixed and imported again; only the first ROW_CONTENT_LIMIT do."""

from __future__ import annotations

import io

import pandas as pd
import pytest

import analysis.ingest.postings_formats as formats
from analysis.ingest.common import (
    ROW_CONTENT_LIMIT,
    ImportReport,
    Rejection,
    limit_row_content,
    rejected_rows_frame,
)
from analysis.ingest.postings import import_postings
from analysis.ingest.profile import import_profile

HEADER = "title,company,description,date_posted\n"


def test_a_csv_row_with_a_bad_date_or_no_text_carries_its_values(empty_workspace, tmp_path):
    path = tmp_path / "jobs.csv"
    path.write_text(
        HEADER
        + 'Dev,Acme,"Line one\nline two",2024-01-05\n'
        + "QA, Beta ,Tests,soon\n"
        + ",Gamma,,2024-02-01\n"
    )
    report = import_postings(empty_workspace, path)
    assert report.rejections == [
        Rejection(4, "date_posted", "cannot read the date 'soon'",
                  {"title": "QA", "company": " Beta ", "description": "Tests",
                   "date_posted": "soon"}),
        Rejection(5, None, "no title and no description",
                  {"title": "", "company": "Gamma", "description": "", "date_posted": "2024-02-01"}),
    ]  # fmt: skip
    # The store keeps line, column and reason, as before.
    assert empty_workspace.execute(
        "SELECT line, column_name, reason FROM import_rejections ORDER BY line"
    ).fetchall() == [
        (4, "date_posted", "cannot read the date 'soon'"),
        (5, None, "no title and no description"),
    ]


def test_rows_of_the_wrong_width_carry_their_fields(empty_workspace, tmp_path):
    path = tmp_path / "jobs.csv"
    path.write_text(
        HEADER
        + "Dev,Acme,Python,2024-01-05\n"
        + "Ops,Delta,On call,2024-03-01,extra\n"
        + "Short,x\n"
        + "QA,Beta,Tests,2024-01-06\n"
    )
    report = import_postings(empty_workspace, path)
    assert (report.rows_added, report.rows_rejected) == (2, 2)
    assert report.rejections == [
        Rejection(3, None, "expected 4 columns, got 5",
                  {"title": "Ops", "company": "Delta", "description": "On call",
                   "date_posted": "2024-03-01", "(field 5)": "extra"}),
        Rejection(4, None, "expected 4 columns, got 2",
                  {"title": "Short", "company": "x", "description": "", "date_posted": ""}),
    ]  # fmt: skip


def test_rows_of_a_workbook_carry_their_values_and_the_download_every_sheets_columns(
    empty_workspace, tmp_path
):
    path = tmp_path / "months.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"title": ["Dev", ""], "description": ["Python", ""],
                      "date_posted": ["2024-01-05", "2024-01-09"]}
                     ).to_excel(writer, sheet_name="Jan", index=False)  # fmt: skip
        pd.DataFrame({"Job Title": ["QA", "Ops"], "Job Description": ["Tests", "On call"],
                      "Posted At": ["2024-02-01", "soon"]}
                     ).to_excel(writer, sheet_name="Feb", index=False)  # fmt: skip
    report = import_postings(empty_workspace, path)
    assert report.rejections == [
        Rejection(3, None, "sheet 'Jan': no title and no description",
                  {"title": "", "description": "", "date_posted": "2024-01-09"}),
        Rejection(3, "Posted At", "sheet 'Feb': cannot read the date 'soon'",
                  {"Job Title": "Ops", "Job Description": "On call", "Posted At": "soon"}),
    ]  # fmt: skip
    assert rejected_rows_frame(report.rejections).to_csv(index=False) == (
        "line,column,reason,title,description,date_posted,Job Title,Job Description,Posted At\n"
        "3,,sheet 'Jan': no title and no description,,,2024-01-09,,,\n"
        "3,Posted At,sheet 'Feb': cannot read the date 'soon',,,,Ops,On call,soon\n"
    )


def test_a_json_row_with_an_unnamed_object_carries_it_as_json(empty_workspace, tmp_path):
    path = tmp_path / "jobs.json"
    path.write_text('[{"title": "A", "company": {"size": 5}, "description": "x"},'
                    ' {"title": "B", "company": "C", "description": "y", "tags": ["a", "b"]}]')  # fmt: skip
    report = import_postings(empty_workspace, path)
    assert [r.row for r in report.rejections] == [
        {"title": "A", "company": '{"size": 5}', "description": "x", "tags": ""}
    ]


def test_the_download_lists_line_column_reason_then_the_rows_columns_as_read(
    empty_workspace, tmp_path
):
    path = tmp_path / "jobs.csv"
    path.write_text(
        HEADER + 'QA,"Beta, Inc.","Tests\nand more",soon\n' + "Ops,Delta,On call,2024-03-01,x\n"
    )
    report = import_postings(empty_workspace, path)
    text = rejected_rows_frame(report.rejections).to_csv(index=False)
    assert text == (
        "line,column,reason,title,company,description,date_posted,(field 5)\n"
        '2,date_posted,cannot read the date \'soon\',QA,"Beta, Inc.","Tests\nand more",soon,\n'
        '4,,"expected 4 columns, got 5",Ops,Delta,On call,2024-03-01,x\n'
    )
    # Fixed and imported again, the rows are read with the same columns.
    path.write_text(text.replace(",soon,", ",2024-01-02,"))
    again = import_postings(empty_workspace, path)
    assert (again.rows_read, again.rows_added, again.rows_rejected) == (2, 2, 0)
    assert empty_workspace.execute(
        "SELECT title, company, description, date_posted::VARCHAR FROM postings ORDER BY title"
    ).fetchall() == [
        ("Ops", "Delta", "On call", "2024-03-01"),
        ("QA", "Beta, Inc.", "Tests\nand more", "2024-01-02"),
    ]


def test_the_download_frame_of_rejections_with_and_without_rows():
    rejections = [
        Rejection(None, None, "the file has no dates"),
        Rejection(7, "reason", "bad", {"reason": "=1+1", "line": "x", "rejected line": "y"}),
        Rejection(9, None, "short", {"line": "z", "extra": "e"}),
    ]
    frame = rejected_rows_frame(rejections)
    # The file's own "line" and "reason" columns keep their names: ours give way.
    assert list(frame.columns) == [
        "rejected rejected line", "column", "rejected reason", "reason", "line", "rejected line",
        "extra",
    ]  # fmt: skip
    assert frame.astype(object).where(frame.notna(), None).values.tolist() == [
        [None, None, "the file has no dates", "", "", "", ""],
        [7, "reason", "bad", "=1+1", "x", "y", ""],
        [9, None, "short", "", "z", "", "e"],
    ]
    assert list(rejected_rows_frame([Rejection(2, None, "r")]).columns) == [
        "line", "column", "reason",
    ]  # fmt: skip
    assert rejected_rows_frame([]).to_csv(index=False) == "line,column,reason\n"


def test_only_the_first_rejections_of_a_large_import_carry_their_rows(
    empty_workspace, tmp_path, monkeypatch
):
    # Batches of 50 rows: the limit is counted over the whole import, not per batch.
    monkeypatch.setattr(formats, "BATCH_ROWS", 50)
    count = ROW_CONTENT_LIMIT + 30
    path = tmp_path / "bad_dates.csv"
    path.write_text(HEADER + "".join(f"T{i},C,D,someday {i}\n" for i in range(count)))
    report = import_postings(empty_workspace, path)
    assert report.rows_rejected == count
    assert [r.line for r in report.rejections] == list(range(2, count + 2))
    with_rows = [r for r in report.rejections if r.row is not None]
    assert len(with_rows) == ROW_CONTENT_LIMIT
    assert with_rows == report.rejections[:ROW_CONTENT_LIMIT]
    assert report.rejections[ROW_CONTENT_LIMIT - 1].row == {
        "title": f"T{ROW_CONTENT_LIMIT - 1}", "company": "C", "description": "D",
        "date_posted": f"someday {ROW_CONTENT_LIMIT - 1}",
    }  # fmt: skip
    frame = pd.read_csv(
        io.StringIO(rejected_rows_frame(report.rejections).to_csv(index=False)),
        dtype=str, keep_default_na=False,
    )  # fmt: skip
    assert frame.iloc[-1].tolist() == [
        str(count + 1), "date_posted", f"cannot read the date 'someday {count - 1}'", "", "", "", "",
    ]  # fmt: skip


def test_the_limit_on_rejections_with_rows():
    report = ImportReport(1, "profile", "Positions.csv")
    for i in range(ROW_CONTENT_LIMIT + 2):
        report.reject(i, None, "bad", {"n": str(i)})
    assert [r.row for r in report.rejections[-3:]] == [
        {"n": str(ROW_CONTENT_LIMIT - 1)},
        None,
        None,
    ]
    rejections = [Rejection(i, None, "bad", {"n": str(i)}) for i in range(3)]
    assert limit_row_content(rejections, ROW_CONTENT_LIMIT - 2) == [
        Rejection(0, None, "bad", {"n": "0"}),
        Rejection(1, None, "bad", {"n": "1"}),
        Rejection(2, None, "bad"),
    ]
    assert limit_row_content(rejections) is rejections
    assert hash(rejections[0]) == hash(Rejection(0, None, "bad"))  # a row is not hashed


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("Positions.csv",
         "Company Name,Title,Description,Location,Started On,Finished On\n"
         "Acme,Analyst,,Cairo,Mar 2020,Jun 2022\n"
         ",Dev,,,Jan 2019,\n"
         "Beta,Lead,,,spring,\n",
         [(3, "Company Name", "the company name is empty",
          {"company name": "", "title": "Dev", "description": "", "location": "",
           "started on": "Jan 2019", "finished on": ""}),
          (4, "Started On", "not a date: 'spring' (expected e.g. 'Mar 2023')",
          {"company name": "Beta", "title": "Lead", "description": "", "location": "",
           "started on": "spring", "finished on": ""})]),
        ("Endorsement_Received_Info.csv",
         "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,Endorsement Status\n"
         "2023/01/05 10:00:00 UTC,SQL,Ann,Lee,ACCEPTED\n"
         "last week,Python,Bo,Ng,ACCEPTED\n",
         [(3, "Endorsement Date", "not a date: 'last week'",
          {"endorsement date": "last week", "skill name": "Python",
           "endorser first name": "Bo", "endorser last name": "Ng",
           "endorsement status": "ACCEPTED"})]),
    ],
)  # fmt: skip
def test_linkedin_profile_rows_carry_their_values_by_lower_case_column_name(
    empty_workspace, tmp_path, name, text, expected
):
    path = tmp_path / name
    path.write_text(text)
    report = import_profile(empty_workspace, path)
    assert report.rejections == [Rejection(*values) for values in expected]
