"""`analyze`: the headline numbers as JSON-ready data, its text summary and the command."""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
from datetime import date, datetime

import pytest

from analysis import network, store
from analysis.analyze import KEYS, analyze, jsonable, register, summary_text
from analysis.atrophy import atrophy_risk
from analysis.market_filter import MarketFilter
from analysis.store import set_meta
from tests.test_gaps import gap_market
from tests.test_user_skills import TODAY, add_profile_skill, add_role, tiny_workspace


def fill_workspace(con) -> None:
    gap_market(con)
    add_role(con, "Data Analyst")
    add_profile_skill(con, "SQL", 5, TODAY)
    add_profile_skill(con, "Tableau", 4, TODAY)
    add_profile_skill(con, "COBOL", 3, date(2004, 8, 31))
    con.executemany("INSERT INTO finances VALUES (?, ?, now())",
                    [("liquid_savings", 30000.0), ("monthly_essential_expenses", 3000.0)])  # fmt: skip
    con.execute(
        "INSERT INTO income_streams VALUES (nextval('income_stream_id_seq'), 'Pension', 'pension', "
        "4000.0, TRUE)"
    )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analysis")
    p.add_argument("--db")
    register(p.add_subparsers(dest="command", required=True))
    return p


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    return args.handler(args)


def test_analyze_gathers_the_seven_headlines_as_json_ready_data():
    con = tiny_workspace()
    fill_workspace(con)

    result = analyze(con, today=TODAY)

    assert tuple(result) == KEYS
    assert json.loads(json.dumps(result)) == result
    fit = result["market_fit"]
    assert (fit["market"], fit["postings"], fit["now"], fit["year_ago"], fit["change"]) == (
        "titles with Data Analyst", 600, 55.6, 55.8, -0.2)  # fmt: skip
    assert result["atrophy"]["weights"] == {
        "disuse": 0.45,
        "market_decline": 0.3,
        "low_demand": 0.25,
    }
    cobol = result["atrophy"]["skills"][0]
    assert (cobol["skill"], cobol["last_used"], cobol["label"]) == (
        "COBOL",
        "2004-08-31",
        "at risk",
    )
    assert cobol["trend_pts_per_year"] is None  # absent from the market: NaN -> null
    assert [g["skill"] for g in result["gaps"]] == ["Snowflake", "Java", "dbt", "Python"]
    assert result["ten_people"]["count"] == 0 and result["ten_people"]["people"] == []
    assert result["overdue"] == {
        "count": 0,
        "contacts": [],
        "never_in_touch": 0,
        "never_in_touch_with_tier": 0,
    }
    assert result["outreach"] == []
    assert result["runway"]["months"] == "unlimited"  # the pension covers expenses
    con.close()


def test_an_empty_workspace_still_answers():
    con = store.connect(":memory:")
    result = analyze(con, today=TODAY)
    assert tuple(result) == KEYS
    assert result["market_fit"]["now"] is None and result["market_fit"]["top_skills"] == []
    assert result["atrophy"]["skills"] == [] and result["gaps"] == []
    assert result["runway"]["months"] is None
    text = summary_text(result)
    assert "no skills yet: import your profile" in text
    assert "Runway: enter your monthly expenses to see your runway" in text
    con.close()


def test_the_overdue_summary_says_who_is_counted_and_who_is_not():
    """Never in touch with a tier (set here) is overdue and listed; never in touch with no tier
    given is not counted: the sentence says which is which, and so does each line."""
    con = store.connect(":memory:")
    con.executemany(
        "INSERT INTO contacts (contact_id, full_name, company, source, tier, connected_on) "
        "VALUES (?, ?, ?, 'manual', ?, ?)",
        [(1, "Ina Inner", "Globex", "inner", None),
         (2, "Ian Important", None, "important", None),  # no date to count from
         (3, "Bea Broad", "Initech", "broad", date(2024, 1, 1)),
         (4, "Never Ned", None, None, date(2020, 1, 1)),
         (5, "Nora None", None, None, None)],
    )  # fmt: skip
    con.execute(
        "INSERT INTO interactions (interaction_id, contact_id, occurred_at, channel, "
        "direction, source) VALUES (1, 1, ?, 'email', 'outbound', 'manual')",
        [datetime(2026, 9, 2, 10, 0)],
    )  # 60 days ago, 15 past the inner circle's 45
    result = analyze(con, today=TODAY)
    con.close()
    assert result["overdue"]["count"] == 3
    assert result["overdue"]["never_in_touch"] == 2
    assert result["overdue"]["never_in_touch_with_tier"] == 2
    lines = summary_text(result).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Overdue contacts"))
    assert lines[start : start + 5] == [
        "Overdue contacts: 3, 2 of them never in touch but with a tier (2 other connections "
        "never in touch, with no tier given, are not counted)",
        "  Ina Inner, Globex (inner): 15 days overdue",
        "  Ian Important (important): never in touch, no date to count from",
        "  Bea Broad, Initech (broad): never in touch, 495 days overdue counting from the day you "
        "connected",
        "",
    ]


def test_jsonable_converts_dates_nan_and_infinity():
    assert jsonable(
        {
            "d": date(2024, 1, 2),
            "t": datetime(2024, 1, 2, 3, 4),
            "n": math.nan,
            "i": math.inf,
            "x": [1.5, None],
        }
    ) == {  # fmt: skip
        "d": "2024-01-02",
        "t": "2024-01-02T03:04:00",
        "n": None,
        "i": "unlimited",
        "x": [1.5, None],
    }


def test_the_command_prints_json_or_a_summary(workspace_path, capsys, monkeypatch):
    monkeypatch.setenv("WAYPOINT_TODAY", TODAY.isoformat())
    con = store.connect(workspace_path)
    con.executemany("INSERT INTO skills (skill_id, name, category) VALUES (?, ?, ?)",
                    [("sql", "SQL", "Data & analytics"), ("tableau", "Tableau", "Data & analytics"),
                     ("snowflake", "Snowflake", "Data & analytics"), ("dbt", "dbt", "Data & analytics"),
                     ("java", "Java", "Software development"), ("python", "Python", "Software development"),
                     ("cobol", "COBOL", "Software development")])  # fmt: skip
    fill_workspace(con)
    con.close()

    assert run(["--db", str(workspace_path), "analyze", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert tuple(result) == KEYS and result["market_fit"]["now"] == 55.6

    assert run(["--db", str(workspace_path), "analyze", "--top", "2"]) == 0
    text = capsys.readouterr().out
    assert "Market fit: 56% of the top skills' demand now, 56% a year ago, -0.2 pts" in text
    assert (
        "   1. Snowflake: in 30% of target postings, rising 5 pts/yr, co-occurs with your Tableau and SQL"
        in text
    )
    assert "   3. dbt" not in text
    assert (
        "Runway: unlimited: income that continues without the job covers your essential expenses"
        in text
    )
    assert "Skills counted" not in text and result["market_fit"]["skill_scope"] == "named"
    con = store.connect(workspace_path)
    set_meta(con, "skill_scope", "asked")  # what `skills scope asked` keeps
    con.close()
    assert run(["--db", str(workspace_path), "analyze"]) == 0
    assert "Skills counted: only what a posting asks of the candidate\n" in capsys.readouterr().out


def test_the_command_refuses_a_missing_workspace(tmp_path):
    from analysis.errors import WaypointError

    with pytest.raises(WaypointError, match="No workspace"):
        run(["--db", str(tmp_path / "none.duckdb"), "analyze"])


# --------------------------------------------------------------------------- the demo workspace

ENGINE_MISSING = importlib.util.find_spec("analysis.skills.sync") is None


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    if importlib.util.find_spec("analysis.demo") is None or ENGINE_MISSING:
        pytest.skip(
            "analysis.demo or the skills engine (analysis.skills.sync) is not installed yet"
        )
    from analysis.demo import DEMO_TODAY, generate_demo
    from analysis.skills.sync import extract_pending

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    con = store.connect(path)
    generate_demo(con, size="small", today=DEMO_TODAY)
    extract_pending(con)
    yield con, path, DEMO_TODAY
    con.close()


def test_demo_dated_skills_are_at_risk(demo):
    con, _, today = demo
    # The small demo has only 34 postings in the persona's target roles, too few to call a
    # trend, so the whole workspace (600 postings) is the market here.
    risk = atrophy_risk(con, MarketFilter(), today=today).set_index("skill")
    dated = ["SAS", "COBOL", "Visual Basic", "Apache Hadoop", "jQuery"]
    assert risk.loc[dated, "label"].tolist() == ["at risk"] * 5
    assert risk.loc[["SQL", "Tableau", "Excel"], "label"].tolist() == ["healthy"] * 3


def test_demo_analyze_and_json(demo, capsys):
    con, path, today = demo
    result = analyze(con, today=today)
    assert tuple(result) == KEYS
    assert result["market_fit"]["now"] is not None
    assert result["gaps"] and result["outreach"]
    assert all(person["reason"] for person in result["outreach"])
    assert json.loads(json.dumps(result)) == result
    overdue = result["overdue"]
    assert overdue["never_in_touch"] == network.status_counts(con, today=today)["never in touch"]
    assert overdue["never_in_touch"] > 0
    assert overdue["never_in_touch_with_tier"] > 0  # the demo's people with a tier, not met yet
    assert (f"Overdue contacts: {overdue['count']}, {overdue['never_in_touch_with_tier']} of them "
            f"never in touch but with a tier ({overdue['never_in_touch']} other connections "
            "never in touch, with no tier given, are not counted)") in summary_text(result)  # fmt: skip
