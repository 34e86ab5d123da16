"""Commands `market-study` and `attach-study` (registered by analysis.cli._module_commands).

    python -m analysis market-study --engine local|spark INPUT --out DIR [--master URL] [--workers N]
    python -m analysis [--db PATH] attach-study DIR | --detach | --status

Progress goes to stderr; the figures of the finished study to stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.errors import WaypointError, cannot_write
from analysis.scale import study
from analysis.text_format import printable


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "market-study",
        help="find skills in a whole market's postings (this machine or Spark); writes Parquet",
    )
    p.add_argument("input", metavar="INPUT",
                   help="Parquet or CSV file, folder or glob; with --engine spark also a Hadoop "
                        "URI (hdfs://, s3a://, ...)")  # fmt: skip
    p.add_argument(
        "--out", required=True, metavar="DIR", help="folder (or URI) to write the study to"
    )
    p.add_argument("--engine", choices=("local", "spark"), default="local",
                   help="local: DuckDB + a process pool (default); spark: a Spark job")  # fmt: skip
    p.add_argument("--master", metavar="URL",
                   help="spark: master URL (default $SPARK_MASTER, else local[*])")  # fmt: skip
    p.add_argument("--workers", type=int, metavar="N",
                   help="local: worker processes (default: every core); spark: local[N] "
                        "when no master is given")  # fmt: skip
    p.add_argument("--format", choices=study.FORMATS, help="input format (default: from the name)")
    p.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                   help="name a column by hand, e.g. --map description=body")  # fmt: skip
    p.add_argument("--force", action="store_true", help="replace an existing study in DIR")
    p.add_argument("--attach", action="store_true",
                   help="attach the finished study to the workspace (see attach-study)")  # fmt: skip
    p.set_defaults(handler=cmd_market_study)

    p = subparsers.add_parser(
        "attach-study", help="let the workspace read a market study's Parquet in place",
        description="Attach a market study to the workspace: the Market page and `report "
                    "--market study` then read it in place (nothing is copied). Without DIR, "
                    "--detach forgets it and --status says what is attached.",
    )  # fmt: skip
    p.add_argument("study_dir", metavar="DIR", nargs="?", help="a folder written by market-study")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--detach", action="store_true", help="forget the attached study")
    which.add_argument("--status", action="store_true",
                       help="show the attached study: folder, postings, engine, date")  # fmt: skip
    p.set_defaults(handler=cmd_attach_study)


def _mapping(items: list[str] | None) -> dict[str, str]:
    mapping = {}
    for text in items or []:
        field, sep, column = text.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise WaypointError("Bad --map", f"expected FIELD=COLUMN, got {text!r}")
        mapping[field.strip()] = column.strip()
    return mapping


def cmd_market_study(args: argparse.Namespace) -> int:
    mapping = _mapping(args.map)
    if args.workers is not None and args.workers < 1:
        raise WaypointError("Bad --workers", "expected a positive number")
    print(f"market study of {args.input} ({args.engine} engine) ...", file=sys.stderr)
    if args.engine == "local":
        if args.master:
            raise WaypointError(
                "--master is for --engine spark", "the local engine runs on this machine"
            )
    run = _run_local if args.engine == "local" else _run_spark
    try:
        manifest = run(args, mapping)
    except OSError as exc:
        error = _cannot_write(exc, args.out)
        if error is None:
            raise
        raise error from exc
    print(printable(study.summary(manifest, args.out)))
    if args.attach:
        _attach(args, args.out)
    return 0


def _cannot_write(exc: OSError, out: str) -> WaypointError | None:
    """The error to show when writing the study folder `out` failed (a file where a folder
    should be, no permission, a full disk ...); None when `exc` is about another path."""
    if not study.is_local(out) or exc.filename is None:
        return None
    folder, failed = study.local_path(out).absolute(), Path(exc.filename).absolute()
    if failed != folder and folder not in failed.parents and failed not in folder.parents:
        return None  # e.g. the input could not be read: its own message says so
    return cannot_write("Cannot write the market study", exc, folder)


def _run_local(args: argparse.Namespace, mapping: dict) -> dict:
    from tqdm import tqdm

    from analysis.scale.local_engine import run_local_study

    bar = tqdm(desc="extracting", unit=" rows", file=sys.stderr, disable=None, leave=False)

    def update(done: int, total: int | None) -> None:
        if total and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    try:
        return run_local_study(
            args.input, args.out, workers=args.workers, mapping=mapping, fmt=args.format,
            force=args.force, progress=update,
        )  # fmt: skip
    finally:
        bar.close()


def _run_spark(args: argparse.Namespace, mapping: dict) -> dict:
    from analysis.scale.spark_job import run_spark_study, spark_session

    spark = spark_session(
        args.master, workers=args.workers, conf={"spark.ui.showConsoleProgress": "true"}
    )
    spark.sparkContext.setLogLevel("WARN")
    try:
        return run_spark_study(
            spark, args.input, args.out, mapping=mapping, fmt=args.format, force=args.force
        )
    finally:
        spark.stop()


def _attach(args: argparse.Namespace, study_dir: str) -> None:
    from analysis import settings, store
    from analysis.scale.attach import attach_study

    if not study.is_local(study_dir):
        raise WaypointError(
            "Cannot attach a remote study", f"{study_dir}: copy it to this machine first"
        )
    path = settings.db_path(args.db)
    con = store.connect(path)
    try:
        s = attach_study(con, study.local_path(study_dir))
    finally:
        con.close()
    print(printable(
        f"Attached to {path}: {s.path} ({s.manifest['postings']:,} postings; "
        "views study_postings, study_posting_skills, study_monthly, ...)"
    ))  # fmt: skip


def cmd_attach_study(args: argparse.Namespace) -> int:
    from analysis import settings, store
    from analysis.scale.attach import attached_study_path, detach_study

    if (args.detach or args.status) and args.study_dir:
        raise WaypointError("Too many arguments", "give DIR, or --detach, or --status")
    if args.status:
        return _status(args)
    if args.detach:
        con = store.connect(settings.db_path(args.db))
        try:
            previous = attached_study_path(con)
            detach_study(con)
        finally:
            con.close()
        print(printable(f"Detached {previous}" if previous else "No study was attached"))
        return 0
    if not args.study_dir:
        raise WaypointError("Which study?", "give the folder written by market-study, or --detach")
    _attach(args, args.study_dir)
    return 0


def _status(args: argparse.Namespace) -> int:
    """Print what is attached; a recorded folder that has gone is an error (exit 1)."""
    from analysis import settings, store
    from analysis.scale.attach import study_status

    path = settings.db_path(args.db)
    if not path.exists():
        raise WaypointError("No workspace", f"{path} does not exist; run `python -m analysis init`")
    con = store.connect(path, read_only=True)
    try:
        status = study_status(con)
    finally:
        con.close()
    if status is None:
        print(printable(f"No study is attached to {path}"))
        return 0
    if not status.ok:
        raise WaypointError(*status.problem)
    print(printable(f"Attached to {path}: {status.path}"))
    print(printable(f"  name             {status.name}"))
    print(f"  postings         {status.postings:>12,}")
    print(f"  months           {status.months:>12,}")
    print(f"  engine           {status.engine}, created {status.created}")
    print(f"  taxonomy         {status.taxonomy_version}")
    kept = [n for n, has in (("posting text", status.has_text), ("salaries", status.has_salaries))
            if not has]  # fmt: skip
    if kept:
        print(f"  not kept         {', '.join(kept)}")
    return 0
