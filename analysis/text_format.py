"""Numbers, dates and codes written for people, the same way in charts, the report, the CLI
and the pages."""

from __future__ import annotations


def signed(value: float, digits: int = 1) -> str:
    """``value`` with its sign, rounded first so that a value that rounds to zero reads "+0"
    ("+0.0"), never "-0": ``signed(-0.04)`` is "+0.0", ``signed(2.25, 0)`` is "+2"."""
    return f"{round(value, digits) + 0.0:+.{digits}f}"


def against_goal(count: int, goal: int) -> str:
    """``count`` against ``goal``: "4 of 10" short of it, "98 (goal 10)" past it ("98 of 10"
    read as a mistake)."""
    return f"{count}{goal_suffix(count, goal)}"


def goal_suffix(count: int, goal: int) -> str:
    """What follows ``count`` in `against_goal` (a gauge shows the number and this apart)."""
    return f" of {goal}" if count <= goal else f" (goal {goal})"


def day(value) -> str:
    """A date as people read it, the same on every page, in the report and in the tables'
    "D MMM YYYY" columns: "1 Nov 2026"; "" for a missing one (None, NaT)."""
    if value is None or value != value:  # NaT is not equal to itself
        return ""
    return f"{value.day} {value:%b %Y}"


def moment(value) -> str:
    """A date with its time: "1 Nov 2026, 14:05"."""
    return f"{day(value)}, {value:%H:%M}"


# Format and kind codes as people write them ("linkedin-connections" -> "LinkedIn connections").
_WORDS = {"linkedin": "LinkedIn", "csv": "CSV", "tsv": "TSV", "json": "JSON", "jsonl": "JSON Lines",
          "xlsx": "Excel", "parquet": "Parquet", "jobspy": "JobSpy", "vcard": "vCard",
          "yaml": "YAML", "hn": "HN", "glassdoor": "Glassdoor", "indeed": "Indeed"}  # fmt: skip


def words(code: str | None) -> str:
    """A format or kind code written out: "demo-postings" -> "Demo postings"."""
    if not code:
        return ""
    parts = code.replace("_", "-").split("-")
    first = _WORDS.get(parts[0], parts[0][:1].upper() + parts[0][1:])  # "vCard" stays as named
    return " ".join([first, *(_WORDS.get(p, p) for p in parts[1:])])


def skills_pending_text(pending: int) -> str:
    """What a workspace's `skills_pending` postings mean (`status`, the dashboard's notice)."""
    verb = "waits" if pending == 1 else "wait"
    noun = "posting" if pending == 1 else "postings"
    return f"{pending:,} {noun} {verb} for skills to be found with the current taxonomy"


# C0 and C1 control characters and DEL, but newline and tab: in a terminal they recolour,
# retitle or rewrite what is shown ("\x1b[31m", "\x1b]0;title\x07", "\r").
_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if c not in (9, 10)}


def recent_base_text(until, dated: int, undated: int) -> str:
    """What a "recent" share counts (analysis.gaps.recent_base): "the 1,234 postings of the 12
    months to 31 Oct 2026 and the 56 undated ones"."""
    if until is None:
        return f"all {undated:,} postings (none is dated)"
    text = f"the {dated:,} postings of the 12 months to {day(until)}"
    return text + (f" and the {undated:,} undated ones" if undated else "")


def printable(text: str) -> str:
    """``text`` safe to print to a terminal: each control character (C0, DEL, C1) but newline
    and tab written as an escape, "\\x1b[31m" -> "\\\\x1b[31m"; everything else unchanged."""
    return text.translate(_CONTROL)
