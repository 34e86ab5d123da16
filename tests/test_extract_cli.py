"""`python -m analysis skills extract`: plain lines and JSON Lines in, one JSON object per mention out."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.skills import cli as skills_cli
from analysis.skills.cli import extract_command, register
from analysis.skills.extractor import Extractor
from analysis.skills.taxonomy import Skill, Taxonomy

ROOT = Path(__file__).resolve().parent.parent


def tiny_taxonomy() -> Taxonomy:
    return Taxonomy(
        [
            Skill("python", "Python", "Software"),
            Skill("go", "Go", "Software"),
            Skill("kubernetes", "Kubernetes", "Cloud"),
            Skill("cpp", "C++", "Software"),
        ],
        [("k8s", "kubernetes"), ("Golang", "go")],
    )


def run(text: str) -> tuple[int, list[dict]]:
    out = io.StringIO()
    count = extract_command(io.StringIO(text), out, Extractor(tiny_taxonomy()))
    return count, [json.loads(line) for line in out.getvalue().splitlines()]


def test_plain_lines_are_numbered_from_one():
    count, records = run("We use Python\n\nGolang and k8s\n")
    assert count == 3
    assert records == [
        {"id": 1, "skill_id": "python", "skill": "Python", "category": "Software", "start": 7, "end": 13, "text": "Python"},
        {"id": 3, "skill_id": "go", "skill": "Go", "category": "Software", "start": 0, "end": 6, "text": "Golang"},
        {"id": 3, "skill_id": "kubernetes", "skill": "Kubernetes", "category": "Cloud", "start": 11, "end": 14,
         "text": "k8s"},
    ]  # fmt: skip


def test_json_lines_use_their_id_and_text():
    lines = [
        json.dumps({"id": "p-9", "text": "café: C++ and\nPython"}),
        json.dumps({"text": "k8s"}),  # no id: the line number
        '{"id": 5, "title": "no text key"} Python',  # not a document object: plain text
        "{broken json Python",
        json.dumps({"id": 7, "text": None}),
    ]
    count, records = run("\n".join(lines) + "\n")
    assert [(r["id"], r["skill_id"], r["start"], r["end"], r["text"]) for r in records] == [
        ("p-9", "cpp", 6, 9, "C++"),
        ("p-9", "python", 14, 20, "Python"),
        (2, "kubernetes", 0, 3, "k8s"),
        (3, "python", 34, 40, "Python"),
        (4, "python", 13, 19, "Python"),
    ]
    assert count == 5


def test_offsets_index_the_json_text():
    text = "<b>Python</b> &amp; C\\+\\+"
    _, records = run(json.dumps({"id": 1, "text": text}) + "\n")
    assert [(r["start"], r["end"], r["text"]) for r in records] == [
        (3, 9, "Python"),
        (20, 25, "C\\+\\+"),
    ]
    assert all(text[r["start"] : r["end"]] == r["text"] for r in records)


def test_no_trailing_newline_and_crlf():
    _, records = run("Python\r\nStrong Python")
    assert [(r["id"], r["text"]) for r in records] == [(1, "Python"), (2, "Python")]


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m analysis")
    register(top.add_subparsers(dest="command", required=True))
    return top


def test_register_adds_skills_extract():
    args = parser().parse_args(["skills", "extract", "postings.txt", "--taxonomy", "mine.csv"])
    assert (args.command, args.skills_command, args.file, args.taxonomy) == (
        "skills", "extract", "postings.txt", ["mine.csv"],
    )  # fmt: skip
    assert args.handler is skills_cli._run_extract
    assert parser().parse_args(["skills", "extract"]).file == "-"


def test_every_argument_has_help():
    top = parser()
    skills = top._subparsers._group_actions[0].choices["skills"]
    extract = skills._subparsers._group_actions[0].choices["extract"]
    for action in extract._actions:
        assert action.help, action.dest


def test_handler_reads_a_file(tmp_path, monkeypatch, capfd):
    monkeypatch.setattr(skills_cli, "load_builtin_taxonomy", tiny_taxonomy)
    path = tmp_path / "in.txt"
    path.write_text("Golang\n", encoding="utf-8")
    custom = tmp_path / "mine.csv"
    custom.write_text(
        "skill_id,name,category,aliases\nmy-tool,My Tool,Internal,\n", encoding="utf-8"
    )
    args = parser().parse_args(["skills", "extract", str(path), "--taxonomy", str(custom)])
    assert args.handler(args) == 0
    path.write_text("Golang and My Tool\n", encoding="utf-8")
    assert args.handler(args) == 0
    lines = capfd.readouterr().out.splitlines()
    assert [json.loads(line)["skill_id"] for line in lines] == ["go", "go", "my-tool"]


def test_missing_file_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(skills_cli, "load_builtin_taxonomy", tiny_taxonomy)
    args = parser().parse_args(["skills", "extract", str(tmp_path / "nope.txt")])
    with pytest.raises(skills_cli.WaypointError) as info:
        args.handler(args)
    assert (
        str(info.value) == f"Cannot read input: {tmp_path / 'nope.txt'}: No such file or directory"
    )


def test_python_m_analysis_reads_stdin():
    """End to end through the real entry point and the shipped taxonomy."""
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "skills", "extract", "-"],
        input=b'{"id": "a", "text": "Python and C++"}\n',
        capture_output=True,
        cwd=ROOT,
        check=True,
    )
    records = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [(r["id"], r["start"], r["end"], r["text"]) for r in records] == [
        ("a", 0, 6, "Python"),
        ("a", 11, 14, "C++"),
    ]
