"""Build every demo table, and write them into an empty workspace or a new demo file."""

from __future__ import annotations

import hashlib
import os
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pyarrow as pa

from analysis import settings, store
from analysis.demo.constants import DEMO_TODAY, DEMO_VERSION, SIZES, WRITTEN_TABLES
from analysis.demo.market import build_postings
from analysis.demo.people import build_contacts, build_interactions
from analysis.demo.plan import build_plan
from analysis.demo.profile import build_profile
from analysis.errors import WaypointError, WorkspaceError
from analysis.ingest.dispatch import refresh_skills

_IMPORT_GROUPS = ("postings", "contacts", "interactions", "profile", "plan")
_GUARDED = ("postings", "contacts", "interactions", "profile", "profile_skills", "positions",
            "targets", "goals", "finances", "income_streams")  # fmt: skip


def build_demo(*, size: str = "full", seed: int = 7, today: date = DEMO_TODAY) -> dict[str, dict]:
    """Every demo table as columns (name -> list), with local ids 1..n and import ids 1..5."""
    if size not in SIZES:
        raise WaypointError("Unknown demo size", f"'{size}': choose one of {', '.join(SIZES)}.")
    spec = SIZES[size]
    imports = {group: k for k, group in enumerate(_IMPORT_GROUPS, start=1)}
    people, contacts, sources, changes = build_contacts(seed, spec, today, imports["contacts"])
    endorsers = [
        f"{p['first']} {p['last']}" for p in people if p["segment"].startswith("colleague")
    ]
    tables = {
        "postings": build_postings(seed, spec, today, imports["postings"]),
        "contacts": contacts,
        "contact_sources": sources,
        "contact_changes": {
            "contact_id": [c[0] for c in changes],
            "import_id": [imports["contacts"]] * len(changes),
            "field": [c[1] for c in changes],
            "old_value": [c[2] for c in changes],
            "new_value": [c[3] for c in changes],
            "detected_at": [c[4] for c in changes],
        },  # fmt: skip
        "interactions": build_interactions(seed, spec, today, people, imports["interactions"]),
        **build_profile(seed, spec, today, imports["profile"], endorsers),
        **build_plan(today),
    }
    rows = {
        "postings": len(tables["postings"]["posting_id"]),
        "contacts": len(contacts["contact_id"]),
        "interactions": len(tables["interactions"]["contact_id"]),
        "profile": sum(len(next(iter(tables[t].values())))
                       for t in ("profile", "profile_skills", "positions", "endorsements")),
        "plan": sum(len(next(iter(tables[t].values())))
                    for t in ("targets", "goals", "milestones", "finances", "income_streams")),
    }  # fmt: skip
    started = datetime.combine(today, time(0, 0))
    tables["imports"] = {
        "import_id": list(imports.values()), "kind": ["demo"] * len(imports),
        "file_name": ["demo generator"] * len(imports),
        "sha256": [hashlib.sha256(f"{seed}+{size}".encode()).hexdigest()] * len(imports),
        "file_format": [f"demo-{g}" for g in imports], "rows_read": [rows[g] for g in imports],
        "rows_added": [rows[g] for g in imports], "started_at": [started] * len(imports),
        "finished_at": [started] * len(imports),
    }  # fmt: skip
    return tables


# (table, column) -> the sequence whose values replace local ids 1..n.
_SEQUENCES = {
    "imports": "import_id_seq", "contacts": "contact_id_seq", "interactions": "interaction_id_seq",
    "positions": "position_id_seq", "targets": "target_id_seq", "goals": "goal_id_seq",
    "milestones": "milestone_id_seq", "income_streams": "income_stream_id_seq",
}  # fmt: skip
_ID_COLUMNS = {
    "imports": "import_id", "contacts": "contact_id", "interactions": "interaction_id",
    "positions": "position_id", "targets": "target_id", "goals": "goal_id",
    "milestones": "milestone_id", "income_streams": "stream_id",
}  # fmt: skip
_REFERENCES = {"import_id": "imports", "contact_id": "contacts", "goal_id": "goals"}


def _reserve(con: store.Connection, sequence: str, n: int) -> np.ndarray:
    """n fresh values of a sequence, so later imports never reuse the demo's ids."""
    values = con.execute(f"SELECT nextval('{sequence}') FROM range(?)", [n]).fetchall()
    return np.sort(np.array([v[0] for v in values], dtype=np.int64))


def _refuse_non_empty(con: store.Connection) -> None:
    held = []
    for table in _GUARDED:
        count = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if count:
            held.append(f"{count} {table.replace('_', ' ')} rows" if table not in
                        ("postings", "contacts") else f"{count} {table}")  # fmt: skip
    if held:
        raise WaypointError(
            "Workspace is not empty",
            f"The demo is written only into a new, empty workspace; this one already holds "
            f"{', '.join(held)}. Create a new workspace for the demo.",
        )


def generate_demo(
    con: store.Connection, *, size: str = "full", seed: int = 7, today: date | None = None
) -> dict[str, int]:
    """Fill an empty, migrated workspace with the demo, in one transaction.

    Returns the rows written per table (WRITTEN_TABLES order). Raises WaypointError for an
    unknown size or a workspace that already has postings, contacts or a profile.
    """
    _refuse_non_empty(con)
    today = today or settings.today()  # a fresh demo is dated the day it is generated
    tables = build_demo(size=size, seed=seed, today=today)
    counts: dict[str, int] = {}
    with store.transaction(con):
        _refuse_non_empty(con)
        ids = {}
        for table in _IMPORT_ORDER:
            n = len(next(iter(tables[table].values())))
            if table in _SEQUENCES:
                ids[table] = _reserve(con, _SEQUENCES[table], n)
        for table in _IMPORT_ORDER:
            data = dict(tables[table])
            if table in _ID_COLUMNS:
                data = {_ID_COLUMNS[table]: ids[table], **data}
            for column, target in _REFERENCES.items():
                if column in data and table != target:
                    data[column] = ids[target][np.asarray(data[column], dtype=np.int64) - 1]
            rows = pa.table(data)
            columns = ", ".join(rows.column_names)
            con.register("_demo_rows", rows)
            try:
                con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _demo_rows")
            finally:
                con.unregister("_demo_rows")
            counts[table] = rows.num_rows
        meta = {"name": "Demo workspace", "demo": "true", "demo_seed": str(seed),
                "demo_size": size, "generated_for_date": today.isoformat(),
                "demo_version": DEMO_VERSION}  # fmt: skip
        for key, value in meta.items():
            store.set_meta(con, key, value)
        counts["workspace_meta"] = len(meta)
    return {t: counts[t] for t in WRITTEN_TABLES}


_IMPORT_ORDER = tuple(t for t in WRITTEN_TABLES if t != "workspace_meta")


def ensure_demo_workspace(
    path: str | os.PathLike | None = None,
    *,
    size: str = "full",
    seed: int = 7,
    today: date | None = None,
) -> Path:
    """The demo workspace file (default data/demo.duckdb), generated when missing, when it is
    a demo written by an older DEMO_VERSION of this code, or when it is an empty workspace
    with no name (left by an interrupted `demo` command of an older Waypoint).

    It is written to a temporary file beside the target and renamed into place, so a crash
    never leaves a half-written demo; any other existing file is returned untouched.
    """
    target = Path(path) if path else settings.DEMO_DB
    if target.exists() and not _outdated_demo(target):
        return target
    write_demo_file(target, size=size, seed=seed, today=today)
    return target


def write_demo_file(
    target: str | os.PathLike, *, size: str = "full", seed: int = 7, today: date | None = None
) -> dict[str, int]:
    """Write the demo as a new workspace file at `target`, replacing any file there; returns
    the rows written per table (as generate_demo).

    The demo is written to a temporary file beside the target and renamed into place only when
    complete, so an interrupted or failed run leaves the old file, or nothing. A target another
    process has open raises WorkspaceError "Workspace is in use" (checked before the work and
    right before the rename): replacing it would lose what that process writes.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    store.ensure_not_in_use(target)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    leftovers = (temp, temp.with_name(temp.name + ".wal"))
    for stale in leftovers:
        stale.unlink(missing_ok=True)
    try:
        con = store.connect(temp)
        try:
            counts = generate_demo(con, size=size, seed=seed, today=today)
            refresh_skills(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        store.ensure_not_in_use(target)
        # The old file's log would be replayed onto the new file.
        target.with_name(target.name + ".wal").unlink(missing_ok=True)
        os.replace(temp, target)
    finally:
        for stale in leftovers:
            stale.unlink(missing_ok=True)
    return counts


def _outdated_demo(path: Path) -> bool:
    """True for a demo workspace generated by an older DEMO_VERSION and for an empty, unnamed
    workspace (an interrupted demo); False for a current demo, for a workspace that is no demo,
    and for a file that cannot be read now (in use)."""
    try:
        con = store.connect(path, read_only=True)
    except WorkspaceError:  # in use, or no workspace: leave it alone
        return False
    try:
        if store.get_meta(con, "demo") != "true":
            return _holds_nothing(con)
        return store.get_meta(con, "demo_version") != DEMO_VERSION
    finally:
        con.close()


def _holds_nothing(con: store.Connection) -> bool:
    """True for a workspace with no rows and no name: what an interrupted `demo` command of
    an older Waypoint left at the demo path (nothing is lost by writing the demo there)."""
    try:
        meta = con.execute("SELECT count(*) FROM workspace_meta").fetchone()[0]
        return not meta and not any(store.table_counts(con).values())
    except Exception:  # noqa: BLE001 - an older schema, or no workspace: leave it alone
        return False
