"""Portable workspace backups: every table as Parquet in a zip, and back.

A backup is written with DuckDB's EXPORT DATABASE. It is read back without running any SQL the
zip holds (EXPORT's schema.sql and load.sql): a zip can come from anywhere, and IMPORT DATABASE
would run whatever it says, reading and writing files at will. Instead the schema is built from
our own migrations, up to the version the backup was written at, each of our tables is filled
from its Parquet file through a parameter, the sequences are set from the numbers schema.sql
states, and then the later migrations upgrade it as they would an old workspace.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from pathlib import Path

import duckdb

from analysis import store
from analysis.errors import WaypointError, WorkspaceError
from analysis.store import Connection

MARKER = "waypoint-backup.txt"
VERSIONS = "schema_version"  # the table that records the backup's schema version
_SEQUENCE = re.compile(r"^CREATE SEQUENCE (\w+) .*\bSTART (\d+)\b", re.MULTILINE)
_ENTRY = re.compile(r"\w+\.parquet")


def backup(con: Connection, out: str | Path) -> Path:
    """Write every table (schema, data, sequences) as Parquet into one zip file. The zip is
    written beside `out` and renamed into place when complete; a failure leaves nothing."""
    out = Path(out)
    if out.is_dir():
        raise WaypointError("Cannot write the backup", f"{out} is a folder; give a file name")
    partial = out.with_name(out.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(prefix="waypoint-backup-") as tmp:
            export_dir = Path(tmp) / "export"
            # EXPORT takes no parameters; the path is our temp folder, quoted all the same.
            con.execute(f"EXPORT DATABASE '{_quoted(export_dir)}' (FORMAT PARQUET)")
            (export_dir / MARKER).write_text(
                f"Waypoint workspace backup, schema version {store.schema_version(con)}\n",
                encoding="utf-8",
            )
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                for file in sorted(export_dir.iterdir()):
                    zf.write(file, file.name)
            os.replace(partial, out)
    except BaseException as exc:
        partial.unlink(missing_ok=True)  # a whole copy of the workspace: never left behind
        if isinstance(exc, OSError):
            raise WaypointError("Cannot write the backup", f"{out}: {exc.strerror or exc}") from exc
        raise
    return out


def restore(backup_file: str | Path, target: str | Path, *, force: bool = False) -> Path:
    """Rebuild a workspace file from a backup; the target is replaced only when complete."""
    backup_file, target = Path(backup_file), Path(target)
    if target.exists() and not force:
        raise WaypointError(
            "Workspace exists", f"{target} already exists; pass --force to replace it"
        )
    store.ensure_not_in_use(target)  # before the work, and again right before the replacement
    try:
        archive = zipfile.ZipFile(backup_file)
    except (zipfile.BadZipFile, FileNotFoundError, IsADirectoryError) as exc:
        raise WaypointError("Not a Waypoint backup", f"{backup_file}: {exc}") from exc
    with (
        archive,
        tempfile.TemporaryDirectory(dir=target.parent if target.parent.exists() else None) as tmp,
    ):
        names = set(archive.namelist())
        if MARKER not in names or "schema.sql" not in names:
            raise WaypointError("Not a Waypoint backup", f"{backup_file} lacks {MARKER}")
        unexpected = sorted(
            n for n in names - {MARKER, "schema.sql", "load.sql"} if not _ENTRY.fullmatch(n)
        )
        if unexpected:
            raise WaypointError("Not a Waypoint backup", f"unexpected entries {unexpected[:3]}")
        import_dir = Path(tmp) / "import"
        archive.extractall(import_dir)
        staged = Path(tmp) / "restored.duckdb"
        con = duckdb.connect(str(staged))
        try:
            _load(con, import_dir, backup_file)
            store.migrate(con)  # an older backup is upgraded like an older workspace
        finally:
            con.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        store.ensure_not_in_use(target)
        for suffix in (".wal",):
            stale = target.with_name(target.name + suffix)
            if stale.exists():
                stale.unlink()
        os.replace(staged, target)
    return target


def _load(con: Connection, folder: Path, backup_file: Path) -> None:
    """Our schema at the backup's version, filled from the backup's Parquet files."""
    versions = folder / f"{VERSIONS}.parquet"
    if not versions.exists():
        raise WaypointError("Not a Waypoint backup", f"{backup_file} lacks {versions.name}")
    try:
        version = con.execute("SELECT max(version) FROM read_parquet(?)", [str(versions)])
        version = int(version.fetchone()[0] or 0)
    except (duckdb.Error, TypeError, ValueError) as exc:
        raise WaypointError("Not a Waypoint backup", f"{versions.name}: {exc}") from exc
    if version > store.latest_version():
        raise WorkspaceError(
            "Backup is newer than this Waypoint",
            f"{backup_file} has schema version {version}, this code knows up to "
            f"{store.latest_version()}. Update Waypoint to restore it.",
        )
    store.migrate(con, up_to=version)
    tables = [
        row[0]
        for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
        ).fetchall()
    ]
    files = {p.name for p in folder.glob("*.parquet")}
    missing = sorted(f"{t}.parquet" for t in tables if f"{t}.parquet" not in files)
    extra = sorted(files - {f"{t}.parquet" for t in tables})
    problems = [f"{what} {', '.join(names[:3])}"
                for what, names in (("missing", missing), ("unknown", extra)) if names]  # fmt: skip
    if problems:
        raise WaypointError(
            "Not a Waypoint backup",
            f"{backup_file} does not match schema version {version}: " + "; ".join(problems),
        )
    sequences = {
        row[0] for row in con.execute("SELECT sequence_name FROM duckdb_sequences()").fetchall()
    }
    schema_sql = (folder / "schema.sql").read_text(encoding="utf-8", errors="replace")
    with store.transaction(con):
        con.execute(f"DELETE FROM {VERSIONS}")  # migrate's rows give way to the backup's own
        for table in tables:  # names from our own schema, not from the zip
            path = str(folder / f"{table}.parquet")
            try:
                con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM read_parquet(?)', [path])
            except duckdb.Error as exc:
                raise WaypointError(
                    "Not a Waypoint backup", f"{backup_file}, {table}.parquet: {exc}"
                ) from exc
        # A sequence continues where it stood: the next import gets the next id. The numbers
        # are read from schema.sql as data; a name we do not have is ignored.
        for name, start in _SEQUENCE.findall(schema_sql):
            if name in sequences and int(start) > 1:
                con.execute(f"SELECT max(nextval('{name}')) FROM range(?)", [int(start) - 1])


def _quoted(path: Path) -> str:
    """A path inside a single-quoted SQL string."""
    return path.as_posix().replace("'", "''")
