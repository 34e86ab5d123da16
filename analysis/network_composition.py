"""What the network is made of: connections by year and company, functions and seniority,
the dormant share, the channel mix over time, and job changes between imports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis import companies, settings
from analysis.network_common import CHANNEL_BIT_SQL
from analysis.network_titles import FUNCTIONS, SENIORITY_ORDER, classify_titles
from analysis.store import Connection


def connections_by_year(con: Connection) -> pd.DataFrame:
    """Columns: year, connections, cumulative. Every year from the first to the last
    connected_on (0 when none that year); contacts without a date are left out."""
    frame = con.execute(
        "SELECT year(connected_on) AS year, count(*) AS connections FROM contacts "
        "WHERE connected_on IS NOT NULL GROUP BY ALL ORDER BY year"
    ).df()
    if frame.empty:
        return pd.DataFrame({"year": pd.Series(dtype="int64"),
                             "connections": pd.Series(dtype="int64"),
                             "cumulative": pd.Series(dtype="int64")})  # fmt: skip
    years = pd.DataFrame({"year": range(int(frame["year"].min()), int(frame["year"].max()) + 1)})
    frame = years.merge(frame.astype({"year": "int64"}), on="year", how="left")
    frame["connections"] = frame["connections"].fillna(0).astype("int64")
    frame["cumulative"] = frame["connections"].cumsum()
    return frame.astype({"year": "int64"})


def contacts_by_company(con: Connection, top: int = 20) -> pd.DataFrame:
    """Columns: company, contacts, share. Companies grouped by normalised name (company shows
    the commonest spelling), "Self-employed" and the like left out; share of the contacts that
    have a company; top ``top``."""
    names = con.execute(
        "SELECT company, count(*) AS n FROM contacts WHERE company IS NOT NULL "
        "AND trim(company) <> '' GROUP BY company ORDER BY n DESC, company"
    ).df()
    if names.empty:
        return pd.DataFrame({"company": pd.Series(dtype=object),
                             "contacts": pd.Series(dtype="int64"),
                             "share": pd.Series(dtype="float64")})  # fmt: skip
    names["key"] = names["company"].map(companies.normalise_company)
    names = names[names["company"].map(companies.is_employer)]
    grouped = names.groupby("key", sort=False).agg(company=("company", "first"),
                                                    contacts=("n", "sum"))  # fmt: skip
    grouped["share"] = grouped["contacts"] / grouped["contacts"].sum()
    grouped = grouped.sort_values(["contacts", "company"], ascending=[False, True], kind="stable")
    return grouped.head(top).reset_index(drop=True).astype({"contacts": "int64"})


def contacts_by_function_and_seniority(con: Connection) -> pd.DataFrame:
    """Columns: function, seniority, contacts. Titles classified with the keyword tables of
    analysis.network_titles; only non-empty combinations, in table order."""
    titles = con.execute("SELECT position, count(*) AS n FROM contacts GROUP BY position").df()
    classes = classify_titles(titles["position"])
    frame = pd.concat([classes[["function", "seniority"]], titles["n"]], axis=1)
    grouped = frame.groupby(["function", "seniority"], as_index=False)["n"].sum()
    grouped = grouped.rename(columns={"n": "contacts"})
    f_order = {f: i for i, f in enumerate([*FUNCTIONS, "other"])}
    s_order = {s: i for i, s in enumerate(SENIORITY_ORDER)}
    grouped = grouped.sort_values(
        ["function", "seniority"], key=lambda s: s.map(f_order if s.name == "function" else s_order)
    )  # fmt: skip
    return grouped.reset_index(drop=True).astype({"contacts": "int64"})


@dataclass(frozen=True)
class DormantShare:
    """dormant: contacts connected at least ``years`` ago (or undated) with no interaction in
    the last ``years`` years; share = dormant / contacts (None with no contacts)."""

    contacts: int
    dormant: int
    share: float | None
    years: float


def dormant_share(con: Connection, years: float = 2, today: date | None = None) -> DormantShare:
    """How much of the network has gone quiet: see DormantShare."""
    today = today or settings.today()
    since = pd.Timestamp(today) - pd.Timedelta(days=round(365.25 * years))
    total, dormant = con.execute(
        """
        WITH recent AS (
            SELECT DISTINCT contact_id FROM interactions
            WHERE occurred_at >= ? AND occurred_at < ?::DATE + INTERVAL 1 DAY
        )
        SELECT count(*),
               count(*) FILTER (WHERE r.contact_id IS NULL
                                AND (c.connected_on IS NULL OR c.connected_on <= ?))
        FROM contacts c LEFT JOIN recent r USING (contact_id)
        """,
        [since.to_pydatetime(), today, since.date()],
    ).fetchone()
    return DormantShare(int(total), int(dormant), dormant / total if total else None, years)


@dataclass(frozen=True)
class ChannelMix:
    """by_year columns: year, channel, interactions, share (of that year's interactions).
    contacts_by_year columns: year, contacts, multi_channel, linkedin_only, multi_channel_share
    (contacts in touch that year on two or more channels / on LinkedIn only).
    multi_channel_share and linkedin_only_share: over all contacts ever in touch (None if none)."""

    by_year: pd.DataFrame
    contacts_by_year: pd.DataFrame
    multi_channel_share: float | None
    linkedin_only_share: float | None


def channel_mix_by_year(con: Connection) -> ChannelMix:
    """Interactions per channel per year and the multi-channel vs LinkedIn-only split."""
    by_year = con.execute(
        """
        WITH counts AS (
            SELECT year(occurred_at) AS year, channel, count(*) AS interactions
            FROM interactions GROUP BY ALL
        )
        SELECT year, channel, interactions,
               interactions / sum(interactions) OVER (PARTITION BY year) AS share
        FROM counts ORDER BY year, interactions DESC, channel
        """
    ).df()
    # Contacts in touch per year (and overall, year NULL) with the channels they used as bits.
    split = con.execute(
        f"""
        WITH yc AS (
            SELECT year(occurred_at) AS year, contact_id, bit_or({CHANNEL_BIT_SQL}) AS bits
            FROM interactions GROUP BY ALL
        ), c AS (
            SELECT year, bits FROM yc
            UNION ALL
            SELECT NULL, bit_or(bits) FROM yc GROUP BY contact_id
        )
        SELECT year, count(*) AS contacts,
               count(*) FILTER (WHERE bit_count(bits) >= 2) AS multi_channel,
               count(*) FILTER (WHERE bits = 1) AS linkedin_only,
               count(*) FILTER (WHERE bit_count(bits) >= 2) / count(*) AS multi_channel_share
        FROM c GROUP BY year ORDER BY year NULLS LAST
        """
    ).df()
    per_contact = split[split["year"].notna()].reset_index(drop=True)
    overall = split[split["year"].isna()]
    overall = (
        overall.iloc[0][["contacts", "multi_channel", "linkedin_only"]]
        if len(overall)
        else [0, 0, 0]
    )
    contacts, multi, linkedin = (int(v) for v in overall)
    by_year = by_year.astype({"year": "int64", "interactions": "int64", "share": "float64"})
    per_contact = per_contact.astype({"year": "int64", "contacts": "int64",
                                      "multi_channel": "int64", "linkedin_only": "int64",
                                      "multi_channel_share": "float64"})  # fmt: skip
    return ChannelMix(
        by_year, per_contact,
        multi / contacts if contacts else None, linkedin / contacts if contacts else None,
    )  # fmt: skip


def job_changes(con: Connection, since_import_id: int | None = None) -> pd.DataFrame:
    """Columns: contact_id, contact, import_id, detected_at, old_company, new_company,
    old_position, new_position, moved_company.

    One row per contact and import that changed company or position (contact_changes), newest
    first; ``since_import_id`` keeps changes found by later imports only."""
    frame = con.execute(
        """
        SELECT ch.contact_id, c.full_name AS contact, ch.import_id,
               max(ch.detected_at) AS detected_at,
               max(ch.old_value) FILTER (WHERE ch.field = 'company') AS old_company,
               max(ch.new_value) FILTER (WHERE ch.field = 'company') AS new_company,
               max(ch.old_value) FILTER (WHERE ch.field = 'position') AS old_position,
               max(ch.new_value) FILTER (WHERE ch.field = 'position') AS new_position,
               bool_or(ch.field = 'company' AND ch.old_value IS DISTINCT FROM ch.new_value)
                   AS moved_company
        FROM contact_changes ch JOIN contacts c USING (contact_id)
        WHERE ? IS NULL OR ch.import_id > ?
        GROUP BY ch.contact_id, c.full_name, ch.import_id
        ORDER BY detected_at DESC, ch.contact_id
        """,
        [since_import_id, since_import_id],
    ).df()
    return frame.astype({"contact_id": "int64", "import_id": "int64", "moved_company": "bool"})
