"""Progress bars of the command line: tqdm on stderr, hidden when stderr is not a terminal."""

from __future__ import annotations

import contextlib
import sys


def progress_bar(description: str, unit: str = " rows"):
    """A tqdm bar on stderr (hidden when stderr is not a terminal) and its update callback."""
    from tqdm import tqdm

    bar = tqdm(desc=description, unit=unit, file=sys.stderr, disable=None, leave=False)

    def update(done: int, total: int | None) -> None:
        if total and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    return bar, update


@contextlib.contextmanager
def refresh_progress():
    """The progress callback of `refresh_skills`: a tqdm bar per step, named as
    dispatch.REFRESH_STEPS names it ("Finding skills in the postings: 40%|...")."""
    from analysis.ingest.dispatch import REFRESH_STEPS

    current: dict = {}

    def update(step: str, done: int, total: int | None) -> None:
        if current.get("step") != step:
            if "bar" in current:
                current["bar"].close()
            current["step"] = step
            current["bar"], current["update"] = progress_bar(REFRESH_STEPS[step], " postings")
        current["update"](done, total)

    try:
        yield update
    finally:
        if "bar" in current:
            current["bar"].close()
