"""What both market-study engines share: the input columns, the batch function, the layout.

A study turns a market's postings (Parquet or CSV, any size) into Parquet that DuckDB reads:

    DIR/postings/*.parquet   posting_id, date_posted, title, company, location, is_remote
    DIR/mentions/*.parquet   posting_id, skill_id, count
    DIR/monthly/*.parquet    month, skill_id, postings, total_postings, share
    DIR/skills/*.parquet     skill_id, name, category, origin, external_id (the taxonomy used)
    DIR/study.json           the manifest: engine, input, rows, taxonomy version, created, ...

The definitions are the workspace's: rows are read with the importer's column synonyms and
normalised by `ingest.postings.normalise_batch` (same posting ids, dates and rejections), skills
are found by `skills.sync.extract_batch` (which runs `extract_counts`, plus the posting's own
skills list), and `monthly` is `skill_month_counts` / `month_counts` of the dashboard (month is
the first day, NULL for undated postings; share = postings / total_postings).

Slashed dates are read in one order per input file, as on import: before the batches, each
engine asks every file's date column whether some value cannot be month first (13/02/2023) and
none cannot be day first (analysis.scale.date_order), and hands `stage_batch` the answer per
file; the rows carry their file in FILE_COLUMN.

Both engines run `stage_batch` on every input batch and write its rows to a staging Parquet
dataset, then finish with the same relational steps (in DuckDB or in Spark): a posting id seen
more than once is kept once (the row whose content key is smallest, so the choice never depends
on the order the engine read the rows in), its mentions with it, and the months aggregated.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pyarrow as pa

from analysis.errors import WaypointError
from analysis.ingest.common import ImportReport
from analysis.ingest.postings import detect_source, map_columns, normalise_batch
from analysis.skills.extractor import Extractor
from analysis.skills.sync import builtin_taxonomy, extract_batch, extractor_for

LAYOUT_VERSION = 1
MANIFEST = "study.json"
POSTINGS, MENTIONS, MONTHLY, SKILLS = "postings", "mentions", "monthly", "skills"
STAGING = "staging"  # the engines' intermediate rows; removed when the study is complete
FORMATS = ("parquet", "csv", "tsv")
BATCH_ROWS = 2_000  # input rows per batch handed to the batch function
FILE_COLUMN = "__waypoint_file"  # each input row's file, for the order of its slashed dates

POSTING_COLUMNS = ["posting_id", "date_posted", "title", "company", "location", "is_remote"]
MENTION_COLUMNS = ["posting_id", "skill_id", "count"]
MONTHLY_COLUMNS = ["month", "skill_id", "postings", "total_postings", "share"]
SKILL_COLUMNS = ["skill_id", "name", "category", "origin", "external_id"]

# The importer fields a study reads; salary and job-type columns are not needed.
STUDY_FIELDS = ("title", "company", "description", "date_posted", "location", "city", "country",
                "url", "external_id", "source", "is_remote", "skills_list")  # fmt: skip

# Staged rows: kind 'read' / 'rejected' carry a row count for one batch; kind 'posting' one
# posting (with the content key that breaks ties between rows of the same posting id);
# kind 'mention' one (posting, skill) mention count.
_STAGE = [
    ("kind", pa.string(), "string", "str"),
    ("posting_id", pa.string(), "string", "str"),
    ("row_key", pa.string(), "string", "str"),
    ("date_posted", pa.date32(), "date", "object"),
    ("title", pa.string(), "string", "str"),
    ("company", pa.string(), "string", "str"),
    ("location", pa.string(), "string", "str"),
    ("is_remote", pa.bool_(), "boolean", "boolean"),
    ("skill_id", pa.string(), "string", "str"),
    ("count", pa.int64(), "long", "Int64"),
]
STAGE_SCHEMA = pa.schema([(name, arrow) for name, arrow, _, _ in _STAGE])
STAGE_DDL = ", ".join(f"`{name}` {spark}" for name, _, spark, _ in _STAGE)
SKILLS_SCHEMA = pa.schema([(name, pa.string()) for name in SKILL_COLUMNS])


def default_extractor() -> Extractor:
    """The extractor for the built-in taxonomy (compiled once per process)."""
    return extractor_for(builtin_taxonomy())


# --------------------------------------------------------------------------- input


def is_local(uri: str) -> bool:
    """True for a plain path or a file: URI; False for hdfs://, s3a://, gs://, abfss:// ..."""
    scheme = urlparse(str(uri)).scheme
    return scheme in ("", "file") or (len(scheme) == 1 and os.name == "nt")


def glob_literal(path: Path | str) -> str:
    """`path` as DuckDB's file readers take it literally: they read every path as a glob, so
    "[", "*" and "?" in a folder's name ("studies [EU]") become classes that match themselves."""
    return re.sub(r"([\[*?])", r"[\1]", Path(path).as_posix())


def local_path(uri: str) -> Path:
    """The filesystem path of a local URI."""
    text = str(uri)
    return Path(urlparse(text).path) if text.startswith("file:") else Path(text)


def input_format(uri: str, declared: str | None = None) -> str:
    """parquet | csv | tsv: `declared` if given, else from the suffix (of the files inside a
    local directory); Parquet when nothing says otherwise."""
    if declared:
        if declared not in FORMATS:
            raise WaypointError(
                "Unknown input format", f"{declared!r}; expected {', '.join(FORMATS)}"
            )
        return declared
    names = [str(uri).rstrip("/").lower()]
    if is_local(uri) and local_path(uri).is_dir():
        names = sorted(p.name.lower() for p in local_path(uri).rglob("*") if p.is_file())
    for name in names:
        stem = name[:-3] if name.endswith(".gz") else name
        if stem.endswith(".csv"):
            return "csv"
        if stem.endswith(".tsv"):
            return "tsv"
    return "parquet"


def check_input(uri: str) -> None:
    """A local input must exist (a glob must match something); remote ones are the engine's."""
    if not is_local(uri):
        return
    path = local_path(uri)
    if any(ch in path.name for ch in "*?[") and not path.exists():  # a pattern, not a name
        if not any(path.parent.glob(path.name)):
            raise WaypointError("No input files", f"{uri} matches no file")
    elif not path.exists():
        raise WaypointError("No input files", f"{uri} does not exist")


def study_columns(
    columns: Sequence[str], mapping: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Importer field → input column, for the fields a study reads (synonyms, as on import).

    Raises WaypointError when neither a title nor a description column is found.
    """
    try:
        mapped = map_columns(list(columns), dict(mapping or {}))
    except ValueError as exc:
        raise WaypointError("Bad column mapping", str(exc)) from exc
    mapped = {field: column for field, column in mapped.items() if field in STUDY_FIELDS}
    if "title" not in mapped and "description" not in mapped:
        shown = ", ".join(map(str, list(columns)[:15]))
        raise WaypointError(
            "No posting text in the input",
            f"no column is a title or a description (columns: {shown}); "
            "name one with --map description=COLUMN",
        )
    return mapped


def source_name(columns: Sequence[str], uri: str) -> str:
    """The source recorded in posting ids, as the importer would choose it for this input."""
    name = str(uri).rstrip("/").rsplit("/", 1)[-1] or "study"
    if any(ch in name for ch in "*?["):  # a glob: name the study after its folder
        name = str(uri).rstrip("/").rsplit("/", 2)[-2] if "/" in str(uri) else "study"
    return detect_source(list(columns), name)


def input_columns(mapped: Mapping[str, str]) -> list[str]:
    """The input columns to read, once each, in a stable order."""
    return list(dict.fromkeys(mapped.values()))


# --------------------------------------------------------------------------- batch function


def stage_batch(
    extractor: Extractor,
    frame: pd.DataFrame,
    mapped: Mapping[str, str],
    source: str,
    day_first: Mapping[str, bool] | None = None,
) -> pd.DataFrame:
    """Staged rows for one batch of input rows (columns of text); pure, so it runs in a worker
    process or inside Spark's mapInPandas. Columns: those of STAGE_SCHEMA.

    The rows are normalised exactly as the postings importer does it (rejected rows are only
    counted), the slashed dates of each file (FILE_COLUMN) in the order `day_first` gives it
    (month first for a file it does not name), and their skills found by `extract_batch`; rows
    repeating one another exactly are extracted once.
    """
    rows = _normalised(frame.reset_index(drop=True), mapped, source, day_first or {})
    rejected = len(frame) - len(rows)
    rows = rows.assign(row_key=_row_keys(rows)).drop_duplicates("row_key", ignore_index=True)
    # Extract per row (keyed by row_key), so rows sharing a posting id stay apart until the
    # engine has chosen one of them.
    found = extract_batch(
        extractor,
        pd.DataFrame(
            {
                "posting_id": rows["row_key"],
                "title": rows["title"],
                "company": rows["company"],
                "description": rows["description"],
                "skills_list": rows["skills_list"],
            }
        ),
    )
    owner = dict(zip(rows["row_key"], rows["posting_id"], strict=True))
    parts = [
        _staged("read", count=[len(frame)]),
        _staged("rejected", count=[rejected]),
        _staged(
            "posting",
            posting_id=rows["posting_id"],
            row_key=rows["row_key"],
            date_posted=rows["date_posted"],
            title=rows["title"],
            company=rows["company"],
            location=rows["location"],
            is_remote=rows["is_remote"],
        ),
        _staged(
            "mention",
            posting_id=found["posting_id"].map(owner),
            row_key=found["posting_id"],
            skill_id=found["skill_id"],
            count=found["mentions"],
        ),
    ]
    return pd.concat(parts, ignore_index=True)


def _normalised(
    frame: pd.DataFrame, mapped: Mapping[str, str], source: str, day_first: Mapping[str, bool]
) -> pd.DataFrame:
    """The batch's rows normalised, each file's part with its own date order."""
    report = ImportReport(0, "postings", "study")
    if FILE_COLUMN not in frame:
        return normalise_batch(frame, dict(mapped), source, 1, report)
    files = frame.pop(FILE_COLUMN)
    parts = [
        normalise_batch(
            frame[files == file].reset_index(drop=True),
            dict(mapped),
            source,
            1,
            report,
            day_first.get(file, False),
        )  # fmt: skip
        for file in files.drop_duplicates()
    ]
    return pd.concat(parts, ignore_index=True) if len(parts) != 1 else parts[0]


def _staged(kind: str, **columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    data = {"kind": pd.Series([kind] * n, dtype="str")}
    for name, _, _, dtype in _STAGE[1:]:
        values = columns.get(name)
        if values is None:
            data[name] = pd.Series([None] * n, dtype=dtype)
        else:
            values = values.tolist() if isinstance(values, pd.Series) else list(values)
            data[name] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(data)


_KEY_COLUMNS = ("posting_id", "title", "company", "location", "is_remote", "date_posted",
                "description", "skills_list")  # fmt: skip


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None or value != value:  # None, NaN, NA
        return ""
    return str(value)


def _row_keys(rows: pd.DataFrame) -> list[str]:
    """A digest of everything a row contributes, to pick one row per posting id."""
    columns = [rows[c].tolist() for c in _KEY_COLUMNS]
    return [
        hashlib.sha256("\x1f".join(map(_text, values)).encode("utf-8")).hexdigest()[:20]
        for values in zip(*columns, strict=True)
    ]


# --------------------------------------------------------------------------- output


def prepare_local_output(out: Path, force: bool) -> None:
    """Refuse to write into a non-empty directory unless `force` (then clear the study parts)."""
    if out.exists() and not out.is_dir():
        raise WaypointError("Cannot write the study", f"{out} is a file, not a directory")
    if out.is_dir() and any(out.iterdir()):
        if not force:
            raise WaypointError("Study folder is not empty", f"{out}; pass --force to replace it")
        for part in (POSTINGS, MENTIONS, MONTHLY, SKILLS, STAGING):
            shutil.rmtree(out / part, ignore_errors=True)
        (out / MANIFEST).unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)


def skill_rows(extractor: Extractor) -> list[tuple]:
    """The taxonomy the study used, as rows of SKILL_COLUMNS."""
    frame = extractor.taxonomy.skills_frame()
    return [
        tuple(None if v is None else str(v) for v in row) for row in frame.itertuples(index=False)
    ]


def build_manifest(
    *,
    engine: str,
    input_uri: str,
    input_fmt: str,
    source: str,
    mapped: Mapping[str, str],
    extractor: Extractor,
    counts: Mapping[str, int],
    seconds: float,
    **settings,
) -> dict:
    """The study.json content; `counts` holds rows, rejected, postings, mentions, skills, months
    and day_first_files (the input files whose slashed dates were read day first)."""
    return {
        "layout_version": LAYOUT_VERSION,
        "engine": engine,
        "input": str(input_uri),
        "input_format": input_fmt,
        "source": source,
        "columns": dict(mapped),
        "rows": int(counts["rows"]),
        "rejected": int(counts["rejected"]),
        "duplicates": int(counts["rows"] - counts["rejected"] - counts["postings"]),
        "postings": int(counts["postings"]),
        "mentions": int(counts["mentions"]),
        "skills": int(counts["skills"]),
        "months": int(counts["months"]),
        "day_first_files": int(counts.get("day_first_files", 0)),
        "taxonomy_version": extractor.taxonomy.version,
        "extractor_version": extractor.version,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 2),
        "settings": settings,
    }


def manifest_text(manifest: Mapping) -> str:
    return json.dumps(manifest, indent=2, sort_keys=False) + "\n"


def read_manifest(study_dir: str | Path) -> dict:
    """The study.json of a study folder; WaypointError when it is missing or unreadable."""
    path = Path(study_dir) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise WaypointError("Not a market study", f"{path} does not exist") from exc
    except (OSError, ValueError) as exc:
        raise WaypointError("Not a market study", f"{path}: {exc}") from exc
    if manifest.get("layout_version") != LAYOUT_VERSION:
        raise WaypointError(
            "Unknown study layout",
            f"{path} has layout version {manifest.get('layout_version')!r}; "
            f"this Waypoint reads version {LAYOUT_VERSION}",
        )
    return manifest


def summary(manifest: Mapping, out: str | Path) -> str:
    """The figures printed at the end of a study."""
    seconds = max(float(manifest["seconds"]), 1e-9)
    return "\n".join(
        [
            f"Study written to {out} ({manifest['engine']} engine, {seconds:,.1f} s, "
            f"{manifest['rows'] / seconds:,.0f} rows/s)",
            f"  rows read        {manifest['rows']:>12,}",
            f"  rejected         {manifest['rejected']:>12,}  (no title and no description, "
            "or an unreadable date)",
            f"  duplicates       {manifest['duplicates']:>12,}",
            f"  postings         {manifest['postings']:>12,}",
            f"  skill mentions   {manifest['mentions']:>12,}  ({manifest['skills']:,} distinct "
            f"skills, taxonomy {manifest['taxonomy_version']})",
            f"  months           {manifest['months']:>12,}",
        ]
        + (
            [f"  files with dates read day first (13/02/2023): {manifest['day_first_files']:,}"]
            if manifest.get("day_first_files")
            else []
        )
    )
