"""The one-machine engine: DuckDB streams the input, a process pool runs the batch function.

Memory stays bounded whatever the input size: DuckDB hands over BATCH_ROWS rows at a time, at
most two batches per worker are in flight, staged rows go straight to a Parquet file, and the
finishing steps (dedupe, join, monthly aggregates) run in DuckDB under a memory limit, spilling
to disk beside the study when they must.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.errors import WaypointError
from analysis.pool import map_in_order
from analysis.scale import date_order, study
from analysis.skills.extractor import Extractor

Progress = Callable[[int, int | None], None]

MEMORY_LIMIT = "1GB"  # DuckDB's share; the workers hold one extractor and two batches each


def run_local_study(
    input_uri: str | Path,
    out: str | Path,
    *,
    workers: int | None = None,
    extractor: Extractor | None = None,
    mapping: Mapping[str, str] | None = None,
    fmt: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
    batch_rows: int = study.BATCH_ROWS,
) -> dict:
    """Run a market study on this machine; returns the manifest written to OUT/study.json.

    `workers` processes run the batch function (default: every core; 1 runs in-process).
    `progress(rows_done, rows_total_or_None)` is called after each batch.
    """
    started = time.perf_counter()
    input_uri, out = str(input_uri), Path(out)
    if not study.is_local(input_uri):
        raise WaypointError(
            "The local engine reads local files",
            f"{input_uri}: use --engine spark for Hadoop-compatible URIs",
        )
    study.check_input(input_uri)
    fmt = study.input_format(input_uri, fmt)
    extractor = extractor or study.default_extractor()
    workers = max(1, workers or os.cpu_count() or 1)
    study.prepare_local_output(out, force)
    staging = out / study.STAGING
    staging.mkdir()
    con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT})
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.execute("SET preserve_insertion_order = false")
        con.execute("SET enable_progress_bar = false")  # ours is on stderr
        con.execute(f"SET temp_directory = {_literal(staging / 'spill')}")
        reader, mapped, source, total, day_first = _open_input(
            con, input_uri, fmt, mapping, batch_rows
        )
        batches = (batch.to_pandas() for batch in reader)
        target = staging / "part-0.parquet"
        _stage(batches, (extractor, mapped, source, day_first), target, workers, progress, total)
        counts = _finish(con, out)
        counts["day_first_files"] = sum(day_first.values())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # no study.json: never mistaken for a study
        raise
    finally:
        con.close()
    manifest = study.build_manifest(
        engine="local", input_uri=input_uri, input_fmt=fmt, source=source, mapped=mapped,
        extractor=extractor, counts=counts, seconds=time.perf_counter() - started,
        workers=workers,
    )  # fmt: skip
    _write_skills(out / study.SKILLS, extractor)
    (out / study.MANIFEST).write_text(study.manifest_text(manifest), encoding="utf-8")
    shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _open_input(con: duckdb.DuckDBPyConnection, input_uri: str, fmt: str, mapping, batch_rows: int):
    """(Arrow reader of the mapped columns as text and each row's file, mapping, source name,
    rows or None, file -> day first)."""
    source_sql, params = _input_sql(fmt, study.local_path(input_uri))
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {source_sql}", params).fetchall()
    except duckdb.Error as exc:
        raise WaypointError("Cannot read the input", f"{input_uri}: {exc}") from exc
    types = {row[0]: row[1] for row in described if row[0] != study.FILE_COLUMN}
    mapped = study.study_columns(list(types), mapping)
    source = study.source_name(list(types), input_uri)
    file = _quote(study.FILE_COLUMN)
    day_first: dict[str, bool] = {}
    if "date_posted" in mapped:  # one pass over the date column: each file's order
        date = f"CAST({_quote(mapped['date_posted'])} AS VARCHAR)"
        day_first = date_order.day_first_files(con.execute(
            f"SELECT {file}, {date_order.date_order_sql(date, 'regexp_matches')} FROM {source_sql} GROUP BY {file}",
            params,
        ).fetchall())  # fmt: skip
    select = ", ".join(_as_text(name, types[name]) for name in study.input_columns(mapped))
    total = None
    if fmt == "parquet":  # free from the footers; a CSV would be read twice
        total = int(con.execute(f"SELECT count(*) FROM {source_sql}", params).fetchone()[0])
    reader = con.execute(f"SELECT {select}, {file} FROM {source_sql}", params).to_arrow_reader(
        batch_rows
    )
    return reader, mapped, source, total, day_first


def _input_sql(fmt: str, path: Path) -> tuple[str, list]:
    """(table function over the input, parameters). A folder means every file below it."""
    # A path that exists is a name, whatever its characters; else it is the user's pattern.
    target = study.glob_literal(path) if path.exists() else str(path)
    if path.is_dir():
        target += "/**/" + ("*.parquet" if fmt == "parquet" else f"*.{fmt}*")
    # Each row's file, under a name no input column has, for its date order.
    file = f"filename = '{study.FILE_COLUMN}'"
    if fmt == "parquet":
        return f"read_parquet(?, union_by_name = true, {file})", [target]
    delimiter = "\t" if fmt == "tsv" else ","
    return (
        "read_csv(?, header = true, all_varchar = true, delim = ?, quote = '\"', escape = '\"', "
        f"union_by_name = true, {file})",
        [target, delimiter],
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _as_text(name: str, type_name: str) -> str:
    """An input column as text; lists are joined with ", " (a skills list), as on import."""
    column = _quote(name)
    if type_name.endswith("[]"):
        return f"array_to_string({column}, ', ') AS {column}"
    return f"CAST({column} AS VARCHAR) AS {column}"


# --------------------------------------------------------------------------- staging

# stage_batch's arguments besides the batch: extractor, mapping, source, file -> day first.
Settings = tuple[Extractor, dict, str, dict]
_worker: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _worker
    _worker = settings


def _stage_in_worker(frame: pd.DataFrame) -> pd.DataFrame:
    assert _worker is not None, "worker not initialised"
    extractor, mapped, source, day_first = _worker
    return study.stage_batch(extractor, frame, mapped, source, day_first)


def _stage(
    batches: Iterator[pd.DataFrame],
    settings: Settings,
    target: Path,
    workers: int,
    progress: Progress | None,
    total: int | None,
) -> None:
    """Run stage_batch over every batch (in a pool when workers > 1), writing one Parquet file."""
    done = 0
    if progress:
        progress(0, total)
    with pq.ParquetWriter(target, study.STAGE_SCHEMA) as writer:
        for frame, staged in _results(batches, settings, workers):
            writer.write_table(
                pa.Table.from_pandas(staged, schema=study.STAGE_SCHEMA, preserve_index=False)
            )
            done += len(frame)
            if progress:
                progress(done, total)


def _results(
    batches: Iterator[pd.DataFrame], settings: Settings, workers: int
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """(batch, staged rows) in batch order; at most 2 × workers batches in flight."""
    if workers == 1:
        for frame in batches:
            yield frame, study.stage_batch(settings[0], frame, *settings[1:])
        return
    # forkserver: workers start from a clean process, not a fork of one running DuckDB threads.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    yield from map_in_order(
        _stage_in_worker, batches, workers, initializer=_init_worker,
        initargs=(settings,), mp_context=multiprocessing.get_context(method),
    )  # fmt: skip


# --------------------------------------------------------------------------- finishing


def _literal(path: Path | str) -> str:
    """A path of ours as an SQL string literal (COPY and read_parquet in views take no
    parameters)."""
    return "'" + (path.as_posix() if isinstance(path, Path) else path).replace("'", "''") + "'"


def _read(path: Path, pattern: str = "") -> str:
    """read_parquet of the file `path`, or of the files `pattern` matches in the folder."""
    glob = study.glob_literal(path) + (f"/{pattern}" if pattern else "")
    return f"read_parquet({_literal(glob)})"


def _finish(con: duckdb.DuckDBPyConnection, out: Path) -> dict:
    """Staged rows → postings, mentions, monthly; returns the manifest counts."""
    staged = _read(out / study.STAGING, "*.parquet")
    con.execute(
        "CREATE TEMP TABLE kept AS SELECT posting_id, min(row_key) AS row_key "
        f"FROM {staged} WHERE kind = 'posting' GROUP BY posting_id"
    )
    parts = {}
    for part in (study.POSTINGS, study.MENTIONS, study.MONTHLY):
        (out / part).mkdir()
        parts[part] = out / part / "part-0.parquet"
    con.execute(
        "COPY (SELECT DISTINCT s.posting_id, s.date_posted, s.title, s.company, s.location, "
        f"s.is_remote FROM {staged} s SEMI JOIN kept k USING (posting_id, row_key) "
        "WHERE s.kind = 'posting' ORDER BY s.posting_id) "
        f"TO {_literal(parts[study.POSTINGS])} (FORMAT PARQUET)"
    )
    con.execute(
        'COPY (SELECT DISTINCT s.posting_id, s.skill_id, s."count" '
        f"FROM {staged} s SEMI JOIN kept k USING (posting_id, row_key) "
        "WHERE s.kind = 'mention' ORDER BY s.posting_id, s.skill_id) "
        f"TO {_literal(parts[study.MENTIONS])} (FORMAT PARQUET)"
    )
    postings = _read(parts[study.POSTINGS])
    mentions = _read(parts[study.MENTIONS])
    con.execute(
        f"CREATE TEMP TABLE months AS SELECT posting_id, "
        f"date_trunc('month', date_posted)::DATE AS month FROM {postings}"
    )
    con.execute(
        "COPY (WITH t AS (SELECT month, count(*) AS total_postings FROM months GROUP BY month), "
        "s AS (SELECT p.month, m.skill_id, count(*) AS postings "
        f"FROM {mentions} m JOIN months p USING (posting_id) GROUP BY p.month, m.skill_id) "
        "SELECT s.month, s.skill_id, s.postings, t.total_postings, "
        "s.postings / t.total_postings AS share "
        "FROM s JOIN t ON s.month IS NOT DISTINCT FROM t.month ORDER BY s.month, s.skill_id) "
        f"TO {_literal(parts[study.MONTHLY])} (FORMAT PARQUET)"
    )
    rows, rejected = con.execute(
        "SELECT coalesce(sum(count) FILTER (WHERE kind = 'read'), 0), "
        f"coalesce(sum(count) FILTER (WHERE kind = 'rejected'), 0) FROM {staged}"
    ).fetchone()
    n_mentions, n_skills = con.execute(
        f"SELECT count(*), count(DISTINCT skill_id) FROM {mentions}"
    ).fetchone()
    n_postings, n_months = con.execute(
        "SELECT count(*), count(DISTINCT month) FROM months"
    ).fetchone()
    return {
        "rows": int(rows), "rejected": int(rejected), "postings": int(n_postings),
        "mentions": int(n_mentions), "skills": int(n_skills), "months": int(n_months),
    }  # fmt: skip


def _write_skills(folder: Path, extractor: Extractor) -> None:
    folder.mkdir(exist_ok=True)
    columns = list(zip(*study.skill_rows(extractor), strict=True)) or [[]] * len(
        study.SKILL_COLUMNS
    )
    table = pa.Table.from_arrays(
        [pa.array(list(c), pa.string()) for c in columns], schema=study.SKILLS_SCHEMA
    )
    pq.write_table(table, folder / "part-0.parquet")
