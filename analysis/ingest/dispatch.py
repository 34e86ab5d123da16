"""One entry point for every importer, used by the command line and the dashboard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from analysis.errors import ImportFailed
from analysis.ingest.common import ImportReport, Progress
from analysis.ingest.detect import KINDS, guess_kind
from analysis.store import Connection


@dataclass
class ImportOutcome:
    kind: str
    reports: list[ImportReport]
    skipped: list[str] = field(default_factory=list)


def import_file(
    con: Connection,
    path: str | Path,
    kind: str | None = None,
    *,
    file_name: str | None = None,
    mapping: dict[str, str] | None = None,
    source: str | None = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import one file with the importer for ``kind`` (guessed from the file when None)."""
    path = Path(path)
    name = file_name or path.name
    if path.is_dir() and kind in (None, "linkedin-archive"):
        kind = "linkedin-archive"  # an unpacked export: the archive importer reads folders
    elif path.is_dir():
        raise ImportFailed(name, f"this is a folder, not a file: give the {kind} file in it")
    elif not path.is_file():
        raise ImportFailed(name, "file not found")
    else:
        try:
            with open(path, "rb") as fh:
                head = fh.read(8192)
        except OSError as exc:  # no read permission, a file locked by another program
            raise ImportFailed(name, f"cannot read the file ({exc.strerror or exc})") from exc
        if kind is None:
            kind = guess_kind(name, head)
    if kind not in KINDS:
        raise ImportFailed(name, f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if kind == "postings":
        from analysis.ingest.postings import import_postings

        report = import_postings(
            con, path, file_name=name, mapping=mapping, source=source, progress=progress
        )
        return ImportOutcome(kind, [report])
    if kind == "contacts":
        from analysis.ingest.contacts import import_contacts

        return ImportOutcome(kind, [import_contacts(con, path, file_name=name, progress=progress)])
    if kind == "profile":
        from analysis.ingest.profile import import_profile

        return ImportOutcome(kind, [import_profile(con, path, file_name=name)])
    if kind == "interactions":
        from analysis.ingest import interactions

        if "invitation" in name.lower():
            return ImportOutcome(kind, [interactions.import_invitations(con, path, file_name=name)])
        return ImportOutcome(kind, [interactions.import_messages(con, path, file_name=name)])
    from analysis.ingest.linkedin_archive import import_linkedin_archive

    result = import_linkedin_archive(con, path)
    return ImportOutcome(kind, list(result.reports), list(result.skipped))


# The steps of `refresh_skills`, as progress names them.
REFRESH_STEPS = {
    "skills": "Finding skills in the postings",
    "clusters": "Grouping the postings into role clusters",
}


def refresh_skills(
    con: Connection, progress: Callable[[str, int, int | None], None] | None = None
) -> None:
    """After imports: find skills in postings not processed yet (incremental), then bring the
    precomputed market views (role clusters, emerging terms) up to date, so the dashboard
    shows them at once. `progress(step, done, total)` follows each step of REFRESH_STEPS in
    postings: "skills" (only when postings wait for it), then "clusters"."""
    from analysis.market_precompute import refresh_precomputed
    from analysis.skills.sync import extract_pending

    def step(name: str) -> Progress | None:
        return None if progress is None else partial(progress, name)

    extract_pending(con, progress=step("skills"))
    refresh_precomputed(con, step("clusters"))
