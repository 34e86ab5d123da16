"""The command line: exit codes, messages on stderr, status --json, backup and restore."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import store
from analysis.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], cwd=ROOT, input=stdin,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


def test_every_command_has_help(capsys):
    for name in subcommands():
        with pytest.raises(SystemExit) as info:
            main([name, "--help"] if name != "skills" else [name, "--help"])
        assert info.value.code == 0
        assert "usage: python -m analysis" in capsys.readouterr().out


def test_import_and_status_json(tmp_path, fixtures_dir):
    db = str(tmp_path / "w.duckdb")
    result = run("--db", db, "import", "postings", str(fixtures_dir / "postings" / "jobspy.csv"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "jobspy.csv (csv (jobspy)): 3 read, 3 added, 0 updated, 0 duplicates, 0 rejected"
    )
    status = json.loads(run("--db", db, "status", "--json").stdout)
    assert {
        "postings",
        "contacts",
        "interactions",
        "profile_skills",
        "positions",
        "imports",
    } <= set(status["counts"])
    assert status["counts"]["postings"] == 3
    assert status["counts"]["imports"] == 1
    assert status["postings_date_range"] == ["2025-07-01", "2025-07-14"]


def test_wayponit_db_env_is_used(tmp_path, fixtures_dir, monkeypatch):
    monkeypatch.setenv("WAYPOINT_DB", str(tmp_path / "env.duckdb"))
    assert main(["import", "postings", str(fixtures_dir / "postings" / "postings.jsonl")]) == 0
    con = store.connect(tmp_path / "env.duckdb")
    assert con.execute("SELECT count(*) FROM postings").fetchone()[0] == 2
    con.close()


def test_errors_go_to_stderr_with_nonzero_exit(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"")
    result = run("--db", str(tmp_path / "w.duckdb"), "import", "postings", str(bad))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "error: Cannot import bad.csv: the file is empty"
    missing = run("--db", str(tmp_path / "w.duckdb"), "import", "postings", "/no/such/file.csv")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "error: Cannot import file.csv: file not found"
    nows = run("--db", str(tmp_path / "none.duckdb"), "status")
    assert nows.returncode == 1 and "does not exist" in nows.stderr


def test_pasted_description_on_stdin(tmp_path):
    db = str(tmp_path / "w.duckdb")
    result = run("--db", db, "import", "postings", "-", stdin="BI Manager\nSQL and Tableau\n")
    assert result.returncode == 0, result.stderr
    con = store.connect(db)
    assert con.execute("SELECT title, description FROM postings").fetchall() == [
        ("BI Manager", "BI Manager\nSQL and Tableau")
    ]
    con.close()


def test_map_option(tmp_path, fixtures_dir):
    db = str(tmp_path / "w.duckdb")
    path = str(fixtures_dir / "postings" / "custom_columns.csv")
    assert main(["--db", db, "import", "postings", path, "--map", "company=Firm"]) == 0
    con = store.connect(db)
    assert con.execute("SELECT company FROM postings").fetchall() == [("Acme Bank",)]
    con.close()


def test_backup_and_restore_round_trip_exactly(tmp_path, fixtures_dir):
    from tests.conftest import snapshot

    db, copy, archive = tmp_path / "w.duckdb", tmp_path / "copy.duckdb", tmp_path / "b.zip"
    for name in ("jobspy.csv", "postings.tsv"):
        assert (
            main(["--db", str(db), "import", "postings", str(fixtures_dir / "postings" / name)])
            == 0
        )
    assert main(["--db", str(db), "backup", str(archive)]) == 0
    assert main(["--db", str(copy), "restore", str(archive)]) == 0
    a, b = store.connect(db), store.connect(copy)
    assert snapshot(a) == snapshot(b)
    # Sequences continue after the restore: the next import gets the next id.
    assert main(["--db", str(copy), "import", "postings",
                 str(fixtures_dir / "postings" / "postings.jsonl")]) == 0  # fmt: skip
    b.close()
    b = store.connect(copy)
    assert b.execute("SELECT max(import_id) FROM imports").fetchone()[0] == 3
    a.close(), b.close()
    assert main(["--db", str(copy), "restore", str(archive)]) == 1  # exists, no --force


def test_restore_rejects_a_random_zip(tmp_path, capsys):
    import zipfile

    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("hello.txt", "hi")
    assert main(["--db", str(tmp_path / "x.duckdb"), "restore", str(archive)]) == 1
    assert "Not a Waypoint backup" in capsys.readouterr().err
    assert not (tmp_path / "x.duckdb").exists()


def test_demo_never_replaces_the_users_own_workspace(tmp_path, monkeypatch, fixtures_dir, capsys):
    from analysis import settings

    own = tmp_path / "own.duckdb"
    monkeypatch.setenv("WAYPOINT_DB", str(own))
    monkeypatch.setattr(settings, "DEMO_DB", tmp_path / "data" / "demo.duckdb")
    assert main(["import", "postings", str(fixtures_dir / "postings" / "jobspy.csv")]) == 0
    assert main(["demo", "--small", "--force"]) == 0
    assert (
        capsys.readouterr()
        .out.splitlines()[-1]
        .startswith(f"Demo workspace written to {tmp_path / 'data' / 'demo.duckdb'}: ")
    )
    con = store.connect(own)
    assert con.execute("SELECT count(*) FROM postings").fetchone()[0] == 3
    con.close()


def test_ctrl_c_says_what_was_kept(tmp_path, fixtures_dir, monkeypatch, capsys):
    import analysis.cli as cli
    from analysis.ingest import dispatch

    db, jobs = str(tmp_path / "w.duckdb"), str(fixtures_dir / "postings" / "jobspy.csv")

    def extracted() -> tuple[int, int]:
        con = store.connect(db)
        counts = con.execute(
            "SELECT (SELECT count(*) FROM postings), (SELECT count(*) FROM extracted_postings)"
        ).fetchone()
        con.close()
        return counts

    # DuckDB's Ctrl-C inside a query is a RuntimeError
    monkeypatch.setattr(dispatch, "import_file", _raiser(RuntimeError("Query interrupted")))
    assert main(["--db", db, "import", "postings", jobs]) == 130
    assert capsys.readouterr().err.splitlines()[-1] == (
        "interrupted; nothing from jobspy.csv was stored"
    )
    monkeypatch.undo()
    monkeypatch.setattr(cli, "refresh_skills", _raiser(KeyboardInterrupt()))
    assert main(["--db", db, "import", "postings", jobs]) == 130
    assert capsys.readouterr().err.splitlines()[-1] == cli.EXTRACTION_INTERRUPTED
    monkeypatch.undo()
    assert extracted() == (3, 0)
    monkeypatch.setattr(cli, "refresh_skills", _raiser(KeyboardInterrupt()))
    assert main(["--db", db, "init"]) == 130
    assert capsys.readouterr().err.splitlines()[-1] == cli.INIT_INTERRUPTED
    monkeypatch.undo()
    assert main(["--db", db, "init"]) == 0  # finishes finding their skills
    assert extracted() == (3, 3)
    # any other error is still an error
    monkeypatch.setattr(dispatch, "import_file", _raiser(RuntimeError("something else")))
    with pytest.raises(RuntimeError, match="something else"):
        main(["--db", db, "import", "postings", jobs])


def test_ctrl_c_just_after_a_file_was_stored_says_it_was(tmp_path, fixtures_dir, monkeypatch,
                                                          capsys):  # fmt: skip
    from analysis.ingest import dispatch

    db = str(tmp_path / "w.duckdb")
    jobs, again = fixtures_dir / "postings" / "jobspy.csv", tmp_path / "more.csv"
    again.write_text("title,company\nNurse,Globex\n", encoding="utf-8")
    real = dispatch.import_file

    def stored_then_interrupted(con, path, *args, **kwargs):
        outcome = real(con, path, *args, **kwargs)
        if Path(path).name == "more.csv":
            raise KeyboardInterrupt  # after its commit, before the report is printed
        return outcome

    monkeypatch.setattr(dispatch, "import_file", stored_then_interrupted)
    assert main(["--db", db, "import", "postings", str(jobs), str(again)]) == 130
    assert capsys.readouterr().err.splitlines()[-1] == (
        "interrupted; more.csv was stored; the file before it is stored, and "
        "`python -m analysis init` finishes finding their skills"
    )
    con = store.connect(db)
    assert con.execute("SELECT count(*) FROM postings").fetchone()[0] == 4
    con.close()


def test_a_file_that_cannot_be_imported_leaves_the_others_imported(tmp_path, fixtures_dir,
                                                                   capsys):  # fmt: skip
    db = str(tmp_path / "w.duckdb")
    jobs, empty = fixtures_dir / "postings" / "jobspy.csv", tmp_path / "empty.csv"
    empty.write_bytes(b"")
    more = tmp_path / "more.csv"
    more.write_text("title,company,description\nNurse,Globex,Ward rounds and Python.\n",
                    encoding="utf-8")  # fmt: skip
    assert main(["--db", db, "import", "postings", str(jobs), str(empty), str(more)]) == 1
    out, err = capsys.readouterr()
    assert [line.split(" (")[0] for line in out.splitlines() if not line.startswith(" ")] == [
        "jobspy.csv", "more.csv",
    ]  # fmt: skip
    assert err.splitlines() == [
        "error: Cannot import empty.csv: the file is empty",
        "error: 1 of 3 files was not imported: empty.csv (see above); the others are stored",
    ]
    # when every file fails, there are no "others"
    assert main(["--db", db, "import", "postings", str(empty), str(empty)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "error: none of the 2 files was imported (see above)"
    )
    con = store.connect(db)
    # both files stored, and their skills found at the end
    assert con.execute(
        "SELECT (SELECT count(*) FROM postings), (SELECT count(*) FROM extracted_postings)"
    ).fetchone() == (4, 4)
    con.close()


def test_an_unreadable_file_is_an_error_not_a_traceback(tmp_path, monkeypatch, capsys):
    from analysis.ingest import dispatch

    jobs = tmp_path / "jobs.csv"
    jobs.write_text("title\nNurse\n", encoding="utf-8")
    # (chmod 000 would not stop root, who runs CI)
    monkeypatch.setattr(dispatch, "open", _raiser(PermissionError(13, "Permission denied")),
                        raising=False)  # fmt: skip
    assert main(["--db", str(tmp_path / "w.duckdb"), "import", "postings", str(jobs)]) == 1
    assert capsys.readouterr().err == (
        "error: Cannot import jobs.csv: cannot read the file (Permission denied)\n"
    )


def _raiser(exc: BaseException):
    def raise_it(*args, **kwargs):
        raise exc

    return raise_it


def test_skills_add_and_import_taxonomy_extend_the_workspace(tmp_path, capsys):
    """A coach's own skills reach the workspace from the command line: `skills add` and
    `skills import-taxonomy`, each counted in the postings at once."""
    db = str(tmp_path / "w.duckdb")
    postings = tmp_path / "jobs.csv"
    postings.write_text(
        "title,company,description\n"
        "Analyst,Acme,Build agentic workflows and plan ward rounds.\n"
        "Nurse,Globex,Lead ward rounds daily.\n",
        encoding="utf-8",
    )
    assert main(["--db", db, "import", "postings", str(postings)]) == 0
    capsys.readouterr()

    assert main(["--db", db, "skills", "add", "Agentic workflows", "--category", "AI",
                 "--alias", "agentic workflow"]) == 0  # fmt: skip
    assert capsys.readouterr().out == (
        "Added 'Agentic workflows' as custom:agentic-workflows; postings that can mention it "
        "were read again.\n"
    )
    assert main(["--db", db, "skills", "add", "python"]) == 0
    assert capsys.readouterr().out == "'python' is already a skill: python. Nothing added.\n"

    custom = tmp_path / "coach.csv"
    custom.write_text("skill_id,name,category,aliases\nward-rounds,Ward rounds,Healthcare,"
                      "ward round\n", encoding="utf-8")  # fmt: skip
    assert main(["--db", db, "skills", "import-taxonomy", "custom", str(custom)]) == 0
    assert (
        capsys.readouterr().out
        == "Imported 1 skill from coach.csv (custom). Postings read again.\n"
    )

    con = store.connect(db, read_only=True)
    try:
        counted = con.execute(
            "SELECT p.title, ps.skill_id FROM posting_skills ps JOIN postings p USING (posting_id) "
            "WHERE ps.skill_id IN ('custom:agentic-workflows', 'ward-rounds') ORDER BY 1, 2"
        ).fetchall()
    finally:
        con.close()
    assert counted == [("Analyst", "custom:agentic-workflows"), ("Analyst", "ward-rounds"),
                       ("Nurse", "ward-rounds")]  # fmt: skip

    missing = tmp_path / "none.csv"
    assert main(["--db", db, "skills", "import-taxonomy", "esco", str(missing)]) == 1
    assert f"Cannot read taxonomy file: {missing}" in capsys.readouterr().err


def test_skills_risk_weights_shows_sets_and_resets_them(tmp_path, capsys):
    db = str(tmp_path / "w.duckdb")
    assert main(["--db", db, "skills", "risk-weights"]) == 0
    assert capsys.readouterr().out == (
        "Skill-atrophy risk weights: disuse 0.45, market_decline 0.3, low_demand 0.25\n"
    )
    assert main(["--db", db, "skills", "risk-weights", "disuse=0.5", "low_demand=0.2"]) == 0
    assert capsys.readouterr().out == (
        "Skill-atrophy risk weights: disuse 0.5, market_decline 0.3, low_demand 0.2\n"
    )
    assert main(["--db", db, "analyze", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["atrophy"]["weights"] == {
        "disuse": 0.5, "market_decline": 0.3, "low_demand": 0.2,
    }  # fmt: skip
    assert main(["--db", db, "skills", "risk-weights", "disuse"]) == 1
    assert "Bad risk weight: 'disuse': write PART=NUMBER" in capsys.readouterr().err
    assert main(["--db", db, "skills", "risk-weights", "speed=1"]) == 1
    assert "Unknown risk part: speed" in capsys.readouterr().err
    assert main(["--db", db, "skills", "risk-weights", "--reset"]) == 0
    assert capsys.readouterr().out.endswith("disuse 0.45, market_decline 0.3, low_demand 0.25\n")
