"""Errors and formatting shown the same way on every page."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import streamlit as st

from analysis.errors import WaypointError
from analysis.network_nurture import CADENCES, TIER_LABELS
from analysis.text_format import signed


def md(text: object) -> str:
    """User text made safe inside st.markdown and every element that renders Markdown
    (st.success, st.caption, labels ...): Markdown and HTML characters escaped, so a contact
    named "![x](http://...)" shows as written and loads nothing."""
    out = str(text)
    for ch in "\\`*_{}[]<>()#+-.!|~$":  # "$": maths
        out = out.replace(ch, "\\" + ch)
    return out


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Show our errors as messages, never as tracebacks."""
    try:
        yield
    except WaypointError as exc:
        # Titles and details quote file names, column headers and cell values.
        st.error(f"**{md(exc.title)}**" + (f"\n\n{md(exc.detail)}" if exc.detail else ""))


def fmt_count(n: int | float | None) -> str:
    return "—" if n is None else f"{n:,.0f}"


def fmt_pct(x: float | None, digits: int = 0) -> str:
    return "—" if x is None else f"{x * 100:.{digits}f}%"


def fmt_money(x: float | None, currency: str = "$") -> str:
    return "—" if x is None else f"{currency}{x:,.0f}"


def fmt_months(x: float | None) -> str:
    if x is None:
        return "—"
    if x == float("inf"):
        return "unlimited"
    return f"{x:.1f} months"


def fit_metric(fit, has_skills: bool) -> tuple[str, str | None]:
    """The market-fit card's value and delta. Without any skill of the user's there is nothing
    to fit: "—", not a 0% that reads as a verdict."""
    if fit.now is None or not has_skills:
        return "—", None
    delta = None if fit.change is None else f"{signed(fit.change, 0)} pts vs a year ago"
    return f"{fit.now:.0f}%", delta


def overdue_caption(overdue: int, never_in_touch: int, listed_never_contacted: int = 0) -> str:
    """What the Overdue tab lists, and the connections it leaves out."""
    text = ("Past the longest interval for their tier." if overdue
            else "Nobody is overdue for their cadence.")  # fmt: skip
    if listed_never_contacted:
        who = "person" if listed_never_contacted == 1 else "people"
        text += (f" {listed_never_contacted:,} {who} with a tier but no contact yet: counted "
                 "from the day you connected (no days shown where that date is unknown).")  # fmt: skip
    if never_in_touch:
        people = "connection" if never_in_touch == 1 else "connections"
        text += (f" Not listed: {never_in_touch:,} {people} you have never been in touch with "
                 "and have not given a tier. Give someone a tier below to keep up with them; "
                 "this week's outreach picks those at your target companies, former colleagues "
                 "and people who changed jobs.")  # fmt: skip
    return text


TIER_BASIS = {"set": "set by you", "tag": "from a tag", "derived": "from relationship strength"}


def tier_now(tier: str, basis: str) -> str:
    """A contact's tier and where it comes from: "broad, from relationship strength"."""
    return f"{TIER_LABELS[tier]}, {TIER_BASIS[basis]}"


def tier_choice(tier: str) -> str:
    """A tier as the Network page offers it: "Inner circle (every 30 days)"."""
    if tier not in CADENCES:
        return "Automatic (by strength)"
    return f"{TIER_LABELS[tier].capitalize()} (every {CADENCES[tier][0]} days)"


def plan_markdown(plan) -> str:
    """The learning plan (atrophy.learning_plan) as a numbered Markdown list: its reasons are
    sentences, and a table cut them at the column's edge ("co-occurs with your SQL an…")."""
    lines = []
    for step in plan.itertuples():
        what = "Learn" if step.kind == "learn" else "Refresh"
        line = f"{step.step}. **{what} {md(step.skill)}**: {md(step.reason)}"
        # a learn step's reason already names the skills it builds on
        if step.kind == "refresh" and step.builds_on:
            line += f" (from {md(step.builds_on)})"
        lines.append(line)
    return "\n".join(lines)
