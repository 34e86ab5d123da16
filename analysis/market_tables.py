"""The market tables: what the demand queries read instead of postings / posting_skills.

- market_postings / market_links: a compact copy of the postings' filterable columns (with an
  integer key, the month and the salary midpoint) and of their skill links;
- month_counts / skill_month_counts: postings and skill mentions per month.

`refresh_aggregates` rebuilds them; `update_aggregates` applies one extraction run to them
when only new or re-extracted postings changed (analysis.skills.sync decides which).
workspace_meta `market_aggregates` holds the `data_signature` they describe; queries use them
only while it matches (`aggregates_fresh`).
"""

from __future__ import annotations

from analysis.store import Connection, get_meta, set_meta, transaction

META_AGGREGATES = "market_aggregates"


def data_signature(con: Connection) -> str:
    """Cheap fingerprint of what the market tables summarise: "postings:last rowid:links"."""
    postings, last, links = con.execute(
        "SELECT (SELECT count(*) FROM postings), (SELECT coalesce(max(rowid), -1) FROM postings), "
        "(SELECT count(*) FROM posting_skills)"
    ).fetchone()
    return f"{postings}:{last}:{links}"


def aggregates_fresh(con: Connection) -> bool:
    """True when the market tables (see refresh_aggregates) describe the current data."""
    return get_meta(con, META_AGGREGATES) == data_signature(con)


def only_appended(stored: str | None, current: str) -> bool:
    """True when, since the market tables were built, postings were only appended and
    posting_skills was not touched: then they can be brought up to date incrementally."""
    if stored is None:
        return False
    try:
        (p0, r0, l0), (p1, r1, l1) = (map(int, s.split(":")) for s in (stored, current))
    except ValueError:
        return False
    return l0 == l1 and p1 >= p0 and r1 - r0 == p1 - p0


SALARY_MIDPOINT = (
    "CASE WHEN salary_min > 0 AND salary_max > 0 THEN (salary_min + salary_max) / 2 "
    "ELSE coalesce(nullif(salary_max, 0), nullif(salary_min, 0)) END"
)
_MARKET_POSTING = (
    "SELECT rowid::INTEGER, posting_id, title, company, location, is_remote, date_posted, "
    f"date_trunc('month', date_posted)::DATE, {SALARY_MIDPOINT}, "
    "coalesce(salary_currency, '') FROM postings"
)


def refresh_aggregates(con: Connection) -> None:
    """Rebuild the market tables in one transaction: market_postings / market_links (the
    compact copy filtered queries read) and month_counts / skill_month_counts."""
    with transaction(con):
        for table in ("market_links", "market_postings", "month_counts", "skill_month_counts"):
            con.execute(f"DELETE FROM {table}")
        con.execute(f"INSERT INTO market_postings {_MARKET_POSTING}")
        con.execute(
            "INSERT INTO market_links SELECT m.pkey, ps.skill_id FROM posting_skills ps "
            "JOIN market_postings m USING (posting_id)"
        )
        con.execute(
            "INSERT INTO month_counts SELECT month, count(*) FROM market_postings GROUP BY 1"
        )
        con.execute(
            "INSERT INTO skill_month_counts SELECT m.month, l.skill_id, count(*) "
            "FROM market_links l JOIN market_postings m USING (pkey) GROUP BY 1, 2"
        )
        set_meta(con, META_AGGREGATES, data_signature(con))


def update_aggregates(con: Connection, changed: str) -> None:
    """Bring the market tables up to date after the postings in temp table `changed`
    (posting_id) were extracted, when they were current before (see only_appended):
    their old links and counts come out, new postings and the new links go in."""
    known, keys, delta = "_wp_known", "_wp_keys", "_wp_delta"
    with transaction(con):
        # Postings already in the market tables: take their links and counts out.
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {known} AS SELECT pkey, month FROM market_postings "
            f"WHERE posting_id IN (SELECT posting_id FROM {changed})"
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {delta} AS SELECT k.month, l.skill_id, "
            f"-count(*) AS postings FROM market_links l JOIN {known} k USING (pkey) GROUP BY 1, 2"
        )
        con.execute(f"DELETE FROM market_links WHERE pkey IN (SELECT pkey FROM {known})")
        # New postings join market_postings; every changed posting gets its new links.
        con.execute(
            f"INSERT INTO market_postings {_MARKET_POSTING} WHERE posting_id IN "
            f"(SELECT posting_id FROM {changed}) AND rowid NOT IN (SELECT pkey FROM {known})"
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {keys} AS SELECT pkey, posting_id, month, "
            f"pkey IN (SELECT pkey FROM {known}) AS known FROM market_postings "
            f"WHERE posting_id IN (SELECT posting_id FROM {changed})"
        )
        con.execute(
            "INSERT INTO market_links SELECT k.pkey, ps.skill_id FROM posting_skills ps "
            f"JOIN {keys} k USING (posting_id)"
        )
        con.execute(
            f"INSERT INTO {delta} SELECT k.month, l.skill_id, count(*) "
            f"FROM market_links l JOIN {keys} k USING (pkey) GROUP BY 1, 2"
        )
        # The monthly aggregates are small: rewrite them with the differences applied.
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {known} AS SELECT month, skill_id, sum(postings) AS n "
            f"FROM (SELECT month, skill_id, postings FROM skill_month_counts UNION ALL "
            f"SELECT month, skill_id, postings FROM {delta}) GROUP BY ALL HAVING sum(postings) <> 0"
        )
        con.execute("DELETE FROM skill_month_counts")
        con.execute(f"INSERT INTO skill_month_counts SELECT month, skill_id, n FROM {known}")
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {known} AS SELECT month, sum(postings) AS n FROM ("
            "SELECT month, postings FROM month_counts UNION ALL "
            f"SELECT month, count(*) FROM {keys} WHERE NOT known GROUP BY 1) GROUP BY ALL"
        )
        con.execute("DELETE FROM month_counts")
        con.execute(f"INSERT INTO month_counts SELECT month, n FROM {known}")
        set_meta(con, META_AGGREGATES, data_signature(con))
    for table in (known, keys, delta):
        con.execute(f"DROP TABLE IF EXISTS temp.{table}")
