"""The command line: python -m analysis [--db PATH] COMMAND ...

Every command prints results on stdout, errors on stderr, and exits non-zero on error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from analysis import settings, store
from analysis.cli_progress import progress_bar, refresh_progress
from analysis.errors import WaypointError, is_interrupt
from analysis.ingest.detect import KINDS
from analysis.ingest.dispatch import refresh_skills
from analysis.skills.scope import SCOPE_LABELS
from analysis.text_format import printable, skills_pending_text

Handler = Callable[[argparse.Namespace], int]


def _open(args: argparse.Namespace) -> store.Connection:
    return store.connect(settings.db_path(args.db))


def cmd_init(args: argparse.Namespace) -> int:
    path = settings.db_path(args.db)
    con = store.connect(path)
    try:
        # An import interrupted while finding skills left postings without them: finish.
        with refresh_progress() as update:
            refresh_skills(con, update)
    except BaseException as exc:
        if is_interrupt(exc):
            raise Interrupted(INIT_INTERRUPTED) from exc
        raise
    finally:
        con.close()
    print(f"Workspace ready: {path} (schema version {store.latest_version()})")
    return 0


def _say(text: str, file=None) -> None:
    """Print a line that may hold imported text (file names, values, skills): its control
    characters are escaped, so they cannot recolour, retitle or rewrite the terminal."""
    print(printable(text), file=file)


def _print_report(report) -> None:
    _say(report.summary())
    for note in report.notes:
        _say(f"  note: {note}")
    for r in report.rejections[:20]:
        where = f"line {r.line}" if r.line is not None else "file"
        column = f", column '{r.column}'" if r.column else ""
        _say(f"  rejected {report.file_name}, {where}{column}: {r.reason}")
    if report.rows_rejected > 20:
        print(f"  ... and {report.rows_rejected - 20} more rejected rows (see the dashboard)")


def cmd_import(args: argparse.Namespace) -> int:
    """Import each file in its own transaction. A file that cannot be imported is reported and
    the next one tried; skills are then found in everything stored, and the exit code is 1."""
    con = _open(args)
    failed: list[str] = []
    stored = 0  # files stored by this command
    try:
        for file in args.files:
            name = "stdin" if file == "-" else Path(file).name
            before = _last_import_id(con)
            bar, update = progress_bar(f"importing {name}")
            try:
                reports = _import_one(con, args, file, update)
            except WaypointError as exc:
                if len(args.files) == 1:
                    raise
                _print_error(exc)
                failed.append(name)
                continue
            except BaseException as exc:
                if is_interrupt(exc):
                    raise Interrupted(_import_interrupted(con, name, before, stored)) from exc
                raise
            finally:
                bar.close()
            stored += 1
            for report in reports:
                _print_report(report)
        if not args.no_extract:
            try:
                with refresh_progress() as update:
                    refresh_skills(con, update)
            except BaseException as exc:
                if is_interrupt(exc):
                    raise Interrupted(EXTRACTION_INTERRUPTED) from exc
                raise
    finally:
        con.close()
    if len(failed) == len(args.files) > 1:
        print(f"error: none of the {len(failed)} files was imported (see above)", file=sys.stderr)
        return 1
    if failed:
        verb = "was" if len(failed) == 1 else "were"
        _say(f"error: {len(failed)} of {len(args.files)} files {verb} not imported: "
             f"{', '.join(failed)} (see above); the others are stored", file=sys.stderr)  # fmt: skip
        return 1
    return 0


def _last_import_id(con) -> int:
    return int(con.execute("SELECT coalesce(max(import_id), 0) FROM imports").fetchone()[0])


def _import_interrupted(con, name: str, before: int, stored: int) -> str:
    """What Ctrl-C while importing `name` left: its own imports commit at their end (a LinkedIn
    archive's parts one by one), so the workspace tells what was stored."""
    try:
        kept = int(con.execute(
            "SELECT count(*) FROM imports WHERE import_id > ?", [before]
        ).fetchone()[0])  # fmt: skip
    except Exception:  # noqa: BLE001 - a connection Ctrl-C left unusable tells nothing
        kept = 0
    if kept:
        what = f"interrupted; {name} was stored" if kept == 1 else (
            f"interrupted; {kept} parts of {name} were stored")  # fmt: skip
    else:
        what = f"interrupted; nothing from {name} was stored"
    if stored:
        noun = "file" if stored == 1 else f"{stored} files"
        what += f"; the {noun} before it {'is' if stored == 1 else 'are'} stored"
    if kept or stored:
        what += ", and `python -m analysis init` finishes finding their skills"
    return what


def _import_one(con, args, file: str, update) -> list:
    if file == "-":
        if args.kind != "postings":
            raise WaypointError("Cannot read stdin", "only `import postings -` reads stdin")
        from analysis.ingest.postings import import_posting_text

        return [import_posting_text(con, sys.stdin.buffer.read(), file_name="stdin")]
    from analysis.ingest.dispatch import import_file

    mapping = dict(_parse_mapping(m) for m in args.map or [])
    outcome = import_file(
        con, Path(file), args.kind, mapping=mapping or None, source=args.source, progress=update
    )
    if outcome.skipped:
        _say(f"  skipped (not used by Waypoint): {', '.join(outcome.skipped)}")
    return outcome.reports


def _parse_mapping(text: str) -> tuple[str, str]:
    field, sep, column = text.partition("=")
    if not sep or not field or not column:
        raise WaypointError("Bad --map", f"expected FIELD=COLUMN, got {text!r}")
    return field.strip(), column.strip()


def cmd_demo(args: argparse.Namespace) -> int:
    from analysis.demo import write_demo_file

    # The dashboard's demo file unless --db names another: never the user's own workspace
    # ($WAYPOINT_DB or data/workspace.duckdb), which --force would replace with invented data.
    path = Path(args.db) if args.db else settings.DEMO_DB
    if path.exists() and not args.force:
        raise WaypointError(
            "Workspace exists", f"{path} already exists; pass --force to replace it"
        )
    # Written beside the file and renamed into place when complete: Ctrl-C leaves the old file.
    counts = write_demo_file(path, size="small" if args.small else "full")
    print(f"Demo workspace written to {path}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def workspace_status(con: store.Connection) -> dict:
    """What the workspace holds, as plain data (used by `status` and the dashboard)."""
    from analysis.skills.scope import skill_scope
    from analysis.skills.sync import pending_count

    low, high = con.execute("SELECT min(date_posted), max(date_posted) FROM postings").fetchone()
    imports = con.execute(
        "SELECT import_id, kind, file_name, file_format, rows_read, rows_added, rows_duplicate, "
        "rows_rejected, started_at FROM imports ORDER BY import_id"
    ).fetchall()
    keys = ("import_id", "kind", "file_name", "file_format", "rows_read", "rows_added",
            "rows_duplicate", "rows_rejected", "started_at")  # fmt: skip
    counts = store.table_counts(con)
    return {
        "schema_version": store.schema_version(con),
        "counts": counts,
        # Postings whose skills were found with another taxonomy (Waypoint was updated, or an
        # import was interrupted) or not yet: `init` finds them.
        "skills_pending": pending_count(con),
        "skill_scope": skill_scope(con),  # which mentions count as demand: named or asked
        "postings_date_range": [str(low) if low else None, str(high) if high else None],
        "imports": [
            {k: (str(v) if k == "started_at" else v) for k, v in zip(keys, row, strict=True)}
            for row in imports
        ],
    }


def cmd_status(args: argparse.Namespace) -> int:
    path = settings.db_path(args.db)
    if not path.exists():
        raise WaypointError("No workspace", f"{path} does not exist; run `python -m analysis init`")
    con = store.connect_to_read(path)
    try:
        status = workspace_status(con)
    finally:
        con.close()
    status["workspace"] = str(path)
    if args.json:
        print(json.dumps(status, indent=2))
        return 0
    _say(f"Workspace {path} (schema version {status['schema_version']})")
    for table, count in status["counts"].items():
        print(f"  {table:<16} {count:>9,}")
    low, high = status["postings_date_range"]
    if low:
        print(f"  postings dated {low} .. {high}")
    if status["skill_scope"] != "named":
        print(f"  skills counted: {SCOPE_LABELS[status['skill_scope']]} (`skills scope`)")
    if status["skills_pending"]:
        print(f"  {skills_pending_text(status['skills_pending'])}: run `python -m analysis init`")
    print(f"  {len(status['imports'])} imports" + (":" if status["imports"] else ""))
    for imp in status["imports"][-10:]:
        _say(
            f"    #{imp['import_id']} {imp['kind']:<10} {imp['file_name']}: {imp['rows_added']} added, "
            f"{imp['rows_duplicate']} duplicates, {imp['rows_rejected']} rejected ({imp['started_at'][:16]})"
        )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from analysis.backup import backup

    path = settings.db_path(args.db)
    if not path.exists():  # a mistyped path would otherwise be created, and backed up empty
        raise WaypointError("No workspace", f"{path} does not exist; nothing to back up")
    con = _open(args)
    try:
        out = backup(con, args.file)
    finally:
        con.close()
    print(f"Backup written to {out}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from analysis.backup import restore

    target = restore(args.file, settings.db_path(args.db), force=args.force)
    print(f"Workspace restored to {target}")
    return 0


CORE_COMMANDS = ("init", "import", "demo", "status", "backup", "restore")


def build_parser(*, module_commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; `module_commands=False` leaves out the commands that live
    beside their (slow to import) analysis modules."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Waypoint: career strategy analytics on your own exports.",
    )
    parser.add_argument(
        "--db", metavar="PATH",
        help="workspace file (default: $WAYPOINT_DB or data/workspace.duckdb)",
    )  # fmt: skip
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("init", help="create the workspace (or upgrade its schema)")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("import", help="import postings, contacts, profile files or a LinkedIn ZIP")
    p.add_argument("kind", choices=list(KINDS), help="what the files hold")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="files to import ('-' reads one job description from stdin)")  # fmt: skip
    p.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                   help="postings: map a column by hand, e.g. --map title='Job Name'")  # fmt: skip
    p.add_argument("--source", help="postings: source name to record (default: detected)")
    p.add_argument("--no-extract", action="store_true",
                   help="skip finding skills in the new postings now (done at the next import)")  # fmt: skip
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("demo", help="write the demo workspace (a 56-year-old's career data) to "
                       "the dashboard's demo file, data/demo.duckdb (--db: another file)")  # fmt: skip
    p.add_argument("--small", action="store_true", help="a small demo (fast, for tests)")
    p.add_argument("--force", action="store_true", help="replace an existing workspace file")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("status", help="what the workspace holds: counts, dates, imports")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("backup", help="write a portable backup (Parquet in a zip)")
    p.add_argument("file", metavar="FILE", help="backup file to write, e.g. waypoint-backup.zip")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="rebuild the workspace from a backup")
    p.add_argument("file", metavar="FILE", help="backup file written by `backup`")
    p.add_argument("--force", action="store_true", help="replace an existing workspace file")
    p.set_defaults(handler=cmd_restore)

    if module_commands:
        for register in _module_commands():
            register(sub)
    return parser


def _module_commands() -> list[Callable]:
    """Commands that live beside their analysis modules."""
    from analysis import analyze, report
    from analysis.scale import cli as scale_cli
    from analysis.skills import cli as skills_cli

    return [skills_cli.register, analyze.register, report.register, scale_cli.register]


def _names_core_command(argv: list[str]) -> bool:
    """Whether the command line runs one of CORE_COMMANDS: then the analysis modules are not
    imported (a second saved on every `import`)."""
    first = argparse.ArgumentParser(add_help=False)
    first.add_argument("--db")
    first.add_argument("command", nargs="?")
    known, _ = first.parse_known_args(argv)
    return known.command in CORE_COMMANDS


INTERRUPTED = "interrupted"
EXTRACTION_INTERRUPTED = (
    "interrupted while finding skills; the imported files are stored, and "
    "`python -m analysis init` finishes finding their skills"
)
INIT_INTERRUPTED = (
    "interrupted while finding skills; `python -m analysis init` again finishes finding them"
)


class Interrupted(Exception):
    """Ctrl-C, with what it left behind."""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(module_commands=not _names_core_command(argv))
    args = parser.parse_args(argv)
    try:
        code = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return code
    except BrokenPipeError:
        # The reader went away (`status | head`): stop quietly, as other command-line tools do.
        # Python's final flush of stdout would fail again, so it goes to /dev/null instead.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except WaypointError as exc:
        _print_error(exc)
        return 1
    except Interrupted as exc:
        _say(str(exc), file=sys.stderr)
        return 130
    except BaseException as exc:
        if not is_interrupt(exc):
            raise
        print(INTERRUPTED, file=sys.stderr)
        return 130


def _print_error(exc: WaypointError) -> None:
    _say(f"error: {exc.title}" + (f": {exc.detail}" if exc.detail else ""), file=sys.stderr)
