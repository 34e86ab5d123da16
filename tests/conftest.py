"""Shared fixtures: a clean environment, temporary workspaces, and the optional datasets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from analysis import store

# Property tests judge what a function returns, not how fast: a loaded 2-core machine (CI, or
# a suite beside a benchmark) made an example miss hypothesis's 200 ms deadline.
settings.register_profile("waypoint", deadline=None)
settings.load_profile("waypoint")

FIXTURES = Path(__file__).parent / "fixtures"
DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    """A developer's own settings must never change a test."""
    for name in ("WAYPOINT_DB", "WAYPOINT_TODAY", "SPARK_MASTER"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def workspace_path(tmp_path) -> Path:
    return tmp_path / "workspace.duckdb"


@pytest.fixture
def empty_workspace(workspace_path):
    """A new workspace file on disk, schema applied, no data."""
    con = store.connect(workspace_path)
    yield con
    con.close()


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def datasets() -> Path:
    """../shared/datasets, read in place; tests using it skip when it is absent."""
    if not DATASETS.is_dir():
        pytest.skip(f"shared datasets not present at {DATASETS}")
    return DATASETS


def snapshot(con) -> dict[str, list]:
    """Every row of every table, for asserting that a failed import changed nothing."""
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "ORDER BY table_name"
    ).fetchall()]  # fmt: skip
    return {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}
