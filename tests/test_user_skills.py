"""The user's merged skills, the skill mapper and the default target market.

Also home of the tiny hand-built workspaces the other skill-analysis tests use.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis import store
from analysis.market_filter import MarketFilter
from analysis.user_skills import (
    USER_SKILL_COLUMNS,
    SkillMapper,
    target_market_filter,
    user_skills,
    workspace_taxonomy,
)

TODAY = date(2026, 11, 1)

TINY_SKILLS = [
    ("sql", "SQL", "Data & analytics"),
    ("tableau", "Tableau", "Data & analytics"),
    ("excel", "Excel", "Data & analytics"),
    ("snowflake", "Snowflake", "Data & analytics"),
    ("dbt", "dbt", "Data & analytics"),
    ("java", "Java", "Software development"),
    ("python", "Python", "Software development"),
    ("cobol", "COBOL", "Software development"),
    ("leadership", "Leadership", "Soft skills"),
]
TINY_ALIASES = [("MS Excel", "excel"), ("Microsoft Excel", "excel")]
NAMES = {skill_id: name for skill_id, name, _ in TINY_SKILLS}


def tiny_workspace() -> store.Connection:
    """An in-memory workspace whose active taxonomy is TINY_SKILLS."""
    con = store.connect(":memory:")
    con.executemany("INSERT INTO skills (skill_id, name, category) VALUES (?, ?, ?)", TINY_SKILLS)
    con.executemany("INSERT INTO skill_aliases VALUES (?, ?)", TINY_ALIASES)
    return con


def add_postings(con, groups, title: str = "Data Analyst") -> None:
    """groups: (date_posted, skill ids, count); each posting's description lists its skills."""
    postings, skills = [], []
    start = con.execute("SELECT count(*) FROM postings").fetchone()[0]
    for day, skill_ids, count in groups:
        for _ in range(count):
            posting_id = f"p{start + len(postings):05d}"
            text = "Skills: " + ", ".join(NAMES[s] for s in skill_ids) + "."
            postings.append((posting_id, title, day, text))
            skills += [(posting_id, s, 1) for s in skill_ids]
    con.register("_rows", pd.DataFrame(postings, columns=["posting_id", "title", "date_posted",
                                                          "description"]))  # fmt: skip
    con.register("_links", pd.DataFrame(skills, columns=["posting_id", "skill_id", "mentions"]))
    con.execute(
        "INSERT INTO postings (posting_id, title, date_posted, description, import_id) "
        "SELECT posting_id, title, date_posted, description, 1 FROM _rows"
    )
    con.execute("INSERT INTO posting_skills SELECT posting_id, skill_id, mentions FROM _links")
    con.unregister("_rows")
    con.unregister("_links")


def add_profile_skill(con, skill, proficiency=None, last_used=None, source="profile-file",
                      years=None, wants_to_grow=None) -> None:  # fmt: skip
    con.execute(
        "INSERT INTO profile_skills VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
        [
            skill,
            proficiency,
            last_used,
            "profile" if last_used else None,
            years,
            wants_to_grow,
            source,
        ],
    )


def add_position(con, company, title, description, started_on, finished_on=None) -> None:
    con.execute(
        "INSERT INTO positions (position_id, company, title, description, started_on, finished_on) "
        "VALUES (nextval('position_id_seq'), ?, ?, ?, ?, ?)",
        [company, title, description, started_on, finished_on],
    )


def add_role(con, role: str) -> None:
    con.execute(
        "INSERT INTO targets (target_id, kind, value) VALUES (nextval('target_id_seq'), 'role', ?)",
        [role],
    )


# --------------------------------------------------------------------------- tests


@pytest.fixture
def con():
    con = tiny_workspace()
    yield con
    con.close()


def test_skills_are_merged_from_profile_linkedin_positions_and_endorsements(con):
    add_profile_skill(con, "MS Excel", 4, date(2024, 5, 1), years=10.0, wants_to_grow=False)
    add_profile_skill(con, "SQL", source="linkedin-skills")
    add_profile_skill(con, "Tableau", source="linkedin-skills")
    add_profile_skill(con, "Leadership", source="linkedin-skills")
    add_profile_skill(con, "Underwater basket weaving", 2, wants_to_grow=True)
    add_position(con, "Acme", "Senior BI Manager", "Reporting in SQL and Python.", date(2019, 1, 1))
    add_position(con, "Globex", "Analyst", "Batch jobs in COBOL, dashboards in Tableau.",
                 date(2010, 1, 1), date(2015, 6, 30))  # fmt: skip
    con.executemany(
        "INSERT INTO endorsements VALUES (?, ?, ?, 1)",
        [("SQL", "Ann", date(2023, 5, 1)), ("Tableau", "Bob", date(2019, 3, 1)),
         ("Tableau", "Cy", date(2017, 1, 1)), ("MS Excel", "Dee", date(2025, 1, 1))],
    )  # fmt: skip

    result = user_skills(con, TODAY)

    current = "position: Senior BI Manager at Acme (current)"
    expected = pd.DataFrame(
        [
            ("cobol", "COBOL", "Software development", None, date(2015, 6, 30),
             "position: Analyst at Globex", None, None),
            ("excel", "Excel", "Data & analytics", 4, date(2024, 5, 1), "your profile", 10.0, False),
            ("leadership", "Leadership", "Soft skills", None, None, "LinkedIn skills (no date)",
             None, None),
            ("python", "Python", "Software development", None, TODAY, current, None, None),
            ("sql", "SQL", "Data & analytics", None, TODAY, current, None, None),
            ("tableau", "Tableau", "Data & analytics", None, date(2019, 3, 1),
             "endorsement 1 Mar 2019", None, None),
            (None, "Underwater basket weaving", None, 2, None, "your profile (no date)", None, True),
        ],
        columns=USER_SKILL_COLUMNS,
    ).astype({"skill_id": "str", "category": "str", "proficiency": "Int64", "last_used": "object",
              "years": "float64", "wants_to_grow": "boolean"})  # fmt: skip
    pd.testing.assert_frame_equal(result, expected)


def test_two_wordings_of_one_skill_become_one_row(con):
    add_profile_skill(con, "Excel", 3, date(2020, 1, 1), source="linkedin-skills")
    add_profile_skill(con, "Microsoft Excel", 5, date(2023, 1, 1), years=12.0)

    result = user_skills(con, TODAY)

    assert result[["skill_id", "proficiency", "last_used", "years"]].values.tolist() == [
        ["excel", 5, date(2023, 1, 1), 12.0]
    ]


def test_no_profile_gives_an_empty_frame(con):
    result = user_skills(con, TODAY)
    assert list(result.columns) == USER_SKILL_COLUMNS
    assert result.empty


def test_mapper_uses_names_aliases_then_the_extractor(con):
    mapper = SkillMapper(workspace_taxonomy(con))
    assert [
        mapper(w)
        for w in ("MS Excel", "sql", "Advanced SQL queries", "SQL and Java", "Knitting", "", None)
    ] == [  # fmt: skip
        "excel",
        "sql",
        "sql",
        None,
        None,
        None,
        None,
    ]


def test_workspace_without_a_taxonomy_uses_the_builtin_one():
    con = store.connect(":memory:")
    try:
        assert "sql" in workspace_taxonomy(con)
        assert len(workspace_taxonomy(con)) > 1000
    finally:
        con.close()


def test_target_market_is_the_target_roles_or_everything(con):
    assert target_market_filter(con) == MarketFilter()
    add_role(con, "BI Manager")
    assert target_market_filter(con) == MarketFilter()  # no posting has that title yet
    add_postings(con, [(date(2026, 1, 5), ["sql"], 1)], title="Senior BI Manager")
    add_role(con, "Data Engineer")
    assert target_market_filter(con) == MarketFilter(roles=("BI Manager", "Data Engineer"))


def test_market_stats_are_reused_until_the_data_change(tmp_path):
    from analysis.user_skills import market_skill_stats

    con = store.connect(tmp_path / "w.duckdb")
    con.executemany("INSERT INTO skills (skill_id, name, category) VALUES (?, ?, ?)", TINY_SKILLS)
    add_postings(con, [(date(2026, 5, 1), ["sql", "python"], 3), (date(2026, 6, 1), ["sql"], 1)])
    first = market_skill_stats(con, MarketFilter(), TODAY)
    assert dict(zip(first["skill_id"], first["postings"], strict=True)) == {"sql": 4, "python": 3}
    first.loc[0, "postings"] = -1  # a caller changing its copy changes nothing kept
    again = market_skill_stats(con, MarketFilter(), TODAY)
    assert dict(zip(again["skill_id"], again["postings"], strict=True)) == {"sql": 4, "python": 3}
    add_postings(con, [(date(2026, 7, 1), ["python"], 2)])
    changed = market_skill_stats(con, MarketFilter(), TODAY)
    assert dict(zip(changed["skill_id"], changed["postings"], strict=True)) == {
        "python": 5, "sql": 4,
    }  # fmt: skip
    con.close()


def test_undated_postings_count_as_current_demand_beside_the_latest_year():
    from analysis.atrophy import atrophy_risk
    from analysis.user_skills import market_skill_stats

    con = tiny_workspace()
    add_postings(con, [(None, ["excel"], 10), (date(2026, 10, 1), ["sql"], 2),
                       (date(2024, 1, 1), ["cobol"], 3)])  # fmt: skip
    stats = market_skill_stats(con, MarketFilter(), TODAY).set_index("skill_id")
    assert stats["share"].to_dict() == {"excel": 10 / 15, "cobol": 3 / 15, "sql": 2 / 15}
    # the latest year (to 1 Oct 2026) and the undated postings: 12, of which 10 name Excel
    assert stats["recent_share"].to_dict() == {"excel": 10 / 12, "cobol": 0.0, "sql": 2 / 12}
    add_profile_skill(con, "Excel", last_used=date(2026, 9, 1))
    assert atrophy_risk(con, MarketFilter(), today=TODAY).set_index("skill").at[
        "Excel", "share"
    ] == (10 / 12)
    # a filter with dates leaves undated postings out altogether
    dated = MarketFilter(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))
    assert market_skill_stats(con, dated, TODAY).set_index("skill_id")[
        "recent_share"
    ].to_dict() == {"sql": 1.0}


def test_current_demand_is_zero_when_the_latest_year_names_no_skill():
    from analysis.user_skills import market_skill_stats

    con = tiny_workspace()
    add_postings(con, [(date(2024, 1, 1), ["sql"], 2), (date(2026, 10, 1), [], 1)])
    stats = market_skill_stats(con, MarketFilter(), TODAY).set_index("skill_id")
    assert stats["recent_share"].to_dict() == {"sql": 0.0}
