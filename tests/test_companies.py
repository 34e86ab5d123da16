"""Company-name normalisation and the fuzzy same-employer test."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.companies import (
    best_company_match,
    common_spellings,
    company_similarity,
    is_employer,
    normalise_company,
    same_company,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Acme Corp.", "acme"),
        ("ACME Corporation", "acme"),
        ("Acme, Inc.", "acme"),
        ("Acme Inc", "acme"),
        ("Acme LLC", "acme"),
        ("Acme Ltd", "acme"),
        ("Acme Limited", "acme"),
        ("Acme GmbH", "acme"),
        ("Acme AG", "acme"),
        ("Acme S.A.", "acme"),
        ("Acme Co.", "acme"),
        ("Acme PLC", "acme"),
        ("Acme LLP", "acme"),
        ("Acme GmbH & Co. KG", "acme"),
        ("The Acme Company", "acme"),
        ("Company, The", "company"),
        ("Procter & Gamble Co.", "procter and gamble"),
        ("McDonald's Corp", "mcdonalds"),
        ("Société Générale S.A.", "societe generale"),
        ("  Globex   GmbH ", "globex"),
        ("Hmto - همتو", "hmto همتو"),
        ("Inc.", "inc"),  # a suffix alone is kept: better than an empty name
        ("The", "the"),
        ("", ""),
        (None, ""),
        ("...", ""),
    ],
)
def test_normalise_company(name, expected):
    assert normalise_company(name) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acme Corp.", "ACME Corporation"),
        ("Google", "Google LLC"),
        ("Bank of America", "America, Bank of"),
        ("Accenture", "Accentur"),
        ("Linked In", "LinkedIn"),
        ("Société Générale", "Societe Generale SA"),
    ],
)
def test_same_company_matches(a, b):
    assert same_company(a, b)
    assert same_company(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acme", "Acme Bank"),  # containment is not identity
        ("Meta", "Metal"),
        ("Microsoft", "Microsfot"),  # a transposition scores 89: just under the default
        ("IBM", "International Business Machines"),
        ("Acme", ""),
        ("", ""),
        (None, "Acme"),
    ],
)
def test_same_company_rejects(a, b):
    assert not same_company(a, b)


def test_scores_and_threshold():
    assert company_similarity("Acme", "Acme Bank") == pytest.approx(61.538, abs=1e-3)
    assert company_similarity("Microsoft", "Microsfot") == pytest.approx(88.889, abs=1e-3)
    assert same_company("Microsoft", "Microsfot", threshold=85)
    assert company_similarity("Acme Corp.", "ACME Corporation") == 100.0
    assert company_similarity(None, "Acme") == 0.0


def test_best_company_match():
    candidates = ["Acme Bank", "Globex", "ACME Corporation", "Acme Inc."]
    assert best_company_match("Acme Corp", candidates) == ("ACME Corporation", 100.0)
    assert best_company_match("Acme", ["Acme Bank", "Globex"]) is None
    assert best_company_match("Globex GmbH", candidates) == ("Globex", 100.0)
    assert best_company_match("Accentur", ["Accenture", "Acme"]) == (
        "Accenture",
        pytest.approx(94.118, abs=1e-3),
    )
    assert best_company_match("", candidates) is None
    assert best_company_match("Acme", []) is None
    assert best_company_match("Acme", ["", "Inc."]) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Acme Corp.", True),
        ("Self-employed", False),
        ("Self Employed", False),
        ("FREELANCE", False),
        ("Stealth Startup", False),
        ("N/A", False),
        ("", False),
        (None, False),
        ("Autónomo", False),
        ("Selbstständig", False),
        ("Travailleur indépendant", False),
        ("صاحب عمل حر", False),  # Arabic: self-employed (7 of the real export's connections)
        ("عمل مستقل", False),  # Arabic: freelance work
        ("Freelancer.com", True),  # the marketplace is a company
        ("Independent Health", True),
        ("Stealth Security Inc.", True),
    ],
)
def test_is_employer(name, expected):
    assert is_employer(name) is expected


def test_common_spellings_show_one_spelling_per_company():
    names = pd.Series(["ACME Insurance Co", "Acme Insurance Company", "ACME Insurance Co",
                       "Globex", "globex", None, "", "Initech LLC"], dtype=object)  # fmt: skip
    assert common_spellings(names).tolist() == [
        "ACME Insurance Co", "ACME Insurance Co", "ACME Insurance Co",  # the commonest
        "Globex", "Globex",  # a tie: the first in sorted order ("G" < "g")
        None, "", "Initech LLC",
    ]  # fmt: skip
    # the user's own spelling of an employer wins over the commonest
    own = common_spellings(names, {"ACME Insurance Co": "ACME Insurance Company"})
    assert own.tolist()[:3] == ["ACME Insurance Company"] * 3
    assert common_spellings(pd.Series([], dtype=object)).tolist() == []
