"""Postings files that are well formed but were refused or misread: a file imported again under
another name, workbooks of several sheets, null dates and nested objects in Parquet and JSON,
fields larger than Arrow's blocks, empty header names, and the lines rejected rows start on."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import analysis.ingest.postings_delimited as delimited
import analysis.ingest.postings_formats as formats
from analysis.errors import ImportFailed
from analysis.ingest.posting_ids import file_posting_id, stable_posting_id
from analysis.ingest.postings import import_postings, preview_postings

MY_JOBS = (
    "title,company,description,job_url,date_posted\n"
    "Data Engineer,Acme,Build pipelines,https://example.com/jobs/1,2024-03-01\n"
    "Analyst,Beta,Reports,https://example.com/jobs/2,2024-03-02\n"
)


def counts(report) -> tuple:
    return (report.rows_read, report.rows_added, report.rows_duplicate, report.rows_rejected)


def rejections(report) -> list[tuple]:
    return [(r.line, r.column, r.reason) for r in report.rejections]


def digest(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:20]


# --------------------------------------------------------------------------- posting ids


def test_a_file_imported_again_under_another_name_adds_nothing(empty_workspace, tmp_path):
    (tmp_path / "my_jobs.csv").write_text(MY_JOBS)
    (tmp_path / "my_jobs (1).csv").write_text(MY_JOBS)
    first = import_postings(empty_workspace, tmp_path / "my_jobs.csv")
    again = import_postings(empty_workspace, tmp_path / "my_jobs (1).csv")
    assert (counts(first), counts(again)) == ((2, 2, 0, 0), (2, 0, 2, 0))
    assert empty_workspace.execute(
        "SELECT posting_id, source, title FROM postings ORDER BY title"
    ).fetchall() == [
        (digest(b"url\x1fhttps://example.com/jobs/2"), "my_jobs", "Analyst"),
        (digest(b"url\x1fhttps://example.com/jobs/1"), "my_jobs", "Data Engineer"),
    ]


def test_a_files_own_ids_count_with_the_text_not_the_file_name(empty_workspace, tmp_path):
    # Row numbers as ids: the same "1" in two files is two postings, unless the text agrees.
    (tmp_path / "a.csv").write_text("id,title,company,description\n1,Analyst,Acme,SQL\n")
    (tmp_path / "b.csv").write_text("id,title,company,description\n1,Nurse,Mercy,Wards\n")
    (tmp_path / "a copy.csv").write_text("id,title,company,description\n1,Analyst,Acme,SQL\n")
    reports = [import_postings(empty_workspace, tmp_path / n)
               for n in ("a.csv", "b.csv", "a copy.csv")]  # fmt: skip
    assert [counts(r) for r in reports] == [(1, 1, 0, 0), (1, 1, 0, 0), (1, 0, 1, 0)]
    assert empty_workspace.execute(
        "SELECT posting_id, source, external_id FROM postings ORDER BY title"
    ).fetchall() == [
        (digest(b"fileid\x1f1\x1ftext\x1fanalyst\x1facme\x1fsql"), "a", "1"),
        (digest(b"fileid\x1f1\x1ftext\x1fnurse\x1fmercy\x1fwards"), "b", "1"),
    ]
    assert file_posting_id(None, "Analyst", "Acme", "SQL", "1") == digest(
        b"fileid\x1f1\x1ftext\x1fanalyst\x1facme\x1fsql"
    )


def test_boards_known_exports_and_given_sources_keep_their_ids(empty_workspace, tmp_path,
                                                               fixtures_dir):  # fmt: skip
    import_postings(empty_workspace, fixtures_dir / "postings" / "jobspy.csv")
    (tmp_path / "mine.csv").write_text(MY_JOBS)
    import_postings(empty_workspace, tmp_path / "mine.csv", source="board")
    assert empty_workspace.execute(
        "SELECT posting_id, source FROM postings WHERE url IN "
        "('https://www.indeed.com/viewjob?jk=0001', 'https://example.com/jobs/1') ORDER BY source"
    ).fetchall() == [
        (digest(b"url\x1fboard\x1fhttps://example.com/jobs/1"), "board"),
        (digest(b"url\x1findeed\x1fhttps://www.indeed.com/viewjob?jk=0001"), "indeed"),
    ]


def test_postings_stored_under_the_old_file_name_ids_are_still_found(empty_workspace, tmp_path):
    # A workspace from before: ids hashed the file name with the URL or the file's own id.
    path = tmp_path / "my_jobs.csv"
    path.write_text(MY_JOBS.replace("job_url", "id").replace("https://example.com/jobs/", "j"))
    import_postings(empty_workspace, path)
    empty_workspace.execute(
        "UPDATE postings SET posting_id = CASE external_id WHEN 'j1' THEN ? ELSE ? END",
        [stable_posting_id("my_jobs", None, "", "", "", "j1"),
         stable_posting_id("my_jobs", None, "", "", "", "j2")],
    )  # fmt: skip
    again = import_postings(empty_workspace, path)
    assert counts(again) == (2, 0, 2, 0)
    assert empty_workspace.execute("SELECT posting_id FROM postings ORDER BY external_id").fetchall() == [
        (digest(b"id\x1fmy_jobs\x1fj1"),),
        (digest(b"id\x1fmy_jobs\x1fj2"),),
    ]  # fmt: skip


# --------------------------------------------------------------------------- Excel


def _workbook(path, sheets: dict[str, pd.DataFrame]) -> None:
    with pd.ExcelWriter(path) as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)


def test_every_sheet_of_a_workbook_is_read(empty_workspace, tmp_path):
    path = tmp_path / "months.xlsx"
    _workbook(path, {
        "Jan": pd.DataFrame({"title": ["Dev"], "description": ["Python"],
                             "date_posted": ["2024-01-05"]}),
        "Feb": pd.DataFrame({"Job Title": ["QA", "Ops"], "Job Description": ["Tests", "On call"],
                             "Posted At": ["2024-02-01", "soon"]}),
    })  # fmt: skip
    report = import_postings(empty_workspace, path)
    assert counts(report) == (3, 2, 0, 1)
    assert rejections(report) == [(3, "Posted At", "sheet 'Feb': cannot read the date 'soon'")]
    assert report.notes == []
    assert empty_workspace.execute(
        "SELECT title, description, date_posted FROM postings ORDER BY title"
    ).fetchall() == [("Dev", "Python", dt.date(2024, 1, 5)), ("QA", "Tests", dt.date(2024, 2, 1))]
    assert counts(import_postings(empty_workspace, path)) == (3, 0, 2, 1)


def test_sheets_without_postings_are_skipped_with_a_note(empty_workspace, tmp_path):
    path = tmp_path / "jobs.xlsx"
    _workbook(path, {
        "Cover": pd.DataFrame(),
        "Jobs": pd.DataFrame({"title": ["Dev", "QA"], "description": ["Python", "Tests"]}),
        "Lookup": pd.DataFrame({"code": ["A"], "meaning": ["Active"]}),
        "Later": pd.DataFrame({"title": [], "description": []}),
    })  # fmt: skip
    report = import_postings(empty_workspace, path)
    assert counts(report) == (2, 2, 0, 0)
    notes = [
        "sheet 'Cover' skipped: it is empty",
        "sheet 'Lookup' skipped: no recognisable posting columns (found: code, meaning); "
        "expected a title or description column, e.g. title, company, description, "
        "date_posted \u2014 or give an explicit column mapping",
        "sheet 'Later' skipped: it has a header but no rows",
    ]
    assert report.notes == notes
    assert empty_workspace.execute("SELECT notes FROM imports").fetchall() == [("\n".join(notes),)]
    fmt, columns, mapped, rows = preview_postings(path)
    assert (fmt, columns, mapped, len(rows)) == (
        "xlsx", ["title", "description"], {"title": "title", "description": "description"}, 2)  # fmt: skip


def test_a_workbook_with_no_postings_in_any_sheet_is_refused(empty_workspace, tmp_path):
    path = tmp_path / "blank.xlsx"
    _workbook(path, {"A": pd.DataFrame(), "B": pd.DataFrame()})
    with pytest.raises(ImportFailed) as info:
        import_postings(empty_workspace, path)
    assert str(info.value) == (
        "Cannot import blank.xlsx: the file holds no postings "
        "(sheet 'A' skipped: it is empty; sheet 'B' skipped: it is empty)"
    )
    assert empty_workspace.execute("SELECT count(*) FROM imports").fetchone() == (0,)


# --------------------------------------------------------------------------- Parquet and JSON


def test_parquet_nulls_nested_names_and_lists(empty_workspace, tmp_path):
    path = tmp_path / "scrape.parquet"
    pq.write_table(pa.table({
        "title": ["A", "B", "C"],
        "description": ["a", "b", None],
        "date_posted": pa.array([dt.datetime(2024, 3, 5, 12), None, None], pa.timestamp("us")),
        "company": pa.array([{"name": "Acme"}, {"name": "Beta"}, {"name": None}],
                            pa.struct([("name", pa.string())])),
        "skills": [["python", "sql"], [], None],
        "salary_min": [120000, None, None],
    }), path)  # fmt: skip
    report = import_postings(empty_workspace, path)
    assert counts(report) == (3, 3, 0, 0)
    assert empty_workspace.execute(
        "SELECT title, company, description, date_posted, skills_list, salary_min "
        "FROM postings ORDER BY title"
    ).fetchall() == [
        ("A", "Acme", "a", dt.date(2024, 3, 5), "python, sql", 120000.0),
        ("B", "Beta", "b", None, None, None),
        ("C", None, None, None, None, None),
    ]


def test_nested_json_objects_give_their_name_or_reject_the_row(empty_workspace, tmp_path):
    path = tmp_path / "nested.json"
    path.write_text(json.dumps([
        {"title": "A", "description": "a", "company": {"name": "Acme", "size": 5}},
        {"title": "B", "description": "b", "company": {"display_name": "Beta Ltd"}},
        {"title": "C", "description": "c", "company": {"id": 7, "size": 5}},
        {"title": "D", "description": "d", "company": None, "date_posted": "not a date"},
        {"title": "E", "description": "e", "company": [{"title": "Eta"}, {"name": "Zeta"}],
         "meta": {"id": 1}},
    ]))  # fmt: skip
    report = import_postings(empty_workspace, path)
    assert counts(report) == (5, 3, 0, 2)
    assert rejections(report) == [
        (3, "company", "an object with no 'name', 'display_name' or 'title' key: "
                       "{'id': 7, 'size': 5}"),
        (4, "date_posted", "cannot read the date 'not a date'"),
    ]  # fmt: skip
    assert empty_workspace.execute(
        "SELECT title, company FROM postings ORDER BY title"
    ).fetchall() == [("A", "Acme"), ("B", "Beta Ltd"), ("E", "Eta, Zeta")]


# --------------------------------------------------------------------------- CSV


def test_trailing_empty_header_columns_are_ignored(empty_workspace, tmp_path):
    path = tmp_path / "excel_save.csv"
    path.write_text("title,description,,\nA,aa,,\nB,bb,,x\n")
    report = import_postings(empty_workspace, path)
    assert counts(report) == (2, 2, 0, 0)
    assert empty_workspace.execute(
        "SELECT title, description FROM postings ORDER BY title"
    ).fetchall() == [("A", "aa"), ("B", "bb")]


def test_a_header_repeating_a_real_name_is_still_refused(empty_workspace, tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("title,title,,description\nA,B,,d\n")
    with pytest.raises(ImportFailed) as info:
        import_postings(empty_workspace, path)
    assert str(info.value) == (
        "Cannot import twice.csv: the header repeats a column name: title, title, description"
    )


def _with_big_field(size: int) -> str:
    return ("title,description,date_posted\n"
            + "".join(f"T{i},d{i},2024-01-01\n" for i in range(300))
            + f'Big,"{"x" * size}\nend",2024-01-02\n\nZ,z,bad\nY,y,2024-01-03\n')  # fmt: skip


def test_a_field_larger_than_arrows_blocks_is_read_by_python(empty_workspace, tmp_path,
                                                             monkeypatch):  # fmt: skip
    # Small blocks and batches: Arrow gives some batches before it meets the big row.
    monkeypatch.setattr(delimited, "ARROW_BLOCK_BYTES", 1 << 12)
    monkeypatch.setattr(formats, "BATCH_ROWS", 50)
    path = tmp_path / "big.csv"
    path.write_text(_with_big_field(20_000))
    report = import_postings(empty_workspace, path)
    assert counts(report) == (303, 302, 0, 1)
    assert rejections(report) == [(305, "date_posted", "cannot read the date 'bad'")]
    assert empty_workspace.execute(
        "SELECT count(DISTINCT title), max(length(description)) FROM postings"
    ).fetchone() == (302, 20_004)
    assert counts(import_postings(empty_workspace, path)) == (303, 0, 302, 1)


def test_a_field_of_several_megabytes(empty_workspace, tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text(_with_big_field(9_000_000))
    report = import_postings(empty_workspace, path)
    assert (counts(report), rejections(report)) == (
        (303, 302, 0, 1), [(305, "date_posted", "cannot read the date 'bad'")])  # fmt: skip


def test_a_truncated_file_read_by_python_is_still_refused(empty_workspace, tmp_path, monkeypatch):
    monkeypatch.setattr(delimited, "ARROW_BLOCK_BYTES", 1 << 12)
    path = tmp_path / "cut.csv"
    path.write_text(_with_big_field(20_000) + 'W,"never closed\n')
    with pytest.raises(ImportFailed) as info:
        import_postings(empty_workspace, path)
    assert str(info.value) == (
        "Cannot import cut.csv, line 307: the file ends inside a quoted field that starts on "
        "this line and is never closed (is it truncated?)"
    )
    assert empty_workspace.execute("SELECT count(*) FROM postings").fetchone() == (0,)


LINES = (
    "title,description,date_posted\n"
    'Dev,"line1\nline2\nline3",2024-01-02\n'  # lines 2-4
    "\n"  # 5
    "QA,x,13/13/2024\n"  # 6
    "   \n"  # 7: blanks (Arrow reads a row of the wrong width, pandas skips it)
    ",,\n"  # 8
    "Ops,y,2024-01-03\n"  # 9
)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])  # Arrow's reader, pandas' reader
def test_rejected_rows_name_the_line_they_start_on(empty_workspace, tmp_path, encoding):
    text = LINES.replace("line1", "lïne1")
    if encoding == "utf-8":
        text = text.replace("   \n", "")  # a file Arrow reads: the lines move up by one
    path = tmp_path / "lines.csv"
    path.write_bytes(text.encode(encoding))
    report = import_postings(empty_workspace, path)
    blank = 1 if encoding == "cp1252" else 0
    assert counts(report) == (4, 2, 0, 2)
    assert rejections(report) == [
        (6, "date_posted", "cannot read the date '13/13/2024'"),
        (7 + blank, None, "no title and no description"),
    ]
    assert empty_workspace.execute(
        "SELECT line, column_name FROM import_rejections ORDER BY line"
    ).fetchall() == [(6, "date_posted"), (7 + blank, None)]


def test_rejected_json_lines_name_their_line_after_blank_lines(empty_workspace, tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"title": "A", "description": "a"}\n\n\n'
                    '{"title": "B", "date_posted": "bad"}\n{"title": "C"}\n')  # fmt: skip
    report = import_postings(empty_workspace, path)
    assert rejections(report) == [(4, "date_posted", "cannot read the date 'bad'")]


def test_a_latin1_line_past_the_first_megabyte_of_a_utf8_file(empty_workspace, tmp_path):
    rows = "".join(f"Job {i},Müller GmbH,{'desc ' * 40}{i}\n" for i in range(6000))
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        b"title,company,description\n"
        + rows.encode()
        + "Analyst,Café Ltd,late row\n".encode("cp1252")
    )
    assert path.stat().st_size > 1 << 20
    assert counts(import_postings(empty_workspace, path))[:2] == (6001, 6001)
    assert empty_workspace.execute(
        "SELECT count(*) FILTER (company = 'Müller GmbH'), count(*) FILTER (company = 'Café Ltd') "
        "FROM postings"
    ).fetchone() == (6000, 1)


def test_a_workbook_saved_under_a_csv_name_is_read_as_a_workbook(empty_workspace, tmp_path):
    path = tmp_path / "jobs.csv"
    _workbook(path.with_suffix(".xlsx"), {"Jobs": pd.DataFrame({"title": ["Analyst"],
                                                                "company": ["Acme"]})})  # fmt: skip
    path.with_suffix(".xlsx").rename(path)
    assert counts(import_postings(empty_workspace, path))[:2] == (1, 1)


def test_excel_unicode_text_is_a_table_not_a_pasted_description(empty_workspace, tmp_path):
    path = tmp_path / "jobs.txt"  # Excel's "Unicode Text": UTF-16, tab-separated
    text = "title\tcompany\tdescription\r\nAnalyst\tAcme\tSQL and Excel\r\nNurse\tSt Mary\tICU\r\n"
    path.write_bytes(text.encode("utf-16"))
    assert counts(import_postings(empty_workspace, path))[:2] == (2, 2)
    assert empty_workspace.execute("SELECT title, company FROM postings ORDER BY 1").fetchall() == [
        ("Analyst", "Acme"), ("Nurse", "St Mary"),
    ]  # fmt: skip


def test_a_repeated_column_name_is_refused_in_any_encoding(empty_workspace, tmp_path):
    for encoding in ("utf-8", "cp1252"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes("title,title,company\nCafé lead,x,Acme\n".encode(encoding))
        with pytest.raises(ImportFailed) as failure:
            import_postings(empty_workspace, path)
        assert failure.value.reason == "the header repeats a column name: title, title, company"


JOBS = pd.DataFrame({"title": ["Data analyst", "Nurse"], "company": ["Acme", "Globex"],
                     "description": ["Python", "Ward rounds"]})  # fmt: skip


TITLE_BLOCK = "My job search export, July 2025\n\n"  # a title line, then a blank one


def _stored(con) -> list[tuple]:
    return con.execute("SELECT title, company FROM postings ORDER BY title").fetchall()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])  # Arrow's reader; pandas'
def test_a_title_block_above_the_column_names_is_passed_over(empty_workspace, tmp_path, encoding):
    path = tmp_path / "jobs.csv"
    rows = JOBS.assign(date_posted=["2024-01-01", "soon"])
    path.write_text(TITLE_BLOCK + rows.to_csv(index=False), encoding=encoding)
    for mapping in (None, {"title": "title"}):
        empty_workspace.execute("DELETE FROM postings")
        report = import_postings(empty_workspace, path, mapping=mapping)
        assert report.notes == ["the column names are on line 3: the 2 lines above them were "
                                "passed over"]  # fmt: skip
        # the rejected row is named by its line in the file: Nurse is on line 5
        assert rejections(report) == [(5, "date_posted", "cannot read the date 'soon'")]
        assert _stored(empty_workspace) == [("Data analyst", "Acme")]
    # one import per attempt that stored something: the failed first reading left none
    assert empty_workspace.execute("SELECT count(*) FROM imports").fetchone() == (2,)


def test_a_title_block_in_a_file_read_by_python_is_passed_over(empty_workspace, tmp_path,
                                                                 monkeypatch):  # fmt: skip
    monkeypatch.setattr(delimited, "ARROW_BLOCK_BYTES", 1 << 12)
    monkeypatch.setattr(formats, "BATCH_ROWS", 50)
    path = tmp_path / "big.csv"
    path.write_text("Saved jobs\n" + _with_big_field(20_000))
    report = import_postings(empty_workspace, path)
    assert counts(report) == (303, 302, 0, 1)
    assert rejections(report) == [(306, "date_posted", "cannot read the date 'bad'")]


def test_a_title_row_above_a_sheets_column_names_is_passed_over(empty_workspace, tmp_path):
    path = tmp_path / "jobs.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame([["My job search export"]]).to_excel(writer, index=False, header=False)
        JOBS.assign(date_posted=["2024-01-01", "soon"]).to_excel(writer, index=False, startrow=1)
    report = import_postings(empty_workspace, path)
    assert report.notes == ["the column names are on line 2: the line above them was passed over"]
    assert rejections(report) == [(4, "date_posted", "cannot read the date 'soon'")]
    assert _stored(empty_workspace) == [("Data analyst", "Acme")]


def test_a_header_of_no_posting_columns_with_none_below_keeps_its_message(empty_workspace,
                                                                          tmp_path):  # fmt: skip
    path = tmp_path / "numbers.csv"
    path.write_text("id,amount\n1,2\n3,4\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        import_postings(empty_workspace, path)
    assert caught.value.reason.startswith("no recognisable posting columns (found: id, amount)")
