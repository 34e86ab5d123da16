"""Settings read from the environment at call time, never at import time."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB = DATA_DIR / "workspace.duckdb"
DEMO_DB = DATA_DIR / "demo.duckdb"


def db_path(override: str | os.PathLike | None = None) -> Path:
    """The workspace file: an explicit override, else WAYPOINT_DB, else data/workspace.duckdb."""
    if override:
        return Path(override)
    env = os.environ.get("WAYPOINT_DB")
    return Path(env) if env else DEFAULT_DB


def new_workspace_path(name: str, folder: Path | None = None) -> Path:
    """The file of a new workspace called `name` (a client's, say) beside the others:
    FOLDER/NAME.duckdb, FOLDER being that of db_path(). WaypointError when the name is empty,
    is not a plain file name, or is taken."""
    from analysis.errors import WaypointError

    folder = folder or db_path().parent
    stem = name.strip().removesuffix(".duckdb").strip()
    if not stem or stem.startswith(".") or any(ch in stem for ch in '/\\:*?"<>|'):
        raise WaypointError(
            "Bad workspace name", f"{name!r}: use letters, digits, spaces, '-' or '_'"
        )
    path = folder / f"{stem}.duckdb"
    if path.exists() or path == DEMO_DB:
        raise WaypointError("Workspace exists", f"{path} is already a workspace; choose it instead")
    return path


def today():
    """The analysis date: WAYPOINT_TODAY (YYYY-MM-DD) when set, for reproducible runs."""
    from datetime import date

    env = os.environ.get("WAYPOINT_TODAY")
    return date.fromisoformat(env) if env else date.today()
