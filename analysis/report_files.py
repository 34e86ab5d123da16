"""The report as files: the HTML written where asked, and the PDF printed by Debian's headless
Chromium. A place that cannot be written is a WaypointError naming the path and the reason."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from analysis.errors import WaypointError, cannot_write

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run")  # fmt: skip


def chromium_path() -> str | None:
    """Debian's chromium on PATH (or /usr/bin/chromium), None when it is not installed."""
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def write_pdf(html: str, out_pdf: str | Path, *, timeout: float = 120.0) -> Path:
    """Print ``html`` (a report from build_report) to ``out_pdf`` with headless Chromium.

    Raises WaypointError when Chromium is missing, fails or times out."""
    browser = chromium_path()
    if browser is None:
        raise WaypointError("Chromium is not installed",
                            "PDF export prints the report with Debian's headless Chromium: "
                            "install it with `apt-get install chromium`, or open the HTML "
                            "report in a browser and print it to PDF.")  # fmt: skip
    out = Path(out_pdf).resolve()
    if out.is_dir():
        raise WaypointError("Cannot write the PDF", f"{out} is a folder; give a file name")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write("Cannot write the PDF", exc, out) from exc
    with tempfile.TemporaryDirectory(prefix="waypoint-pdf-") as folder:
        page = Path(folder) / "report.html"
        page.write_text(html, encoding="utf-8")
        target = Path(folder) / "report.pdf"
        command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={Path(folder) / 'profile'}",
                   "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
                   "--virtual-time-budget=10000", f"--print-to-pdf={target}",
                   page.as_uri()]  # fmt: skip
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise WaypointError("PDF export timed out",
                                f"Chromium did not finish within {timeout:.0f} s") from exc  # fmt: skip
        if not target.exists() or target.stat().st_size == 0:
            detail = (result.stderr or result.stdout or "").strip().splitlines()[-3:]
            raise WaypointError("PDF export failed",
                                f"Chromium exited with {result.returncode}: " + " | ".join(detail))  # fmt: skip
        try:
            shutil.move(target, out)
        except OSError as exc:
            raise cannot_write("Cannot write the PDF", exc, out) from exc
    return out


def write_file(out: Path, text: str, title: str) -> None:
    """Write ``text`` to ``out`` (creating its folder); a folder there, or a place that cannot
    be written, raises WaypointError ``title`` naming the path and the reason."""
    if out.is_dir():
        raise WaypointError(title, f"{out} is a folder; give a file name")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise cannot_write(title, exc, out) from exc
