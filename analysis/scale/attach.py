"""A market study read in place by a workspace: DuckDB views over its Parquet, nothing copied.

Two ways in:

- `attach_study(con, DIR)` gives a workspace connection temporary views named in
  `STUDY_TABLES` (study_postings, study_posting_skills, study_monthly, ...) and records the
  folder in workspace_meta (`attached_study`); `reattach_study(con)` recreates the views on a new
  connection (views are per connection, so a `con.cursor()` needs it too).
- `study_connection(DIR)` opens an in-memory database with the workspace schema whose market
  tables (postings, posting_skills, skills, month_counts, skill_month_counts) are the study's:
  every read-only market query in `analysis.demand` runs on it unchanged, e.g.
  `skill_demand(study_connection(DIR), MarketFilter(roles=["data"]))`. The dashboard and the
  report reach it through `analysis.market_source` (a MarketFilter with study=True), which
  opens it from the workspace_meta record on every use.

`study_status(con)` says what is attached (name, postings, what the study keeps) without
raising; a recorded folder that has gone raises `StudyMissing` everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from analysis import store
from analysis.errors import WaypointError
from analysis.scale import study
from analysis.store import Connection, get_meta, set_meta, transaction

META_KEY = "attached_study"

# Workspace table → the view holding the study's rows (same columns and meaning).
STUDY_TABLES = {
    "postings": "study_postings",
    "posting_skills": "study_posting_skills",
    "skills": "study_skills",
    "month_counts": "study_month_counts",
    "skill_month_counts": "study_skill_month_counts",
}
MONTHLY_VIEW = "study_monthly"
VIEW_NAMES = ("study_postings", "study_posting_skills", "study_skills", MONTHLY_VIEW,
              "study_month_counts", "study_skill_month_counts")  # fmt: skip


class StudyMissing(WaypointError):
    """The study folder recorded in the workspace is no longer there."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"The market study folder {path} is missing",
            "It is attached to this workspace but no longer exists. Put it back, attach another "
            "study (python -m analysis attach-study DIR) or detach it "
            "(python -m analysis attach-study --detach).",
        )


@dataclass(frozen=True)
class Study:
    """A study folder that has every part and a readable manifest."""

    path: Path
    manifest: dict

    def parquet(self, part: str) -> str:
        """`read_parquet('<folder>/<part>/*.parquet')`: the folder's glob characters stand for
        themselves ("studies/EU [2025]"), and the path is escaped as an SQL literal (views
        cannot take parameters)."""
        folder = study.glob_literal(self.path / part)
        return "read_parquet('{}/*.parquet')".format(folder.replace("'", "''"))


def open_study(study_dir: str | Path) -> Study:
    """Check a study folder; WaypointError naming what is missing."""
    path = Path(study_dir).expanduser().resolve()
    manifest = study.read_manifest(path)
    for part in (study.POSTINGS, study.MENTIONS, study.MONTHLY, study.SKILLS):
        if not any((path / part).glob("*.parquet")):
            raise WaypointError("Incomplete market study", f"{path / part} holds no Parquet files")
    return Study(path, manifest)


def _view_sql(s: Study) -> dict[str, str]:
    """View name → query, in creation order (later views read earlier ones)."""
    return {
        "study_postings": f"SELECT * FROM {s.parquet(study.POSTINGS)}",
        "study_posting_skills": (
            'SELECT posting_id, skill_id, "count"::INTEGER AS mentions '
            f"FROM {s.parquet(study.MENTIONS)}"
        ),
        "study_skills": f"SELECT * FROM {s.parquet(study.SKILLS)}",
        MONTHLY_VIEW: f"SELECT * FROM {s.parquet(study.MONTHLY)}",
        "study_month_counts": (
            "SELECT date_trunc('month', date_posted)::DATE AS month, count(*)::INTEGER AS postings "
            "FROM study_postings GROUP BY 1"
        ),
        "study_skill_month_counts": (
            f"SELECT month, skill_id, postings::INTEGER AS postings FROM {MONTHLY_VIEW}"
        ),
    }


def _create_views(con: Connection, s: Study) -> None:
    for name, sql in _view_sql(s).items():
        con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {sql}")


def attach_study(con: Connection, study_dir: str | Path) -> Study:
    """Make a study readable from this workspace connection and remember it for next time.

    The study's Parquet stays where it is and is read on every query (read-only); the
    workspace's own tables are untouched apart from the workspace_meta record.
    """
    s = open_study(study_dir)
    _create_views(con, s)
    try:
        set_meta(con, META_KEY, str(s.path))
    except duckdb.Error as exc:
        raise WaypointError(
            "Cannot record the attached study", f"the workspace is read-only: {exc}"
        ) from exc
    return s


def reattach_study(con: Connection) -> Study | None:
    """Recreate the views of the study recorded in workspace_meta, if any; None when no study
    is attached. Raises StudyMissing when the recorded folder is gone, WaypointError when it is
    incomplete."""
    s = recorded_study(con)
    if s is not None:
        _create_views(con, s)
    return s


def recorded_study(con: Connection) -> Study | None:
    """The study recorded in workspace_meta, checked; None when none is attached. Raises
    StudyMissing when its folder is gone, WaypointError when it is incomplete."""
    recorded = attached_study_path(con)
    if recorded is None:
        return None
    if not recorded.is_dir():
        raise StudyMissing(recorded)
    return open_study(recorded)


def attached_study_path(con: Connection) -> Path | None:
    """The folder recorded by `attach_study`, or None."""
    value = get_meta(con, META_KEY)
    return Path(value) if value else None


def detach_study(con: Connection) -> None:
    """Forget the attached study and drop its views (the study folder is left alone)."""
    for name in reversed(VIEW_NAMES):
        con.execute(f"DROP VIEW IF EXISTS {name}")
    con.execute("DELETE FROM workspace_meta WHERE key = ?", [META_KEY])


# --------------------------------------------------------------------------- market source


def study_source():
    """The attached study's views as a market source (`analysis.demand_counts.Source`): the
    same shape as DIRECT / COMPACT there, for the market queries to read once they take a
    source (see the proposal in the scale README section). Month and filter columns are the
    study's; a study keeps no salaries, so the salary is NULL."""
    from analysis.demand_counts import Source

    return Source(
        "study_postings", "study_posting_skills", "posting_id",
        "date_trunc('month', p.date_posted)::DATE", "CAST(NULL AS DOUBLE)", "''",
    )  # fmt: skip


def study_connection(study_dir: str | Path) -> Connection:
    """An in-memory workspace whose postings are the study's: every read-only market query
    (`analysis.demand`) runs on it unchanged. Close it when done.

    postings and posting_skills are views over the study's Parquet (columns a study does not
    keep, such as description or salaries, are NULL; `rowid` is a constant column, as views
    have none); skills is the study's taxonomy. The workspace's precomputed market tables stay
    empty and are never marked fresh, so every query counts from the views: the definitions'
    own path, and fast enough on Parquet.
    """
    from analysis.skills.sync import META_TAXONOMY

    s = open_study(study_dir)
    con = store.connect(":memory:")
    try:
        types = dict(
            con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = 'postings' ORDER BY ordinal_position"
            ).fetchall()
        )
        kept = set(study.POSTING_COLUMNS)
        columns = ", ".join(
            name if name in kept else f"NULL::{data_type} AS {name}"
            for name, data_type in types.items()
        )
        with transaction(con):
            con.execute("DROP TABLE postings")
            con.execute(
                f"CREATE VIEW postings AS SELECT {columns}, 0::BIGINT AS rowid "
                f"FROM {s.parquet(study.POSTINGS)}"
            )
            con.execute("DROP TABLE posting_skills")
            con.execute(f"CREATE VIEW posting_skills AS {_view_sql(s)['study_posting_skills']}")
            con.execute(
                "INSERT INTO skills (skill_id, name, category, origin, external_id) "
                "SELECT skill_id, name, category, origin, external_id "
                f"FROM {s.parquet(study.SKILLS)}"
            )
            set_meta(con, META_TAXONOMY, str(s.manifest.get("taxonomy_version", "")))
    except BaseException:
        con.close()
        raise
    return con


def attached_study_connection(con: Connection) -> Connection | None:
    """`study_connection` for the study attached to this workspace, or None (StudyMissing
    when its folder is gone)."""
    s = recorded_study(con)
    return study_connection(s.path) if s is not None else None


# --------------------------------------------------------------------------- status


@dataclass(frozen=True)
class AttachedStudy:
    """What is attached, as plain values (the dashboard caches it). `problem` is set, as
    (title, detail), when the recorded folder is missing or unreadable; the figures are then
    empty."""

    path: str
    name: str  # the folder's name
    postings: int = 0
    months: int = 0
    engine: str = ""
    created: str = ""
    taxonomy_version: str = ""
    has_text: bool = False  # posting descriptions (snippets, emerging terms, role clusters)
    has_salaries: bool = False
    problem: tuple[str, str] | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def label(self) -> str:
        """The control's label, e.g. "Study: q3 (12,345 postings)"."""
        return f"Study: {self.name} ({self.postings:,} postings)"


def study_status(con: Connection) -> AttachedStudy | None:
    """The attached study, or None when none is; never raises for a missing folder (the
    problem is in the result)."""
    recorded = attached_study_path(con)
    if recorded is None:
        return None
    try:
        s = recorded_study(con)
    except WaypointError as exc:
        return AttachedStudy(str(recorded), recorded.name, problem=(exc.title, exc.detail))
    described = con.execute(f"DESCRIBE SELECT * FROM {s.parquet(study.POSTINGS)}").fetchall()
    columns = {row[0] for row in described}
    m = s.manifest
    return AttachedStudy(
        path=str(s.path), name=s.path.name, postings=int(m.get("postings", 0)),
        months=int(m.get("months", 0)), engine=str(m.get("engine", "")),
        created=str(m.get("created", "")), taxonomy_version=str(m.get("taxonomy_version", "")),
        has_text="description" in columns, has_salaries="salary_min" in columns,
    )  # fmt: skip
