"""How a 0-100 score (relationship strength, skill-atrophy risk) becomes a whole number.

One rule everywhere a score is written whole (the report's cells, the reasons beside them, the
learning plan, the dashboard's tables): halves go up, 98.5 -> 99 and 40.5 -> 41. Python's
round(), pandas' .round() and f"{x:.0f}" all round halves to even (98.5 -> 98), so a score shown
through them would read one point apart from the same score elsewhere.
"""

from __future__ import annotations

import numpy as np


def half_up(values):
    """``values`` (a number, an array or a Series) rounded to whole numbers, halves up:
    98.5 -> 99.0, 40.5 -> 41.0, 40.4 -> 40.0. Floats come back (NaN stays NaN); a Series keeps
    its index. Scores are never negative, where "up" would differ from "away from zero"."""
    return np.floor(values + 0.5)
