"""A workspace reads an attached market study in place: market queries, the Market page and the
report switch to the study's postings; detaching, reconnecting and a missing folder behave.

The study is built at test time by the local engine from six hand-made postings over two
months; the workspace holds three other postings, so every number says which market it is.
"""

from __future__ import annotations

import argparse
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import report, store
from analysis.demand import MarketFilter, posting_total, skill_demand, skill_demand_by_month
from analysis.errors import WaypointError
from analysis.ingest.dispatch import import_file, refresh_skills
from analysis.market_source import NoStudyAttached, market_connection, run_market
from analysis.scale import attach
from analysis.scale import cli as study_cli
from analysis.scale.attach import AttachedStudy, StudyMissing
from analysis.scale.local_engine import run_local_study
from tests.test_app import _starter, table_with, texts
from ui.feedback import md

STUDY_NAME = "nordics"
# (title, location, date, description): Python in 5, SQL in 3, Kubernetes in 3 postings.
STUDY_POSTINGS = [
    ("Data Engineer", "Remote", date(2024, 1, 5), "Python and SQL every day."),
    ("Data Engineer", "Oslo", date(2024, 1, 12), "Python, SQL and Kubernetes."),
    ("Platform Engineer", "Remote", date(2024, 1, 20), "Python scripting."),
    ("Data Engineer", "Oslo", date(2024, 2, 3), "SQL and Python."),
    ("Platform Engineer", "Remote", date(2024, 2, 14), "Kubernetes and Python."),
    ("Platform Engineer", "Oslo", date(2024, 2, 25), "Kubernetes on call."),
]
# The workspace's own postings: SQL in 3, Tableau and Java in 1 each.
WORKSPACE_CSV = """title,company,location,date_posted,job_url,description
Data Analyst,Acme,Columbus,2024-03-04,https://jobs.example/a,SQL and Tableau reporting.
Data Analyst,Initech,Columbus,2024-03-11,https://jobs.example/b,SQL for finance.
Backend Developer,Acme,Remote,2024-03-18,https://jobs.example/c,Java and SQL services.
"""
COLUMNS = ["skill_id", "name", "postings", "share"]


def demand_frame(rows: list[tuple[str, str, int]], total: int) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["skill_id", "name", "postings"])
    frame["share"] = frame["postings"] / total
    return frame


STUDY_DEMAND = demand_frame([("python", "Python", 5), ("kubernetes", "Kubernetes", 3),
                             ("sql", "SQL", 3)], 6)  # fmt: skip
WORKSPACE_DEMAND = demand_frame([("sql", "SQL", 3), ("java", "Java", 1),
                                 ("tableau", "Tableau", 1)], 3)  # fmt: skip


@pytest.fixture(scope="module")
def built_study(tmp_path_factory) -> Path:
    """The study folder, written once by the local engine (one worker)."""
    folder = tmp_path_factory.mktemp("study-input")
    rows = [{"job_url": f"https://market.example/{i}", "title": t, "company": "Nordic Co",
             "location": loc, "date_posted": day, "description": text}
            for i, (t, loc, day, text) in enumerate(STUDY_POSTINGS)]  # fmt: skip
    pd.DataFrame(rows).to_parquet(folder / "market.parquet")
    out = tmp_path_factory.mktemp("studies") / STUDY_NAME
    run_local_study(folder / "market.parquet", out, workers=1)
    return out


@pytest.fixture
def study_dir(built_study, tmp_path) -> Path:
    """A private copy of the study (a test may move it away)."""
    copy = tmp_path / "studies" / STUDY_NAME
    shutil.copytree(built_study, copy)
    return copy


def build_workspace(path: Path) -> Path:
    """A workspace file holding the three WORKSPACE_CSV postings, skills extracted."""
    csv = path.with_name("own-postings.csv")
    csv.write_text(WORKSPACE_CSV, encoding="utf-8")
    con = store.connect(path)
    try:
        import_file(con, csv, "postings")
        refresh_skills(con)
    finally:
        con.close()
    return path


@pytest.fixture
def workspace(tmp_path):
    con = store.connect(build_workspace(tmp_path / "ws.duckdb"))
    yield con
    con.close()


def demand_of(con, f: MarketFilter) -> pd.DataFrame:
    return run_market(con, skill_demand, f)[COLUMNS]


# --------------------------------------------------------------------------- market queries


def test_market_queries_read_the_attached_study(workspace, study_dir):
    attach.attach_study(workspace, study_dir)
    pd.testing.assert_frame_equal(demand_of(workspace, MarketFilter(study=True)), STUDY_DEMAND)
    pd.testing.assert_frame_equal(demand_of(workspace, MarketFilter()), WORKSPACE_DEMAND)
    remote = demand_of(workspace, MarketFilter(study=True, locations=["remote"]))
    pd.testing.assert_frame_equal(remote, demand_frame([("python", "Python", 3),
                                                        ("kubernetes", "Kubernetes", 1),
                                                        ("sql", "SQL", 1)], 3))  # fmt: skip
    assert run_market(workspace, posting_total, MarketFilter(study=True, roles=["platform"])) == 3
    monthly = run_market(workspace, skill_demand_by_month, MarketFilter(study=True), ["kubernetes"])
    assert monthly[["month", "postings", "total"]].to_dict("list") == {
        "month": [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")],
        "postings": [1, 2],
        "total": [3, 3],
    }
    # Read in place: nothing was copied into the workspace.
    assert workspace.execute("SELECT count(*) FROM postings").fetchone() == (3,)


def test_a_study_filter_is_refused_outside_the_study(workspace, study_dir):
    attach.attach_study(workspace, study_dir)
    with pytest.raises(ValueError, match="a study filter runs on the study"):
        skill_demand(workspace, MarketFilter(study=True))


def test_detaching_restores_the_workspace_numbers(workspace, study_dir):
    attach.attach_study(workspace, study_dir)
    attach.detach_study(workspace)
    pd.testing.assert_frame_equal(demand_of(workspace, MarketFilter()), WORKSPACE_DEMAND)
    with pytest.raises(NoStudyAttached) as caught:
        demand_of(workspace, MarketFilter(study=True))
    assert (caught.value.title, caught.value.detail) == (
        "No market study is attached",
        "attach one first: python -m analysis attach-study DIR",
    )
    assert attach.study_status(workspace) is None


def test_a_new_connection_finds_the_attached_study_again(tmp_path, study_dir):
    path = build_workspace(tmp_path / "ws.duckdb")
    con = store.connect(path)
    attach.attach_study(con, study_dir)
    con.close()
    con = store.connect(path, read_only=True)
    try:
        pd.testing.assert_frame_equal(demand_of(con, MarketFilter(study=True)), STUDY_DEMAND)
        assert attach.reattach_study(con).path == study_dir.resolve()
        assert con.execute("SELECT count(*) FROM study_postings").fetchone() == (6,)
    finally:
        con.close()


def test_study_status_says_what_the_study_keeps(workspace, study_dir):
    attach.attach_study(workspace, study_dir)
    status = attach.study_status(workspace)
    manifest = study_dir / "study.json"
    assert status == AttachedStudy(
        path=str(study_dir.resolve()), name=STUDY_NAME, postings=6, months=2, engine="local",
        created=pd.read_json(manifest, typ="series")["created"],
        taxonomy_version=pd.read_json(manifest, typ="series")["taxonomy_version"],
        has_text=False, has_salaries=False,
    )  # fmt: skip
    assert status.label == "Study: nordics (6 postings)"


def test_a_missing_study_folder_gives_a_clear_error(workspace, study_dir):
    attach.attach_study(workspace, study_dir)
    shutil.move(study_dir, study_dir.with_name("moved"))
    gone = study_dir.resolve()
    with pytest.raises(StudyMissing) as caught:
        demand_of(workspace, MarketFilter(study=True))
    assert caught.value.title == f"The market study folder {gone} is missing"
    assert caught.value.detail == (
        "It is attached to this workspace but no longer exists. Put it back, attach another "
        "study (python -m analysis attach-study DIR) or detach it "
        "(python -m analysis attach-study --detach)."
    )
    assert isinstance(caught.value, WaypointError)
    status = attach.study_status(workspace)
    assert (status.ok, status.problem) == (False, (caught.value.title, caught.value.detail))
    with pytest.raises(StudyMissing):
        report.build_report(workspace, sections="market", market="study")
    # The workspace's own market is untouched.
    pd.testing.assert_frame_equal(demand_of(workspace, MarketFilter()), WORKSPACE_DEMAND)


def test_the_study_connection_is_closed_after_use(workspace, study_dir):
    attach.attach_study(workspace, study_dir)
    with market_connection(workspace, MarketFilter(study=True, roles=["data"])) as (con, f):
        assert f == MarketFilter(roles=["data"])
        assert posting_total(con, f) == 3
    with pytest.raises(Exception, match="closed"):
        con.execute("SELECT 1")


# --------------------------------------------------------------------------- command line


def run_command(argv: list[str], register) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis")
    parser.add_argument("--db")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


def test_attach_status_and_detach_from_the_command_line(tmp_path, study_dir, capsys):
    db = build_workspace(tmp_path / "ws.duckdb")
    base = ["--db", str(db), "attach-study"]
    assert run_command([*base, "--status"], study_cli.register) == 0
    assert capsys.readouterr().out == f"No study is attached to {db}\n"
    assert run_command([*base, str(study_dir)], study_cli.register) == 0
    capsys.readouterr()
    assert run_command([*base, "--status"], study_cli.register) == 0
    con = store.connect(db, read_only=True)
    status = attach.study_status(con)
    con.close()
    assert capsys.readouterr().out.splitlines() == [
        f"Attached to {db}: {study_dir.resolve()}",
        "  name             nordics",
        "  postings                    6",
        "  months                      2",
        f"  engine           local, created {status.created}",
        f"  taxonomy         {status.taxonomy_version}",
        "  not kept         posting text, salaries",
    ]
    assert run_command([*base, "--detach"], study_cli.register) == 0
    assert capsys.readouterr().out == f"Detached {study_dir.resolve()}\n"
    with pytest.raises(WaypointError, match="Too many arguments"):
        run_command([*base, str(study_dir), "--status"], study_cli.register)


def test_status_of_a_missing_study_is_an_error(tmp_path, study_dir):
    db = build_workspace(tmp_path / "ws.duckdb")
    run_command(["--db", str(db), "attach-study", str(study_dir)], study_cli.register)
    shutil.rmtree(study_dir)
    with pytest.raises(WaypointError) as caught:
        run_command(["--db", str(db), "attach-study", "--status"], study_cli.register)
    assert caught.value.title == f"The market study folder {study_dir.resolve()} is missing"


def test_every_study_command_has_help(capsys):
    from analysis.cli import build_parser

    for argv in (["attach-study", "--help"], ["report", "--help"]):
        with pytest.raises(SystemExit) as caught:
            build_parser().parse_args(argv)
        assert caught.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "--status show the attached study: folder, postings, engine, date" in shown
    assert "--market {workspace,study}" in shown


# --------------------------------------------------------------------------- report


class Cells(HTMLParser):
    """The text of every table cell of one report section, row by row."""

    def __init__(self, html: str, section: str) -> None:
        super().__init__()
        self.section, self.inside, self.rows, self.cell = section, False, [], None
        self.paragraphs: list[str] = []
        self.text: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.inside = attrs.get("data-section") == self.section
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "p"):
            self.text = ""

    def handle_endtag(self, tag):
        if self.inside and tag == "td":
            self.rows[-1].append(self.text)
            self.text = None
        elif self.inside and tag == "p":
            self.paragraphs.append(self.text)
            self.text = None

    def handle_data(self, data):
        if self.text is not None:
            self.text += data


def test_the_report_market_section_reads_the_study(workspace, study_dir):
    attach.attach_study(workspace, study_dir)
    html = report.build_report(workspace, sections="market,provenance", market="study",
                               generated_on=date(2024, 3, 1))  # fmt: skip
    market = Cells(html, "market")
    assert market.paragraphs[:3] == [
        "What the target market in the market study “nordics” asks for, and where it is heading.",
        "Based on the market study “nordics”: 6 postings (local engine, created "
        f"{attach.study_status(workspace).created[:10]}), read in place; not the postings "
        "imported into this workspace.",
        "Target market: all postings, 6 postings dated 5 Jan 2024 to 25 Feb 2024.",
    ]
    assert [row[:3] for row in market.rows[1:4]] == [
        ["Python", "Software development", "5"],
        ["Kubernetes", "Cloud & infrastructure", "3"],
        ["SQL", "Data & analytics", "3"],
    ]
    assert "<p>Market section from the market study nordics (6 postings)</p>" in html
    facts = {row[0]: row[1] for row in Cells(html, "provenance").rows if len(row) == 2}
    assert facts["Market section based on"].startswith(
        "the market study “nordics” (6 postings, local engine, created "
    )
    assert facts["Target market"] == "all postings (3 postings)"  # other sections: the workspace


def test_the_workspace_report_is_unchanged_by_an_attached_study(workspace, study_dir):
    before = report.build_report(workspace, sections="market", generated_on=date(2024, 3, 1))
    attach.attach_study(workspace, study_dir)
    after = report.build_report(workspace, sections="market", generated_on=date(2024, 3, 1))
    assert after == before
    market = Cells(after, "market")
    assert [row[:3] for row in market.rows[1:2]] == [["SQL", "Data & analytics", "3"]]
    assert "nordics" not in after
    with pytest.raises(WaypointError, match="Unknown market"):
        report.build_report(workspace, market="everything")


def test_report_command_with_market_study(tmp_path, study_dir, capsys):
    db = build_workspace(tmp_path / "ws.duckdb")
    run_command(["--db", str(db), "attach-study", str(study_dir)], study_cli.register)
    out = tmp_path / "report.html"
    argv = ["--db", str(db), "report", "--out", str(out), "--sections", "market"]
    assert run_command([*argv, "--market", "study"], report.register) == 0
    rows = Cells(out.read_text(encoding="utf-8"), "market").rows
    assert rows[1][:3] == ["Python", "Software development", "5"]
    run_command(["--db", str(db), "attach-study", "--detach"], study_cli.register)
    with pytest.raises(NoStudyAttached):
        run_command([*argv, "--market", "study"], report.register)


# --------------------------------------------------------------------------- dashboard


@pytest.fixture
def study_app(monkeypatch, tmp_path, study_dir):
    """AppTest on a workspace with its own three postings and the study attached."""
    import streamlit as st

    db = build_workspace(tmp_path / "own.duckdb")
    con = store.connect(db)
    attach.attach_study(con, study_dir)
    con.close()
    start = _starter(monkeypatch, db)
    start.study_dir = study_dir
    yield start
    st.cache_data.clear()
    st.cache_resource.clear()


def test_the_market_page_switches_to_the_study(study_app):
    at: AppTest = study_app("pages/market.py")
    assert not at.exception, [e.value for e in at.exception]
    source = at.sidebar.radio(key="market_source")
    assert source.options == ["My workspace postings", "Study: nordics (6 postings)"]
    assert "Showing the job postings imported into this workspace." in texts(at)
    assert table_with(at, "postings")[["name", "postings"]].values.tolist()[0] == ["SQL", 3]

    source.set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert (f"Showing the market study **nordics**: 6 postings read in place from "
            f"{md(study_app.study_dir.resolve())}, not the postings imported into this "
            "workspace.") in shown  # fmt: skip
    assert "**6 postings**: all postings." in shown
    top = table_with(at, "postings")[["name", "postings"]].values.tolist()
    assert top == [["Python", 5], ["Kubernetes", 3], ["SQL", 3]]
    at.session_state["demand_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert [i.value for i in at.info] == [
        "This market study keeps no posting text: no snippets to show."
    ]
    messages = {
        "Emerging terms": "Emerging terms are read from posting text, which this market study "
        "does not keep. Choose your workspace's postings in the sidebar to see them.",
        "Role clusters": "Role clusters are fitted on your workspace's postings and their text; "
        "a market study has none. Choose your workspace's postings in the sidebar.",
        "Salary": "This market study keeps no salaries, so there is no salary premium to show.",
    }
    for tab, message in messages.items():
        at.session_state["market_tab"] = tab
        at.run()
        assert not at.exception, (tab, [e.value for e in at.exception])
        assert [i.value for i in at.info] == [message], tab
    at.session_state["market_tab"] = "Skills together"
    at.run()
    together = table_with(at, "both")[["name", "both"]].values.tolist()
    assert together == [["SQL", 3], ["Kubernetes", 2]]  # with Python, the first skill


def test_an_empty_workspace_shows_its_attached_study(monkeypatch, tmp_path, study_dir):
    import streamlit as st

    db = tmp_path / "empty.duckdb"
    con = store.connect(db)
    attach.attach_study(con, study_dir)
    con.close()
    try:
        at = _starter(monkeypatch, db)("pages/market.py")
        assert not at.exception, [e.value for e in at.exception]
        assert at.sidebar.radio(key="market_source").value is True
        assert "**6 postings**: all postings." in texts(at)
        assert table_with(at, "postings")["name"].tolist() == ["Python", "Kubernetes", "SQL"]
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


def test_the_market_page_says_when_the_study_folder_is_gone(study_app):
    shutil.rmtree(study_app.study_dir)
    at = study_app("pages/market.py")
    assert not at.exception, [e.value for e in at.exception]
    title = f"The market study folder {study_app.study_dir.resolve()} is missing"
    assert at.warning[0].value.startswith(f"**{md(title)}**. ")
    assert at.warning[0].value.endswith("Showing your workspace's postings instead.")
    assert table_with(at, "postings")[["name", "postings"]].values.tolist()[0] == ["SQL", 3]


def test_the_report_page_offers_the_study(study_app):
    at = study_app("pages/report.py")
    choice = at.radio(key="report_market")
    assert choice.options == ["My workspace postings", "Study: nordics (6 postings)"]
    choice.set_value("study")
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value.startswith("Report ready:")


def test_study_commands_print_no_control_characters(tmp_path, built_study, capsys):
    # "[31m" is a glob class too: the folder is read as named, not as a pattern
    hostile = tmp_path / "studies *?" / "nordics\x1b[31mRED\x07"
    shutil.copytree(built_study, hostile)
    db = build_workspace(tmp_path / "ws.duckdb")
    base = ["--db", str(db), "attach-study"]
    for extra in ([str(hostile)], ["--status"], ["--detach"]):
        assert run_command([*base, *extra], study_cli.register) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out
        assert "nordics\\x1b[31mRED\\x07" in out
