"""Workspace files that cannot be used get errors that say why: damaged, not a workspace, in use;
and `backup` of a path that does not exist creates nothing; a read-only workspace is read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from analysis import store
from analysis.cli import main
from analysis.errors import WorkspaceError
from analysis.ingest.postings import import_postings
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


def _cannot_write(monkeypatch, path) -> None:
    """The workspace file and its folder as they look on a read-only share (root, who runs
    these tests, may write anywhere: os.access is what Waypoint asks)."""
    real = os.access
    folder = path.parent

    def access(p, mode, *args, **kwargs):
        if mode & os.W_OK and Path(p) in (path, folder):
            return False
        return real(p, mode, *args, **kwargs)

    monkeypatch.setattr(store.os, "access", access)


def test_a_read_only_workspace_is_read_but_not_written(tmp_path, monkeypatch, capsys, fixtures_dir):
    db = tmp_path / "shared" / "w.duckdb"
    con = store.connect(db)
    import_postings(con, fixtures_dir / "postings" / "jobspy.csv")
    con.close()
    _cannot_write(monkeypatch, db)
    assert main(["--db", str(db), "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["postings"] == 3
    assert main(["--db", str(db), "analyze", "--json"]) == 0
    capsys.readouterr()
    assert (
        main(["--db", str(db), "import", "postings", str(fixtures_dir / "postings" / "jobspy.csv")])
        == 1
    )
    err = capsys.readouterr().err
    assert (
        f"Workspace is read-only: {db} cannot be written (its permissions, or its folder's, forbid it)."
        in err
    )
    with pytest.raises(WorkspaceError, match="Workspace is read-only"):
        store.connect(db)
    con = store.connect_to_read(db)
    assert con.execute("SELECT count(*) FROM postings").fetchone() == (3,)
    con.close()


def test_a_read_only_workspace_of_an_older_waypoint_says_it_needs_an_update(tmp_path, monkeypatch):
    db = tmp_path / "old.duckdb"
    con = store.connect(db)
    con.execute(
        "DELETE FROM schema_version WHERE version = (SELECT max(version) FROM schema_version)"
    )
    con.close()
    _cannot_write(monkeypatch, db)
    with pytest.raises(WorkspaceError) as exc:
        store.connect_to_read(db)
    assert exc.value.title == "Workspace needs an update"
    monkeypatch.undo()
    store.connect_to_read(db).close()  # writable again: brought up to date as ever


def test_ctrl_c_while_the_workspace_opens_is_an_interruption(tmp_path, monkeypatch, capsys):
    db = tmp_path / "w.duckdb"
    store.connect(db).close()

    def interrupted(*args, **kwargs):
        raise duckdb.InterruptException("INTERRUPT Error: Interrupted!")

    monkeypatch.setattr(store.duckdb, "connect", interrupted)
    with pytest.raises(duckdb.InterruptException):
        store.connect(db)
    assert main(["--db", str(db), "status"]) == 130
    err = capsys.readouterr().err
    assert err == "interrupted\n"
