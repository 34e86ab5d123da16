"""Salary text and interval normalisation: everything becomes an annual amount.

A salary text is read amount by amount, never as a bag of words: each amount takes the currency
written next to it and the interval that follows it ("$50/hour", "50-60 an hour", "€400/day"),
so "3 days a week in office" or a "$1,000/month stipend" after "+" says nothing about the
salary. Extras after "+" and conversions such as "(~$125k/yr)" are left out; the first two
amounts that remain are the range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

ANNUAL_FACTOR = {
    "hourly": 2080.0,
    "daily": 260.0,
    "weekly": 52.0,
    "monthly": 12.0,
    "yearly": 1.0,
}

# ISO codes read in salary text (not "PHP": the language is named far more often).
_CODES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "INR", "SEK", "NOK", "DKK", "PLN",
          "NZD", "SGD", "BRL", "MXN", "HKD", "KRW", "HUF", "IDR", "CNY", "ZAR", "CZK", "VND",
          "TWD", "THB", "CLP", "COP", "ARS", "RUB", "UAH", "NGN", "PKR", "EGP")  # fmt: skip
_CODE_RX = rf"\b(?P<code>{'|'.join(_CODES)})\b"
_CODE = re.compile(_CODE_RX)
# Letters before "$" name the dollar (or the real): "R$15k" is BRL, not USD.
_DOLLAR_PREFIX = {"CA": "CAD", "AU": "AUD", "NZ": "NZD", "HK": "HKD", "MX": "MXN", "US": "USD",
                  "R": "BRL", "C": "CAD", "A": "AUD", "S": "SGD"}  # fmt: skip
_SYMBOL = {"€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW"}
# Currencies written with a bare "$" too: a "$" amount in a posting in one of these is no
# conversion.
_DOLLARS = {"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"}
_SIGN = (
    rf"(?<![A-Za-z])(?P<prefix>{'|'.join(_DOLLAR_PREFIX)})\$|(?P<dollar>\$)"
    rf"|(?P<symbol>[{''.join(_SYMBOL)}])"
)
_MARK = rf"(?:{_SIGN}|{_CODE_RX})"  # a currency written beside an amount
_MARK_BEFORE = re.compile(rf"{_MARK}\s*\Z")
_MARK_ONLY = re.compile(_MARK)
_SIGN_ANYWHERE = re.compile(_SIGN)
_CURRENCY_AFTER = re.compile(rf"\A\s*(?:{_CODE_RX}|(?P<symbol>[{''.join(_SYMBOL)}]))")

# A number with optional thousands separators, decimals and a k/m suffix.
# Not part of a larger number, not a percentage, not "$533B". A dot before exactly three
# digits groups thousands ("€45.000", "1.200.000"): no salary is written to a tenth of a cent,
# in any currency we read; before a k or m it is a decimal point ("1.250k").
_AMOUNT = re.compile(
    r"(?<![\d.,])(?P<number>(?P<dots>\d{1,3}(?:\.\d{3})+)(?!\s*[kKmM](?![a-zA-Z]))"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d.,]\d)\s*(?P<suffix>[kKmM])?"
    r"(?![a-zA-Z%\d])"
)
# Money that is not pay: "$10M in funding", "€10k signing bonus", "raised $4M", "Series A:
# $8M", "$5M ARR". Only a word right beside the amount counts: in "$230k+ equity" and
# "$150k base, equity" the equity comes on top of the salary.
_NOT_PAY = (r"fund(?:ing|ed)|raised?|series\s+[a-e]|seed\s+round|valuation|valued\s+at"
            r"|revenue|arr|bonus(?:es)?|signing|sign-on|equity|stock|options|rsus?"
            r"|relocation")  # fmt: skip
_NOT_PAY_AFTER = re.compile(
    rf"[\s€£¥₹₩$]*(?:(?-i:[A-Z]{{3}})\b\s*)?(?:(?:in|of)\s+)?(?:{_NOT_PAY})\b", re.I
)
_NOT_PAY_BEFORE = re.compile(
    rf"\b(?:{_NOT_PAY})\s*(?:(?:of|at)\b|:)?\s*(?:up\s+to\s*)?{_MARK}?\s*\Z", re.I
)
# Between the bounds of a range: "$4-5M raised", "$10,000 to $15,000 signing bonus".
_RANGE_GAP = re.compile(rf"\A\s*(?:[-–—~]|to)\s*{_MARK}?\s*\Z", re.I)
# "+ $1,000/month stipend", "plus £5k bonus": what follows is an extra, not the salary.
_EXTRAS = re.compile(r"(?:\+|\bplus\b)\s*(?:[A-Z]{0,2}\$|[€£¥₹₩]|[A-Z]{3}\b)?\s*\d", re.I)
# "(~$125k/yr)", "approx. €100k": a conversion of the posting's own amount ("$100~$200" is a
# range: a "~" right after an amount joins two bounds).
_APPROXIMATE = re.compile(
    rf"(?:(?:\A|[^\dkKmM\s])\s*[~≈]|\bapprox(?:imately|\.)?|\babout|\bcirca|\bca\.)"
    rf"\s*{_MARK}?\s*\Z",
    re.I,
)

# Between an amount and its interval: spaces, "+" ("$45+/hr"), a currency written after the
# amount ("USD", "NTD", "euros"), "gross", "take home".
_GAP = (
    r"\A[\s(+€£¥₹₩$]*(?:(?:(?-i:[A-Z]{3})|euros?|dollars?|pounds?)\b[\s)]*)?"
    r"(?:(?:gross|net|base|take[\s-]home)\b\s*)?"
)
_INTERVAL_WORDS = {
    "hourly": r"p?/\s*(?:hour|hr|h)\b|(?:per|an?)\s+(?:hour|hr)\b|hourly\b|hour\s+rate\b",
    "daily": r"p?/\s*(?:day|d)\b|(?:per|a)\s+day\b|daily\b|day\s+rate\b",
    "weekly": r"/\s*(?:week|wk|w)\b|(?:per|a)\s+(?:week|wk)\b|weekly\b",
    "monthly": r"/\s*(?:month|mo|mth)\b|(?:per|a)\s+(?:month|mo|mth)\b|monthly\b|pcm\b",
    "yearly": r"/\s*(?:year|yr|y|annum)\b|(?:per|an?)\s+(?:year|yr|annum)\b|annual(?:ly)?\b"
              r"|yearly\b|p\.?a\b\.?",
}  # fmt: skip
_INTERVAL_AFTER = re.compile(
    _GAP + "(?:" + "|".join(rf"(?P<{name}>{w})" for name, w in _INTERVAL_WORDS.items()) + ")",
    re.I,
)
# Interval words anywhere in the text, for amounts that are no year's pay without one.
_INTERVAL_ANYWHERE = [(name, re.compile(rf"(?<![a-z])(?:{words})", re.I))
                      for name, words in _INTERVAL_WORDS.items()]  # fmt: skip
# "Hourly rate: $50", "Day rate £500", "Monthly salary: €3,000": the interval comes first.
_INTERVAL_BEFORE = re.compile(
    rf"\b(hourly|daily|weekly|monthly|yearly|annual|hour(?=\s+rate)|day(?=\s+rate))"
    rf"(?:\s+(?:rate|salary|pay|wage|compensation))?\s*:?\s*{_MARK}?\s*\Z",
    re.I,
)
_LEADING_WORD = {"hou": "hourly", "dai": "daily", "day": "daily", "wee": "weekly",
                 "mon": "monthly", "yea": "yearly", "ann": "yearly"}  # fmt: skip

_PLAUSIBLE_MIN = 1_000.0
_PLAUSIBLE_MAX = 10_000_000.0
# Rough units per US dollar (orders of magnitude, not exchange rates) for currencies whose
# salaries run to tens of millions: the 10M cap is raised by this much, nothing is converted.
_LARGE_UNITS = {"JPY": 150, "KRW": 1_400, "INR": 85, "HUF": 360, "IDR": 16_000, "VND": 25_000,
                "CLP": 950, "COP": 4_000, "ARS": 1_000, "NGN": 1_500, "PKR": 280, "THB": 36,
                "TWD": 32, "RUB": 90, "UAH": 41, "CZK": 23, "EGP": 50, "CNY": 7}  # fmt: skip

# Interval column spellings, reduced by _interval_key: "Per Hour" → "hour", "p.a." → "pa".
_SYNONYMS = {
    "hourly": ("hour", "hourly", "hr", "hrs", "h", "ph"),
    "daily": ("day", "daily", "d", "pd"),
    "weekly": ("week", "weekly", "wk", "w", "pw"),
    "monthly": ("month", "monthly", "mo", "mth", "mon", "pcm"),
    "yearly": ("year", "yearly", "yr", "y", "annual", "annually", "annum", "pa", "py"),
}
_INTERVAL_BY_KEY = {key: name for name, keys in _SYNONYMS.items() for key in keys}
_FILLER_WORDS = {"per", "a", "an", "each", "every", "rate", "basis", "salary", "pay", "wage"}


def normalise_interval(value: object) -> str | None:
    """An interval as a column writes it ("Per Hour", "hr", "Monthly", "annually", "p.a.") →
    a key of ANNUAL_FACTOR; None when empty or unknown ("fortnightly")."""
    if value is None or value != value:
        return None
    return _INTERVAL_BY_KEY.get(_interval_key(str(value)))


def _interval_key(text: str) -> str:
    """Letters only, without "per"/"a"/"rate": "Per Hour" → "hour", "/hr" → "hr", "p.a." →
    "pa"."""
    words = re.findall(r"[a-z]+", text.lower())
    whole = "".join(words)  # "p.a." and "p/h" are one word split by punctuation
    if whole in _INTERVAL_BY_KEY:
        return whole
    return "".join(w for w in words if w not in _FILLER_WORDS)


def annualise(amount: float | None, interval: str | None) -> float | None:
    """Amount per interval → per year; yearly when the interval is unknown."""
    if amount is None or amount != amount:
        return None
    return float(amount) * ANNUAL_FACTOR.get(interval or "yearly", 1.0)


def plausible_annual(currency: str | None) -> tuple[float, float]:
    """(lowest, highest) annual salary believed in this currency."""
    return _PLAUSIBLE_MIN, _PLAUSIBLE_MAX * _LARGE_UNITS.get(currency or "", 1)


@dataclass(frozen=True)
class Salary:
    minimum: float | None  # annual
    maximum: float | None  # annual
    currency: str | None
    interval: str | None  # as stated in the text


class _Amount(NamedTuple):
    value: float
    scale: float  # 1_000 for "k", 1_000_000 for "m", else 1
    start: int
    end: int
    currency: str | None  # written next to it; "$" for a bare dollar sign
    aside: bool  # in parentheses or after "~": a conversion or a note


def parse_salary_text(text: object) -> Salary | None:
    """Parse "$85K-$120K (Glassdoor est.)", "$21-$34 Per Hour", "€84k - €103k (EUR)", ...

    Returns None when the text holds no amount (e.g. "-1", "competitive").
    """
    if text is None or text != text:
        return None
    s = str(text).strip()
    extras = _EXTRAS.search(s)
    main = s[: extras.start()] if extras else s
    currency, amounts = _posting_amounts(s, main)
    if not amounts:
        return None
    values = _with_shared_suffix([(a.value, a.scale) for a in amounts])
    intervals = _intervals(main, amounts, [v for v, _ in values])
    has_suffix = any(scale > 1 for _, scale in values)
    if not (currency or any(intervals) or has_suffix) and max(v for v, _ in values) < 1000:
        return None  # "-1", "3 openings": a number, but not a salary
    low_ok, high_ok = plausible_annual(currency)
    annual = sorted(annualise(v, i) for (v, _), i in zip(values, intervals, strict=True))
    annual = [a for a in annual if low_ok <= a <= high_ok]
    if not annual:
        return None
    low, high = annual[0], annual[-1]
    if high > 5 * low:  # "$160k 1099 for US": the small number is not a bound
        low = high
    return Salary(low, high, currency, intervals[0])


def parse_amount(text: object) -> tuple[float | None, str | None]:
    """One amount as a min/max column writes it ("40k", "£40,000", "USD 1.2M", "45.50") →
    (value, currency or None); (None, None) unless the text is exactly one amount."""
    if text is None or text != text:
        return None, None
    s = str(text).strip()
    found = list(_AMOUNT.finditer(s))
    if len(found) != 1:
        return None, None
    before, after = s[: found[0].start()].strip(), s[found[0].end() :].strip()
    mark_before, mark_after = _MARK_ONLY.fullmatch(before), _MARK_ONLY.fullmatch(after)
    if (before and not mark_before) or (after and not mark_after):
        return None, None  # "about 40k", "40k to 50k": not one amount
    currency = _marked_currency(mark_before) or _marked_currency(mark_after)
    return _value(found[0]), "USD" if currency == "$" else currency


def _amounts(text: str) -> list[_Amount]:
    found: list[_Amount] = []
    for match in _AMOUNT.finditer(text):
        before = text[max(0, match.start() - 16) : match.start()]
        currency = _marked_currency(_MARK_BEFORE.search(before))
        currency = currency or _currency_after(text[match.end() :])
        aside = text.count("(", 0, match.start()) > text.count(")", 0, match.start())
        # "~$150-$220K": only an amount after the posting's own can be a conversion.
        aside = aside or bool(found and _APPROXIMATE.search(before))
        found.append(_Amount(_value(match), _scale(match), match.start(), match.end(),
                             currency, aside))  # fmt: skip
    return found


def _value(match: re.Match) -> float:
    separator = "." if match.group("dots") else ","
    return float(match.group("number").replace(separator, "")) * _scale(match)


def _scale(match: re.Match) -> float:
    suffix = match.group("suffix")
    if not suffix:
        return 1.0
    return 1_000.0 if suffix in "kK" else 1_000_000.0


def _marked_currency(mark: re.Match | None) -> str | None:
    """The currency a _MARK match names; "$" for a bare dollar sign (its kind is not known)."""
    if mark is None:
        return None
    if mark.group("prefix"):
        return _DOLLAR_PREFIX[mark.group("prefix")]
    if mark.group("symbol"):
        return _SYMBOL[mark.group("symbol")]
    return mark.groupdict().get("code") or "$"  # _SIGN_ANYWHERE has no code group


def _currency_after(text: str) -> str | None:
    """A currency written right after the amount: "100k EUR", "80k€"."""
    match = _CURRENCY_AFTER.match(text)
    if match is None:
        return None
    return match.group("code") or _SYMBOL[match.group("symbol")]


def _posting_amounts(text: str, main: str) -> tuple[str | None, list[_Amount]]:
    """The posting's currency and its first two amounts in `main` (the text before any
    extras), leaving out asides and amounts in another currency; no amounts when none is
    above zero."""
    amounts = _pay(main, _amounts(main))
    if all(a.value <= 0 for a in amounts):
        return None, []
    if not all(a.aside for a in amounts):
        amounts = [a for a in amounts if not a.aside]
    currency, next_to_amount = _currency(text, amounts)
    kept = [a for a in amounts if _same_currency(a.currency, currency, next_to_amount)]
    return currency, kept[:2]


def _pay(text: str, amounts: list[_Amount]) -> list[_Amount]:
    """The amounts that are not funding, a bonus or the like; both bounds of a range go when
    one does."""
    ranges, other = [], set()  # the range of each amount; the ranges that are not pay
    for i, a in enumerate(amounts):
        joined = i and _RANGE_GAP.match(text[amounts[i - 1].end : a.start])
        ranges.append(ranges[-1] if joined else i)
        if _NOT_PAY_AFTER.match(text, a.end) or _NOT_PAY_BEFORE.search(
            text, max(0, a.start - 32), a.start
        ):
            other.add(ranges[-1])
    return [a for a, r in zip(amounts, ranges, strict=True) if r not in other]


def _currency(text: str, amounts: list[_Amount]) -> tuple[str | None, bool]:
    """(currency, whether it was written next to an amount). The first currency written next
    to an amount; a bare "$" is the dollar a code in the text names ("$100k (CAD)"), else USD;
    with nothing next to the amounts, any code or symbol in the text."""
    marked = next((a.currency for a in amounts if a.currency), None)
    if marked and marked != "$":
        return marked, True
    code = _CODE.search(text)
    if code:
        return code.group("code"), False
    if marked == "$":
        return "USD", True
    anywhere = _marked_currency(_SIGN_ANYWHERE.search(text))
    return ("USD" if anywhere == "$" else anywhere), False


def _same_currency(written: str | None, currency: str | None, next_to_amount: bool) -> bool:
    """False for an amount in another currency than the posting's: "20M JPY (~$125k)". A
    bare "$" is a conversion only beside an amount in a currency not written with "$"; with
    the currency named elsewhere ("$50,000-$80,000 (EUR)") the text means that one."""
    if written is None or currency is None or written == currency:
        return True
    return written == "$" and (currency in _DOLLARS or not next_to_amount)


def _with_shared_suffix(values: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """(value, scale) pairs; the k or m of the upper bound applies to a bare lower bound too:
    "$150-190K"."""
    if len(values) == 2 and values[1][1] > 1 and values[0][1] == 1 and values[0][0] < 1000:
        return [(values[0][0] * values[1][1], values[1][1]), values[1]]
    return values


def _intervals(text: str, amounts: list[_Amount], values: list[float]) -> list[str | None]:
    """The interval of each amount: the one after it ("$50/hour"), else the one after the other
    bound of the range ("50-60 an hour"), else one before the first ("Hourly: $50"). Amounts
    too small for a year's pay with none of those take an interval word anywhere in the text
    ("$45-$70 USD or 190-295 PLN per hour")."""
    own = [_interval_after(text[a.end :]) for a in amounts]
    leading = _INTERVAL_BEFORE.search(text[: amounts[0].start])
    before = _LEADING_WORD[leading.group(1)[:3].lower()] if leading else None
    shared = next((i for i in own if i), None) or before
    if shared is None and max(values) < _PLAUSIBLE_MIN:
        shared = next((name for name, rx in _INTERVAL_ANYWHERE if rx.search(text)), None)
    return [mine or shared for mine in own]


def _interval_after(text: str) -> str | None:
    match = _INTERVAL_AFTER.match(text)
    return match.lastgroup if match else None
