"""A posting's own employer: its name is no skill, the sentences it opens describe the company."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from analysis import store
from analysis.skills import sync
from analysis.skills.batch import extract_counts, extract_frame
from analysis.skills.cli import extract_command
from analysis.skills.employer_name import EMPLOYER_NAME, EmployerName, parse_employer_name
from analysis.skills.extractor import Extractor
from analysis.skills.rules import load_context_rules, parse_context_rules
from analysis.skills.taxonomy import Skill, Taxonomy, TaxonomyError


def small_taxonomy() -> Taxonomy:
    skills = [
        Skill("arcgis", "ArcGIS", "Software"),
        Skill("gis", "Geographic information systems", "Data"),
        Skill("python", "Python", "Software"),
        Skill("juniper", "Juniper Networks", "Infrastructure"),
        Skill("software-engineering", "Software engineering", "Software development"),
        Skill("bill-com", "Bill.com", "Business software"),
    ]
    aliases = [("Esri", "arcgis"), ("GIS", "gis"), ("Juniper", "juniper")]
    return Taxonomy(skills, aliases)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(small_taxonomy())  # the shipped rules


def found(extractor: Extractor, text: str, employer: str | None) -> list[tuple]:
    return [
        (m.skill_id, m.start, m.end, m.context)
        for m in extractor.mentions(text, flagged=True, employer=employer)
    ]


@pytest.mark.parametrize(
    ("employer", "key"),
    [
        ("Salesforce, Inc.", "salesforce"),
        ("SAS Institute Inc.", "sas institute"),
        ("Bill.com", "bill.com"),
        ("Acme Holdings LLC", "acme"),
        ("Acme L.L.C.", "acme"),
        ("Smith, Jones Inc", "smith  jones"),  # as "Smith, Jones" stands in the boundary text
        ("Group", "group"),  # a name is never emptied
        ("  ", ""),
        (None, ""),
    ],
)
def test_employer_key_drops_legal_suffixes(employer, key):
    assert load_context_rules()[EMPLOYER_NAME].key(employer) == key


def test_rest_of_name():
    rule = load_context_rules()[EMPLOYER_NAME]
    assert rule.rest_of_name("esri", "esri") == ""
    assert rule.rest_of_name("juniper", "juniper networks") == "networks"
    assert rule.rest_of_name("juniper", "juniper berry farms") is None  # not a company word
    assert rule.rest_of_name("python", "esri") is None
    assert rule.rest_of_name("java", "javascript labs") is None  # whole words only


@pytest.mark.parametrize(
    ("text", "employer", "expected"),
    [
        # a name with a comma is found where the text writes it so
        ("Smith, Jones builds GIS maps.", "Smith, Jones Inc", [("gis", 20, 23, "company")]),
        # the employer's name, written as a skill's alias, is the employer
        ("Growth gives Esri stability. You know ArcGIS.", "Esri",
         [("arcgis", 13, 17, "employer_name"), ("arcgis", 38, 44, None)]),
        # ... and so is the first part of it, where only company words follow
        ("AppFormix in Juniper is hiring. Juniper Networks is in E-Verify.", "Juniper Networks",
         [("juniper", 13, 20, "employer_name"), ("juniper", 32, 48, "employer_name")]),
        # the skill written as the name is written, or followed by the rest of the name
        ("The Software Engineering Institute helps. A degree in software engineering.",
         "Software Engineering Institute",
         [("software-engineering", 4, 24, "employer_name"), ("software-engineering", 54, 74, None)]),
        # a sentence the name opens describes the company ...
        ("Bill.com builds GIS maps. You know Python.", "Bill.com",
         [("bill-com", 0, 8, "employer_name"), ("gis", 16, 19, "company"), ("python", 35, 41, None)]),
        # ... unless it asks something of the candidate or names the job's tools
        ("Acme is looking for GIS skills.", "Acme Inc", [("gis", 20, 23, None)]),
        ("Acme builds GIS maps.", "Acme Inc", [("gis", 12, 15, "company")]),
        ("Maps in GIS at Acme.", "Acme Inc", [("gis", 8, 11, None)]),  # not the subject
        # another company's name is a skill as ever
        ("Esri and Python", "Acme", [("arcgis", 0, 4, None), ("python", 9, 15, None)]),
        ("Esri and Python", None, [("arcgis", 0, 4, None), ("python", 9, 15, None)]),
    ],
)  # fmt: skip
def test_employer_name_in_the_text(extractor, text, employer, expected):
    assert found(extractor, text, employer) == expected
    counted = [m[0] for m in expected if m[3] is None]
    assert [m.skill_id for m in extractor.mentions(text, employer=employer)] == counted
    assert extractor.skill_ids(text, employer=employer) == counted


def test_extract_counts_and_frame_take_employers(extractor):
    texts = ["Maps: GIS at Esri, ArcGIS at Esri.", "Maps: Esri and Python", None]
    counts = extract_counts(extractor, texts, ["a", "b", "c"], ["Esri", "Acme", "Esri"])
    assert counts.to_dict("records") == [
        {"posting_id": "a", "skill_id": "arcgis", "count": 1},
        {"posting_id": "a", "skill_id": "gis", "count": 1},
        {"posting_id": "b", "skill_id": "arcgis", "count": 1},
        {"posting_id": "b", "skill_id": "python", "count": 1},
    ]
    frame = pd.DataFrame({"posting_id": ["a"], "description": [texts[0]], "company": ["Esri"]})
    assert extract_frame(extractor, frame).equals(counts.iloc[:2].reset_index(drop=True))
    without = extract_frame(extractor, frame.drop(columns="company"))
    assert without["count"].tolist() == [3, 1]  # no employer column: every Esri counts


def test_rules_without_employer_name_ignore_the_employer():
    plain = Extractor(small_taxonomy(), rules=parse_context_rules({}))
    assert plain.skill_ids("Esri and ArcGIS", employer="Esri") == ["arcgis", "arcgis"]


def test_employer_name_rule_is_parsed_and_versioned():
    data = {"employer_name": {"context": "own", "suffixes": ["Inc."], "name_words": ["Labs"]}}
    rules = parse_context_rules(data)
    assert rules[EMPLOYER_NAME] == EmployerName(
        context="own", subject_context=None, suffixes=frozenset({"inc"}),
        name_words=frozenset({"labs"}),
    )  # fmt: skip
    extractor = Extractor(small_taxonomy(), rules=rules)
    assert found(extractor, "Esri builds GIS.", "Esri Labs, Inc.") == [
        ("arcgis", 0, 4, "own"), ("gis", 12, 15, None),
    ]  # fmt: skip
    other = {"employer_name": {**data["employer_name"], "name_words": ["Lab"]}}
    assert Extractor(small_taxonomy(), rules=parse_context_rules(other)).version != (
        extractor.version
    )


@pytest.mark.parametrize(
    "raw",
    [{"suffixes": ["inc"]}, {"context": "own", "aliases": []}, ["own"]],
)
def test_bad_employer_name_rule_is_reported(raw):
    with pytest.raises(TaxonomyError) as info:
        parse_employer_name(raw, "test")
    assert str(info.value) == (
        "Bad context rule: test, employer_name: needs context; "
        "allowed: context, name_words, subject_context, suffixes"
    )


def test_shipped_subject_context_is_a_sentence_context():
    rules = load_context_rules()
    contexts = {context for _, context, _ in rules["@sentences"].cues}
    assert rules[EMPLOYER_NAME].subject_context in contexts


def test_cli_reads_the_company_of_json_lines(extractor):
    lines = [
        json.dumps({"id": 1, "text": "Maps in Esri and ArcGIS", "company": "Esri"}),
        json.dumps({"id": 2, "text": "Maps in Esri and ArcGIS", "company": 7}),  # no name: ignored
    ]
    out = io.StringIO()
    assert extract_command(io.StringIO("\n".join(lines)), out, extractor) == 3
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["id"], r["text"]) for r in records] == [(1, "ArcGIS"), (2, "Esri"), (2, "ArcGIS")]


def test_cli_company_option_is_the_default_employer(extractor):
    lines = ["Maps in Esri and ArcGIS", json.dumps({"text": "Maps in Esri", "company": "Acme"})]
    out = io.StringIO()
    assert extract_command(io.StringIO("\n".join(lines)), out, extractor, company="Esri") == 2
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["id"], r["text"]) for r in records] == [(1, "ArcGIS"), (2, "Esri")]


def test_import_leaves_out_the_postings_own_employer():
    con = store.connect(":memory:")
    con.executemany(
        "INSERT INTO postings (posting_id, title, company, description, import_id) "
        "VALUES (?, ?, ?, ?, 1)",
        [
            ("a", "GIS Analyst", "Esri", "Esri is hiring. Experience with ArcGIS and Python."),
            ("b", "GIS Analyst", "City of Springfield", "Experience with Esri and Python."),
        ],
    )
    sync.extract_pending(con)
    rows = con.execute(
        "SELECT posting_id, skill_id, mentions FROM posting_skills "
        "WHERE skill_id IN ('arcgis', 'python') ORDER BY ALL"
    ).fetchall()
    assert rows == [("a", "arcgis", 1), ("a", "python", 1), ("b", "arcgis", 1), ("b", "python", 1)]
    con.close()
