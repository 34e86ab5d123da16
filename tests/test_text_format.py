"""Signed numbers never read "-0"."""

from __future__ import annotations

import pytest

from analysis.text_format import against_goal, signed


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [(-0.04, 1, "+0.0"), (-0.05, 1, "-0.1"), (0.26, 1, "+0.3"), (-0.3, 0, "+0"),
     (2.25, 0, "+2"), (-12.5, 0, "-12"), (0.0, 2, "+0.00"), (-1.0, 1, "-1.0")],
)  # fmt: skip
def test_signed(value, digits, expected):
    assert signed(value, digits) == expected


def test_a_count_against_its_goal():
    assert [against_goal(n, 10) for n in (0, 4, 10, 98)] == [
        "0 of 10", "4 of 10", "10 of 10", "98 (goal 10)",
    ]  # fmt: skip
