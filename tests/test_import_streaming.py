"""The streaming postings import: parts staged through Parquet, repeats across batches and
parts, the committed-only probe, the background file scan, the prefetching thread, and the
command line's quick start."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import analysis.ingest.postings_formats as formats
import analysis.ingest.postings_store as postings_store
from analysis.errors import ImportFailed
from analysis.ingest.common import prefetched, scan_file
from analysis.ingest.posting_ids import _norm, stable_posting_id
from analysis.ingest.postings import import_postings
from analysis.store import transaction
from tests.conftest import snapshot

ROOT = Path(__file__).resolve().parent.parent


def _write(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = ["url,title,description"] + [f"{u},{t},{d}" for u, t, d in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def tiny_parts(monkeypatch):
    """Batches of 2 rows and parts of 3 new rows, so a small file spans several of each."""
    monkeypatch.setattr(formats, "BATCH_ROWS", 2)
    monkeypatch.setattr(postings_store, "PART_ROWS", 3)


def test_repeats_across_batches_and_parts_keep_the_first_row(empty_workspace, tmp_path,
                                                             tiny_parts):  # fmt: skip
    path = _write(tmp_path / "p.csv", [
        ("u1", "First A", "a"), ("u2", "B", "b"), ("u1", "Second A", "a2"), ("u3", "C", "c"),
        ("u4", "D", "d"), ("u5", "E", "e"), ("u2", "Second B", "b2"), ("u6", "F", "f"),
    ])  # fmt: skip
    report = import_postings(empty_workspace, path)
    assert (report.rows_read, report.rows_added, report.rows_duplicate) == (8, 6, 2)
    assert empty_workspace.execute("SELECT url, title FROM postings ORDER BY url").fetchall() == [
        ("u1", "First A"), ("u2", "B"), ("u3", "C"), ("u4", "D"), ("u5", "E"), ("u6", "F"),
    ]  # fmt: skip
    stored = empty_workspace.execute(
        "SELECT rows_read, rows_added, rows_duplicate, sha256 FROM imports"
    ).fetchall()
    assert stored == [(8, 6, 2, hashlib.sha256(path.read_bytes()).hexdigest())]


def test_rows_already_stored_are_skipped_and_new_ones_added(empty_workspace, tmp_path,
                                                            tiny_parts):  # fmt: skip
    first = _write(tmp_path / "a.csv", [("u1", "A", "a"), ("u2", "B", "b")])
    second = _write(tmp_path / "b.csv", [("u2", "B2", "b"), ("u3", "C", "c"), ("u1", "A", "a")])
    import_postings(empty_workspace, first, source="board")
    report = import_postings(empty_workspace, second, source="board")
    assert (report.rows_read, report.rows_added, report.rows_duplicate) == (3, 1, 2)
    assert empty_workspace.execute("SELECT count(*) FROM postings").fetchone() == (3,)


def test_two_files_in_one_outer_transaction_store_a_posting_once(empty_workspace, tmp_path):
    # The probe connection sees committed rows only; the end-of-import pass catches the rest.
    first = _write(tmp_path / "a.csv", [("u1", "A", "a")])
    second = _write(tmp_path / "b.csv", [("u1", "A", "a"), ("u2", "B", "b")])
    with transaction(empty_workspace):
        import_postings(empty_workspace, first, source="board")
        report = import_postings(empty_workspace, second, source="board")
    assert (report.rows_added, report.rows_duplicate) == (1, 1)
    assert empty_workspace.execute("SELECT url FROM postings ORDER BY url").fetchall() == [
        ("u1",),
        ("u2",),
    ]


def test_truncated_file_fails_after_its_last_part_and_stores_nothing(empty_workspace, tmp_path,
                                                                     tiny_parts):  # fmt: skip
    path = tmp_path / "cut.csv"
    path.write_text("url,title,description\n" + "".join(f"u{i},T{i},d{i}\n" for i in range(9))
                    + 'u9,T9,"cut here\n', encoding="utf-8")  # fmt: skip
    before = snapshot(empty_workspace)
    with pytest.raises(ImportFailed, match="ends inside a quoted field"):
        import_postings(empty_workspace, path)
    assert snapshot(empty_workspace) == before


def test_scan_file_hashes_and_counts_quotes(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b'a,"b"\n"c\n' * 1000)
    result = scan_file(path)()
    assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert result.quotes == 3000


def test_prefetched_yields_in_order_and_reraises_the_producers_error():
    def items():
        yield from range(5)
        raise ValueError("broken at 5")

    seen = []
    with pytest.raises(ValueError, match="broken at 5"):
        for item in prefetched(items(), depth=2):
            seen.append(item)
    assert seen == [0, 1, 2, 3, 4]


def test_prefetched_stops_its_producer_when_the_consumer_stops():
    produced = []

    def items():
        for i in range(1000):
            produced.append(i)
            yield i

    for item in prefetched(items(), depth=2):
        if item == 3:
            break
    assert not any(t.name == "waypoint-prefetch" for t in threading.enumerate())
    assert len(produced) <= 3 + 1 + 2 + 1  # consumed, in hand, queued, the one that saw stop


_OLD_SPACE = re.compile(r"\s+")


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_id_normalisation_equals_the_regular_expression_it_replaced(value):
    assert _norm(value) == _OLD_SPACE.sub(" ", value).strip().casefold()


def test_ids_by_url_by_own_id_and_by_text():
    assert (
        stable_posting_id("indeed", " HTTPS://x/1 ", "T", "C", "D")
        == hashlib.sha256(b"url\x1findeed\x1fhttps://x/1").hexdigest()[:20]
    )
    assert (
        stable_posting_id("hn", None, "T", "C", "D", "42")
        == hashlib.sha256(b"id\x1fhn\x1f42").hexdigest()[:20]
    )
    assert (
        stable_posting_id("x", "", " Data  Analyst", "ACME", "Text\nhere", None)
        == (hashlib.sha256(b"text\x1fdata analyst\x1facme\x1ftext here").hexdigest()[:20])
    )


def test_core_commands_do_not_import_the_analysis_modules(tmp_path):
    code = (
        "import sys; from analysis.cli import main; "
        f"main(['--db', {str(tmp_path / 'w.duckdb')!r}, 'status']); "
        "print(sorted(m for m in ('analysis.analyze', 'analysis.report', 'sklearn') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "[]"
