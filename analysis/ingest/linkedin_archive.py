"""The whole LinkedIn data-export ZIP (or its unpacked folder), imported atomically.

The files we use are imported in dependency order (the profile first, so messages know whose
export it is; connections before messages and invitations, which attach to contacts), all in
one transaction: a failure in any file leaves the workspace as it was.
"""

from __future__ import annotations

import contextlib
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from analysis import store
from analysis.errors import ImportFailed
from analysis.ingest.common import ImportReport, Progress
from analysis.store import Connection

MAX_MEMBER_BYTES = 1 << 30  # a LinkedIn CSV is megabytes; refuse a "zip bomb"


def _import_profile(con: Connection, path: Path, file_name: str) -> ImportReport:
    from analysis.ingest.profile import import_profile

    return import_profile(con, path, file_name=file_name)


def _import_contacts(con: Connection, path: Path, file_name: str) -> ImportReport:
    from analysis.ingest.contacts import import_contacts

    return import_contacts(con, path, file_name=file_name)


def _import_messages(con: Connection, path: Path, file_name: str) -> ImportReport:
    from analysis.ingest.interactions import import_messages

    return import_messages(con, path, file_name=file_name)


def _import_invitations(con: Connection, path: Path, file_name: str) -> ImportReport:
    from analysis.ingest.interactions import import_invitations

    return import_invitations(con, path, file_name=file_name)


def _import_postings(con: Connection, path: Path, file_name: str) -> ImportReport:
    from analysis.ingest.postings import import_postings

    return import_postings(con, path, file_name=file_name)


Importer = Callable[[Connection, Path, str], ImportReport]

# The files we use, in import order, named as in the export (matched by base name, any case).
KNOWN_FILES: list[tuple[str, Importer]] = [
    ("Profile.csv", _import_profile),
    ("Positions.csv", _import_profile),
    ("Skills.csv", _import_profile),
    ("Endorsement_Received_Info.csv", _import_profile),
    ("Connections.csv", _import_contacts),
    ("messages.csv", _import_messages),
    ("Invitations.csv", _import_invitations),
    ("Jobs/Job Seeker Preferences.csv", _import_profile),
    ("Jobs/Saved Jobs.csv", _import_postings),
]


@dataclass
class ArchiveReport:
    """One ImportReport per imported file; files we do not use; expected files not found."""

    archive: str
    reports: list[ImportReport] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"{self.archive}: {len(self.reports)} files imported"]
        lines += [f"  {report.summary()}" for report in self.reports]
        if self.missing:
            lines.append(f"  not in the export: {', '.join(self.missing)}")
        if self.skipped:
            lines.append(f"  not used: {', '.join(self.skipped)}")
        return "\n".join(lines)


def _base(name: str) -> str:
    return PurePosixPath(name).name.casefold()


def _members(path: Path, name: str, stack: contextlib.ExitStack) -> dict[str, Callable[[], bytes]]:
    """Relative member path -> reader, for a ZIP file or an unpacked export folder."""
    if path.is_dir():
        return {
            p.relative_to(path).as_posix(): p.read_bytes
            for p in sorted(path.rglob("*"))
            if p.is_file() and not p.name.startswith(".")
        }
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFailed(name, f"not a readable ZIP archive ({exc})") from exc

    def reader(info: zipfile.ZipInfo) -> Callable[[], bytes]:
        def read() -> bytes:
            if info.file_size > MAX_MEMBER_BYTES:
                raise ImportFailed(f"{name}/{info.filename}", "the file is too large (over 1 GiB)")
            try:
                with archive.open(info) as fh:
                    data = fh.read(MAX_MEMBER_BYTES + 1)
            except (zipfile.BadZipFile, zlib.error, RuntimeError, OSError, EOFError,
                    ValueError) as exc:  # fmt: skip
                reason = f"the ZIP archive is damaged ({exc})"
                raise ImportFailed(f"{name}/{info.filename}", reason) from exc
            if len(data) > MAX_MEMBER_BYTES:
                raise ImportFailed(f"{name}/{info.filename}", "the file is too large (over 1 GiB)")
            return data

        return read

    infos = [i for i in archive.infolist() if not i.is_dir()]
    return {i.filename: reader(i) for i in infos if not _base(i.filename).startswith(".")}


def _strip_root(names: list[str]) -> dict[str, str]:
    """Member path -> path shown to the user, without a folder that holds everything."""
    parts = [PurePosixPath(n).parts for n in names]
    if parts and all(len(p) > 1 for p in parts) and len({p[0] for p in parts}) == 1:
        return {n: "/".join(p[1:]) for n, p in zip(names, parts, strict=True)}
    return {n: n for n in names}


def import_linkedin_archive(
    con: Connection, path: str | Path, *, progress: Progress | None = None
) -> ArchiveReport:
    """Import every file we use from a LinkedIn data export, in one transaction.

    Raises ImportFailed (and stores nothing) for a damaged ZIP, an export without any file we
    know, or the first file that fails.
    """
    path = Path(path)
    name = path.name
    if not path.exists():
        raise ImportFailed(name, "the file does not exist")
    with contextlib.ExitStack() as stack:
        return _import_members(con, name, _members(path, name, stack), progress)


def _import_members(
    con: Connection, name: str, members: dict[str, Callable[[], bytes]], progress: Progress | None
) -> ArchiveReport:
    shown = _strip_root(sorted(members))
    by_base: dict[str, str] = {}
    for member in sorted(members, key=lambda m: (m.count("/"), m)):  # shallowest first
        by_base.setdefault(_base(member), member)
    report = ArchiveReport(name)
    plan: list[tuple[str, Importer]] = []
    for expected, importer in KNOWN_FILES:
        member = by_base.get(_base(expected))
        if member is None:
            report.missing.append(expected)
        else:
            plan.append((member, importer))
    used = {member for member, _ in plan}
    report.skipped = [shown[m] for m in sorted(members) if m not in used]
    if not plan:
        expected = ", ".join(PurePosixPath(e).name for e, _ in KNOWN_FILES)
        raise ImportFailed(name, f"no LinkedIn export files found (expected {expected})")
    with tempfile.TemporaryDirectory(prefix="waypoint-linkedin-") as tmp, store.transaction(con):
        for done, (member, importer) in enumerate(plan):
            if progress:
                progress(done, len(plan))
            data = members[member]()
            file_name = f"{name}/{shown[member]}"
            if not data.strip():
                report.skipped.append(f"{shown[member]} (empty)")
                continue
            target = Path(tmp) / str(done) / PurePosixPath(member).name
            target.parent.mkdir()
            target.write_bytes(data)
            report.reports.append(importer(con, target, file_name))
        if progress:
            progress(len(plan), len(plan))
    return report
