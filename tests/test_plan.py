"""Goals and milestones: progress per category, overdue milestones, and the edits."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis import plan, store
from analysis.errors import WaypointError

TODAY = date(2026, 11, 1)


@pytest.fixture
def con():
    connection = store.connect(":memory:")
    yield connection
    connection.close()


@pytest.fixture
def goals(con):
    learn = plan.save_goal(con, "skills", "Get productive in Python", date(2027, 3, 1))
    for title, due, status in [
        ("Finish a course", date(2026, 6, 1), "done"),
        ("Rebuild a report", date(2026, 9, 1), "done"),
        ("Publish a notebook", date(2026, 10, 1), "open"),
    ]:
        plan.save_milestone(con, learn, title, due, status)  # fmt: skip
    plan.save_goal(con, "skills", "Renew the SQL certificate", status="done")
    plan.save_goal(con, "network", "Reconnect with 20 former colleagues")
    dropped = plan.save_goal(con, "job search", "Apply at Contoso", status="dropped")
    plan.save_milestone(con, dropped, "Write to the recruiter", date(2026, 8, 1))
    money = plan.save_goal(con, "finances", "Extend the runway to 12 months")
    plan.save_milestone(con, money, "Cut subscriptions", date(2026, 9, 1), "done")
    plan.save_milestone(con, money, "Open an LLC", date(2026, 9, 15), "dropped")
    plan.save_milestone(con, money, "Compare health insurance", date(2026, 12, 1))
    return con


def test_goals_progress_per_category(goals):
    expected = pd.DataFrame({
        "category": ["skills", "network", "job search", "finances"],
        "goals": [2, 1, 0, 1],
        "goals_done": [1, 0, 0, 0],
        "milestones_done": [2, 0, 0, 1],
        "milestones_total": [3, 0, 0, 2],
        # skills: 2 of 3 milestones + the done goal without milestones = 3 of 4 steps
        "share": [0.75, 0.0, float("nan"), 0.5],
        "overdue": [1, 0, 0, 0],
        "goals_overdue": [0, 0, 0, 0],
    })  # fmt: skip
    pd.testing.assert_frame_equal(plan.goals_progress(goals, today=TODAY), expected)


def test_other_categories_follow_the_standard_ones(goals):
    goals.execute("INSERT INTO goals (goal_id, category, title) VALUES (99, 'health', 'Walk')")
    progress = plan.goals_progress(goals, today=TODAY)
    assert progress["category"].tolist()[-1] == "health"
    assert progress.iloc[-1]["share"] == 0.0


def test_overdue_milestones(goals):
    expected = pd.DataFrame({
        "milestone_id": [3], "goal_id": [1], "category": ["skills"],
        "goal": ["Get productive in Python"], "milestone": ["Publish a notebook"],
        "due_date": [date(2026, 10, 1)], "days_overdue": [31],
    })  # fmt: skip
    pd.testing.assert_frame_equal(plan.overdue_milestones(goals, today=TODAY), expected,
                                  check_dtype=False)  # fmt: skip
    assert plan.overdue_milestones(goals, today=date(2026, 9, 30)).empty


def test_milestone_status_records_completion(goals):
    plan.set_milestone_status(goals, 3, "done", today=TODAY)
    row = goals.execute("SELECT status, completed_on FROM milestones WHERE milestone_id = 3")
    assert row.fetchone() == ("done", TODAY)
    assert plan.goals_progress(goals, today=TODAY).loc[0, "share"] == 1.0
    plan.set_milestone_status(goals, 3, "open", today=TODAY)
    row = goals.execute("SELECT status, completed_on FROM milestones WHERE milestone_id = 3")
    assert row.fetchone() == ("open", None)


def test_updates_keep_ids(goals):
    goal_id = plan.save_goal(goals, "network", "Reconnect with 25 colleagues", goal_id=2)
    assert goal_id == 2
    assert goals.execute("SELECT title FROM goals WHERE goal_id = 2").fetchone() == (
        "Reconnect with 25 colleagues",
    )
    milestone_id = plan.save_milestone(goals, 2, "Write to five", milestone_id=3)
    assert milestone_id == 3
    assert goals.execute("SELECT goal_id FROM milestones WHERE milestone_id = 3").fetchone() == (2,)


def test_bad_edits_are_refused(con):
    with pytest.raises(WaypointError) as error:
        plan.save_goal(con, "hobbies", "Paint")
    assert (error.value.title, error.value.detail) == (
        "Unknown goal category",
        "'hobbies' (expected skills, network, job search, finances)",
    )
    with pytest.raises(WaypointError, match="A goal needs a title"):
        plan.save_goal(con, "skills", "  ")
    with pytest.raises(WaypointError) as error:
        plan.save_milestone(con, 42, "Orphan")
    assert (error.value.title, error.value.detail) == (
        "No such goal",
        "there is no goal with id 42",
    )
    with pytest.raises(WaypointError, match="Unknown milestone status"):
        plan.set_milestone_status(con, 1, "finished")
    with pytest.raises(WaypointError, match="No such milestone"):
        plan.set_milestone_status(con, 1, "done")
    with pytest.raises(WaypointError, match="No such goal"):
        plan.save_goal(con, "skills", "Ghost", goal_id=7)
    assert con.execute("SELECT count(*) FROM goals").fetchone() == (0,)


def test_no_goals(con):
    progress = plan.goals_progress(con, today=TODAY)
    assert progress["goals"].tolist() == [0, 0, 0, 0]
    assert progress["share"].isna().all()
    assert plan.overdue_milestones(con, today=TODAY).empty


def test_overdue_counts_and_lists_only_open_milestones_of_open_goals(goals):
    finished = plan.save_goal(goals, "network", "Join the alumni group", status="done")
    plan.save_milestone(goals, finished, "Go to a meetup", date(2026, 7, 1))  # left open
    progress = plan.goals_progress(goals, today=TODAY).set_index("category")["overdue"]
    listed = plan.overdue_milestones(goals, today=TODAY)["milestone"].tolist()
    assert (progress.sum(), listed) == (1, ["Publish a notebook"])


def test_open_goals_past_their_due_date_are_overdue(con):
    plan.save_goal(con, "skills", "Get Python basics", date(2026, 10, 1))
    plan.save_goal(con, "skills", "Learn dbt", date(2026, 9, 1), status="done")
    plan.save_goal(con, "network", "Meet 5 people", date(2026, 12, 1))
    progress = plan.goals_progress(con, today=TODAY).set_index("category")
    assert progress["goals_overdue"].to_dict() == {
        "skills": 1, "network": 0, "job search": 0, "finances": 0}  # fmt: skip
    expected = pd.DataFrame({
        "goal_id": [1], "category": ["skills"], "goal": ["Get Python basics"],
        "due_date": [date(2026, 10, 1)], "days_overdue": [31],
    })  # fmt: skip
    pd.testing.assert_frame_equal(plan.overdue_goals(con, today=TODAY), expected)
