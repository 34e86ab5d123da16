"""The project's own exceptions: a human title plus a detail that names file, row and column."""

from __future__ import annotations


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
