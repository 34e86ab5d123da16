"""Portable workspace backups: DuckDB EXPORT DATABASE (Parquet) in a zip, and back."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from analysis import store
from analysis.errors import WaypointError
from analysis.store import Connection

MARKER = "waypoint-backup.txt"


def backup(con: Connection, out: str | Path) -> Path:
    """Write every table (schema, data, sequences) as Parquet into one zip file."""
    out = Path(out)
    with tempfile.TemporaryDirectory() as tmp:
        export_dir = Path(tmp) / "export"
        # The path is ours (a temp dir), not user text; EXPORT takes no parameters.
        con.execute(f"EXPORT DATABASE '{export_dir.as_posix()}' (FORMAT PARQUET)")
        (export_dir / MARKER).write_text(
            f"Waypoint workspace backup, schema version {store.schema_version(con)}\n",
            encoding="utf-8",
        )
        partial = out.with_name(out.name + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for file in sorted(export_dir.iterdir()):
                zf.write(file, file.name)
        os.replace(partial, out)
    return out


def restore(backup_file: str | Path, target: str | Path, *, force: bool = False) -> Path:
    """Rebuild a workspace file from a backup; the target is replaced only when complete."""
    backup_file, target = Path(backup_file), Path(target)
    if target.exists() and not force:
        raise WaypointError(
            "Workspace exists", f"{target} already exists; pass --force to replace it"
        )
    try:
        archive = zipfile.ZipFile(backup_file)
    except (zipfile.BadZipFile, FileNotFoundError, IsADirectoryError) as exc:
        raise WaypointError("Not a Waypoint backup", f"{backup_file}: {exc}") from exc
    with (
        archive,
        tempfile.TemporaryDirectory(dir=target.parent if target.parent.exists() else None) as tmp,
    ):
        names = archive.namelist()
        if MARKER not in names or "schema.sql" not in names:
            raise WaypointError("Not a Waypoint backup", f"{backup_file} lacks {MARKER}")
        unsafe = [n for n in names if "/" in n or "\\" in n or n.startswith(".")]
        if unsafe:
            raise WaypointError("Not a Waypoint backup", f"unexpected entries {unsafe[:3]}")
        import_dir = Path(tmp) / "import"
        archive.extractall(import_dir)
        staged = Path(tmp) / "restored.duckdb"
        import duckdb

        con = duckdb.connect(str(staged))
        try:
            con.execute(f"IMPORT DATABASE '{import_dir.as_posix()}'")
            store.migrate(con)  # an older backup is upgraded like an older workspace
        finally:
            con.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix in (".wal",):
            stale = target.with_name(target.name + suffix)
            if stale.exists():
                stale.unlink()
        os.replace(staged, target)
    return target
