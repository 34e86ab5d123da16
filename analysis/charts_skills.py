"""Plotly figures for the personal skill analyses: DataFrame (or MarketFit) in, figure out.

Shared by the "My skills" page, the report and the notebooks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.charts_labels import PlotArea, place_labels
from analysis.charts_style import (
    COLORS,
    RISK_COLORS,
    apply_style,
    plain,
    plain_all,
    room_for_outside_text,
)
from analysis.gaps import format_pts, format_share
from analysis.match import MarketFit
from analysis.text_format import day, signed

LABEL_ORDER = ("at risk", "watch", "healthy", "unknown")
# The bubble chart's height, and the plot area its labels are placed on: the one measured in
# Chromium in an 800 px window with the sidebar open (363 x 325 px). Wider windows only add
# room; placed for the 835 px of a 1,400 px window, labels ran into each other and past the
# plot's edge ("ver BI") at 800.
PLOT_HEIGHT = 480
LABEL_AREA = (360.0, 320.0)


def _empty(title: str, message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font={"size": 14, "color": "#6B7785"})  # fmt: skip
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply_style(fig, title)


def _part(value: float) -> str:
    return "n/a" if pd.isna(value) else f"{value:.2f}"


def atrophy_bubble_chart(atrophy: pd.DataFrame, title: str = "Skill atrophy risk") -> go.Figure:
    """Bubbles from an atrophy_risk frame: x years since last used, y demand trend (pts/yr; 0
    when unknown), size demand share, colour the risk label; hover shows each part."""
    frame = atrophy[atrophy["years_since_used"].notna()].copy() if len(atrophy) else atrophy
    if atrophy.empty:
        return _empty(title, "No skills with a last-used date yet: import your profile")
    if frame.empty:  # LinkedIn's Skills.csv, for one, gives no dates
        return _empty(title, "None of your skills has a last-used date yet: set 'Last used' "
                             "for them in your profile")  # fmt: skip
    frame["y"] = frame["trend_pts_per_year"].fillna(0.0)
    share = frame["share"].fillna(0.0)
    frame["size"] = 10 + 50 * np.sqrt(share.clip(lower=0.0))
    area = PlotArea(_padded(frame["years_since_used"]), _padded(frame["y"]), *LABEL_AREA)
    # The riskiest skills get their names first; the rest keep theirs where there is room.
    frame["priority"] = frame["risk"].fillna(0.0)
    columns = ["years_since_used", "y", "skill", "size", "priority"]
    labels = place_labels(*(frame[c].tolist() for c in columns), area)  # as long as shown
    frame["label_text"] = [plain(label.text) if label else "" for label in labels]
    frame["label_position"] = [label.position if label else "top center" for label in labels]
    fig = go.Figure()
    for label in LABEL_ORDER:
        part = frame[frame["label"] == label]
        if part.empty:
            continue
        hover = [
            f"<b>{plain(r.skill)}</b><br>risk {r.risk:.1f} ({r.label})<br>"
            f"disuse {_part(r.disuse)}: last used {day(r.last_used)} ({r.years_since_used:.1f} years)"
            f"<br>market decline {_part(r.market_decline)}: trend "
            + ("n/a" if pd.isna(r.trend_pts_per_year) else f"{signed(r.trend_pts_per_year)} pts/yr")
            + f"<br>low demand {_part(r.low_demand)}: share "
            + ("n/a" if pd.isna(r.share) else f"{r.share:.0%}")
            for r in part.itertuples()
        ]  # fmt: skip
        fig.add_trace(go.Scatter(
            x=part["years_since_used"], y=part["y"], mode="markers+text", name=label,
            text=part["label_text"], textposition=part["label_position"],
            hovertext=hover, hoverinfo="text",
            marker={"size": part["size"], "color": RISK_COLORS.get(label, "#8C8C8C"),
                    "opacity": 0.75, "line": {"width": 1, "color": "white"}},
        ))  # fmt: skip
    fig.add_hline(y=0, line={"color": "#B0B7BF", "width": 1, "dash": "dot"})
    fig.update_layout(height=PLOT_HEIGHT)
    fig.update_xaxes(range=list(area.x_range))
    fig.update_yaxes(range=list(area.y_range))
    return apply_style(
        fig, title, "Years since last used", "Trend in target postings (pts per year)"
    )


def _padded(values: pd.Series) -> tuple[float, float]:
    """The axis range: the values with room around them for the bubbles and their labels."""
    low, high = float(values.min()), float(values.max())
    pad = 0.12 * (high - low) + 1.0
    return low - pad, high + pad


def gap_bar_label(share: float, pts: float, trend: str) -> str:
    """ "45%", or "45%, ↑10 pts/yr" for a rising skill: short enough to stand beside its bar in
    a narrow window. The full reason is in the hover and in the plan."""
    label = format_share(share)
    if trend == "rising" and pts > 0:
        label += f", ↑{format_pts(pts)} pts/yr"
    return label


def gaps_bar_chart(gaps: pd.DataFrame, title: str = "Skills to learn next") -> go.Figure:
    """Horizontal bars from a skill_gaps frame: demand share per skill, highest priority on
    top, the share (and the rise, for a rising skill) beside each bar, the reason on hover."""
    if gaps.empty:
        return _empty(title, "No gaps: the market's skills are all in your profile, or no postings")
    frame = gaps.sort_values("rank", ascending=False)
    labels = [gap_bar_label(share, pts, trend) for share, pts, trend in
              zip(frame["share"], frame["trend_pts_per_year"], frame["trend"], strict=True)]  # fmt: skip
    fig = go.Figure(go.Bar(
        x=frame["share"] * 100, y=plain_all(frame["skill"]), orientation="h", text=labels,
        textposition="outside", marker={"color": COLORS[0]},
        customdata=list(zip(frame["priority"], frame["rank"], plain_all(frame["reason"]),
                            strict=True)),
        hovertemplate="<b>%{y}</b> (#%{customdata[1]})<br>%{customdata[2]}"
                      "<br>priority %{customdata[0]:.3f}<extra></extra>",
    ))  # fmt: skip
    fig.update_layout(height=max(300, 40 * len(frame) + 100))
    fig = apply_style(fig, title, "Share of target postings (%)", None)
    return room_for_outside_text(fig, labels)


def market_fit_chart(
    fit: MarketFit, title: str = "Market fit", has_skills: bool = True
) -> go.Figure:
    """Two bars: market fit a year ago and now (0-100)."""
    if fit.now is None and fit.year_ago is None:
        return _empty(title, "No dated postings in this market")
    if not has_skills:  # a fit of 0% would read as a measurement
        return _empty(title, "No skills of yours yet: add them under Your profile")
    labels = ["A year ago", "Now"]
    values = [fit.year_ago, fit.now]
    fig = go.Figure(go.Bar(
        x=labels, y=[v if v is not None else 0 for v in values],
        text=["no postings" if v is None else f"{v:.0f}%" for v in values], textposition="outside",
        marker={"color": [COLORS[7], COLORS[0]]},
    ))  # fmt: skip
    fig.update_yaxes(range=[0, 105])
    if fit.change is not None:
        title = f"{title}: {fit.now:.0f}% ({signed(fit.change, 0)} pts in a year)"
    return apply_style(fig, title, None, "Demand-weighted share of top skills you have (%)")


def top_skills_chart(fit: MarketFit, title: str = "The market's top skills") -> go.Figure:
    """Bars of the top skills' share now (coloured by whether you have them) with the share a
    year ago as a marker."""
    frame = fit.top_skills
    if frame.empty:
        return _empty(title, "No dated postings in this market")
    # Escaped once: a skill's bar and its year-ago marker share one category.
    frame = frame.iloc[::-1].assign(skill=lambda f: plain_all(f["skill"]))
    fig = go.Figure()
    for has, name, color in ((True, "you have it", COLORS[1]), (False, "you lack it", COLORS[5])):
        part = frame[frame["has"] == has]
        fig.add_trace(go.Bar(x=part["share_now"] * 100, y=part["skill"], orientation="h",
                             name=name, marker={"color": color}))  # fmt: skip
    fig.add_trace(go.Scatter(x=frame["share_year_ago"] * 100, y=frame["skill"], mode="markers",
                             name="a year ago", marker={"color": "#2F3A45", "symbol": "line-ns-open",
                                                        "size": 14}))  # fmt: skip
    fig.update_layout(barmode="overlay", height=max(300, 24 * len(frame) + 120))
    # The latest 12 months, as market fit reads them: other charts may count every posting.
    window = "Share of postings (%)"
    if fit.postings_now and fit.until is not None:
        window = (f"Share of the {fit.postings_now:,} postings of the 12 months to "
                  f"{day(fit.until)} (%)")  # fmt: skip
    return apply_style(fig, title, window, None)
