"""Readable column headers and formats for the pages' tables (st.column_config), in one place.

Each mapping lists the columns a page shows, in order; `table()` draws a frame with one of them,
so no raw snake_case name ever reaches the screen. Shares (0-1) are shown as whole percentages.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from analysis.rounding import half_up
from analysis.text_format import words
from ui.feedback import fmt_pct, md

C = st.column_config

CHANNEL_LABELS = {"linkedin": "LinkedIn", "email": "Email", "call": "Phone call",
                  "meeting": "Meeting", "event": "Event", "in_person": "In person",
                  "message": "Message", "other": "Other"}  # fmt: skip
TIER_LABELS = {"inner": "Inner circle", "important": "Important", "broad": "Broad"}
RISK_LABELS = {"healthy": "Healthy", "watch": "Watch", "at risk": "At risk",
               "unknown": "Unknown"}  # fmt: skip


def pct(x: float | None) -> str:
    return fmt_pct(x)


def _date(label: str, help: str | None = None):
    return C.DateColumn(label, format="D MMM YYYY", help=help)


def _choice(label: str, labels: dict[str, str], **kwargs):
    """Codes shown as words (e.g. in_person -> In person); kwargs: width, disabled, ..."""
    return C.SelectboxColumn(label, options=list(labels), format_func=lambda v: labels.get(v, v),
                             **kwargs)  # fmt: skip


PERCENT = "%.0f%%"
PERCENT_FINE = "%.1f%%"  # shares that are mostly under 1% (emerging terms)
POINTS = "%+.1f pts"  # a difference of two shares, shown in percentage points
POINTS_FINE = "%+.2f pts"
MONEY = "$%,.0f"
SIGNED = "%+,.0f"  # an amount that may be negative, in the currency of its row


def _share(label: str, help: str | None = None, fine: bool = False, width: str | None = None):
    """A 0-1 share, shown as a whole percentage (with ``fine``, to a tenth; table() scales it)."""
    return C.NumberColumn(label, format=PERCENT_FINE if fine else PERCENT, help=help, width=width)


def _money(label: str):
    return C.NumberColumn(label, format=MONEY)


SCORE = "%.0f"  # a 0-100 score (strength, risk), whole


def _score(label: str, help: str | None = None, width: str | None = None):
    """A 0-100 score as a bar with its whole number; table() rounds it half up first."""
    return C.ProgressColumn(label, min_value=0, max_value=100, format=SCORE, help=help,
                            width=width)  # fmt: skip


def _is_score(config) -> bool:
    type_config = config.get("type_config", {}) if isinstance(config, dict) else {}
    return type_config.get("type") == "progress" and type_config.get("format") == SCORE


def _is_percent(config) -> bool:
    """Shares (0-1) and differences of shares are stored as fractions, shown as percent."""
    return isinstance(config, dict) and config.get("type_config", {}).get("format") in (
        PERCENT,
        PERCENT_FINE,
        POINTS,
        POINTS_FINE,
    )


def _decimals(config) -> int | None:
    """The decimals a number column's printf format shows ("%+.1f pts" -> 1), else None."""
    if not isinstance(config, dict):
        return None
    found = _DECIMALS.search(config.get("type_config", {}).get("format") or "")
    return int(found[1]) if found else None


_DECIMALS = re.compile(r"%[-+ 0#,]*\d*\.(\d)f")


def table(frame, config: dict, where=st, **kwargs):
    """st.dataframe of ``frame`` showing the columns of ``config`` in its order (None = hidden),
    with empty cells as "—" and shares as percentages. Numbers are rounded as shown first, so
    -0.04 reads "0.0", not "-0.0", and a score of 98.5 reads 99, as the report and the reasons
    write it (half up; pandas' round goes half to even)."""
    shown = frame.copy()
    for column, column_config in config.items():
        if column not in shown.columns:
            continue
        if _is_percent(column_config):
            shown[column] = shown[column] * 100
        decimals = _decimals(column_config)
        if _is_score(column_config):
            shown[column] = half_up(shown[column].astype("float64"))
        elif decimals is not None and pd.api.types.is_float_dtype(shown[column]):
            shown[column] = shown[column].round(decimals) + 0.0  # -0.0 + 0.0 is 0.0
    order = [c for c, v in config.items() if v is not None]
    return where.dataframe(shown, hide_index=True, column_config=config, column_order=order,
                           placeholder="—", **kwargs)  # fmt: skip


# --------------------------------------------------------------------------- network

PEOPLE = {
    # Under the gauge, in the page's width: no position column, so the reason (what makes the
    # person count) reads whole.
    "contact": "Name", "company": "Company", "position": None,
    "strength": _score("Strength", width="small"),
    "reason": C.TextColumn("Why they count", width="large"),
}  # fmt: skip
COVERAGE = {
    "company": "Target company", "contacts": C.NumberColumn("Contacts", format="%d", width="small"),
    "hiring_manager_names": C.TextColumn("Hiring managers", width="medium"),
    "recruiter_names": C.TextColumn("Recruiters", width="small"),
    "strongest_contact": C.TextColumn("Strongest contact", width="small"),
    "coverage": C.TextColumn("Coverage", width="medium"),
    "status": _choice("Status", RISK_LABELS, width="small"),
}  # fmt: skip
COVERAGE_GAPS = {
    "company": "Company", "postings": C.NumberColumn("Postings", format="%d"),
    "latest_posted": _date("Latest posting"), "example_titles": "Example titles",
    "target_company": C.CheckboxColumn("On your target list"),
}  # fmt: skip
NURTURE = {
    "contact": "Name", "company": "Company", "tier": _choice("Tier", TIER_LABELS),
    "last_interaction": _date("Last contact"), "last_channel": _choice("By", CHANNEL_LABELS),
    "days_since": C.NumberColumn("Days since", format="%,d",
                                 help="Since the last contact, or since you connected"),
    "ideal_days": C.NumberColumn("Every (days)", format="%d",
                                 help="The ideal interval for this tier"),
    "due_on": _date("Due"),
}  # fmt: skip
OUTREACH = {
    "contact": "Name", "company": "Company", "position": "Position",
    "reason": C.TextColumn("Why this week", width="large"),
    "last_interaction": _date("Last contact"),
}  # fmt: skip
COMPANIES = {
    "company": "Company", "contacts": C.NumberColumn("Contacts", format="%d"),
    "share": _share("Share", "Share of contacts with a company", fine=True, width="small"),
}  # fmt: skip
CHANGES = {
    "contact": "Name", "old_position": "Was", "old_company": "At",
    "new_position": "Now", "new_company": "At (now)", "detected_at": _date("Found"),
}  # fmt: skip
DUPLICATES = {
    "contact_id_a": None, "contact_id_b": None, "name_a": "Name", "company_a": "Company",
    "name_b": "Possible duplicate", "company_b": "Their company", "reason": "Why",
}  # fmt: skip

# --------------------------------------------------------------------------- import

IMPORT_HISTORY = {
    # Fixed widths for all but the file name (455 px), so the history fits the page at 1,280
    # px: nine columns ran off its right edge. The counts come before the file name, so at
    # 800 px (the sidebar open) they still show and only long file names need a scroll. The
    # import number and the rows read (added + duplicates + rejected) go; the file's format
    # goes into "Kind" only for the demo, whose kind alone ("Demo") tells its five imports
    # apart from nothing.
    "import_id": None,
    "started_at": C.DatetimeColumn("When", format="D MMM YYYY, HH:mm", width=130),
    "kind": C.TextColumn("Kind", width=115),
    "rows_added": C.NumberColumn("Added", format="%,d", width=60),
    "rows_duplicate": C.NumberColumn("Duplicates", format="%,d", width=85,
                                     help="Rows already in the workspace: not added again"),
    "rows_rejected": C.NumberColumn("Rejected", format="%,d", width=65,
                                    help="Rows that could not be read; the import's panel "
                                    "lists them"),
    "file_name": C.TextColumn("File"),
}  # fmt: skip


def import_history(history: list[dict]) -> pd.DataFrame:
    """The workspace's imports (status()["imports"]), newest first, for IMPORT_HISTORY."""
    frame = pd.DataFrame(history[::-1], columns=[*IMPORT_HISTORY, "file_format"])
    # The demo's imports carry no fraction of a second, a real import's do: one format fails.
    frame["started_at"] = pd.to_datetime(frame["started_at"], format="ISO8601")
    demo = frame["kind"] == "demo"
    frame["kind"] = [words(f if d else k) for k, f, d in
                     zip(frame["kind"], frame["file_format"], demo, strict=True)]  # fmt: skip
    return frame


# --------------------------------------------------------------------------- my skills

PROFILE = {
    "skill": C.TextColumn("Skill", required=True),
    "proficiency": C.NumberColumn("Proficiency (1–5)", min_value=1, max_value=5, step=1,
                                  format="%d"),
    "last_used": C.DateColumn("Last used", format="D MMM YYYY",
                              help="Leave empty to take it from your positions and endorsements"),
    "years": C.NumberColumn("Years of use", min_value=0, step=0.5, format="%.1f"),
    "wants_to_grow": C.CheckboxColumn("Want to grow it"),
    "source": None,
}  # fmt: skip
ATROPHY = {
    # Six columns, so the source of the last use ("position: Programmer Analyst at ACME
    # Insurance Company") reads whole at 1,400 px: no category, and the risk's three parts
    # are in the bubble chart's hover.
    "skill": "Skill", "category": None, "label": _choice("Risk", RISK_LABELS, width="small"),
    "risk": _score("Risk (0–100)", help="Disuse, market decline and low demand, weighted; hover "
                                       "a bubble in the chart above for the three parts"),
    "last_used": _date("Last used"),
    "last_used_source": C.TextColumn("From", help="Where the last use comes from"),
    "disuse": None, "market_decline": None, "low_demand": None,
    "share": _share("Share", "Share of target postings naming the skill", width="small"),
}  # fmt: skip
MATCHED = {"skill": "Skill", "category": "Category", "text": "As written",
           "share": _share("Share of target postings")}  # fmt: skip

# --------------------------------------------------------------------------- plan

GOAL_CATEGORIES = ("skills", "network", "job search", "finances")
STATUSES = ("open", "done", "dropped")
GOALS = {
    "goal_id": None,
    "category": C.SelectboxColumn("Category", options=GOAL_CATEGORIES, required=True,
                                  default="job search", format_func=str.capitalize,
                                  width=110),  # "Job search" and the edit mark, whole
    "title": C.TextColumn("Goal", required=True, width=320),  # the row fits 1,400 px
    "due_date": C.DateColumn("Due", format="D MMM YYYY", width=110),  # "22 Jan 2027"
    "status": C.SelectboxColumn("Status", options=STATUSES, required=True, default="open",
                                format_func=str.capitalize, width="small"),
    "notes": C.TextColumn("Notes"),
}  # fmt: skip


def milestone_columns(goal_titles: dict[int, str]) -> dict:
    goal_titles = {int(k): str(v) for k, v in goal_titles.items()}
    return {
        "milestone_id": None, "goal": None, "category": None,
        "goal_id": C.SelectboxColumn("Goal", options=list(goal_titles), required=True,
                                     width="medium",
                                     format_func=lambda g: goal_titles.get(g, str(g))),
        "title": C.TextColumn("Milestone", required=True, width="large"),
        "due_date": C.DateColumn("Due", format="D MMM YYYY"),
        "status": C.SelectboxColumn("Status", options=STATUSES, required=True, default="open",
                                    format_func=str.capitalize),
        "completed_on": C.DateColumn("Done on", format="D MMM YYYY", disabled=True),
    }  # fmt: skip


OVERDUE_MILESTONES = {
    # The page's width: in half of it (beside the progress chart) milestones and goals were
    # cut to "Reach out to 10 former ACME coll…".
    "milestone": C.TextColumn("Milestone", width="large"), "due_date": _date("Due"),
    "days_overdue": C.NumberColumn("Days late", format="%d"), "goal": "Goal",
}  # fmt: skip
TARGET_SOURCES = {"manual": "You", "profile-file": "Profile file",
                  "linkedin-preferences": "LinkedIn preferences"}  # fmt: skip
TARGETS = {
    "target_id": None,
    "kind": _choice("Kind", {"company": "Company", "role": "Role", "location": "Location"}),
    "value": C.TextColumn("Name", required=True, width="large"),
    "priority": C.NumberColumn("Priority", min_value=1, max_value=9, step=1, format="%d",
                               help="1 = most wanted"),
    "source": _choice("From", TARGET_SOURCES, disabled=True),
}  # fmt: skip
SCENARIOS = {
    "search_months": C.NumberColumn("Job search (months)", format="%d"),
    "savings_needed": _money("Savings used"),
    "savings_left": _money("Liquid savings left"),
    "retirement_touched": C.CheckboxColumn("Retirement touched"),
    "shortfall": _money("Taken from retirement"),
}  # fmt: skip

# --------------------------------------------------------------------------- text


def sentence(text: str) -> str:
    """'ready: 28 people' -> 'Ready: 28 people.'"""
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else ""


def highlight(snippet: str, start, end) -> str:
    """Markdown for a posting snippet with the mention highlighted (all user text escaped)."""
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return md(snippet)
    start, end = int(start), int(end)
    return (md(snippet[:start]) + ":orange-background[**" + md(snippet[start:end]) + "**]"
            + md(snippet[end:]))  # fmt: skip


# --------------------------------------------------------------------------- market

DEMAND = {
    "name": "Skill", "category": "Category",
    "postings": C.NumberColumn("Postings", format="%,d"), "share": _share("Share of postings"),
}  # fmt: skip
TRENDS = {
    # Rising, then declining, each in the page's width (side by side, in half of it, the
    # skills were cut to "Generative A…").
    "name": "Skill", "category": "Category",
    "slope": C.NumberColumn("Pts/yr", format="%+.1f", width="small",
                            help="Change of the share of postings, percentage points per year"),
    # Two decimals: a declining skill's interval ends below zero, and "-0.04" must not read
    # "+0.0" beside the verdict.
    "ci_low": C.NumberColumn("From", format="%+.2f", width="small",
                             help="95% interval of the change, low end"),
    "ci_high": C.NumberColumn("To", format="%+.2f", width="small",
                              help="95% interval of the change, high end"),
    "mean_share": _share("Share", "Average share of postings", width="small"),
    "postings": C.NumberColumn("Postings", format="%,d", width="small"),
}  # fmt: skip
TERMS = {
    "term": "Term", "recent_share": _share("Recent share", fine=True),
    "earlier_share": _share("Earlier share", fine=True),
    "growth": C.NumberColumn("Growth (pts)", format=POINTS_FINE,
                             help="Recent minus earlier share, percentage points"),
    "postings": C.NumberColumn("Postings", format="%,d"),
}  # fmt: skip
CLUSTERS = {
    "name": C.TextColumn("Role cluster", width="medium"),
    "postings": C.NumberColumn("Postings", format="%,d", width="small"),
    "share": _share("Share", width="small"),
    "top_skills": C.TextColumn("Top skills", width="large"),
    "top_terms": C.TextColumn("Top terms", width="small"),
}  # fmt: skip
TOGETHER = {
    "name": "Skill", "both": C.NumberColumn("Postings with both", format="%,d"),
    "p_given_skill": _share("Share of postings with the chosen skill"),
    "lift": C.NumberColumn("Lift", format="%.2f", help="Above 1: asked for together more "
                           "often than chance"),
}  # fmt: skip
SALARY = {
    "name": "Skill", "premium": C.NumberColumn("Premium per year", format=SIGNED),
    "low": C.NumberColumn("From (90%)", format=SIGNED),
    "high": C.NumberColumn("To (90%)", format=SIGNED), "currency": "Currency",
    "postings": C.NumberColumn("Salaried postings", format="%,d"),
}  # fmt: skip
OVERDUE_GOALS = {
    "goal": C.TextColumn("Goal", width="large"),
    "due_date": C.DateColumn("Due", format="D MMM YYYY"),
    "days_overdue": C.NumberColumn("Days late", format="%d"),
}
STREAMS_EDITOR = {
    "stream_id": None,
    "name": C.TextColumn("Income stream", required=True, width="medium"),
    "kind": C.TextColumn(
        "Kind", help="salary, consulting, rental, dividends, pension or other"
    ),  # fmt: skip
    "monthly_amount": C.NumberColumn(
        "Per month", min_value=0.0, format="$%.0f", required=True
    ),  # fmt: skip
    "continues_without_job": C.CheckboxColumn(
        "Continues without the job", default=False
    ),  # fmt: skip
}
