"""The workspace store: schema, migrations, versions, locks, transactions."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from analysis import settings, store
from analysis.errors import WorkspaceError


def test_new_workspace_has_latest_schema(workspace_path):
    con = store.connect(workspace_path)
    assert store.schema_version(con) == store.latest_version()
    assert con.execute("SELECT version, name FROM schema_version ORDER BY version").fetchall()[0] == (
        1, "initial schema",
    )  # fmt: skip
    con.close()
    assert workspace_path.exists()


def test_opening_an_old_workspace_upgrades_it(workspace_path, monkeypatch):
    store.connect(workspace_path).close()
    extra = ("add a test column", lambda con: con.execute("ALTER TABLE goals ADD COLUMN x INT"))
    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, extra])
    con = store.connect(workspace_path)
    assert store.schema_version(con) == len(store.MIGRATIONS)
    assert "x" in [r[0] for r in con.execute("DESCRIBE goals").fetchall()]
    con.close()


def test_failed_migration_leaves_the_workspace_as_it_was(workspace_path, monkeypatch):
    store.connect(workspace_path).close()

    def broken(con):
        con.execute("CREATE TABLE half_done (a INT)")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, ("broken", broken)])
    before = len(store.MIGRATIONS) - 1
    with pytest.raises(RuntimeError, match="migration bug"):
        store.connect(workspace_path)
    raw = duckdb.connect(str(workspace_path))
    assert raw.execute("SELECT max(version) FROM schema_version").fetchone()[0] == before
    assert (
        raw.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'half_done'"
        ).fetchone()[0]
        == 0
    )
    raw.close()


def test_newer_workspace_is_refused_with_a_clear_message(workspace_path):
    con = store.connect(workspace_path)
    con.execute("INSERT INTO schema_version (version, name) VALUES (99, 'from the future')")
    con.close()
    with pytest.raises(WorkspaceError) as info:
        store.connect(workspace_path)
    assert str(info.value) == (
        "Workspace is newer than this Waypoint: it has schema version 99, this code knows up to "
        f"{store.latest_version()}. Update Waypoint to open it."
    )


def test_not_a_duckdb_file(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("just some text, not a database" * 100)
    with pytest.raises(WorkspaceError, match="Not a Waypoint workspace|Cannot open workspace"):
        store.connect(path)


def test_workspace_locked_by_another_process(workspace_path):
    store.connect(workspace_path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
         "time.sleep(30)", str(workspace_path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(WorkspaceError) as info:
            store.connect(workspace_path)
        assert info.value.title == "Workspace is in use"
        assert f"process {holder.pid}" in info.value.detail
    finally:
        holder.kill()
        holder.wait()


def test_nested_transactions_join_the_outer_one(empty_workspace):
    con = empty_workspace
    with pytest.raises(RuntimeError):
        with store.transaction(con):
            con.execute("INSERT INTO goals (goal_id, category, title) VALUES (1, 'skills', 'a')")
            with store.transaction(con):
                con.execute(
                    "INSERT INTO goals (goal_id, category, title) VALUES (2, 'skills', 'b')"
                )
            raise RuntimeError("outer fails")
    assert con.execute("SELECT count(*) FROM goals").fetchone()[0] == 0


def test_db_path_precedence(monkeypatch, tmp_path):
    assert settings.db_path() == settings.DEFAULT_DB
    monkeypatch.setenv("WAYPOINT_DB", str(tmp_path / "env.duckdb"))
    assert settings.db_path() == tmp_path / "env.duckdb"
    assert settings.db_path(tmp_path / "flag.duckdb") == tmp_path / "flag.duckdb"


def test_meta_roundtrip(empty_workspace):
    store.set_meta(empty_workspace, "name", "Mine")
    store.set_meta(empty_workspace, "name", "Renamed")
    assert store.get_meta(empty_workspace, "name") == "Renamed"
    assert store.get_meta(empty_workspace, "missing", "d") == "d"


def test_a_workspace_of_the_first_release_gains_import_notes_and_imports_again(
    tmp_path, fixtures_dir
):
    """The first release's imports table had no notes column (schema.sql gained it later)."""
    import duckdb

    from analysis.ingest.dispatch import import_file

    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    store.migrate(con, up_to=2)
    con.execute("ALTER TABLE imports DROP COLUMN notes")  # as the first release created it
    con.close()
    con = store.connect(path)
    assert store.schema_version(con) == store.latest_version() == 3
    outcome = import_file(con, fixtures_dir / "postings" / "jobspy.csv", "postings")
    assert outcome.reports[0].rows_added == 3
    assert con.execute("SELECT count(notes IS NULL) FROM imports").fetchone() == (1,)
    con.close()
