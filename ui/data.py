"""The dashboard's only door to analysis/: workspace choice, short-lived connections, caching.

Connections are opened per use and closed at once, so the command line can write to the same
workspace between two interactions (DuckDB allows one writing process at a time). Cached
results are keyed by the workspace file's modification time, so any write is seen at once.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

import streamlit as st

from analysis import settings, store

DEMO = "Demo workspace"
OWN = "My workspace"


def workspace_choices() -> dict[str, Path]:
    """The demo, your own workspace, and every other workspace file beside it (a coach's
    clients: data/anna.duckdb reads "anna"), by name."""
    own = settings.db_path()
    choices = {DEMO: settings.DEMO_DB, OWN: own}
    if own.parent.is_dir():
        for path in sorted(own.parent.glob("*.duckdb")):
            if path.is_file() and path not in (own, settings.DEMO_DB) and path.stem not in choices:
                choices[path.stem] = path
    return choices


def create_workspace(name: str) -> str:
    """Create an empty workspace called `name` beside your own and choose it (call it from a
    widget's callback); returns its choice. WaypointError for a bad or taken name."""
    path = settings.new_workspace_path(name)
    store.connect(path).close()
    choose(path.stem)
    return path.stem


def default_choice() -> str:
    """Your own workspace when it exists, else the demo so a newcomer sees a full dashboard."""
    return OWN if settings.db_path().exists() else DEMO


def _path_of(choice: str | None) -> Path | None:
    """The file of a choice of workspace_choices(), without listing the folder (every cached
    read asks); None for a file since moved away."""
    if choice in (DEMO, OWN):
        return settings.DEMO_DB if choice == DEMO else settings.db_path()
    path = settings.db_path().parent / f"{choice}.duckdb"
    return path if choice and path.is_file() else None


def current_choice() -> str:
    chosen = st.session_state.get("workspace_choice")
    return chosen if _path_of(chosen) is not None else default_choice()


def choose(choice: str) -> None:
    """Switch workspace, as the sidebar's choice does (call it from a widget's callback)."""
    st.session_state["workspace_choice"] = choice


def current_path() -> Path:
    choice = current_choice()
    path = _path_of(choice)
    if choice == DEMO:
        # Once per server: creates the demo, or writes it again when this code's demo differs.
        with st.spinner(
            "Preparing the demo workspace: a made-up career's postings, contacts and "
            "plan (the first start only; about half a minute)…"
        ):
            ensure_demo(str(path))
    return path


@st.cache_resource(show_spinner=False)
def ensure_demo(path: str) -> str:
    from analysis.demo import ensure_demo_workspace

    ensure_demo_workspace(Path(path))
    return path


def data_version(path: Path) -> tuple[int, int]:
    """Changes whenever the workspace file (or its write-ahead log) is written."""
    wal = path.with_name(path.name + ".wal")
    main = path.stat().st_mtime_ns if path.exists() else 0
    return main, (wal.stat().st_mtime_ns if wal.exists() else 0)


@contextlib.contextmanager
def workspace(path: Path | None = None, *, write: bool = False) -> Iterator[store.Connection]:
    """A short-lived connection; read-only when the file cannot be written and `write` is not
    asked for (then opening it says why it cannot be changed)."""
    path = path or current_path()
    con = store.connect(path) if write else store.connect_to_read(path)
    try:
        yield con
    finally:
        con.close()


_write_locks: dict[str, threading.Lock] = {}
_write_locks_guard = threading.Lock()


@contextlib.contextmanager
def writing(path: Path | None = None) -> Iterator[store.Connection]:
    """A connection for a change to the workspace (an import, a save), one at a time per
    workspace in this server. DuckDB lets two sessions of one process write at once: two tabs
    importing into one workspace both found skills in the same postings and stored them twice.
    A second change waits for the first, saying so."""
    path = path or current_path()
    with _write_locks_guard:
        lock = _write_locks.setdefault(str(path.resolve()), threading.Lock())
    if not lock.acquire(blocking=False):
        with st.spinner("Waiting for another change to this workspace (in another tab?) to "
                        "finish…"):  # fmt: skip
            lock.acquire()
    try:
        with workspace(path, write=True) as con:
            yield con
    finally:
        lock.release()


@st.cache_data(show_spinner=False)
def workspace_status(path: str, version: tuple[int, int]) -> dict:
    from analysis.cli import workspace_status as status

    with workspace(Path(path)) as con:
        return status(con)


def status() -> dict:
    path = current_path()
    return workspace_status(str(path), data_version(path))
