"""Postings that share a URL (a careers page given for several jobs) are different postings
when their titles or companies differ; the same posting twice is still one."""

from __future__ import annotations

from analysis import store
from analysis.ingest import postings as postings_module
from analysis.ingest.postings import import_postings

CSV = (
    "title,company,location,date_posted,description,job_url\n"
    "Data Analyst,Acme,Boston,2025-06-01,SQL,https://acme.com/careers\n"
    "Senior Java Developer,Acme,Boston,2025-06-02,Java,https://acme.com/careers\n"
    "Nurse,Acme Health,Austin,2025-06-03,BLS,https://acme.com/careers\n"
    "data analyst,ACME,Boston,2025-06-01,SQL again,https://acme.com/careers\n"
    "Welder,Beta,Ohio,2025-06-04,MIG,https://beta.com/jobs/1\n"
)


def _counts(report) -> tuple[int, int, int]:
    return report.rows_read, report.rows_added, report.rows_duplicate


def test_different_postings_sharing_a_url_are_all_kept(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(CSV, encoding="utf-8")
    con = store.connect(tmp_path / "w.duckdb")
    # "data analyst" at "ACME" is the first posting again (titles and companies compare as
    # written, case and blanks aside).
    assert _counts(import_postings(con, path)) == (5, 4, 1)
    titles = [t for (t,) in con.execute("SELECT title FROM postings ORDER BY title").fetchall()]
    assert titles == ["Data Analyst", "Nurse", "Senior Java Developer", "Welder"]
    assert _counts(import_postings(con, path)) == (5, 0, 5)  # idempotent
    con.close()


def test_a_workspace_that_kept_only_the_first_finds_it_and_adds_the_others(tmp_path, monkeypatch):
    path = tmp_path / "mine.csv"
    path.write_text(CSV, encoding="utf-8")
    con = store.connect(tmp_path / "w.duckdb")
    with monkeypatch.context() as m:  # as imports did before: one id per URL
        m.setattr(postings_module, "separate_shared_ids", lambda rows: rows)
        assert _counts(import_postings(con, path)) == (5, 2, 3)
    assert _counts(import_postings(con, path)) == (5, 2, 3)
    titles = [t for (t,) in con.execute("SELECT title FROM postings ORDER BY title").fetchall()]
    assert titles == ["Data Analyst", "Nurse", "Senior Java Developer", "Welder"]
    con.close()
