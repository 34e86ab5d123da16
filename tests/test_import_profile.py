"""The profile importer: LinkedIn Skills / Positions / Profile / Endorsements / Job Seeker
Preferences, and the hand-written profile CSV and YAML."""

from __future__ import annotations

import shutil
from datetime import date

import pandas as pd
import pytest

from analysis import store
from analysis.ingest.profile import import_profile, parse_period, split_list

PROFILE_FILES = [
    "Skills.csv",
    "Positions.csv",
    "Profile.csv",
    "Endorsement_Received_Info.csv",
    "Job Seeker Preferences.csv",
    "profile.csv",
    "profile.yaml",
]


@pytest.fixture
def con():
    connection = store.connect(":memory:")
    yield connection
    connection.close()


@pytest.fixture
def profile_dir(fixtures_dir):
    return fixtures_dir / "profile"


def counts(report) -> tuple[int, int, int, int, int]:
    return (report.rows_read, report.rows_added, report.rows_updated, report.rows_duplicate,
            report.rows_rejected)  # fmt: skip


def frame(con, sql: str) -> pd.DataFrame:
    return con.execute(sql).df()


def test_linkedin_skills(con, profile_dir):
    report = import_profile(con, profile_dir / "Skills.csv")
    assert (report.kind, report.file_format) == ("profile", "linkedin-skills")
    # 'python' repeats 'Python' (case-insensitive); 'SQL ' and 'Data  Analysis' are cleaned.
    assert counts(report) == (5, 4, 0, 1, 0)
    rows = con.execute(
        "SELECT skill, proficiency, last_used, last_used_source, years, wants_to_grow, source "
        "FROM profile_skills ORDER BY skill"
    ).fetchall()
    assert rows == [
        ("Data Analysis", None, None, None, None, None, "linkedin-skills"),
        ("Project Management", None, None, None, None, None, "linkedin-skills"),
        ("Python", None, None, None, None, None, "linkedin-skills"),
        ("SQL", None, None, None, None, None, "linkedin-skills"),
    ]


def test_positions_with_multiline_description_and_current_role(con, profile_dir):
    report = import_profile(con, profile_dir / "Positions.csv")
    assert (report.file_format, counts(report)) == ("linkedin-positions", (3, 3, 0, 0, 0))
    got = frame(
        con,
        "SELECT company, title, description, location, started_on, finished_on "
        "FROM positions ORDER BY started_on DESC",
    )
    expected = pd.DataFrame(
        {
            "company": ["Northwind Traders", "Contoso, Ltd.", "Fabrikam"],
            "title": ["Head of Analytics", "Senior Analyst", "Analyst"],
            "description": [
                "Built the analytics team from 2 to 9 people.\nMoved reporting from Excel to "
                'Python and SQL, and ran the "data clinic" every Friday.',
                None,
                "Reporting in Excel.",
            ],
            "location": ["London", "Leeds, England, United Kingdom", None],
            "started_on": pd.to_datetime(["2021-03-01", "2015-06-01", "2011-01-01"]),
            "finished_on": pd.to_datetime([None, "2021-02-28", "2015-12-31"]),
        }
    )
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_positions_reimport_replaces_without_duplicating(con, profile_dir, tmp_path):
    assert counts(import_profile(con, profile_dir / "Positions.csv")) == (3, 3, 0, 0, 0)
    assert counts(import_profile(con, profile_dir / "Positions.csv")) == (3, 0, 0, 3, 0)
    # A later export: Fabrikam gone, the current job has ended, a new job started.
    newer = tmp_path / "Positions.csv"
    newer.write_text(
        "Company Name,Title,Description,Location,Started On,Finished On\n"
        "Tailspin Toys,Head of Data,,London,Jan 2024,\n"
        'Northwind Traders,Head of Analytics,"Built the analytics team from 2 to 9 people.\n'
        'Moved reporting from Excel to Python and SQL, and ran the ""data clinic"" every '
        'Friday.",London,Mar 2021,Dec 2023\n'
        '"Contoso, Ltd.",Senior Analyst,,"Leeds, England, United Kingdom",Jun 2015,Feb 2021\n',
        encoding="utf-8",
    )
    report = import_profile(con, newer)
    assert counts(report) == (3, 2, 0, 1, 0)
    assert report.notes == ["2 positions from an earlier Positions.csv were replaced"]
    rows = con.execute(
        "SELECT company, started_on, finished_on FROM positions ORDER BY started_on"
    ).fetchall()
    assert rows == [
        ("Contoso, Ltd.", date(2015, 6, 1), date(2021, 2, 28)),
        ("Northwind Traders", date(2021, 3, 1), date(2023, 12, 31)),
        ("Tailspin Toys", date(2024, 1, 1), None),
    ]


def test_linkedin_profile(con, profile_dir):
    report = import_profile(con, profile_dir / "Profile.csv")
    assert (report.file_format, counts(report)) == ("linkedin-profile", (8, 8, 0, 0, 0))
    assert dict(con.execute("SELECT key, value FROM profile").fetchall()) == {
        "first_name": "Dana",
        "last_name": "Whitfield",
        "headline": "Analytics leader | Python & SQL",
        "summary": "Twenty-five years of turning data into decisions.\nHappiest coaching analysts.",
        "industry": "Retail",
        "location": "London, England, United Kingdom",
        "birth_date": "1968-04-23",
        "birth_year": "1968",
    }


def test_profile_changed_value_is_updated_and_redacted_birth_date_noted(con, profile_dir, tmp_path):
    import_profile(con, profile_dir / "Profile.csv")
    text = (profile_dir / "Profile.csv").read_text(encoding="utf-8")
    changed = tmp_path / "Profile.csv"
    changed.write_text(text.replace("Retail", "Logistics").replace('"Apr 23, 1968"', "[redacted]"))
    report = import_profile(con, changed)
    assert counts(report) == (6, 0, 1, 5, 0)
    assert report.notes == ["Birth Date '[redacted]' (line 2) has no full date; not stored"]
    assert con.execute("SELECT value FROM profile WHERE key = 'industry'").fetchone() == (
        "Logistics",
    )


def test_endorsements(con, profile_dir):
    report = import_profile(con, profile_dir / "Endorsement_Received_Info.csv")
    assert (report.file_format, counts(report)) == ("linkedin-endorsements", (4, 3, 0, 0, 0))
    assert report.notes == ["1 endorsements not accepted by you were skipped"]
    rows = con.execute(
        "SELECT skill, endorser, endorsed_on FROM endorsements ORDER BY endorsed_on, skill"
    ).fetchall()
    assert rows == [
        ("Project Management", "Tom O'Neill", date(2019, 11, 20)),
        ("Python", "Priya Raman", date(2022, 5, 3)),
        ("SQL", "Priya Raman", date(2022, 5, 3)),
    ]


def test_job_seeker_preferences_become_targets(con, profile_dir):
    report = import_profile(con, profile_dir / "Job Seeker Preferences.csv")
    assert (report.file_format, counts(report)) == ("linkedin-preferences", (6, 6, 0, 0, 0))
    rows = con.execute("SELECT kind, value, source FROM targets ORDER BY target_id").fetchall()
    assert rows == [
        ("role", "Head of Data", "linkedin-preferences"),
        ("role", "Analytics Manager", "linkedin-preferences"),
        ("company", "Integrant, Inc.", "linkedin-preferences"),
        ("company", "Northwind Traders", "linkedin-preferences"),
        ("location", "London, England, United Kingdom", "linkedin-preferences"),
        ("location", "Remote", "linkedin-preferences"),
    ]


def test_profile_csv(con, profile_dir):
    report = import_profile(con, profile_dir / "profile.csv")
    assert (report.file_format, counts(report)) == ("profile-csv", (5, 5, 0, 0, 0))
    rows = con.execute(
        "SELECT skill, proficiency, last_used, last_used_source, years, wants_to_grow, source "
        "FROM profile_skills ORDER BY skill"
    ).fetchall()
    assert rows == [
        ("Excel", 3, date(2016, 12, 31), "profile", 20.0, False, "profile-file"),
        ("Machine Learning", 2, None, None, 1.5, True, "profile-file"),
        ("Negotiation", None, None, None, None, None, "profile-file"),
        ("Python", 4, date(2024, 12, 31), "profile", 8.0, True, "profile-file"),
        ("SQL", 5, date(2023, 6, 30), "profile", 15.0, False, "profile-file"),
    ]


def test_own_file_wins_over_linkedin_in_either_order(con, profile_dir):
    import_profile(con, profile_dir / "Skills.csv")
    report = import_profile(con, profile_dir / "profile.csv")
    assert counts(report) == (5, 3, 2, 0, 0)  # Python and SQL take the file's values
    assert counts(import_profile(con, profile_dir / "Skills.csv")) == (5, 0, 0, 5, 0)
    rows = con.execute(
        "SELECT skill, proficiency, last_used, source FROM profile_skills "
        "WHERE skill IN ('Python', 'SQL', 'Project Management') ORDER BY skill"
    ).fetchall()
    assert rows == [
        ("Project Management", None, None, "linkedin-skills"),
        ("Python", 4, date(2024, 12, 31), "profile-file"),
        ("SQL", 5, date(2023, 6, 30), "profile-file"),
    ]


def test_profile_yaml(con, profile_dir):
    report = import_profile(con, profile_dir / "profile.yaml")
    # 3 skills + 4 targets + 3 finances + 2 income streams
    assert (report.file_format, counts(report)) == ("profile-yaml", (12, 12, 0, 0, 0))
    skills = con.execute(
        "SELECT skill, proficiency, last_used, last_used_source, years, wants_to_grow "
        "FROM profile_skills ORDER BY skill"
    ).fetchall()
    assert skills == [
        ("Public Speaking", None, None, None, None, False),
        ("Python", 4, date(2024, 12, 31), "profile", 8.0, True),
        ("Tableau", 3, date(2021, 9, 30), "profile", None, None),
    ]
    targets = con.execute("SELECT kind, value, source FROM targets ORDER BY target_id").fetchall()
    assert targets == [
        ("company", "Northwind Traders", "profile-file"),
        ("company", "Tailspin Toys", "profile-file"),
        ("role", "Head of Data", "profile-file"),
        ("location", "London", "profile-file"),
    ]
    assert con.execute("SELECT key, value FROM finances ORDER BY key").fetchall() == [
        ("liquid_savings", 48000.0),
        ("monthly_expenses", 3200.0),
        ("retirement_savings", 310000.0),
    ]
    assert con.execute(
        "SELECT name, kind, monthly_amount, continues_without_job FROM income_streams "
        "ORDER BY stream_id"
    ).fetchall() == [("Salary", "salary", 5400.0, False), ("Flat rental", "rental", 650.0, True)]


def test_yaml_update_changes_values_in_place(con, profile_dir, tmp_path):
    import_profile(con, profile_dir / "profile.yaml")
    text = (profile_dir / "profile.yaml").read_text(encoding="utf-8")
    changed = tmp_path / "profile.yml"
    changed.write_text(
        text.replace("48000", "45500").replace("monthly_amount: 650", "monthly_amount: 700")
    )
    assert counts(import_profile(con, changed)) == (12, 0, 2, 10, 0)
    assert con.execute("SELECT value FROM finances WHERE key = 'liquid_savings'").fetchone() == (
        45500.0,
    )
    assert con.execute("SELECT count(*), sum(monthly_amount) FROM income_streams").fetchone() == (
        2,
        6100.0,
    )


@pytest.mark.parametrize("name", PROFILE_FILES)
def test_reimport_adds_nothing(con, profile_dir, name):
    first = import_profile(con, profile_dir / name)
    before = store.table_counts(con)
    again = import_profile(con, profile_dir / name)
    assert (again.rows_added, again.rows_updated) == (0, 0)
    assert again.rows_duplicate == first.rows_added + first.rows_duplicate
    after = store.table_counts(con)
    assert after == {**before, "imports": before["imports"] + 1}


def test_import_is_recorded(con, profile_dir):
    report = import_profile(con, profile_dir / "Skills.csv", file_name="my skills.csv")
    row = con.execute(
        "SELECT kind, file_name, file_format, rows_read, rows_added, rows_duplicate, "
        "rows_rejected FROM imports WHERE import_id = ?",
        [report.import_id],
    ).fetchone()
    assert row == ("profile", "my skills.csv", "linkedin-skills", 5, 4, 1, 0)


def test_header_detection_ignores_bom_case_and_encoding(con, profile_dir, tmp_path):
    text = (profile_dir / "Skills.csv").read_text(encoding="utf-8").replace("Name", "NAME ")
    utf16 = tmp_path / "Skills.csv"
    utf16.write_bytes(text.encode("utf-16"))
    assert counts(import_profile(con, utf16)) == (5, 4, 0, 1, 0)
    bom = tmp_path / "Positions.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + (profile_dir / "Positions.csv").read_bytes())
    assert import_profile(con, bom).file_format == "linkedin-positions"


def test_yaml_detected_by_content_without_suffix(con, profile_dir, tmp_path):
    target = tmp_path / "my-profile.txt"
    shutil.copy(profile_dir / "profile.yaml", target)
    assert import_profile(con, target).file_format == "profile-yaml"


def test_rejected_position_rows_are_explained(con, tmp_path):
    path = tmp_path / "Positions.csv"
    path.write_text(
        "Company Name,Title,Description,Location,Started On,Finished On\n"
        ",Ghost,,,Jan 2020,\n"
        "Acme,Analyst,,,Smarch 2020,\n"
        "Acme,Analyst,,,2019,soon\n"
        "Acme,Lead,,,Feb 2021,\n",
        encoding="utf-8",
    )
    report = import_profile(con, path)
    assert counts(report) == (4, 1, 0, 0, 3)
    assert [(r.line, r.column, r.reason) for r in report.rejections] == [
        (2, "Company Name", "the company name is empty"),
        (3, "Started On", "not a date: 'Smarch 2020' (expected e.g. 'Mar 2023')"),
        (4, "Finished On", "not a date: 'soon' (expected e.g. 'Mar 2023')"),
    ]
    stored = con.execute(
        "SELECT line, column_name, reason FROM import_rejections ORDER BY line"
    ).fetchall()
    assert stored == [(r.line, r.column, r.reason) for r in report.rejections]


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("Mar 2023", False, date(2023, 3, 1)),
        ("Mar 2023", True, date(2023, 3, 31)),
        ("February 2024", True, date(2024, 2, 29)),
        ("Sept 2019", False, date(2019, 9, 1)),
        ("2019", False, date(2019, 1, 1)),
        ("2019", True, date(2019, 12, 31)),
        ("2019-05", True, date(2019, 5, 31)),
        ("05/2019", False, date(2019, 5, 1)),
        ("2019-5-7", True, date(2019, 5, 7)),
    ],
)
def test_parse_period(text, end, expected):
    assert parse_period(text, end=end) == expected


@pytest.mark.parametrize(
    "text", ["", "soon", "Smarch 2020", "1066", "2019-13", "13/2019", "2019-02-30"]
)
def test_parse_period_refuses(text):
    with pytest.raises(ValueError):
        parse_period(text, end=False)


def test_split_list_keeps_commas_inside_values():
    assert split_list("London, England | Remote;Leeds\nIntegrant, Inc.") == [
        "London, England",
        "Remote",
        "Leeds",
        "Integrant, Inc.",
    ]


def test_yaml_amounts_may_group_thousands_with_commas(con, tmp_path):
    path = tmp_path / "profile.yaml"
    path.write_text('finances:\n  liquid_savings: "48,000.50"\n  retirement_savings: 1,250,000\n')
    import_profile(con, path)
    assert con.execute("SELECT key, value FROM finances ORDER BY key").fetchall() == [
        ("liquid_savings", 48000.5), ("retirement_savings", 1250000.0),
    ]  # fmt: skip
