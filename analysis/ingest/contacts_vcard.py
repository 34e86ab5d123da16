"""vCard 2.1 / 3.0 / 4.0 files -> ContactRecords, via vobject.

Real exports break the standard in ways vobject refuses, so each card is tidied first:
quoted-printable soft line breaks ("=" at the end of a line) are joined, unindented
continuation lines (base64 photos, Outlook's QP addresses) are joined to their property, and
only the properties Waypoint reads are handed to vobject (no photos, keys, or Lotus Notes'
PROFILE line). A card vobject still cannot read is rejected with its number and line; a file
without one readable card is refused.
"""

from __future__ import annotations

import codecs
import quopri
import re
from dataclasses import dataclass, field

import vobject

from analysis.errors import ImportFailed
from analysis.ingest.common import Progress, Rejection
from analysis.ingest.contacts_formats import (
    ContactRecord,
    ParsedFile,
    clean,
    clean_note,
    clean_tags,
    join_name,
    normalise_email,
    normalise_linkedin_url,
    split_name,
)

PROGRESS_EVERY = 500
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_PROPERTY = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)[;:]")
_VOBJECT_LINE = re.compile(r"^At line \d+: ")  # counts lines of the tidied card, not the file
_MARKERS = frozenset({"BEGIN:VCARD", "END:VCARD"})
_QP_PARAMS = frozenset({"ENCODING=QUOTED-PRINTABLE", "QUOTED-PRINTABLE"})
_KEEP = frozenset({
    "BEGIN", "END", "VERSION", "N", "FN", "ORG", "TITLE", "EMAIL", "TEL", "URL", "NOTE",
    "CATEGORIES", "X-ABLABEL", "X-SOCIALPROFILE",
})  # fmt: skip


@dataclass
class _Card:
    number: int  # 1-based position in the file
    line: int  # line of its BEGIN:VCARD
    lines: list[str] = field(default_factory=list)
    terminated: bool = False


def looks_like_vcard(text: str) -> bool:
    for line in _LINE_BREAK.split(text[:4096]):
        if line.strip():
            return line.strip().upper() == "BEGIN:VCARD"
    return False


def _split_cards(text: str) -> list[_Card]:
    """Top-level BEGIN:VCARD ... END:VCARD blocks; nested (AGENT) cards stay inside."""
    cards: list[_Card] = []
    current: _Card | None = None
    depth = 0
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        marker = raw.strip().upper()
        if marker == "BEGIN:VCARD":
            if depth == 0:
                current = _Card(len(cards) + 1, number)
                cards.append(current)
            depth += 1
        if current is None:
            continue  # text between cards
        current.lines.append(raw)
        if marker == "END:VCARD":
            depth -= 1
            if depth == 0:
                current.terminated = True
                current = None
    return cards


def _is_quoted_printable(line: str) -> bool:
    return "QUOTED-PRINTABLE" in line.split(":", 1)[0].upper()


def _decode_quoted_printable(line: str) -> str:
    """The property with its value decoded (in its CHARSET) and the encoding params removed.

    vobject can do this itself but fails the whole card on one undecodable byte; here bad
    bytes become U+FFFD.
    """
    head, _, value = line.partition(":")
    params = head.split(";")
    charset = "utf-8"
    for param in params[1:]:
        if param.upper().startswith("CHARSET="):
            charset = param.split("=", 1)[1].strip('"')
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = "utf-8"
    raw = quopri.decodestring(value.encode("utf-8"))
    text = raw.decode(charset, errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    kept = [
        p for p in params if p.upper() not in _QP_PARAMS and not p.upper().startswith("CHARSET=")
    ]
    return ";".join(kept) + ":" + text


def _tidy(lines: list[str]) -> str:
    """The card as vobject can read it: logical lines, only the properties we use."""
    # Each logical line as its parts, joined once at the end: a PHOTO folded into 10,000 lines
    # was joined (and re-read) line by line, quadratic: 15 s for a 1 MB photo.
    logical: list[list[str]] = []
    soft_break = False
    quoted_printable = False
    for raw in lines:
        if not raw.strip():
            soft_break = False  # vCard 2.1 ends base64 (and some QP) values with a blank line
            continue
        marker = raw.strip().upper()
        joinable = logical and logical[-1][0].strip().upper() not in _MARKERS
        if marker in _MARKERS or not joinable:
            logical.append([raw])
        elif soft_break:
            logical[-1][-1] = logical[-1][-1][:-1]
            logical[-1].append(raw)
        elif raw[0] in " \t":
            logical[-1].append(raw[1:])
        elif not _PROPERTY.match(raw):
            logical[-1].append(raw.strip())
        else:
            logical.append([raw])
        parts = logical[-1]
        if len(parts) == 1 or ":" not in parts[0]:  # the parameters end at the first ":"
            quoted_printable = _is_quoted_printable("".join(parts))
        soft_break = quoted_printable and parts[-1].endswith("=")
    kept: list[str] = []
    depth = 0
    for line in map("".join, logical):
        match = _PROPERTY.match(line)
        name = match.group(1).upper() if match else ""
        marker = line.strip().upper()
        if marker == "BEGIN:VCARD":
            depth += 1
        if depth == 1 and name in _KEEP:
            kept.append(_decode_quoted_printable(line) if _is_quoted_printable(line) else line)
        if marker == "END:VCARD":
            depth -= 1
    return "\r\n".join(kept) + "\r\n"


def parse_vcards(text: str, file_name: str, progress: Progress | None = None) -> ParsedFile:
    """Every card as a record or a rejection; vobject is slow (~1,000 cards/s), so progress is
    reported here, every PROGRESS_EVERY cards."""
    parsed = ParsedFile("vcard")
    cards = _split_cards(text)
    readable = 0
    for card in cards:
        parsed.rows_read += 1
        if progress and parsed.rows_read % PROGRESS_EVERY == 0:
            progress(parsed.rows_read, len(cards))
        if not card.terminated:
            parsed.rejections.append(Rejection(
                card.line, None, f"card {card.number} has no END:VCARD (is the file cut off?)"
            ))  # fmt: skip
            continue
        try:
            component = vobject.readOne(_tidy(card.lines), validate=False)
            result = _record(component, card.line)
        except Exception as exc:  # vobject raises many kinds on malformed cards
            reason = _VOBJECT_LINE.sub("", " ".join(str(exc).split())) or "malformed card"
            parsed.rejections.append(
                Rejection(card.line, None, f"card {card.number} could not be read: {reason}")
            )
            continue
        readable += 1
        (parsed.rejections if isinstance(result, Rejection) else parsed.records).append(result)
    if not readable:
        first = parsed.rejections[0] if parsed.rejections else None
        raise ImportFailed(
            file_name,
            "no readable vCard in the file" + (f": {first.reason}" if first else ""),
            line=first.line if first else None,
        )
    return parsed


def _lines(component, name: str) -> list:
    return list(component.contents.get(name, []))


def _text(value) -> str | None:
    """The first non-empty component; a component vobject split at commas is re-joined."""
    if isinstance(value, (list, tuple)):
        for item in value:
            text = _text(", ".join(map(str, item)) if isinstance(item, (list, tuple)) else item)
            if text:
                return text
        return None
    return clean(value) if isinstance(value, str) else None


def _is_preferred(line) -> bool:
    params = {k.upper(): v for k, v in line.params.items()}
    types = [str(t).upper() for t in params.get("TYPE", [])]
    return "PREF" in params or "PREF" in types


def _name_parts(component) -> tuple[str | None, str | None, str | None]:
    """(given, additional, family) from N, whatever shape vobject returned."""
    n_lines = _lines(component, "n")
    if not n_lines:
        return None, None, None
    value = n_lines[0].value
    if isinstance(value, str):
        parts = (value.split(";") + ["", "", ""])[:3]
        return clean(parts[1]), clean(parts[2]), clean(parts[0])

    def part(attr: str) -> str | None:
        item = getattr(value, attr, "")
        return clean(" ".join(item) if isinstance(item, (list, tuple)) else str(item or ""))

    return part("given"), part("additional"), part("family")


def _record(component, line: int) -> ContactRecord | Rejection:
    given, additional, family = _name_parts(component)
    full = next(filter(None, (_text(fn.value) for fn in _lines(component, "fn"))), None)
    full = full or join_name(given, additional, family)
    if not full:
        return Rejection(line, "FN", "no name")
    first_name, last_name = (given, family) if given or family else split_name(full)

    email_lines = sorted(_lines(component, "email"), key=lambda ln: not _is_preferred(ln))
    emails = tuple(
        dict.fromkeys(filter(None, (normalise_email(_text(e.value)) for e in email_lines)))
    )
    tel_lines = sorted(_lines(component, "tel"), key=lambda ln: not _is_preferred(ln))
    phones = [_text(t.value) for t in tel_lines]
    phone = next((p.removeprefix("tel:") for p in phones if p), None)

    labels = {
        ln.group: (_text(ln.value) or "") for ln in _lines(component, "x-ablabel") if ln.group
    }
    profile_url = None
    for url_line in _lines(component, "url") + _lines(component, "x-socialprofile"):
        value = _text(url_line.value) or ""
        profile_url = normalise_linkedin_url(value)
        if (
            not profile_url
            and "linkedin" in labels.get(url_line.group, "").lower()
            and "/" not in value
        ):
            profile_url = normalise_linkedin_url(f"linkedin.com/in/{value}")
        if profile_url:
            break

    categories: list[str] = []
    for cat in _lines(component, "categories"):
        value = cat.value
        for item in value if isinstance(value, (list, tuple)) else [value]:
            categories += str(item).split(",")
    notes = [n.value for n in _lines(component, "note") if isinstance(n.value, str)]
    orgs, titles = _lines(component, "org"), _lines(component, "title")
    return ContactRecord(
        line=line, source="vcard", full_name=full, first_name=first_name, last_name=last_name,
        emails=emails, phone=clean(phone), company=_text(orgs[0].value) if orgs else None,
        position=_text(titles[0].value) if titles else None, profile_url=profile_url,
        tags=clean_tags(categories), notes=clean_note("\n".join(notes)),
    )  # fmt: skip
