"""The report in a real browser: `python -m analysis report` on a small demo workspace, opened
in Debian's headless Chromium through Playwright. The console must stay clean, nothing may be
fetched from anywhere but the file itself, every section must be there and every chart drawn.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from analysis import report, report_files
from analysis.demo import ensure_demo_workspace
from tests.test_report import Page, nearly_blank_pages, run_command

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
DEMO_DAY = date(2026, 11, 1)


@pytest.fixture
def demo_report(tmp_path, monkeypatch) -> Path:
    db = ensure_demo_workspace(tmp_path / "demo.duckdb", size="small", today=DEMO_DAY)
    monkeypatch.setenv("WAYPOINT_TODAY", DEMO_DAY.isoformat())
    out = tmp_path / "report.html"
    assert run_command(["--db", str(db), "report", "--out", str(out)]) == 0
    return out


def require_chromium() -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")


@pytest.mark.browser
def test_report_opens_cleanly_in_chromium(demo_report):
    require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    figures = Page(demo_report.read_text(encoding="utf-8")).of("div", "data-figure")
    assert len(figures) >= 6
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            console, errors, requests = [], [], []
            page.on("console", lambda m: console.append((m.type, m.text)))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(demo_report.as_uri(), wait_until="load")
            selector = ", ".join(f"#{f} .main-svg" for f in figures)
            page.wait_for_function(
                f"document.querySelectorAll('{selector}').length >= {len(figures)}",
                timeout=30_000,
            )
            sections = page.eval_on_selector_all(
                "section[data-section]", "els => els.map(e => e.dataset.section)"
            )
            drawn = [f for f in figures if page.locator(f"#{f} .main-svg").count() > 0]
            title = page.title()
        finally:
            browser.close()
    assert errors == []
    assert [m for m in console if m[0] in ("error", "warning")] == []
    assert sections == list(report.SECTIONS)
    assert drawn == figures
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
    assert title == "Demo workspace: Waypoint report, 1 Nov 2026"


@pytest.mark.browser
def test_printed_demo_report_has_no_nearly_blank_page(demo_report, tmp_path):
    """The demo's PDF: each section used to open a page, and this one's footer was then
    printed alone on the last page (and the full demo's market section left three table rows
    alone on one)."""
    require_chromium()
    out = report_files.write_pdf(demo_report.read_text(encoding="utf-8"), tmp_path / "r.pdf")
    assert nearly_blank_pages(out) == []
