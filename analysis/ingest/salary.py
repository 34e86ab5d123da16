"""Salary text and interval normalisation: everything becomes an annual amount."""

from __future__ import annotations

import re
from dataclasses import dataclass

ANNUAL_FACTOR = {
    "hourly": 2080.0,
    "daily": 260.0,
    "weekly": 52.0,
    "monthly": 12.0,
    "yearly": 1.0,
}

_INTERVAL_WORDS = [
    ("hourly", re.compile(r"per\s*hour|/\s*h(ou)?r\b|hourly|an hour|/hr", re.I)),
    ("daily", re.compile(r"per\s*day|/\s*day\b|daily|a day", re.I)),
    ("weekly", re.compile(r"per\s*week|/\s*w(ee)?k\b|weekly|a week", re.I)),
    ("monthly", re.compile(r"per\s*month|/\s*mo(nth)?\b|monthly|a month", re.I)),
    ("yearly", re.compile(r"per\s*(year|annum)|/\s*y(ea)?r\b|annual|yearly|a year|p\.?a\.?", re.I)),
]
_CURRENCY_SYMBOL = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_CODE = re.compile(r"\b(USD|EUR|GBP|CAD|AUD|CHF|JPY|INR|SEK|NOK|DKK|PLN|NZD|SGD)\b")
# A number with optional thousands separators, decimals and a k/m suffix.
# Not part of a larger number, not a percentage, not "$533B".
_AMOUNT = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d.,]\d)\s*([kKmM])?(?![a-zA-Z%\d])"
)
PLAUSIBLE_ANNUAL = (1_000.0, 10_000_000.0)
_SYNONYMS = {"year": "yearly", "annual": "yearly", "annually": "yearly", "hour": "hourly",
             "day": "daily", "week": "weekly", "month": "monthly"}  # fmt: skip


def normalise_interval(value: object) -> str | None:
    if value is None or value != value:
        return None
    text = str(value).strip().lower()
    text = _SYNONYMS.get(text, text)
    return text if text in ANNUAL_FACTOR else None


def annualise(amount: float | None, interval: str | None) -> float | None:
    """Amount per interval → per year; yearly when the interval is unknown."""
    if amount is None or amount != amount:
        return None
    return float(amount) * ANNUAL_FACTOR.get(interval or "yearly", 1.0)


@dataclass(frozen=True)
class Salary:
    minimum: float | None  # annual
    maximum: float | None  # annual
    currency: str | None
    interval: str | None  # as stated in the text


def parse_salary_text(text: object) -> Salary | None:
    """Parse "$85K-$120K (Glassdoor est.)", "$21-$34 Per Hour", "€84k - €103k (EUR)", ...

    Returns None when the text holds no amount (e.g. "-1", "competitive").
    """
    if text is None or text != text:
        return None
    s = str(text).strip()
    found = [(m.group(1), m.group(2)) for m in _AMOUNT.finditer(s)]
    values = []
    for number, suffix in found:
        v = float(number.replace(",", ""))
        if suffix:
            v *= 1_000 if suffix in "kK" else 1_000_000
        values.append((v, bool(suffix)))
    if not values or all(v <= 0 for v, _ in values):
        return None
    values = values[:2]
    # "$150-190K": the suffix of the upper bound applies to a bare lower bound too.
    if len(values) == 2 and values[1][1] and not values[0][1] and values[0][0] < 1000:
        values[0] = (values[0][0] * (values[1][0] / _strip_suffix(values[1][0])), True)
    interval = next((name for name, rx in _INTERVAL_WORDS if rx.search(s)), None)
    code = _CODE.search(s)
    currency = (
        code.group(1)
        if code
        else next((c for sym, c in _CURRENCY_SYMBOL.items() if sym in s), None)
    )
    has_suffix = any(flag for _, flag in values)
    if not (currency or interval or has_suffix) and max(v for v, _ in values) < 1000:
        return None  # "-1", "3 openings": a number, but not a salary
    amounts = sorted(annualise(v, interval) for v, _ in values)
    amounts = [a for a in amounts if PLAUSIBLE_ANNUAL[0] <= a <= PLAUSIBLE_ANNUAL[1]]
    if not amounts:
        return None
    low, high = amounts[0], amounts[-1]
    if high > 5 * low:  # "$160k 1099 for US": the small number is not a bound
        low = high
    return Salary(low, high, currency, interval)


def _strip_suffix(value: float) -> float:
    """190000 → 190 for a value written with k; 2000000 → 2 for m."""
    return value / 1_000_000 if value >= 1_000_000 else value / 1_000
