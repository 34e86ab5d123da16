"""Postings whose skills wait to be found: after an import without extraction, an interrupted
one, or a new taxonomy (Waypoint updated). `status` counts them, `init` and the dashboard's
"Find skills now" find them, with progress per step."""

from __future__ import annotations

import json

import pytest

from analysis import store
from analysis.ingest.dispatch import refresh_skills
from analysis.ingest.postings import import_postings
from analysis.skills import sync
from analysis.skills.extractor import Extractor, extractor_version
from analysis.skills.taxonomy import Skill, Taxonomy, merge
from tests.test_app import app  # noqa: F401  (fixture)
from tests.test_cli import run

PENDING = "3 postings wait for skills to be found with the current taxonomy"


def _skills(con) -> list[tuple]:
    return con.execute("SELECT * FROM posting_skills ORDER BY ALL").fetchall()


def _make_stale(con) -> None:
    """What a workspace looks like after Waypoint's taxonomy changed: skills found with
    another extractor version."""
    con.execute("UPDATE extracted_postings SET taxonomy_version = 'an-older-one'")


def test_status_counts_postings_imported_without_skills_and_init_finds_them(tmp_path, fixtures_dir):
    db = str(tmp_path / "w.duckdb")
    jobs = str(fixtures_dir / "postings" / "jobspy.csv")
    assert run("--db", db, "import", "postings", jobs, "--no-extract").returncode == 0
    assert json.loads(run("--db", db, "status", "--json").stdout)["skills_pending"] == 3
    assert f"  {PENDING}: run `python -m analysis init`" in run("--db", db, "status").stdout
    assert run("--db", db, "init").returncode == 0
    assert json.loads(run("--db", db, "status", "--json").stdout)["skills_pending"] == 0
    assert "wait for skills" not in run("--db", db, "status").stdout


def test_refresh_reports_progress_per_step(tmp_path, fixtures_dir):
    con = store.connect(tmp_path / "w.duckdb")
    import_postings(con, fixtures_dir / "postings" / "jobspy.csv")
    calls: list[tuple] = []
    refresh_skills(con, lambda step, done, total: calls.append((step, done, total)))
    assert calls[:2] == [("skills", 0, 3), ("skills", 3, 3)]
    assert {step for step, _, _ in calls[2:]} == {"clusters"}
    assert calls[-1][1] == calls[-1][2] == 3
    calls.clear()
    refresh_skills(con, lambda step, done, total: calls.append((step, done, total)))
    assert calls == [("skills", 0, 0)]  # nothing waits, and the clusters are current
    con.close()


def test_the_dashboard_offers_to_find_skills_again(app, fixtures_dir):  # noqa: F811
    con = store.connect(app.db)
    import_postings(con, fixtures_dir / "postings" / "jobspy.csv")
    refresh_skills(con)
    found = _skills(con)
    assert found
    assert not app().sidebar.warning
    _make_stale(con)
    con.close()
    at = app()  # (AppTest runs app.py's sidebar only in a session's first run)
    assert [w.value for w in at.sidebar.warning] == [
        f"{PENDING}. Until then the pages show skills found with the taxonomy they were "
        "imported with."
    ]
    next(b for b in at.sidebar.button if b.label == "Find skills now").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not app().sidebar.warning
    con = store.connect(app.db, read_only=True)
    assert _skills(con) == found
    assert sync.pending_count(con) == 0
    con.close()


@pytest.mark.parametrize("imported", [False, True])
def test_extraction_version_is_the_extractors_without_compiling_it(imported):
    taxonomy = sync.builtin_taxonomy()
    if imported:  # with a case rule for an imported acronym that reads as a word ("CALL")
        taxonomy = merge(taxonomy, Taxonomy([Skill("esco:call", "CALL", "Digital", "esco")]))
        assert "call" in sync.imported_case_rules(taxonomy, {})
    assert sync.extraction_version(taxonomy) == sync.extractor_for(taxonomy).version
    plain = Extractor(Taxonomy([Skill("x", "Xylophone", "Music")]), rules={})
    assert extractor_version(plain.taxonomy, {}) == plain.version
