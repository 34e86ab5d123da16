"""The notebooks run top to bottom against a small demo workspace (chosen by WAYPOINT_DB in the
kernel's environment), and are committed without outputs."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from analysis.demo import ensure_demo_workspace

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
EXPECTED = ["01-market-skills.ipynb", "02-skill-atrophy.ipynb", "03-network.ipynb",
            "04-plan-and-runway.ipynb"]  # fmt: skip
DEMO_DAY = date(2026, 11, 1)


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("notebooks")
    return ensure_demo_workspace(folder / "template.duckdb", size="small", today=DEMO_DAY)


def test_the_notebooks_are_the_four_topics():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_runs_top_to_bottom(name, small_demo, tmp_path, monkeypatch):
    db = tmp_path / "workspace.duckdb"
    shutil.copyfile(small_demo, db)  # a private copy: notebook 01 stores its role clusters
    monkeypatch.setenv("WAYPOINT_DB", str(db))  # the kernel inherits this environment
    monkeypatch.setenv("WAYPOINT_TODAY", DEMO_DAY.isoformat())
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})  # fmt: skip
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]  # fmt: skip
    assert errors == []
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.outputs if o.output_type == "stream")  # fmt: skip
    assert f"Workspace {db}, analysis date 2026-11-01" in printed


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_is_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    assert nb.cells[0].cell_type == "markdown"
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
             and (c.outputs or c.execution_count is not None)]  # fmt: skip
    assert dirty == [], f"{name}: clear the outputs of cells {dirty} before committing"
