"""Contacts CSV files -> ContactRecords: LinkedIn Connections.csv (any preamble, any column
order, the 2018 layout without URL) and Contacts.csv, Google Contacts (legacy and current
layout), Outlook.

The header row is found by its content among the first rows, so LinkedIn's "Notes:" preamble of
any length is skipped; the layout is told by its columns, never by the file name.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.errors import ImportFailed
from analysis.ingest.common import Rejection
from analysis.ingest.contacts_formats import (
    ContactRecord,
    ParsedFile,
    clean,
    clean_note,
    clean_tags,
    join_name,
    normalise_email,
    normalise_linkedin_url,
    parse_date,
    split_name,
)
from analysis.ingest.dates import is_day_first

HEADER_SEARCH_ROWS = 30  # a preamble longer than this is not a contacts export
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Layout:
    """Which columns of one CSV layout hold which field. Names are lower-case; an entry starting
    with "^" is a regular expression (e.g. every "E-mail N - Value" column)."""

    file_format: str
    source: str
    name_column: str  # named in the "no name" rejection
    full_name: tuple[str, ...] = ()
    first: tuple[str, ...] = ()
    middle: tuple[str, ...] = ()
    last: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    company: tuple[str, ...] = ()
    position: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    connected_on: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    current_job: bool = False  # the file says where people work now
    multi_separator: str | None = None  # several values in one cell ...
    multi_fields: tuple[str, ...] = ("emails", "phones", "urls", "company", "position")  # ... here
    tag_separator: str | None = None


LINKEDIN_CONNECTIONS = Layout(
    "linkedin-connections", "linkedin", "First Name",
    first=("first name",), last=("last name",), emails=("email address",),
    company=("company",), position=("position",), urls=("url",),
    connected_on=("connected on",), current_job=True,
)  # fmt: skip
LINKEDIN_CONTACTS = Layout(
    "linkedin-contacts", "linkedin", "FirstName",
    full_name=("fullname",), first=("firstname",), last=("lastname",), emails=("emails",),
    phones=("phonenumbers",), company=("companies",), position=("title",),
    urls=("profiles", "sites"), multi_separator=",", multi_fields=("emails", "phones", "urls"),
)  # fmt: skip
GOOGLE_LEGACY = Layout(
    "google-contacts-legacy", "google", "Name",
    full_name=("name",), first=("given name",), middle=("additional name",),
    last=("family name",), emails=(r"^e-mail \d+ - value$",), phones=(r"^phone \d+ - value$",),
    company=(r"^organization \d+ - name$",), position=(r"^organization \d+ - title$",),
    urls=(r"^website \d+ - value$",), tags=("group membership",), notes=("notes",),
    multi_separator=" ::: ", tag_separator=" ::: ",
)  # fmt: skip
GOOGLE_CURRENT = Layout(
    "google-contacts", "google", "First Name",
    first=("first name",), middle=("middle name",), last=("last name",),
    emails=(r"^e-mail \d+ - value$",), phones=(r"^phone \d+ - value$",),
    company=("organization name", r"^organization \d+ - name$"),
    position=("organization title", r"^organization \d+ - title$"),
    urls=(r"^website \d+ - value$",), tags=("labels",), notes=("notes",),
    multi_separator=" ::: ", tag_separator=" ::: ",
)  # fmt: skip
OUTLOOK = Layout(
    "outlook-csv", "outlook", "First Name",
    first=("first name",), middle=("middle name",), last=("last name",),
    emails=("e-mail address", r"^e-mail \d address$"),
    phones=("mobile phone", "business phone", "home phone", "primary phone", "other phone"),
    company=("company",), position=("job title",), urls=("web page",),
    tags=("categories",), notes=("notes",), tag_separator=";",
)  # fmt: skip


def detect_layout(header: Sequence[str]) -> Layout | None:
    """The layout whose tell-tale columns this row has, or None when it is not a header."""
    cols = {h.strip().lstrip("\ufeff").casefold() for h in header}
    if {"first name", "last name", "connected on"} <= cols:
        return LINKEDIN_CONNECTIONS
    if {"given name", "family name"} <= cols and ("name" in cols or "group membership" in cols):
        return GOOGLE_LEGACY
    if {"first name", "last name"} <= cols and (
        cols & {"labels", "organization name", "e-mail 1 - value"}
    ):
        return GOOGLE_CURRENT
    if {"first name", "last name"} <= cols and (cols & {"e-mail address", "job title"}):
        return OUTLOOK
    if {"first name", "last name", "company"} <= cols:
        return LINKEDIN_CONNECTIONS  # a Connections.csv without its date column
    if {"firstname", "lastname", "emails"} <= cols:
        return LINKEDIN_CONTACTS
    return None


def _resolve(header: Sequence[str], names: tuple[str, ...]) -> list[int]:
    lowered = [h.strip().lstrip("\ufeff").casefold() for h in header]
    found: list[int] = []
    for name in names:
        if name.startswith("^"):
            found += [i for i, h in enumerate(lowered) if re.match(name, h) and i not in found]
        else:  # every column of that name: a repeated one may hold what the first lacks
            found += [i for i, h in enumerate(lowered) if h == name and i not in found]
    return found


RowParser = Callable[[list[str], int], "ContactRecord | Rejection"]


def row_parser(
    layout: Layout, header: Sequence[str], notes: list[str], day_first: bool = False
) -> RowParser:
    """A function turning one CSV row (and its line number) into a record or a rejection;
    slashed dates are read day first with `day_first` (13/07/2023)."""
    idx = {f: _resolve(header, getattr(layout, f)) for f in (
        "full_name", "first", "middle", "last", "emails", "phones", "company", "position",
        "urls", "connected_on", "tags", "notes",
    )}  # fmt: skip
    date_column = header[idx["connected_on"][0]].strip() if idx["connected_on"] else None
    sep, tag_sep = layout.multi_separator, layout.tag_separator

    def values(row: list[str], f: str, separator: str | None = None) -> list[str]:
        if separator is None and f in layout.multi_fields:
            separator = sep
        out: list[str] = []
        for i in idx[f]:
            cell = row[i] if i < len(row) else ""
            if cell and cell.strip() and cell.strip().lower() != "null":
                out += cell.split(separator) if separator else [cell]
        return out

    def first(row: list[str], f: str) -> str | None:
        for value in values(row, f):
            if text := clean(value):
                return text
        return None

    def parse(row: list[str], line: int) -> ContactRecord | Rejection:
        first_name, last_name = first(row, "first"), first(row, "last")
        full = first(row, "full_name") or join_name(first_name, first(row, "middle"), last_name)
        if not full:
            return Rejection(line, layout.name_column, "no name")
        if not first_name and not last_name:
            first_name, last_name = split_name(full)
        emails: list[str] = []
        for raw in values(row, "emails"):
            if email := normalise_email(raw):
                if email not in emails:
                    emails.append(email)
            elif raw.strip():
                notes.append(f"line {line}: '{raw.strip()}' is not an e-mail address, left out")
        connected_on = None
        if raw_date := first(row, "connected_on"):
            connected_on = parse_date(raw_date, day_first)
            if connected_on is None:
                notes.append(f"line {line}: unreadable date '{raw_date}' in '{date_column}'")
        url = next(filter(None, map(normalise_linkedin_url, values(row, "urls"))), None)
        return ContactRecord(
            line=line, source=layout.source, full_name=full, first_name=first_name,
            last_name=last_name, emails=tuple(emails), phone=first(row, "phones"),
            company=first(row, "company"), position=first(row, "position"), profile_url=url,
            connected_on=connected_on, tags=clean_tags(values(row, "tags", tag_sep)),
            notes=clean_note("\n".join(values(row, "notes"))), current_job=layout.current_job,
        )  # fmt: skip

    return parse


def _records(text: str, file_name: str, delimiter: str, strict: bool, header: list[str]):
    """(start line, fields) for every CSV record; ImportFailed on an unclosed quote.

    ``header`` is filled in by the caller once found, so the error can name the column.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = str(exc)
            if "unexpected end of data" in message:
                rest = "\n".join(_LINE_BREAK.split(text)[start - 1 :])
                partial = next(csv.reader(io.StringIO(rest, newline=""), delimiter=delimiter), [])
                index = len(partial) - 1
                raise ImportFailed(
                    file_name,
                    "a quoted value is never closed: the file ends inside it "
                    "(was it cut off while copying or downloading?)",
                    line=start,
                    column=header[index].strip() if 0 <= index < len(header) else None,
                ) from exc
            if "field larger than field limit" in message:
                raise ImportFailed(
                    file_name, "a value is longer than 131,072 characters: not a contacts file",
                    line=start,
                ) from exc  # fmt: skip
            if strict:
                raise _StrictError from exc
            raise ImportFailed(
                file_name, f"not a readable CSV file ({message})", line=start
            ) from exc
        yield start, row
        start = reader.line_num + 1


class _StrictError(Exception):
    """Malformed quoting the lenient reader accepts (e.g. text after a closing quote)."""


def parse_csv(text: str, file_name: str) -> ParsedFile:
    """Find the header row by its content, then turn every later row into a record."""
    try:
        return _parse_csv(text, file_name, strict=True)
    except _StrictError:
        return _parse_csv(text, file_name, strict=False)


def _parse_csv(text: str, file_name: str, strict: bool) -> ParsedFile:
    first_line = next((ln for ln in text[:65536].splitlines() if ln.strip()), "")
    delimiters = sorted(",;\t", key=lambda d: -first_line.count(d)) if first_line else [","]
    for delimiter in delimiters:
        found: list[str] = []
        rows = _records(text, file_name, delimiter, strict, found)
        for scanned, (_, header) in enumerate(rows):
            if scanned >= HEADER_SEARCH_ROWS:
                break
            if layout := detect_layout(header):
                found += header
                return _parse_rows(layout, header, rows)
    raise ImportFailed(
        file_name,
        "no contact columns found: expected a LinkedIn Connections.csv (First Name, Last Name, "
        "... Connected On), a Google or Outlook contacts CSV, or a vCard (.vcf) file",
        line=1,
    )


def _parse_rows(layout: Layout, header: list[str], rows) -> ParsedFile:
    parsed = ParsedFile(layout.file_format)
    rows = list(rows)
    # A European export writes 04/07/2023 for 4 July: the whole column decides (13/07/2023).
    columns = _resolve(header, layout.connected_on)
    dates = [row[i] for _, row in rows for i in columns if i < len(row) and row[i].strip()]
    day_first = bool(dates) and is_day_first(pd.Series(dates, dtype="object"))
    parse = row_parser(layout, header, parsed.notes, day_first)
    width = len(header)
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # blank line
        parsed.rows_read += 1
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            parsed.rejections.append(Rejection(
                line, None,
                f"{len(row)} values but the header has {width} columns "
                "(a comma in a value that is not quoted?)",
            ))  # fmt: skip
            continue
        result = parse(row, line)
        if isinstance(result, Rejection):
            parsed.rejections.append(result)
        else:
            parsed.records.append(result)
    return parsed
