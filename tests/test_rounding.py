"""One rounding rule for 0-100 scores written whole: halves up (analysis.rounding.half_up)."""

from __future__ import annotations

import math

import pandas as pd

from analysis.report_blocks import score
from analysis.rounding import half_up


def test_half_up_on_numbers_and_series():
    assert [half_up(v) for v in (98.5, 40.5, 43.5, 40.4, 40.6, 0.5, 0.0, 100.0)] == [
        99.0, 41.0, 44.0, 40.0, 41.0, 1.0, 0.0, 100.0,
    ]  # fmt: skip
    assert math.isnan(half_up(float("nan")))
    values = pd.Series([98.5, 40.5, None], index=[7, 8, 9])
    pd.testing.assert_series_equal(half_up(values), pd.Series([99.0, 41.0, None], index=[7, 8, 9]))


def test_the_report_writes_scores_with_the_same_rule():
    assert [score(v) for v in (98.5, 40.5, 40.4, None, float("nan"))] == [
        "99", "41", "40", "—", "—",
    ]  # fmt: skip
