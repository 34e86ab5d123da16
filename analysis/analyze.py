"""`python -m analysis analyze`: the headline numbers of a workspace and the lists behind them.

`analyze` gathers them as plain, JSON-ready data (dates as ISO strings, an unlimited runway as
"unlimited", NaN as null) under the keys market_fit, atrophy, gaps, ten_people, overdue,
outreach, runway and skills_pending (postings whose skills are not found yet, so every share
is understated until `init` finds them); `summary_text` renders the same for people; `register` adds the command.
"""

from __future__ import annotations

import argparse
import json
import math
from datetime import date, datetime

import numpy as np
import pandas as pd

from analysis import settings, store
from analysis.atrophy import atrophy_risk, market_fit, risk_weights, skill_gaps
from analysis.errors import WaypointError
from analysis.gaps import format_share
from analysis.skills.scope import SCOPE_LABELS, skill_scope
from analysis.text_format import against_goal, printable, signed, skills_pending_text
from analysis.user_skills import target_market_filter

KEYS = ("market_fit", "atrophy", "gaps", "ten_people", "overdue", "outreach", "runway",
        "skills_pending")  # fmt: skip


def jsonable(value):
    """``value`` with dates, numpy scalars, NaN / NA and infinities made JSON-ready."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, pd.DataFrame):
        return [jsonable(r) for r in value.to_dict("records")]
    if isinstance(value, pd.Timestamp | datetime):
        return None if pd.isna(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "unlimited" if value > 0 else "-unlimited"
    return value


def analyze(con: store.Connection, today: date | None = None, *, top: int = 10) -> dict:
    """The headline numbers and lists behind them (see the module doc): market_fit (with the
    market described and its top skills), atrophy (weights and every skill with its parts),
    gaps (``top``), ten_people (count, target, verdict, people), overdue (count; the first
    ``top``; never_in_touch_with_tier: how many of them were never in touch, listed for their
    tier; never_in_touch: connections never in touch with no tier given, not counted; see
    analysis.network_nurture), outreach (``top`` people with reasons), runway (months,
    verdict, scenarios), skills_pending (postings waiting for skills, see pending_count)."""
    from analysis.network import (
        overdue_contacts,
        status_counts,
        ten_people_test,
        weekly_outreach_plan,
    )
    from analysis.plan import runway_from_store
    from analysis.skills.sync import pending_count

    today = today or settings.today()
    f = target_market_filter(con)
    cond, params = f.where("p")
    postings = con.execute(f"SELECT count(*) FROM postings p WHERE {cond}", params).fetchone()[0]

    fit = market_fit(con, f, today=today)
    risk = atrophy_risk(con, f, today=today)
    gaps = skill_gaps(con, f, n=top, today=today)
    ten = ten_people_test(con, today=today)
    overdue = overdue_contacts(con, today=today)
    outreach = weekly_outreach_plan(con, n=top, today=today)
    runway = runway_from_store(con)

    result = {
        "market_fit": {
            "market": f.describe(), "postings": postings, "skill_scope": skill_scope(con),
            "now": fit.now,
            "year_ago": fit.year_ago, "change": fit.change, "top_skills": fit.top_skills,
        },
        "atrophy": {"weights": risk_weights(con), "skills": risk},
        "gaps": gaps,
        "ten_people": {
            "count": ten.count, "target": ten.target, "verdict": ten.verdict,
            "status": ten.status, "people": ten.people,
        },
        "overdue": {"count": len(overdue), "contacts": overdue.head(top),
                    "never_in_touch": status_counts(con, today=today)["never in touch"],
                    "never_in_touch_with_tier": int(overdue["last_interaction"].isna().sum())},
        "outreach": outreach,
        "runway": {
            "months": runway.months, "monthly_gap": runway.monthly_gap,
            "verdict": runway.verdict, "status": runway.status, "scenarios": runway.scenarios,
        },
        "skills_pending": pending_count(con),
    }  # fmt: skip
    return jsonable(result)


# --------------------------------------------------------------------------- text


def _pct(value) -> str:
    return "n/a" if value is None else f"{value:.0f}%"


def _part(value) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _overdue_heading(overdue: dict) -> str:
    """The overdue heading, e.g. "Overdue contacts: 223, 150 of them never in touch but with a
    tier (279 other connections never in touch, with no tier given, are not counted)". Someone
    never in touch is overdue once they have a tier (analysis.network_nurture), so the sentence
    says which of them count."""
    text = f"Overdue contacts: {overdue['count']:,}"
    if overdue["never_in_touch_with_tier"]:
        text += f", {overdue['never_in_touch_with_tier']:,} of them never in touch but with a tier"
    if overdue["never_in_touch"]:
        text += (f" ({overdue['never_in_touch']:,} other connections never in touch, with no "
                 "tier given, are not counted)")  # fmt: skip
    return text


def _lateness(contact: dict) -> str:
    """How late one overdue contact is; for one never in touch, what the days count from."""
    if contact.get("last_interaction") is not None:
        return f"{contact['days_overdue']:,.0f} days overdue"
    if contact.get("days_overdue") is None:
        return "never in touch, no date to count from"
    return (f"never in touch, {contact['days_overdue']:,.0f} days overdue counting from the day "
            "you connected")  # fmt: skip


def summary_text(result: dict, top: int = 10) -> str:
    """A readable summary of an `analyze` result."""
    lines: list[str] = []
    if result.get("skills_pending"):
        lines += [f"{skills_pending_text(result['skills_pending'])}: run `python -m analysis init`",
                  ""]  # fmt: skip
    fit = result["market_fit"]
    lines.append(f"Target market: {fit['market']} ({fit['postings']:,} postings)")
    if fit["skill_scope"] != "named":
        lines.append(f"Skills counted: {SCOPE_LABELS[fit['skill_scope']]}")
    if fit["now"] is None:
        lines.append("Market fit: no dated postings in the market's last 12 months")
    else:
        before = (
            ", no postings a year earlier to compare" if fit["year_ago"] is None
            else f", {_pct(fit['year_ago'])} a year ago, {signed(fit['change'])} pts"
        )  # fmt: skip
        lines.append(f"Market fit: {_pct(fit['now'])} of the top skills' demand now{before}")

    w = result["atrophy"]["weights"]
    skills = result["atrophy"]["skills"]
    risky = [s for s in skills if s["label"] in ("at risk", "watch")]
    lines += ["", f"Skills at risk ({len([s for s in skills if s['label'] == 'at risk'])} at risk, "
              f"{len([s for s in skills if s['label'] == 'watch'])} to watch; risk = "
              f"{w['disuse']:.2f} disuse + {w['market_decline']:.2f} market decline + "
              f"{w['low_demand']:.2f} low demand):"]  # fmt: skip
    if not skills:
        lines.append("  no skills yet: import your profile or LinkedIn Skills.csv")
    elif not risky:
        lines.append("  none: all your skills look healthy")
    for s in risky[:top]:
        used = f"last used {s['last_used']}" if s["last_used"] else "no date of use"
        trend = (
            ""
            if s["trend_pts_per_year"] is None
            else f", trend {signed(s['trend_pts_per_year'])} pts/yr"
        )
        share = (
            "" if s["share"] is None
            else ", not in any posting" if s["share"] == 0
            else f", in {format_share(s['share'])} of postings"
        )  # fmt: skip
        lines.append(f"  {s['skill']:<28} {s['risk']:>5.1f} {s['label']:<8} disuse {_part(s['disuse'])}"
                     f" / decline {_part(s['market_decline'])} / low demand {_part(s['low_demand'])}"
                     f" ({used}{trend}{share})")  # fmt: skip

    lines += ["", "Top gaps (skills to learn next):"]
    if not result["gaps"]:
        lines.append("  none found (no postings, or you have every skill the market names)")
    for g in result["gaps"][:top]:
        lines.append(f"  {g['rank']:>2}. {g['skill']}: {g['reason']}")

    ten = result["ten_people"]
    lines += [
        "",
        f"The 10-people test: {against_goal(ten['count'], ten['target'])} ({ten['verdict']})",
    ]
    for p in ten["people"][:top]:
        lines.append(f"  {p['contact']}" + (f", {p['company']}" if p.get("company") else ""))
    if len(ten["people"]) > top:
        lines.append(f"  ... and {len(ten['people']) - top} more")

    lines += ["", _overdue_heading(result["overdue"])]
    for c in result["overdue"]["contacts"]:
        lines.append(f"  {c['contact']}" + (f", {c['company']}" if c.get("company") else "")
                     + f" ({c.get('tier') or 'no tier'}): {_lateness(c)}")  # fmt: skip

    lines += ["", "This week's outreach:"]
    if not result["outreach"]:
        lines.append("  nobody to suggest: import your contacts")
    for o in result["outreach"]:
        lines.append(f"  {o['contact']}" + (f", {o['company']}" if o.get("company") else "")
                     + f": {o['reason']}")  # fmt: skip

    runway = result["runway"]
    status = f" ({runway['status']})" if runway["status"] else ""
    lines += ["", f"Runway: {runway['verdict']}{status}"]
    for s in runway["scenarios"]:
        touched = (
            "touches retirement savings" if s["retirement_touched"] else "retirement untouched"
        )
        lines.append(f"  {s['search_months']:>2}-month search: needs {s['savings_needed']:,.0f}, "
                     f"leaves {s['savings_left']:,.0f}, {touched}")  # fmt: skip
    return "\n".join(lines)


# --------------------------------------------------------------------------- command line


def cmd_analyze(args: argparse.Namespace) -> int:
    path = settings.db_path(args.db)
    if not path.exists():
        raise WaypointError("No workspace", f"{path} does not exist; run `python -m analysis init`")
    con = store.connect_to_read(path)
    try:
        result = analyze(con, top=args.top)
    finally:
        con.close()
    # Imported text can hold control characters that would recolour or retitle the terminal.
    print(json.dumps(result, allow_nan=False) if args.json
          else printable(summary_text(result, top=args.top)))  # fmt: skip
    return 0


def register(subparsers) -> None:
    """Add the `analyze` command to the CLI's subparsers."""
    p = subparsers.add_parser(
        "analyze", help="headline numbers: market fit, skills at risk, gaps, network, runway"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--top", type=int, default=10, metavar="N", help="rows per list (default 10)")
    p.set_defaults(handler=cmd_analyze)
