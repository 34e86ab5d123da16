"""Contacts that may be one person, and merging two contacts by hand.

The importer (contacts_book) merges only when it is sure; possible_duplicates() lists the
cases it left apart, for the user to decide, and merge_contacts() does what they decide.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from analysis.companies import normalise_company, same_company
from analysis.errors import WaypointError
from analysis.ingest.contacts_book import join_tags
from analysis.ingest.contacts_formats import name_key
from analysis.store import Connection, transaction

NAME_THRESHOLD = 90  # token_sort_ratio of two names at the same company
DUPLICATE_COLUMNS = ["contact_id_a", "contact_id_b", "name_a", "name_b", "company_a", "company_b",
                     "reason"]  # fmt: skip
_REASONS = ("same email", "same LinkedIn URL", "similar name at same company",
            "same name, different company", "same name, no company")  # fmt: skip


def possible_duplicates(con: Connection) -> pd.DataFrame:
    """Pairs of contacts that may be one person, strongest reason per pair, ordered by ids.

    Columns: contact_id_a, contact_id_b (a < b), name_a, name_b, company_a, company_b, reason
    ("same email", "same LinkedIn URL", "similar name at same company", "same name, different
    company", "same name, no company"). Name-based pairs with two different LinkedIn URLs are
    left out: those are two LinkedIn members.
    """
    contacts = {
        r[0]: r for r in con.execute(
            "SELECT contact_id, full_name, company, email, profile_url FROM contacts"
        ).fetchall()
    }  # fmt: skip
    found: dict[tuple[int, int], int] = {}

    def note(group, reason: int) -> None:
        for a, b in itertools.combinations(sorted(set(group)), 2):
            found[(a, b)] = min(found.get((a, b), reason), reason)

    emails: dict[str, set[int]] = defaultdict(set)
    urls: dict[str, set[int]] = defaultdict(set)
    for cid, _, _, email, url in contacts.values():
        if email:
            emails[email].add(cid)
        if url:
            urls[url].add(cid)
    for cid, key in con.execute("SELECT contact_id, source_key FROM contact_sources").fetchall():
        if cid in contacts:
            if key.startswith("https://"):
                urls[key].add(cid)
            elif "@" in key and "|" not in key:
                emails[key].add(cid)
    for group in emails.values():
        note(group, 0)
    for group in urls.values():
        note(group, 1)

    def different_members(a: int, b: int) -> bool:
        ua, ub = contacts[a][4], contacts[b][4]
        return bool(ua and ub and ua != ub)

    names: dict[str, list[int]] = defaultdict(list)
    blocks: dict[tuple[str, str], set[int]] = defaultdict(set)  # (company, first or last word)
    for cid, full_name, company, _, _ in contacts.values():
        key = name_key(full_name)
        names[key].append(cid)
        if (normalised := normalise_company(company)) and key:
            words = key.split()
            for word in (words[0], words[-1]):
                blocks[(normalised, word)].add(cid)
    for key, group in names.items():
        for a, b in itertools.combinations(sorted(group), 2):
            if not key or different_members(a, b):
                continue
            ca, cb = contacts[a][2], contacts[b][2]
            reason = 2 if same_company(ca, cb) else 3 if ca and cb else 4
            found[(a, b)] = min(found.get((a, b), reason), reason)
    # similar names at one company share their first or their last word: compare only those
    for group in blocks.values():
        if len(group) < 2:
            continue
        group = sorted(group)
        keys = [name_key(contacts[c][1]) for c in group]
        scores = process.cdist(
            keys, keys, scorer=fuzz.token_sort_ratio, score_cutoff=NAME_THRESHOLD, dtype=np.uint8
        )
        for i, j in zip(*scores.nonzero(), strict=True):
            a, b = group[i], group[j]
            if a < b and not different_members(a, b):
                found[(a, b)] = min(found.get((a, b), 2), 2)
    rows = [
        (a, b, contacts[a][1], contacts[b][1], contacts[a][2], contacts[b][2], _REASONS[r])
        for (a, b), r in sorted(found.items())
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=DUPLICATE_COLUMNS)


_MERGED = ("first_name", "last_name", "email", "phone", "company", "position", "profile_url",
           "connected_on", "tier", "strength_rating", "snoozed_until", "notes")  # fmt: skip


def merge_contacts(con: Connection, keep_id: int, drop_id: int) -> None:
    """Fold contact drop_id into keep_id: its interactions, sources and job changes move over,
    keep's empty fields are filled from drop (tags are combined), and drop is deleted."""
    if keep_id == drop_id:
        raise WaypointError("Cannot merge contacts", "a contact cannot be merged into itself.")
    with transaction(con):
        columns = ", ".join(_MERGED + ("tags",))
        rows = {
            r[0]: r[1:] for r in con.execute(
                f"SELECT contact_id, {columns} FROM contacts WHERE contact_id IN (?, ?)",
                [keep_id, drop_id],
            ).fetchall()
        }  # fmt: skip
        for cid in (keep_id, drop_id):
            if cid not in rows:
                raise WaypointError("Cannot merge contacts", f"there is no contact {cid}.")
        keep, drop = rows[keep_id], rows[drop_id]
        values = [k if k is not None else d for k, d in zip(keep[:-1], drop[:-1], strict=True)]
        values.append(join_tags(keep[-1], drop[-1]))
        for table in ("interactions", "contact_sources", "contact_changes"):
            con.execute(
                f"UPDATE {table} SET contact_id = ? WHERE contact_id = ?", [keep_id, drop_id]
            )
        con.execute(
            f"UPDATE contacts SET {', '.join(f'{c} = ?' for c in _MERGED + ('tags',))} "
            "WHERE contact_id = ?",
            [*values, keep_id],
        )
        con.execute("DELETE FROM contacts WHERE contact_id = ?", [drop_id])
