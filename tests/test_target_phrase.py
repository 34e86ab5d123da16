"""Captions name what "target postings" are: the target roles' postings, or all postings and
why (no target role yet, or no title matching one)."""

from __future__ import annotations

import pytest

from analysis import store
from analysis.ingest.dispatch import refresh_skills
from analysis.ingest.postings import import_postings
from tests.test_app import app  # noqa: F401  (fixture)


@pytest.mark.parametrize(
    ("role", "phrase"),
    [
        (None, "all postings (no target roles yet: add them on Plan)"),
        ("Astronaut", "all postings (no title matches your target roles)"),
        ("Data Analyst", "postings for your target roles"),
    ],
)
def test_my_skills_says_which_postings_it_measures_against(app, fixtures_dir, role, phrase):  # noqa: F811
    con = store.connect(app.db)
    import_postings(con, fixtures_dir / "postings" / "jobspy.csv")
    refresh_skills(con)
    if role:
        con.execute("INSERT INTO targets (target_id, kind, value) VALUES (1, 'role', ?)", [role])
    con.close()
    at = app("pages/my_skills.py")
    assert not at.exception, [e.value for e in at.exception]
    assert at.caption[0].value == (
        f"Your skills measured against your target market, {phrase}: which are fading, what to "
        "learn next, and how well you fit."
    )
