"""Nurturing: each contact's cadence from its tier, overdue and due-soon lists, quick edits.

A contact's tier is contacts.tier when set, else a tier named in its tags ("inner circle",
"important", "broad"), else derived from relationship strength (>= 70 inner, >= 40 important,
else broad). The clock starts at the last interaction on any channel (or connected_on when
there is none) and each tier has an ideal and a maximum interval in days (CADENCES).

A connection you have never been in touch with, whose tier nobody set (derived broad), is
"never in touch", not overdue: there is no relationship to keep up yet. A LinkedIn export holds
thousands of them (3,768 of the 3,769 connections of the real export in ../shared/datasets),
and listed as overdue they buried the relationships that had lapsed. Set a tier, or tag the
contact, and the cadence applies; the weekly outreach still picks such people for a reason of
their own (a target company, a job change, a former colleague).
"""

from __future__ import annotations

import re
from datetime import date, datetime

import numpy as np
import pandas as pd

from analysis import settings
from analysis.errors import WaypointError
from analysis.network_common import CHANNELS, DIRECTIONS
from analysis.network_strength import strength_frame
from analysis.store import Connection, transaction

CADENCES: dict[str, tuple[int, int]] = {  # tier -> (ideal days, maximum days)
    "inner": (30, 45),
    "important": (90, 120),
    "broad": (365, 540),
}
TIER_LABELS = {"inner": "inner circle", "important": "important", "broad": "broad"}
TIER_ORDER = {"inner": 0, "important": 1, "broad": 2}
STATUS_ORDER = {"overdue": 0, "due soon": 1, "ok": 2, "never in touch": 3, "snoozed": 4}
_TAG_TIERS = {"inner": "inner", "inner circle": "inner", "important": "important",
              "broad": "broad"}  # fmt: skip

NURTURE_COLUMNS = ["contact_id", "contact", "company", "tier", "tier_basis", "last_interaction",
                   "last_channel", "days_since", "ideal_days", "max_days", "due_on", "status",
                   "snoozed_until"]  # fmt: skip


def _tag_tier(tags: str | None) -> str | None:
    if not isinstance(tags, str):
        return None
    for tag in re.split(r"[,;]", tags.casefold()):
        tier = _TAG_TIERS.get(" ".join(tag.split()))
        if tier:
            return tier
    return None


def nurture_frame(
    con: Connection,
    today: date,
    *,
    cadences: dict[str, tuple[int, int]] | None = None,
    soon_days: int = 14,
    inner_strength: float = 70.0,
    important_strength: float = 40.0,
    strength: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The strength frame plus tier, tier_basis, days_since, ideal_days, max_days, due_on,
    status (the internal, wider form of nurture_status)."""
    cadence = {**CADENCES, **(cadences or {})}
    frame = strength if strength is not None else strength_frame(con, today)
    frame = frame.copy()
    tiers = list(cadence)
    set_tier = frame["tier"].astype(object).where(frame["tier"].isin(tiers))
    distinct_tags = frame["tags"].dropna().unique()
    tag_tier = frame["tags"].astype(object).map({t: _tag_tier(t) for t in distinct_tags})
    strength_values = frame["strength"].to_numpy()
    derived = np.where(
        strength_values >= inner_strength,
        "inner",
        np.where(strength_values >= important_strength, "important", "broad"),
    )
    tier = np.where(set_tier.notna(), set_tier, np.where(tag_tier.notna(), tag_tier, derived))
    tier = tier.astype(object)
    basis = np.where(set_tier.notna(), "set", np.where(tag_tier.notna(), "tag", "derived"))
    frame["tier"] = pd.Series(tier, index=frame.index, dtype=object)
    frame["tier_basis"] = pd.Series(basis, index=frame.index, dtype=object)
    now = pd.Timestamp(today)
    clock = frame["last_interaction"].dt.normalize().fillna(frame["connected_on"])
    frame["days_since"] = (now - clock).dt.days.astype("Int64")
    frame["ideal_days"] = np.select([tier == t for t in tiers], [cadence[t][0] for t in tiers], 0)
    frame["max_days"] = np.select([tier == t for t in tiers], [cadence[t][1] for t in tiers], 0)
    frame["due_on"] = clock + pd.to_timedelta(frame["ideal_days"], unit="D")
    snoozed = (frame["snoozed_until"].notna() & (frame["snoozed_until"] > now)).to_numpy(bool)
    days = frame["days_since"].to_numpy("float64", na_value=np.nan)
    never = (
        frame["last_interaction"].isna().to_numpy(bool) & (tier == "broad") & (basis == "derived")
    )
    overdue = np.isnan(days) | (days > frame["max_days"].to_numpy())
    soon = days >= frame["ideal_days"].to_numpy() - soon_days
    status = np.select(
        [snoozed, never, overdue, soon], ["snoozed", "never in touch", "overdue", "due soon"], "ok"
    )
    frame["status"] = pd.Series(status, index=frame.index, dtype=object)
    return frame


def _ordered(frame: pd.DataFrame, lateness: pd.Series) -> pd.DataFrame:
    status = frame["status"].to_numpy()
    tier = frame["tier"].to_numpy()
    keys = pd.DataFrame({
        "s": np.select([status == k for k in STATUS_ORDER], list(STATUS_ORDER.values()), 9),
        "t": np.select([tier == k for k in TIER_ORDER], list(TIER_ORDER.values()), 9),
        "late": lateness.to_numpy("float64", na_value=np.inf),
        "id": frame["contact_id"].to_numpy(),
    }, index=frame.index)  # fmt: skip
    order = keys.sort_values(["s", "t", "late", "id"], ascending=[True, True, False, True],
                             kind="stable").index  # fmt: skip
    return frame.loc[order].reset_index(drop=True)


def nurture_status(con: Connection, today: date | None = None, **params) -> pd.DataFrame:
    """Columns: contact_id, contact, company, tier, tier_basis, last_interaction, last_channel,
    days_since, ideal_days, max_days, due_on, status, snoozed_until.

    status: snoozed (snoozed_until after today), never in touch (no interaction ever and a
    derived broad tier), overdue (past the tier's maximum, or no date to count from), due soon
    (within ``soon_days`` of the ideal interval or past it), ok. Ordered by status, tier, then
    lateness. Parameters: cadences, soon_days=14, inner_strength, important_strength.
    """
    frame = nurture_frame(con, today or settings.today(), **params)[NURTURE_COLUMNS]
    return _ordered(frame, frame["days_since"] - frame["max_days"])


def status_counts(con: Connection, today: date | None = None, **params) -> dict[str, int]:
    """How many contacts have each nurture status (every status of STATUS_ORDER, zeros
    included)."""
    frame = nurture_frame(con, today or settings.today(), **params)
    found = frame["status"].value_counts()
    return {status: int(found.get(status, 0)) for status in STATUS_ORDER}


def overdue_contacts(con: Connection, today: date | None = None, **params) -> pd.DataFrame:
    """nurture_status columns plus days_overdue (days past the maximum; NA with no date to
    count from), overdue contacts only, inner circle first, longest overdue first."""
    frame = nurture_frame(con, today or settings.today(), **params)
    frame = frame.loc[frame["status"] == "overdue", NURTURE_COLUMNS]
    frame["days_overdue"] = frame["days_since"] - frame["max_days"]
    return _ordered(frame, frame["days_overdue"])


def due_soon_contacts(
    con: Connection, within_days: int = 14, today: date | None = None, **params
) -> pd.DataFrame:
    """nurture_status columns plus days_until_due (negative once past the ideal interval):
    contacts not yet overdue whose ideal interval ends within ``within_days``."""
    frame = nurture_frame(con, today or settings.today(), soon_days=within_days, **params)
    frame = frame.loc[frame["status"] == "due soon", NURTURE_COLUMNS]
    frame["days_until_due"] = frame["ideal_days"] - frame["days_since"]
    return _ordered(frame, -frame["days_until_due"].astype("Float64"))


def _require_contact(con: Connection, contact_id: int) -> None:
    found = con.execute("SELECT count(*) FROM contacts WHERE contact_id = ?", [contact_id])
    if not found.fetchone()[0]:
        raise WaypointError("No such contact", f"there is no contact with id {contact_id}")


def log_interaction(
    con: Connection,
    contact_id: int,
    occurred_at: date | datetime,
    channel: str,
    note: str | None = None,
    direction: str = "outbound",
) -> int:
    """Record a touch by hand (source manual) and return its interaction_id."""
    if channel not in CHANNELS:
        raise WaypointError("Unknown channel", f"'{channel}' (expected {', '.join(CHANNELS)})")
    if direction not in DIRECTIONS:
        raise WaypointError("Unknown direction",
                            f"'{direction}' (expected {', '.join(DIRECTIONS)})")  # fmt: skip
    if not isinstance(occurred_at, datetime):
        occurred_at = datetime.combine(occurred_at, datetime.min.time())
    with transaction(con):
        _require_contact(con, contact_id)
        interaction_id = con.execute("SELECT nextval('interaction_id_seq')").fetchone()[0]
        con.execute(
            "INSERT INTO interactions (interaction_id, contact_id, occurred_at, channel, "
            "direction, note, source, dedupe_key) VALUES (?, ?, ?, ?, ?, ?, 'manual', ?)",
            [interaction_id, contact_id, occurred_at, channel, direction, note,
             f"manual:{interaction_id}"],
        )  # fmt: skip
    return int(interaction_id)


def snooze_contact(con: Connection, contact_id: int, until: date | None) -> None:
    """Leave a contact out of the nurture lists until ``until`` (None wakes it now)."""
    with transaction(con):
        _require_contact(con, contact_id)
        con.execute("UPDATE contacts SET snoozed_until = ? WHERE contact_id = ?",
                    [until, contact_id])  # fmt: skip


def set_tier(con: Connection, contact_id: int, tier: str | None) -> None:
    """Set a contact's tier (inner / important / broad), or None to derive it again."""
    if tier is not None and tier not in CADENCES:
        raise WaypointError("Unknown tier", f"'{tier}' (expected {', '.join(CADENCES)})")
    with transaction(con):
        _require_contact(con, contact_id)
        con.execute("UPDATE contacts SET tier = ? WHERE contact_id = ?", [tier, contact_id])
