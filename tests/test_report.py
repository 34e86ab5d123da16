"""The static report: sections, empty states, section choice, redaction, escaping, the golden
file, the PDF and the `report` command.

The workspaces are built at test time from the text fixtures in tests/fixtures/report/.
Regenerate the golden file after an intended change with:

    UPDATE_GOLDEN=1 pytest tests/test_report.py -k golden
"""

from __future__ import annotations

import argparse
import os
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs

from analysis import report, report_files, store
from analysis.errors import WaypointError
from analysis.ingest.dispatch import import_file, refresh_skills
from analysis.plan import save_goal, save_milestone
from analysis.skills.scope import set_skill_scope

FIXTURES = Path(__file__).parent / "fixtures" / "report"
GOLDEN = FIXTURES / "golden.html"
DAY = date(2026, 3, 2)  # the fixed "generated on" date, and the analysis date
NAME = "Golden fixture workspace"
FIGURES = ["fig-market-top-skills", "fig-skills-atrophy", "fig-skills-market-fit", "fig-skills-gaps",
           "fig-network-ten-people", "fig-network-coverage", "fig-plan-runway",
           "fig-plan-goals"]  # fmt: skip
HOSTILE = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}")


def build_workspace(path: Path, folder: Path = FIXTURES) -> store.Connection:
    """A workspace from the text fixtures in ``folder``, with fixed import times and a goal."""
    con = store.connect(path)
    for kind, file in (("profile", "profile.yaml"), ("postings", "postings.csv"),
                       ("contacts", "contacts.vcf"), ("interactions", "messages.csv")):  # fmt: skip
        import_file(con, folder / file, kind)
    refresh_skills(con)
    # Imports record the wall clock; fix it so the report of this workspace never changes.
    con.execute("UPDATE imports SET started_at = TIMESTAMP '2026-03-01 09:00:00' "
                "+ import_id * INTERVAL 1 MINUTE, finished_at = NULL")  # fmt: skip
    goal = save_goal(con, "job search", "Land an analytics leadership role", date(2026, 9, 30))
    save_milestone(con, goal, "Apply to three target companies", date(2026, 2, 15))
    save_milestone(con, goal, "Refresh the CV", date(2026, 1, 31), status="done",
                   completed_on=date(2026, 1, 20))  # fmt: skip
    return con


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    con = build_workspace(tmp_path_factory.mktemp("report") / "fixture.duckdb")
    yield con
    con.close()


@pytest.fixture(scope="module")
def page(workspace) -> str:
    return report.build_report(workspace, generated_on=DAY, workspace_name=NAME)


class Page(HTMLParser):
    """Elements of an HTML page: (tag, attrs, text inside scripts) and every text node."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str, str | None]] = []  # attrs, body, previous div id
        self.texts: list[str] = []
        self._script: dict | None = None
        self._last_div: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag == "script":
            self._script, self._body = attrs, []
        elif tag == "div" and "plotly-graph-div" in (attrs.get("class") or ""):
            self._last_div = attrs.get("id")

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._body), self._last_div))
            self._script, self._last_div = None, None

    def handle_data(self, data):
        if self._script is not None:
            self._body.append(data)
        else:
            self.texts.append(data)

    def of(self, tag: str, attr: str) -> list[str]:
        return [a[attr] for t, a in self.elements if t == tag and attr in a]


# --------------------------------------------------------------------------- structure


def test_every_section_is_present_in_order(page):
    parsed = Page(page)
    assert parsed.of("section", "data-section") == list(report.SECTIONS)
    assert parsed.of("div", "data-figure") == FIGURES
    assert parsed.of("p", "data-empty") == []
    assert page.count(get_plotlyjs()) == 1
    assert f"<h1>{NAME}</h1>" in page
    assert "generated on 2 Mar 2026" in page


def test_nothing_is_loaded_from_outside(page):
    parsed = Page(page)
    for tag, attrs in parsed.elements:
        for name in ("src", "href", "action", "data", "poster"):
            value = attrs.get(name) or ""
            assert not value or value.startswith("#"), (tag, name, value)
        assert tag not in ("link", "iframe", "object", "embed", "img", "base"), tag
    csp = [
        a["content"] for t, a in parsed.elements if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp and csp[0].startswith("default-src 'none'")


def test_the_empty_workspace_shows_every_empty_state(empty_workspace):
    page = report.build_report(empty_workspace, generated_on=DAY)
    parsed = Page(page)
    assert parsed.of("p", "data-empty") == list(report.SECTIONS)
    assert parsed.of("div", "data-figure") == []
    assert "Plotly.newPlot" not in page and get_plotlyjs() not in page  # no chart, no plotly.js
    assert "<h1>workspace</h1>" in page  # named after its file, workspace.duckdb
    texts = " ".join(parsed.texts)
    assert "No job postings yet" in texts
    assert "No skills in your profile yet" in texts
    assert "No contacts yet" in texts
    assert "No finances, income streams or goals yet" in texts
    assert "Nothing has been imported into this workspace yet." in texts


def test_sections_chooses_what_is_rendered(workspace):
    chosen = report.build_report(workspace, sections=["provenance", "network"], generated_on=DAY)
    assert Page(chosen).of("section", "data-section") == ["network", "provenance"]
    plan_only = report.build_report(workspace, sections="plan", generated_on=DAY)
    assert Page(plan_only).of("section", "data-section") == ["plan"]
    assert Page(plan_only).of("div", "data-figure") == ["fig-plan-runway", "fig-plan-goals"]


def test_unknown_or_no_sections_are_refused():
    with pytest.raises(WaypointError) as error:
        report.parse_sections("summary,charts,extras")
    assert str(error.value) == (
        "Unknown report section: charts, extras "
        "(choose from summary, market, skills, network, plan, provenance)"
    )
    with pytest.raises(WaypointError, match="No report section chosen"):
        report.parse_sections(" , ")
    assert report.parse_sections(" Plan, SUMMARY ") == ("summary", "plan")


# --------------------------------------------------------------------------- redaction


def test_initials():
    assert report.initials("Jane Q. Doe") == "J. Q. D."
    assert report.initials("lucía fernández") == "L. F."
    assert report.initials("Tomás Ferreira 🚀") == "T. F."
    assert report.initials("Priya Raman, PhD") == "P. R. P."
    assert report.initials("") == ""


def private_values(con) -> list[str]:
    rows = con.execute("SELECT full_name, email, phone, profile_url FROM contacts").fetchall()
    return sorted({v for row in rows for v in row if v})


def test_redacted_report_shows_no_contact_detail(workspace, page):
    values = private_values(workspace)
    # as the fixtures spell them, too (stored values are normalised)
    values += ["jane.doe@northwind.example", "+44 7700 900111", "https://www.linkedin.com/in/jane-q-doe/",
               "linkedin.com/in/omar-haddad-7f", "+46 70 123 45 67", "Lucía Fernández"]  # fmt: skip
    assert len(values) > 15
    assert "Jane Q. Doe" in page and "Omar Haddad" in page  # the plain report does name them
    assert "Happy to. Ask me about the new analytics team." in page  # and shows notes
    redacted = report.build_report(workspace, redact=True, generated_on=DAY, workspace_name=NAME)
    found = [v for v in values if v in redacted]
    assert found == []
    assert "J. Q. D." in redacted and "O. H." in redacted
    assert "Ask me about the new analytics team" not in redacted
    assert "Redacted for sharing" in redacted
    assert Page(redacted).of("section", "data-section") == list(report.SECTIONS)


def test_the_safety_net_scrubs_every_form_a_value_takes(workspace):
    redactor = report.Redactor(workspace, active=True)
    leaked = (
        '<td>Jane Q. Doe</td> ["Lucía Fernández", "Luc\\u00eda Fern\\u00e1ndez"] '
        "mail jane.doe@northwind.example, https://www.linkedin.com/in/omar-haddad-7f"
    )
    assert redactor.scrub_html(leaked) == (
        '<td>J. Q. D.</td> ["L. F.", "L. F."] mail [removed], [removed]'
    )
    assert redactor.text("Ask Jane Q. Doe or Chen Wei; Jane Q. Doering is someone else") == (
        "Ask J. Q. D. or C. W.; Jane Q. Doering is someone else"
    )


# --------------------------------------------------------------------------- escaping


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> str:
    con = build_workspace(
        tmp_path_factory.mktemp("hostile") / "hostile.duckdb", FIXTURES / "hostile"
    )
    save_goal(con, "skills", "Learn <script>alert(1)</script> {{ 7*7 }}", date(2026, 6, 30))
    try:
        return report.build_report(con, generated_on=DAY, workspace_name="{{ 7*7 }} <b>ws</b>")
    finally:
        con.close()


def test_user_text_is_inert(hostile_page):
    parsed = Page(hostile_page)
    figure_ids = parsed.of("div", "data-figure")
    assert figure_ids  # the hostile workspace draws charts too
    plotly_js = [body for attrs, body, _ in parsed.scripts if body == get_plotlyjs()]
    figures = [(body, div) for attrs, body, div in parsed.scripts if body != get_plotlyjs()]
    assert len(plotly_js) == 1
    assert [div for _, div in figures] == figure_ids  # one script per chart, right after its div
    for body, _ in figures:
        assert body.strip().startswith("window.PLOTLYENV") and "Plotly.newPlot(" in body
        assert "<" not in body and ">" not in body  # plotly's JSON escapes every angle bracket
    assert all(not attrs for attrs, _, _ in parsed.scripts)  # no src, no type games
    handlers = [(t, k) for t, a in parsed.elements for k in a if k.lower().startswith("on")]
    assert handlers == []
    assert [t for t, _ in parsed.elements if t in ("img", "svg", "b")] == []
    texts = parsed.texts
    for needle in ("Mallory <script>alert(1)</script>",  # a contact's name
                   '"><img src=x onerror=alert(1)> Ltd',  # a company and target company
                   "Head of Data {{ 7*7 }}",  # a contact's position
                   '<script>alert(1)</script> "><img src=x onerror=alert(1)> {{ 7*7 }}',  # a note
                   "Head of Data <script>alert(1)</script> {{ 7*7 }}",  # a posting title
                   'Initech "><svg onload=alert(3)>',  # a posting's company
                   "Learn <script>alert(1)</script> {{ 7*7 }}",  # a goal
                   "{{ 7*7 }} <b>ws</b>"):  # the workspace name  # fmt: skip
        assert any(needle in t for t in texts), needle
    joined = "\n".join(texts)
    assert "Head of Data 49" not in joined and "Learn <script>alert(1)</script> 49" not in joined
    assert "49 <b>ws</b>" not in joined


# --------------------------------------------------------------------------- golden file


def _without_plotly_bundle(html: str) -> str:
    """The 4.8 MB plotly.js bundle is pinned by requirements.txt; the golden file keeps a marker."""
    from analysis.report import _plotly_js

    js = _plotly_js()
    assert html.count(js) == 1, "plotly.js must be embedded exactly once"
    return html.replace(js, "/* plotly.js bundle (see requirements.txt) */")


def test_the_report_matches_the_golden_file(page, tmp_path):
    page = _without_plotly_bundle(page)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(page, encoding="utf-8")
        pytest.skip(f"wrote {GOLDEN}")
    expected = GOLDEN.read_text(encoding="utf-8")
    if page != expected:
        actual = tmp_path / "actual.html"
        actual.write_text(page, encoding="utf-8")
        at = next((i for i, (a, b) in enumerate(zip(page, expected, strict=False)) if a != b),
                  min(len(page), len(expected)))  # fmt: skip
        line = page.count("\n", 0, at) + 1
        pytest.fail(
            f"the report differs from {GOLDEN.name} at line {line}, character {at}:\n"
            f"  expected: …{expected[max(0, at - 80) : at + 120]!r}\n"
            f"  actual:   …{page[max(0, at - 80) : at + 120]!r}\n"
            f"Full output: {actual}. If the change is intended: UPDATE_GOLDEN=1 pytest {__file__}"
        )


# --------------------------------------------------------------------------- PDF and CLI


def require_chromium() -> None:
    if report_files.chromium_path() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing; .ci/run installs Debian's chromium")
        pytest.skip("chromium not installed (apt-get install chromium)")


def test_pdf_has_pages_and_the_workspace_name(page, tmp_path):
    require_chromium()
    from pypdf import PdfReader

    out = report_files.write_pdf(page, tmp_path / "out" / "report.pdf")
    assert out == (tmp_path / "out" / "report.pdf").resolve() and out.stat().st_size > 0
    pdf = PdfReader(str(out))
    assert len(pdf.pages) > 1
    assert NAME in pdf.pages[0].extract_text()
    assert nearly_blank_pages(out) == []


FOOTER = "Generated by Waypoint on"
MIN_PAGE_TEXT = 200  # characters but spaces; a page with one table row or a note has ~110


def nearly_blank_pages(pdf_path: Path) -> list[tuple[int, str]]:
    """(page number, its text) of the pages of a printed report that hold almost nothing: every
    page but the last has at least MIN_PAGE_TEXT characters, and the last more than the footer.
    A section that opened a page of its own left its predecessor's last rows, or one note, alone
    on a page; the footer was printed alone after the last section."""
    from pypdf import PdfReader

    texts = [page.extract_text() or "" for page in PdfReader(str(pdf_path)).pages]
    blank = [(n, t) for n, t in enumerate(texts[:-1], 1) if len("".join(t.split())) < MIN_PAGE_TEXT]
    last = texts[-1].split(FOOTER)[0]
    if len(texts) > 1 and not last.strip():
        blank.append((len(texts), texts[-1]))
    return blank


def test_pdf_without_chromium_says_how_to_get_it(monkeypatch, tmp_path):
    monkeypatch.setattr(report_files, "chromium_path", lambda: None)
    with pytest.raises(WaypointError) as error:
        report_files.write_pdf("<html></html>", tmp_path / "report.pdf")
    assert error.value.title == "Chromium is not installed"
    assert "apt-get install chromium" in error.value.detail
    assert not (tmp_path / "report.pdf").exists()


def run_command(argv: list[str]) -> int:
    """The `report` command as the CLI runs it once `register` is wired into analysis.cli."""
    parser = argparse.ArgumentParser(prog="python -m analysis")
    parser.add_argument("--db")
    report.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


def test_report_command_writes_the_file(workspace, tmp_path, capsys, monkeypatch):
    db = tmp_path / "copy.duckdb"
    workspace.execute("CHECKPOINT")
    shutil.copyfile(workspace.execute("SELECT path FROM duckdb_databases() "
                                      "WHERE database_name = current_database()").fetchone()[0], db)  # fmt: skip
    monkeypatch.setenv("WAYPOINT_TODAY", DAY.isoformat())
    out = tmp_path / "shared" / "report.html"
    assert run_command(["--db", str(db), "report", "--out", str(out), "--sections",
                        "summary,network", "--redact"]) == 0  # fmt: skip
    printed = capsys.readouterr().out
    assert printed.startswith(f"Report written to {out} (") and printed.endswith(", redacted)\n")
    html = out.read_text(encoding="utf-8")
    assert Page(html).of("section", "data-section") == ["summary", "network"]
    assert "Jane Q. Doe" not in html and "<h1>copy</h1>" in html
    with pytest.raises(WaypointError, match="No workspace"):
        run_command(["--db", str(tmp_path / "missing.duckdb"), "report"])


def test_signed_figures_never_read_minus_zero():
    from analysis.report_blocks import interval_pts, money, pts

    assert [pts(-0.04), pts(-0.05), pts(0.26), pts(None)] == ["+0.0", "-0.1", "+0.3", "—"]
    assert [money(-0.4), money(-1234.6), money(float("nan"))] == ["$0", "-$1,235", "—"]
    # A declining skill's 95% interval ends below zero, and reads so.
    assert [interval_pts(-0.04), interval_pts(0.449), interval_pts(None)] == ["-0.04", "+0.45", "—"]


def test_the_market_heading_dates_the_target_market_and_counts_its_undated_postings(tmp_path):
    con = store.connect(tmp_path / "w.duckdb")
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(
        "title,company,date_posted,description\n"
        "Data Analyst,Acme,2026-03-02,SQL and Python\n"
        "Data Analyst,Beta,,SQL and Excel\n"
        "Nurse,Care,2020-01-05,Patient care\n",
        encoding="utf-8",
    )
    import_file(con, jobs, "postings")
    refresh_skills(con)
    con.execute("INSERT INTO targets (target_id, kind, value) VALUES (1, 'role', 'Data Analyst')")
    html = report.build_report(con, sections="market", generated_on=date(2026, 4, 1))
    assert "postings dated 2 Mar 2026 to 2 Mar 2026 (1 undated)." in html
    con.close()


def test_the_report_says_when_only_what_is_asked_counts(tmp_path):
    con = build_workspace(tmp_path / "asked.duckdb")  # the module's workspace stays "named"
    named = report.build_report(con, sections="market", generated_on=DAY)
    assert "Skills counted: only what a posting asks" not in named
    set_skill_scope(con, "asked")
    refresh_skills(con)
    asked = report.build_report(con, sections="market", generated_on=DAY)
    assert (
        "Skills counted: only what a posting asks of the candidate (sentences describing the "
        "team, the product or the company are left out; python -m analysis skills scope)."
    ) in asked
    con.close()
