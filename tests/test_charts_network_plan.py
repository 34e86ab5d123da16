"""Figure builders for network and plan: one style, the right traces, explicit empty states."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from analysis import charts_network, charts_plan, charts_style
from analysis.plan import RunwayInputs, runway


def annotations(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_apply_style_sets_template_title_and_axes():
    fig = charts_style.apply_style(go.Figure(), "A title", "x axis", "y axis")
    assert charts_style.TEMPLATE == "plotly_white"
    assert fig.layout.template == pio.templates["plotly_white"]
    assert fig.layout.title.text == "A title"
    assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == ("x axis", "y axis")
    assert list(fig.layout.colorway) == charts_style.COLORS
    assert len(charts_style.COLORS) == 8
    assert set(charts_style.RISK_COLORS) == {"healthy", "watch", "at risk"}


def test_ten_people_gauge():
    fig = charts_network.ten_people_gauge(6, 10)
    indicator = fig.data[0]
    assert (indicator.value, indicator.gauge.threshold.value) == (6, 10)
    assert indicator.number.suffix == " of 10"
    assert charts_network.ten_people_gauge(98).data[0].number.suffix == " (goal 10)"
    assert indicator.gauge.bar.color == charts_style.RISK_COLORS["watch"]
    assert (
        charts_network.ten_people_gauge(12).data[0].gauge.bar.color
        == (charts_style.RISK_COLORS["healthy"])
    )
    assert (
        charts_network.ten_people_gauge(2).data[0].gauge.bar.color
        == (charts_style.RISK_COLORS["at risk"])
    )


def test_connections_per_year_bar_and_empty_state():
    frame = pd.DataFrame({"year": [2019, 2020], "connections": [3, 0], "cumulative": [3, 3]})
    fig = charts_network.connections_per_year_bar(frame)
    assert list(fig.data[0].x) == [2019, 2020] and list(fig.data[0].y) == [3, 0]
    empty = charts_network.connections_per_year_bar(frame.iloc[:0])
    assert empty.data == () and "No connection dates yet" in annotations(empty)[0]


def test_channel_mix_bars_stack_one_trace_per_channel():
    by_year = pd.DataFrame({"year": [2025, 2025, 2026], "channel": ["linkedin", "call", "email"],
                            "interactions": [3, 1, 1], "share": [0.75, 0.25, 1.0]})  # fmt: skip
    fig = charts_network.channel_mix_bars(by_year)
    assert [t.name for t in fig.data] == ["LinkedIn", "Call", "Email"]
    assert fig.layout.barmode == "stack"
    shares = charts_network.channel_mix_bars(by_year, share=True)
    assert list(shares.data[0].y) == [0.75]
    assert charts_network.channel_mix_bars(by_year.iloc[:0]).data == ()


def test_target_coverage_bars():
    coverage = pd.DataFrame({"company": ["Contoso", "Fabrikam"], "contacts": [6, 1],
                             "hiring_managers": [1, 1], "recruiters": [2, 0]})  # fmt: skip
    fig = charts_network.target_coverage_bars(coverage)
    assert [t.name for t in fig.data] == ["hiring managers", "recruiters", "others"]
    assert list(fig.data[2].x) == [3, 0]


def test_runway_chart_keeps_retirement_apart():
    result = runway(RunwayInputs(liquid_savings=5_000, monthly_essential_expenses=3_000,
                                 retirement_savings=100_000))  # fmt: skip
    fig = charts_plan.runway_chart(result.path, result.scenarios)
    names = [t.name for t in fig.data]
    assert names == ["3-month search", "6-month search", "9-month search", "12-month search",
                     "Retirement savings (kept apart)"]  # fmt: skip
    assert fig.data[-1].yaxis == "y2"  # its own axis, with round ticks of its own
    assert fig.layout.yaxis2.tickmode == "auto" and fig.layout.yaxis2.showgrid is False
    three = fig.data[0]
    assert list(three.y)[:5] == [5000.0, 2000.0, 0.0, 0.0, 0.0]  # flat once the search ends
    assert list(fig.data[-1].y)[-1] == 69_000.0
    assert "3 months: retirement touched" in annotations(fig)
    empty = runway(RunwayInputs())
    assert (
        "Enter your monthly expenses"
        in annotations(charts_plan.runway_chart(empty.path, empty.scenarios))[0]
    )


def test_goals_progress_bars():
    progress = pd.DataFrame({
        "category": ["skills", "network", "job search", "finances"], "goals": [2, 1, 0, 1],
        "goals_done": [1, 0, 0, 0], "milestones_done": [2, 0, 0, 1],
        "milestones_total": [3, 0, 0, 2], "share": [0.75, 0.0, float("nan"), 0.5],
        "overdue": [1, 0, 0, 0],
    })  # fmt: skip
    fig = charts_plan.goals_progress_bars(progress)
    bar = fig.data[0]
    assert list(bar.y) == ["Skills", "Network", "Finances"]
    assert list(bar.text) == ["75% (2 of 3 milestones), 1 overdue", "0% (0 of 1 goals)",
                              "50% (1 of 2 milestones)"]  # fmt: skip
    assert bar.marker.color[0] == charts_style.RISK_COLORS["at risk"]  # an overdue milestone
    empty = charts_plan.goals_progress_bars(progress.assign(goals=0))
    assert "No goals yet" in annotations(empty)[0]


def test_goals_progress_bars_label_empty_bars_and_flag_overdue_goals():
    progress = pd.DataFrame({
        "category": ["skills", "network"], "goals": [1, 2], "goals_done": [0, 0],
        "milestones_done": [0, 0], "milestones_total": [1, 0], "share": [0.0, 0.0],
        "overdue": [0, 0], "goals_overdue": [1, 0],
    })  # fmt: skip
    bar = charts_plan.goals_progress_bars(progress).data[0]
    assert list(bar.text) == ["0% (0 of 1 milestones), 1 overdue", "0% (0 of 2 goals)"]
    assert bar.textposition == "outside" and bar.cliponaxis is False  # shown beside a 0 bar
    assert list(bar.marker.color) == [charts_style.RISK_COLORS["at risk"], charts_style.COLORS[0]]
