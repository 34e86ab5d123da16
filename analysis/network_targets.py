"""Target companies: who the user knows there (hiring managers, recruiters), and the gaps.

Target companies are `targets` of kind company from every source (manual, profile file, LinkedIn
Job Seeker Preferences' dream companies); target roles are `targets` of kind role unless given.
Company names are matched with analysis.companies (normalised, fuzzy) on distinct names.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from analysis import companies, settings
from analysis.market_filter import MarketFilter
from analysis.network_common import match_companies
from analysis.network_strength import strength_frame
from analysis.network_titles import classify_titles
from analysis.store import Connection
from analysis.user_skills import target_market_filter

ROLE_ORDER = {"hiring manager": 0, "recruiter": 1, "other": 2}
PERSON_COLUMNS = ["contact_id", "contact", "company", "position", "role", "function", "seniority",
                  "strength", "last_interaction", "last_channel"]  # fmt: skip


def target_roles_of(con: Connection) -> list[str]:
    """The user's target roles (targets of kind role), in priority order."""
    return [r[0] for r in con.execute(
        "SELECT value FROM targets WHERE kind = 'role' ORDER BY priority NULLS LAST, target_id"
    ).fetchall()]  # fmt: skip


def target_companies(con: Connection) -> pd.DataFrame:
    """Columns: target_id, company, source, priority. One row per distinct normalised company."""
    frame = con.execute(
        "SELECT target_id, value AS company, source, priority FROM targets "
        "WHERE kind = 'company' ORDER BY priority NULLS LAST, target_id"
    ).df()
    key = frame["company"].map(companies.normalise_company)
    frame = frame[~key.duplicated() & key.ne("")].reset_index(drop=True)
    return frame.astype({"target_id": "int64", "priority": "Int64"})


def _contact_companies(con: Connection) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT company FROM contacts WHERE company IS NOT NULL"
        ).fetchall()
    ]


def _people(frame: pd.DataFrame, roles: list[str]) -> pd.DataFrame:
    """Classify the titles of ``frame`` (a strength frame subset) and order hiring managers,
    recruiters, others; strongest first within each."""
    frame = frame.join(classify_titles(frame["position"], roles))
    frame["_order"] = frame["role"].map(ROLE_ORDER)
    return frame.sort_values(["_order", "strength", "contact_id"], ascending=[True, False, True],
                             kind="stable").drop(columns="_order")  # fmt: skip


def target_contacts(
    con: Connection,
    target_roles: Iterable[str] | None = None,
    today: date | None = None,
    *,
    strength: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Columns: target, contact_id, contact, company, position, role, function, seniority,
    strength, last_interaction, last_channel.

    Every contact at a target company; role is hiring manager / recruiter / other (see
    analysis.network_titles.classify_titles). ``strength`` reuses a strength_frame.
    """
    roles = target_roles_of(con) if target_roles is None else list(target_roles)
    targets = target_companies(con)
    mapping = match_companies(_contact_companies(con), targets["company"])
    if strength is None:
        strength = strength_frame(con, today or settings.today())
    columns = ["contact_id", "contact", "company", "position", "strength", "last_interaction",
               "last_channel"]  # fmt: skip
    written = strength["company_as_written"]
    at_target = strength.loc[written.isin(list(mapping)), columns]
    at_target["target"] = written[at_target.index].map(mapping)
    people = _people(at_target, roles)
    order = {name: i for i, name in enumerate(targets["company"])}
    people = people.sort_values("target", key=lambda s: s.map(order), kind="stable")
    return people[["target", *PERSON_COLUMNS]].reset_index(drop=True)


def contacts_at_company(
    con: Connection,
    company: str,
    target_roles: Iterable[str] | None = None,
    today: date | None = None,
) -> pd.DataFrame:
    """Columns: contact_id, contact, company, position, role, function, seniority, strength,
    last_interaction, last_channel. Contacts whose company is the same employer as ``company``."""
    roles = target_roles_of(con) if target_roles is None else list(target_roles)
    mapping = match_companies(_contact_companies(con), [company])
    frame = strength_frame(con, today or settings.today())
    columns = ["contact_id", "contact", "company", "position", "strength", "last_interaction",
               "last_channel"]  # fmt: skip
    people = _people(frame.loc[frame["company_as_written"].isin(list(mapping)), columns], roles)
    return people[PERSON_COLUMNS].reset_index(drop=True)


def target_coverage(
    con: Connection,
    target_roles: Iterable[str] | None = None,
    today: date | None = None,
    *,
    strength: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Columns: target_id, company, source, priority, contacts, hiring_managers, recruiters,
    hiring_manager_names, recruiter_names, strongest_contact, coverage, status.

    One row per target company, in priority order. status: healthy (a hiring manager or a
    recruiter there), watch (contacts but neither), at risk (nobody).
    """
    targets = target_companies(con)
    people = target_contacts(con, target_roles, today, strength=strength)
    people = pd.DataFrame(
        {c: people[c].to_numpy(object) for c in ("target", "contact", "role")}
        | {"strength": people["strength"].to_numpy(float)}
    )
    by_target = people.groupby("target", sort=False)

    def names(role: str) -> pd.Series:
        return people[people["role"] == role].groupby("target", sort=False)["contact"].agg(list)

    managers, recruiters = names("hiring manager"), names("recruiter")
    frame = targets.copy()
    key = frame["company"]
    frame["contacts"] = key.map(by_target.size()).fillna(0).astype("int64")
    frame["hiring_managers"] = key.map(managers.map(len)).fillna(0).astype("int64")
    frame["recruiters"] = key.map(recruiters.map(len)).fillna(0).astype("int64")
    frame["hiring_manager_names"] = key.map(managers.map(", ".join)).astype(object).fillna("")
    frame["recruiter_names"] = key.map(recruiters.map(", ".join)).astype(object).fillna("")
    by_strength = people.sort_values("strength", ascending=False, kind="stable")
    strongest = by_strength.groupby("target", sort=False)["contact"].first()
    frame["strongest_contact"] = key.map(strongest).astype(object)
    frame["strongest_contact"] = frame["strongest_contact"].where(frame["contacts"] > 0, None)
    verdicts = [_coverage(*counts) for counts in zip(
        frame["contacts"], frame["hiring_managers"], frame["recruiters"], strict=True)]  # fmt: skip
    frame["coverage"] = pd.Series([v[0] for v in verdicts], index=frame.index, dtype=object)
    frame["status"] = pd.Series([v[1] for v in verdicts], index=frame.index, dtype=object)
    return frame


def _coverage(contacts: int, managers: int, recruiters: int) -> tuple[str, str]:
    """(coverage sentence, status) for one target company."""
    if contacts == 0:
        return "nobody there yet", "at risk"
    if managers == 0 and recruiters == 0:
        return "contacts, but no hiring manager or recruiter", "watch"
    found = [w for w, n in (("hiring manager", managers), ("recruiter", recruiters)) if n]
    return " and ".join(found), "healthy"


def coverage_gaps(
    con: Connection, f: MarketFilter | None = None, top: int | None = None
) -> pd.DataFrame:
    """Columns: company, postings, latest_posted, example_titles, target_company.

    Companies posting in the market ``f`` where the user knows nobody, most postings first. By
    default ``f`` is the target market (user_skills.target_market_filter: the target roles in
    the title; every posting when there are none, or no title has one), so "a target-role
    posting" is the same set of postings here as in every skill analysis.
    Spellings of one employer are grouped by normalised name; company shows the commonest.
    """
    f = target_market_filter(con) if f is None else f
    condition, params = f.where("p")
    posted = con.execute(
        f"""
        SELECT company, count(*) AS postings, max(date_posted) AS latest_posted,
               list_sort(list(DISTINCT title)) AS titles
        FROM postings p
        WHERE company IS NOT NULL AND trim(company) <> '' AND {condition}
        GROUP BY company
        """,
        params,
    ).df()
    columns = ["company", "postings", "latest_posted", "example_titles", "target_company"]
    if posted.empty:
        return pd.DataFrame(
            {
                c: pd.Series(dtype=t)
                for c, t in zip(
                    columns, ["object", "int64", "datetime64[us]", "object", "bool"], strict=True
                )
            }
        )
    matched = match_companies(posted["company"], _contact_companies(con))
    gaps = posted[posted["company"].map(matched).isna()].copy()
    gaps["key"] = gaps["company"].map(companies.normalise_company)
    gaps = gaps[gaps["key"] != ""]
    targets = target_companies(con)["company"]
    is_target = match_companies(gaps["company"], targets)
    gaps["target_company"] = gaps["company"].map(is_target).notna()
    gaps = gaps.sort_values(["postings", "company"], ascending=[False, True], kind="stable")
    grouped = gaps.groupby("key", sort=False).agg(
        company=("company", "first"),
        postings=("postings", "sum"),
        latest_posted=("latest_posted", "max"),
        target_company=("target_company", "any"),
    )
    examples: dict[str, set[str]] = {}
    for key, titles in zip(gaps["key"], gaps["titles"], strict=True):
        examples.setdefault(key, set()).update(t for t in titles if t)
    first_three = {key: "; ".join(sorted(titles)[:3]) for key, titles in examples.items()}
    grouped["example_titles"] = grouped.index.map(first_three).astype(object)
    grouped = grouped.sort_values(["postings", "company"], ascending=[False, True], kind="stable")
    grouped = grouped[columns].reset_index(drop=True)
    grouped["latest_posted"] = pd.to_datetime(grouped["latest_posted"]).astype("datetime64[us]")
    grouped = grouped.astype({"postings": "int64", "target_company": "bool"})
    return grouped.head(top) if top else grouped
