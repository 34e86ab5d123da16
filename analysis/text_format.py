"""Numbers written for people, the same way in charts, the report, the CLI and the pages."""

from __future__ import annotations


def signed(value: float, digits: int = 1) -> str:
    """``value`` with its sign, rounded first so that a value that rounds to zero reads "+0"
    ("+0.0"), never "-0": ``signed(-0.04)`` is "+0.0", ``signed(2.25, 0)`` is "+2"."""
    return f"{round(value, digits) + 0.0:+.{digits}f}"
