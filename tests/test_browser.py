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


# The tables of the page wider than their frame, by how many px: at 1,440 px each table's
# columns are sized to fit (ui/columns.py), so none needs a sideways scroll.
SIDE_SCROLLING_JS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
    .map(d => d.querySelector('.dvn-scroller'))
    .filter(s => s && s.scrollWidth > s.clientWidth + 1)
    .map(s => s.scrollWidth - s.clientWidth)"""


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
                assert page.evaluate(SIDE_SCROLLING_JS) == [], f"{file}: tables scroll sideways"
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


# Every drawn plotly chart: a legend over its title, a bar's text cut by the plot area (text
# clipped to the axes, plotly's default) or by the figure's own edge, a point's label cut by the
# plot area or over another label.
CHART_DEFECTS_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
    const title = plot.querySelector('.gtitle');
    const name = title ? title.textContent : '(untitled)';
    const legend = plot.querySelector('.legend');
    const box = e => e.getBoundingClientRect();
    const overlap = (a, b) => a.left < b.right && b.left < a.right
                              && a.top < b.bottom && b.top < a.bottom;
    const found = [];
    if (title && legend && overlap(box(title), box(legend))) found.push(`legend over ${name}`);
    const figure = box(plot.querySelector('.main-svg'));
    const area = plot.querySelector('.nsewdrag');
    for (const text of plot.querySelectorAll('.bartext')) {
        const r = box(text);
        const clipped = text.closest('[clip-path]') !== null && area !== null;
        const right = clipped ? box(area).right : figure.right;
        if (r.width > 0 && r.right > right + 1) found.push(`${name}: "${text.textContent}" cut`);
    }
    const labels = [...plot.querySelectorAll('.textpoint text')]
        .filter(t => t.textContent).map(t => [t.textContent, box(t)]);
    const inner = area && box(area);
    for (const [i, [text, r]] of labels.entries()) {
        if (inner && (r.left < inner.left - 1 || r.right > inner.right + 1))
            found.push(`${name}: label "${text}" cut`);
        for (const [other, q] of labels.slice(i + 1))
            if (overlap(r, q)) found.push(`${name}: "${text}" over "${other}"`);
    }
    return found;
})"""


@pytest.mark.browser
def test_charts_keep_legends_and_bar_texts_whole_in_a_narrow_window(sync_api, server):
    """At 800 px with the sidebar open a legend of several rows ran over its chart's title
    (Plan's savings chart, Market › Trends), the longest bar's "56%" read "56" (Market's top
    skills) and the atrophy chart's labels ran into each other and out of the plot ("ver BI"):
    legends sit under the plot, bar texts get a margin to run into, and labels are placed for
    the plot area of an 800 px window."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 800, "height": 1000})
            checked = []
            for path, tab in (("plan", None), ("market", None), ("market", "Trends"),
                              ("my_skills", None)):  # fmt: skip
                page.goto(f"{server}/{path}")
                _settle(page, '[data-testid="stPlotlyChart"]')
                if tab:
                    page.get_by_role("tab", name=tab).click()
                    page.wait_for_timeout(500)
                    _settle(page, '[data-testid="stPlotlyChart"]')
                page.wait_for_timeout(500)
                checked.append(page.locator(".js-plotly-plot .legend").count())
                assert page.evaluate(CHART_DEFECTS_JS) == [], (path, tab)
            assert sum(checked) >= 2, checked  # the legends this test is about were drawn
        finally:
            browser.close()
