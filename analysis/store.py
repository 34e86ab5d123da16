"""The one module that owns DuckDB: connect, versioned migrations, transactions.

Every query function elsewhere takes the connection as its first argument, so tests can
call it on a temporary workspace. Migrations are ordered, named functions; each runs once,
inside a transaction together with its schema_version record.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from analysis import settings
from analysis.errors import WorkspaceError, is_interrupt

Connection = duckdb.DuckDBPyConnection
MEMORY_LIMIT = "1GB"
# While an import streams rows in: Python holds the batches being read next to DuckDB's pool.
IMPORT_MEMORY_LIMIT = "512MB"


def _run_sql_file(name: str) -> Callable[[Connection], None]:
    def apply(con: Connection) -> None:
        sql = (Path(__file__).parent / name).read_text(encoding="utf-8")
        con.execute(sql)

    return apply


def _import_notes(con: Connection) -> None:
    # schema.sql gained imports.notes after the first release: workspaces created before could
    # not record an import any more ("Referenced update column notes not found").
    con.execute("ALTER TABLE imports ADD COLUMN IF NOT EXISTS notes VARCHAR")


# Append only: the position in this list is the schema version. A released migration is never
# edited; a change to its tables is a new migration.
MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("initial schema", _run_sql_file("schema.sql")),
    ("skill extraction state and aggregates", _run_sql_file("schema_0002_skills.sql")),
    ("import notes in workspaces of the first release", _import_notes),
]


def latest_version() -> int:
    return len(MIGRATIONS)


def connect(path: str | Path | None = None, *, read_only: bool = False) -> Connection:
    """Open (creating if needed) the workspace and bring its schema up to date.

    ``path`` may be ``":memory:"``. Raises WorkspaceError when the file is locked by another
    process, is not a DuckDB file, or was written by a newer Waypoint.
    """
    target = ":memory:" if str(path) == ":memory:" else settings.db_path(path)
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        if not read_only and Path(target).exists() and not writable(target):
            raise WorkspaceError(
                "Workspace is read-only",
                f"{target} cannot be written (its permissions, or its folder's, forbid it). "
                "Commands that only read it (status, analyze, report) and the dashboard's pages "
                "still open it; to import into it or change it, copy it to a folder you can "
                "write to, or change its permissions.",
            )
    try:
        # A bounded buffer pool: large imports spill to disk instead of growing without limit.
        con = duckdb.connect(str(target), read_only=read_only,
                             config={"memory_limit": MEMORY_LIMIT})  # fmt: skip
    except duckdb.Error as exc:
        if is_interrupt(exc):  # Ctrl-C while DuckDB opened the file: no problem with the file
            raise
        raise translate_error(exc, str(target)) from exc
    try:
        if not read_only:
            migrate(con)
        else:
            check_version(con)
    except BaseException:
        con.close()
        raise
    return con


def writable(path: str | Path) -> bool:
    """Whether the workspace file can be written: DuckDB also writes a log beside it, so its
    folder must be writable too."""
    path = Path(path)
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def connect_to_read(path: str | Path | None = None) -> Connection:
    """`connect`, read-only when the file exists but cannot be written (a workspace on a
    read-only share, or one whose permissions were taken away): for commands and pages that
    only read."""
    target = settings.db_path(path) if str(path) != ":memory:" else path
    if str(target) == ":memory:" or not Path(target).exists() or writable(target):
        return connect(target)
    con = connect(target, read_only=True)
    if schema_version(con) < latest_version():
        con.close()
        raise WorkspaceError(
            "Workspace needs an update",
            f"{target} was written by an older Waypoint and cannot be written, so it cannot be "
            "brought up to date: open it once where it can be written.",
        )
    return con


@contextlib.contextmanager
def memory_limit(con: Connection, limit: str) -> Iterator[None]:
    """DuckDB's buffer pool limited to `limit` (one of our constants) for a while."""
    con.execute(f"SET memory_limit = '{limit}'")
    try:
        yield
    finally:
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")


def translate_error(exc: Exception, path: str) -> WorkspaceError:
    """Turn DuckDB's raw messages about a workspace file into our own error."""
    message = str(exc)
    if "corrupt" in message.lower():
        return WorkspaceError(
            "Workspace is damaged",
            f"{path} is a damaged DuckDB file ({message.splitlines()[0]}). Restore a backup "
            "(python -m analysis restore FILE), or import your exports into a new workspace.",
        )
    # "Could not set lock on file": the word, not "block" as in a damaged block's message.
    if re.search(r"\block\b", message, re.IGNORECASE):
        pid = re.search(r"PID (\d+)", message)
        holder = f"process {pid.group(1)}" if pid else "another process"
        return WorkspaceError(
            "Workspace is in use",
            f"{path} is open for writing in {holder} (the dashboard or a command). "
            "Close it or wait for it to finish, then try again.",
        )
    if "not a valid DuckDB database" in message or "database file" in message.lower():
        return WorkspaceError("Not a Waypoint workspace", f"{path} is not a DuckDB database file.")
    return WorkspaceError("Cannot open workspace", f"{path}: {message}")


def schema_version(con: Connection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def check_version(con: Connection) -> int:
    version = schema_version(con)
    if version > latest_version():
        raise WorkspaceError(
            "Workspace is newer than this Waypoint",
            f"it has schema version {version}, this code knows up to {latest_version()}. "
            "Update Waypoint to open it.",
        )
    return version


def migrate(con: Connection, up_to: int | None = None) -> int:
    """Apply every migration the workspace lacks (up to version `up_to`, default all), each in
    its own transaction."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version "
        "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT now())"
    )
    current = check_version(con)
    for version, (name, apply) in enumerate(MIGRATIONS, start=1):
        if version <= current or (up_to is not None and version > up_to):
            continue
        with transaction(con):
            apply(con)
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
    return latest_version()


# Connections (by id) inside a transaction(). DuckDB has no savepoints, so a nested
# transaction() joins the outer one: e.g. a LinkedIn archive imports all its files atomically.
_open_transactions: set[int] = set()


@contextlib.contextmanager
def transaction(con: Connection) -> Iterator[Connection]:
    """BEGIN ... COMMIT, or ROLLBACK on any exception (re-raised). Nested calls join the outer."""
    if id(con) in _open_transactions:
        yield con
        return
    con.execute("BEGIN TRANSACTION")
    _open_transactions.add(id(con))
    try:
        yield con
    except BaseException:
        _open_transactions.discard(id(con))
        con.execute("ROLLBACK")
        raise
    _open_transactions.discard(id(con))
    con.execute("COMMIT")


TABLES = (
    "postings", "imports", "contacts", "interactions", "profile_skills", "positions",
    "skills", "posting_skills", "targets", "goals", "milestones", "income_streams",
    "endorsements", "contact_changes",
)  # fmt: skip


def table_counts(con: Connection) -> dict[str, int]:
    """Row count per user-facing table (names are constants, never user input)."""
    return {t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}


def get_meta(con: Connection, key: str, default: str | None = None) -> str | None:
    row = con.execute("SELECT value FROM workspace_meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_meta(con: Connection, key: str, value: str) -> None:
    con.execute(
        "INSERT INTO workspace_meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def ensure_not_in_use(path: str | Path) -> None:
    """Raise WorkspaceError "Workspace is in use" when another process has the workspace file
    `path` open, as opening it to write would; call it right before replacing the file, or that
    process would go on writing into a file nobody sees. A missing file, or one DuckDB cannot
    open for another reason (damaged, not a workspace), passes: it is about to be replaced."""
    path = Path(path)
    if not path.exists():
        return
    try:
        duckdb.connect(str(path)).close()
    except duckdb.Error as exc:
        error = translate_error(exc, str(path))
        if error.title == "Workspace is in use":
            raise error from exc
