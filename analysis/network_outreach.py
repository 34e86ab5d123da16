"""The weekly outreach plan: whom to contact this week, and why.

Each contact collects points from every reason that applies (OUTREACH_POINTS, adjustable):
hiring manager / recruiter / other contact at a target company, changed jobs recently, former
colleague, overdue for the tier's cadence. Score = those points + 0.2 x relationship strength
(so warmer people come first among equals). Snoozed contacts and people contacted in the last
``skip_recent_days`` are left out; nobody appears twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd

from analysis import settings
from analysis.network_common import ago, last_contact_phrase
from analysis.network_composition import job_changes
from analysis.network_nurture import TIER_LABELS, nurture_frame
from analysis.network_strength import colleague_phrase, strength_frame
from analysis.network_targets import target_contacts, target_roles_of
from analysis.store import Connection

OUTREACH_POINTS = {
    "hiring manager": 50.0,
    "recruiter": 40.0,
    "job change": 30.0,
    "former colleague": 25.0,
    "target contact": 15.0,
    "overdue inner": 35.0,
    "overdue important": 25.0,
    "overdue broad": 5.0,
}
STRENGTH_FACTOR = 0.2
OUTREACH_COLUMNS = ["contact_id", "contact", "company", "position", "reason", "last_interaction",
                    "last_channel", "score"]  # fmt: skip


def weekly_outreach_plan(
    con: Connection,
    n: int = 10,
    today: date | None = None,
    *,
    target_roles: Iterable[str] | None = None,
    recent_change_days: int = 90,
    skip_recent_days: int = 14,
    points: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Columns: contact_id, contact, company, position, reason, last_interaction, last_channel,
    score. The ``n`` highest-scoring contacts, each with a human reason, e.g. "Hiring manager at
    Contoso (target company); last contact 14 months ago by email"."""
    today = today or settings.today()
    pts = {**OUTREACH_POINTS, **(points or {})}
    roles = target_roles_of(con) if target_roles is None else list(target_roles)
    frame = nurture_frame(con, today, strength=strength_frame(con, today)).set_index("contact_id")
    now = pd.Timestamp(today)

    at_target = target_contacts(con, roles, today, strength=frame.reset_index())
    at_target = at_target.set_index("contact_id").reindex(frame.index)
    role_points = at_target["role"].map(
        {"hiring manager": pts["hiring manager"], "recruiter": pts["recruiter"],
         "other": pts["target contact"]}).fillna(0.0)  # fmt: skip

    changes = job_changes(con)
    window = (changes["detected_at"] >= now - pd.Timedelta(days=recent_change_days)) & (
        changes["detected_at"] < now + pd.Timedelta(days=1)
    )
    changes = changes[window].drop_duplicates("contact_id").set_index("contact_id")
    changes = changes.reindex(frame.index)
    change_points = np.where(changes["detected_at"].notna(), pts["job change"], 0.0)

    colleague_points = np.where(frame["former_colleague"], pts["former colleague"], 0.0)
    overdue = frame["status"] == "overdue"
    overdue_points = np.where(overdue, frame["tier"].map(lambda t: pts.get(f"overdue {t}", 0.0)),
                              0.0)  # fmt: skip

    reasons_points = role_points + change_points + colleague_points + overdue_points
    recent = frame["last_interaction"].notna() & (
        frame["last_interaction"] >= now - pd.Timedelta(days=skip_recent_days)
    )
    eligible = (reasons_points > 0) & (frame["status"] != "snoozed") & ~recent
    score = (reasons_points + STRENGTH_FACTOR * frame["strength"]).round(1)
    ranked = pd.DataFrame({"score": score[eligible]})
    ranked["id"] = ranked.index
    top = ranked.sort_values(["score", "id"], ascending=[False, True], kind="stable").head(n).index

    rows = []
    for contact_id in top:
        person = frame.loc[contact_id]
        parts = []
        target = at_target.loc[contact_id]
        if isinstance(target["role"], str):
            lead = {"hiring manager": "hiring manager at", "recruiter": "recruiter at",
                    "other": "works at"}[target["role"]]  # fmt: skip
            parts.append(f"{lead} {target['target']} (target company)")
        change = changes.loc[contact_id]
        if pd.notna(change["detected_at"]):
            parts.append(_change_sentence(change, person["position"], today))
        if person["former_colleague"]:
            parts.append(colleague_phrase(person["former_employer"]))
        if person["status"] == "overdue":
            parts.append(f"overdue for your {TIER_LABELS.get(person['tier'], person['tier'])} "
                         f"cadence (every {person['ideal_days']} days)")  # fmt: skip
        parts.append(last_contact_phrase(person["last_interaction"], person["last_channel"], today))
        reason = "; ".join(parts)
        rows.append({
            "contact_id": int(contact_id), "contact": person["contact"],
            "company": person["company"], "position": person["position"],
            "reason": reason[:1].upper() + reason[1:],
            "last_interaction": person["last_interaction"],
            "last_channel": person["last_channel"], "score": float(score[contact_id]),
        })  # fmt: skip
    plan = pd.DataFrame(rows, columns=OUTREACH_COLUMNS)
    plan["last_interaction"] = pd.to_datetime(plan["last_interaction"]).astype("datetime64[us]")
    return plan.astype({"contact_id": "int64", "score": "float64"})


def _change_sentence(change: pd.Series, current_position: str | None, today: date) -> str:
    when = ago(change["detected_at"], today)
    position = change["new_position"] if isinstance(change["new_position"], str) else None
    position = position or (current_position if isinstance(current_position, str) else None)
    company = change["new_company"] if isinstance(change["new_company"], str) else None
    if company and change["moved_company"]:
        now = f"{position} at {company}" if position else company
        return f"changed jobs {when}: now {now}"
    return f"new role {when}: now {position}" if position else f"changed role {when}"
