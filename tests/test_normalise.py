"""Normalisation for matching: clean text, exact offsets back into the original."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.skills.normalise import normalise


def words_with_sources(text: str) -> list[tuple[str, str]]:
    """Each word of the normalised text with the original text it maps back to."""
    norm = normalise(text)
    out = []
    for m in re.finditer(r"[^\W_]+(?:[+#]+)?", norm.text):
        start, end = norm.to_original(*m.span())
        out.append((m.group(), text[start:end]))
    return out


def test_plain_ascii_is_lowercased_with_identity_offsets():
    norm = normalise("Python and SQL")
    assert norm.text == "python and sql"
    assert norm.to_original(11, 14) == (11, 14)


def test_case_folding_and_nfkc():
    assert normalise("STRAẞE ＣＯＢＯＬ ﬁnance").text == "strasse cobol finance"


def test_typographic_variants_become_plain():
    text = "“Go‑getter” – don’t\u00a0stop — ok"
    assert normalise(text).text == '"go-getter" - don\'t stop - ok'


def test_trademark_signs_are_dropped_not_spelled_out():
    assert normalise("Microsoft® Excel™").text == "microsoft excel"
    assert words_with_sources("Microsoft® Excel™") == [
        ("microsoft", "Microsoft"),
        ("excel", "Excel"),
    ]


def test_html_tags_become_spaces_and_entities_are_decoded():
    # block tags (p, br, li, div, ...) end a line; inline tags (b, i, span, ...) are a space
    text = "<p>Know <b>Power</b> <b>BI</b> &amp; C&#43;&#43;</p><br/>R&eacute;sum&eacute;"
    assert normalise(text).text == "\nknow power bi & c++\nrésumé"
    assert words_with_sources(text) == [
        ("know", "Know"),
        ("power", "Power"),
        ("bi", "BI"),
        ("c++", "C&#43;&#43;"),
        ("résumé", "R&eacute;sum&eacute;"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a<br>b", "a\nb"),
        ("a<BR/>b", "a\nb"),
        ("<ul><li>a</li> <li>b</li></ul>", "\na\nb\n"),
        ('<div class="x">a</div>b', "\na\nb"),
        ("<h2>a</h2>", "\na\n"),
        ("a <span>b</span> <blink>c", "a b c"),
        ("<param>a<pre>b", " a b"),
    ],
)
def test_block_tags_end_a_line(text, expected):
    assert normalise(text).text == expected


def test_html_comment_is_removed():
    assert normalise("a<!-- Python -->b").text == "a b"


def test_markdown_emphasis_headings_bullets_and_links():
    text = "## Skills\n* **Power BI** and _Tableau_\n- [Docs](https://x.io/a_(b)) here\n+ SQL"
    # "* " is emphasis-deleted, "- " and "+ " are blanked: either way a separator remains
    assert normalise(text).text == "   skills\n power bi and tableau\n  docs  here\n  sql"
    assert words_with_sources(text)[:4] == [
        ("skills", "Skills"),
        ("power", "Power"),
        ("bi", "BI"),
        ("and", "and"),
    ]


def test_snake_case_keeps_its_underscores():
    assert normalise("snake_case __init__ _it_").text == "snake_case init it"


def test_backslash_escapes_from_python_jobspy_are_undone():
    text = r"Senior C\+\+ dev \- end\-user, $69\.67 R\&D \#1"
    assert normalise(text).text == "senior c++ dev - end-user, $69.67 r&d #1"
    assert words_with_sources(text)[:2] == [("senior", "Senior"), ("c++", r"C\+\+")]


def test_urls_and_email_addresses_are_blanked():
    text = "Apply at https://jobs.python.org/x?id=1 or jobs@aws.com now"
    assert normalise(text).text == "apply at   or   now"
    text = "Email **recruiting@acme.com** or first.last+x@a.io."
    assert normalise(text).text == "email   or  ."


def test_combining_accent_composes_with_its_letter():
    text = "Cafe\u0301 Java"
    assert normalise(text).text == "café java"
    assert words_with_sources(text) == [("café", "Cafe\u0301"), ("java", "Java")]


def test_exotic_symbols_separate_words():
    assert normalise("Python•SQL→Excel").text == "python sql excel"


@pytest.mark.parametrize("text", ["", "**", "<br>", "&amp;", "\\-", "é"])
def test_degenerate_inputs(text):
    norm = normalise(text)
    assert isinstance(norm.text, str)


markup = st.sampled_from(["**", "__", "_", "`", "~~", "<b>", "</p>", "<!-- c -->", "&amp;", "&nbsp;",
                          "&#x41;", "\\-", "\\+", "[a](http://x.y/(z))", "\n- ", "\n# ", "’", "–",
                          "ﬁ", "e\u0301", "™", " ", "\n", "C++", "Python", "https://a.b/c", "@x.com"])  # fmt: skip


@given(st.lists(st.one_of(st.text(max_size=8), markup), max_size=30).map("".join))
def test_every_normalised_word_maps_back_inside_the_original(text):
    norm = normalise(text)
    for m in re.finditer(r"\S+", norm.text):
        start, end = norm.to_original(*m.span())
        assert 0 <= start < end <= len(text)
