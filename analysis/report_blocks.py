"""The report's building blocks: how values are written in its tables, and the plain dicts
(metrics, figure, table, paragraph, section) that analysis/templates/report.html.j2 draws.

Table cells are plain strings; the template escapes them all.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from analysis import text_format
from analysis.rounding import half_up
from analysis.text_format import signed

FIGURE_CONFIG = {"displaylogo": False, "responsive": True}


# --------------------------------------------------------------------------- formatting


def missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def text(value) -> str:
    if missing(value):
        return "—"
    if isinstance(value, pd.Timestamp) and value != value.normalize():
        return text_format.moment(value)
    if isinstance(value, date):
        return text_format.day(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


def pct(share, digits: int = 0) -> str:
    return "—" if missing(share) else f"{share * 100:.{digits}f}%"


def money(value) -> str:
    """As the dashboard writes money (ui.feedback.fmt_money): "$3,500"; "-$200" below zero."""
    if missing(value):
        return "—"
    whole = round(value) + 0.0  # + 0.0: no "-0"
    return f"-${-whole:,.0f}" if whole < 0 else f"${whole:,.0f}"


def day(value) -> str:
    return "—" if missing(value) else text_format.day(pd.Timestamp(value))


def months(value) -> str:
    if missing(value):
        return "—"
    return "unlimited" if math.isinf(value) else f"{value:.1f} months"


def pts(value) -> str:
    return "—" if missing(value) else signed(value)


def interval_pts(value) -> str:
    """An interval's end: two decimals, so a declining skill's "-0.04" does not read "+0.0"."""
    return "—" if missing(value) else signed(value, 2)


def plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def part(value) -> str:
    return "—" if missing(value) else f"{value:.2f}"


def score(value) -> str:
    """A 0-100 score (risk, strength) whole, rounded half up (analysis.rounding.half_up), as the
    dashboard's tables and the reasons write it: 40.5 -> "41"."""
    return "—" if missing(value) else str(int(half_up(value)))


NOWRAP = {day, pct, money, pts, part, score, months}  # short values that read badly when wrapped


# --------------------------------------------------------------------------- blocks


def metric(label: str, value: str, note: str = "", status: str | None = None) -> dict:
    return {"label": label, "value": value, "note": note, "status": status or ""}


def metrics(*items: dict) -> dict:
    return {"type": "metrics", "items": list(items)}


def figure(fig: go.Figure, div_id: str, height: int | None = None) -> dict:
    """A plotly figure as an HTML fragment with a fixed div id (no plotly.js: the page has it)."""
    if height and fig.layout.height is None:
        fig.update_layout(height=height)
    html = fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                       config=FIGURE_CONFIG, validate=False)  # fmt: skip
    return {"type": "figure", "id": div_id, "html": html}


def table(caption: str, frame: pd.DataFrame, columns: dict, empty: str = "", more: int = 0) -> dict:
    """``columns`` maps frame column -> (header, formatter); ``more`` rows were left out."""
    rows = [[fmt(v) for v, (_, fmt) in zip(row, columns.values(), strict=True)]
            for row in frame[list(columns)].itertuples(index=False, name=None)]  # fmt: skip
    note = f"… and {more:,} more" if more > 0 else ""
    return {"type": "table", "caption": caption, "headers": [h for h, _ in columns.values()],
            "nowrap": [fmt in NOWRAP for _, fmt in columns.values()], "rows": rows,
            "empty": empty, "note": note}  # fmt: skip


def paragraph(body: str, kind: str = "note") -> dict:
    return {"type": "text", "text": body, "kind": kind}


def section(key: str, title: str, intro: str, blocks: list[dict], empty: str | None = None) -> dict:
    return {"key": key, "title": title, "intro": intro, "blocks": blocks, "empty": empty}
