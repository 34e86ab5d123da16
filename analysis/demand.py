"""Market analytics: what the filtered market asks for and where it is heading.

The public entry point. Every function takes a connection and a `MarketFilter` and returns a
DataFrame whose columns are listed in its docstring. Shares are postings mentioning a skill
over postings selected (DESIGN.md, "Analytics, defined"); counts travel with every share so
small samples stay visible.

    skill_demand, top_skills_by_category, skill_demand_by_month   this module
    skill_trends                                                  demand_trends
    emerging_terms                                                demand_terms
    cooccurrence, adjacency                                       demand_cooccurrence
    role_clusters, assign_clusters                                demand_clusters
    salary_premium                                                demand_salary
    external_check, skill_evidence                                this module
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.demand_clusters import assign_clusters, role_clusters
from analysis.demand_cooccurrence import adjacency, cooccurrence
from analysis.demand_counts import (
    month_totals,
    posting_total,
    skill_counts,
    skill_month_counts,
    wilson_interval,
    with_skill_info,
)
from analysis.demand_salary import salary_premium
from analysis.demand_terms import emerging_terms
from analysis.demand_trends import skill_trends
from analysis.market_filter import MarketFilter
from analysis.store import Connection

__all__ = [
    "MarketFilter", "skill_demand", "top_skills_by_category", "skill_demand_by_month",
    "skill_trends", "emerging_terms", "cooccurrence", "adjacency", "role_clusters",
    "assign_clusters", "salary_premium", "external_check", "skill_evidence", "posting_total",
]  # fmt: skip


def skill_demand(con: Connection, f: MarketFilter) -> pd.DataFrame:
    """Demand per skill. Columns: skill_id, name, category, postings (mentioning it), share
    (postings / filtered postings). Sorted by postings, then skill_id; skills never mentioned
    are absent."""
    total = posting_total(con, f)
    counts = skill_counts(con, f)
    counts["postings"] = counts["postings"].astype("int64")
    counts["share"] = counts["postings"] / total if total else np.nan
    frame = with_skill_info(con, counts)
    return frame.sort_values(["postings", "skill_id"], ascending=[False, True], ignore_index=True)


def top_skills_by_category(con: Connection, f: MarketFilter, n: int = 10) -> pd.DataFrame:
    """The `n` most demanded skills of each category. Columns: category, rank (1 = most),
    skill_id, name, postings, share. Sorted by category, then rank."""
    demand = skill_demand(con, f)
    demand["rank"] = demand.groupby("category").cumcount() + 1
    top = demand[demand["rank"] <= n]
    top = top.sort_values(["category", "rank"], ignore_index=True)
    top["rank"] = top["rank"].astype("int64")
    return top[["category", "rank", "skill_id", "name", "postings", "share"]]


def skill_demand_by_month(con: Connection, f: MarketFilter, skill_ids) -> pd.DataFrame:
    """Monthly share of each skill in `skill_ids`, zero months included.

    Columns: month (first day, datetime64), skill_id, name, postings (mentioning it that month),
    total (postings that month), share, share_low, share_high (Wilson 95% interval, so thin
    months show their uncertainty). Sorted by skill_id (in the order given), then month.
    """
    skill_ids = list(dict.fromkeys(skill_ids))
    totals = month_totals(con, f).rename(columns={"postings": "total"})
    counts = skill_month_counts(con, f, skill_ids)
    grid = pd.MultiIndex.from_product(
        [skill_ids, totals["month"]], names=["skill_id", "month"]
    ).to_frame(index=False)
    frame = grid.merge(totals, on="month", how="left").merge(
        counts, on=["month", "skill_id"], how="left"
    )
    frame["postings"] = frame["postings"].fillna(0).astype("int64")
    frame["total"] = frame["total"].astype("int64")
    frame["share"] = frame["postings"] / frame["total"]
    frame["share_low"], frame["share_high"] = wilson_interval(frame["postings"], frame["total"])
    frame = with_skill_info(con, frame)
    frame["skill_id"] = pd.Categorical(frame["skill_id"], categories=skill_ids, ordered=True)
    frame = frame.sort_values(["skill_id", "month"], ignore_index=True)
    frame["skill_id"] = frame["skill_id"].astype(str)
    return frame[
        ["month", "skill_id", "name", "postings", "total", "share", "share_low", "share_high"]
    ]


def external_check(con: Connection, f: MarketFilter, n: int = 50) -> pd.DataFrame:
    """The workspace's `n` most demanded skills beside O*NET's demand flags.

    Columns: rank, skill_id, name, postings, share, in_onet (bool), hot_technology,
    in_demand (bool; False when not in O*NET), onet_occupations (O*NET occupations listing it,
    0 when absent). Empty when no O*NET Technology Skills file has been imported.
    """
    columns = ["rank", "skill_id", "name", "postings", "share", "in_onet", "hot_technology",
               "in_demand", "onet_occupations"]  # fmt: skip
    signals = con.execute(
        "SELECT skill_id, bool_or(hot_technology) AS hot_technology, "
        "bool_or(in_demand) AS in_demand, max(occupations) AS onet_occupations "
        "FROM external_signals WHERE source = 'onet' AND skill_id <> '' GROUP BY skill_id"
    ).df()
    if signals.empty:
        return pd.DataFrame({c: pd.Series(dtype=_EXTERNAL_DTYPES[c]) for c in columns})
    top = skill_demand(con, f).head(n).copy()
    top["rank"] = np.arange(1, len(top) + 1, dtype="int64")
    out = top.merge(signals, on="skill_id", how="left")
    out["in_onet"] = out["onet_occupations"].notna()
    out["hot_technology"] = out["hot_technology"].fillna(False).astype(bool)
    out["in_demand"] = out["in_demand"].fillna(False).astype(bool)
    out["onet_occupations"] = out["onet_occupations"].fillna(0).astype("int64")
    return out[columns]


_EXTERNAL_DTYPES = {
    "rank": "int64", "skill_id": "str", "name": "str", "postings": "int64", "share": "float64",
    "in_onet": "bool", "hot_technology": "bool", "in_demand": "bool", "onet_occupations": "int64",
}  # fmt: skip

EVIDENCE_COLUMNS = [
    "posting_id",
    "title",
    "company",
    "date_posted",
    "snippet",
    "start",
    "end",
    "matched",
]


def skill_evidence(
    con: Connection, skill_id: str, f: MarketFilter | None = None, n: int = 5, width: int = 90
) -> pd.DataFrame:
    """Why a skill was counted: snippets of the `n` newest filtered postings that mention it.

    Columns: posting_id, title, company, date_posted, snippet (about `width` characters each
    side of the first mention, "…" where cut), start, end (the mention inside the snippet, so
    `snippet[start:end] == matched`), matched (the text as written). A posting whose skill came
    only from its skills list shows that list, with start / end where the extractor finds the
    skill in it, else <NA>.
    """
    from analysis.skills.scope import counts_asked
    from analysis.skills.sync import active_taxonomy, extractor_for, posting_text

    f = f or MarketFilter()
    where, params = f.where("p")
    rows = con.execute(
        "SELECT p.posting_id, p.title, p.company, p.date_posted, p.description, p.skills_list "
        "FROM postings p JOIN posting_skills ps ON ps.posting_id = p.posting_id "
        f"AND ps.skill_id = ? WHERE {where} "
        "ORDER BY p.date_posted DESC NULLS LAST, p.posting_id LIMIT ?",
        [skill_id, *params, int(n)],
    ).df()
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype=_EVIDENCE_DTYPES[c]) for c in EVIDENCE_COLUMNS})
    extractor = extractor_for(active_taxonomy(con), counts_asked(con))
    out = []
    for r in rows.itertuples(index=False):
        text = posting_text(r.title, r.description) or ""
        company = r.company if isinstance(r.company, str) else None
        found = next(
            (m for m in extractor.mentions(text, employer=company) if m.skill_id == skill_id), None
        )
        if found is None and isinstance(r.skills_list, str):
            text = "Skills: " + r.skills_list
            found = next((m for m in extractor.mentions(text) if m.skill_id == skill_id), None)
        snippet, start, end = _snippet(text, found, width)
        out.append((r.posting_id, r.title, r.company, r.date_posted, snippet, start, end,
                    found.text if found else None))  # fmt: skip
    frame = pd.DataFrame(out, columns=EVIDENCE_COLUMNS)
    frame["start"] = frame["start"].astype("Int64")
    frame["end"] = frame["end"].astype("Int64")
    return frame


_EVIDENCE_DTYPES = {
    "posting_id": "str", "title": "str", "company": "str", "date_posted": "datetime64[us]",
    "snippet": "str", "start": "Int64", "end": "Int64", "matched": "str",
}  # fmt: skip


def _snippet(text: str, mention, width: int) -> tuple[str, int | None, int | None]:
    """A window of `text` around `mention` (whitespace runs collapsed), with its offsets."""
    if mention is None:
        cut = text[: 2 * width]
        return " ".join(cut.split()) + ("…" if len(text) > 2 * width else ""), None, None
    lo = max(0, mention.start - width)
    hi = min(len(text), mention.end + width)
    if lo > 0:  # start on a word boundary
        space = text.find(" ", lo, mention.start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):
        space = text.rfind(" ", mention.end, hi)
        hi = space if space != -1 else hi
    before = " ".join(text[lo : mention.start].split())
    before = (
        ("…" if lo > 0 else "")
        + before
        + (" " if before and text[mention.start - 1].isspace() else "")
    )
    after = " ".join(text[mention.end : hi].split())
    after = (" " if after and text[mention.end : mention.end + 1].isspace() else "") + after
    after += "…" if hi < len(text) else ""
    start = len(before)
    return before + mention.text + after, start, start + len(mention.text)
