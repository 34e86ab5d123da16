"""Workspace files that cannot be used get errors that say why: damaged, not a workspace, in use;
and `backup` of a path that does not exist creates nothing."""

from __future__ import annotations

import duckdb

from analysis.store import translate_error
from tests.test_cli import run


def test_a_damaged_block_is_not_a_lock():
    message = (
        "Corrupt database file: computed checksum 123 does not match stored checksum 456 in "
        "block at location 1052672"
    )
    error = translate_error(duckdb.IOException(message), "w.duckdb")
    assert error.title == "Workspace is damaged"
    assert error.detail.startswith("w.duckdb is a damaged DuckDB file (Corrupt database file")
    locked = translate_error(
        duckdb.IOException('Could not set lock on file "w.duckdb": Conflicting lock is held in '
                           "python (PID 41)"),
        "w.duckdb",
    )  # fmt: skip
    assert (locked.title, "process 41" in locked.detail) == ("Workspace is in use", True)


def test_backup_of_a_mistyped_path_creates_nothing(tmp_path):
    missing = tmp_path / "typo" / "x.duckdb"
    result = run("--db", str(missing), "backup", str(tmp_path / "b.zip"))
    assert result.returncode == 1
    assert "No workspace" in result.stderr and "nothing to back up" in result.stderr
    assert not missing.parent.exists() and not (tmp_path / "b.zip").exists()
