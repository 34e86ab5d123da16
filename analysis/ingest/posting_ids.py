"""Stable posting ids, so the same posting arriving in two files is stored once.

A source names where postings come from: a job board ("indeed"), a known export ("glassdoor"),
or what the user passed as --source. A file without any of those gets its name as the source,
which says nothing about the postings: its ids leave the source out (`file_posting_id`).
"""

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


def _file_key(url: object, external_id: object, title: object, company: object,
              description: object) -> str | None:  # fmt: skip
    url_n = _norm(url)
    if url_n:
        return f"url\x1f{url_n}"
    external = _norm(external_id)
    if external:
        # A file's own ids are often row numbers ("1", "2", ...): alone they would merge
        # unrelated postings of two files, so the posting's text comes with them.
        return f"fileid\x1f{external}\x1f{_text_key(title, company, description)}"
    return None


def file_posting_id(
    url: object, title: object, company: object, description: object, external_id: object = None
) -> str:
    """The id of a posting whose source is only its file's name: hash of the URL alone when
    there is one, else of the file's own id with the text, else the text (as elsewhere), so the
    same file imported under another name adds nothing."""
    key = _file_key(url, external_id, title, company, description)
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


def without_file_name(table: pa.Table, file_source: str) -> pa.Table:
    """`table` (normalised postings with ids) with `file_posting_id` ids for the rows whose
    source is `file_source`, the file's name, and a `legacy_id` column: the id such a row had
    before (hashing the file name), null where the id did not change. Workspaces hold postings
    under those old ids, and a re-import must still find them."""
    sources, urls, externals = (table[c].to_pylist() for c in ("source", "url", "external_id"))
    ids, legacy = table["posting_id"].to_pylist(), [None] * table.num_rows
    by_id = []  # rows keyed by the file's own id, which also need their text
    for i, (source, url, external) in enumerate(zip(sources, urls, externals, strict=True)):
        if source != file_source:
            continue
        if _norm(url):  # the URL decides; the text is not needed
            legacy[i], ids[i] = ids[i], _digest(_file_key(url, None, None, None, None))
        elif _norm(external):
            by_id.append(i)
    # Rows with neither hash their text alone, with or without a file name: unchanged.
    if by_id:
        texts = table.select(["title", "company", "description"]).take(by_id).to_pylist()
        for i, text in zip(by_id, texts, strict=True):
            key = _file_key(None, externals[i], text["title"], text["company"],
                            text["description"])  # fmt: skip
            legacy[i], ids[i] = ids[i], _digest(key)
    at = table.schema.get_field_index("posting_id")
    table = table.set_column(at, "posting_id", pa.array(ids, pa.string()))
    return table.append_column("legacy_id", pa.array(legacy, pa.string()))


def separate_shared_ids(table: pa.Table) -> pa.Table:
    """`table` (normalised postings with ids) where rows that share an id but not their title
    and company get ids of their own: a careers page's one URL given for several jobs made
    them "duplicates" of the first. The same posting twice (same title and company) keeps one
    id. The first posting of each such group keeps its old id as `legacy_id`, in place of an
    older one `without_file_name` gave: a workspace that stored it under that id still knows
    it. Rows are compared within the
    table (one batch of an import)."""
    ids = table["posting_id"].to_pylist()
    seen: dict[str, int] = {}
    repeated = set()
    for i, posting_id in enumerate(ids):
        if posting_id in seen:
            repeated.add(posting_id)
        else:
            seen[posting_id] = i
    if not repeated:
        return table
    rows = [i for i, posting_id in enumerate(ids) if posting_id in repeated]
    texts = table.select(["title", "company"]).take(rows).to_pylist()
    who = {i: (_norm(t["title"]), _norm(t["company"])) for i, t in zip(rows, texts, strict=True)}
    shared = {
        posting_id
        for posting_id in repeated
        if len({who[i] for i in rows if ids[i] == posting_id}) > 1
    }
    if not shared:
        return table
    legacy = (
        table["legacy_id"].to_pylist() if "legacy_id" in table.column_names else [None] * len(ids)
    )
    new_ids = list(ids)
    for i in rows:
        if ids[i] in shared:
            title, company = who[i]
            new_ids[i] = _digest(f"shared\x1f{ids[i]}\x1f{title}\x1f{company}")
            if who[i] == who[seen[ids[i]]]:  # the first posting, or it again
                legacy[i] = ids[i]
    at = table.schema.get_field_index("posting_id")
    table = table.set_column(at, "posting_id", pa.array(new_ids, pa.string()))
    column = pa.array(legacy, pa.string())
    if "legacy_id" in table.column_names:
        return table.set_column(table.schema.get_field_index("legacy_id"), "legacy_id", column)
    return table.append_column("legacy_id", column)
