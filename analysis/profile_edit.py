"""What the user edits by hand in the dashboard: their skills, goals, milestones, targets and
income streams.

Each editor reads a plain table (`profile_skills_table`, `goals_table`, `milestones_table`,
`targets_table`, `income_streams_table`) and writes the edited table back in one transaction
(`save_profile_skills`, `save_goals`, `save_milestones`, `save_targets`,
`save_income_streams`), so a bad row changes nothing. SQL is parameterised; user text is data.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from analysis import plan, settings
from analysis.errors import WaypointError
from analysis.store import Connection, transaction

PROFILE_COLUMNS = ["skill", "proficiency", "last_used", "years", "wants_to_grow"]


def _blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _day(value: object) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, str):
        return date.fromisoformat(value.strip()[:10])
    if hasattr(value, "date") and callable(value.date):  # datetime, pandas Timestamp
        return value.date()
    return value  # type: ignore[return-value]


def _row(frame: pd.DataFrame, i: int) -> str:
    return f"row {i + 1}"


# --------------------------------------------------------------------------- profile skills


def profile_skills_table(con: Connection) -> pd.DataFrame:
    """Columns: skill, proficiency, last_used, years, wants_to_grow, source. The user's own skill
    list as stored (not merged with positions or endorsements), ordered by skill name."""
    frame = con.execute(
        "SELECT skill, proficiency, last_used, years, wants_to_grow, source FROM profile_skills "
        "ORDER BY lower(skill)"
    ).df()
    frame["proficiency"] = frame["proficiency"].astype("Int64")
    frame["wants_to_grow"] = frame["wants_to_grow"].astype("boolean")
    frame["last_used"] = pd.to_datetime(frame["last_used"]).dt.date
    return frame


def _profile_values(frame: pd.DataFrame, i: int, row: pd.Series) -> tuple:
    where = _row(frame, i)
    skill = "" if _blank(row.get("skill")) else " ".join(str(row["skill"]).split())
    if not skill:
        raise WaypointError("A skill needs a name", f"{where}: the skill name is empty")
    proficiency = row.get("proficiency")
    if _blank(proficiency):
        proficiency = None
    else:
        proficiency = int(proficiency)
        if not 1 <= proficiency <= 5:
            raise WaypointError("Proficiency is 1 to 5", f"{where} ({skill}): got {proficiency}")
    years = row.get("years")
    if _blank(years):
        years = None
    else:
        years = float(years)
        if years < 0:
            raise WaypointError("Years cannot be negative", f"{where} ({skill}): got {years:g}")
    last_used = _day(row.get("last_used"))
    if last_used is not None and last_used > settings.today():
        raise WaypointError("Last used is in the future", f"{where} ({skill}): {last_used}")
    wants = row.get("wants_to_grow")
    wants = None if _blank(wants) else bool(wants)
    return skill, proficiency, last_used, years, wants


def save_profile_skills(con: Connection, frame: pd.DataFrame) -> dict[str, int]:
    """Make profile_skills equal to ``frame`` (columns PROFILE_COLUMNS; extra columns ignored).

    Rows are matched to stored skills by name, case-insensitively. New skills are stored with
    source "manual"; a changed skill becomes "manual" too, and a last_used the user typed is
    marked as theirs ("profile"); skills missing from ``frame`` are removed. Returns counts:
    added, updated, removed. Raises WaypointError (nothing saved) for an empty or repeated name,
    proficiency outside 1-5, negative years or a last-used date in the future.
    """
    rows: dict[str, tuple] = {}
    for i, (_, row) in enumerate(frame.reset_index(drop=True).iterrows()):
        values = _profile_values(frame, i, row)
        key = values[0].casefold()
        if key in rows:
            raise WaypointError("A skill is listed twice", f"{_row(frame, i)}: {values[0]}")
        rows[key] = values
    counts = {"added": 0, "updated": 0, "removed": 0}
    with transaction(con):
        stored = {
            r[0].casefold(): r
            for r in con.execute(
                "SELECT skill, proficiency, last_used, years, wants_to_grow, last_used_source "
                "FROM profile_skills"
            ).fetchall()
        }
        for key, old in stored.items():
            if key not in rows:
                con.execute("DELETE FROM profile_skills WHERE skill = ?", [old[0]])
                counts["removed"] += 1
        for key, (skill, proficiency, last_used, years, wants) in rows.items():
            old = stored.get(key)
            if old is None:
                con.execute(
                    "INSERT INTO profile_skills (skill, proficiency, last_used, last_used_source, "
                    "years, wants_to_grow, source) VALUES (?, ?, ?, ?, ?, ?, 'manual')",
                    [skill, proficiency, last_used, "profile" if last_used else None, years,
                     wants],
                )  # fmt: skip
                counts["added"] += 1
                continue
            if (skill, proficiency, last_used, years, wants) == tuple(old[:5]):
                continue
            source = old[5] if last_used == old[2] else ("profile" if last_used else None)
            con.execute(
                "UPDATE profile_skills SET skill = ?, proficiency = ?, last_used = ?, "
                "last_used_source = ?, years = ?, wants_to_grow = ?, source = 'manual' "
                "WHERE skill = ?",
                [skill, proficiency, last_used, source, years, wants, old[0]],
            )
            counts["updated"] += 1
    return counts


# --------------------------------------------------------------------------- goals


def goals_table(con: Connection) -> pd.DataFrame:
    """Columns: goal_id, category, title, due_date, status, notes. Every goal, soonest due first
    (undated last)."""
    frame = con.execute(
        "SELECT goal_id, category, title, due_date, status, notes FROM goals "
        "ORDER BY due_date NULLS LAST, goal_id"
    ).df()
    frame["goal_id"] = frame["goal_id"].astype("Int64")
    frame["due_date"] = pd.to_datetime(frame["due_date"]).dt.date
    return frame


def milestones_table(con: Connection) -> pd.DataFrame:
    """Columns: milestone_id, goal_id, goal, category, title, due_date, status, completed_on.
    Every milestone with its goal's title and category, soonest due first (undated last)."""
    frame = con.execute(
        "SELECT m.milestone_id, m.goal_id, g.title AS goal, g.category, m.title, m.due_date, "
        "m.status, m.completed_on FROM milestones m JOIN goals g USING (goal_id) "
        "ORDER BY m.due_date NULLS LAST, m.milestone_id"
    ).df()
    for column in ("milestone_id", "goal_id"):
        frame[column] = frame[column].astype("Int64")
    for column in ("due_date", "completed_on"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def _text(row: pd.Series, column: str) -> str | None:
    value = row.get(column)
    return None if _blank(value) else str(value).strip()


def _id(row: pd.Series, column: str) -> int | None:
    value = row.get(column)
    return None if _blank(value) else int(value)


def save_goals(con: Connection, frame: pd.DataFrame) -> int:
    """Insert the rows of ``frame`` without a goal_id and update the others (columns: goal_id,
    category, title, due_date, status, notes); all in one transaction. Goals are never deleted:
    set their status to dropped. Returns the number of rows written."""
    with transaction(con):
        for _, row in frame.iterrows():
            plan.save_goal(
                con, _text(row, "category") or "", _text(row, "title") or "",
                due_date=_day(row.get("due_date")), status=_text(row, "status") or "open",
                notes=_text(row, "notes"), goal_id=_id(row, "goal_id"),
            )  # fmt: skip
    return len(frame)


def save_milestones(con: Connection, frame: pd.DataFrame) -> int:
    """Insert or update milestones (columns: milestone_id, goal_id, title, due_date, status) in one
    transaction. A milestone newly marked done is completed today; reopening one clears it.
    Returns the number of rows written."""
    today = settings.today()
    with transaction(con):
        for _, row in frame.iterrows():
            milestone_id, goal_id = _id(row, "milestone_id"), _id(row, "goal_id")
            if goal_id is None:
                raise WaypointError("A milestone needs a goal", f"milestone {_text(row, 'title')}")
            status = _text(row, "status") or "open"
            completed = _day(row.get("completed_on")) if status == "done" else None
            plan.save_milestone(
                con, goal_id, _text(row, "title") or "", due_date=_day(row.get("due_date")),
                status=status, milestone_id=milestone_id,
                completed_on=(completed or today) if status == "done" else None,
            )  # fmt: skip
    return len(frame)


# --------------------------------------------------------------------------- targets

TARGET_KINDS = ("company", "role", "location")


def targets_table(con: Connection) -> pd.DataFrame:
    """Columns: target_id, kind, value, priority, source. Target companies, roles and locations,
    by kind, then priority (unset last), then id."""
    frame = con.execute(
        "SELECT target_id, kind, value, priority, source FROM targets "
        "ORDER BY kind, priority NULLS LAST, target_id"
    ).df()
    frame["target_id"] = frame["target_id"].astype("Int64")
    frame["priority"] = frame["priority"].astype("Int64")
    return frame


def save_targets(con: Connection, frame: pd.DataFrame) -> dict[str, int]:
    """Make `targets` equal to ``frame`` (columns target_id, kind, value, priority): rows without
    a target_id are added (source manual), the others updated, stored targets missing from
    ``frame`` removed; one transaction. Returns counts: added, updated, removed. Raises
    WaypointError (nothing saved) for an unknown kind, an empty value or a repeated target."""
    rows: list[tuple] = []
    seen: set[tuple[str, str]] = set()
    for i, (_, row) in enumerate(frame.reset_index(drop=True).iterrows()):
        kind, value = _text(row, "kind") or "", " ".join((_text(row, "value") or "").split())
        if kind not in TARGET_KINDS:
            raise WaypointError("Unknown target kind",
                                f"row {i + 1}: '{kind}' (expected {', '.join(TARGET_KINDS)})")  # fmt: skip
        if not value:
            raise WaypointError("A target needs a name", f"row {i + 1}: the name is empty")
        if (kind, value.casefold()) in seen:
            raise WaypointError("A target is listed twice", f"row {i + 1}: {kind} {value}")
        seen.add((kind, value.casefold()))
        rows.append((_id(row, "target_id"), kind, value, _id(row, "priority")))
    counts = {"added": 0, "updated": 0, "removed": 0}
    with transaction(con):
        stored = {r[0]: r[1:] for r in con.execute(
            "SELECT target_id, kind, value, priority FROM targets").fetchall()}  # fmt: skip
        keep = {r[0] for r in rows if r[0] is not None}
        for target_id in stored.keys() - keep:
            con.execute("DELETE FROM targets WHERE target_id = ?", [target_id])
            counts["removed"] += 1
        for target_id, kind, value, priority in rows:
            if target_id is None or target_id not in stored:
                con.execute(
                    "INSERT INTO targets (target_id, kind, value, priority, source) "
                    "VALUES (nextval('target_id_seq'), ?, ?, ?, 'manual')",
                    [kind, value, priority],
                )
                counts["added"] += 1
            elif stored[target_id] != (kind, value, priority):
                con.execute(
                    "UPDATE targets SET kind = ?, value = ?, priority = ? WHERE target_id = ?",
                    [kind, value, priority, target_id],
                )
                counts["updated"] += 1
    return counts


# --------------------------------------------------------------------------- income streams

INCOME_STREAM_COLUMNS = ["stream_id", "name", "kind", "monthly_amount", "continues_without_job"]


def income_streams_table(con: Connection) -> pd.DataFrame:
    """Columns: stream_id, name, kind, monthly_amount, continues_without_job. Every income
    stream as stored (a zero amount included), largest first."""
    frame = con.execute(
        "SELECT stream_id, name, kind, monthly_amount, continues_without_job FROM income_streams "
        "ORDER BY monthly_amount DESC, stream_id"
    ).df()
    return frame.astype({"stream_id": "Int64", "monthly_amount": "float64",
                         "continues_without_job": "boolean"})  # fmt: skip


def _income_stream_values(i: int, row: pd.Series) -> tuple:
    where = f"row {i + 1}"
    name = "" if _blank(row.get("name")) else " ".join(str(row["name"]).split())
    if not name:
        raise WaypointError("An income stream needs a name", f"{where}, Income stream: empty")
    amount = row.get("monthly_amount")
    try:
        amount = None if _blank(amount) or isinstance(amount, bool) else float(amount)
    except (TypeError, ValueError):
        amount = None
    if amount is None or math.isnan(amount) or amount < 0:
        raise WaypointError("Invalid amount", f"{where} ({name}), Per month: enter an amount of "
                            "0 or more")  # fmt: skip
    continues = row.get("continues_without_job")
    continues = False if _blank(continues) else bool(continues)
    return _id(row, "stream_id"), name, _text(row, "kind"), amount, continues


def save_income_streams(con: Connection, frame: pd.DataFrame) -> dict[str, int]:
    """Make `income_streams` equal to ``frame`` (columns INCOME_STREAM_COLUMNS): rows without a
    stream_id are added, the others updated, stored streams missing from ``frame`` removed; one
    transaction. Returns counts: added, updated, removed. Raises WaypointError (nothing saved)
    naming the row and column for an empty name, a missing or negative amount or a repeated
    name. A blank "continues without the job" means no."""
    rows: list[tuple] = []
    seen: set[str] = set()
    for i, (_, row) in enumerate(frame.reset_index(drop=True).iterrows()):
        values = _income_stream_values(i, row)
        if values[1].casefold() in seen:
            raise WaypointError("An income stream is listed twice",
                                f"row {i + 1}, Income stream: {values[1]}")  # fmt: skip
        seen.add(values[1].casefold())
        rows.append(values)
    counts = {"added": 0, "updated": 0, "removed": 0}
    with transaction(con):
        stored = {r[0]: tuple(r[1:]) for r in con.execute(
            "SELECT stream_id, name, kind, monthly_amount, continues_without_job "
            "FROM income_streams").fetchall()}  # fmt: skip
        keep = {r[0] for r in rows if r[0] is not None}
        for stream_id in stored.keys() - keep:
            con.execute("DELETE FROM income_streams WHERE stream_id = ?", [stream_id])
            counts["removed"] += 1
        for stream_id, *values in rows:
            if stream_id is None or stream_id not in stored:
                con.execute(
                    "INSERT INTO income_streams VALUES "
                    "(nextval('income_stream_id_seq'), ?, ?, ?, ?)",
                    values,
                )
                counts["added"] += 1
            elif stored[stream_id] != tuple(values):
                con.execute(
                    "UPDATE income_streams SET name = ?, kind = ?, monthly_amount = ?, "
                    "continues_without_job = ? WHERE stream_id = ?",
                    [*values, stream_id],
                )
                counts["updated"] += 1
    return counts
