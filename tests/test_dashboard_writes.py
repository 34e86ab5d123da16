"""Changes from the dashboard to one workspace run one at a time (two tabs importing at once
stored skill links twice); changes to different workspaces do not wait for each other."""

from __future__ import annotations

import threading
import time

from analysis import store
from ui import data


def _second_waits(first_path, second_path) -> tuple[bool, list[str]]:
    """Hold a change to `first_path`; try one to `second_path` meanwhile. Returns whether the
    second had to wait, and the order in which the changes ended."""
    order: list[str] = []
    holding, release = threading.Event(), threading.Event()

    def first() -> None:
        with data.writing(first_path):
            holding.set()
            release.wait(10)
            order.append("first")

    def second() -> None:
        with data.writing(second_path):
            order.append("second")

    a = threading.Thread(target=first)
    a.start()
    holding.wait(10)
    b = threading.Thread(target=second)
    b.start()
    time.sleep(0.5)
    waited = b.is_alive()
    release.set()
    a.join(10)
    b.join(10)
    return waited, order


def test_two_changes_to_one_workspace_run_one_after_the_other(tmp_path):
    path = tmp_path / "w.duckdb"
    store.connect(path).close()
    assert _second_waits(path, path) == (True, ["first", "second"])


def test_changes_to_two_workspaces_do_not_wait(tmp_path):
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    for path in (one, two):
        store.connect(path).close()
    assert _second_waits(one, two) == (False, ["second", "first"])
