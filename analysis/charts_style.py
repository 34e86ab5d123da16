"""One look for every plotly figure: the template, a calm palette, risk colours, apply_style().

Every chart module (dashboard, notebooks, report) imports from here so the figures match.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

TEMPLATE = "plotly_white"

# A calm, colour-blind-friendly palette of eight (muted blues, teals, sand, plum, greys).
COLORS = [
    "#3B6E8F",  # slate blue
    "#5FA8A0",  # teal
    "#D9A441",  # ochre
    "#9C6B98",  # plum
    "#7C9A5B",  # sage
    "#C97B63",  # terracotta
    "#8C8C8C",  # grey
    "#A9C5DD",  # pale blue
]

# Status colours shared by every "healthy / watch / at risk" label in Waypoint.
RISK_COLORS = {
    "healthy": "#4C9A62",  # green
    "watch": "#E0A33B",  # amber
    "at risk": "#C8553D",  # red
}

# Axis ticks of shares: "2%", "0.5%", "0.25%", so a market where every share is under 1% does
# not read "0%, 0%, 1%, 1%".
SHARE_TICKS = ".2~%"

FONT_FAMILY = "Inter, 'Segoe UI', Helvetica, Arial, sans-serif"


def plain(text: object) -> str:
    """User text (a skill, category, company, term...) as plotly shows it: as written.

    Plotly reads a subset of HTML in every text it draws (category and tick labels, legend
    names, hover text, annotations, titles): ``<b>``, ``<br>``, ``<a href=...>``, ``<span
    style=...>``. Escaping "&", "<" and ">" leaves nothing for it to read, and it turns the
    entities back into the characters. Apply it to the values a figure carries, never to the
    figure's own formatting (a hovertemplate's ``<br>``), and never put user text inside a
    hovertemplate (``%{...}`` in it would be read): pass it as data. Missing values are ""."""
    if text is None or (pd.api.types.is_scalar(text) and pd.isna(text)):
        return ""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_all(values: Iterable[object]) -> list[str]:
    """``plain`` of each value, in order: the categories of an axis, a column of hover data."""
    return [plain(value) for value in values]


def apply_style(
    fig: go.Figure, title: str, x_title: str | None = None, y_title: str | None = None
) -> go.Figure:
    """Set Waypoint's template, fonts, margins, colourway and titles on ``fig`` (returned)."""
    fig.update_layout(
        template=TEMPLATE,
        colorway=COLORS,
        title={"text": title, "x": 0.0, "xanchor": "left", "font": {"size": 18}},
        font={"family": FONT_FAMILY, "size": 13, "color": "#2F3A45"},
        margin={"l": 60, "r": 30, "t": 60, "b": 50},
        # Under the plot, at the foot of the figure: above it, a legend of several rows ran
        # over the title in a narrow window, and the plot gives way to it as it grows.
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "xanchor": "left",
            "x": 0,
        },
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    return fig


def room_for_outside_text(fig: go.Figure, labels: Iterable[str]) -> go.Figure:
    """Let the text beside horizontal bars run past the plot into a right margin wide enough
    for the longest of ``labels``: plotly's autorange leaves too little room for it in a narrow
    window, which cut the longest bar's "56%" to "56"."""
    longest = max((len(str(label)) for label in labels), default=0)
    fig.update_traces(cliponaxis=False, selector={"type": "bar"})
    # ~7.5 px a character at the 13 px font, and the 4 px plotly leaves before outside text
    fig.update_layout(margin={"r": max(30, round(7.5 * longest) + 12)})
    return fig
