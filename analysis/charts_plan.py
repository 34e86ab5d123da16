"""Plotly figures for the career plan: runway scenarios and goals progress.

DataFrame in, figure out; no Streamlit. Inputs are the outputs of analysis.plan.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.charts_network import empty_figure
from analysis.charts_style import COLORS, RISK_COLORS, apply_style, plain_all


def runway_chart(path: pd.DataFrame | None, scenarios: pd.DataFrame) -> go.Figure:
    """Liquid savings month by month for each job-search scenario (RunwayResult.path and
    .scenarios): savings fall while the search lasts and stay flat once it ends. Retirement
    savings are drawn apart, on their own axis, for the longest scenario."""
    title = "Savings during a job search"
    if path is None or path.empty or scenarios.empty:
        return empty_figure(title, "Enter your monthly expenses to see your runway")
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    months = path["month"]

    def held_after(column: str, n: int) -> pd.Series:
        """The column month by month until ``n``, then flat (the search is over)."""
        end = path.loc[months == min(n, int(months.max())), column].iloc[0]
        return path[column].where(months <= n, end)

    for i, row in enumerate(scenarios.itertuples()):
        n = int(row.search_months)
        fig.add_trace(go.Scatter(
            x=months, y=held_after("liquid_savings", n), mode="lines", name=f"{n}-month search",
            line={"color": COLORS[i % len(COLORS)], "width": 2.5},
            hovertemplate=f"{n}-month search, month %{{x}}: %{{y:,.0f}}<extra></extra>",
        ), secondary_y=False)  # fmt: skip
        if row.retirement_touched:
            fig.add_annotation(x=n, y=0, text=f"{n} months: retirement touched", yref="y",
                               arrowcolor=RISK_COLORS["at risk"],
                               font={"color": RISK_COLORS["at risk"]})  # fmt: skip
    longest = int(scenarios["search_months"].max())
    fig.add_trace(go.Scatter(
        x=months, y=held_after("retirement_savings", longest), mode="lines",
        name="Retirement savings (kept apart)", line={"color": COLORS[6], "dash": "dash"},
        hovertemplate="retirement, month %{x}: %{y:,.0f}<extra></extra>",
    ), secondary_y=True)  # fmt: skip
    fig.update_yaxes(title_text="Liquid savings", rangemode="tozero", secondary_y=False)
    # Round ticks of its own ("200k", not the left axis's gridlines carried over as "223k").
    fig.update_yaxes(title_text="Retirement savings", rangemode="tozero", showgrid=False,
                     tickmode="auto", secondary_y=True)  # fmt: skip
    return apply_style(fig, title, "Months of job search")


def goals_progress_bars(progress: pd.DataFrame) -> go.Figure:
    """Horizontal bars of the done share per goal category (goals_progress), labelled with the
    milestones done (goals done for a category without milestones); a category with overdue
    milestones or goals is red and says how many."""
    title = "Plan progress by category"
    shown = progress[progress["goals"] > 0]
    if shown.empty:
        return empty_figure(title, "No goals yet: add one on the Plan page")
    share = shown["share"].fillna(0.0)
    late = shown["overdue"] + shown.get("goals_overdue", 0)
    labels = [
        f"{s:.0%} ({d} of {t} milestones)" if t else f"{s:.0%} ({gd} of {g} goals)"
        for s, d, t, gd, g in zip(share, shown["milestones_done"], shown["milestones_total"],
                                  shown["goals_done"], shown["goals"], strict=True)
    ]  # fmt: skip
    labels = [
        label + (f", {n} overdue" if n else "") for label, n in zip(labels, late, strict=True)
    ]
    colors = [RISK_COLORS["at risk"] if n else COLORS[0] for n in late]
    fig = go.Figure(go.Bar(
        y=plain_all(shown["category"].str.capitalize()), x=share, orientation="h", text=labels,
        # Outside, unclipped: inside a 0% bar (nothing done yet) the label had no room at all.
        textposition="outside", cliponaxis=False, textfont={"color": colors},
        marker_color=colors, hovertemplate="%{y}: %{x:.0%}<extra></extra>",
    ))  # fmt: skip
    # Room right of a full bar for its label.
    fig.update_xaxes(range=[0, 1.45], tickvals=[0, 0.25, 0.5, 0.75, 1], tickformat=".0%")
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=max(220, 50 * len(shown) + 120))  # the page's width, bars thin
    return apply_style(fig, title, "Done", None)
