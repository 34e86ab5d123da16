"""Job postings: any tabular export (CSV, TSV, JSON, JSON Lines, Parquet, Excel) or one pasted
job description, mapped to the `postings` table by column-name synonyms or an explicit mapping.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import ImportFailed
from analysis.ingest.common import ImportReport, Progress, import_session, sha256_bytes, sha256_file
from analysis.ingest.dates import parse_dates
from analysis.ingest.posting_ids import stable_posting_id
from analysis.ingest.postings_formats import BATCH_ROWS, detect_format, read_batches
from analysis.ingest.salary import annualise, normalise_interval, parse_salary_text
from analysis.store import Connection

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

_INTERVALS = {name: normalise_interval(name) for name in
              ("hourly", "daily", "weekly", "monthly", "yearly", "year", "annual", "annually",
               "hour", "day", "week", "month")}  # fmt: skip
_TRUE = {"true", "yes", "y", "1", "remote", "fully remote", "t"}
_RATING_SUFFIX = re.compile(r"\s*\n\s*\d(\.\d)?\s*$")  # Glassdoor: "Acme\n3.8"


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


def detect_source(columns: list[str], file_name: str) -> str:
    keys = {_key(c) for c in columns}
    if {"salary_estimate", "rating", "company_name"} <= keys:
        return "glassdoor"
    if {"site", "job_url", "min_amount", "interval"} <= keys:
        return "jobspy"
    if "post_link_id" in keys:
        return "hn-whos-hiring"
    if {"saved_date", "job_url"} <= keys:
        return "linkedin-saved"
    return Path(file_name).stem


def _column(frame: pd.DataFrame, mapped: dict[str, str], field: str) -> pd.Series:
    if field in mapped:
        return frame[mapped[field]].astype("str").fillna("")
    return pd.Series("", index=frame.index, dtype="str")


def _to_number(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values.astype(str).str.replace(r"[,$€£\s]", "", regex=True),
                         errors="coerce")  # fmt: skip


def normalise_batch(
    frame: pd.DataFrame, mapped: dict[str, str], source: str, first_line: int, report: ImportReport
) -> pd.DataFrame:
    """Source rows → rows of the postings table (minus import_id); rejects bad rows."""
    col = {field: _column(frame, mapped, field).str.strip() for field in FIELDS}
    out = pd.DataFrame(index=frame.index)
    out["title"] = col["title"]
    out["company"] = col["company"].str.replace(_RATING_SUFFIX, "", regex=True)
    out["description"] = col["description"]
    location = col["location"]
    city_country = (col["city"] + ", " + col["country"]).str.strip(", ")
    out["location"] = location.where(location != "", city_country)
    out["url"] = col["url"]
    out["external_id"] = col["external_id"]
    out["source"] = col["source"].where(col["source"] != "", source)
    remote = col["is_remote"].str.lower()
    out["is_remote"] = np.where(
        remote == "",
        np.where(out["location"].str.contains("remote", case=False), True, None),
        remote.isin(_TRUE),
    )
    out["job_type"] = col["job_type"]
    out["skills_list"] = col["skills_list"]

    interval = col["salary_interval"].str.lower().map(_INTERVALS)
    low, high = _to_number(col["salary_min"]), _to_number(col["salary_max"])
    factor = interval.map(lambda i: annualise(1.0, i)).astype(float)
    out["salary_min"] = low * factor
    out["salary_max"] = high * factor
    out["salary_currency"] = col["salary_currency"]
    out["salary_interval"] = interval
    text_rows = out["salary_min"].isna() & out["salary_max"].isna() & (col["salary_text"] != "")
    for idx in out.index[text_rows]:
        parsed = parse_salary_text(col["salary_text"][idx])
        if parsed:
            out.at[idx, "salary_min"] = parsed.minimum
            out.at[idx, "salary_max"] = parsed.maximum
            out.at[idx, "salary_currency"] = parsed.currency or out.at[idx, "salary_currency"]
            out.at[idx, "salary_interval"] = parsed.interval or "yearly"

    dates, bad_dates = parse_dates(col["date_posted"])
    out["date_posted"] = dates.dt.date.astype(object).where(dates.notna(), None)

    lines = pd.Series(np.arange(first_line, first_line + len(frame)), index=frame.index)
    empty = (out["title"] == "") & (out["description"] == "")
    date_column = mapped.get("date_posted")
    for idx in out.index[bad_dates & ~empty]:
        report.reject(int(lines[idx]), date_column,
                      f"cannot read the date {col['date_posted'][idx]!r}")  # fmt: skip
    for idx in out.index[empty]:
        report.reject(int(lines[idx]), None, "no title and no description")
    keep = ~(empty | bad_dates)
    out = out[keep]
    for field in ("title", "company", "description", "location", "url", "external_id",
                  "job_type", "skills_list", "salary_currency"):  # fmt: skip
        out[field] = out[field].replace("", None)
    out["posting_id"] = [
        stable_posting_id(s, u, t, c, d, x)
        for s, u, t, c, d, x in zip(
            out["source"],
            out["url"],
            out["title"],
            out["company"],
            out["description"],
            out["external_id"],
            strict=True,
        )  # fmt: skip
    ]
    return out


_INSERT = """
INSERT INTO postings (posting_id, source, external_id, url, title, company, location, is_remote,
    date_posted, job_type, salary_min, salary_max, salary_currency, salary_interval,
    description, skills_list, import_id)
SELECT b.posting_id, b.source, b.external_id, b.url, b.title, b.company, b.location,
    CAST(b.is_remote AS BOOLEAN), CAST(b.date_posted AS DATE), b.job_type,
    CAST(b.salary_min AS DOUBLE), CAST(b.salary_max AS DOUBLE), b.salary_currency,
    b.salary_interval, b.description, b.skills_list, ?
FROM batch b ANTI JOIN postings p ON p.posting_id = b.posting_id
"""


def _store_batch(con: Connection, rows: pd.DataFrame, report: ImportReport) -> None:
    unique = rows.drop_duplicates("posting_id")
    report.rows_duplicate += len(rows) - len(unique)
    before = con.execute("SELECT count(*) FROM postings").fetchone()[0]
    con.register("batch", unique)
    try:
        con.execute(_INSERT, [report.import_id])
    finally:
        con.unregister("batch")
    added = con.execute("SELECT count(*) FROM postings").fetchone()[0] - before
    report.rows_added += added
    report.rows_duplicate += len(unique) - added


def import_postings(
    con: Connection,
    path: str | Path,
    *,
    file_name: str | None = None,
    mapping: dict[str, str] | None = None,
    source: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one postings file in a single transaction; see the module docstring.

    ``mapping`` maps target fields (see FIELDS) to column names of the file. Rows without
    title and description, or with an unreadable date, are rejected with their line.
    """
    path = Path(path)
    name = file_name or path.name
    with open(path, "rb") as fh:
        head = fh.read(65536)
    if not head.strip():
        raise ImportFailed(name, "the file is empty")
    fmt = detect_format(Path(name) if file_name else path, head)
    if fmt == "text":
        return import_posting_text(
            con, path.read_bytes(), file_name=name, source=source or "pasted"
        )
    total_bytes = path.stat().st_size
    with import_session(con, "postings", name, sha256_file(path), fmt) as report:
        mapped: dict[str, str] | None = None
        for first_line, frame in read_batches(path, fmt, name):
            if mapped is None:
                columns = [str(c) for c in frame.columns]
                try:
                    mapped = map_columns(columns, mapping)
                except ValueError as exc:
                    raise ImportFailed(name, str(exc)) from exc
                if "title" not in mapped and "description" not in mapped:
                    shown = ", ".join(columns[:12]) + (" ..." if len(columns) > 12 else "")
                    raise ImportFailed(
                        name,
                        f"no recognisable posting columns (found: {shown}); expected a title "
                        "or description column, e.g. title, company, description, date_posted "
                        "— or give an explicit column mapping",
                    )
                source_name = source or detect_source(columns, name)
                report.file_format = _format_label(fmt, source_name)
            report.rows_read += len(frame)
            rows = normalise_batch(frame, mapped, source_name, first_line, report)
            if len(rows):
                _store_batch(con, rows, report)
            if progress:
                progress(report.rows_read, None if total_bytes else None)
        if mapped is None:
            raise ImportFailed(name, "the file holds no postings")
    return report


def preview_postings(
    path: str | Path, *, file_name: str | None = None, rows: int = 5
) -> tuple[str, list[str], dict[str, str], pd.DataFrame]:
    """(format, columns, detected mapping, first rows) without storing anything."""
    path = Path(path)
    name = file_name or path.name
    with open(path, "rb") as fh:
        head = fh.read(65536)
    if not head.strip():
        raise ImportFailed(name, "the file is empty")
    fmt = detect_format(Path(name), head)
    if fmt == "text":
        return fmt, [], {}, pd.DataFrame({"description": [head.decode("utf-8", "replace")[:500]]})
    first = next(iter(read_batches(path, fmt, name)), None)
    if first is None:
        raise ImportFailed(name, "the file holds no postings")
    frame = first[1]
    columns = [str(c) for c in frame.columns]
    return fmt, columns, map_columns(columns), frame.head(rows)


def _format_label(fmt: str, source: str) -> str:
    known = {"jobspy": "jobspy", "glassdoor": "glassdoor",
             "hn-whos-hiring": "hn-whos-hiring", "linkedin-saved": "linkedin-saved-jobs"}  # fmt: skip
    return f"{fmt} ({known[source]})" if source in known else fmt


def import_posting_text(
    con: Connection,
    text: str | bytes,
    *,
    file_name: str = "pasted job description",
    title: str | None = None,
    company: str | None = None,
    source: str = "pasted",
) -> ImportReport:
    """One pasted job description becomes one posting (title from the first line if not given)."""
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    from analysis.ingest.common import decode_bytes

    body = decode_bytes(raw, file_name).strip()
    first_line = next((ln.strip(" #*\t") for ln in body.splitlines() if ln.strip()), "")
    title = title or first_line[:120]
    frame = pd.DataFrame([{"title": title, "company": company or "", "description": body}])
    with import_session(con, "postings", file_name, sha256_bytes(raw), "text") as report:
        report.rows_read = 1
        rows = normalise_batch(frame, {c: c for c in frame.columns}, source, 1, report)
        _store_batch(con, rows, report)
    return report


__all__ = [
    "import_postings",
    "import_posting_text",
    "preview_postings",
    "map_columns",
    "FIELDS",
    "BATCH_ROWS",
]
