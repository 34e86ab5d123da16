"""The dashboard's editors: profile skills, goals, milestones and targets saved back whole."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis import profile_edit as pe
from analysis import store
from analysis.errors import WaypointError


@pytest.fixture
def con(monkeypatch):
    monkeypatch.setenv("WAYPOINT_TODAY", "2026-11-01")
    con = store.connect(":memory:")
    con.execute(
        "INSERT INTO profile_skills VALUES "
        "('COBOL', 4, DATE '2004-08-31', 'profile', 12, FALSE, 'profile-file', NULL), "
        "('Excel', NULL, NULL, NULL, NULL, NULL, 'linkedin-skills', NULL)"
    )
    yield con
    con.close()


def test_profile_skills_are_saved_back_whole(con):
    frame = pe.profile_skills_table(con)
    assert frame.columns.tolist() == [*pe.PROFILE_COLUMNS, "source"]
    frame.loc[frame["skill"] == "COBOL", "last_used"] = date(2026, 10, 15)
    frame = frame[frame["skill"] != "Excel"]
    frame = pd.concat([frame, pd.DataFrame([{"skill": "  Power   BI ", "proficiency": 3}])])
    assert pe.save_profile_skills(con, frame) == {"added": 1, "updated": 1, "removed": 1}
    rows = con.execute(
        "SELECT skill, proficiency, last_used, last_used_source, years, source "
        "FROM profile_skills ORDER BY skill"
    ).fetchall()
    assert rows == [
        ("COBOL", 4, date(2026, 10, 15), "profile", 12.0, "manual"),
        ("Power BI", 3, None, None, None, "manual"),
    ]
    assert pe.save_profile_skills(con, pe.profile_skills_table(con)) == {
        "added": 0, "updated": 0, "removed": 0,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"skill": " "}, "A skill needs a name: row 3: the skill name is empty"),
        ({"skill": "excel"}, "A skill is listed twice: row 3: excel"),
        ({"skill": "SQL", "proficiency": 7}, "Proficiency is 1 to 5: row 3 (SQL): got 7"),
        ({"skill": "SQL", "years": -1}, "Years cannot be negative: row 3 (SQL): got -1"),
        ({"skill": "SQL", "last_used": date(2027, 1, 1)},
         "Last used is in the future: row 3 (SQL): 2027-01-01"),
    ],
)  # fmt: skip
def test_a_bad_profile_row_saves_nothing(con, row, message):
    assert_row_refused(con, pe.profile_skills_table, pe.save_profile_skills, row, message)


def assert_row_refused(con, read, save, row: dict, message: str) -> None:
    """Saving the table `read` gives with `row` added fails with `message`, changing nothing."""
    before = read(con)
    frame = pd.concat([before, pd.DataFrame([row])], ignore_index=True)
    with pytest.raises(WaypointError) as error:
        save(con, frame)
    assert str(error.value) == message
    pd.testing.assert_frame_equal(read(con), before)


def test_goals_and_milestones_round_trip(con):
    goals = pd.DataFrame([{"goal_id": None, "category": "skills", "title": "Learn dbt",
                           "due_date": date(2027, 3, 1), "status": "open", "notes": None}])  # fmt: skip
    assert pe.save_goals(con, goals) == 1
    stored = pe.goals_table(con)
    assert stored[["category", "title", "status"]].values.tolist() == [
        ["skills", "Learn dbt", "open"]
    ]
    goal_id = int(stored["goal_id"].iloc[0])
    milestones = pd.DataFrame([{"milestone_id": None, "goal_id": goal_id, "title": "Course",
                                "due_date": date(2026, 12, 1), "status": "done"}])  # fmt: skip
    pe.save_milestones(con, milestones)
    frame = pe.milestones_table(con)
    assert frame[["goal", "category", "title", "status", "completed_on"]].values.tolist() == [
        ["Learn dbt", "skills", "Course", "done", date(2026, 11, 1)]
    ]


def test_targets_are_saved_back_whole(con):
    frame = pd.DataFrame([
        {"target_id": None, "kind": "company", "value": "Acme Bank", "priority": 1},
        {"target_id": None, "kind": "role", "value": "BI Manager", "priority": None},
    ])  # fmt: skip
    assert pe.save_targets(con, frame) == {"added": 2, "updated": 0, "removed": 0}
    stored = pe.targets_table(con)
    stored.loc[stored["kind"] == "role", "priority"] = 2
    assert pe.save_targets(con, stored[stored["kind"] == "role"]) == {
        "added": 0, "updated": 1, "removed": 1,
    }  # fmt: skip
    assert con.execute("SELECT kind, value, priority, source FROM targets").fetchall() == [
        ("role", "BI Manager", 2, "manual")
    ]
    with pytest.raises(WaypointError, match="Unknown target kind"):
        pe.save_targets(con, pd.DataFrame([{"kind": "city", "value": "Columbus"}]))


def test_income_streams_are_saved_back_whole_and_feed_the_runway(con):
    from analysis import plan

    con.execute("INSERT INTO income_streams VALUES (nextval('income_stream_id_seq'), "
                "'Salary', 'salary', 6000, FALSE), (nextval('income_stream_id_seq'), "
                "'Old blog', 'other', 0, FALSE)")  # fmt: skip
    frame = pe.income_streams_table(con)
    assert frame.columns.tolist() == pe.INCOME_STREAM_COLUMNS
    assert frame["name"].tolist() == ["Salary", "Old blog"]
    frame = frame[frame["name"] != "Old blog"]
    frame.loc[frame["name"] == "Salary", "monthly_amount"] = 6500.0
    added = pd.DataFrame([{"name": " Rental  flat ", "kind": "rental", "monthly_amount": 500,
                           "continues_without_job": True}])  # fmt: skip
    frame = pd.concat([frame, added], ignore_index=True)
    assert pe.save_income_streams(con, frame) == {"added": 1, "updated": 1, "removed": 1}
    rows = con.execute("SELECT name, kind, monthly_amount, continues_without_job "
                       "FROM income_streams ORDER BY name").fetchall()  # fmt: skip
    assert rows == [("Rental flat", "rental", 500.0, True), ("Salary", "salary", 6500.0, False)]
    assert plan.runway_inputs_from_store(con).continuing_income == 500.0
    assert pe.save_income_streams(con, pe.income_streams_table(con)) == {
        "added": 0, "updated": 0, "removed": 0,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"name": " ", "monthly_amount": 10},
         "An income stream needs a name: row 2, Income stream: empty"),
        ({"name": "Rent"}, "Invalid amount: row 2 (Rent), Per month: enter an amount of 0 or more"),
        ({"name": "Rent", "monthly_amount": -5},
         "Invalid amount: row 2 (Rent), Per month: enter an amount of 0 or more"),
        ({"name": "salary", "monthly_amount": 1},
         "An income stream is listed twice: row 2, Income stream: salary"),
    ],
)  # fmt: skip
def test_a_bad_income_stream_row_saves_nothing(con, row, message):
    con.execute("INSERT INTO income_streams VALUES (nextval('income_stream_id_seq'), "
                "'Salary', 'salary', 6000, FALSE)")  # fmt: skip
    assert_row_refused(con, pe.income_streams_table, pe.save_income_streams, row, message)
