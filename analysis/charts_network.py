"""Plotly figures for network health, shared by the dashboard, notebooks and the report.

DataFrame (or a few numbers) in, figure out; no Streamlit. Inputs are the outputs of
analysis.network; every builder draws an explicit empty state when there is nothing to show.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.charts_style import COLORS, RISK_COLORS, SHARE_TICKS, apply_style, plain, plain_all
from analysis.text_format import goal_suffix

CHANNEL_LABELS = {"linkedin": "LinkedIn", "email": "Email", "call": "Call", "meeting": "Meeting",
                  "event": "Event", "in_person": "In person", "message": "Message",
                  "other": "Other"}  # fmt: skip
ROLE_COLORS = {"hiring managers": COLORS[0], "recruiters": COLORS[1], "others": COLORS[6]}


def empty_figure(title: str, message: str) -> go.Figure:
    """A styled figure with no data and a centred message (the empty state)."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font={"size": 14, "color": "#6B7785"})  # fmt: skip
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply_style(fig, title)


def ten_people_gauge(count: int, target: int = 10, status: str | None = None) -> go.Figure:
    """A gauge of the people who could help now against the target (the 10-people test)."""
    status = status or ("healthy" if count >= target else "watch" if 2 * count >= target
                        else "at risk")  # fmt: skip
    top = max(target * 1.5, count)
    fig = go.Figure(go.Indicator(
        mode="gauge+number",
        value=count,
        number={"suffix": goal_suffix(count, target)},
        gauge={
            "axis": {"range": [0, top]},
            "bar": {"color": RISK_COLORS.get(status, COLORS[0]), "thickness": 0.35},
            "steps": [
                {"range": [0, target / 2], "color": "#F6E0DB"},
                {"range": [target / 2, target], "color": "#FBEBD0"},
                {"range": [target, top], "color": "#DCEEDF"},
            ],
            "threshold": {"line": {"color": "#2F3A45", "width": 2}, "value": target},
        },
    ))  # fmt: skip
    return apply_style(fig, "People who could help you now")


def connections_per_year_bar(frame: pd.DataFrame) -> go.Figure:
    """Bars of new connections per year (connections_by_year)."""
    title = "New connections per year"
    if frame.empty:
        return empty_figure(title, "No connection dates yet: import LinkedIn Connections.csv")
    fig = go.Figure(go.Bar(x=frame["year"], y=frame["connections"], marker_color=COLORS[0],
                           hovertemplate="%{x}: %{y} connections<extra></extra>"))  # fmt: skip
    fig.update_xaxes(dtick=1 if len(frame) <= 25 else 5)
    return apply_style(fig, title, "Year connected", "Connections")


def channel_mix_bars(by_year: pd.DataFrame, share: bool = False) -> go.Figure:
    """Stacked bars of interactions per channel per year (channel_mix_by_year().by_year);
    ``share`` stacks each year's shares to 100% instead of counts."""
    title = "How you keep in touch, by year"
    if by_year.empty:
        return empty_figure(title, "No interactions yet: import messages or log a contact")
    value = "share" if share else "interactions"
    fig = go.Figure()
    channels = by_year.groupby("channel")["interactions"].sum().sort_values(ascending=False)
    for i, channel in enumerate(channels.index):
        rows = by_year[by_year["channel"] == channel]
        fig.add_trace(go.Bar(
            x=rows["year"], y=rows[value], name=plain(CHANNEL_LABELS.get(channel, channel)),
            marker_color=COLORS[i % len(COLORS)],
        ))  # fmt: skip
    fig.update_layout(barmode="stack")
    if share:
        fig.update_yaxes(tickformat=SHARE_TICKS)
    return apply_style(fig, title, "Year", "Share of interactions" if share else "Interactions")


def target_coverage_bars(coverage: pd.DataFrame) -> go.Figure:
    """Stacked horizontal bars per target company: hiring managers, recruiters, others
    (target_coverage)."""
    title = "Who you know at your target companies"
    if coverage.empty:
        return empty_figure(title, "No target companies yet: add some on the Plan page")
    others = coverage["contacts"] - coverage["hiring_managers"] - coverage["recruiters"]
    companies = plain_all(coverage["company"])
    fig = go.Figure()
    for label, values in (
        ("hiring managers", coverage["hiring_managers"]),
        ("recruiters", coverage["recruiters"]),
        ("others", others),
    ):
        fig.add_trace(go.Bar(y=companies, x=values, name=label, orientation="h",
                             marker_color=ROLE_COLORS[label]))  # fmt: skip
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    return apply_style(fig, title, "Contacts", None)
