"""Relationship strength per contact and the 10-people test.

Strength (0-100) is the user's own rating where given (1-5 -> 0, 25, 50, 75, 100), otherwise the
sum of six visible parts, in points (STRENGTH_WEIGHTS, adjustable):

- recency: weight x 0.5 ** (days since the last interaction / half-life); 0 with none
- frequency: weight x log(1 + interactions in the last 24 months) / log(1 + frequency_cap)
- channels: weight x distinct channels ever used / channel_cap (capped at 1)
- direction: full weight when the contact is two-way (inbound and outbound, or mutual),
  half for one-way contact, 0 with no interactions
- colleague: full weight for a former colleague: the contact's company is an employer the user
  has left (positions there all have an end date), or the contact left one of the user's
  employers (contact_changes), or the user tagged them "(former) colleague". Employers are
  matched with analysis.companies (fuzzy). A contact at the user's current employer (a position
  with no end date, also at a company the user went back to) is a current colleague: no points
- connection age: weight x years since connected_on / age_cap_years (capped at 1)

The per-contact frame behind every network analysis is one DuckDB query (an aggregate over
interactions), memoised on a content fingerprint of its input tables, so the analyses of one
page share it and any change to the data (import, merge, quick log, new tier) recomputes it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis import companies, settings
from analysis.network_common import (
    CHANNEL_BIT_SQL,
    fetch_frame,
    last_contact_series,
    match_companies,
)
from analysis.rounding import half_up
from analysis.store import Connection

STRENGTH_WEIGHTS = {
    "recency": 30.0,
    "frequency": 20.0,
    "channels": 10.0,
    "direction": 10.0,
    "colleague": 20.0,
    "connection_age": 10.0,
}
PART_COLUMNS = ["recency_pts", "frequency_pts", "channel_pts", "direction_pts", "colleague_pts",
                "age_pts"]  # fmt: skip
STRENGTH_COLUMNS = [
    "contact_id", "contact", "company", "position", "connected_on", "last_interaction",
    "last_channel", "interactions_24m", "channels", "two_way", "former_colleague",
    "former_employer", *PART_COLUMNS, "estimated", "strength_rating", "strength", "basis",
]  # fmt: skip


def employer_matches(con: Connection) -> dict[str, str]:
    """Company names on contacts (current, or left per contact_changes) -> the user's employer
    (as written in `positions`) they are the same as. Matched on distinct names."""
    employers = [
        r[0]
        for r in con.execute(
            "SELECT company FROM positions GROUP BY company ORDER BY min(position_id)"
        ).fetchall()
    ]
    if not employers:
        return {}
    names = [r[0] for r in con.execute(
        "SELECT DISTINCT company FROM contacts WHERE company IS NOT NULL UNION "
        "SELECT DISTINCT old_value FROM contact_changes WHERE field = 'company' "
        "AND old_value IS NOT NULL").fetchall()]  # fmt: skip
    return match_companies(names, employers)


def current_employers(con: Connection, employers: Iterable[str]) -> set[str]:
    """Those of ``employers`` (as written in `positions`) that are where the user works now: the
    same employer as a position with no end date. Matched by employer, not by spelling, so a
    past position at a company the user went back to ("Acme Corp." then "ACME Corp") is current
    too: a contact there works with the user today."""
    now = [r[0] for r in con.execute(
        "SELECT DISTINCT company FROM positions WHERE finished_on IS NULL").fetchall()]  # fmt: skip
    return set(match_companies(employers, now))


# A tag "colleague" or "former colleague" in the comma-separated tags (RE2 and Python re).
COLLEAGUE_TAG = r"(?i)(?:^|,)\s*(?:former\s+)?colleague\s*(?:,|$)"

_STRENGTH_SQL = f"""
WITH m AS (SELECT unnest($names::VARCHAR[]) AS name, unnest($employers::VARCHAR[]) AS employer,
                  unnest($current::BOOLEAN[]) AS is_current),
agg AS (
    SELECT contact_id,
           max(occurred_at) AS last_interaction,
           arg_max(channel, occurred_at) AS last_channel,
           count(*) AS interactions,
           count(*) FILTER (WHERE occurred_at >= $today::DATE - INTERVAL 24 MONTH) AS interactions_24m,
           -- one bit per channel and per direction, or-ed (cheaper than count(DISTINCT ...))
           bit_or({CHANNEL_BIT_SQL}
                  | CASE direction WHEN 'outbound' THEN 256 WHEN 'inbound' THEN 512
                  WHEN 'mutual' THEN 1024 ELSE 0 END) AS bits
    FROM interactions WHERE occurred_at < $today::DATE + INTERVAL 1 DAY
    GROUP BY contact_id
),
prev AS (
    SELECT ch.contact_id, arg_max(m.employer, ch.detected_at) AS employer
    FROM contact_changes ch JOIN m ON ch.old_value = m.name
    WHERE ch.field = 'company' GROUP BY ch.contact_id
),
base AS (
    SELECT c.contact_id, c.full_name AS contact, c.company, c.position,
           c.connected_on::TIMESTAMP AS connected_on, c.strength_rating, c.tier, c.tags,
           c.snoozed_until::TIMESTAMP AS snoozed_until,
           a.last_interaction, a.last_channel,
           coalesce(a.interactions, 0) AS interactions,
           coalesce(a.interactions_24m, 0) AS interactions_24m,
           coalesce(bit_count(a.bits & 255), 0) AS channels,
           coalesce((a.bits & 1024) <> 0 OR (a.bits & 768) = 768, false) AS two_way,
           coalesce(mc.is_current, false) AS current_colleague,
           -- Someone at the user's current employer works with them now, whatever else is
           -- known. Someone who left one of the user's employers, even the current one, no
           -- longer does: a former colleague.
           CASE WHEN NOT coalesce(mc.is_current, false) THEN coalesce(mc.employer, prev.employer,
                    CASE WHEN regexp_matches(coalesce(c.tags, ''), $tag) THEN '' END) END
               AS former_employer
    FROM contacts c
    LEFT JOIN agg a USING (contact_id)
    LEFT JOIN m mc ON mc.name = c.company
    LEFT JOIN prev USING (contact_id)
),
parts AS (
    SELECT *, former_employer IS NOT NULL AS former_colleague,
        round($w_recency * CASE WHEN last_interaction IS NULL THEN 0 ELSE pow(0.5,
            greatest(date_diff('day', last_interaction::DATE, $today::DATE), 0) / $half_life) END, 1)
            AS recency_pts,
        round($w_frequency * least(ln(1 + interactions_24m) / ln(1 + $frequency_cap), 1), 1)
            AS frequency_pts,
        round($w_channels * least(channels / $channel_cap, 1), 1) AS channel_pts,
        round($w_direction * CASE WHEN two_way THEN 1 WHEN interactions > 0 THEN 0.5 ELSE 0 END,
            1) AS direction_pts,
        round($w_colleague * (former_employer IS NOT NULL)::INT, 1) AS colleague_pts,
        round($w_age * coalesce(least(greatest(
            date_diff('day', connected_on::DATE, $today::DATE), 0) / 365.25 / $age_cap, 1), 0), 1)
            AS age_pts
    FROM base
)
SELECT *,
    round(recency_pts + frequency_pts + channel_pts + direction_pts + colleague_pts + age_pts, 1)
        AS estimated,
    coalesce(strength_rating BETWEEN 1 AND 5, false) AS rated,
    CASE WHEN rated THEN (strength_rating - 1) * 25.0 ELSE estimated END AS strength,
    CASE WHEN rated THEN 'your rating' ELSE 'estimated' END AS basis
FROM parts
"""


# Content fingerprint of every input of strength_frame: a sum of row hashes per table, so any
# insert, update or delete (an import, a merge, a quick log, a new tier) changes it.
_FINGERPRINT_SQL = """
SELECT (SELECT coalesce(sum(hash(interaction_id, contact_id, occurred_at, channel,
                                 direction)::HUGEINT), 0) FROM interactions),
       (SELECT count(*) FROM interactions),
       (SELECT coalesce(sum(hash(contact_id, full_name, company, position, connected_on,
                                 strength_rating, tier, tags, snoozed_until)::HUGEINT), 0)
        FROM contacts),
       (SELECT count(*) FROM contacts),
       (SELECT coalesce(sum(hash(contact_id, field, old_value, detected_at)::HUGEINT), 0)
        FROM contact_changes),
       (SELECT coalesce(sum(hash(position_id, company, finished_on)::HUGEINT), 0)
        FROM positions)
"""
_CACHE: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
_CACHE_SIZE = 4
_CACHE_LOCK = threading.Lock()


def clear_cache() -> None:
    """Forget memoised strength frames (tests and benchmarks use it to time cold runs)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def strength_frame(
    con: Connection,
    today: date,
    **params,
) -> pd.DataFrame:
    """`compute_strength_frame`, memoised on the content of its input tables: several
    analyses of one page share one computation, and any change to the data recomputes."""
    key = (
        tuple(con.execute(_FINGERPRINT_SQL).fetchone()),
        today,
        repr(sorted((k, sorted(v.items()) if isinstance(v, dict) else v)
                    for k, v in params.items())),
    )  # fmt: skip
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached.copy()
    frame = compute_strength_frame(con, today, **params)
    with _CACHE_LOCK:
        _CACHE[key] = frame.copy()
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return frame


def compute_strength_frame(
    con: Connection,
    today: date,
    *,
    half_life_days: float = 180.0,
    frequency_cap: int = 12,
    channel_cap: int = 3,
    age_cap_years: float = 10.0,
    weights: dict[str, float] | None = None,
) -> pd.DataFrame:
    """One row per contact with its activity (last_interaction, last_channel, interactions, interactions_24m, channels,
    two_way), tier, tags, snoozed_until, connected_on, former colleague status,
    current_colleague (at the user's current employer), company (one spelling per company)
    beside company_as_written, and every strength part: the internal, wider form of
    relationship_strength, in one DuckDB query."""
    w = {**STRENGTH_WEIGHTS, **(weights or {})}
    mapping = employer_matches(con)
    current = current_employers(con, set(mapping.values()))
    params = {"names": list(mapping), "employers": list(mapping.values()),
              "current": [employer in current for employer in mapping.values()], "today": today,
              "tag": COLLEAGUE_TAG, "w_recency": w["recency"], "w_frequency": w["frequency"],
              "w_channels": w["channels"], "w_direction": w["direction"],
              "w_colleague": w["colleague"], "w_age": w["connection_age"],
              "half_life": float(half_life_days), "frequency_cap": float(frequency_cap),
              "channel_cap": float(channel_cap), "age_cap": float(age_cap_years)}  # fmt: skip
    frame = fetch_frame(
        con, _STRENGTH_SQL.replace("CHANNEL_BITS", CHANNEL_BIT_SQL), params
    ).sort_values("contact_id", kind="stable")
    frame["strength_rating"] = frame["strength_rating"].where(frame["rated"]).astype("Int64")
    frame["former_employer"] = frame["former_employer"].astype(object)
    frame["former_employer"] = frame["former_employer"].where(frame["former_colleague"], None)
    # Shown in one spelling per company; matched (to targets) as the contact wrote it.
    frame["company_as_written"] = frame["company"]
    frame["company"] = companies.common_spellings(frame["company"], mapping)
    return frame.drop(columns="rated").reset_index(drop=True).astype(
        {"contact_id": "int64", "interactions": "int64", "interactions_24m": "int64",
         "channels": "int64"})  # fmt: skip


def relationship_strength(con: Connection, today: date | None = None, **params) -> pd.DataFrame:
    """Columns: contact_id, contact, company, position, connected_on, last_interaction,
    last_channel, interactions_24m, channels, two_way, former_colleague, former_employer,
    recency_pts, frequency_pts, channel_pts, direction_pts, colleague_pts, age_pts, estimated,
    strength_rating, strength, basis.

    One row per contact, strongest first. Parameters (half_life_days=180, frequency_cap=12,
    channel_cap=3, age_cap_years=10, weights) are described in the module docstring.
    """
    frame = strength_frame(con, today or settings.today(), **params)
    frame = frame.sort_values(["strength", "contact_id"], ascending=[False, True], kind="stable")
    return frame[STRENGTH_COLUMNS].reset_index(drop=True)


def colleague_phrase(employer: str | None) -> str:
    """'former colleague at Acme Corp.' or, for a tagged one, 'former colleague (your tag)'."""
    return f"former colleague at {employer}" if employer else "former colleague (your tag)"


@dataclass(frozen=True)
class TenPeopleResult:
    """count of people who could help now against ``target``; status healthy / watch / at risk;
    people columns: contact_id, contact, company, position, strength, basis, last_interaction,
    last_channel, former_colleague, reason."""

    count: int
    target: int
    verdict: str
    people: pd.DataFrame
    status: str = "at risk"


def ten_people_test(
    con: Connection,
    threshold: float = 50.0,
    today: date | None = None,
    *,
    within_days: int = 365,
    colleague_threshold: float = 40.0,
    target: int = 10,
    **params,
) -> TenPeopleResult:
    """Who could help right now: strength >= ``threshold`` with an interaction in the last
    ``within_days``, or a close former colleague (strength >= ``colleague_threshold``).

    Verdict: "ready" at ``target`` or more, "building" from half of it, else "at risk".
    """
    today = today or settings.today()
    frame = strength_frame(con, today, **params)
    since = pd.Timestamp(today) - pd.Timedelta(days=within_days)
    recent = frame["last_interaction"].notna() & (frame["last_interaction"] >= since)
    active = (frame["strength"] >= threshold) & recent
    close_colleague = frame["former_colleague"] & (frame["strength"] >= colleague_threshold)
    people = frame[active | close_colleague].copy()
    people = people.sort_values(["strength", "contact"], ascending=[False, True], kind="stable")

    # Half up, as the report and the dashboard write the same score (analysis.rounding).
    strength_text = half_up(people["strength"]).astype("int64").astype(str).astype(object)
    reason = (
        "strength "
        + strength_text
        + " ("
        + people["basis"].astype(object)
        + "), "
        + last_contact_series(people["last_interaction"], people["last_channel"], today)
    )
    colleague = people["former_employer"].map(colleague_phrase, na_action="ignore").astype(object)
    people["reason"] = (colleague + ", " + reason).where(people["former_colleague"], reason)
    people = people[["contact_id", "contact", "company", "position", "strength", "basis",
                     "last_interaction", "last_channel", "former_colleague", "reason"]]  # fmt: skip
    people = people.reset_index(drop=True)
    count = len(people)
    if count >= target:
        status, verdict = "healthy", f"ready: {count} people could help now"
    elif count * 2 >= target:
        status, verdict = "watch", f"building: {count} of {target}"
    else:
        status, verdict = "at risk", f"at risk: only {count} of {target} people could help now"
    return TenPeopleResult(count, target, verdict, people, status)
