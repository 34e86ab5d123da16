"""The market study as a PySpark job: the same batch function inside mapInPandas.

    spark-submit analysis/scale/spark_job.py INPUT --out DIR [--master URL]
    python -m analysis market-study --engine spark INPUT --out DIR [--master URL]

INPUT and DIR may be local paths or any Hadoop-compatible URI the cluster reads (hdfs://,
s3a://, gs://, abfss://). The extractor (taxonomy and context rules) is broadcast once; every
executor runs `study.stage_batch` on Arrow batches of the input, and the finishing steps (one
row per posting id, mentions, monthly aggregates) are Spark joins and aggregations, so the
output equals the local engine's exactly. Executors need this project's Python requirements
(requirements.txt); the `analysis` package itself is shipped with the job.
"""

from __future__ import annotations

import argparse
import atexit
import functools
import os
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

if __package__ in (None, ""):  # run as a script by spark-submit: make `analysis` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import pandas as pd  # noqa: E402

from analysis.errors import WaypointError  # noqa: E402
from analysis.scale import date_order, study  # noqa: E402
from analysis.skills.extractor import Extractor  # noqa: E402

APP_NAME = "waypoint-market-study"
PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # the analysis/ folder


def spark_session(
    master: str | None = None, *, workers: int | None = None, conf: Mapping[str, str] | None = None
):
    """The Spark session from the usual configuration.

    The master is `master`, else $SPARK_MASTER, else spark-submit's (its --master or
    spark-defaults.conf) when spark-submit started this script, else local[N] (N = `workers`,
    default every core). `conf` adds settings (e.g. {"spark.ui.enabled": "false"}). In local
    mode the Python workers run this interpreter unless PYSPARK_PYTHON says otherwise.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise WaypointError(
            "PySpark is not installed",
            "pip install pyspark (see requirements-dev.txt), or use --engine local",
        ) from exc
    master = master or os.environ.get("SPARK_MASTER")
    under_submit = bool(os.environ.get("PYSPARK_GATEWAY_PORT"))  # spark-submit started us
    if not master and not under_submit:
        master = f"local[{workers}]" if workers else "local[*]"
    builder = SparkSession.builder.appName(APP_NAME)
    if master:
        builder = builder.master(master)
    builder = builder.config("spark.sql.session.timeZone", "UTC")
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    if master and master.startswith("local") and not os.environ.get("PYSPARK_PYTHON"):
        os.environ["PYSPARK_PYTHON"] = sys.executable  # read by SparkContext, not a conf key
    try:
        return builder.getOrCreate()
    except Exception as exc:  # Java missing, bad master URL, ...
        raise WaypointError("Cannot start Spark", f"{type(exc).__name__}: {exc}") from exc


def run_spark_study(
    spark,
    input_uri: str,
    out: str,
    *,
    extractor: Extractor | None = None,
    mapping: Mapping[str, str] | None = None,
    fmt: str | None = None,
    force: bool = False,
) -> dict:
    """Run a market study on `spark`; returns the manifest written to OUT/study.json."""
    from pyspark.errors import PySparkException, PythonException
    from pyspark.sql import functions as F

    started = time.perf_counter()
    input_uri, out = _uri(input_uri), _uri(out)
    study.check_input(input_uri)
    fmt = study.input_format(input_uri, fmt)
    extractor = extractor or study.default_extractor()
    if study.is_local(out):
        study.prepare_local_output(study.local_path(out), force)
    mode = "overwrite" if force else "errorifexists"
    try:
        raw = _read(spark, input_uri, fmt)
        mapped = study.study_columns(raw.columns, mapping)
        source = study.source_name(raw.columns, input_uri)
        raw = raw.select(
            *[_as_text(raw.schema[name]) for name in study.input_columns(mapped)],
            F.col("_metadata.file_path").alias(study.FILE_COLUMN),
        )
        day_first = _day_first_files(raw, mapped)
        _ship_package(spark)
        staging = f"{out}/{study.STAGING}"
        shared = spark.sparkContext.broadcast(extractor)

        def stage(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
            # Unpickled (the automaton compiled) once per Python worker; Spark reuses workers.
            batch_extractor = shared.value
            for frame in frames:
                staged = study.stage_batch(batch_extractor, frame, mapped, source, day_first)
                yield _for_arrow(staged)

        raw.mapInPandas(stage, study.STAGE_DDL).write.mode("overwrite").parquet(staging)
        counts = _finish(spark, staging, out, mode)
        counts["day_first_files"] = sum(day_first.values())
        skills = spark.createDataFrame(study.skill_rows(extractor), _skills_ddl())
        skills.coalesce(1).write.mode(mode).parquet(f"{out}/{study.SKILLS}")
    except PySparkException as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()] or [repr(exc)]
        # A Python worker's error ends with its exception; Spark's own begin with theirs.
        detail = lines[-1] if isinstance(exc, PythonException) else lines[0]
        raise WaypointError("Spark could not run the study", detail) from exc
    manifest = study.build_manifest(
        engine="spark", input_uri=input_uri, input_fmt=fmt, source=source, mapped=mapped,
        extractor=extractor, counts=counts, seconds=time.perf_counter() - started,
        master=spark.sparkContext.master, parallelism=spark.sparkContext.defaultParallelism,
    )  # fmt: skip
    _hadoop_write(spark, f"{out}/{study.MANIFEST}", study.manifest_text(manifest))
    _hadoop_delete(spark, staging)
    return manifest


def _uri(text: str | Path) -> str:
    """Local paths made absolute (executors may run elsewhere); URIs kept as given."""
    text = str(text)
    return (
        str(Path(text).resolve()) if study.is_local(text) and not text.startswith("file:") else text
    )


def _for_arrow(frame: pd.DataFrame) -> pd.DataFrame:
    """pandas 3 string columns as object columns: PySpark 4.0 turns an Arrow-backed column
    into a ChunkedArray, which its mapInPandas serializer cannot put in a record batch."""
    text = [name for name, dtype in frame.dtypes.items() if isinstance(dtype, pd.StringDtype)]
    return frame.astype(dict.fromkeys(text, object)) if text else frame


def _read(spark, uri: str, fmt: str):
    if fmt == "parquet":
        return spark.read.option("mergeSchema", "true").parquet(uri)
    return spark.read.csv(
        uri, header=True, sep="\t" if fmt == "tsv" else ",", multiLine=True, quote='"', escape='"'
    )


def _day_first_files(raw, mapped: Mapping[str, str]) -> dict[str, bool]:
    """Input file -> whether its slashed dates are read day first (one pass over the dates)."""
    if "date_posted" not in mapped:
        return {}
    date, file = _sql_name(mapped["date_posted"]), _sql_name(study.FILE_COLUMN)
    view = "waypoint_study_input"
    raw.createOrReplaceTempView(view)
    rows = raw.sparkSession.sql(
        f"SELECT {file}, {date_order.date_order_sql(date, 'rlike')} FROM {view} GROUP BY {file}"
    ).collect()
    return date_order.day_first_files(tuple(row) for row in rows)


def _sql_name(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _as_text(field):
    """An input column as text; arrays (a skills list) joined with ", ", as the local engine."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType

    column = F.col(_sql_name(field.name))
    if isinstance(field.dataType, ArrayType):  # NULL stays NULL, as in DuckDB's array_to_string
        text = F.when(column.isNotNull(), F.concat_ws(", ", column.cast("array<string>")))
    else:
        text = column.cast("string")
    return text.alias(field.name)


def _finish(spark, staging: str, out: str, mode: str) -> dict:
    """Staged rows → postings, mentions, monthly (the local engine's SQL, as DataFrames)."""
    from pyspark.sql import functions as F

    staged = spark.read.parquet(staging)
    posts = staged.where(F.col("kind") == "posting")
    kept = posts.groupBy("posting_id").agg(F.min("row_key").alias("row_key"))
    keys = ["posting_id", "row_key"]
    postings = (
        posts.join(kept, keys, "left_semi")
        .select(*study.POSTING_COLUMNS)
        .dropDuplicates(["posting_id"])
    )
    postings.write.mode(mode).parquet(f"{out}/{study.POSTINGS}")
    mentions = (
        staged.where(F.col("kind") == "mention")
        .join(kept, keys, "left_semi")
        .select(*study.MENTION_COLUMNS)
        .dropDuplicates(["posting_id", "skill_id"])
    )
    mentions.write.mode(mode).parquet(f"{out}/{study.MENTIONS}")

    months = spark.read.parquet(f"{out}/{study.POSTINGS}").select(
        "posting_id", F.trunc("date_posted", "month").alias("month")
    )
    written = spark.read.parquet(f"{out}/{study.MENTIONS}")
    totals = months.groupBy("month").agg(F.count(F.lit(1)).alias("total_postings")).alias("t")
    per_skill = (
        written.join(months, "posting_id")
        .groupBy("month", "skill_id")
        .agg(F.count(F.lit(1)).alias("postings"))
        .alias("s")
    )
    monthly = per_skill.join(totals, F.col("s.month").eqNullSafe(F.col("t.month"))).select(
        F.col("s.month").alias("month"),
        "skill_id",
        "postings",
        "total_postings",
        (F.col("postings") / F.col("total_postings")).alias("share"),
    )
    monthly.coalesce(1).write.mode(mode).parquet(f"{out}/{study.MONTHLY}")

    read = {
        row["kind"]: int(row["n"] or 0)
        for row in staged.where(F.col("kind").isin("read", "rejected"))
        .groupBy("kind")
        .agg(F.sum("count").alias("n"))
        .collect()
    }
    figures = written.agg(
        F.count(F.lit(1)).alias("n"), F.countDistinct("skill_id").alias("k")
    ).first()
    dated = months.agg(F.count(F.lit(1)).alias("n"), F.countDistinct("month").alias("m")).first()
    return {
        "rows": read.get("read", 0), "rejected": read.get("rejected", 0),
        "postings": int(dated["n"]), "mentions": int(figures["n"]), "skills": int(figures["k"]),
        "months": int(dated["m"]),
    }  # fmt: skip


def _skills_ddl() -> str:
    return ", ".join(f"{name} string" for name in study.SKILL_COLUMNS)


def _ship_package(spark) -> None:
    """Send the `analysis` package to the executors (a zip of its sources)."""
    spark.sparkContext.addPyFile(str(_package_zip()))


@functools.cache
def _package_zip() -> Path:
    """A zip of analysis/*.py, built once per process and removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="waypoint-spark-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    archive = folder / "waypoint_analysis.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(PACKAGE_ROOT.rglob("*.py")):
            if "__pycache__" not in file.parts:
                zf.write(file, Path("analysis") / file.relative_to(PACKAGE_ROOT))
    return archive


def _hadoop_path(spark, uri: str):
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return path, path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())


def _hadoop_write(spark, uri: str, text: str) -> None:
    """Write a small text file wherever Spark writes (local disk, HDFS, object stores)."""
    path, fs = _hadoop_path(spark, uri)
    stream = fs.create(path, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()


def _hadoop_delete(spark, uri: str) -> None:
    path, fs = _hadoop_path(spark, uri)
    fs.delete(path, True)


# --------------------------------------------------------------------------- spark-submit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Waypoint market study on Spark.")
    parser.add_argument("input", metavar="INPUT", help="Parquet or CSV: a path or Hadoop URI")
    parser.add_argument("--out", required=True, metavar="DIR", help="output folder or URI")
    parser.add_argument(
        "--master", metavar="URL", help="default: $SPARK_MASTER, spark-submit's, else local[*]"
    )
    parser.add_argument(
        "--format", choices=study.FORMATS, help="input format (default: from the name)"
    )
    parser.add_argument("--force", action="store_true", help="replace an existing study")
    args = parser.parse_args(argv)
    try:
        spark = spark_session(args.master, conf={"spark.ui.showConsoleProgress": "true"})
        spark.sparkContext.setLogLevel("WARN")
        manifest = run_spark_study(spark, args.input, args.out, fmt=args.format, force=args.force)
    except WaypointError as exc:
        print(f"error: {exc.title}" + (f": {exc.detail}" if exc.detail else ""), file=sys.stderr)
        return 1
    print(study.summary(manifest, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
