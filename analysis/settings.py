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


def today():
    """The analysis date: WAYPOINT_TODAY (YYYY-MM-DD) when set, for reproducible runs."""
    from datetime import date

    env = os.environ.get("WAYPOINT_TODAY")
    return date.fromisoformat(env) if env else date.today()
