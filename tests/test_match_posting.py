"""Matching one posting, stored or pasted, against the user's skills."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.atrophy import match_posting
from analysis.errors import WaypointError
from analysis.match import MATCHED_COLUMNS
from tests.test_gaps import sql_analyst_workspace
from tests.test_user_skills import TODAY, tiny_workspace


@pytest.fixture
def con():
    con = sql_analyst_workspace()
    yield con
    con.close()


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=MATCHED_COLUMNS).astype(
        {"share": "float64", "start": "Int64", "end": "Int64"}
    )


def test_pasted_text_is_scored_with_evidence_and_missing_skills_by_demand(con):
    text = "We need SQL, Snowflake and Java; Tableau is a plus."

    result = match_posting(con, text=text, today=TODAY)

    assert result.score == 50.0
    pd.testing.assert_frame_equal(result.matched, frame([
        ("sql", "SQL", "Data & analytics", 0.70, 8, 11, "SQL"),
        ("tableau", "Tableau", "Data & analytics", 0.55, 33, 40, "Tableau"),
    ]))  # fmt: skip
    pd.testing.assert_frame_equal(result.missing, frame([
        ("java", "Java", "Software development", 0.45, 27, 31, "Java"),
        ("snowflake", "Snowflake", "Data & analytics", 0.30, 13, 22, "Snowflake"),
    ]))  # fmt: skip
    assert text[8:11] == "SQL" and text[33:40] == "Tableau"


def test_a_stored_posting_uses_its_extracted_skills(con):
    posting_id = con.execute(
        "SELECT min(posting_id) FROM posting_skills WHERE skill_id = 'dbt'"
    ).fetchone()[0]  # "Skills: Java, dbt, SQL."

    result = match_posting(con, posting_id, today=TODAY)

    assert result.score == 33.3
    pd.testing.assert_frame_equal(result.matched, frame([
        ("sql", "SQL", "Data & analytics", 0.70, 19, 22, "SQL"),
    ]))  # fmt: skip
    assert result.missing[["skill", "share", "text"]].values.tolist() == [
        ["Java", 0.45, "Java"],
        ["dbt", 0.2, "dbt"],
    ]


def test_a_posting_without_known_skills_has_no_score(con):
    result = match_posting(con, text="Friendly team, great coffee.", today=TODAY)
    assert result.score is None
    assert result.matched.empty and result.missing.empty
    assert list(result.matched.columns) == MATCHED_COLUMNS


def test_without_postings_or_profile_the_match_still_works():
    con = tiny_workspace()
    result = match_posting(con, text="SQL and Python", today=TODAY)
    assert result.score == 0.0
    assert result.missing[["skill", "share"]].values.tolist() == [["Python", 0.0], ["SQL", 0.0]]
    con.close()


def test_bad_requests_raise_our_errors(con):
    with pytest.raises(WaypointError) as error:
        match_posting(con, "nope")
    assert str(error.value) == "No such posting: there is no posting with id 'nope'"
    with pytest.raises(WaypointError) as error:
        match_posting(con)
    assert str(error.value) == "Nothing to match: give either a posting id or a job description"
