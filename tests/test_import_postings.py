"""Postings importer: every format, exact stored rows, idempotence, mapping, rejections."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from analysis.errors import ImportFailed
from analysis.ingest.postings import import_posting_text, import_postings, map_columns
from tests.conftest import snapshot

COLUMNS = ["source", "external_id", "url", "title", "company", "location", "is_remote",
           "date_posted", "job_type", "salary_min", "salary_max", "salary_currency",
           "salary_interval", "skills_list", "description"]  # fmt: skip


def rows(con, where: str = "true") -> list[tuple]:
    cols = ", ".join(COLUMNS)
    return con.execute(f"SELECT {cols} FROM postings WHERE {where} ORDER BY title").fetchall()


def counts(report) -> tuple:
    return (report.rows_read, report.rows_added, report.rows_duplicate, report.rows_rejected)


def test_jobspy_csv_with_quote_nonnumeric_and_backslash_escapes(empty_workspace, fixtures_dir):
    report = import_postings(empty_workspace, fixtures_dir / "postings" / "jobspy.csv")
    assert counts(report) == (3, 3, 0, 0)
    assert report.file_format == "csv (jobspy)"
    assert rows(empty_workspace) == [
        ("linkedin", "li-0003", "https://www.linkedin.com/jobs/view/0003", "Analytics Manager",
         "Fabrikam", "Austin, TX", False, None, None, None, None, None, None, None, None),
        ("indeed", "in-0002", "https://www.indeed.com/viewjob?jk=0002", "Data Engineer",
         "Contoso, Ltd.", "Remote, US", True, dt.date(2025, 7, 1), "fulltime", 120000.0,
         150000.0, "USD", "yearly", None,
         "We use Python, dbt and Kubernetes.\nMulti-line\ndescription."),
        ("indeed", "in-0001", "https://www.indeed.com/viewjob?jk=0001",
         "Senior Data Analyst (SQL, Power BI)", "Northwind Traders", "Irvine, CA, US", False,
         dt.date(2025, 7, 14), "contract", 60.0 * 2080, 70.0 * 2080, "USD", "hourly",
         "SQL, Power BI, Snowflake",
         '**Senior Data Analyst** \\- Power BI, SQL, Snowflake\n\n* Build dashboards in '
         '**Power BI**\n* Write "clean" SQL\n\nC:\\data\\ paths are fine'),
    ]  # fmt: skip


def test_glassdoor_salary_estimates_rating_suffix_and_duplicates(empty_workspace, fixtures_dir):
    report = import_postings(empty_workspace, fixtures_dir / "postings" / "glassdoor_like.csv")
    assert counts(report) == (4, 3, 1, 0)
    got = empty_workspace.execute(
        "SELECT title, company, location, is_remote, salary_min, salary_max, salary_interval "
        "FROM postings ORDER BY title"
    ).fetchall()
    assert got == [
        ("Data Scientist", "Tecolote Research", "Albuquerque, NM", None, 53000.0, 91000.0, "yearly"),
        ("Healthcare Data Scientist", "University Medical System", "Linthicum, MD", None,
         21 * 2080.0, 34 * 2080.0, "hourly"),
        ("ML Engineer", "Quantum Labs", "Remote", True, 150000.0, 160000.0, "yearly"),
    ]  # fmt: skip


def test_linkedin_saved_jobs(empty_workspace, fixtures_dir):
    report = import_postings(empty_workspace, fixtures_dir / "postings" / "Saved Jobs.csv")
    assert report.file_format == "csv (linkedin-saved-jobs)"
    got = empty_workspace.execute(
        "SELECT source, url, title, company, date_posted FROM postings ORDER BY date_posted"
    ).fetchall()
    assert got == [
        ("linkedin-saved", "http://www.linkedin.com/jobs/view/1002", "Senior Front-End Developer",
         "Integrant, Inc.", dt.date(2019, 1, 7)),
        ("linkedin-saved", "http://www.linkedin.com/jobs/view/1001",
         "ETIC, Salesforce Developer - Associate", "Northwind", dt.date(2022, 7, 1)),
    ]  # fmt: skip


def test_tsv_synonyms_city_country_and_rejections(empty_workspace, fixtures_dir):
    report = import_postings(empty_workspace, fixtures_dir / "postings" / "postings.tsv")
    assert counts(report) == (3, 1, 0, 2)
    assert [(r.line, r.column, r.reason) for r in report.rejections] == [
        (3, "posted_at", "cannot read the date 'not a date'"),
        (4, None, "no title and no description"),
    ]
    assert empty_workspace.execute(
        "SELECT line, column_name, reason FROM import_rejections ORDER BY line"
    ).fetchall() == [(3, "posted_at", "cannot read the date 'not a date'"),
                     (4, None, "no title and no description")]  # fmt: skip
    assert rows(empty_workspace) == [
        ("postings", None, None, "Data Analyst", "Acme", "Berlin, DE", None, dt.date(2024, 3, 5),
         None, 60000.0, 70000.0, "EUR", "yearly", None, "Excel and SQL daily"),
    ]  # fmt: skip


def test_json_object_with_list_and_jsonl(empty_workspace, fixtures_dir):
    import_postings(empty_workspace, fixtures_dir / "postings" / "postings.json")
    import_postings(empty_workspace, fixtures_dir / "postings" / "postings.jsonl")
    got = empty_workspace.execute(
        "SELECT title, company, url, date_posted, salary_min, salary_max, salary_interval, "
        "skills_list FROM postings ORDER BY title"
    ).fetchall()
    assert got == [
        ("Clinical Analyst", "St. Mary", "https://stmary.example/2", dt.date(2024, 1, 11),
         60000.0, 72000.0, "monthly", None),
        ("Nurse Manager", "St. Mary", "https://stmary.example/1", dt.date(2024, 1, 10),
         None, None, None, None),
        ("Platform Engineer", "Initech", "https://initech.example/jobs/1", dt.date(2024, 5, 1),
         None, None, None, "Terraform, AWS"),
        ("Product Manager", "Initech", "https://initech.example/jobs/2", dt.date(2024, 5, 2),
         None, None, None, None),
    ]  # fmt: skip


def test_json_array(empty_workspace, tmp_path):
    path = tmp_path / "array.json"
    path.write_text(json.dumps([{"title": "A", "description": "x"}, {"title": "B"}]))
    report = import_postings(empty_workspace, path)
    assert counts(report) == (2, 2, 0, 0)


@pytest.mark.parametrize("suffix", [".parquet", ".xlsx"])
def test_parquet_and_excel(empty_workspace, tmp_path, suffix):
    frame = pd.DataFrame({
        "Job Title": ["Controller", "Accountant"],
        "Employer": ["Acme Bank", "Acme Bank"],
        "Job Description": ["GAAP and IFRS", "Reconciliations in Excel"],
        "Posted At": ["2024-02-01", "2024-02-03"],
    })  # fmt: skip
    path = tmp_path / f"postings{suffix}"
    frame.to_parquet(path) if suffix == ".parquet" else frame.to_excel(path, index=False)
    report = import_postings(empty_workspace, path)
    assert report.file_format == suffix[1:]
    assert counts(report) == (2, 2, 0, 0)
    assert empty_workspace.execute(
        "SELECT title, company, description, date_posted FROM postings ORDER BY title"
    ).fetchall() == [
        ("Accountant", "Acme Bank", "Reconciliations in Excel", dt.date(2024, 2, 3)),
        ("Controller", "Acme Bank", "GAAP and IFRS", dt.date(2024, 2, 1)),
    ]


def test_reimport_adds_nothing(empty_workspace, fixtures_dir):
    for name in ("jobspy.csv", "glassdoor_like.csv", "postings.jsonl"):
        path = fixtures_dir / "postings" / name
        first = import_postings(empty_workspace, path)
        again = import_postings(empty_workspace, path)
        assert again.rows_added == 0
        assert again.rows_duplicate == first.rows_added + first.rows_duplicate
    assert empty_workspace.execute("SELECT count(*) FROM postings").fetchone()[0] == 8
    assert empty_workspace.execute("SELECT count(*) FROM imports").fetchone()[0] == 6


def test_same_posting_in_two_files_is_stored_once(empty_workspace, tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.json"
    a.write_text("title,company,description\nData Analyst,Acme,  SQL and   Excel \n")
    b.write_text(json.dumps([{"job_title": "data analyst", "employer": "ACME",
                              "job_description": "SQL and Excel"}]))  # fmt: skip
    import_postings(empty_workspace, a, source="board")
    report = import_postings(empty_workspace, b, source="board")
    assert counts(report) == (1, 0, 1, 0)


def test_explicit_mapping(empty_workspace, fixtures_dir):
    path = fixtures_dir / "postings" / "custom_columns.csv"
    report = import_postings(
        empty_workspace,
        path,
        mapping={"company": "Firm", "description": "Blurb", "date_posted": "When"},
    )
    assert counts(report) == (1, 1, 0, 0)
    assert empty_workspace.execute(
        "SELECT title, company, description, date_posted FROM postings"
    ).fetchall() == [("Controller", "Acme Bank", "GAAP, IFRS and Excel", dt.date(2024, 2, 1))]


def test_mapping_errors_are_clear():
    with pytest.raises(ValueError, match="mapped column 'Nope' for title is not in the file"):
        map_columns(["a"], {"title": "Nope"})
    with pytest.raises(ValueError, match=r"unknown target field\(s\) \['salary'\]"):
        map_columns(["a"], {"salary": "a"})


def test_pasted_text_file_and_string(empty_workspace, fixtures_dir):
    report = import_postings(empty_workspace, fixtures_dir / "postings" / "pasted_job.txt")
    assert report.file_format == "text"
    again = import_posting_text(
        empty_workspace, "Controller\nGAAP and IFRS.", company="Acme", file_name="clipboard"
    )
    assert counts(again) == (1, 1, 0, 0)
    assert empty_workspace.execute(
        "SELECT source, title, company, description FROM postings ORDER BY title"
    ).fetchall() == [
        ("pasted", "Controller", "Acme", "Controller\nGAAP and IFRS."),
        ("pasted", "Senior BI Manager", None,
         "Senior BI Manager\n\nFabrikam Insurance is hiring a Senior BI Manager to lead a team "
         "of analysts.\nYou know SQL, Tableau and stakeholder management."),
    ]  # fmt: skip


def test_encodings(empty_workspace, tmp_path):
    text = "title,company,description\nAnalyste données,Société Générale,Modélisation\n"
    for i, (encoding, bom) in enumerate([("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""),
                                         ("cp1252", b"")]):  # fmt: skip
        path = tmp_path / f"enc{i}.csv"
        path.write_bytes(bom + text.replace("Modélisation", f"Modélisation {i}").encode(encoding))
        import_postings(empty_workspace, path)
    assert empty_workspace.execute("SELECT DISTINCT title, company FROM postings").fetchall() == [
        ("Analyste données", "Société Générale")
    ]
    assert empty_workspace.execute("SELECT count(*) FROM postings").fetchone()[0] == 3


BAD_INPUTS = {
    "lone_cr.csv": (b"\r!", "Cannot import lone_cr.csv: the CSV is malformed"),
    "empty.csv": (b"", "Cannot import empty.csv: the file is empty"),
    "blank.csv": (b"\n\n  \n", "Cannot import blank.csv: the file is empty"),
    "binary.csv": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
                   "Cannot import binary.csv: this is a binary file, not text (is it the right file?)"),
    "archive.csv": (b"PK\x03\x04" + b"\x00" * 40,
                    "Cannot import archive.csv: this is a ZIP archive, not a postings file (a "
                    "LinkedIn data export is imported as linkedin-archive)"),
    "nocols.csv": (b"foo,bar\n1,2\n",
                   "Cannot import nocols.csv: no recognisable posting columns (found: foo, bar); "
                   "expected a title or description column, e.g. title, company, description, "
                   "date_posted \u2014 or give an explicit column mapping"),
    "truncated.csv": (b'title,description\nA,"starts but never ends\nmore text',
                      "Cannot import truncated.csv, line 2: the file ends inside a quoted field "
                      "that starts on this line and is never closed (is it truncated?)"),
    "broken.json": (b'[{"title": "A"},', "Cannot import broken.json, line 1: invalid JSON"),
    "scalar.json": (b'"just a string"',
                    "Cannot import scalar.json: expected a JSON array of objects (one per posting)"),
    "lines.jsonl": (b'{"title": "A"}\nnot json\n', "Cannot import lines.jsonl, line 2: invalid JSON"),
    "fake.parquet": (b"not parquet at all", "Cannot import fake.parquet: the file is not a valid parquet file"),
    "fake.xlsx": (b"PK\x03\x04garbage", "Cannot import fake.xlsx: cannot read the Excel workbook"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gives_one_clear_error_and_changes_nothing(empty_workspace, fixtures_dir,
                                                              tmp_path, name):  # fmt: skip
    import_postings(empty_workspace, fixtures_dir / "postings" / "jobspy.csv")
    before = snapshot(empty_workspace)
    content, message = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as info:
        import_postings(empty_workspace, path)
    assert str(info.value).startswith(message)
    assert snapshot(empty_workspace) == before


def test_failure_in_a_later_batch_rolls_back_earlier_batches(
    empty_workspace, tmp_path, monkeypatch
):
    import analysis.ingest.postings_formats as formats

    monkeypatch.setattr(formats, "BATCH_ROWS", 2)
    path = tmp_path / "late.csv"
    path.write_text('title,description\nA,a\nB,b\nC,c\nD,"unterminated\n')
    before = snapshot(empty_workspace)
    with pytest.raises(ImportFailed, match="ends inside a quoted field"):
        import_postings(empty_workspace, path)
    assert snapshot(empty_workspace) == before
