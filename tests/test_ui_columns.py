"""The tables' column formats: every share shown as a percentage is scaled from 0-1 first."""

from __future__ import annotations

import pandas as pd

import ui.columns as columns


def _number_columns():
    """(TABLE.column, its config) for every number column of every table in ui.columns."""
    for name, config in vars(columns).items():
        if name.isupper() and isinstance(config, dict):
            for column, spec in config.items():
                if isinstance(spec, dict) and spec.get("type_config", {}).get("type") == "number":
                    yield f"{name}.{column}", spec


def test_every_percent_or_points_column_is_scaled():
    shown = {where: spec for where, spec in _number_columns()}
    percent = {w: s for w, s in shown.items() if "%%" in (s["type_config"]["format"] or "")
               or (s["type_config"]["format"] or "").endswith(" pts")}  # fmt: skip
    assert {"TERMS.recent_share", "TERMS.growth", "TRENDS.mean_share"} <= set(percent)
    assert [w for w, spec in percent.items() if not columns._is_percent(spec)] == []


def test_table_scales_fine_shares(monkeypatch):
    drawn = {}
    monkeypatch.setattr(columns.st, "dataframe", lambda frame, **kw: drawn.setdefault("f", frame))
    frame = pd.DataFrame({"term": ["edge inference"], "recent_share": [0.0042],
                          "earlier_share": [0.0], "growth": [0.0042], "postings": [9]})  # fmt: skip
    columns.table(frame, columns.TERMS)
    assert drawn["f"][["recent_share", "growth"]].values.tolist() == [[0.4, 0.42]]


def test_numbers_are_rounded_as_shown_so_no_minus_zero(monkeypatch):
    drawn = {}
    monkeypatch.setattr(columns.st, "dataframe", lambda frame, **kw: drawn.setdefault("f", frame))
    frame = pd.DataFrame({"name": ["Redis", "Go"], "category": ["Data", "Software"],
                          "slope": [-0.04, 0.26], "ci_low": [-0.613, 0.1],
                          "ci_high": [-0.04, 0.449], "mean_share": [0.0999, 0.02],
                          "postings": [40, 9]})  # fmt: skip
    columns.table(frame, columns.TRENDS)
    shown = drawn["f"]
    assert shown["slope"].tolist() == [0.0, 0.3]
    assert str(shown["slope"].iloc[0]) == "0.0"  # not "-0.0"
    # A declining skill's interval ends below zero: two decimals keep it there.
    assert shown["ci_high"].tolist() == [-0.04, 0.45]
    assert shown["ci_low"].tolist() == [-0.61, 0.1]
    assert shown["mean_share"].tolist() == [10.0, 2.0]  # a percentage, then rounded
    assert shown["postings"].tolist() == [40, 9]


def test_overdue_caption_explains_people_with_a_tier_but_no_contact():
    from ui.feedback import overdue_caption

    assert overdue_caption(3, 0, 2) == (
        "Past the longest interval for their tier. 2 people with a tier but no contact yet: "
        "counted from the day you connected (no days shown where that date is unknown)."
    )
    assert overdue_caption(0, 0) == "Nobody is overdue for their cadence."


def test_import_history_fits_the_page_at_1280_px():
    """Six columns, the counts before the file name; every one but the file in a fixed width
    that leaves the file name ~360 px of the page's ~820 at 1,280 px (nine columns ran off it)."""
    shown = {k: v for k, v in columns.IMPORT_HISTORY.items() if v is not None}
    assert [v["label"] for v in shown.values()] == [
        "When", "Kind", "Added", "Duplicates", "Rejected", "File",
    ]  # fmt: skip
    widths = [v.get("width") for v in shown.values()]
    assert widths == [130, 115, 60, 85, 65, None]
    assert sum(widths[:-1]) == 455
    assert shown["started_at"]["type_config"]["format"] == "D MMM YYYY, HH:mm"


def test_import_history_frame_newest_first_with_words_for_kinds():
    base = {"file_name": "demo generator", "kind": "demo", "rows_read": 46, "rows_added": 46,
            "rows_duplicate": 0, "rows_rejected": 0}  # fmt: skip
    frame = columns.import_history([
        {**base, "import_id": 1, "file_format": "demo-plan", "started_at": "2026-11-23 00:00:00"},
        {**base, "import_id": 2, "kind": "contacts", "file_format": "linkedin-connections",
         "file_name": "Connections.csv", "started_at": "2026-11-23 14:05:09.123"},
    ])  # fmt: skip
    assert frame["import_id"].tolist() == [2, 1]
    # The demo's five imports differ only by their format; a real one's kind says enough.
    assert frame["kind"].tolist() == ["Contacts", "Demo plan"]
    assert frame["started_at"].dt.strftime("%d %b %Y %H:%M").tolist() == [
        "23 Nov 2026 14:05", "23 Nov 2026 00:00",
    ]  # fmt: skip


def test_plan_markdown_writes_each_step_whole_with_user_text_escaped():
    from ui.feedback import plan_markdown

    plan = pd.DataFrame({
        "step": [1, 2], "kind": ["learn", "refresh"], "skill_id": ["snowflake", "sas"],
        "skill": ["Snowflake", "SAS"],
        "reason": ["in 45% of target postings, co-occurs with your SQL",
                   "last used 2016, still in 7% of target postings; risk 88 (at risk)"],
        "builds_on": ["SQL", "position: Analyst at [Acme](http://x)"],
    })  # fmt: skip
    assert plan_markdown(plan) == (
        "1. **Learn Snowflake**: in 45% of target postings, co\\-occurs with your SQL\n"
        "2. **Refresh SAS**: last used 2016, still in 7% of target postings; risk 88 "
        "\\(at risk\\) (from position: Analyst at \\[Acme\\]\\(http://x\\))"
    )


def test_scores_are_rounded_half_up_as_in_the_report_and_the_reasons(monkeypatch):
    """Strength 98.5 reads 99 and risk 40.5 reads 41, as report_blocks.score and the reasons
    write them (pandas' .round(0) would show 98 and 40)."""
    drawn = []
    monkeypatch.setattr(columns.st, "dataframe", lambda frame, **kw: drawn.append(frame))
    people = pd.DataFrame({"contact": ["Ashley Smith", "Liam Thomas", "Nobody"],
                           "company": ["Skyline Mobility", "Great Lakes Mutual", None],
                           "position": [None, None, None], "strength": [98.5, 43.5, 43.4],
                           "reason": ["", "", ""]})  # fmt: skip
    columns.table(people, columns.PEOPLE)
    skills = pd.DataFrame({"skill": ["Dashboards", "SAS", "Go"], "category": [None] * 3,
                           "label": ["watch", "at risk", "unknown"],
                           "risk": [40.5, 87.8, float("nan")], "last_used": [None] * 3,
                           "last_used_source": [""] * 3, "disuse": [0.5] * 3,
                           "market_decline": [0.0] * 3, "low_demand": [0.5] * 3,
                           "share": [0.31, 0.07, 0.0]})  # fmt: skip
    columns.table(skills, columns.ATROPHY)
    assert drawn[0]["strength"].tolist() == [99.0, 44.0, 43.0]
    assert drawn[1]["risk"].tolist()[:2] == [41.0, 88.0] and pd.isna(drawn[1]["risk"].iloc[2])
