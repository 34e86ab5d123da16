"""Backups: a zip is data, never code; a failed backup leaves nothing; old backups upgrade."""

from __future__ import annotations

import zipfile
from pathlib import Path

import duckdb
import pytest

from analysis import store
from analysis.backup import backup, restore
from analysis.errors import WaypointError, WorkspaceError
from analysis.ingest.postings import import_postings
from tests.conftest import snapshot


@pytest.fixture
def archive(tmp_path, fixtures_dir) -> Path:
    """A backup of a workspace holding the jobspy fixture's three postings."""
    con = store.connect(tmp_path / "source.duckdb")
    import_postings(con, fixtures_dir / "postings" / "jobspy.csv")
    out = backup(con, tmp_path / "backup.zip")
    con.close()
    return out


def rewritten(archive: Path, out: Path, **replace: str | bytes) -> Path:
    """A copy of `archive` with some entries replaced."""
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, replace[name] if name in replace else src.read(name))
    return out


def test_sql_in_a_backup_is_never_run(archive, tmp_path):
    # IMPORT DATABASE would run both files as they stand: write a file, read /etc/hostname.
    written = tmp_path / "written by the backup.txt"
    attack = f"COPY (SELECT 'x') TO '{written.as_posix()}';\n"
    with zipfile.ZipFile(archive) as zf:
        schema_sql = zf.read("schema.sql").decode()
    crafted = rewritten(
        archive, tmp_path / "crafted.zip",
        **{"schema.sql": attack + schema_sql,
           "load.sql": attack + "CREATE TABLE stolen AS SELECT * FROM read_text('/etc/hostname');"},
    )  # fmt: skip
    target = restore(crafted, tmp_path / "restored.duckdb")
    assert not written.exists()
    con = store.connect(target)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "stolen" not in tables
    assert con.execute("SELECT count(*) FROM postings").fetchone()[0] == 3
    con.close()


def test_restore_into_a_folder_with_a_quote_in_its_name(archive, tmp_path):
    target = tmp_path / "O'Brien files" / "w.duckdb"
    target.parent.mkdir()
    restore(archive, target)
    source, copy = store.connect(tmp_path / "source.duckdb"), store.connect(target)
    assert snapshot(copy) == snapshot(source)
    source.close(), copy.close()


def test_a_backup_from_an_older_schema_is_upgraded(tmp_path):
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    store.migrate(con, up_to=1)  # a workspace written before the skills tables existed
    con.execute(
        "INSERT INTO contacts (contact_id, full_name, source) VALUES (7, 'Ada Lovelace', 'manual')"
    )
    con.execute("SELECT nextval('contact_id_seq') FROM range(7)")
    out = backup(con, tmp_path / "old.zip")
    con.close()
    con = store.connect(restore(out, tmp_path / "restored.duckdb"))
    assert store.schema_version(con) == store.latest_version() == 3
    assert con.execute("SELECT contact_id, full_name FROM contacts").fetchall() == [
        (7, "Ada Lovelace")
    ]
    assert con.execute("SELECT nextval('contact_id_seq')").fetchone()[0] == 8
    con.close()


def test_a_backup_from_a_newer_waypoint_is_refused(archive, tmp_path):
    con = duckdb.connect()
    versions = tmp_path / "schema_version.parquet"
    con.execute(
        f"COPY (SELECT 99 AS version, 'future' AS name, now() AS applied_at) "
        f"TO '{versions.as_posix()}' (FORMAT PARQUET)"
    )
    con.close()
    newer = rewritten(
        archive, tmp_path / "newer.zip", **{"schema_version.parquet": versions.read_bytes()}
    )
    with pytest.raises(WorkspaceError) as info:
        restore(newer, tmp_path / "restored.duckdb")
    assert info.value.title == "Backup is newer than this Waypoint"
    assert "schema version 99, this code knows up to 3" in info.value.detail
    assert not (tmp_path / "restored.duckdb").exists()


def test_a_backup_missing_a_table_is_refused(archive, tmp_path):
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(tmp_path / "cut.zip", "w") as dst:
        for name in src.namelist():
            if name != "contacts.parquet":
                dst.writestr(name, src.read(name))
    with pytest.raises(WaypointError) as info:
        restore(tmp_path / "cut.zip", tmp_path / "restored.duckdb")
    assert info.value.title == "Not a Waypoint backup"
    assert info.value.detail.endswith("does not match schema version 3: missing contacts.parquet")


def test_a_failed_backup_leaves_no_partial_copy(tmp_path, monkeypatch):
    con = store.connect(tmp_path / "w.duckdb")
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(WaypointError) as info:
        backup(con, folder)
    assert info.value.detail == f"{folder} is a folder; give a file name"

    def full_disk(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", full_disk)
    with pytest.raises(WaypointError) as info:
        backup(con, tmp_path / "b.zip")
    assert info.value.detail == f"{tmp_path / 'b.zip'}: No space left on device"
    con.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports", "w.duckdb"]
