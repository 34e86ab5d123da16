"""How the columns of a postings table map to the fields of the `postings` table: column-name
synonyms or an explicit mapping, the export a table is known from, and the source it names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import ImportFailed

# Target field → accepted source column names (after header normalisation, see _key).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": ("title", "job_title", "position", "position_title", "jobtitle", "role", "job_name"),
    "company": ("company", "company_name", "employer", "organization", "organisation",
                "hiring_organization", "company_title"),
    "description": ("description", "job_description", "text", "body", "details",
                    "job_details", "posting_text", "content"),
    "date_posted": ("date_posted", "posted_at", "date", "post_date", "posting_date", "posted",
                    "published_at", "created_at", "saved_date", "listed_at"),
    "location": ("location", "job_location", "locations", "place"),
    "city": ("city",),
    "country": ("country",),
    "url": ("url", "job_url", "link", "job_link", "posting_url", "apply_url", "job_url_direct"),
    "external_id": ("id", "job_id", "post_link_id", "posting_id", "external_id"),
    "source": ("site", "source", "board", "job_board"),
    "is_remote": ("is_remote", "remote", "work_from_home_type", "remote_work"),
    "job_type": ("job_type", "employment_type", "type", "contract_type"),
    "salary_min": ("min_amount", "salary_min", "min_salary", "minimum_salary", "salary_from"),
    "salary_max": ("max_amount", "salary_max", "max_salary", "maximum_salary", "salary_to"),
    "salary_currency": ("currency", "salary_currency"),
    "salary_interval": ("interval", "salary_interval", "pay_period", "salary_period"),
    "salary_text": ("salary", "salary_estimate", "salary_range", "compensation", "pay"),
    "skills_list": ("skills", "languages_frameworks", "skills_list", "required_skills"),
}  # fmt: skip
FIELDS = tuple(SYNONYMS)


def _key(column: object) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(column).strip().lower()).strip("_")


def map_columns(columns: list[str], mapping: dict[str, str] | None = None) -> dict[str, str]:
    """Target field → source column. An explicit mapping wins; then synonyms, in order."""
    mapping = dict(mapping or {})
    unknown = set(mapping) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown target field(s) {sorted(unknown)}; known: {', '.join(FIELDS)}")
    by_key = {}
    for column in columns:
        by_key.setdefault(_key(column), column)
    result: dict[str, str] = {}
    for field in FIELDS:
        if field in mapping:
            if mapping[field] not in columns:
                raise ValueError(f"mapped column '{mapping[field]}' for {field} is not in the file")
            result[field] = mapping[field]
            continue
        taken = set(result.values()) | set(mapping.values())
        for synonym in SYNONYMS[field]:
            column = by_key.get(synonym)
            if column is not None and column not in taken:
                result[field] = column
                break
    return result


def _known_export(columns: list[str]) -> str | None:
    keys = {_key(c) for c in columns}
    if {"salary_estimate", "rating", "company_name"} <= keys:
        return "glassdoor"
    if {"site", "job_url", "min_amount", "interval"} <= keys:
        return "jobspy"
    if "post_link_id" in keys:
        return "hn-whos-hiring"
    if {"saved_date", "job_url"} <= keys:
        return "linkedin-saved"
    return None


def detect_source(columns: list[str], file_name: str) -> str:
    """The export the columns are known from, else the file's name (without its suffix)."""
    return _known_export(columns) or Path(file_name).stem


@dataclass(frozen=True)
class TableMapping:
    """How one table of a file (the file, or a sheet of a workbook) maps to postings."""

    fields: dict[str, str]  # target field -> column
    source: str
    label: str
    file_source: str | None  # the source when it is only the file's name


def table_mapping(
    columns: list[str], fmt: str, name: str, mapping: dict[str, str] | None, source: str | None
) -> TableMapping:
    """How a table with these columns maps to postings; ImportFailed if it cannot."""
    try:
        fields = map_columns(columns, mapping)
    except ValueError as exc:
        raise ImportFailed(name, str(exc)) from exc
    if "title" not in fields and "description" not in fields:
        shown = ", ".join(columns[:12]) + (" ..." if len(columns) > 12 else "")
        raise ImportFailed(
            name,
            f"no recognisable posting columns (found: {shown}); expected a title "
            "or description column, e.g. title, company, description, date_posted "
            "— or give an explicit column mapping",
        )
    known = source or _known_export(columns)
    source_name = known or Path(name).stem
    return TableMapping(fields, source_name, _format_label(fmt, source_name),
                        None if known else source_name)  # fmt: skip


def _format_label(fmt: str, source: str) -> str:
    known = {"jobspy": "jobspy", "glassdoor": "glassdoor",
             "hn-whos-hiring": "hn-whos-hiring", "linkedin-saved": "linkedin-saved-jobs"}  # fmt: skip
    return f"{fmt} ({known[source]})" if source in known else fmt
