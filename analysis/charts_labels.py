"""Text labels on scatter points that do not run into each other.

Plotly draws every point's text where it is told to, so a cluster of skills at "last used: now"
prints as one unreadable smear. ``place_labels`` decides, most important point first, where each
label can go (above, below, right or left of its marker, then diagonally) without touching a
label already placed or coming so near another marker that it would seem to name it. Where no
place fits, the label is left out; the point keeps its hover text.

Positions are worked out on a nominal plot area in pixels. The real one may be wider (the
dashboard stretches charts to the column), which only adds room, so the nominal width is kept
on the narrow side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import dist
from typing import NamedTuple

# Where plotly puts a label for each position, as the offset of the label box's centre from the
# marker in units of (marker radius + half the box), x then y (y up).
POSITIONS = {
    "top center": (0, 1),
    "bottom center": (0, -1),
    "middle right": (1, 0),
    "middle left": (-1, 0),
    "top right": (1, 1),
    "top left": (-1, 1),
    "bottom right": (1, -1),
    "bottom left": (-1, -1),
}
CHAR_WIDTH = 0.62  # of the font size: an average character of a sans-serif label
LINE_HEIGHT = 1.3  # of the font size
GAP = 3.0  # px between a marker and its label, and around every label
CLEARANCE = 8.0  # px a label keeps from any other marker
SAME_SPOT = 2.0  # px: markers closer than this are drawn as one


@dataclass(frozen=True)
class PlotArea:
    """The data ranges shown and the size of the plot area in pixels."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    width: float = 800.0
    height: float = 360.0

    def to_pixels(self, x: float, y: float) -> tuple[float, float]:
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return ((x - x0) / ((x1 - x0) or 1.0) * self.width,
                (y - y0) / ((y1 - y0) or 1.0) * self.height)  # fmt: skip


Box = tuple[float, float, float, float]  # left, bottom, right, top in px


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _distance(box: Box, point: tuple[float, float]) -> float:
    dx = max(box[0] - point[0], 0.0, point[0] - box[2])
    dy = max(box[1] - point[1], 0.0, point[1] - box[3])
    return (dx * dx + dy * dy) ** 0.5


class Label(NamedTuple):
    position: str  # plotly textposition
    text: str


def place_labels(
    xs: Sequence[float],
    ys: Sequence[float],
    texts: Sequence[str],
    sizes: Sequence[float],
    priority: Sequence[float],
    area: PlotArea,
    font_size: float = 12.0,
) -> list[Label | None]:
    """A label for each point, or None where it gets none.

    ``sizes`` are marker diameters in px; points with a higher ``priority`` are labelled first
    (ties: in the order given). Points drawn on the same spot (closer than ``SAME_SPOT`` px)
    share one label, "JCL, IBM Db2", given to the first of them. A label stays inside the
    plot area. ``texts`` are as shown: escape a label for plotly (charts_style.plain) once
    placed, or "&lt;" would be measured as four characters."""
    n = len(xs)
    centres = [area.to_pixels(x, y) for x, y in zip(xs, ys, strict=True)]
    order = sorted(range(n), key=lambda k: -priority[k])
    leader: dict[int, list[int]] = {}
    for i in order:
        spot = next((k for k in leader if dist(centres[k], centres[i]) < SAME_SPOT), None)
        if spot is None:
            leader[i] = [i]
        else:
            leader[spot].append(i)
    placed: list[Box] = []
    out: list[Label | None] = [None] * n
    for i, members in leader.items():
        text = ", ".join(texts[k] for k in members)
        width = len(text) * font_size * CHAR_WIDTH + 2 * GAP
        height = font_size * LINE_HEIGHT + 2 * GAP
        (cx, cy), radius = centres[i], max(sizes[k] for k in members) / 2
        for name, (dx, dy) in POSITIONS.items():
            mx = cx + dx * (radius + GAP + width / 2)
            my = cy + dy * (radius + GAP + height / 2)
            box = (mx - width / 2, my - height / 2, mx + width / 2, my + height / 2)
            if box[0] < 0 or box[1] < 0 or box[2] > area.width or box[3] > area.height:
                continue
            if any(_overlap(box, other) for other in placed):
                continue
            # Another marker this close to the label would seem to own it.
            if any(j not in members and _distance(box, centres[j]) < sizes[j] / 2 + CLEARANCE
                   for j in range(n)):  # fmt: skip
                continue
            placed.append(box)
            out[i] = Label(name, text)
            break
    return out
