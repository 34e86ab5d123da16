"""User text in a plotly figure is shown as written: plotly reads a subset of HTML (<b>, <br>,
<a href>, <span style>) in category labels, legend names, hover text and annotations, so a skill,
company or category named with tags must reach the figure escaped, and our own <br> and <b>
must still work."""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import pytest

from analysis import charts_market, charts_network, charts_plan, charts_skills
from analysis.match import MarketFit

HOSTILE = '<b>BOLD</b><a href="https://evil.example/p">LinkSkill</a> & co'


def escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


SHOWN = escaped(HOSTILE)  # what the figure carries: plotly shows it as these characters


def strings(fig) -> list[str]:
    """Every string in the figure's traces and layout (the template aside)."""
    spec = json.loads(fig.to_json())
    spec["layout"].pop("template", None)
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(spec)
    return found


def assert_plain(fig) -> str:
    """No tag of the user's anywhere in the figure; returns all its strings, one a line."""
    every = "\n".join(strings(fig))
    assert "<a" not in every and "<b>BOLD" not in every and "</b><a" not in every
    # the link's address only inside the escaped name
    assert all("&lt;a href=" in before.lower()
               for before in re.findall(r"(.{0,20})evil\.example", every))  # fmt: skip
    return every


def test_plain_escapes_the_characters_plotly_reads_as_html():
    from analysis.charts_style import plain

    assert plain(HOSTILE) == (
        '&lt;b&gt;BOLD&lt;/b&gt;&lt;a href="https://evil.example/p"&gt;LinkSkill&lt;/a&gt; &amp; co'
    )
    assert plain("&lt;") == "&amp;lt;"  # an entity typed by the user is shown as typed
    assert plain("C++ / SQL") == "C++ / SQL"
    assert plain(None) == ""


def test_top_skills_bar_shows_skill_and_category_names_as_written():
    demand = pd.DataFrame({"skill_id": ["x", "sql"], "name": [HOSTILE, "SQL"],
                           "category": [HOSTILE, "Data"], "postings": [5, 3],
                           "share": [0.5, 0.3]})  # fmt: skip
    fig = charts_market.top_skills_bar(demand)
    every = assert_plain(fig)
    assert list(fig.data[0].y) == ["SQL", SHOWN]
    assert fig.data[0].customdata[1][1] == SHOWN  # the category in the hover
    assert "<br>" in fig.data[0].hovertemplate and "<br>" in every


def test_monthly_share_lines_name_the_line_in_the_legend_and_hover_escaped():
    months = pd.to_datetime(["2026-01-01", "2026-02-01"])
    by_month = pd.DataFrame({"month": months, "skill_id": "x", "name": HOSTILE,
                             "postings": [3, 4], "total": [30, 40], "share": [0.1, 0.1],
                             "share_low": [0.05, 0.05], "share_high": [0.2, 0.2]})  # fmt: skip
    fig = charts_market.monthly_share_lines(by_month)
    assert_plain(fig)
    line = fig.data[1]
    assert line.name == SHOWN
    # the name reaches the hover as data, never as part of the template
    assert line.hovertemplate.startswith("%{fullData.name}<br>")
    assert "Link" not in line.hovertemplate


def test_trend_bar_and_salary_premium_show_skill_names_as_written():
    trends = pd.DataFrame({"skill_id": ["x", "sql"], "name": [HOSTILE, "SQL"],
                           "slope": [2.0, -1.0], "ci_low": [1.0, -2.0], "ci_high": [3.0, -0.5],
                           "trend": ["rising", "declining"], "postings": [5, 6],
                           "mean_share": [0.1, 0.2]})  # fmt: skip
    fig = charts_market.trend_bar(trends)
    assert_plain(fig)
    assert list(fig.data[0].y) == ["SQL", SHOWN]
    premium = pd.DataFrame({"skill_id": ["x"], "name": [HOSTILE], "premium": [1000.0],
                            "low": [500.0], "high": [1500.0], "postings": [12],
                            "currency": ["<i>EUR</i>"]})  # fmt: skip
    fig = charts_market.salary_premium_chart(premium)
    every = assert_plain(fig)
    assert list(fig.data[0].y) == [SHOWN]
    assert (
        "<i>" not in every
        and fig.layout.xaxis.title.text == "Annual premium (&lt;i&gt;EUR&lt;/i&gt;)"
    )


def test_cooccurrence_bar_shows_both_skills_as_written():
    cooc = pd.DataFrame({"skill_id": ["x"], "name": [HOSTILE], "both": [4],
                         "p_given_skill": [0.4], "lift": [2.0]})  # fmt: skip
    fig = charts_market.cooccurrence_bar(cooc, HOSTILE)
    assert_plain(fig)
    assert list(fig.data[0].y) == [SHOWN]
    assert fig.layout.title.text == f"Skills asked for together with {SHOWN}"
    assert fig.layout.xaxis.title.text == f"Share of postings with {SHOWN}"
    assert "Link" not in fig.data[0].hovertemplate
    empty = charts_market.cooccurrence_bar(cooc.iloc[:0], HOSTILE)
    assert_plain(empty)
    assert empty.layout.annotations[0].text == f"No posting in this market mentions {SHOWN}"


def test_emerging_terms_and_role_clusters_show_terms_as_written():
    terms = pd.DataFrame({"term": [HOSTILE], "earlier_share": [0.01], "recent_share": [0.03]})
    fig = charts_market.emerging_terms_bar(terms)
    assert_plain(fig)
    assert [list(bar.y) for bar in fig.data] == [[SHOWN], [SHOWN]]
    clusters = pd.DataFrame({"cluster": [0, 1, 2], "name": [HOSTILE, "data", HOSTILE],
                             "postings": [5, 9, 3], "share": [0.3, 0.5, 0.2],
                             "top_skills": [HOSTILE, "SQL, Python", "SQL"]})  # fmt: skip
    fig = charts_market.cluster_sizes_bar(clusters)
    assert_plain(fig)
    # two clusters of one name are told apart, and the capital letter is the name's own
    assert list(fig.data[0].y) == [f"{SHOWN} (2)", SHOWN, "Data"]
    assert fig.data[0].customdata[1][1] == SHOWN
    assert "<br>" in fig.data[0].hovertemplate


def atrophy_frame(name: str) -> pd.DataFrame:
    return pd.DataFrame({
        "skill": [name, "SQL"], "years_since_used": [9.0, 0.0],
        "trend_pts_per_year": [-2.0, 12.0], "share": [0.05, 0.5], "risk": [70.0, 10.0],
        "label": ["at risk", "healthy"], "last_used": [date(2017, 11, 1), date(2026, 11, 1)],
        "disuse": [0.9, 0.0], "market_decline": [0.5, 0.0], "low_demand": [0.9, 0.1],
    })  # fmt: skip


def test_atrophy_bubbles_label_and_hover_the_skill_as_written_in_our_bold():
    name = '<a href="//evil.example">Go</a>'  # short enough for a label beside its bubble
    fig = charts_skills.atrophy_bubble_chart(atrophy_frame(name))
    assert_plain(fig)
    risky = fig.data[0]
    assert list(risky.text) == [escaped(name)]
    assert risky.hovertext[0].startswith(f"<b>{escaped(name)}</b><br>risk 70.0 (at risk)<br>")
    # the label is placed as long as it is shown, not as long as its escaped form
    same_length = charts_skills.atrophy_bubble_chart(atrophy_frame("x" * len(name)))
    assert list(same_length.data[0].textposition) == list(risky.textposition)


def test_gaps_and_top_skills_charts_show_skill_names_as_written():
    gaps = pd.DataFrame({"skill": [HOSTILE, "Go"], "share": [0.4, 0.2],
                         "trend_pts_per_year": [3.0, 0.0], "trend": ["rising", "stable"],
                         "rank": [1, 2], "priority": [0.5, 0.2],
                         "reason": [f"co-occurs with {HOSTILE}", "in 20% of postings"]})  # fmt: skip
    fig = charts_skills.gaps_bar_chart(gaps)
    assert_plain(fig)
    bar = fig.data[0]
    assert list(bar.y) == ["Go", SHOWN]
    assert bar.customdata[1][2] == f"co-occurs with {SHOWN}"
    assert bar.hovertemplate.startswith("<b>%{y}</b>")  # our bold stays
    top = pd.DataFrame({"skill_id": ["x", "go"], "skill": [HOSTILE, "Go"],
                        "category": [HOSTILE, "Languages"], "share_now": [0.5, 0.3],
                        "share_year_ago": [0.4, 0.3], "has": [True, False]})  # fmt: skip
    fig = charts_skills.top_skills_chart(MarketFit(50.0, 40.0, 10.0, top))
    assert_plain(fig)
    have, lack, year_ago = fig.data
    assert list(have.y) == [SHOWN] and list(lack.y) == ["Go"]
    assert list(year_ago.y) == ["Go", SHOWN]  # the same category as its bar


def test_network_charts_show_companies_and_channels_as_written():
    coverage = pd.DataFrame({"company": [HOSTILE, "Contoso"], "contacts": [3, 1],
                             "hiring_managers": [1, 0], "recruiters": [1, 0]})  # fmt: skip
    fig = charts_network.target_coverage_bars(coverage)
    assert_plain(fig)
    assert all(list(bar.y) == [SHOWN, "Contoso"] for bar in fig.data)
    by_year = pd.DataFrame({"year": [2025, 2026], "channel": [HOSTILE, "email"],
                            "interactions": [2, 3], "share": [1.0, 1.0]})  # fmt: skip
    fig = charts_network.channel_mix_bars(by_year)
    assert_plain(fig)
    assert sorted(bar.name for bar in fig.data) == sorted([SHOWN, "Email"])


def test_goals_progress_bars_show_categories_as_written():
    progress = pd.DataFrame({"category": [HOSTILE, "learning"], "goals": [1, 1],
                             "goals_done": [0, 1], "goals_overdue": [0, 0], "share": [0.0, 1.0],
                             "milestones_total": [0, 0], "milestones_done": [0, 0],
                             "overdue": [0, 0]})  # fmt: skip
    fig = charts_plan.goals_progress_bars(progress)
    assert_plain(fig)
    assert list(fig.data[0].y) == [escaped(HOSTILE.capitalize()), "Learning"]


@pytest.mark.parametrize("name", ["SQL", "R&D tools", "C++"])
def test_ordinary_names_keep_their_look(name):
    demand = pd.DataFrame({"skill_id": ["x"], "name": [name], "category": ["Data"],
                           "postings": [5], "share": [0.5]})  # fmt: skip
    assert list(charts_market.top_skills_bar(demand).data[0].y) == [name.replace("&", "&amp;")]
