"""Stable posting ids, so the same posting arriving in two files is stored once."""

from __future__ import annotations

import hashlib

import pyarrow as pa


def _norm(value: object) -> str:
    """Whitespace runs collapsed to one space, trimmed, case-folded; None and NaN are ''."""
    if value is None or value != value:  # None or NaN
        return ""
    return " ".join(str(value).split()).casefold()


def _digest(key: str) -> str:
    # 20 hex characters (80 bits): collisions are negligible at a hundred million rows.
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def _url_or_id_key(source: object, url: object, external_id: object) -> str | None:
    url_n = _norm(url)
    if url_n:
        return f"url\x1f{_norm(source)}\x1f{url_n}"
    external = _norm(external_id)
    if external:
        return f"id\x1f{_norm(source)}\x1f{external}"
    return None


def _text_key(title: object, company: object, description: object) -> str:
    return f"text\x1f{_norm(title)}\x1f{_norm(company)}\x1f{_norm(description)}"


def stable_posting_id(
    source: object,
    url: object,
    title: object,
    company: object,
    description: object,
    external_id: object = None,
) -> str:
    """Hash of source + URL when there is a URL, else of source + the source's own id, else of
    normalised title + company + text (so one posting exported twice is stored once)."""
    key = _url_or_id_key(source, url, external_id)
    return _digest(key if key is not None else _text_key(title, company, description))


def posting_ids(table: pa.Table) -> list[str]:
    """`stable_posting_id` of every row of a table with the postings columns; descriptions
    become Python strings only for rows without a URL or an id of their own."""
    keys = [
        _url_or_id_key(s, u, x)
        for s, u, x in zip(table["source"].to_pylist(), table["url"].to_pylist(),
                           table["external_id"].to_pylist(), strict=True)
    ]  # fmt: skip
    by_text = [i for i, key in enumerate(keys) if key is None]
    if by_text:
        rows = table.select(["title", "company", "description"]).take(by_text).to_pylist()
        for i, row in zip(by_text, rows, strict=True):
            keys[i] = _text_key(row["title"], row["company"], row["description"])
    return [_digest(key) for key in keys]
