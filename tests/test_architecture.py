"""Layering rules: analysis/ never imports Streamlit; the README documents every command."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import analysis
from analysis.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent


def test_analysis_never_imports_streamlit():
    modules = [m.name for m in pkgutil.walk_packages(analysis.__path__, "analysis.")
               if not m.name.endswith("__main__")]  # fmt: skip
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print('streamlit' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_readme_lists_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    action = next(a for a in build_parser()._actions if a.dest == "command")
    missing = [name for name in action.choices if f"python -m analysis {name}" not in readme]
    assert missing == []


def test_pages_use_no_sql_or_duckdb():
    for page in (ROOT / "pages").glob("*.py"):
        tree = ast.parse(page.read_text(encoding="utf-8"))
        imported = {n.names[0].name for n in ast.walk(tree) if isinstance(n, ast.Import)}
        imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert "duckdb" not in imported, page.name
        assert "analysis.store" not in imported, page.name


def test_code_passes_ruff_lint_and_format():
    """What CI checks is what a developer runs: `ruff check` and `ruff format --check`."""
    targets = ["analysis", "ui", "pages", "app.py", "tests", "benchmarks"]
    for args in (["check", *targets], ["format", "--check", *targets]):
        result = subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT,
                                capture_output=True, text=True, timeout=120)  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr


# Files with someone's data that Waypoint writes, or that people save beside the code: none may
# ever be committed. The invented fixtures must stay tracked.
USER_FILES = [
    "data/workspace.duckdb", "data/demo.duckdb", "data/workspace.duckdb.wal", "data/notes.csv",
    "waypoint-report.html", "waypoint-report-redacted.html", "waypoint-report.pdf",
    "reports/2026-11.html", "report.html", "waypoint-backup.zip", "b.zip.partial",
    "Connections.csv", "Connections-rejected.csv", "contacts.vcf", "messages.csv",
    "Invitations.csv", "Basic_LinkedInDataExport_11-22-2026.zip", "exports/jobs.csv",
]  # fmt: skip


def test_user_data_is_git_ignored_and_fixtures_are_not():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    fixtures = ["tests/fixtures/contacts/new.vcf", "tests/fixtures/interactions/messages.csv",
                "tests/fixtures/report/golden.html", "data/taxonomy/skills.csv"]  # fmt: skip
    result = subprocess.run(["git", "check-ignore", "--no-index", *USER_FILES, *fixtures],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert sorted(result.stdout.split()) == sorted(USER_FILES)
