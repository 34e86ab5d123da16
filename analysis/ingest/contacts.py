"""Import a contacts file: LinkedIn Connections.csv / Contacts.csv, Google or Outlook CSV, vCard.

    report = import_contacts(con, "Connections.csv", progress=print)

The format is detected from the content (contacts_csv, contacts_vcard); people are merged into
existing contacts (contacts_book); contacts_merge lists and merges possible duplicates. One file
is one transaction: a refused file (ImportFailed) stores nothing, and a re-imported file adds
nothing (every row a duplicate).
"""

from __future__ import annotations

from pathlib import Path

from analysis.errors import ImportFailed
from analysis.ingest.common import (
    ImportReport,
    Progress,
    decode_bytes,
    import_session,
    sha256_bytes,
)
from analysis.ingest.contacts_book import ADDED, DUPLICATE, UPDATED, ContactBook
from analysis.ingest.contacts_csv import parse_csv
from analysis.ingest.contacts_formats import ContactRecord, ParsedFile
from analysis.ingest.contacts_merge import merge_contacts, possible_duplicates
from analysis.ingest.contacts_vcard import looks_like_vcard, parse_vcards
from analysis.store import Connection

__all__ = [
    "ContactRecord", "import_contacts", "merge_contacts", "parse_contacts", "possible_duplicates",
]  # fmt: skip

PROGRESS_EVERY = 2000  # records between progress calls
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def parse_contacts(data: bytes, file_name: str, progress: Progress | None = None) -> ParsedFile:
    """Detect the format of a contacts file from its bytes and parse it; ImportFailed if none.

    Only vCard parsing is slow enough to report progress (in cards).
    """
    if data.startswith(_ZIP_MAGIC):
        raise ImportFailed(
            file_name,
            "this is a ZIP archive (or an Excel workbook), not a contacts file: unzip it and "
            "import Connections.csv, or save the sheet as CSV",
        )
    text = decode_bytes(data, file_name)
    if looks_like_vcard(text):
        return parse_vcards(text, file_name, progress)
    return parse_csv(text, file_name)


def import_contacts(
    con: Connection,
    path: str | Path,
    *,
    file_name: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one contacts file into the workspace and return what happened.

    rows_read counts the file's non-blank data rows (or vCards); each is added (a new
    contact), updated (merged into an existing one, or a job change), a duplicate (nothing
    new) or rejected with a reason. Raises ImportFailed when the file is not a contacts file.
    """
    path = Path(path)
    name = file_name or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(name, f"cannot read the file: {exc.strerror or exc}") from exc
    parsed = parse_contacts(data, name, progress)
    merge_progress = progress if parsed.file_format != "vcard" else None  # reported while parsing
    total = len(parsed.records)
    with import_session(con, "contacts", name, sha256_bytes(data), parsed.file_format) as report:
        report.rows_read = parsed.rows_read
        report.notes.extend(parsed.notes)
        for rejection in parsed.rejections:
            report.reject(rejection.line, rejection.column, rejection.reason)
        book = ContactBook(con, report.import_id)
        if book.check_linkedin_export_age(parsed.records):
            report.notes.append(
                "this LinkedIn export is older than one already imported: new people and empty "
                "fields were added, but companies and positions were left as they are"
            )
        counts = {ADDED: 0, UPDATED: 0, DUPLICATE: 0}
        for done, record in enumerate(parsed.records, start=1):
            counts[book.add(record)] += 1
            if merge_progress and done % PROGRESS_EVERY == 0:
                merge_progress(done, total)
        book.flush()
        if kept := len(book.kept_newer_job):
            who = "1 connection kept its" if kept == 1 else f"{kept} connections kept their"
            report.notes.append(
                f"{who} newer company or position: this file looks older than a Connections "
                "export imported before"
            )
        report.rows_added, report.rows_updated = counts[ADDED], counts[UPDATED]
        report.rows_duplicate = counts[DUPLICATE]
        if progress:
            progress(total, total)
    return report
