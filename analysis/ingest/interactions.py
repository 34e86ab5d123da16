"""Touches with contacts from a LinkedIn export: messages.csv and Invitations.csv.

Each message or invitation becomes an interaction (channel 'linkedin') on the contact it was
exchanged with: matched by normalised profile URL, else by exact normalised full name (a name
shared by two contacts matches neither). Messages and invitations with people who are not
contacts (LinkedIn Member, sponsored messages, strangers) are not stored and not rejected one by
one: their number is given in one line of `report.notes`. Rows that cannot be read at all (no
date, no participant) are rejected with their line. Every interaction carries a dedupe_key, a
hash of source + conversation id + date + sender (invitations: source + from + to + date); a
message already stored with that key on that contact is a duplicate, so a re-import adds
nothing, also after contacts were merged or gained a profile URL.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from analysis.errors import ImportFailed
from analysis.ingest.common import (
    ImportReport,
    Record,
    clean,
    csv_records,
    decode_bytes,
    import_session,
    sha256_bytes,
)
from analysis.store import Connection

NOTE_LENGTH = 200
_MESSAGE_COLUMNS = ("FROM", "TO", "DATE")
_INVITATION_COLUMNS = ("FROM", "TO", "SENT AT", "DIRECTION")


def url_key(url: str) -> str:
    """'https://www.LinkedIn.com/in/Jane-Doe/?x=1' -> 'linkedin.com/in/jane-doe'."""
    text = clean(url).casefold()
    text = re.sub(r"^[a-z]+://", "", text)
    text = re.sub(r"^(www\.|[a-z]{2}\.)(?=linkedin\.com)", "", text)
    return re.split(r"[?#]", text)[0].rstrip("/")


def name_key(name: str) -> str:
    """Case-, accent-width- and whitespace-insensitive form of a person's name."""
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


@dataclass
class _ContactIndex:
    by_url: dict[str, int]
    by_name: dict[str, list[int]]
    names: dict[int, str]

    @classmethod
    def load(cls, con: Connection) -> _ContactIndex:
        index = cls({}, {}, {})
        rows = con.execute(
            "SELECT contact_id, full_name, profile_url FROM contacts ORDER BY contact_id"
        ).fetchall()
        for contact_id, full_name, profile_url in rows:
            if profile_url and url_key(profile_url):
                index.by_url.setdefault(url_key(profile_url), contact_id)
            index.names[contact_id] = name_key(full_name)
            if name_key(full_name):
                index.by_name.setdefault(name_key(full_name), []).append(contact_id)
        return index

    def match(self, urls: list[str], names: list[str]) -> list[int]:
        """The contacts in a message: by URL, and by unique full name for the names that no
        URL accounted for (LinkedIn lists one URL for a group message to several people)."""
        found = {self.by_url[k] for k in map(url_key, urls) if k in self.by_url}
        explained = {self.names[contact_id] for contact_id in found}
        for name in map(name_key, names):
            ids = self.by_name.get(name, [])
            if name not in explained and len(ids) == 1:
                found.add(ids[0])
        return sorted(found)


def dedupe_key(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:32]


def _read(path: str | Path, file_name: str | None) -> tuple[bytes, str, str]:
    path = Path(path)
    name = file_name or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(name, f"cannot read the file ({exc.strerror or exc})") from exc
    return data, name, decode_bytes(data, name)


def _upper_records(header: list[str], records: list[Record], required, file_name: str):
    """Records keyed by upper-case column name; ImportFailed naming a missing column."""
    present = {h.upper() for h in header}
    for column in required:
        if column not in present:
            shown = ",".join(header)[:120]
            raise ImportFailed(
                file_name, f"missing column '{column}' (the header is '{shown}')", line=1
            )
    return [(line, {k.upper(): v for k, v in values.items()}) for line, values in records]


def _parse_message_date(value: str) -> datetime:
    text = clean(value).removesuffix(" UTC").removesuffix("Z").replace("T", " ")
    return datetime.fromisoformat(text).replace(tzinfo=None)


def _split_names(value: str) -> list[str]:
    """'Rowan Hassan,Tarek' -> both names; the whole text is tried too (names with commas)."""
    whole = clean(value)
    parts = [clean(p) for p in whole.split(",") if clean(p)]
    return [whole] + parts if len(parts) > 1 else parts


def _user_name(con: Connection, records: list[Record]) -> str:
    """The export's owner: the profile's name if it takes part, else the commonest participant."""
    counts: Counter[str] = Counter()
    for _, values in records:
        counts.update({name_key(values.get("FROM", ""))} - {""})
        counts.update({name_key(n) for n in _split_names(values.get("TO", ""))} - {""})
    profile = dict(
        con.execute(
            "SELECT key, value FROM profile WHERE key IN ('first_name', 'last_name')"
        ).fetchall()
    )
    own = name_key(f"{profile.get('first_name', '')} {profile.get('last_name', '')}")
    if own and own in counts:
        return own
    return counts.most_common(1)[0][0] if counts else ""


def _store(con: Connection, rows: list[dict], report: ImportReport) -> None:
    if not rows:
        return
    frame = pd.DataFrame(
        rows, columns=["contact_id", "occurred_at", "direction", "note", "source", "dedupe_key"]
    )
    frame["import_id"] = report.import_id
    con.register("_new_interactions", frame)
    try:
        con.execute(
            "INSERT INTO interactions SELECT nextval('interaction_id_seq'), contact_id, "
            "occurred_at, 'linkedin', direction, note, source, dedupe_key, import_id "
            "FROM _new_interactions"
        )
    finally:
        con.unregister("_new_interactions")
    report.rows_added += len(rows)


def _existing_keys(con: Connection, source: str) -> set[tuple[str, int]]:
    """(dedupe_key, contact_id) already stored: a group message has one key, several contacts."""
    rows = con.execute(
        "SELECT dedupe_key, contact_id FROM interactions "
        "WHERE source = ? AND dedupe_key IS NOT NULL",
        [source],
    ).fetchall()
    return set(rows)


# Why a message or invitation with someone who is not a contact happens, once contacts exist.
_UNMATCHED_WHY = {
    "messages": "InMail, group messages, recruiters",
    "invitations": "invitations not accepted, or people you are no longer connected with",
}


def _unmatched_note(con: Connection, count: int, what: str) -> str:
    """Why `count` rows were not stored: no contacts imported yet, or people who are not among
    the user's connections (a whole LinkedIn export imports Connections.csv first)."""
    if con.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0:
        return (
            f"{count} {what} with people who are not in your contacts were not stored "
            "(import Connections.csv first to keep them)"
        )
    return (
        f"{count} {what} with people who are not among your connections were not stored "
        f"({_UNMATCHED_WHY[what]})"
    )


def import_messages(
    con: Connection, path: str | Path, *, file_name: str | None = None
) -> ImportReport:
    """LinkedIn messages.csv -> interactions (source linkedin-messages), one per message and
    contact. rows_read counts messages; an outbound message to a group adds one per contact."""
    data, name, text = _read(path, file_name)
    header, raw = csv_records(text, name)
    records = _upper_records(header, raw, _MESSAGE_COLUMNS, name)
    source = "linkedin-messages"
    with import_session(con, "interactions", name, sha256_bytes(data), source) as report:
        contacts = _ContactIndex.load(con)
        user = _user_name(con, records)
        user_urls = {
            url_key(v.get("SENDER PROFILE URL", ""))
            for _, v in records
            if name_key(v.get("FROM", "")) == user
        } - {""}
        seen, rows, unmatched = _existing_keys(con, source), [], 0
        for line, values in records:
            report.rows_read += 1
            sender, to = clean(values.get("FROM")), clean(values.get("TO"))
            if not sender and not to:
                report.reject(line, "FROM", "no sender or recipient (a LinkedIn system message)")
                continue
            try:
                occurred_at = _parse_message_date(values.get("DATE", ""))
            except ValueError:
                shown = clean(values.get("DATE"))[:40]
                report.reject(line, "DATE", f"not a date and time: '{shown}'")
                continue
            if name_key(sender) == user:
                direction = "outbound"
                names = [n for n in _split_names(to) if name_key(n) != user]
                urls = values.get("RECIPIENT PROFILE URLS", "").split(",")
            else:
                direction, names = "inbound", [sender]
                urls = [values.get("SENDER PROFILE URL", "")]
            urls = [u for u in urls if url_key(u) and url_key(u) not in user_urls]
            matches = contacts.match(urls, names)
            if not matches:
                unmatched += 1
                continue
            subject, content = clean(values.get("SUBJECT")), values.get("CONTENT", "").strip()
            note = subject or content[:NOTE_LENGTH] or None
            conversation = clean(values.get("CONVERSATION ID"))
            key = dedupe_key(source, conversation, occurred_at.isoformat(), name_key(sender))
            for contact_id in matches:
                if (key, contact_id) in seen:
                    report.rows_duplicate += 1
                    continue
                seen.add((key, contact_id))
                rows.append([contact_id, occurred_at, direction, note, source, key])
        _store(con, rows, report)
        if unmatched:
            report.notes.append(_unmatched_note(con, unmatched, "messages"))
    return report


_INVITATION_FORMATS = ("%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%Y-%m-%d %H:%M:%S")
_DIRECTIONS = {
    "OUTGOING": "outbound",
    "SENT": "outbound",
    "INCOMING": "inbound",
    "RECEIVED": "inbound",
}


def _parse_invitation_date(value: str) -> datetime:
    text = clean(value).removesuffix(" UTC")
    for fmt in _INVITATION_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(value)


def import_invitations(
    con: Connection, path: str | Path, *, file_name: str | None = None
) -> ImportReport:
    """LinkedIn Invitations.csv -> interactions (source linkedin-invitations): an OUTGOING
    invitation is outbound to To, an INCOMING one inbound from From."""
    data, name, text = _read(path, file_name)
    header, raw = csv_records(text, name)
    records = _upper_records(header, raw, _INVITATION_COLUMNS, name)
    source = "linkedin-invitations"
    with import_session(con, "interactions", name, sha256_bytes(data), source) as report:
        contacts = _ContactIndex.load(con)
        seen, rows, unmatched = _existing_keys(con, source), [], 0
        for line, values in records:
            report.rows_read += 1
            raw_direction = clean(values.get("DIRECTION")).upper()
            direction = _DIRECTIONS.get(raw_direction)
            if direction is None:
                reason = f"direction must be OUTGOING or INCOMING, not '{raw_direction[:40]}'"
                report.reject(line, "Direction", reason)
                continue
            try:
                occurred_at = _parse_invitation_date(values.get("SENT AT", ""))
            except ValueError:
                shown = clean(values.get("SENT AT"))[:40]
                report.reject(line, "Sent At", f"not a date and time: '{shown}'")
                continue
            party, url_column = (
                ("TO", "INVITEE") if direction == "outbound" else ("FROM", "INVITER")
            )
            urls = [
                values.get(f"{url_column}PROFILEURL", ""),
                values.get(f"{url_column}PROFILEURN", ""),
            ]
            urls = [u for u in urls if "linkedin.com/" in u.casefold()]  # URNs cannot be matched
            matches = contacts.match(urls, [clean(values.get(party))])
            if not matches:
                unmatched += 1
                continue
            message = values.get("MESSAGE", "").strip()
            note = (
                message[:NOTE_LENGTH]
                or f"connection invitation ({'sent' if direction == 'outbound' else 'received'})"
            )
            key = dedupe_key(
                source,
                name_key(values.get("FROM", "")),
                name_key(values.get("TO", "")),
                occurred_at.isoformat(),
            )
            for contact_id in matches:
                if (key, contact_id) in seen:
                    report.rows_duplicate += 1
                    continue
                seen.add((key, contact_id))
                rows.append([contact_id, occurred_at, direction, note, source, key])
        _store(con, rows, report)
        if unmatched:
            report.notes.append(_unmatched_note(con, unmatched, "invitations"))
    return report
