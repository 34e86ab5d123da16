"""What the network analyses share: channel names, company matching, "14 months ago".

Fuzzy company matching runs on DISTINCT company names, never per contact.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from analysis import companies

CHANNELS = ("linkedin", "email", "call", "meeting", "event", "in_person", "message", "other")
DIRECTIONS = ("outbound", "inbound", "mutual")
CHANNEL_PHRASES = {
    "linkedin": "on LinkedIn", "email": "by email", "call": "by phone", "meeting": "in a meeting",
    "event": "at an event", "in_person": "in person", "message": "by message", "other": "",
}  # fmt: skip

# One bit per channel (unknown channels share the "other" bit), for cheap distinct counts in SQL.
CHANNEL_BIT_SQL = (
    "CASE channel WHEN 'linkedin' THEN 1 WHEN 'email' THEN 2 WHEN 'call' THEN 4 "
    "WHEN 'meeting' THEN 8 WHEN 'event' THEN 16 WHEN 'in_person' THEN 32 WHEN 'message' THEN 64 "
    "ELSE 128 END"
)

_BATCH = 2000  # rows of the name-by-candidate score matrix computed at once (bounded memory)


def fetch_frame(con, sql: str, params=None) -> pd.DataFrame:
    """Run a query and return a DataFrame through Arrow (faster than .df() for text columns).

    Integer columns with NULLs come back as float64 and boolean ones as object: cast or
    coalesce them in SQL where it matters."""
    return con.execute(sql, params if params is not None else []).to_arrow_table().to_pandas()


def match_companies(
    names: Iterable[str | None],
    candidates: Iterable[str | None],
    threshold: float = companies.DEFAULT_THRESHOLD,
) -> dict[str, str]:
    """Each name that is the same employer as a candidate -> its best candidate (as written).
    A name that names no employer ("Self-employed"; companies.is_employer) matches nothing.

    The decision is analysis.companies' (normalise_company + company_similarity). To stay fast on
    thousands of distinct names it first keeps only pairs that can pass: equal normalised names
    (also with spaces removed) or a token_sort_ratio (the scorer companies.py documents) at the
    threshold, computed with rapidfuzz.process.cdist on names of compatible length.
    """
    name_list = sorted({n for n in names if isinstance(n, str) and companies.is_employer(n)})
    cand_list = list(dict.fromkeys(c for c in candidates
                                   if isinstance(c, str) and companies.is_employer(c)))  # fmt: skip
    if not name_list or not cand_list:
        return {}
    cand_norm = [companies.normalise_company(c) for c in cand_list]
    by_key: dict[str, int] = {}
    for index, normalised in enumerate(cand_norm):
        if normalised:
            by_key.setdefault(normalised.replace(" ", ""), index)
    keep = [i for i, n in enumerate(cand_norm) if n]
    kept_norm = [cand_norm[i] for i in keep]
    result: dict[str, str] = {}
    fuzzy_names: list[str] = []
    for name in name_list:
        normalised = companies.normalise_company(name)
        if not normalised:
            continue
        exact = by_key.get(normalised.replace(" ", ""))
        if exact is not None:
            result[name] = cand_list[exact]
        else:
            fuzzy_names.append(name)
    if not fuzzy_names or not kept_norm:
        return result
    # token_sort_ratio(a, b) is ratio() of the token-sorted strings, which cdist runs fastest.
    # A ratio of at least t needs |la - lb| <= f (la + lb), f = 1 - t / 100: compare
    # each name only with candidates of a compatible length (normalised names keep their length
    # when tokens are sorted). Widened by one character for rounding.
    best: dict[str, tuple[float, int]] = {}
    f = 1 - threshold / 100
    kept_sorted = [_sorted_tokens(n) for n in kept_norm]
    lengths = np.array([len(n) for n in kept_norm])
    order = np.argsort(lengths, kind="stable")
    sorted_lengths = lengths[order]
    by_length: dict[int, list[str]] = {}
    for name in fuzzy_names:
        by_length.setdefault(len(companies.normalise_company(name)), []).append(name)
    for length, group in by_length.items():
        lo = np.searchsorted(sorted_lengths, length * (1 - f) / (1 + f) - 1, side="left")
        hi = np.searchsorted(sorted_lengths, length * (1 + f) / max(1 - f, 1e-9) + 1, "right")
        if lo >= hi:
            continue
        columns = order[lo:hi]
        choices = [kept_sorted[i] for i in columns]
        group_sorted = [_sorted_tokens(companies.normalise_company(n)) for n in group]
        for start in range(0, len(group), _BATCH):
            scores = process.cdist(
                group_sorted[start : start + _BATCH], choices, scorer=fuzz.ratio,
                score_cutoff=threshold, dtype=np.uint8, workers=-1,
            )  # fmt: skip
            for row, col in zip(*np.nonzero(scores), strict=True):
                name, index = group[start + row], keep[columns[col]]
                score = companies.company_similarity(name, cand_list[index])
                # best score wins; ties go to the earliest candidate, as in best_company_match
                if score >= threshold and (-score, index) < best.get(name, (0.0, len(cand_list))):
                    best[name] = (-score, index)
    result.update({name: cand_list[index] for name, (_, index) in best.items()})
    return result


def _sorted_tokens(text: str) -> str:
    return " ".join(sorted(text.split()))


def ago_series(when: pd.Series, today: date) -> pd.Series:
    """Vectorised `ago`: 'today', 'yesterday', '5 days ago', '3 weeks ago', '14 months ago',
    '3 years ago', or 'never' for a missing date."""
    when = pd.to_datetime(when)
    missing = when.isna().to_numpy()
    days = (pd.Timestamp(today).normalize() - when.dt.normalize()).dt.days
    d = days.fillna(0).astype("int64").to_numpy()
    weeks, months = np.rint(d / 7).astype("int64"), np.rint(d / 30.44).astype("int64")
    text = np.select(
        [missing, d <= 0, d == 1, d < 14, d < 60, months < 24],
        ["never", "today", "yesterday", np.char.add(d.astype(str), " days ago"),
         np.char.add(weeks.astype(str), " weeks ago"),
         np.char.add(months.astype(str), " months ago")],
        np.char.add((d // 365).astype(str), " years ago"),
    )  # fmt: skip
    return pd.Series(text, index=when.index, dtype=object)


def ago(when: pd.Timestamp | None, today: date) -> str:
    """Scalar `ago_series` (same rules, without pandas overhead)."""
    if when is None or pd.isna(when):
        return "never"
    d = (pd.Timestamp(today).date() - pd.Timestamp(when).date()).days
    if d <= 0:
        return "today"
    if d == 1:
        return "yesterday"
    if d < 14:
        return f"{d} days ago"
    if d < 60:
        return f"{round(d / 7)} weeks ago"
    if round(d / 30.44) < 24:
        return f"{round(d / 30.44)} months ago"
    return f"{d // 365} years ago"


def last_contact_series(when: pd.Series, channel: pd.Series, today: date) -> pd.Series:
    """Vectorised `last_contact_phrase`."""
    phrase = channel.map(lambda c: CHANNEL_PHRASES.get(c, f"by {c}") if isinstance(c, str) else "")
    phrase = phrase.where(phrase == "", " " + phrase.astype(object))
    text = "last contact " + ago_series(when, today) + phrase.astype(object)
    return text.where(pd.to_datetime(when).notna(), "no recorded contact yet").astype(object)


def last_contact_phrase(when: pd.Timestamp | None, channel: str | None, today: date) -> str:
    """'last contact 14 months ago by email' or 'no recorded contact yet'."""
    if when is None or pd.isna(when):
        return "no recorded contact yet"
    phrase = CHANNEL_PHRASES.get(channel, f"by {channel}") if isinstance(channel, str) else ""
    return f"last contact {ago(when, today)}" + (f" {phrase}" if phrase else "")
