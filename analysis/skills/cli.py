"""`python -m analysis skills extract [FILE|-]`: the skills in text, one JSON object per mention.
(`skills add` and `skills import-taxonomy` extend a workspace's taxonomy: analysis.skills.additions;
`skills risk-weights` shows or sets the weights of skill-atrophy risk: analysis.atrophy;
`skills scope` which mentions count as demand: analysis.skills.scope.)

Input lines are either plain text (the id is the line number, from 1) or JSON objects with
"text" and optionally "id" and "company" (the employer, whose own name is then not counted;
`--company` gives it for every other line); each line is judged on its own, so the two may be
mixed. Output is
JSON Lines: {"id", "skill_id", "skill", "category", "start", "end", "text"}, where start/end
index that line's text (or the object's "text") and text == input[start:end].
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import TextIO

from analysis.errors import WaypointError
from analysis.skills.asked import SCOPES
from analysis.skills.external import read_custom_csv
from analysis.skills.extractor import Extractor
from analysis.skills.sync import extractor_for
from analysis.skills.taxonomy import load_builtin_taxonomy, merge


def _document(line_number: int, line: str) -> tuple[object, str, str | None]:
    """(id, text, company) of one input line."""
    if line.startswith("{"):
        try:
            obj = json.loads(line)
        except ValueError:
            obj = None  # a plain line that happens to start with a brace
        if isinstance(obj, dict) and "text" in obj:
            text, company = obj["text"], obj.get("company")
            return (
                obj.get("id", line_number),
                text if isinstance(text, str) else "",
                company if isinstance(company, str) else None,
            )
    return line_number, line, None


def extract_command(
    stream_in: TextIO,
    stream_out: TextIO,
    extractor: Extractor,
    flagged: bool = False,
    company: str | None = None,
) -> int:
    """Write one JSON object per mention for every line of `stream_in`; return the count.

    With `flagged`, mentions in sentences about the employer are written too, and every record
    has a "context" key (null for a mention that counts; see `Mention.context`). `company` is
    the employer of every line that does not name its own.
    """
    skills = extractor.taxonomy.skills
    written = 0
    for line_number, raw in enumerate(stream_in, start=1):
        doc_id, text, own = _document(line_number, raw.rstrip("\r\n"))
        for m in extractor.mentions(text, flagged=flagged, employer=own or company):
            skill = skills[m.skill_id]
            record = {"id": doc_id, "skill_id": m.skill_id, "skill": skill.name, "category": skill.category,
                      "start": m.start, "end": m.end, "text": m.text}  # fmt: skip
            if flagged:
                record["context"] = m.context
            stream_out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written


def _run_extract(args: argparse.Namespace) -> int:
    taxonomy = load_builtin_taxonomy()
    for extra in args.taxonomy or []:
        taxonomy = merge(taxonomy, read_custom_csv(extra))
    extractor = extractor_for(taxonomy, asked=args.scope == "asked")
    # JSON Lines are UTF-8 whatever the terminal's locale says.
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n", write_through=True)
    try:
        if args.file == "-":
            stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
            extract_command(stdin, out, extractor, args.flagged, args.company)
        else:
            try:
                handle = Path(args.file).open(encoding="utf-8", errors="replace")
            except OSError as exc:
                raise WaypointError("Cannot read input", f"{args.file}: {exc.strerror}") from exc
            with handle:
                extract_command(handle, out, extractor, args.flagged, args.company)
    except BrokenPipeError:  # `... | head` closed the pipe: not an error
        sys.stdout = None  # type: ignore[assignment]
    finally:
        if sys.stdout is not None:
            out.detach()
    return 0


def _workspace(args: argparse.Namespace):
    from analysis import settings, store

    return store.connect(settings.db_path(args.db))


def refresh_skills(con) -> None:
    from analysis.ingest.dispatch import refresh_skills as refresh

    refresh(con)


def _run_add(args: argparse.Namespace) -> int:
    from analysis.skills.additions import add_custom_skill

    con = _workspace(args)
    try:
        known = con.execute("SELECT count(*) FROM user_skills").fetchone()[0]
        skill_id = add_custom_skill(con, args.name, args.category, args.alias or ())
        added = con.execute("SELECT count(*) FROM user_skills").fetchone()[0] > known
        if added:
            refresh_skills(con)  # the role clusters and emerging terms see the new skill
    finally:
        con.close()
    if added:
        print(f"Added {args.name!r} as {skill_id}; postings that can mention it were read again.")
    else:
        print(f"{args.name!r} is already a skill: {skill_id}. Nothing added.")
    return 0


def _run_import_taxonomy(args: argparse.Namespace) -> int:
    from analysis.skills.additions import import_external_taxonomy

    con = _workspace(args)
    try:
        result = import_external_taxonomy(con, args.file, args.kind)
        refresh_skills(con)
    finally:
        con.close()
    print(f"{result.summary()} Postings read again.")
    return 0


def _run_risk_weights(args: argparse.Namespace) -> int:
    from analysis.atrophy import risk_weights, set_risk_weights

    given: dict[str, float] = {}
    for item in args.weights:
        name, _, value = item.partition("=")
        try:
            given[name.strip()] = float(value)  # "" (no "=") is no number either
        except ValueError:
            raise WaypointError(
                "Bad risk weight", f"{item!r}: write PART=NUMBER, e.g. disuse=0.5"
            ) from None
    con = _workspace(args)
    try:
        if args.reset:
            weights = set_risk_weights(con, None)
        elif given:
            weights = set_risk_weights(con, given)
        else:
            weights = risk_weights(con)
    finally:
        con.close()
    shown = ", ".join(f"{name} {value:.3g}" for name, value in weights.items())
    print(f"Skill-atrophy risk weights: {shown}")
    return 0


def _run_scope(args: argparse.Namespace) -> int:
    from analysis.skills.scope import SCOPE_LABELS, set_skill_scope, skill_scope

    con = _workspace(args)
    try:
        changed = args.scope is not None and set_skill_scope(con, args.scope)
        if changed:
            refresh_skills(con)
        scope = skill_scope(con)
    finally:
        con.close()
    print(f"Skills counted as demand: {SCOPE_LABELS[scope]} (scope {scope})."
          + (" Postings read again." if changed else ""))  # fmt: skip
    return 0


def register(subparsers: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """Add `skills extract`, `skills add` and `skills import-taxonomy` to the top-level
    subcommands (handler in `args.handler`).

    Returns the `skills` subcommands, so other `skills ...` commands can be added beside it.
    """
    skills = subparsers.add_parser("skills", help="skill extraction with the built-in taxonomy")
    commands = skills.add_subparsers(dest="skills_command", metavar="SUBCOMMAND", required=True)
    p = commands.add_parser(
        "extract",
        help="print the skills found in text, one JSON object per mention",
        description=__doc__.split("\n\n", 1)[1],
    )
    p.add_argument(
        "file", nargs="?", default="-", metavar="FILE",
        help="text with one document per line, or JSON Lines with 'id', 'text' and optionally "
             "'company' (default or '-': stdin)",
    )  # fmt: skip
    p.add_argument(
        "--taxonomy", action="append", metavar="CSV",
        help="also use skills from this CSV (header skill_id,name,category,aliases); repeatable",
    )  # fmt: skip
    p.add_argument(
        "--flagged", action="store_true",
        help="also print mentions in sentences about the employer (partnerships, benefits, equal "
             "opportunity, company descriptions, the employer's own name), with a 'context' key "
             "saying so (null for mentions that count)",
    )  # fmt: skip
    p.add_argument(
        "--company", metavar="NAME",
        help="the employer of the text (unless a JSON line gives its own 'company'): its own "
             "name, and sentences it opens, are not counted",
    )  # fmt: skip
    p.add_argument(
        "--scope", choices=SCOPES, default="named",
        help="named (default): every skill the text names; asked: only those in sentences that "
             "ask something of the candidate (the others are flagged 'not_asked')",
    )  # fmt: skip
    p.set_defaults(handler=_run_extract)

    p = commands.add_parser(
        "add", help="add a skill of your own to the workspace's taxonomy and count it in postings"
    )
    p.add_argument("name", metavar="NAME", help="the skill's name, e.g. 'Agentic workflows'")
    p.add_argument("--category", default="Custom", help="its category (default: Custom)")
    p.add_argument(
        "--alias", action="append", metavar="TEXT",
        help="another way postings write it, e.g. --alias 'agentic workflow'; repeatable",
    )  # fmt: skip
    p.set_defaults(handler=_run_add)

    p = commands.add_parser(
        "import-taxonomy",
        help="merge an external taxonomy into the workspace's: ESCO skills CSV, O*NET "
             "Technology Skills, or a custom CSV (skill_id,name,category,aliases)",
    )  # fmt: skip
    p.add_argument("kind", choices=["esco", "onet", "custom"], help="the file's kind")
    p.add_argument("file", metavar="FILE", help="the CSV file")
    p.set_defaults(handler=_run_import_taxonomy)

    p = commands.add_parser(
        "risk-weights",
        help="show or set how skill-atrophy risk weighs its parts (disuse, market_decline, "
             "low_demand); kept in the workspace, scaled to sum to 1",
    )  # fmt: skip
    p.add_argument(
        "weights",
        nargs="*",
        metavar="PART=WEIGHT",
        help="e.g. disuse=0.6 low_demand=0.1 (parts not given keep their weight)",
    )
    p.add_argument("--reset", action="store_true", help="back to 0.45 / 0.30 / 0.25")
    p.set_defaults(handler=_run_risk_weights)

    p = commands.add_parser(
        "scope",
        help="show or set which mentions count as demand: every skill a posting names (named, "
             "the default) or only what it asks of the candidate (asked); setting it finds the "
             "postings' skills again",
    )  # fmt: skip
    p.add_argument("scope", nargs="?", choices=SCOPES, help="named or asked")
    p.set_defaults(handler=_run_scope)
    return commands
