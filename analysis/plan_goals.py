"""Goals and milestones of the career plan: progress per category, overdue milestones, edits.
Re-exported by analysis.plan."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from analysis import settings
from analysis.errors import WaypointError
from analysis.store import Connection, transaction

GOAL_CATEGORIES = ("skills", "network", "job search", "finances")
STATUSES = ("open", "done", "dropped")


# --------------------------------------------------------------------------- goals


def goals_progress(con: Connection, today: date | None = None) -> pd.DataFrame:
    """Columns: category, goals, goals_done, milestones_done, milestones_total, share, overdue,
    goals_overdue.

    One row per standard category (skills, network, job search, finances) plus any other
    category in use. Dropped goals and milestones are left out. ``share`` is the done share of
    the plan's steps: every milestone is a step, and a goal without milestones is one step
    (done when the goal is); NaN when the category has no steps. ``overdue`` counts open
    milestones of open goals past their due date, the rows of `overdue_milestones` (a done
    goal's leftover milestones are not late).
    """
    today = today or settings.today()
    rows = con.execute(
        """
        WITH g AS (SELECT * FROM goals WHERE status <> 'dropped'),
        m AS (
            SELECT m.*, g.category FROM milestones m JOIN g USING (goal_id)
            WHERE m.status <> 'dropped'
        ),
        per_goal AS (
            SELECT g.goal_id, g.category, g.status,
                   count(m.milestone_id) AS ms,
                   count(m.milestone_id) FILTER (WHERE m.status = 'done') AS ms_done,
                   count(m.milestone_id) FILTER (
                       WHERE m.status = 'open' AND g.status = 'open' AND m.due_date < ?
                   ) AS ms_overdue,
                   (g.status = 'open' AND g.due_date < ?)::INT AS goal_overdue
            FROM g LEFT JOIN m USING (goal_id)
            GROUP BY ALL
        )
        SELECT category,
               count(*) AS goals,
               count(*) FILTER (WHERE status = 'done') AS goals_done,
               sum(ms_done) AS milestones_done,
               sum(ms) AS milestones_total,
               sum(CASE WHEN ms = 0 THEN (status = 'done')::INT ELSE ms_done END) AS steps_done,
               sum(CASE WHEN ms = 0 THEN 1 ELSE ms END) AS steps,
               sum(ms_overdue) AS overdue,
               sum(coalesce(goal_overdue, 0)) AS goals_overdue
        FROM per_goal GROUP BY category
        """,
        [today, today],
    ).df()
    order = list(GOAL_CATEGORIES) + sorted(set(rows["category"]) - set(GOAL_CATEGORIES))
    frame = pd.DataFrame({"category": order}).merge(rows, on="category", how="left")
    counts = ["goals", "goals_done", "milestones_done", "milestones_total", "overdue",
              "goals_overdue"]  # fmt: skip
    for column in counts + ["steps_done", "steps"]:
        frame[column] = frame[column].fillna(0).astype("int64")
    frame["share"] = (frame["steps_done"] / frame["steps"].where(frame["steps"] > 0)).astype(float)
    return frame[["category", "goals", "goals_done", "milestones_done", "milestones_total",
                  "share", "overdue", "goals_overdue"]]  # fmt: skip


def overdue_milestones(con: Connection, today: date | None = None) -> pd.DataFrame:
    """Columns: milestone_id, goal_id, category, goal, milestone, due_date, days_overdue.

    Open milestones of open goals whose due date has passed, most overdue first.
    """
    today = today or settings.today()
    frame = con.execute(
        """
        SELECT m.milestone_id, m.goal_id, g.category, g.title AS goal, m.title AS milestone,
               m.due_date, date_diff('day', m.due_date, ?::DATE) AS days_overdue
        FROM milestones m JOIN goals g USING (goal_id)
        WHERE m.status = 'open' AND g.status = 'open' AND m.due_date < ?::DATE
        ORDER BY days_overdue DESC, m.milestone_id
        """,
        [today, today],
    ).df()
    frame["due_date"] = pd.to_datetime(frame["due_date"]).dt.date
    return frame.astype({"milestone_id": "int64", "goal_id": "int64", "days_overdue": "int64"})


def overdue_goals(con: Connection, today: date | None = None) -> pd.DataFrame:
    """Columns: goal_id, category, goal, due_date, days_overdue. Open goals whose due date has
    passed, most overdue first."""
    today = today or settings.today()
    frame = con.execute(
        """
        SELECT goal_id, category, title AS goal, due_date,
               date_diff('day', due_date, ?::DATE) AS days_overdue
        FROM goals WHERE status = 'open' AND due_date < ?::DATE
        ORDER BY days_overdue DESC, goal_id
        """,
        [today, today],
    ).df()
    frame["due_date"] = pd.to_datetime(frame["due_date"]).dt.date
    return frame.astype({"goal_id": "int64", "days_overdue": "int64"})


def check_value(value: str, allowed: Iterable[str], what: str) -> str:
    if value not in allowed:
        raise WaypointError(f"Unknown {what}", f"'{value}' (expected {', '.join(allowed)})")
    return value


def save_goal(
    con: Connection,
    category: str,
    title: str,
    due_date: date | None = None,
    status: str = "open",
    notes: str | None = None,
    goal_id: int | None = None,
) -> int:
    """Insert a goal (or update ``goal_id``) and return its id."""
    check_value(category, GOAL_CATEGORIES, "goal category")
    check_value(status, STATUSES, "goal status")
    if not title or not title.strip():
        raise WaypointError("A goal needs a title", "the title is empty")
    with transaction(con):
        if goal_id is None:
            goal_id = con.execute("SELECT nextval('goal_id_seq')").fetchone()[0]
            con.execute(
                "INSERT INTO goals (goal_id, category, title, due_date, status, notes) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [goal_id, category, title.strip(), due_date, status, notes],
            )
        else:
            require_row(con, "goals", "goal_id", goal_id, "goal")
            con.execute(
                "UPDATE goals SET category = ?, title = ?, due_date = ?, status = ?, notes = ? "
                "WHERE goal_id = ?",
                [category, title.strip(), due_date, status, notes, goal_id],
            )
    return int(goal_id)


def save_milestone(
    con: Connection,
    goal_id: int,
    title: str,
    due_date: date | None = None,
    status: str = "open",
    milestone_id: int | None = None,
    completed_on: date | None = None,
) -> int:
    """Insert a milestone of ``goal_id`` (or update ``milestone_id``) and return its id."""
    check_value(status, STATUSES, "milestone status")
    if not title or not title.strip():
        raise WaypointError("A milestone needs a title", "the title is empty")
    with transaction(con):
        require_row(con, "goals", "goal_id", goal_id, "goal")
        if milestone_id is None:
            milestone_id = con.execute("SELECT nextval('milestone_id_seq')").fetchone()[0]
            con.execute(
                "INSERT INTO milestones (milestone_id, goal_id, title, due_date, status, "
                "completed_on) VALUES (?, ?, ?, ?, ?, ?)",
                [milestone_id, goal_id, title.strip(), due_date, status, completed_on],
            )
        else:
            require_row(con, "milestones", "milestone_id", milestone_id, "milestone")
            con.execute(
                "UPDATE milestones SET goal_id = ?, title = ?, due_date = ?, status = ?, "
                "completed_on = ? WHERE milestone_id = ?",
                [goal_id, title.strip(), due_date, status, completed_on, milestone_id],
            )
    return int(milestone_id)


def set_milestone_status(
    con: Connection, milestone_id: int, status: str, today: date | None = None
) -> None:
    """Set a milestone's status; 'done' records today as its completion date, others clear it."""
    check_value(status, STATUSES, "milestone status")
    completed = (today or settings.today()) if status == "done" else None
    with transaction(con):
        require_row(con, "milestones", "milestone_id", milestone_id, "milestone")
        con.execute(
            "UPDATE milestones SET status = ?, completed_on = ? WHERE milestone_id = ?",
            [status, completed, milestone_id],
        )


def require_row(con: Connection, table: str, column: str, key: int, what: str) -> None:
    # table and column are constants from this module, never user input
    found = con.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", [key]).fetchone()[0]
    if not found:
        raise WaypointError(f"No such {what}", f"there is no {what} with id {key}")
