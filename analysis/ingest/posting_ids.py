"""Stable posting ids, so the same posting arriving in two files is stored once."""

from __future__ import annotations

import hashlib
import re

_SPACE = re.compile(r"\s+")


def _norm(value: object) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    return _SPACE.sub(" ", str(value)).strip().casefold()


def stable_posting_id(
    source: object,
    url: object,
    title: object,
    company: object,
    description: object,
    external_id: object = None,
) -> str:
    """Hash of source + URL when there is a URL, else of source + the source's own id, else of
    normalised title + company + text (so one posting exported twice is stored once).

    Returns 20 hex characters (80 bits): collisions are negligible at a hundred million rows.
    """
    url_n = _norm(url)
    if url_n:
        key = f"url\x1f{_norm(source)}\x1f{url_n}"
    elif _norm(external_id):
        key = f"id\x1f{_norm(source)}\x1f{_norm(external_id)}"
    else:
        key = f"text\x1f{_norm(title)}\x1f{_norm(company)}\x1f{_norm(description)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
