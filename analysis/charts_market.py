"""Plotly figures for the market analytics: DataFrame in (from analysis.demand), figure out.

Shared by the dashboard, the notebooks and the report. Each builder accepts the frame a demand
function returns, draws nothing but an "no data" note when it is empty, and never computes
anything the analysis layer did not.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.charts_style import (
    COLORS,
    SHARE_TICKS,
    apply_style,
    plain,
    plain_all,
    room_for_outside_text,
)

TREND_COLORS = {
    "rising": "#4C9A62",
    "declining": "#C8553D",
    "stable": COLORS[6],
    "not enough data": "#BBBBBB",
}


def _empty(title: str, message: str = "No postings match these filters") -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply_style(fig, title)


def top_skills_bar(
    demand: pd.DataFrame, n: int = 20, title: str = "Most demanded skills"
) -> go.Figure:
    """Horizontal bars of demand share for the first `n` rows of `skill_demand`."""
    if demand.empty:
        return _empty(title)
    top = demand.head(n).iloc[::-1]
    labels = [f"{s:.0%}" for s in top["share"]]
    fig = go.Figure(
        go.Bar(
            x=top["share"],
            y=plain_all(top["name"]),
            orientation="h",
            marker_color=COLORS[0],
            text=labels,
            textposition="outside",
            customdata=list(zip(top["postings"], plain_all(top["category"]), strict=True)),
            hovertemplate="%{y}: %{x:.1%} of postings<br>%{customdata[0]:,} postings"
            "<br>%{customdata[1]}<extra></extra>",
        )
    )
    fig.update_xaxes(tickformat=SHARE_TICKS)
    fig.update_layout(height=max(300, 24 * len(top) + 120))
    return room_for_outside_text(apply_style(fig, title, x_title="Share of postings"), labels)


# A month with fewer postings has a share of 0% or 100% and a band over most of the axis: the
# chart starts at the first month with this many (a few stray old postings before a scrape).
DENSE_MONTH = 20


def monthly_share_lines(by_month: pd.DataFrame, title: str = "Monthly demand share") -> go.Figure:
    """One line per skill from `skill_demand_by_month`, with its 95% band shaded, from the
    first month with DENSE_MONTH postings or more (from the first month when none has)."""
    if by_month.empty:
        return _empty(title)
    dense = by_month.loc[by_month["total"] >= DENSE_MONTH, "month"]
    if not dense.empty:
        by_month = by_month[by_month["month"] >= dense.min()]
    fig = go.Figure()
    for i, (skill_id, rows) in enumerate(by_month.groupby("skill_id", sort=False)):
        color = COLORS[i % len(COLORS)]
        name = plain(rows["name"].iloc[0])
        fig.add_trace(
            go.Scatter(
                x=pd.concat([rows["month"], rows["month"].iloc[::-1]]),
                y=pd.concat([rows["share_high"], rows["share_low"].iloc[::-1]]),
                fill="toself",
                fillcolor=color,
                opacity=0.15,
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=skill_id,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=rows["month"],
                y=rows["share"],
                mode="lines+markers",
                name=name,
                line={"color": color},
                legendgroup=skill_id,
                customdata=rows[["postings", "total"]],
                hovertemplate="%{fullData.name}<br>%{x|%b %Y}: %{y:.1%}"
                "<br>%{customdata[0]:,} of %{customdata[1]:,} postings<extra></extra>",
            )
        )
    fig.update_yaxes(tickformat=SHARE_TICKS, rangemode="tozero")
    return apply_style(fig, title, y_title="Share of postings")


def trend_bar(
    trends: pd.DataFrame, n: int = 10, title: str = "Rising and declining skills"
) -> go.Figure:
    """The `n` steepest rises and falls of `skill_trends`, with their 95% intervals, coloured
    by the trend label (only "rising" / "declining" rows are called so)."""
    if trends.empty:
        return _empty(title)
    ordered = trends.sort_values("slope", ascending=False)
    picked = pd.concat([ordered.head(n), ordered.tail(n)]).drop_duplicates("skill_id")
    picked = picked.sort_values("slope")
    fig = go.Figure(
        go.Bar(
            x=picked["slope"],
            y=plain_all(picked["name"]),
            orientation="h",
            marker_color=[TREND_COLORS.get(t, COLORS[6]) for t in picked["trend"]],
            error_x={
                "type": "data",
                "symmetric": False,
                "array": picked["ci_high"] - picked["slope"],
                "arrayminus": picked["slope"] - picked["ci_low"],
                "color": "#555555",
            },
            customdata=picked[["trend", "postings", "mean_share"]],
            hovertemplate="%{y}: %{x:+.1f} points a year (%{customdata[0]})"
            "<br>%{customdata[1]:,} postings, mean share %{customdata[2]:.1%}<extra></extra>",
        )
    )
    fig.update_layout(height=max(300, 24 * len(picked) + 120))
    return apply_style(fig, title, x_title="Change of share, percentage points per year")


def cooccurrence_bar(cooc: pd.DataFrame, skill_name: str, title: str | None = None) -> go.Figure:
    """P(other | skill) for the rows of `cooccurrence`, lift in the label."""
    skill_name = plain(skill_name)
    title = title or f"Skills asked for together with {skill_name}"
    if cooc.empty:
        return _empty(title, f"No posting in this market mentions {skill_name}")
    rows = cooc.iloc[::-1]
    labels = [f"lift {v:.1f}" for v in rows["lift"]]
    fig = go.Figure(
        go.Bar(
            x=rows["p_given_skill"],
            y=plain_all(rows["name"]),
            orientation="h",
            marker_color=COLORS[1],
            text=labels,
            textposition="outside",
            # the skill's name as data: in the template, a "%{x}" in it would be read
            customdata=[
                [both, lift, skill_name]
                for both, lift in zip(rows["both"], rows["lift"], strict=True)
            ],
            hovertemplate="%{y}: in %{x:.0%} of postings with %{customdata[2]}"
            "<br>%{customdata[0]:,} postings, lift %{customdata[1]:.2f}<extra></extra>",
        )
    )
    fig.update_xaxes(tickformat=SHARE_TICKS)
    fig.update_layout(height=max(300, 24 * len(rows) + 120))
    fig = apply_style(fig, title, x_title=f"Share of postings with {skill_name}")
    return room_for_outside_text(fig, labels)


def emerging_terms_bar(terms: pd.DataFrame, title: str = "Emerging terms") -> go.Figure:
    """Recent against earlier share of each term from `emerging_terms`."""
    if terms.empty:
        return _empty(title, "No growing terms outside the taxonomy")
    rows = terms.iloc[::-1]
    terms_shown = plain_all(rows["term"])
    fig = go.Figure(
        [
            go.Bar(
                x=rows["earlier_share"],
                y=terms_shown,
                orientation="h",
                name="Earlier half",
                hovertemplate="%{y}: %{x:.2~%} of the earlier half's postings<extra></extra>",
                marker_color=COLORS[7],
            ),
            go.Bar(
                x=rows["recent_share"],
                y=terms_shown,
                orientation="h",
                name="Recent half",
                hovertemplate="%{y}: %{x:.2~%} of the recent half's postings<extra></extra>",
                marker_color=COLORS[2],
            ),
        ]  # fmt: skip
    )
    fig.update_layout(barmode="group", height=max(300, 34 * len(rows) + 120))
    fig.update_xaxes(tickformat=SHARE_TICKS)
    return apply_style(fig, title, x_title="Share of postings")


def _distinct(names: pd.Series) -> list[str]:
    """Bar labels: each name with a capital first letter; a name met again gets " (2)", " (3)"
    (a bar per label: two clusters of one name would be drawn as one); escaped for plotly."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        label = str(name)[:1].upper() + str(name)[1:]
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return plain_all(out)


def cluster_sizes_bar(clusters: pd.DataFrame, title: str = "Role clusters") -> go.Figure:
    """Postings per role cluster from `role_clusters`, top skills in the hover."""
    if clusters.empty:
        return _empty(title)
    labels = pd.Series(_distinct(clusters["name"]), index=clusters.index)  # in cluster order
    rows = clusters.sort_values("postings")
    fig = go.Figure(
        go.Bar(
            x=rows["postings"],
            y=labels[rows.index].tolist(),
            orientation="h",
            marker_color=COLORS[3],
            customdata=list(zip(rows["share"], plain_all(rows["top_skills"]), strict=True)),
            hovertemplate="%{y}<br>%{x:,} postings (%{customdata[0]:.0%})"
            "<br>Top skills: %{customdata[1]}<extra></extra>",
        )
    )
    fig.update_layout(height=max(300, 30 * len(rows) + 120))
    return apply_style(fig, title, x_title="Postings")


def salary_premium_chart(
    premium: pd.DataFrame, n: int = 20, title: str = "Salary premium per skill"
) -> go.Figure:
    """Premium and 90% interval of the `n` largest absolute premiums from `salary_premium`."""
    if premium.empty:
        return _empty(title, "Too few salaried postings to estimate premiums")
    rows = premium.reindex(premium["premium"].abs().sort_values(ascending=False).index).head(n)
    rows = rows.sort_values("premium")
    currency = plain(rows["currency"].iloc[0]) or "salary units"
    fig = go.Figure(
        go.Scatter(
            x=rows["premium"],
            y=plain_all(rows["name"]),
            mode="markers",
            marker={"color": COLORS[0], "size": 9},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": rows["high"] - rows["premium"],
                "arrayminus": rows["premium"] - rows["low"],
                "color": "#555555",
            },
            customdata=rows[["low", "high", "postings"]],
            hovertemplate="%{y}: %{x:+,.0f}<br>90% interval %{customdata[0]:+,.0f} to "
            "%{customdata[1]:+,.0f}<br>%{customdata[2]:,} salaried postings<extra></extra>",
        )
    )
    fig.add_vline(x=0, line_color="#999999", line_width=1)
    fig.update_layout(height=max(300, 26 * len(rows) + 120))
    return apply_style(fig, title, x_title=f"Annual premium ({currency})")
