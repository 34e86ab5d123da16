"""Dashboard pages in Streamlit's AppTest: registration, smoke tests, behaviour."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis import store
from analysis.ingest.postings import import_postings

ROOT = Path(__file__).resolve().parent.parent


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


@pytest.fixture
def app(monkeypatch, tmp_path):
    """AppTest on a temporary 'own' workspace (WAYPOINT_DB), caches cleared."""
    db = tmp_path / "own.duckdb"
    store.connect(db).close()
    monkeypatch.setenv("WAYPOINT_DB", str(db))
    st.cache_data.clear()
    st.cache_resource.clear()

    def start(page: str | None = None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        return at

    start.db = db
    yield start
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.mark.parametrize("page", registered_pages())
def test_every_page_renders_on_an_empty_workspace(app, page):
    at = app(page)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value


def test_overview_shows_empty_state_then_counts(app, fixtures_dir):
    at = app()
    assert "This workspace is empty" in at.info[0].value
    con = store.connect(app.db)
    import_postings(con, fixtures_dir / "postings" / "jobspy.csv")
    con.close()
    at.run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Job postings"] == "3"
    assert metrics["Contacts"] == "0"
    assert at.dataframe[0].value["File"].tolist() == ["jobspy.csv"]


def test_paste_a_job_description_on_the_import_page(app):
    at = app("pages/import_data.py")
    at.text_area[0].input("Controller\nGAAP, IFRS and Excel.")
    at.text_input[1].input("Acme Bank")
    at.button[0].click()
    at.run()
    assert not at.exception
    assert at.success[0].value.startswith("pasted job description (text): 1 read, 1 added")
    con = store.connect(app.db)
    assert con.execute("SELECT title, company FROM postings").fetchall() == [("Controller", "Acme Bank")]
    con.close()
