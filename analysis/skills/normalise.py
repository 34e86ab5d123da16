"""Text normalisation for skill matching that keeps a map back to the original text.

`normalise(text)` returns a `NormalisedText` whose `text` is case-folded, NFKC-normalised and
stripped of HTML and Markdown markup, and whose `to_original(start, end)` turns a span of that
text back into a span of the input, so a matcher can work on the clean text and still report
`original[start:end]` as the surface the user wrote.

Speed matters more than elegance here (a million postings on a laptop): the text is scanned once
by one regular expression for the few places that need rewriting (markup, escapes, non-ASCII
runs); everything between them is copied unchanged, so the offset map is a short list of
segments rather than one entry per character, and plain ASCII text costs one regex scan and
one `lower()`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

# Applied before NFKC: NFKC would turn ™ into "TM" and glue it to the word ("Excel™" -> "exceltm").
_BEFORE_NFKC = {
    "\u2122": "",  # ™
    "\u00ae": "",  # ®
    "\u00a9": "",  # ©
    "\u2120": "",  # ℠
    "\u00ad": "",  # soft hyphen: invisible, must not split a word
    "\u200b": "",  # zero-width space / joiners / word joiner / BOM: invisible
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
}

# Applied after NFKC, which leaves these typographic variants alone.
_AFTER_NFKC = str.maketrans(
    {
        "\u2018": "'",  # ‘ ’ ‚ ‛ ′
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',  # “ ” „ ‟ ″
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",  # hyphen, non-breaking hyphen, figure dash, en dash, em dash, bar, minus
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)

# The commonest typographic characters, replaced up front by their one-character ASCII
# equivalents: same length, so offsets are untouched, and str.replace scans at C speed where a
# rewrite per character would cost a Python call each (postings are full of ’ and •).
_PREMAP = [("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2013", "-"),
           ("\u2014", "-"), ("\u2011", "-"), ("\u2010", "-"), ("\u2022", " "), ("\u00b7", " "),
           ("\u25cf", " "), ("\u00a0", " "), ("\u202f", " ")]  # fmt: skip


def _premap(text: str) -> str:
    for char, ascii_char in _PREMAP:
        if char in text:
            text = text.replace(char, ascii_char)
    return text


# Characters at which a rewrite may start; everything between two of them is copied verbatim.
# They are found with str.find (memchr speed) rather than one regex character class, which
# costs ~6 ns per character of prose (an alternation of the full patterns cost 50).
_TRIGGER_CHARS = "<&\\[]*_~`@"


def _trigger_positions(text: str) -> list[int]:
    positions = []
    for char in _TRIGGER_CHARS + (":" if "://" in text else ""):  # ":" only matters in "://"
        i = text.find(char)
        while i != -1:
            positions.append(i)
            i = text.find(char, i + 1)
    if not text.isascii():
        positions += [m.start() for m in _NON_ASCII.finditer(text)]
    positions.sort()
    return positions


# A run of tags and the blanks between them ("</b> <b>") is one separator.
_TAGS = re.compile(
    r"(?:(?:<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>)[ \t]*)+", re.DOTALL
)
_BLOCK_TAG = re.compile(
    r"</?(?:p|br|li|ul|ol|div|h[1-6]|tr|table|section|article|header|footer|blockquote|dl|dt|dd"
    r"|hr)\b",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*\)")
_LINK_LABEL = re.compile(r"\[[^\[\]\n]*\]\((?:[^()\s]|\([^()\s]*\))*\)")
_RUN = {
    "*": re.compile(r"\*+"),
    "~": re.compile(r"~~+"),
    "`": re.compile(r"`+"),
    "_": re.compile(r"_+"),
}
_EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)+")
_URL_TAIL = re.compile(r"://[^\s<>()\[\]\"'`]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# Markdown list bullets and heading marks at a line start. The literal "\n" prefix makes this a
# fast separate scan; the first line is checked with _BULLET_AT_START.
_BULLET = re.compile(r"\n([ \t]*(?:[-+]|#{1,6})[ \t])")
_BULLET_AT_START = re.compile(r"[ \t]*(?:[-+]|#{1,6})[ \t]")


@lru_cache(maxsize=4096)
def _fold(run: str) -> str:
    """NFKC + typographic variants + case folding; leftover symbols and spaces become spaces.

    Cached: the same few runs (’, •, –, accented names) recur across millions of postings.
    """
    text = "".join(_BEFORE_NFKC.get(ch, ch) for ch in run)
    text = unicodedata.normalize("NFKC", text).translate(_AFTER_NFKC).casefold()
    out = []
    for ch in text:
        if ch.isascii() or ch.isalnum() or unicodedata.category(ch).startswith("M"):
            out.append(ch)
        else:  # •, ·, ●, §, →, exotic spaces...: separators, like ASCII punctuation
            out.append(" ")
    return "".join(out)


def _rewrites(text: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for every place in `text` that normalisation rewrites, in order."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for s in _trigger_positions(text):
        if s < pos:
            continue  # inside a rewrite already made
        c = text[s]
        if c == "<":
            m = _TAGS.match(text, s)
            if m is None:
                continue
            # A tag separates words: "a<b>b" is "a b"; a block tag ends a line: "a<br>b" is
            # "a\nb", so a title or a sentence does not run on into the next list item.
            start, end = s, m.end()
            repl = "\n" if _BLOCK_TAG.search(text, s, end) else " "
            prev_end = out[-1][1] if out else 0
            while start > prev_end and text[start - 1] in " \t":
                start -= 1  # one space for " <b> ", so "Power <b>BI</b>" still reads "power bi"
        elif c == "&":
            m = _ENTITY.match(text, s)
            if m is None:
                continue
            start, end, repl = s, m.end(), _fold(html.unescape(m.group()))
        elif c == "\\":
            if s + 1 >= len(text) or text[s + 1] not in _ESCAPABLE:
                continue
            start, end, repl = s, s + 2, text[s + 1]  # python-jobspy writes "C\+\+", "end\-user"
        elif c == "[":
            if _LINK_LABEL.match(text, s) is None:
                continue
            start, end, repl = s, s + 1, ""  # the label stays, its "](url)" goes below
        elif c == "]":
            m = _LINK_TARGET.match(text, s)
            if m is None:
                continue
            start, end, repl = s, m.end(), " "  # [label](url): keep the label, drop the url
        elif c in _RUN:
            m = _RUN[c].match(text, s)
            if m is None:
                continue
            start, end, repl = s, m.end(), ""
            if (
                c == "_"
                and s > 0
                and end < len(text)
                and text[s - 1].isalnum()
                and text[end].isalnum()
            ):
                pos = end
                continue  # snake_case is a word, not emphasis
        elif c == "@":
            if s == 0 or not (text[s - 1].isalnum() or text[s - 1] in "_.+-"):
                continue
            m = _EMAIL_DOMAIN.match(text, s)
            if m is None:
                continue
            # The whole address goes: jobs@python.org does not ask for Python, nor
            # recruiting@acme.com for recruiting.
            start, end, repl = s, m.end(), " "
            prev_end = out[-1][1] if out else 0
            while start > prev_end and (text[start - 1].isalnum() or text[start - 1] in "_.+-%"):
                start -= 1
        elif c == ":":
            if not text.startswith("//", s + 1):
                continue
            scheme = text[max(0, s - 5) : s].lower()
            back = 5 if scheme == "https" else 4 if scheme.endswith("http") else 0
            m = _URL_TAIL.match(text, s)
            prev_end = out[-1][1] if out else 0
            if not back or m is None or s - back < prev_end:
                continue
            start, end, repl = s - back, m.end(), " "  # a skill inside a URL is not a requirement
        else:
            m = _NON_ASCII.match(text, s)
            start, end = s, m.end()
            prev_end = out[-1][1] if out else 0
            if _COMBINING.match(text, s) and s - 1 >= prev_end and text[s - 1].isascii():
                start = s - 1  # "e" + U+0301 composes to "é" only when folded together
            repl = _fold(text[start:end])
        out.append((start, end, repl))
        pos = end
    if "\n" in text or text[:1] in " \t-+#":
        bullets = [
            (m.start(1), m.end(1), " " * (m.end(1) - m.start(1))) for m in _BULLET.finditer(text)
        ]
        if (m := _BULLET_AT_START.match(text)) is not None:
            bullets.insert(0, (0, m.end(), " " * m.end()))
        if bullets:
            out = _merge_bullets(out, bullets)
    return out


def _merge_bullets(rewrites: list[tuple[int, int, str]], bullets: list[tuple[int, int, str]]):
    """Merge the two ordered lists; a bullet loses the whitespace a tag or an accent took."""
    merged: list[tuple[int, int, str]] = []
    for start, end, repl in sorted(rewrites + bullets):
        if merged and start < merged[-1][1]:  # only a bullet's trailing blank can be shared
            p_start, p_end, p_repl = merged.pop()
            if p_repl.strip() == "" and len(p_repl) == p_end - p_start and start > p_start:
                merged.append((p_start, start, " " * (start - p_start)))
        merged.append((start, end, repl))
    return merged


@dataclass(frozen=True, eq=False)
class NormalisedText:
    """The normalised `text` of `original`, with the segment map that links the two.

    Segment i covers text[norm_starts[i]:] up to the next segment and came from
    original[orig_starts[i]:orig_ends[i]]; `linear[i]` says the two have equal length, so
    offsets inside the segment map one to one. No segments means text and original align.
    """

    original: str
    text: str
    norm_starts: tuple[int, ...] = ()
    orig_starts: tuple[int, ...] = ()
    orig_ends: tuple[int, ...] = ()
    linear: tuple[bool, ...] = ()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span text[start:end] (start < end) to the span of `original` it came from."""
        if not self.norm_starts:
            return start, end
        i = bisect_right(self.norm_starts, start) - 1
        o_start = (
            self.orig_starts[i] + (start - self.norm_starts[i])
            if self.linear[i]
            else self.orig_starts[i]
        )
        j = bisect_right(self.norm_starts, end - 1) - 1
        o_end = (
            self.orig_starts[j] + (end - self.norm_starts[j])
            if self.linear[j]
            else self.orig_ends[j]
        )
        return o_start, o_end


def normalise(text: str) -> NormalisedText:
    """Case-fold and clean `text` for matching, keeping the map back to `text`.

    NFKC; case folding; curly quotes, dashes, non-breaking and exotic spaces made plain;
    ™ ® © and soft hyphens dropped; HTML tags and comments become a space and entities are
    decoded; Markdown emphasis, headings and link targets are removed, bullets blanked, and
    backslash escapes (`\\-`, `\\.`, `\\+`) undone; bare URLs and e-mail addresses become a space
    so a skill named only inside an address does not count.
    """
    original = text
    if not text.isascii():
        text = _premap(text)
    rewrites = _rewrites(text)
    if not rewrites:
        # Nothing to rewrite (plain ASCII prose): lower() keeps every offset.
        return NormalisedText(original, text.lower())
    pieces: list[str] = []
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    orig_ends: list[int] = []
    linear: list[bool] = []
    pos = npos = 0
    for start, end, repl in rewrites:
        if start > pos:
            pieces.append(text[pos:start])
            norm_starts.append(npos)
            orig_starts.append(pos)
            orig_ends.append(start)
            linear.append(True)
            npos += start - pos
        if repl:
            pieces.append(repl)
            norm_starts.append(npos)
            orig_starts.append(start)
            orig_ends.append(end)
            linear.append(len(repl) == end - start)
            npos += len(repl)
        pos = end
    if pos < len(text):
        pieces.append(text[pos:])
        norm_starts.append(npos)
        orig_starts.append(pos)
        orig_ends.append(len(text))
        linear.append(True)
    # Plain pieces are ASCII (every non-ASCII run is a special) and folded pieces are already
    # case-folded, so this lower() changes no length (checked over every code point).
    if npos == pos and all(linear):  # same-length rewrites only: offsets need no map
        return NormalisedText(original, "".join(pieces).lower())
    return NormalisedText(
        original,
        "".join(pieces).lower(),
        tuple(norm_starts),
        tuple(orig_starts),
        tuple(orig_ends),
        tuple(linear),
    )


# --------------------------------------------------------------------------- word boundaries

_SEPARATORS = "".join(chr(c) for c in range(128) if not chr(c).isalnum() and chr(c) not in "_+#.&")
_TO_SPACE = str.maketrans(dict.fromkeys(_SEPARATORS, " "))
# The same map as a byte table for ASCII text, where bytes.translate is twice as fast.
_TO_SPACE_BYTES = bytes(32 if chr(c) in _SEPARATORS else c for c in range(256))
# ".", "+", "#" and "&" that are not part of a name: a full stop, a "+3 years", a "#hashtag",
# "R & D" spelled out. Kept: "c++", "c#", ".net", "node.js", "at&t".
# One pattern per mark: a pattern that starts with a literal is scanned at C speed, an
# alternation of lookbehinds is tried at every position (7x slower on real postings).
_LOOSE_DOT = re.compile(r"\.(?![^\W_])")
_LOOSE_MARKS = {
    "+": re.compile(r"\+(?<![^\W_]\+)(?<!\+\+)"),
    "#": re.compile(r"#(?<![^\W_]#)"),
    "&": re.compile(r"&(?:(?<![^\W_]&)|(?![^\W_]))"),
}


def boundary_text(norm_text: str) -> str:
    """Same length as `norm_text`: separators become spaces, punctuation inside names stays.

    Names and text both go through this, so "scikit-learn" matches "scikit learn", "CI/CD"
    matches "CI CD", and a name padded with spaces can only match whole words.
    """
    if norm_text.isascii():
        text = norm_text.encode("ascii").translate(_TO_SPACE_BYTES).decode("ascii")
    else:
        text = norm_text.translate(_TO_SPACE)
    text = _LOOSE_DOT.sub(" ", text)
    for mark, pattern in _LOOSE_MARKS.items():
        if mark in text:
            text = pattern.sub(" ", text)
    return text


def match_key(form: str) -> str:
    """The key a skill name or alias is matched by: normalised, separators as single blanks."""
    return boundary_text(" ".join(normalise(form).text.split())).strip()
