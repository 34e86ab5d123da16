"""The shareable static report: one self-contained HTML file, optionally redacted, and its PDF.

`build_report` is a pure function (workspace in, HTML string out) over the Jinja2 template
analysis/templates/report.html.j2 with autoescaping on: every user string is escaped, charts
are plotly figures with fixed div ids, and plotly.js is embedded once, so the file opens
offline (from e-mail or a USB stick) and the same workspace and date give the same bytes.
The sections live in analysis.report_sections (their blocks in report_blocks, their data in
report_data); analysis.report_files writes it, and prints the PDF with Debian's headless
Chromium. `register` adds `python -m analysis report` to the command line.

Redaction (``redact=True``): contact names become initials ("Jane Q. Doe" -> "J. Q. D."),
interaction notes are left out, and e-mails, phone numbers and profile URLs are never shown;
as a safety net, every contact's name, e-mail, phone and URL is then scrubbed from the final
HTML in each form it can take there (as written, HTML-escaped, JSON-escaped).
"""

from __future__ import annotations

import argparse
import html as html_lib
import json
import re
import time
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import ahocorasick_rs
import markupsafe
import pandas as pd

from analysis import settings, store
from analysis.errors import WaypointError
from analysis.market_filter import MarketFilter
from analysis.market_source import MARKETS, WORKSPACE, market_connection, parse_market
from analysis.report_blocks import paragraph
from analysis.report_data import ReportData
from analysis.report_files import write_file, write_pdf
from analysis.report_sections import BUILDERS
from analysis.text_format import day, moment, skills_pending_text

SECTIONS = tuple(BUILDERS)  # summary, market, skills, network, plan, provenance
REMOVED = "[removed]"
NOTE_HIDDEN = "(hidden in a redacted report)"
_PLOTLY_SLOT = "/*<plotly.js>*/"  # user text can never contain it: "<" is always escaped


# --------------------------------------------------------------------------- redaction


def initials(name: str | None) -> str:
    """ "Jane Q. Doe" -> "J. Q. D."; "Tomás Ferreira 🚀" -> "T. F."; "" -> "" (tokens without a
    letter are dropped)."""
    out = []
    for token in re.split(r"[\s,]+", name or ""):
        letter = next((c for c in token if unicodedata.category(c).startswith("L")), None)
        if letter:
            out.append(letter.upper() + ".")
    return " ".join(out)


class Redactor:
    """Replaces the workspace's contact names with initials and removes their e-mails, phone
    numbers and profile URLs. Inactive (everything passes through) unless ``active``."""

    def __init__(self, con: store.Connection | None = None, active: bool = False) -> None:
        self.active = active
        self.replacements: dict[str, str] = {}
        if active and con is not None:
            rows = con.execute(
                "SELECT full_name, email, phone, profile_url FROM contacts ORDER BY contact_id"
            ).fetchall()
            for name, *private in rows:
                if isinstance(name, str) and name.strip():
                    self.replacements[name.strip()] = initials(name)
                for value in private:
                    if isinstance(value, str) and value.strip():
                        self.replacements[value.strip()] = REMOVED
        self._text = _automaton(self.replacements, min_length=2)

    def person(self, name):
        if not self.active or not isinstance(name, str):
            return name
        return initials(name)

    def text(self, value):
        """``value`` with every known name, e-mail, phone and URL in it replaced (whole words)."""
        if not self.active or not isinstance(value, str) or self._text is None:
            return value
        return _replace(value, self._text, whole_words=True)

    def frame(self, frame: pd.DataFrame, *, people: Iterable[str] = (), texts: Iterable[str] = (),
              notes: Iterable[str] = ()) -> pd.DataFrame:  # fmt: skip
        """A copy with ``people`` columns as initials, ``texts`` scrubbed, ``notes`` hidden."""
        if not self.active:
            return frame
        frame = frame.copy()
        for column in people:
            frame[column] = frame[column].map(self.person).astype(object)
        for column in texts:
            frame[column] = frame[column].map(self.text).astype(object)
        for column in notes:
            frame[column] = frame[column].map(lambda v: NOTE_HIDDEN if isinstance(v, str) else v)
        return frame

    def scrub_html(self, page: str) -> str:
        """The safety net: every form a private value can take in the page, replaced."""
        if not self.active or not self.replacements:
            return page
        forms: dict[str, str] = {}
        for value, replacement in self.replacements.items():
            if value == replacement or not _worth_scrubbing(value):
                continue
            for form, repl in _forms(value, replacement):
                forms.setdefault(form, repl)
        automaton = _automaton(forms, min_length=4)
        return page if automaton is None else _replace(page, automaton, whole_words=False)


def _worth_scrubbing(value: str) -> bool:
    """Full names of two words or six letters, e-mails, URLs, phones: short single words
    ("Ann") would hit ordinary words; the primary redaction has already replaced them."""
    return len(value) >= 6 or " " in value or "@" in value or "/" in value


def _forms(value: str, replacement: str) -> list[tuple[str, str]]:
    from plotly.io.json import to_json_plotly

    pairs = [(value, replacement)]
    pairs.append((str(markupsafe.escape(value)), str(markupsafe.escape(replacement))))
    pairs.append((html_lib.escape(value), html_lib.escape(replacement)))
    pairs.append((json.dumps(value)[1:-1], json.dumps(replacement)[1:-1]))
    pairs.append((to_json_plotly(value)[1:-1], to_json_plotly(replacement)[1:-1]))
    return pairs


def _automaton(replacements: dict[str, str], min_length: int):
    """(matcher, replacement per pattern) for the keys of at least `min_length` characters."""
    words = {k: v for k, v in replacements.items() if len(k) >= min_length}
    if not words:
        return None
    return ahocorasick_rs.AhoCorasick(list(words)), list(words.values())


def _replace(value: str, automaton, whole_words: bool) -> str:
    """Leftmost-longest, non-overlapping replacement of the automaton's words in ``value``."""
    matcher, replacements = automaton
    matches = []
    for index, start, end in matcher.find_matches_as_indexes(value, overlapping=True):
        if whole_words and (_is_word(value, start - 1) or _is_word(value, end)):
            continue
        matches.append((start, start - end, end, replacements[index]))
    if not matches:
        return value
    matches.sort()
    out, position = [], 0
    for start, _, end, replacement in matches:
        if start < position:
            continue
        out += [value[position:start], replacement]
        position = end
    out.append(value[position:])
    return "".join(out)


def _is_word(value: str, index: int) -> bool:
    return 0 <= index < len(value) and value[index].isalnum()


# --------------------------------------------------------------------------- the report


def parse_sections(sections: str | Iterable[str] | None) -> tuple[str, ...]:
    """The section keys to render, in report order: all when None; a comma-separated string or
    an iterable of keys otherwise. Raises WaypointError for an unknown key or an empty choice."""
    if sections is None:
        return SECTIONS
    items = sections.split(",") if isinstance(sections, str) else list(sections)
    chosen = {s.strip().lower() for s in items if s and s.strip()}
    unknown = sorted(chosen - set(SECTIONS))
    if unknown:
        raise WaypointError("Unknown report section",
                            f"{', '.join(unknown)} (choose from {', '.join(SECTIONS)})")  # fmt: skip
    if not chosen:
        raise WaypointError("No report section chosen", f"choose from {', '.join(SECTIONS)}")
    return tuple(s for s in SECTIONS if s in chosen)


def workspace_label(con: store.Connection) -> str:
    """The workspace's name (workspace_meta 'name'), else its file name, else "Workspace"."""
    name = store.get_meta(con, "name")
    if name:
        return name
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return Path(row[0]).stem if row and row[0] else "Workspace"


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    folder = Path(__file__).parent / "templates"
    return Environment(loader=FileSystemLoader(folder), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)  # fmt: skip


@lru_cache(maxsize=1)
def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    js = get_plotlyjs()
    if "</script" in js.lower():  # would end the script element early
        raise WaypointError("Cannot embed plotly.js", "it contains a closing script tag")
    return js


def build_report(
    con: store.Connection,
    *,
    sections: str | Iterable[str] | None = None,
    redact: bool = False,
    generated_on: date | datetime | None = None,
    workspace_name: str | None = None,
    market: str = WORKSPACE,
) -> str:
    """The report of the workspace as one self-contained HTML page (see the module doc).

    ``sections``: keys of SECTIONS (default all). ``generated_on`` (default settings.today())
    is shown in the header and is the date the analyses are run for. ``workspace_name``
    defaults to workspace_label(con). ``market``: "workspace" (its own postings) or "study"
    (the attached market study, read in place: the market section says which study and how
    many postings; the other sections read the workspace). A study that is not attached or
    whose folder is gone raises WaypointError.
    """
    keys = parse_sections(sections)
    if parse_market(market):
        from analysis.scale.attach import study_status

        with market_connection(con, MarketFilter(study=True)) as (study_con, _):
            return _build(con, keys, redact, generated_on, workspace_name,
                          study=study_status(con), study_con=study_con)  # fmt: skip
    return _build(con, keys, redact, generated_on, workspace_name)


def _build(con, keys, redact, generated_on, workspace_name, study=None, study_con=None) -> str:
    generated_on = generated_on or settings.today()
    today = generated_on.date() if isinstance(generated_on, datetime) else generated_on
    shown_date = moment(generated_on) if isinstance(generated_on, datetime) else day(generated_on)
    redactor = Redactor(con, active=redact)
    data = ReportData(con, today, redactor, study, study_con)
    rendered = [BUILDERS[key](data) for key in keys]
    _warn_skills_pending(con, rendered, study_market=study is not None)
    figures = [b for s in rendered for b in s["blocks"] if b["type"] == "figure"]
    for block in figures:
        block["html"] = markupsafe.Markup(block["html"])  # plotly's JSON escapes < > / itself
    page = (
        _environment()
        .get_template("report.html.j2")
        .render(
            workspace_name=workspace_name or workspace_label(con),
            generated_on=shown_date,
            redacted=redact,
            market_study=None if study is None else f"{study.name} ({study.postings:,} postings)",
            sections=rendered,
            plotly_slot=markupsafe.Markup(_PLOTLY_SLOT) if figures else None,
        )
    )
    page = redactor.scrub_html(page)
    if figures:
        head, _, tail = page.partition(_PLOTLY_SLOT)
        page = head + _plotly_js() + tail
    return page


def skills_pending_warning(pending: int) -> str:
    """The report's warning when `pending` postings wait for skills ("" when none)."""
    if not pending:
        return ""
    return f"{skills_pending_text(pending)}: run `python -m analysis init`"


def _warn_skills_pending(con, rendered: list[dict], *, study_market: bool) -> None:
    """Put the warning that postings wait for skills (every share is understated until `init`
    finds them) at the top of the market section, or of the first section when the market
    section is not shown or reads a market study instead of the workspace's postings."""
    from analysis.skills.sync import pending_count

    text = skills_pending_warning(pending_count(con))
    if not text:
        return
    shown = [s for s in rendered if not (study_market and s["key"] == "market")]
    target = next((s for s in shown if s["key"] == "market"), shown[0] if shown else None)
    if target is not None:
        target["blocks"].insert(0, paragraph(text, "lead"))


# --------------------------------------------------------------------------- command line


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} kB"


def cmd_report(args: argparse.Namespace) -> int:
    path = settings.db_path(args.db)
    if not path.exists():
        raise WaypointError("No workspace", f"{path} does not exist; run `python -m analysis init`")
    keys = parse_sections(args.sections)
    started = time.perf_counter()
    con = store.connect_to_read(path)
    try:
        page = build_report(con, sections=keys, redact=args.redact, market=args.market)
    finally:
        con.close()
    out = Path(args.out)
    write_file(out, page, "Cannot write the report")
    redacted = ", redacted" if args.redact else ""
    print(f"Report written to {out} ({_size(out.stat().st_size)}, "
          f"{time.perf_counter() - started:.1f} s{redacted})")  # fmt: skip
    if args.pdf is not None:
        started = time.perf_counter()
        pdf = write_pdf(page, args.pdf or out.with_suffix(".pdf"))
        print(f"PDF written to {pdf} ({_size(pdf.stat().st_size)}, "
              f"{time.perf_counter() - started:.1f} s)")  # fmt: skip
    return 0


def register(subparsers) -> None:
    """Add the `report` command to the CLI's subparsers."""
    p = subparsers.add_parser("report", help="write the shareable report (HTML; PDF with Chromium)")
    p.add_argument("--out", default="report.html", metavar="FILE",
                   help="HTML file to write (default report.html)")  # fmt: skip
    p.add_argument("--sections", metavar="LIST",
                   help=f"comma-separated sections (default all: {','.join(SECTIONS)})")  # fmt: skip
    p.add_argument("--redact", action="store_true",
                   help="initials instead of contact names; no e-mails, phones, URLs or notes")  # fmt: skip
    p.add_argument("--pdf", nargs="?", const="", default=None, metavar="FILE",
                   help="also print to PDF with headless Chromium (default: the --out name, .pdf)")  # fmt: skip
    p.add_argument("--market", choices=MARKETS, default=WORKSPACE,
                   help="postings the market section reads: the workspace's own (default) or "
                        "the attached market study (see attach-study)")  # fmt: skip
    p.set_defaults(handler=cmd_report)
