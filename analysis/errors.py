"""The project's own exceptions: a human title plus a detail that names file, row and column."""

from __future__ import annotations

from pathlib import Path


class WaypointError(Exception):
    """Base error with a short title and an explanatory detail, shown as-is to the user."""

    def __init__(self, title: str, detail: str = "") -> None:
        self.title = title
        self.detail = detail
        super().__init__(f"{title}: {detail}" if detail else title)


class WorkspaceError(WaypointError):
    """The workspace file cannot be opened, is locked, or is newer than this code."""


class ImportFailed(WaypointError):
    """An import was refused as a whole; nothing was stored."""

    def __init__(self, file: str, reason: str, line: int | None = None, column: str | None = None):
        where = file
        if line is not None:
            where += f", line {line}"
        if column:
            where += f", column '{column}'"
        self.file, self.line, self.column, self.reason = file, line, column, reason
        super().__init__(f"Cannot import {where}", reason)


def cannot_write(title: str, exc: OSError, out: Path) -> WaypointError:
    """ "Cannot write the report: /a/file is a file, not a folder" or "...: /ro/report.html:
    Permission denied", naming the path that failed and why."""
    blocker = next((p for p in out.parents if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        return WaypointError(title, f"{blocker} is a file, not a folder")
    return WaypointError(title, f"{exc.filename or out}: {exc.strerror or exc}")


def is_interrupt(exc: BaseException) -> bool:
    """Ctrl-C as Python raises it, or as DuckDB does when it lands inside a query or while it
    opens a file (an InterruptException, "Query interrupted", or a plain duckdb.Error
    "KeyboardInterrupt: ...")."""
    import duckdb

    return (
        isinstance(exc, KeyboardInterrupt | duckdb.InterruptException)
        or (isinstance(exc, RuntimeError) and str(exc) == "Query interrupted")
        or (isinstance(exc, duckdb.Error) and str(exc).startswith("KeyboardInterrupt"))
    )
