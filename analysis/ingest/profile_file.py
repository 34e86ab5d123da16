"""A hand-written profile: a CSV with a 'skill' column, or a YAML with skills, targets, finances
and income streams. Parsed and validated whole before anything is stored; errors name the line
and column; analysis.ingest.profile_write stores what was parsed. Also `parse_period`, which
the LinkedIn profile files share.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import yaml

from analysis.errors import ImportFailed
from analysis.ingest.common import Record, clean
from analysis.yaml_unique import check_unique_keys

# --------------------------------------------------------------------------- periods

_MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.casefold(): i for i, name in enumerate(calendar.month_name) if name})
_MONTHS["sept"] = 9


def _checked_year(text: str) -> int:
    year = int(text)
    if not 1900 <= year <= 2100:
        raise ValueError(text)
    return year


def parse_period(value: str, *, end: bool) -> date:
    """'Mar 2023', 'March 2023', '2023-03', '03/2023', '2019' or a full ISO date.

    A month or year means its first day, or its last day when ``end`` is true (a period that
    finished in 2019 lasted until 31 Dec 2019). Raises ValueError for anything else.
    """
    v = clean(value)
    if m := re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", v):
        return date.fromisoformat("-".join(part.zfill(2) for part in m.group(0).split("-")))
    if m := re.fullmatch(r"(\d{4})", v):
        year, month = _checked_year(m.group(1)), (12 if end else 1)
    elif m := re.fullmatch(r"([A-Za-z]+)\.?,? (\d{4})", v):
        if m.group(1).casefold() not in _MONTHS:
            raise ValueError(value)
        year, month = _checked_year(m.group(2)), _MONTHS[m.group(1).casefold()]
    elif m := re.fullmatch(r"(\d{4})-(\d{1,2})|(\d{1,2})/(\d{4})", v):
        year = _checked_year(m.group(1) or m.group(4))
        month = int(m.group(2) or m.group(3))
    else:
        raise ValueError(value)
    day = calendar.monthrange(year, month)[1] if end else 1
    return date(year, month, day)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class SkillEntry:
    skill: str
    proficiency: int | None = None
    last_used: date | None = None
    years: float | None = None
    wants_to_grow: bool | None = None


@dataclass(frozen=True)
class IncomeStream:
    name: str
    kind: str | None
    monthly_amount: float
    continues_without_job: bool


@dataclass
class ProfileFile:
    """A hand-written profile, validated. targets are (kind, value); finances (key, value)."""

    skills: list[SkillEntry] = field(default_factory=list)
    targets: list[tuple[str, str]] = field(default_factory=list)
    finances: list[tuple[str, float]] = field(default_factory=list)
    income_streams: list[IncomeStream] = field(default_factory=list)


def _shown(value: object) -> str:
    text = clean(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _to_proficiency(value: object) -> int | None:
    if _blank(value):
        return None
    try:
        number = float(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None or not number.is_integer() or not 1 <= number <= 5:
        raise ValueError(f"proficiency must be a whole number from 1 to 5, not '{_shown(value)}'")
    return int(number)


def _to_last_used(value: object) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        return parse_period(str(value), end=True)
    except ValueError:
        raise ValueError(
            "last_used must be a year (2019), a month (Mar 2019) or a date (2019-05-31), "
            f"not '{_shown(value)}'"
        ) from None


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def _to_number(value: object, column: str, *, minimum: float | None = None) -> float:
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        text = str(value).strip()
        # "48,000" groups thousands; "1,5" and "48.000,50" write a decimal comma, which read
        # the English way would be 15 and 48.0005: refused rather than guessed.
        if "," in text and not _THOUSANDS.fullmatch(text):
            raise ValueError(value)
        number = float(text.replace(",", ""))
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(value)
        if minimum is not None and number < minimum:
            raise ValueError(value)
        return number
    except ValueError:
        kind = "a number of zero or more" if minimum is not None else "a number"
        raise ValueError(f"{column} must be {kind}, not '{_shown(value)}'") from None


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def _to_yes_no(value: object, column: str) -> bool | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in _YES or text in _NO:
        return text in _YES
    raise ValueError(f"{column} must be yes or no, not '{_shown(value)}'")


_SKILL_KEYS = ("skill", "proficiency", "last_used", "years", "wants_to_grow")


def _skill_entry(values: dict, file_name: str, line_of: Callable[[str], int]) -> SkillEntry:
    """Validate one skill; ``values`` uses _SKILL_KEYS. Raises ImportFailed naming the column."""
    column = "skill"
    try:
        skill = clean(values.get("skill"))
        if not skill:
            raise ValueError("the skill name is empty")
        column = "proficiency"
        proficiency = _to_proficiency(values.get("proficiency"))
        column = "last_used"
        last_used = _to_last_used(values.get("last_used"))
        column = "years"
        raw_years = values.get("years")
        years = None if _blank(raw_years) else _to_number(raw_years, "years", minimum=0)
        column = "wants_to_grow"
        wants = _to_yes_no(values.get("wants_to_grow"), "wants_to_grow")
    except ValueError as exc:
        raise ImportFailed(file_name, str(exc), line=line_of(column), column=column) from None
    return SkillEntry(skill, proficiency, last_used, years, wants)


def _add_skill(parsed: ProfileFile, entry: SkillEntry, lines: dict, line: int, file_name: str):
    first = lines.setdefault(entry.skill.casefold(), line)
    if first != line:
        reason = f"the skill '{entry.skill}' is listed twice (first on line {first})"
        raise ImportFailed(file_name, reason, line=line, column="skill")
    parsed.skills.append(entry)


def parse_profile_csv(header: list[str], records: list[Record], file_name: str) -> ProfileFile:
    """A CSV with a 'skill' column and optional proficiency, last_used, years, wants_to_grow."""
    parsed, lines = ProfileFile(), {}
    for line, values in records:
        keyed = {k.replace(" ", "_").replace("-", "_"): v for k, v in values.items()}
        entry = _skill_entry(keyed, file_name, lambda _column, line=line: line)
        _add_skill(parsed, entry, lines, line, file_name)
    return parsed


class _Mapping(dict):
    """A YAML mapping that remembers the line of each key."""

    line = 0
    lines: dict


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    loader.flatten_mapping(node)
    check_unique_keys(loader, node)
    mapping = _Mapping()
    mapping.line, mapping.lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = key if isinstance(key, str) else str(key)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text, so a bad one ("2019-02-30") gets our message and its line, not a ValueError.
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)

_SECTIONS = ("skills", "targets", "finances", "income_streams")
_TARGET_KINDS = {"companies": "company", "roles": "role", "locations": "location"}


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def parse_profile_yaml(text: str, file_name: str) -> ProfileFile:
    """skills: [{skill, proficiency, last_used, years, wants_to_grow}], targets: {companies,
    roles, locations}, finances: {key: number}, income_streams: [{name, kind, monthly_amount,
    continues_without_job}]."""

    def fail(reason: str, line: int | None, column: str | None = None) -> ImportFailed:
        return ImportFailed(file_name, reason, line=line, column=column)

    try:
        document = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise fail(f"not valid YAML ({problem})", mark.line + 1 if mark else None) from None
    except (RecursionError, ValueError, TypeError) as exc:
        raise fail(f"not valid YAML ({type(exc).__name__}: {exc})"[:200], None) from None
    if not isinstance(document, _Mapping):
        raise fail(
            "a profile YAML must be a mapping with skills:, targets:, finances: or income_streams:",
            None,
        )
    parsed, skill_lines = ProfileFile(), {}
    for key in document:
        if key not in _SECTIONS:
            raise fail(
                f"unknown section '{_shown(key)}' (expected {', '.join(_SECTIONS)})",
                document.lines[key],
            )
    for item in _as_list(document.get("skills")):
        item = _Mapping(skill=item) if not isinstance(item, dict) else item
        line = getattr(item, "line", 0) or document.lines["skills"]
        values = dict(item)
        if "skill" not in values and "name" in values:
            values["skill"] = values.pop("name")
        lines = getattr(item, "lines", {})
        for key in values:
            if key not in _SKILL_KEYS:
                expected = ", ".join(_SKILL_KEYS)
                reason = f"unknown key '{_shown(key)}' (expected {expected})"
                raise fail(reason, lines.get(key, line), key)
        entry = _skill_entry(
            values, file_name, lambda column, lines=lines, line=line: lines.get(column, line)
        )
        _add_skill(parsed, entry, skill_lines, line, file_name)
    targets = document.get("targets") or {}
    if not isinstance(targets, dict):
        raise fail(
            "targets must be a mapping with companies:, roles: or locations:",
            document.lines["targets"],
        )
    for key, value in targets.items():
        if key not in _TARGET_KINDS:
            raise fail(
                f"unknown target list '{_shown(key)}' (expected companies, roles, locations)",
                targets.lines[key],
            )
        for item in _as_list(value):
            if isinstance(item, dict | list) or not clean(item):
                raise fail(f"each of {key} must be a name", targets.lines[key], key)
            parsed.targets.append((_TARGET_KINDS[key], clean(item)))
    finances = document.get("finances") or {}
    if not isinstance(finances, dict):
        raise fail(
            "finances must be a mapping like 'liquid_savings: 50000'", document.lines["finances"]
        )
    for key, value in finances.items():
        try:
            # Amounts of money held or spent: a negative one would turn the runway upside down.
            parsed.finances.append((clean(key), _to_number(value, key, minimum=0)))
        except ValueError as exc:
            raise fail(str(exc), finances.lines[key], key) from None
    for item in _as_list(document.get("income_streams")):
        line = getattr(item, "line", document.lines.get("income_streams"))
        if not isinstance(item, dict):
            raise fail("each income stream must be a mapping with name: and monthly_amount:", line)
        column = "name"
        try:
            name = clean(item.get("name"))
            if not name:
                raise ValueError("an income stream needs a name")
            column = "monthly_amount"
            amount = _to_number(item.get("monthly_amount"), column, minimum=0)
            column = "continues_without_job"
            continues = bool(_to_yes_no(item.get(column), column))
        except ValueError as exc:
            raise fail(str(exc), item.lines.get(column, line), column) from None
        kind = clean(item.get("kind")) or None
        parsed.income_streams.append(IncomeStream(name, kind, amount, continues))
    return parsed
