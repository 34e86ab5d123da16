"""Each market-study input file's date order, found in one pass over its date column: the
same test as the importer's (analysis.ingest.dates.order_evidence), written in SQL that DuckDB
and Spark both run, so the batch function can read every file's slashed dates one way."""

from __future__ import annotations

from collections.abc import Iterable

from analysis.ingest import dates


def date_order_sql(column: str, matches: str) -> str:
    """Three boolean aggregates over the text column `column` (an SQL expression): some value
    is a slashed date, some cannot be month first, some cannot be day first (as
    dates.order_evidence). `matches` is the engine's regular-expression test (DuckDB's
    regexp_matches, Spark's rlike); the patterns are plain (no backslash) for both."""
    text = f"trim({column})"
    return ", ".join(
        f"coalesce(max(CASE WHEN {matches}({text}, '{pattern}') THEN 1 ELSE 0 END), 0) = 1"
        for pattern in (dates.SLASHED, dates.FIRST_OVER_12, dates.SECOND_OVER_12)
    )


def day_first_files(evidence: Iterable[tuple[str, bool, bool, bool]]) -> dict[str, bool]:
    """File → whether its slashed dates are read day first, from (file, slashed, cannot be
    month first, cannot be day first) per file: day first when some value proves it and none
    proves month first; month first (the default) otherwise, as on import."""
    return {file: bool(day and not month) for file, _, day, month in evidence}
