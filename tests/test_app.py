"""Dashboard pages in Streamlit's AppTest: registration, smoke tests, behaviour."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

from analysis import atrophy, demand, network, plan, store
from analysis.demo import ensure_demo_workspace
from analysis.ingest.postings import import_postings
from analysis.market_filter import MarketFilter
from analysis.user_skills import target_market_filter
from ui.feedback import md

ROOT = Path(__file__).resolve().parent.parent
DEMO_DAY = date(2026, 11, 1)  # the analysis date of every app test (WAYPOINT_TODAY)

# The text each page shows when the workspace holds nothing it can use.
EMPTY_STATE = {
    "pages/overview.py": "This workspace is empty",
    "pages/import_data.py": "Nothing imported yet.",
    "pages/market.py": "No job postings yet",
    "pages/my_skills.py": "No skills yet",
    "pages/network.py": "No contacts yet",
    "pages/plan.py": "No goals yet",
    "pages/report.py": "Nothing to report yet",
}


def registered_pages() -> list[str]:
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    return sorted(
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page"
    )


def test_pages_registered_in_app_are_exactly_the_files_in_pages():
    files = sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))
    assert registered_pages() == files


def make_small_demo(template: Path, path: Path) -> Path:
    """A private copy of the small demo workspace, so a test may write to it."""
    shutil.copyfile(template, path)
    return path


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory) -> Path:
    """The small demo workspace dated DEMO_DAY, generated once per test session, with its role
    clusters fitted (the Market page would otherwise fit them again in every test)."""
    folder = tmp_path_factory.mktemp("demo")
    path = ensure_demo_workspace(folder / "small.duckdb", size="small", today=DEMO_DAY)
    con = store.connect(path)
    try:
        demand.role_clusters(con, MarketFilter())
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def _starter(monkeypatch, db: Path):
    # We ship no custom components; Streamlit's scan of every installed package for one costs
    # 0.7 s per AppTest.
    monkeypatch.setattr(manifest_scanner, "scan_component_manifests", lambda: [])
    monkeypatch.setenv("WAYPOINT_DB", str(db))
    monkeypatch.setenv("WAYPOINT_TODAY", DEMO_DAY.isoformat())
    st.cache_data.clear()
    st.cache_resource.clear()

    def start(page: str | None = None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if page:
            at.switch_page(page)
        return at.run()

    start.db = db
    return start


@pytest.fixture
def app(monkeypatch, tmp_path):
    """AppTest on a temporary, empty 'own' workspace (WAYPOINT_DB), caches cleared."""
    db = tmp_path / "own.duckdb"
    store.connect(db).close()
    yield _starter(monkeypatch, db)
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def demo_app(monkeypatch, tmp_path, small_demo):
    """AppTest on a private copy of the small demo workspace (as 'My workspace')."""
    yield _starter(monkeypatch, make_small_demo(small_demo, tmp_path / "demo.duckdb"))
    st.cache_data.clear()
    st.cache_resource.clear()


def texts(at: AppTest) -> str:
    """Every message, caption and Markdown text on the page, one per line."""
    kinds = ("info", "warning", "success", "error", "caption", "markdown")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def metrics(at: AppTest) -> dict:
    return {m.label: m for m in at.metric}


def table_with(at: AppTest, column: str):
    """The first table (st.dataframe) on the page that has ``column``."""
    return next(t.value for t in at.dataframe if column in t.value.columns)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


@pytest.mark.parametrize("page", registered_pages())
def test_every_page_renders_on_an_empty_workspace(app, page):
    at = app(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value
    assert EMPTY_STATE[page] in texts(at)


@pytest.mark.parametrize("page", registered_pages())
def test_every_page_renders_on_the_demo_workspace(demo_app, page):
    at = demo_app(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value
    assert EMPTY_STATE[page] not in texts(at)
    assert not at.error, [e.value for e in at.error]
    assert len(at.dataframe) + len(at.get("plotly_chart")) + len(at.metric) > 0


def test_overview_metrics_equal_the_analysis_values(demo_app):
    at = demo_app()
    shown = metrics(at)
    con = store.connect(demo_app.db)
    try:
        fit, risk = atrophy.market_fit(con), atrophy.atrophy_risk(con)
        ten, runway = network.ten_people_test(con), plan.runway_from_store(con)
    finally:
        con.close()
    assert shown["Market fit"].value == f"{fit.now:.0f}%"
    assert shown["Market fit"].delta == f"{fit.change:+.0f} pts vs a year ago"
    assert shown["Skills at risk"].value == str(int((risk["label"] == "at risk").sum()))
    assert shown["Skills at risk"].delta == f"of {len(risk)} skills"
    # The skills My skills lists, the profile's and those its positions show: one count.
    assert shown["Your skills"].value == str(len(risk))
    assert shown["The 10-people test"].value == f"{ten.count} people"
    assert shown["The 10-people test"].delta == ten.verdict.split(":")[0]
    assert shown["Runway"].value == f"{runway.months:.1f} months"
    assert shown["Runway"].delta == runway.status


def test_overview_shows_empty_state_then_counts(app, fixtures_dir):
    at = app()
    assert "This workspace is empty" in at.info[0].value
    con = store.connect(app.db)
    import_postings(con, fixtures_dir / "postings" / "jobspy.csv")
    con.close()
    at.run()
    shown = {label: m.value for label, m in metrics(at).items()}
    assert (shown["Job postings"], shown["Contacts"], shown["Interactions"]) == ("3", "0", "0")
    # Postings but no skills of the user's: no fit to measure, so no "0%" and no delta.
    assert (shown["Market fit"], metrics(at)["Market fit"].delta) == ("—", "")
    assert "Import your profile or LinkedIn export." in [c.value for c in at.caption]
    # No contacts: the 10-people test measured nothing, so no "0 people" and no "at risk".
    assert (shown["The 10-people test"], metrics(at)["The 10-people test"].delta) == ("—", "")
    assert "Import your contacts." in [c.value for c in at.caption]
    at.switch_page("pages/my_skills.py").run()
    shown = {label: m.value for label, m in metrics(at).items()}
    assert [shown[k] for k in ("Market fit", "Skills at risk", "Skills on watch")] == ["—"] * 3


def test_importing_a_file_through_the_import_page_changes_the_counts(
    app, fixtures_dir, tmp_path, monkeypatch
):
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    at = app()
    assert metrics(at)["Job postings"].value == "0"
    at.switch_page("pages/import_data.py").run()
    content = (fixtures_dir / "postings" / "jobspy.csv").read_bytes()
    at.get("file_uploader")[0].upload("jobspy.csv", content, "text/csv")
    at.run()
    button(at, r"Import jobspy\.csv").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value.startswith(r"jobspy\.csv \(csv \(jobspy\)\): 3 read, 3 added")
    # The uploaded copy was written on each of those runs and removed after each
    assert list(temp.iterdir()) == []
    history = table_with(at, "rows_added")
    assert history[["kind", "file_name", "rows_added", "rows_rejected"]].values.tolist() == [
        ["Postings", "jobspy.csv", 3, 0]
    ]
    at.switch_page("pages/overview.py").run()
    assert metrics(at)["Job postings"].value == "3"


def test_editing_the_profile_changes_the_atrophy_table(demo_app):
    at = demo_app("pages/my_skills.py")
    before = table_with(at, "market_decline").set_index("skill")
    assert before.at["COBOL", "label"] == "at risk"
    profile = at.data_editor(key="profile_editor").value
    row = int(profile.index[profile["skill"] == "COBOL"][0])
    at.session_state["profile_editor"] = {
        "edited_rows": {row: {"last_used": "2026-10-15"}}, "added_rows": [], "deleted_rows": [],
    }  # fmt: skip
    at.run()
    button(at, "Save profile").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == "Profile saved: 0 added, 1 changed, 0 removed."
    after = table_with(at, "market_decline").set_index("skill")
    assert str(after.at["COBOL", "last_used"])[:10] == "2026-10-15"
    assert after.at["COBOL", "risk"] < before.at["COBOL", "risk"]
    assert after.at["COBOL", "label"] != "at risk"


def test_changing_the_risk_weights_on_my_skills_changes_the_risks(demo_app):
    at = demo_app("pages/my_skills.py")
    assert at.expander[0].label == (
        "Risk weighs disuse 45%, market decline 30% and low demand 25%. Change the weights"
    )
    before = table_with(at, "market_decline").set_index("skill")
    at.slider(key="risk-weight-disuse").set_value(1.0)
    at.slider(key="risk-weight-market_decline").set_value(0.0)
    at.slider(key="risk-weight-low_demand").set_value(0.0)
    button(at, "Use these weights").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == (
        "Risk weights saved. Risk weighs disuse 100%, market decline 0% and low demand 0%."
    )
    after = table_with(at, "market_decline").set_index("skill")
    # risk is now disuse alone, for every skill whose disuse is known (the table rounds it)
    known = after["disuse"].notna()
    assert (after.loc[known, "risk"] == (100 * after.loc[known, "disuse"]).round(0)).all()
    assert (after["risk"] != before["risk"].reindex(after.index)).any()
    assert at.slider(key="risk-weight-disuse").value == 1.0

    button(at, "Back to the defaults").click().run()
    assert at.expander[0].label.startswith("Risk weighs disuse 45%, market decline 30%")
    again = table_with(at, "market_decline").set_index("skill")
    pd.testing.assert_series_equal(again["risk"], before["risk"].reindex(again.index))


def test_logging_an_interaction_removes_the_contact_from_the_overdue_list(demo_app):
    at = demo_app("pages/network.py")
    overdue = table_with(at, "days_overdue")
    contact_id = int(overdue["contact_id"].iloc[0])
    at.selectbox(key="log_contact").select(contact_id)
    at.selectbox(key="log_channel").select("call")
    at.text_input(key="log_note").input("Caught up about the Columbus role")
    button(at, "Log interaction").click().run()
    assert not at.exception, [e.value for e in at.exception]
    who = overdue["contact"].iloc[0]
    assert at.success[0].value == f"Logged: Phone call with {md(who)} on 1 Nov 2026."
    assert contact_id not in table_with(at, "days_overdue")["contact_id"].tolist()


def test_anyone_can_be_logged_and_the_overdue_come_first(demo_app):
    con = store.connect(demo_app.db)
    status = network.nurture_status(con, today=DEMO_DAY).set_index("contact_id")
    con.close()
    at = demo_app("pages/network.py")
    options = at.selectbox(key="log_contact").options
    assert len(options) == len(status)  # every contact, once
    overdue = table_with(at, "days_overdue")
    first = overdue.iloc[0]
    assert options[0].startswith(f"{first['contact']}, ")
    never = int(status.index[status["status"] == "never in touch"][0])  # on no list
    at.selectbox(key="log_contact").select(never)
    button(at, "Log interaction").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value.startswith("Logged: ")
    con = store.connect(demo_app.db)
    assert con.execute("SELECT count(*) FROM interactions WHERE contact_id = ?",
                       [never]).fetchone() == (1,)  # fmt: skip
    con.close()


def test_giving_a_connection_a_tier_puts_it_on_the_overdue_list(demo_app):
    con = store.connect(demo_app.db)
    status = network.nurture_status(con, today=DEMO_DAY).set_index("contact_id")
    con.close()
    at = demo_app("pages/network.py")
    never = status.index[status["status"] == "never in touch"]
    assert f"Not listed: {len(never):,} connections you have never been in touch with" in texts(at)
    contact_id = int(never[0])
    assert contact_id not in table_with(at, "days_overdue")["contact_id"].tolist()
    at.selectbox(key="tier_contact").select(contact_id).run()
    assert "Now: broad, from relationship strength; never in touch." in texts(at)
    at.selectbox(key=f"tier_of_{contact_id}").select("inner")
    button(at, "Save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    name = status.at[contact_id, "contact"]
    assert at.success[0].value == f"Saved: {md(name)}, inner circle (every 30 days)."
    assert contact_id in table_with(at, "days_overdue")["contact_id"].tolist()
    assert "Now: inner circle, set by you; overdue." in texts(at)
    at.date_input(key=f"snooze_of_{contact_id}").set_value(date(2027, 1, 15))
    button(at, "Save").click().run()
    assert at.success[0].value == (
        f"Saved: {md(name)}, inner circle (every 30 days), snoozed until 15 Jan 2027."
    )
    assert contact_id not in table_with(at, "days_overdue")["contact_id"].tolist()


def test_a_newcomer_on_the_demo_is_sent_to_their_own_workspace_to_import(
    monkeypatch, tmp_path, small_demo
):
    from analysis import settings

    monkeypatch.setattr(settings, "DEMO_DB", make_small_demo(small_demo, tmp_path / "demo.duckdb"))
    own = tmp_path / "own.duckdb"  # not there yet: the dashboard opens on the demo
    at = _starter(monkeypatch, own)("pages/import_data.py")
    assert at.sidebar.radio[0].value == "Demo workspace"
    assert "You are on the **demo workspace**" in at.warning[0].value
    assert str(own) in at.warning[0].value
    button(at, "Switch to My workspace").click().run()
    assert not at.exception, [e.value for e in at.exception]
    # (AppTest leaves app.py's sidebar out of the tree after a rerun: read the radio's state)
    assert at.session_state["workspace_choice"] == "My workspace"
    assert not at.warning and at.info[0].value == "Importing into **My workspace**."
    st.cache_data.clear()
    st.cache_resource.clear()


def test_a_coach_picks_and_creates_client_workspaces(monkeypatch, tmp_path):
    own = tmp_path / "own.duckdb"
    for path in (own, tmp_path / "client-anna.duckdb"):
        store.connect(path).close()
    (tmp_path / "notes.txt").write_text("not a workspace", encoding="utf-8")
    at = _starter(monkeypatch, own)("pages/import_data.py")
    assert at.sidebar.radio[0].options == ["Demo workspace", "My workspace", "client-anna"]
    assert at.sidebar.radio[0].value == "My workspace"
    at.sidebar.radio[0].set_value("client-anna").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.info[0].value == "Importing into **client-anna**."
    (tmp_path / "client-anna.duckdb").unlink()  # moved away: back to your own workspace
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.info[0].value == "Importing into **My workspace**."

    at = _starter(monkeypatch, own)("pages/import_data.py")
    at.sidebar.text_input(key="new_workspace_name").input("bob lee")
    at.sidebar.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert (tmp_path / "bob lee.duckdb").is_file()
    assert at.session_state["workspace_choice"] == "bob lee"
    assert at.info[0].value == "Importing into **bob lee**."
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.mark.parametrize(
    ("name", "problem"),
    [("", "Bad workspace name: ''"), ("../x", "Bad workspace name: '../x'"),
     (".hidden", "Bad workspace name"), ("own", "Workspace exists")],
)  # fmt: skip
def test_a_new_workspace_needs_a_free_plain_name(tmp_path, name, problem):
    from analysis import settings
    from analysis.errors import WaypointError

    (tmp_path / "own.duckdb").write_bytes(b"")
    with pytest.raises(WaypointError, match=re.escape(problem)):
        settings.new_workspace_path(name, tmp_path)
    assert settings.new_workspace_path(" Anna S.duckdb ", tmp_path) == tmp_path / "Anna S.duckdb"


# Markdown that would load an image from elsewhere: what a hostile export could put in a name.
HOSTILE = "![p](http://127.0.0.1:9/x.png)"
HOSTILE_SHOWN = r"\!\[p\]\(http://127\.0\.0\.1:9/x\.png\)"  # shown as written, loads nothing


def test_names_from_exports_are_shown_as_written_never_as_markdown(demo_app):
    con = store.connect(demo_app.db)
    status = network.nurture_status(con, today=DEMO_DAY)
    contact_id = int(status.loc[status["status"] == "never in touch", "contact_id"].iloc[0])
    con.execute("UPDATE contacts SET full_name = ? WHERE contact_id = ?", [HOSTILE, contact_id])
    con.close()
    at = demo_app("pages/network.py")
    at.selectbox(key="tier_contact").select(contact_id).run()
    at.selectbox(key=f"tier_of_{contact_id}").select("inner")
    button(at, "Save").click().run()
    assert at.success[0].value == f"Saved: {HOSTILE_SHOWN}, inner circle (every 30 days)."
    at = demo_app("pages/market.py")
    at.sidebar.text_input(key="mf_roles").input(HOSTILE).run()
    assert f"Now: titles with {HOSTILE_SHOWN}." in [c.value for c in at.sidebar.caption]


def test_import_notes_and_errors_are_shown_as_written_never_as_markdown():
    def page():
        from analysis.errors import WaypointError
        from analysis.ingest.common import ImportReport
        from ui import importing
        from ui.feedback import user_errors

        report = ImportReport(1, "contacts", "c.csv", "csv", rows_read=1, rows_added=1)
        report.notes.append("line 2: '![p](http://127.0.0.1:9/x.png)' is not an e-mail address")
        importing.show_report(report)
        with user_errors():
            raise WaypointError("Cannot import ![p](http://127.0.0.1:9/x.png)", "found: ![p](y)")

    at = AppTest.from_function(page, default_timeout=30).run()
    assert at.caption[0].value == f"line 2: '{HOSTILE_SHOWN}' is not an e\\-mail address"
    assert at.error[0].value == f"**Cannot import {HOSTILE_SHOWN}**\n\nfound: \\!\\[p\\]\\(y\\)"


def test_paste_a_job_description_on_the_import_page(app):
    at = app("pages/import_data.py")
    at.text_area[0].input("Controller\nGAAP, IFRS and Excel.")
    at.text_input[1].input("Acme Bank")
    at.button[0].click()
    at.run()
    assert not at.exception
    assert at.success[0].value.startswith(r"pasted job description \(text\): 1 read, 1 added")
    con = store.connect(app.db)
    assert con.execute("SELECT title, company FROM postings").fetchall() == [
        ("Controller", "Acme Bank")
    ]
    con.close()


MARKET_TABS = ["Trends", "Emerging terms", "Role clusters", "Skills together", "Salary"]


def test_every_market_tab_renders_on_the_demo_workspace(demo_app):
    at = demo_app("pages/market.py")
    assert [t.label for t in at.tabs] == ["Top skills", *MARKET_TABS]
    for label in MARKET_TABS:
        at.session_state["market_tab"] = label
        at.run()
        assert not at.exception, (label, [e.value for e in at.exception])
        assert len(at.get("plotly_chart")) == 1, label
        assert len(at.dataframe) >= 1, label


def test_the_market_filter_narrows_the_postings(demo_app):
    at = demo_app("pages/market.py")
    at.sidebar.text_input(key="mf_roles").input("analyst").run()
    con = store.connect(demo_app.db)
    try:
        expected = demand.posting_total(con, MarketFilter(roles=("analyst",)))
    finally:
        con.close()
    assert 0 < expected < 600
    assert f"**{expected:,} postings**: titles with analyst." in texts(at)


def test_the_filter_buttons_set_the_widgets_and_the_filter_holds(demo_app):
    at = demo_app("pages/market.py")
    roles = demo_app_target_roles(demo_app.db)
    at.sidebar.text_input(key="mf_locations").input("Columbus").run()
    assert "Now: in Columbus." in [c.value for c in at.sidebar.caption]  # this run's filter
    button(at, "Clear filter").click().run()
    assert at.sidebar.text_input(key="mf_locations").value == ""
    at.run()  # and on the next run too (it fell back to "in Columbus")
    assert at.session_state["market_filter"] == MarketFilter()
    assert "Now: all postings." in [c.value for c in at.sidebar.caption]
    button(at, "My target roles").click().run()
    assert at.sidebar.text_input(key="mf_roles").value == ", ".join(roles)
    at.run()
    assert at.session_state["market_filter"] == MarketFilter(roles=roles)
    assert not at.warning, [w.value for w in at.warning]


def test_trends_say_when_they_are_not_the_target_market_of_the_other_pages(demo_app):
    """My skills and Overview measure trends on the target roles' postings; Market › Trends
    on the filtered market, and says so while the two differ."""
    note = "These trends are the filtered market's"
    at = demo_app("pages/market.py")
    at.session_state["market_tab"] = "Trends"
    at.run()
    assert any(note in c.value for c in at.caption)
    button(at, "My target roles").click().run()
    at.run()
    assert at.session_state["market_filter"] == target_market_filter_of(demo_app.db)
    assert not any(note in c.value for c in at.caption), [c.value for c in at.caption]


def test_the_role_cluster_choice_reads_any_until_one_is_chosen(demo_app):
    at = demo_app("pages/market.py")
    choice = at.sidebar.selectbox(key="mf_cluster")
    assert (choice.value, choice.placeholder, choice.options[0]) == (None, "Any", "Any")
    choice.set_value(1).run()
    assert at.session_state["market_filter"].cluster == 1
    # the filter is said with the cluster's name, never its bare number
    name = choice.options[2]  # Any, then clusters 0, 1, ...
    headline = next(m.value for m in at.markdown if " postings**: " in m.value)
    assert f"role cluster “{md(name)}”" in headline, headline


def target_market_filter_of(db) -> MarketFilter:
    con = store.connect(db)
    try:
        return target_market_filter(con)
    finally:
        con.close()


def demo_app_target_roles(db) -> tuple[str, ...]:
    con = store.connect(db)
    try:
        roles = target_market_filter(con).roles
    finally:
        con.close()
    assert roles  # the demo has target roles
    return roles


def test_a_category_narrows_the_top_skills_table_as_well_as_the_chart(demo_app):
    at = demo_app("pages/market.py")
    everything = table_with(at, "postings")
    category = everything["category"].iloc[-1]  # one that is not the top skill's
    at.session_state["market_category"] = category
    at.run()
    listed = table_with(at, "postings")
    assert set(listed["category"]) == {category}
    assert (
        listed["name"].tolist()
        == everything.loc[everything["category"] == category, "name"].tolist()
    )


def test_selecting_a_skill_shows_the_postings_that_mention_it(demo_app):
    at = demo_app("pages/market.py")
    top = table_with(at, "postings")["name"].iloc[0]
    at.session_state["demand_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    shown = [m.value for m in at.markdown]
    assert f"**Why {top} was counted**: the newest postings naming it" in shown
    assert sum(f":orange-background[**{top}**]" in m for m in shown) == 5


def test_skills_together_most_often_or_most_specific(demo_app):
    at = demo_app("pages/market.py")
    at.session_state["market_tab"] = "Skills together"
    at.run()
    skill = at.selectbox(key="market_cooc").value
    con = store.connect(demo_app.db)
    try:
        often = demand.cooccurrence(con, MarketFilter(), skill, 15)
        specific = demand.cooccurrence(con, MarketFilter(), skill, 15, by="lift")
    finally:
        con.close()
    assert table_with(at, "lift")["skill_id"].tolist() == often["skill_id"].tolist()
    at.session_state["market_cooc_by"] = "lift"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = table_with(at, "lift")["skill_id"].tolist()
    assert shown == specific["skill_id"].tolist() and shown != often["skill_id"].tolist()


def test_adding_an_emerging_term_makes_it_a_skill(demo_app):
    at = demo_app("pages/market.py")
    at.session_state["market_tab"] = "Emerging terms"
    at.run()
    at.selectbox(key="add_term_term").select("agentic workflows")
    button(at, "Add to my taxonomy and count it as a skill").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == "'agentic workflows' is now a skill."
    con = store.connect(demo_app.db)
    try:
        names = demand.skill_demand(con, MarketFilter())["name"].tolist()
    finally:
        con.close()
    assert "agentic workflows" in names


def test_a_workspace_locked_by_another_process_gives_a_clear_message(app):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time\n"
         f"con = duckdb.connect({str(app.db)!r})\nprint('ready', flush=True)\ntime.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ready"
        at = app("pages/network.py")
    finally:
        holder.kill()
        holder.wait()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error[0].value.startswith("**Workspace is in use**")


def test_merging_a_possible_duplicate_keeps_one_contact(demo_app):
    con = store.connect(demo_app.db)
    con.execute(
        "INSERT INTO contacts (contact_id, full_name, email, source) "
        "SELECT nextval('contact_id_seq'), full_name, email, 'vcard' FROM contacts "
        "WHERE email IS NOT NULL ORDER BY contact_id LIMIT 1"
    )
    contacts = con.execute("SELECT count(*) FROM contacts").fetchone()[0]
    con.close()
    at = demo_app("pages/network.py")
    assert table_with(at, "name_b")["reason"].tolist() == ["same email"]
    button(at, "Merge: keep the first, fold the second into it").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == "Contacts merged; every interaction was kept."
    assert "No possible duplicates among your contacts." in texts(at)
    con = store.connect(demo_app.db)
    assert con.execute("SELECT count(*) FROM contacts").fetchone()[0] == contacts - 1
    con.close()


def test_adding_a_goal_and_changing_the_runway_inputs_on_the_plan_page(demo_app):
    at = demo_app("pages/plan.py")
    goals = len(at.data_editor(key="goals_editor").value)
    at.session_state["goals_editor"] = {
        "edited_rows": {},
        "added_rows": [{"category": "network", "title": "Join the Columbus analytics meetup",
                        "status": "open"}],
        "deleted_rows": [],
    }  # fmt: skip
    at.run()
    button(at, "Save goals").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == f"{goals + 1} goals saved."
    titles = at.data_editor(key="goals_editor").value["title"].tolist()
    assert "Join the Columbus analytics meetup" in titles
    con = store.connect(demo_app.db)
    try:
        inputs = plan.runway_inputs_from_store(con)
    finally:
        con.close()
    expenses = next(n for n in at.number_input if n.label.startswith("Essential expenses"))
    expenses.set_value(inputs.monthly_essential_expenses + 2000).run()
    what_if = plan.runway(replace(inputs, monthly_essential_expenses=expenses.value))
    assert metrics(at)["Runway"].value == f"{what_if.months:.1f} months"


def test_the_report_page_counts_the_postings_of_the_reports_market(demo_app):
    con = store.connect(demo_app.db)
    try:
        expected = demand.posting_total(con, target_market_filter(con))
        everything = demand.posting_total(con, MarketFilter())
    finally:
        con.close()
    assert 0 < expected < everything  # the demo's target roles narrow the market
    at = demo_app("pages/report.py")
    assert metrics(at)["Postings in the market section"].value == f"{expected:,}"


def test_generating_a_redacted_report_offers_the_download(demo_app):
    at = demo_app("pages/report.py")
    con = store.connect(demo_app.db)
    skills = len(atrophy.atrophy_risk(con))  # one row per skill My skills lists
    con.close()
    assert metrics(at)["Your skills"].value == str(skills)
    next(c for c in at.checkbox if c.label.startswith("Redact")).check()
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value.startswith("Report ready:")
    assert [b.label for b in at.get("download_button")] == ["Download HTML"]


def test_the_import_page_merges_a_taxonomy_of_your_own(app, tmp_path):
    """The page's "Your own skills taxonomy" form calls actions.import_taxonomy (AppTest cannot
    upload a file, so the action is called as the form does)."""
    from ui import actions

    at = app("pages/import_data.py")
    assert "Your own skills taxonomy" in [s.value for s in at.subheader]
    kinds = next(r for r in at.radio if r.label == "Its kind")
    assert kinds.options == ["Custom CSV", "ESCO skills", "O*NET Technology Skills"]
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("title,company,description\nNurse,Globex,Lead ward rounds daily.\n",
                    encoding="utf-8")  # fmt: skip
    con = store.connect(app.db)
    import_postings(con, jobs)
    con.close()
    custom = tmp_path / "coach.csv"
    custom.write_text("skill_id,name,category,aliases\nward-rounds,Ward rounds,Healthcare,\n",
                      encoding="utf-8")  # fmt: skip
    assert actions.import_taxonomy(custom, "custom").skills == 1
    con = store.connect(app.db, read_only=True)
    assert con.execute("SELECT skill_id FROM posting_skills").fetchall() == [("ward-rounds",)]
    con.close()


def test_saving_the_runway_figures_on_the_plan_page_keeps_the_page(app):
    at = app("pages/plan.py")
    numbers = {n.label: n for n in at.number_input}
    numbers["Liquid savings ($)"].set_value(40000.0)
    numbers["Essential expenses per month ($)"].set_value(3500.0)
    at.run()
    button(at, "Save these figures").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == "Finances saved."
    assert metrics(at)["Runway"].value == "11.4 months"
    con = store.connect(app.db)
    try:
        inputs = plan.runway_inputs_from_store(con)
    finally:
        con.close()
    assert (inputs.liquid_savings, inputs.monthly_essential_expenses) == (40000.0, 3500.0)


def _import_page(app, tmp_path, monkeypatch, files: list[tuple[str, bytes]]) -> AppTest:
    """The Import page with ``files`` uploaded together (each a (name, content) pair)."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    at = app("pages/import_data.py")
    uploader = at.get("file_uploader")[0]
    for name, content in files:
        uploader.upload(name, content, "text/csv")
    return at.run()


def test_two_uploads_with_the_same_name_each_get_a_panel_and_import(
    app, fixtures_dir, tmp_path, monkeypatch
):
    contacts = fixtures_dir / "contacts"
    at = _import_page(app, tmp_path, monkeypatch, [
        ("Connections.csv", (contacts / "linkedin_connections_2024.csv").read_bytes()),
        ("Connections.csv", (contacts / "linkedin_connections_2024_later.csv").read_bytes()),
    ])  # fmt: skip
    assert not at.exception, [e.value for e in at.exception]
    assert [e.label for e in at.expander] == [r"Connections\.csv — contacts"] * 2
    imports = [b for b in at.button if b.label == r"Import Connections\.csv"]
    assert len(imports) == 2 and imports[0].key != imports[1].key
    imports[0].click().run()
    imports = [b for b in at.button if b.label == r"Import Connections\.csv"]
    imports[1].click().run()
    assert not at.exception, [e.value for e in at.exception]
    con = store.connect(app.db, read_only=True)
    files = con.execute("SELECT file_name FROM imports ORDER BY import_id").fetchall()
    con.close()
    assert files == [("Connections.csv",), ("Connections.csv",)]


def test_two_postings_uploads_with_the_same_name_have_their_own_mapping(
    app, fixtures_dir, tmp_path, monkeypatch
):
    content = (fixtures_dir / "postings" / "jobspy.csv").read_bytes()
    at = _import_page(app, tmp_path, monkeypatch, [("jobs.csv", content), ("jobs.csv", content)])
    assert not at.exception, [e.value for e in at.exception]
    titles = [s for s in at.selectbox if s.label == "title"]
    assert len(titles) == 2 and titles[0].key != titles[1].key


def test_a_bad_file_in_an_upload_does_not_hide_the_files_after_it(
    app, fixtures_dir, tmp_path, monkeypatch
):
    jobs = (fixtures_dir / "postings" / "jobspy.csv").read_bytes()
    at = _import_page(app, tmp_path, monkeypatch, [
        ("a_empty.csv", b""), ("odd.csv", b"foo,bar\n1,2\n"), ("jobspy_jobs.csv", jobs),
    ])  # fmt: skip
    assert not at.exception, [e.value for e in at.exception]
    assert [e.label for e in at.expander] == [
        r"a\_empty\.csv — postings", r"odd\.csv — postings", r"jobspy\_jobs\.csv — postings",
    ]  # fmt: skip
    assert [e.value for e in at.expander[0].error] == [
        "**Cannot import a\\_empty\\.csv**\n\nthe file is empty"
    ]
    assert (at.expander[1].error, at.expander[2].error) == ([], [])
    button(at, r"Import jobspy\_jobs\.csv").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert (
        at.expander[2]
        .success[0]
        .value.startswith(r"jobspy\_jobs\.csv \(csv \(jobspy\)\): 3 read, 3 added")
    )
    # A failed Import click shows its error in its own panel; the files after it stay.
    button(at, r"Import odd\.csv").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.expander) == 3 and len(at.expander[0].error) == 1
    assert [e.value[:30] for e in at.expander[1].error] == [r"**Cannot import odd\.csv**" "\n\nno"]
    assert not at.expander[2].error
    assert button(at, r"Import jobspy\_jobs\.csv")


def test_downloading_the_rejected_rows_keeps_the_import_results():
    def page():
        from analysis.ingest.common import ImportReport
        from ui import importing

        report = ImportReport(7, "postings", "jobs.csv", "csv", rows_read=2, rows_added=1)
        report.reject(3, "title", "no title")
        importing.show_report(report)

    at = AppTest.from_function(page, default_timeout=30).run()
    downloads = at.get("download_button")
    assert [d.proto.label for d in downloads] == ["Download rejected rows (CSV)"]
    assert downloads[0].proto.ignore_rerun is True  # on_click="ignore": no rerun, results stay


def test_adding_an_empty_pasted_posting_asks_for_the_text(app):
    at = app("pages/import_data.py")
    at.text_area[0].input("   \n ")
    next(b for b in at.button if b.label == "Add posting").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [w.value for w in at.warning] == ["Paste a job description first."]
    con = store.connect(app.db, read_only=True)
    assert con.execute("SELECT count(*) FROM postings").fetchone() == (0,)
    con.close()


def test_income_streams_are_edited_on_the_plan_page_and_set_the_runway(demo_app):
    at = demo_app("pages/plan.py")
    streams = at.data_editor(key="streams_editor").value
    assert streams.columns.tolist() == [
        "stream_id", "name", "kind", "monthly_amount", "continues_without_job"]  # fmt: skip
    at.session_state["streams_editor"] = {
        "edited_rows": {},
        "added_rows": [{"name": "Rental flat", "kind": "rental", "monthly_amount": 500.0,
                        "continues_without_job": True}],
        "deleted_rows": [],
    }  # fmt: skip
    at.run()
    button(at, "Save income streams").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == "Income streams saved: 1 added, 0 changed, 0 removed."
    con = store.connect(demo_app.db)
    try:
        inputs = plan.runway_inputs_from_store(con)
        rows = con.execute("SELECT kind, monthly_amount, continues_without_job "
                           "FROM income_streams WHERE name = 'Rental flat'").fetchall()  # fmt: skip
    finally:
        con.close()
    assert rows == [("rental", 500.0, True)]
    at = demo_app("pages/plan.py")  # a fresh session: the saved streams, not a what-if
    income = next(n for n in at.number_input if n.label.startswith("Income that continues"))
    assert income.value == inputs.continuing_income
    assert "not saved" in income.help
    assert metrics(at)["Runway"].value == f"{plan.runway(inputs).months:.1f} months"


def test_a_bad_income_stream_row_is_named_and_nothing_is_saved(demo_app):
    at = demo_app("pages/plan.py")
    rows = len(at.data_editor(key="streams_editor").value)
    at.session_state["streams_editor"] = {
        "edited_rows": {}, "added_rows": [{"name": "Tutoring", "monthly_amount": -5.0}],
        "deleted_rows": [],
    }  # fmt: skip
    at.run()
    button(at, "Save income streams").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [
        "**Invalid amount**\n\n"
        + md(f"row {rows + 1} (Tutoring), Per month: enter an amount of 0 or more")
    ]
    con = store.connect(demo_app.db)
    try:
        assert con.execute("SELECT count(*) FROM income_streams").fetchone()[0] == rows
    finally:
        con.close()


def test_an_open_goal_past_its_due_date_is_flagged_on_the_plan_page(app):
    con = store.connect(app.db)
    try:
        plan.save_goal(con, "skills", "Get Python basics", date(2026, 10, 1))
    finally:
        con.close()
    at = app("pages/plan.py")
    assert not at.exception, [e.value for e in at.exception]
    assert "**Overdue goals (1)**: still open past their due date" in texts(at)
    late = next(
        t.value
        for t in at.dataframe
        if "days_overdue" in t.value.columns and "milestone" not in t.value.columns
    )
    assert late[["goal", "days_overdue"]].values.tolist() == [["Get Python basics", 31]]
    bar = at.get("plotly_chart")[0].proto.spec
    assert "0% (0 of 1 goals), 1 overdue" in bar


def test_a_linkedin_file_waypoint_does_not_use_is_refused_in_its_panel(
    app, fixtures_dir, tmp_path, monkeypatch
):
    projects = b"Title,Description,Url,Started On,Finished On\nChurn model,Predicted churn,,,\n"
    jobs = (fixtures_dir / "postings" / "jobspy.csv").read_bytes()
    at = _import_page(app, tmp_path, monkeypatch, [("Projects.csv", projects), ("jobs.csv", jobs)])
    assert not at.exception, [e.value for e in at.exception]
    assert [e.label for e in at.expander] == [r"Projects\.csv — not imported",
                                              r"jobs\.csv — postings"]  # fmt: skip
    assert (
        at.expander[0]
        .error[0]
        .value.startswith(
            r"**Cannot import Projects\.csv**"
            "\n\n"
            r"Projects\.csv is a LinkedIn export file Waypoint does not use; "
        )
    )
    assert [b.label for b in at.button if b.label.startswith("Import ")] == [
        r"Import jobs\.csv",
        "Import taxonomy",
    ]


# A skill category in Markdown: an image from elsewhere, bold, a colour and maths.
MARKDOWN_CATEGORY = "![x](https://evil.example/cat.png) **Bold cat** :red[red] $x^2$"


def test_the_market_category_pills_show_a_category_as_written_and_still_filter(demo_app):
    con = store.connect(demo_app.db)
    skill = demand.skill_demand(con, MarketFilter()).iloc[-1]  # alone in the new category
    con.execute("UPDATE skills SET category = ? WHERE skill_id = ?",
                [MARKDOWN_CATEGORY, skill["skill_id"]])  # fmt: skip
    con.close()
    at = demo_app("pages/market.py")
    pills = at.pills(key="market_category")
    shown = r"\!\[x\]\(https://evil\.example/cat\.png\) \*\*Bold cat\*\* :red\[red\] \$x^2\$"
    assert shown in pills.options and MARKDOWN_CATEGORY not in pills.options
    assert pills.options[0] == "All"
    pills.set_value(MARKDOWN_CATEGORY).run()  # the value is the category itself
    assert not at.exception, [e.value for e in at.exception]
    assert table_with(at, "postings")["name"].tolist() == [skill["name"]]
