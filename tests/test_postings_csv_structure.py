"""CSV postings files whose structure is broken in one place: a quoted field never closed is
refused naming the line it opens on; a row of the wrong width is rejected with its line and the
other rows are imported."""

from __future__ import annotations

import pytest

import analysis.ingest.postings_delimited as delimited
import analysis.ingest.postings_formats as formats
from analysis.errors import ImportFailed
from analysis.ingest.postings import import_postings, preview_postings
from tests.conftest import snapshot

HEADER = "title,description,date_posted\n"
UNCLOSED = "the file ends inside a quoted field that starts on this line and is never closed"


def counts(report) -> tuple:
    return (report.rows_read, report.rows_added, report.rows_duplicate, report.rows_rejected)


def rejections(report) -> list[tuple]:
    return [(r.line, r.column, r.reason) for r in report.rejections]


def _rows(first: int, count: int) -> str:
    return "".join(f"T{i},d{i},2024-01-01\n" for i in range(first, first + count))


def _titles(con) -> list[str]:
    return [t for (t,) in con.execute("SELECT title FROM postings ORDER BY title").fetchall()]


@pytest.fixture
def small_blocks(monkeypatch):
    """Arrow reads 4 KiB blocks and batches are 50 rows: a file of a few hundred rows is read
    in several blocks and stored in several batches."""
    monkeypatch.setattr(delimited, "ARROW_BLOCK_BYTES", 1 << 12)
    monkeypatch.setattr(formats, "BATCH_ROWS", 50)


def _refused(con, path) -> str:
    before = snapshot(con)
    with pytest.raises(ImportFailed) as info:
        import_postings(con, path)
    assert snapshot(con) == before
    return str(info.value)


def test_an_unclosed_quote_names_the_line_it_opens_on(empty_workspace, tmp_path):
    path = tmp_path / "badquote.csv"
    path.write_text(HEADER + _rows(0, 2) + 'Bad,"never closed,2024-01-01\n' + _rows(2, 3))
    assert _refused(empty_workspace, path) == (
        f"Cannot import badquote.csv, line 4: {UNCLOSED} (is it truncated?)"
    )


def test_an_unclosed_quote_after_a_multiline_field_names_the_quotes_line(empty_workspace,
                                                                          tmp_path):  # fmt: skip
    # The record starts on line 3; its first quoted field closes on line 4, and the quote
    # left open is the one on line 5.
    path = tmp_path / "badquote.csv"
    path.write_text(HEADER + _rows(0, 1) + 'Bad,"two\nlines","open\n' + "more\n" + _rows(1, 2))
    assert _refused(empty_workspace, path) == (
        f"Cannot import badquote.csv, line 4: {UNCLOSED} (is it truncated?)"
    )


def test_an_unclosed_quote_in_the_middle_of_a_file_of_many_blocks(empty_workspace, tmp_path,
                                                                   small_blocks):  # fmt: skip
    # lines 2-401 are rows, one of them holding a value of three lines (2 extra lines).
    text = (HEADER + _rows(0, 150) + 'Multi,"a\nb\nc",2024-01-01\n' + _rows(150, 99)
            + 'Bad,x,"open\n' + _rows(249, 150))  # fmt: skip
    path = tmp_path / "badquote.csv"
    path.write_text(text)
    assert path.stat().st_size > 2 * (1 << 12)  # the bad row is in the second block
    # header 1, rows 2-151, Multi 152-154, rows 155-253, Bad 254
    assert _refused(empty_workspace, path) == (
        f"Cannot import badquote.csv, line 254: {UNCLOSED} (is it truncated?)"
    )


def test_a_row_with_an_extra_field_is_rejected_and_the_others_imported(empty_workspace,
                                                                        tmp_path):  # fmt: skip
    path = tmp_path / "extra.csv"
    path.write_text(HEADER + _rows(0, 2) + "Bad,in-x,y,2024-01-01\n" + _rows(2, 3))
    report = import_postings(empty_workspace, path)
    assert counts(report) == (6, 5, 0, 1)
    assert rejections(report) == [(4, None, "expected 3 columns, got 4")]
    assert _titles(empty_workspace) == ["T0", "T1", "T2", "T3", "T4"]
    assert empty_workspace.execute(
        "SELECT line, column_name, reason FROM import_rejections"
    ).fetchall() == [(4, None, "expected 3 columns, got 4")]


def test_a_short_row_is_rejected_with_its_line(empty_workspace, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text(HEADER + _rows(0, 1) + "Short,only two\n" + _rows(1, 1))
    report = import_postings(empty_workspace, path)
    assert counts(report) == (3, 2, 0, 1)
    assert rejections(report) == [(3, None, "expected 3 columns, got 2")]
    assert _titles(empty_workspace) == ["T0", "T1"]


def test_a_wrong_width_row_in_the_middle_of_a_file_of_many_blocks(empty_workspace, tmp_path,
                                                                   small_blocks):  # fmt: skip
    # Arrow has given (and the import stored) batches before it meets the bad row; the rest
    # is read by Python's csv module, which names the rows' lines.
    text = (HEADER + _rows(0, 150) + 'Multi,"a\nb\nc",2024-01-01\n' + _rows(150, 99)
            + "Bad,in-x,y,2024-01-01\n" + _rows(249, 100) + "Late,l,never\n"
            + "Wide,a,b,c,d\n" + _rows(349, 50))  # fmt: skip
    path = tmp_path / "extra.csv"
    path.write_text(text)
    assert path.stat().st_size > 2 * (1 << 12)  # the bad row is in the second block
    report = import_postings(empty_workspace, path)
    # header 1, rows 2-151, Multi 152-154, rows 155-253, Bad 254, rows 255-354, Late 355,
    # Wide 356, rows 357-406
    assert counts(report) == (403, 400, 0, 3)
    assert rejections(report) == [
        (254, None, "expected 3 columns, got 4"),
        (355, "date_posted", "cannot read the date 'never'"),
        (356, None, "expected 3 columns, got 5"),
    ]
    assert empty_workspace.execute("SELECT count(*) FROM postings").fetchone() == (400,)
    assert counts(import_postings(empty_workspace, path)) == (403, 0, 400, 3)


def test_a_wrong_width_row_below_a_title_block(empty_workspace, tmp_path):
    path = tmp_path / "titled.csv"
    path.write_text("Saved jobs, July 2025\n" + HEADER + _rows(0, 1) + "Bad,a,b,c\n"
                    + _rows(1, 1))  # fmt: skip
    report = import_postings(empty_workspace, path)
    assert counts(report) == (3, 2, 0, 1)
    assert rejections(report) == [(4, None, "expected 3 columns, got 4")]


def test_a_preview_leaves_out_a_wrong_width_row(tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text(HEADER + _rows(0, 1) + "Bad,a,b,c\n" + _rows(1, 1))
    _, columns, _, frame = preview_postings(path)
    assert columns == ["title", "description", "date_posted"]
    assert frame.to_dict("list") == {
        "title": ["T0", "T1"], "description": ["d0", "d1"],
        "date_posted": ["2024-01-01", "2024-01-01"],
    }  # fmt: skip


def test_an_unclosed_quote_before_rows_with_quoted_fields_names_its_line(empty_workspace,
                                                                          tmp_path):  # fmt: skip
    # The open quote pairs with the next row's opening one, followed by text: Python's csv
    # module stops there (line 5), but the field in error opens on line 4.
    quoted = "".join(f'Q{i},"d{i}, quoted",2024-01-01\n' for i in range(4))
    path = tmp_path / "badquote.csv"
    path.write_text(HEADER + _rows(0, 2) + 'Bad,"never closed,2024-01-01\n' + quoted)
    assert _refused(empty_workspace, path) == (
        f"Cannot import badquote.csv, line 4: {UNCLOSED} (is it truncated?)"
    )


def test_an_unclosed_quote_among_many_quoted_rows_and_blocks(empty_workspace, tmp_path,
                                                              small_blocks):  # fmt: skip
    rows = [f'Job {i},"desc {i} with, comma",2024-01-01\n' for i in range(400)]
    rows[250] = 'Job X,"unclosed desc,2024-01-01\n'  # line 252
    path = tmp_path / "badquote.csv"
    path.write_text(HEADER + "".join(rows))
    assert path.stat().st_size > 2 * (1 << 12)  # the bad row is in the third block
    assert _refused(empty_workspace, path) == (
        f"Cannot import badquote.csv, line 252: {UNCLOSED} (is it truncated?)"
    )


def test_a_file_whose_rows_mostly_have_the_wrong_width_is_refused(tmp_path):
    from analysis import store
    from analysis.errors import ImportFailed
    from analysis.ingest.postings import import_postings

    rows = "".join(f"Analyst {i},Acme,SQL,extra\n" for i in range(30))
    path = tmp_path / "jobs.csv"
    path.write_text("title,company,description\nData Analyst,Acme,SQL\n" + rows, encoding="utf-8")
    con = store.connect(tmp_path / "w.duckdb")
    with pytest.raises(ImportFailed) as info:
        import_postings(con, path)
    assert str(info.value).endswith(
        "most rows do not have the header's 3 columns (first: line 3, expected 3 columns, got 4): "
        "is the file separated by another character, or is its header not on line 1?"
    )
    assert con.execute("SELECT count(*) FROM postings").fetchone() == (0,)
    con.close()
