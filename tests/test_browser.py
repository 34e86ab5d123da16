"""The dashboard in a real browser: `streamlit run app.py` on a free port, Debian's Chromium.

Every page registered in app.py is opened on a small demo workspace; none may show a Streamlit
exception box, each shows its title and a key element, and a screenshot of each page is saved
under screenshots/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.test_app import (
    DEMO_DAY,
    ROOT,
    make_small_demo,
    registered_pages,
    small_demo,  # noqa: F401 - the session fixture, shared
)

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

# page file -> (title shown, CSS selector of an element that proves the page drew its content)
EXPECTED = {
    "pages/overview.py": ("Overview", '[data-testid="stMetric"]'),
    "pages/import_data.py": ("Import", '[data-testid="stFileUploader"]'),
    "pages/market.py": ("Market", '[data-testid="stPlotlyChart"]'),
    "pages/my_skills.py": ("My skills", '[data-testid="stDataFrame"]'),
    "pages/network.py": ("Network", '[data-testid="stPlotlyChart"]'),
    "pages/plan.py": ("Plan", '[data-testid="stPlotlyChart"]'),
    "pages/report.py": ("Report", '[data-testid="stMetric"]'),
}

# Pages whose other tabs compute only when opened: each is opened and photographed too.
MORE_TABS = {
    "pages/market.py": ("Trends", "Emerging terms", "Role clusters", "Skills together", "Salary"),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout} s")


@pytest.fixture
def server(tmp_path, small_demo):  # noqa: F811
    """`streamlit run app.py` on a free localhost port against a temporary small demo."""
    db = make_small_demo(small_demo, tmp_path / "demo.duckdb")
    port = _free_port()
    env = {**os.environ, "WAYPOINT_DB": str(db), "WAYPOINT_TODAY": DEMO_DAY.isoformat()}
    log = open(tmp_path / "streamlit.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _url_path(page: str) -> str:
    return "" if page == "pages/overview.py" else Path(page).stem


def _settle(page, key: str) -> None:
    """Wait until the page drew ``key`` and its script run is over (no running indicator,
    no stale elements), twice in a row, so late charts are drawn too."""
    page.wait_for_selector(key, timeout=90_000)
    for _ in range(2):
        page.wait_for_function(
            """() => !document.querySelector('[data-testid="stStatusWidget"]')
                   && !document.querySelector('[data-stale="true"]')""",
            timeout=90_000,
        )
        page.wait_for_timeout(700)


def _shoot(page, path: Path) -> None:
    """A screenshot of the whole page: the viewport grown to the height of the main area."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1440, "height": max(1000, min(height, 9000))})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1440, "height": 1000})


@pytest.fixture
def sync_api():
    """Playwright's sync API once Debian's Chromium is known to be there. Locally a missing
    browser or package skips the test; in CI (CI=true) it fails it."""
    in_ci = os.environ.get("CI") == "true"
    if not CHROMIUM.exists():
        if in_ci:
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    try:
        from playwright import sync_api
    except ImportError:
        if in_ci:
            pytest.fail("playwright is missing; it is in requirements-dev.txt")
        pytest.skip("playwright not installed (pip install -r requirements-dev.txt)")
    return sync_api


@pytest.mark.browser
def test_every_page_in_a_real_browser(sync_api, server):
    assert set(registered_pages()) <= set(EXPECTED), "add the new page to EXPECTED"
    SHOTS.mkdir(exist_ok=True)
    titles = [EXPECTED[p][0] for p in EXPECTED if p in registered_pages()]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            # The default page first, as a user arrives (a deep link as the first request:
            # test_deep_link_as_the_first_request_gets_the_frame).
            for file in [p for p in EXPECTED if p in registered_pages()]:
                title, key = EXPECTED[file]
                page.goto(f"{server}/{_url_path(file)}")
                _settle(page, key)
                heading = page.locator("h1").first
                heading.wait_for(timeout=30_000)
                assert heading.inner_text().strip().startswith(title), file
                assert page.locator('[data-testid="stException"]').count() == 0, file
                assert page.locator(key).count() > 0, f"{file}: no {key}"
                nav = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
                assert [n.strip().splitlines()[-1] for n in nav] == titles, (
                    "legacy pages/ navigation shown"
                )
                _shoot(page, SHOTS / f"{Path(file).stem}.png")
                for tab in MORE_TABS.get(file, ()):
                    page.get_by_role("tab", name=tab).click()
                    page.wait_for_timeout(500)
                    _settle(page, '[data-testid="stPlotlyChart"]')
                    assert page.locator('[data-testid="stException"]').count() == 0, (file, tab)
                    name = f"{Path(file).stem}-{tab.lower().replace(' ', '-')}.png"
                    _shoot(page, SHOTS / name)
        finally:
            browser.close()


@pytest.mark.browser
def test_deep_link_as_the_first_request_gets_the_frame(sync_api, server):
    """A fresh server whose very first request is a deep link (Streamlit would run the page by
    legacy pages/ discovery, without app.py: see ui/frame.py) still shows app.py's frame."""
    titles = [EXPECTED[p][0] for p in EXPECTED if p in registered_pages()]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.goto(f"{server}/market")
            _settle(page, '[data-testid="stPlotlyChart"]')
            assert page.url.rstrip("/").endswith("/market")
            assert page.locator("h1").first.inner_text().strip() == "Market"
            nav = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
            assert [n.strip().splitlines()[-1] for n in nav] == titles
            sidebar = page.locator('[data-testid="stSidebar"]')
            assert sidebar.get_by_text("Waypoint", exact=True).count() == 1
            assert sidebar.get_by_text("Workspace", exact=True).count() == 1
            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            browser.close()


@pytest.mark.browser
def test_headline_numbers_are_whole_in_a_narrow_window(sync_api, server):
    """At 800 px with the sidebar open, four metrics in a row cut their values ("33.1 mo…"):
    the row wraps instead (app.py's style), so no metric value is cut on Overview or Plan."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 800, "height": 1000})
            for path in ("", "plan"):
                page.goto(f"{server}/{path}")
                _settle(page, '[data-testid="stMetric"]')
                cut = page.evaluate(
                    """() => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
                       .filter(e => [e, ...e.querySelectorAll('*')]
                                    .some(x => x.scrollWidth > x.clientWidth))
                       .map(e => e.innerText)"""
                )
                values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
                assert len(values) >= (8 if path == "" else 1) and cut == [], (path, cut, values)
        finally:
            browser.close()
