"""Merging the people of one imported file into the workspace's contacts (the ContactBook).

An incoming record is the same person as an existing contact when, in this order, they share
(1) an e-mail address, (2) a LinkedIn URL, or (3) the same name at the same company (fuzzy, see
analysis.companies); two different LinkedIn URLs always mean two people. A record without
e-mail, URL or company is found again on re-import by its name (contact_sources). Anything
less certain (same name, other or no company) becomes a new contact, which
possible_duplicates() then offers to the user, and merge_contacts() merges.

A match fills the contact's empty fields and links the source; it never overwrites, except
company and position from a LinkedIn Connections export (records with ``current_job``), which
shows where people work now while an address book shows where they once did:
- a connection seen in an earlier Connections export whose company or position differs now
  updates the contact and records a `contact_changes` row (a job change), unless the file is
  older than the LinkedIn data already stored, or, when dates cannot tell (the same newest
  connection, or none), every value that differs is one the contact already left (an earlier
  `old_value`): that is an older export imported again, and the contact keeps the newer job;
- a connection (with its profile URL) first linked to a contact from an address book takes
  company and position over, without a change row.
Address books (Google, Outlook, vCard) only fill: two of them disagreeing about a person would
otherwise flip the job back and forth on every re-import.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import datetime

import pandas as pd

from analysis.companies import normalise_company, same_company
from analysis.ingest.contacts_formats import ContactRecord, name_key
from analysis.store import Connection

ADDED, UPDATED, DUPLICATE = "added", "updated", "duplicate"


@dataclass(slots=True)
class _Contact:
    contact_id: int
    full_name: str
    first_name: str | None
    last_name: str | None
    email: str | None
    phone: str | None
    company: str | None
    position: str | None
    profile_url: str | None
    connected_on: object
    source: str
    tags: str | None
    notes: str | None
    import_id: int | None
    updated_import_id: int | None


_COLUMNS = [f.name for f in fields(_Contact)]
_TYPES = {"contact_id": "INTEGER", "connected_on": "DATE", "import_id": "INTEGER",
          "updated_import_id": "INTEGER"}  # fmt: skip
_FILLED = ("first_name", "last_name", "phone", "profile_url", "connected_on", "notes")


def source_keys(record: ContactRecord) -> list[str]:
    """How contact_sources remembers a record: its LinkedIn URL and e-mails, else name|company."""
    keys = ([record.profile_url] if record.profile_url else []) + list(record.emails)
    return keys or [f"{name_key(record.full_name)}|{normalise_company(record.company)}"]


def join_tags(*tag_strings: str | None, extra: tuple[str, ...] = ()) -> str | None:
    tags: dict[str, str] = {}
    for text in tag_strings:
        for tag in (text or "").split(","):
            if tag.strip():
                tags.setdefault(tag.strip().casefold(), tag.strip())
    for tag in extra:
        tags.setdefault(tag.casefold(), tag)
    return ", ".join(tags.values()) or None


def _same_position(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").casefold().split()) == " ".join((b or "").casefold().split())


def _same_job_value(field: str, old: str | None, new: str) -> bool:
    if field == "company":
        return old is not None and normalise_company(old) == normalise_company(new)
    return old is not None and _same_position(old, new)


class ContactBook:
    """The workspace's contacts in memory while one file is merged, then written in bulk."""

    def __init__(self, con: Connection, import_id: int) -> None:
        self.con, self.import_id = con, import_id
        self.now = datetime.now()
        rows = con.execute(f"SELECT {', '.join(_COLUMNS)} FROM contacts ORDER BY contact_id")
        self.contacts = {r[0]: _Contact(*r) for r in rows.fetchall()}
        self.by_email: dict[str, int] = {}
        self.by_url: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.by_source_key: dict[tuple[str, str], int] = {}
        self.linkedin_owned: set[int] = set()
        for c in self.contacts.values():
            self._index(c.contact_id, c.email, c.profile_url)
            self.by_name[name_key(c.full_name)].append(c.contact_id)
        for cid, source, key in con.execute(
            "SELECT contact_id, source, source_key FROM contact_sources ORDER BY contact_id"
        ).fetchall():
            self._remember_source(cid, source, key)
        self.jobs_left: dict[tuple[int, str], list[str]] = defaultdict(list)  # earlier old_values
        for cid, name, value in con.execute(
            "SELECT contact_id, field, old_value FROM contact_changes "
            "WHERE old_value IS NOT NULL ORDER BY contact_id"
        ).fetchall():
            self.jobs_left[(cid, name)].append(value)
        self.older_linkedin_export = False  # see check_linkedin_export_age
        self.newer_linkedin_export = False
        self.kept_newer_job: set[int] = set()  # contacts whose job this file would have reverted
        self.new_ids: list[int] = []  # temporary ids (negative) of contacts created now
        self.dirty: set[int] = set()
        self.touched: set[int] = set()  # company/position already decided in this import
        self.new_sources: list[tuple[int, str, str]] = []
        self.changes: list[tuple[int, str, str | None, str]] = []

    def _index(self, cid: int, email: str | None, url: str | None) -> None:
        if email:
            self.by_email.setdefault(email, cid)
        if url:
            self.by_url.setdefault(url, cid)

    def _remember_source(self, cid: int, source: str, key: str) -> None:
        self.by_source_key.setdefault((source, key), cid)
        if key.startswith("https://"):
            self.by_url.setdefault(key, cid)
            if source == "linkedin":
                self.linkedin_owned.add(cid)
        elif "@" in key and "|" not in key:
            self.by_email.setdefault(key, cid)

    def check_linkedin_export_age(self, records: list[ContactRecord]) -> bool:
        """True (and job changes from this file ignored) when the file's newest connection is
        older than the newest LinkedIn connection already stored: an older export imported
        after a newer one must not turn people's jobs back.

        A strictly newer file cannot be an older export, so there a return to an earlier job is
        a real change; equal or missing dates leave that to _reverts_job."""
        newest_here = max(
            (r.connected_on for r in records if r.current_job and r.connected_on), default=None
        )  # fmt: skip
        newest_known = max(
            (c.connected_on for c in self.contacts.values()
             if c.contact_id in self.linkedin_owned and c.connected_on), default=None,
        )  # fmt: skip
        self.older_linkedin_export = bool(
            newest_here and newest_known and newest_here < newest_known
        )
        self.newer_linkedin_export = bool(
            newest_here and newest_known and newest_here > newest_known
        )
        return self.older_linkedin_export

    # --- matching -----------------------------------------------------------------------------

    def match(self, record: ContactRecord) -> int | None:
        def compatible(cid: int) -> bool:
            url = self.contacts[cid].profile_url
            return not (record.profile_url and url and url != record.profile_url)

        for email in record.emails:
            cid = self.by_email.get(email)
            if cid is not None and compatible(cid):
                return cid
        if record.profile_url and (cid := self.by_url.get(record.profile_url)) is not None:
            return cid
        if record.company and (key := name_key(record.full_name)):
            for cid in self.by_name.get(key, ()):
                if compatible(cid) and same_company(self.contacts[cid].company, record.company):
                    return cid
        if not record.profile_url and not record.emails:
            return self.by_source_key.get((record.source, source_keys(record)[0]))
        return None

    # --- applying -----------------------------------------------------------------------------

    def add(self, record: ContactRecord) -> str:
        """Merge one record; returns ADDED, UPDATED or DUPLICATE."""
        cid = self.match(record)
        if cid is None:
            cid = self._create(record)
            outcome = ADDED
        else:
            changed = self._update(self.contacts[cid], record)
            linked = self._link_sources(cid, record)
            outcome = UPDATED if changed or linked else DUPLICATE
            if changed and cid > 0:
                self.dirty.add(cid)
        self.touched.add(cid)
        return outcome

    def _create(self, record: ContactRecord) -> int:
        cid = -(len(self.new_ids) + 1)
        self.new_ids.append(cid)
        email = next((e for e in record.emails if e not in self.by_email), None)
        self.contacts[cid] = _Contact(
            cid, record.full_name, record.first_name, record.last_name, email, record.phone,
            record.company, record.position, record.profile_url, record.connected_on,
            record.source, join_tags(extra=record.tags), record.notes, self.import_id, None,
        )  # fmt: skip
        self.by_name[name_key(record.full_name)].append(cid)
        self._index(cid, email, record.profile_url)
        self._link_sources(cid, record)
        return cid

    def _link_sources(self, cid: int, record: ContactRecord) -> bool:
        linked = False
        for key in source_keys(record):
            if (record.source, key) not in self.by_source_key:
                self.new_sources.append((cid, record.source, key))
                linked = True
            self._remember_source(cid, record.source, key)
        return linked

    def _update(self, contact: _Contact, record: ContactRecord) -> bool:
        changed = False
        for name in _FILLED:
            value = getattr(record, name)
            if value is not None and getattr(contact, name) is None:
                setattr(contact, name, value)
                changed = True
        if contact.email is None:
            contact.email = next(
                (e for e in record.emails if self.by_email.get(e, contact.contact_id) == contact.contact_id),
                None,
            )  # fmt: skip
            changed = changed or contact.email is not None
        self._index(contact.contact_id, contact.email, contact.profile_url)
        tags = join_tags(contact.tags, extra=record.tags)
        if tags != contact.tags:
            contact.tags, changed = tags, True
        return self._update_job(contact, record) or changed

    def _update_job(self, contact: _Contact, record: ContactRecord) -> bool:
        cid = contact.contact_id
        if cid in self.touched or not record.current_job or self.older_linkedin_export:
            mode = "fill"
        elif record.profile_url:
            mode = "detect" if cid in self.linkedin_owned else "take over"
        elif cid not in self.linkedin_owned and contact.source == "linkedin":
            mode = "detect"  # an export without URLs (2018 layout) after another one
        else:
            mode = "fill"
        if mode == "detect" and self._reverts_job(contact, record):
            self.kept_newer_job.add(cid)
            return False
        changed = False
        for name in ("company", "position"):
            old, new = getattr(contact, name), getattr(record, name)
            if new is None or (old is not None and mode == "fill"):
                continue
            if _same_job_value(name, old, new):
                continue
            if mode == "detect":
                self.changes.append((cid, name, old, new))
            setattr(contact, name, new)
            changed = True
        return changed

    def _reverts_job(self, contact: _Contact, record: ContactRecord) -> bool:
        """Whether every company or position the record would change is one the contact has
        already left: what an older export looks like when the dates cannot tell. Judged per
        contact, not per field, so that a return to an old company in a new role is a change."""
        if self.newer_linkedin_export:
            return False
        differing = [
            (name, new) for name in ("company", "position")
            if (new := getattr(record, name)) is not None
            and not _same_job_value(name, getattr(contact, name), new)
        ]  # fmt: skip
        return bool(differing) and all(
            any(
                _same_job_value(name, left, new)
                for left in self.jobs_left.get((contact.contact_id, name), ())
            )
            for name, new in differing
        )

    # --- writing ------------------------------------------------------------------------------

    def flush(self) -> None:
        """Write new and changed contacts, sources and changes (a few statements, not one each)."""
        con = self.con
        real: dict[int, int] = {}
        if self.new_ids:
            ids = con.execute(
                "SELECT nextval('contact_id_seq') AS id FROM range(?) ORDER BY id", [len(self.new_ids)]
            ).fetchall()  # fmt: skip
            real = {temp: row[0] for temp, row in zip(self.new_ids, ids, strict=True)}
            for temp, cid in real.items():
                self.contacts[temp].contact_id = cid
            self._write_contacts([self.contacts[t] for t in self.new_ids], insert=True)
        if self.dirty:
            for cid in self.dirty:
                self.contacts[cid].updated_import_id = self.import_id
            self._write_contacts([self.contacts[c] for c in sorted(self.dirty)], insert=False)
        if self.new_sources:
            self._insert(
                "contact_sources", ["contact_id", "source", "source_key", "import_id"],
                [(real.get(c, c), s, k, self.import_id) for c, s, k in self.new_sources],
            )  # fmt: skip
        if self.changes:
            self._insert(
                "contact_changes",
                ["contact_id", "import_id", "field", "old_value", "new_value", "detected_at"],
                [(real.get(c, c), self.import_id, f, o, n, self.now) for c, f, o, n in self.changes],
            )  # fmt: skip

    def _insert(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        types = {"contact_id": "INTEGER", "import_id": "INTEGER", "detected_at": "TIMESTAMP"}
        frame = pd.DataFrame(rows, columns=columns, dtype=object)
        typed = ", ".join(f"{c}::{types.get(c, 'VARCHAR')}" for c in columns)
        self.con.register("_waypoint_rows", frame)
        self.con.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {typed} FROM _waypoint_rows"
        )
        self.con.unregister("_waypoint_rows")

    def _write_contacts(self, contacts: list[_Contact], *, insert: bool) -> None:
        frame = pd.DataFrame(
            [[getattr(c, name) for name in _COLUMNS] for c in contacts], columns=_COLUMNS, dtype=object
        )  # fmt: skip
        self.con.register("_waypoint_contacts", frame)
        typed = ", ".join(f"{n}::{_TYPES.get(n, 'VARCHAR')} AS {n}" for n in _COLUMNS)
        if insert:
            self.con.execute(
                f"INSERT INTO contacts ({', '.join(_COLUMNS)}) SELECT {typed} FROM _waypoint_contacts"
            )
        else:
            updated = [n for n in _COLUMNS if n not in ("contact_id", "source", "import_id")]
            self.con.execute(
                f"UPDATE contacts SET {', '.join(f'{n} = u.{n}' for n in updated)} "
                f"FROM (SELECT {typed} FROM _waypoint_contacts) AS u "
                "WHERE contacts.contact_id = u.contact_id"
            )
        self.con.unregister("_waypoint_contacts")
