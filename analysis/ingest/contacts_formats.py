"""What every contacts format shares: the ContactRecord, the parse result, value normalisers.

Parsers: contacts_csv.py (LinkedIn, Google, Outlook CSV layouts), contacts_vcard.py (vCard).
Nothing here touches the database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import unquote

from nameparser import HumanName

from analysis.ingest.common import Rejection

SYSTEM_LABELS = frozenset({"mycontacts", "my contacts"})  # every contact has it: not a tag


@dataclass(slots=True)
class ContactRecord:
    """One person as a source file describes them, with values already normalised."""

    line: int  # where the record starts: CSV line or BEGIN:VCARD line (1-based)
    source: str  # linkedin | google | outlook | vcard
    full_name: str
    first_name: str | None = None
    last_name: str | None = None
    emails: tuple[str, ...] = ()  # normalised, the preferred one first
    phone: str | None = None
    company: str | None = None
    position: str | None = None
    profile_url: str | None = None  # normalised LinkedIn URL
    connected_on: date | None = None
    tags: tuple[str, ...] = ()
    notes: str | None = None
    current_job: bool = False  # company/position are today's (LinkedIn Connections.csv)


@dataclass
class ParsedFile:
    file_format: str
    records: list[ContactRecord] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0


# --- value normalisers ------------------------------------------------------------------------

_EMAIL = re.compile(r"^[^@\s,;:<>()\[\]]+@[^@\s,;:<>()\[\]]+\.[^@\s,;:<>()\[\]]+$")
_LINKEDIN = re.compile(r"^(?:https?://)?(?:[\w-]+\.)?linkedin\.com/(in|pub)/([^?#\s]+)", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NON_WORD = re.compile(r"[\W_]+")
_DATE_FORMATS = (
    "%d %b %Y", "%d %B %Y", "%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%m/%d/%y",
    "%m/%d/%Y", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%b %d, %Y",
)  # fmt: skip
_DAY_FIRST_FORMATS = tuple(fmt.replace("%m/%d/", "%d/%m/") for fmt in _DATE_FORMATS)


def clean(value: str | None) -> str | None:
    """Trimmed single-line text without control characters; None when nothing is left."""
    if not value:
        return None
    text = " ".join(_CONTROL.sub("", value).split())
    return text or None


def clean_note(value: str | None) -> str | None:
    """Like clean() but keeps line breaks (normalised to \\n)."""
    if not value:
        return None
    text = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return text or None


def normalise_email(value: str | None) -> str | None:
    """Lower-case, trimmed address, or None when it is not an address."""
    if not value:
        return None
    text = value.strip().lower()
    if text.startswith("mailto:"):
        text = text[7:]
    text = text.strip("<> \t")
    return text if _EMAIL.match(text) else None


def normalise_linkedin_url(value: str | None) -> str | None:
    """https://www.linkedin.com/in/<slug> (lower-case, no query or trailing slash), else None.

    Old public URLs (/pub/name/1/23/456) keep their path. Apple's escaped "http\\://" works.
    """
    if not value:
        return None
    match = _LINKEDIN.match(value.strip().replace("\\:", ":"))
    if not match:
        return None
    parts = [p for p in unquote(match.group(2)).split("/") if p]
    if not parts:
        return None
    if match.group(1).lower() == "in":
        return f"https://www.linkedin.com/in/{parts[0].lower()}"
    return "https://www.linkedin.com/pub/" + "/".join(parts).lower()


@lru_cache(maxsize=8192)
def parse_date(value: str | None, day_first: bool = False) -> date | None:
    """LinkedIn's "16 Dec 2024" and "1/8/18, 6:14 PM" (month first, or day first when the
    file's column says so: `dates.is_day_first`), ISO and a few others."""
    text = clean((value or "").replace("\u202f", " "))
    if not text:
        return None
    for fmt in _DAY_FIRST_FORMATS if day_first else _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def name_key(full_name: str) -> str:
    """Matching form of a name: before any comma (", PMP"), no accents, punctuation or emoji."""
    text = unicodedata.normalize("NFKD", full_name.split(",")[0])
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


def split_name(full_name: str) -> tuple[str | None, str | None]:
    """(first, last) of a full name, by nameparser ("Dr. Jane Q. Doe Jr." -> Jane, Doe)."""
    try:
        parsed = HumanName(full_name)
        return clean(parsed.first), clean(parsed.last)
    except Exception:  # nameparser on odd input: better no split than no contact
        return None, None


def join_name(*parts: str | None) -> str | None:
    return clean(" ".join(p for p in parts if p))


def clean_tags(values: Sequence[str]) -> tuple[str, ...]:
    """Labels without Google's "* " system marker, commas, system groups or repeats."""
    seen: dict[str, str] = {}
    for value in values:
        tag = clean((value or "").lstrip("* ").replace(",", " "))
        if tag and tag.casefold() not in SYSTEM_LABELS:
            seen.setdefault(tag.casefold(), tag)
    return tuple(seen.values())
