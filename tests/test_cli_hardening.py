"""The command line under pressure: a workspace in use, Ctrl-C, unwritable outputs, postings
that wait for skills, control characters in imported data, and a closed pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from analysis import cli, store
from analysis.backup import backup
from analysis.cli import INIT_INTERRUPTED, main
from analysis.ingest.postings import import_postings

ROOT = Path(__file__).resolve().parent.parent
IN_USE = "error: Workspace is in use: {path} is open for writing in process {pid}"


@pytest.fixture
def holder():
    """Start a process that holds a workspace open for writing; yields the starter."""
    started = []

    def hold(path: Path) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-c", "import duckdb, sys, time\n"
             f"con = duckdb.connect({str(path)!r})\nprint('ready', flush=True)\ntime.sleep(60)"],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        started.append(process)
        assert process.stdout.readline().strip() == "ready"
        return process

    yield hold
    for process in started:
        process.kill()
        process.wait()


def _workspace(path: Path, fixtures_dir: Path, **kwargs) -> None:
    con = store.connect(path)
    import_postings(con, fixtures_dir / "postings" / "jobspy.csv", **kwargs)
    con.close()


# --------------------------------------------------------------------------- 1. in use


def test_restore_force_refuses_a_workspace_in_use(tmp_path, fixtures_dir, holder, capsys):
    source = tmp_path / "source.duckdb"
    _workspace(source, fixtures_dir)
    con = store.connect(source)
    archive = backup(con, tmp_path / "backup.zip")
    con.close()
    target = tmp_path / "target.duckdb"
    store.connect(target).close()
    inode = target.stat().st_ino
    process = holder(target)
    assert main(["--db", str(target), "restore", "--force", str(archive)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(IN_USE.format(path=target, pid=process.pid)), err
    assert target.stat().st_ino == inode  # not replaced under the holder's feet


def test_demo_force_refuses_a_workspace_in_use(tmp_path, holder, capsys):
    target = tmp_path / "demo.duckdb"
    store.connect(target).close()
    inode = target.stat().st_ino
    process = holder(target)
    assert main(["--db", str(target), "demo", "--small", "--force"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(IN_USE.format(path=target, pid=process.pid)), err
    assert target.stat().st_ino == inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.duckdb"]


# --------------------------------------------------------------------------- 2. interrupted demo


def _interrupt_demo(monkeypatch) -> None:
    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "set_meta", ctrl_c)  # inside generate_demo's transaction


def test_an_interrupted_demo_leaves_nothing_and_can_be_run_again(tmp_path, monkeypatch, capsys):
    target = tmp_path / "demo.duckdb"
    with monkeypatch.context() as patch:
        _interrupt_demo(patch)
        assert main(["--db", str(target), "demo", "--small"]) == 130
    assert list(tmp_path.iterdir()) == []
    capsys.readouterr()
    assert main(["--db", str(target), "demo", "--small"]) == 0
    assert capsys.readouterr().out.startswith(f"Demo workspace written to {target}: ")
    con = store.connect(target, read_only=True)
    assert store.get_meta(con, "demo") == "true"
    con.close()


def test_an_interrupted_demo_force_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "demo.duckdb"
    con = store.connect(target)
    con.execute("INSERT INTO workspace_meta VALUES ('name', 'Old')")
    con.close()
    with monkeypatch.context() as patch:
        _interrupt_demo(patch)
        assert main(["--db", str(target), "demo", "--small", "--force"]) == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.duckdb"]
    con = store.connect(target, read_only=True)
    assert store.get_meta(con, "name") == "Old"
    con.close()


# --------------------------------------------------------------------------- 3. unwritable outputs


@pytest.fixture
def small_workspace(tmp_path, fixtures_dir) -> Path:
    path = tmp_path / "w.duckdb"
    _workspace(path, fixtures_dir)
    return path


def test_report_onto_a_folder_is_a_clear_error(small_workspace, tmp_path, capsys):
    folder = tmp_path / "folder"
    folder.mkdir()
    assert main(["--db", str(small_workspace), "report", "--out", str(folder)]) == 1
    assert capsys.readouterr().err == (
        f"error: Cannot write the report: {folder} is a folder; give a file name\n"
    )


@pytest.mark.parametrize("what", ["report", "PDF"])
def test_report_or_pdf_under_a_file_is_a_clear_error(small_workspace, tmp_path, capsys, what):
    blocker = tmp_path / "a file"
    blocker.write_text("x")
    args = ["--db", str(small_workspace), "report", "--out"]
    if what == "report":
        args.append(str(blocker / "report.html"))
    else:
        args += [str(tmp_path / "report.html"), "--pdf", str(blocker / "report.pdf")]
    assert main(args) == 1
    assert capsys.readouterr().err == (
        f"error: Cannot write the {what}: {blocker} is a file, not a folder\n"
    )


def test_a_permission_error_names_the_path_and_the_reason():
    from analysis.errors import cannot_write

    exc = PermissionError(13, "Permission denied", "/read-only/report.html")
    error = cannot_write("Cannot write the report", exc, Path("/read-only/report.html"))
    assert (error.title, error.detail) == (
        "Cannot write the report",
        "/read-only/report.html: Permission denied",
    )


def test_market_study_under_a_file_is_a_clear_error(tmp_path, fixtures_dir, capsys):
    blocker = tmp_path / "a file"
    blocker.write_text("x")
    out = blocker / "study"
    source = str(fixtures_dir / "postings" / "jobspy.csv")
    assert main(["market-study", source, "--out", str(out), "--workers", "1"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"error: Cannot write the market study: {blocker} is a file, not a folder"
    )


# --------------------------------------------------------------------------- 4. skills pending

PENDING = (
    "3 postings wait for skills to be found with the current taxonomy: "
    "run `python -m analysis init`"
)


@pytest.fixture
def pending_workspace(tmp_path, fixtures_dir) -> Path:
    path = tmp_path / "w.duckdb"
    assert main(["--db", str(path), "import", "postings", "--no-extract",
                 str(fixtures_dir / "postings" / "jobspy.csv")]) == 0  # fmt: skip
    return path


def test_analyze_says_postings_wait_for_skills(pending_workspace, capsys):
    capsys.readouterr()
    assert main(["--db", str(pending_workspace), "analyze", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["skills_pending"] == 3
    assert main(["--db", str(pending_workspace), "analyze"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == PENDING
    assert main(["--db", str(pending_workspace), "init"]) == 0
    capsys.readouterr()
    assert main(["--db", str(pending_workspace), "analyze", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["skills_pending"] == 0
    assert main(["--db", str(pending_workspace), "analyze"]) == 0
    assert "wait for skills" not in capsys.readouterr().out


def test_the_report_says_postings_wait_for_skills(pending_workspace):
    from analysis.report import build_report

    con = store.connect(pending_workspace)
    try:
        market = build_report(con, sections="market")
        network = build_report(con, sections="network")
    finally:
        con.close()
    market_section = market[market.index('id="section-market"') :]
    assert market_section.index(PENDING) < market_section.index("Target market:")
    assert PENDING in network  # wherever the report starts, it says so


# --------------------------------------------------------------------------- 5. control characters

HOSTILE = "Py\x1b[31mRED\x1b[0m\x1b]0;pwned\x07"


def test_printable_escapes_control_characters_but_newline_and_tab():
    from analysis.text_format import printable

    assert printable(HOSTILE) == "Py\\x1b[31mRED\\x1b[0m\\x1b]0;pwned\\x07"
    assert printable("a\tb\nc\rd\x7fe\x9bf\u2028g") == "a\tb\nc\\x0dd\\x7fe\\x9bf\u2028g"
    assert printable("Zoë 🚀") == "Zoë 🚀"


def test_analyze_and_status_print_no_control_characters(small_workspace, capsys):
    con = store.connect(small_workspace)
    con.execute(
        "INSERT INTO profile_skills (skill, proficiency, source) VALUES (?, 3, 'manual')", [HOSTILE]
    )
    con.execute("UPDATE imports SET file_name = ?", [f"jobs{HOSTILE}.csv"])
    con.close()
    assert main(["--db", str(small_workspace), "analyze"]) == 0
    assert main(["--db", str(small_workspace), "status"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "jobsPy\\x1b[31mRED" in out


@pytest.mark.parametrize("content", ["binary\x1b", "good"])
def test_import_reports_print_no_control_characters(tmp_path, fixtures_dir, capsys, content):
    bad = tmp_path / f"jobs{HOSTILE}.csv"
    if content == "good":
        bad.write_bytes((fixtures_dir / "postings" / "jobspy.csv").read_bytes())
    else:
        bad.write_text(content, encoding="utf-8")
    main(["--db", str(tmp_path / "w.duckdb"), "import", "postings", "--no-extract", str(bad)])
    captured = capsys.readouterr()
    assert "jobsPy\\x1b[31mRED" in captured.out + captured.err
    assert "\x1b" not in captured.out + captured.err
    assert "\x07" not in captured.out + captured.err


# --------------------------------------------------------------------------- 6. Ctrl-C, pipes


def test_init_interrupted_inside_duckdb_is_a_clean_interrupt(tmp_path, monkeypatch, capsys):
    def ctrl_c(*args, **kwargs):
        raise duckdb.Error("KeyboardInterrupt: <EMPTY MESSAGE>")

    monkeypatch.setattr(cli, "refresh_skills", ctrl_c)
    assert main(["--db", str(tmp_path / "w.duckdb"), "init"]) == 130
    assert capsys.readouterr().err == INIT_INTERRUPTED + "\n"


def test_status_into_a_closed_pipe_exits_quietly(small_workspace):
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "analysis", "--db", str(small_workspace), "status"],
            cwd=ROOT, stdout=write, stderr=subprocess.PIPE, text=True, timeout=120,
        )  # fmt: skip
    finally:
        os.close(write)
    assert result.stderr == ""
    assert result.returncode == 1


def test_the_dashboard_rebuilds_an_empty_demo_left_by_an_older_interrupted_run(tmp_path):
    from analysis.demo import ensure_demo_workspace

    target = tmp_path / "demo.duckdb"
    store.connect(target).close()  # what `demo` interrupted before its commit used to leave
    assert ensure_demo_workspace(target, size="small") == target
    con = store.connect(target, read_only=True)
    assert store.get_meta(con, "demo") == "true"
    con.close()
