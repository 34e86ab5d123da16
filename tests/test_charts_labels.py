"""Scatter labels that do not collide: exact positions on a 1000 x 1000 px plot, 10 px a unit."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analysis.charts_labels import Label, PlotArea, place_labels
from analysis.charts_skills import atrophy_bubble_chart

AREA = PlotArea((0.0, 100.0), (0.0, 100.0), width=1000.0, height=1000.0)


def place(points, texts, priority, size=10.0):
    xs, ys = zip(*points, strict=True)
    return place_labels(xs, ys, texts, [size] * len(xs), priority, AREA, font_size=10.0)


def test_points_far_apart_are_each_labelled_above():
    labels = place([(10, 10), (60, 60)], ["SQL", "COBOL"], [1, 2])
    assert labels == [Label("top center", "SQL"), Label("top center", "COBOL")]


def test_a_crowded_row_labels_the_first_by_priority_and_leaves_out_what_does_not_fit():
    # 20 px apart: a label above any of them would pass just over its neighbour's marker.
    labels = place([(50, 50), (52, 50), (54, 50)], ["Alpha", "Bravo", "Charlie"], [3, 2, 1])
    assert labels == [Label("middle left", "Alpha"), None, Label("middle right", "Charlie")]


def test_priority_decides_who_gets_the_room():
    labels = place([(50, 50), (52, 50), (54, 50)], ["Alpha", "Bravo", "Charlie"], [1, 3, 2])
    assert labels == [Label("middle left", "Alpha"), None, Label("middle right", "Charlie")]
    labels = place([(50, 50), (51, 50)], ["Alpha", "Bravo"], [1, 3])
    assert labels == [Label("middle left", "Alpha"), Label("middle right", "Bravo")]


def test_points_on_the_same_spot_share_one_label_in_priority_order():
    labels = place([(30, 30), (30.1, 30), (80, 80)], ["JCL", "IBM Db2", "Go"], [1, 2, 3])
    assert labels == [None, Label("top center", "IBM Db2, JCL"), Label("top center", "Go")]


def test_a_label_stays_inside_the_plot_area():
    labels = place([(50, 99.5), (99.5, 50)], ["Top", "Right edge"], [2, 1])
    assert labels == [Label("bottom center", "Top"), Label("middle left", "Right edge")]


def test_the_atrophy_chart_names_twins_once_and_keeps_every_hover():
    # Rust has no last-used date: it is not drawn, and the frame's index no longer starts at 0.
    frame = pd.DataFrame({
        "skill": ["Rust", "JCL", "IBM Db2", "SQL"], "years_since_used": [None, 29.5, 29.5, 0.0],
        "trend_pts_per_year": [5.0, 0.0, 0.0, 12.0], "share": [0.2, 0.01, 0.01, 0.5],
        "risk": [None, 70.0, 71.0, 10.0], "label": ["unknown", "at risk", "at risk", "healthy"],
        "last_used": [None, date(1997, 5, 1), date(1997, 5, 1), date(2026, 11, 1)],
        "disuse": [None, 0.9, 0.9, 0.0], "market_decline": [0.2, 0.5, 0.5, 0.0],
        "low_demand": [0.3, 0.9, 0.9, 0.1],
    })  # fmt: skip

    fig = atrophy_bubble_chart(frame)

    at_risk, healthy = fig.data
    assert list(at_risk.text) == ["", "IBM Db2, JCL"]
    assert list(healthy.text) == ["SQL"]
    assert [h.split("<br>")[0] for h in at_risk.hovertext] == ["<b>JCL</b>", "<b>IBM Db2</b>"]
    assert list(fig.layout.xaxis.range) == [-4.54, 34.04]
