"""The real postings exports in ../shared/datasets import unchanged (read in place)."""

from __future__ import annotations

import pandas as pd

from analysis.ingest.postings import import_postings


def test_jobspy_export(empty_workspace, datasets):
    path = datasets / "jobspy_indeed_2025" / "jobspy_jobs.csv"
    report = import_postings(empty_workspace, path)
    assert (report.rows_read, report.rows_added, report.rows_rejected) == (80, 80, 0)
    assert report.file_format == "csv (jobspy)"
    by_site = dict(empty_workspace.execute(
        "SELECT source, count(*) FROM postings GROUP BY 1").fetchall())  # fmt: skip
    raw = pd.read_csv(path)
    assert by_site == raw["site"].value_counts().to_dict()
    low, high = empty_workspace.execute(
        "SELECT min(date_posted), max(date_posted) FROM postings WHERE source = 'indeed'"
    ).fetchone()
    assert (str(low), str(high)) == ("2025-06-16", "2025-07-14")
    hourly = raw[raw["interval"] == "hourly"].dropna(subset=["min_amount"])
    stored = dict(empty_workspace.execute(
        "SELECT external_id, salary_min FROM postings WHERE salary_interval = 'hourly' "
        "AND salary_min IS NOT NULL").fetchall())  # fmt: skip
    assert stored == {r.id: r.min_amount * 2080 for r in hourly.itertuples()}
    assert import_postings(empty_workspace, path).rows_added == 0


def test_glassdoor_export(empty_workspace, datasets):
    path = datasets / "glassdoor_ds_2020" / "glassdoor_jobs.csv"
    report = import_postings(empty_workspace, path)
    raw = pd.read_csv(path)
    distinct = len(raw.drop_duplicates(["Job Title", "Company Name", "Job Description"]))
    assert (report.rows_read, report.rows_added, report.rows_duplicate) == (
        956,
        distinct,
        956 - distinct,
    )
    with_salary = empty_workspace.execute(
        "SELECT count(*) FROM postings WHERE salary_min IS NOT NULL").fetchone()[0]  # fmt: skip
    expected = raw[raw["Salary Estimate"] != "-1"].drop_duplicates(
        ["Job Title", "Company Name", "Job Description"])  # fmt: skip
    assert with_salary == len(expected)
    assert empty_workspace.execute(
        "SELECT count(*) FROM postings WHERE company LIKE '%\n%'").fetchone()[0] == 0  # fmt: skip


def test_hn_whos_hiring_export(empty_workspace, datasets):
    path = datasets / "hn_whos_hiring" / "jobs_export.csv"
    report = import_postings(empty_workspace, path)
    assert (report.rows_read, report.rows_added) == (10242, 10242)
    months = empty_workspace.execute(
        "SELECT count(DISTINCT date_trunc('month', date_posted)) FROM postings").fetchone()[0]  # fmt: skip
    assert months == 35
    with_skills = empty_workspace.execute(
        "SELECT count(*) FROM postings WHERE skills_list IS NOT NULL").fetchone()[0]  # fmt: skip
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert with_skills == (raw["languages_frameworks"].str.strip() != "").sum()


def test_linkedin_saved_jobs(empty_workspace, datasets):
    path = datasets / "linkedin_export_2023" / "Jobs" / "Saved Jobs.csv"
    report = import_postings(empty_workspace, path)
    assert (report.rows_read, report.rows_added, report.file_format) == (
        31, 31, "csv (linkedin-saved-jobs)")  # fmt: skip
