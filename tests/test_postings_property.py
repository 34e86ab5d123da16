"""Property tests: whatever bytes or CSV text arrive, the postings importer either imports or
raises ImportFailed, and a failure stores nothing."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import store
from analysis.errors import ImportFailed
from analysis.ingest.postings import import_postings
from tests.conftest import snapshot

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
SUFFIXES = st.sampled_from([".csv", ".tsv", ".json", ".jsonl", ".parquet", ".xlsx", ".txt"])
HEADERS = st.lists(
    st.sampled_from(["title", "company", "description", "date_posted", "url", "salary",
                     "interval", "min_amount", "location", "is_remote", "x", "Job Title"]),
    min_size=1, max_size=6, unique=True,
)  # fmt: skip
CELLS = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)


def _check(con, path: Path) -> None:
    before = snapshot(con)
    try:
        report = import_postings(con, path)
    except ImportFailed:
        assert snapshot(con) == before
        return
    after = con.execute("SELECT count(*) FROM postings").fetchone()[0]
    assert report.rows_added == after - len(before["postings"])
    assert report.rows_read == report.rows_added + report.rows_duplicate + report.rows_rejected


@SETTINGS
@given(content=st.binary(max_size=400), suffix=SUFFIXES)
def test_random_bytes(content, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        con = store.connect(":memory:")
        path = Path(tmp) / f"random{suffix}"
        path.write_bytes(content)
        _check(con, path)


@SETTINGS
@given(header=HEADERS, rows=st.lists(st.lists(CELLS, min_size=0, max_size=7), max_size=8))
def test_random_csv(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        con = store.connect(":memory:")
        path = Path(tmp) / "random.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        _check(con, path)
        if (Path(tmp) / "random.csv").exists():
            # Re-importing whatever was accepted adds nothing.
            try:
                again = import_postings(con, path)
            except ImportFailed:
                return
            assert again.rows_added == 0
