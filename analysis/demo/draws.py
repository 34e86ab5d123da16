"""Random draws keyed by row, and small helpers for dates, slugs and shares."""

from __future__ import annotations

import unicodedata
from datetime import date

import numpy as np


class Draws:
    """Choices for one row from its own stream, so rows never shift each other's values."""

    def __init__(self, *key: int) -> None:
        self._rng = np.random.default_rng(list(key))
        self._buf = self._rng.random(64).tolist()
        self._i = 0

    def u(self) -> float:
        if self._i == len(self._buf):
            self._buf, self._i = self._rng.random(64).tolist(), 0
        self._i += 1
        return self._buf[self._i - 1]

    def chance(self, p: float) -> bool:
        return self.u() < p

    def int(self, lo: int, hi: int) -> int:
        """Integer in [lo, hi], both ends included."""
        return lo + min(int(self.u() * (hi - lo + 1)), hi - lo)

    def pick(self, seq):
        return seq[min(int(self.u() * len(seq)), len(seq) - 1)]

    def weighted(self, seq, weights):
        target, acc = self.u() * sum(weights), 0.0
        for item, w in zip(seq, weights, strict=True):
            acc += w
            if target < acc:
                return item
        return seq[-1]

    def sample(self, seq, k: int) -> list:
        items = list(seq)
        k = min(k, len(items))
        for i in range(k):
            j = i + min(int(self.u() * (len(items) - i)), len(items) - i - 1)
            items[i], items[j] = items[j], items[i]
        return items[:k]


def slugify(value: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text.lower()).split())


def months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Split total into integer parts proportional to weights (largest remainder)."""
    raw = total * weights / weights.sum()
    parts = np.floor(raw).astype(int)
    order = np.argsort(-(raw - parts), kind="stable")
    parts[order[: total - parts.sum()]] += 1
    return parts
