"""The taxonomy: reading CSV files, validation errors, version, merging, the shipped files."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.skills.employer_name import EMPLOYER_NAME
from analysis.skills.rules import CATEGORY_PREFIX, EVERY_FORM, load_context_rules
from analysis.skills.sentence_context import SENTENCE_CUES
from analysis.skills.taxonomy import (
    BUILTIN_FOLDER,
    Skill,
    Taxonomy,
    TaxonomyError,
    load_builtin_taxonomy,
    merge,
    read_taxonomy_csv,
)

HEADER = "skill_id,name,category,aliases\n"


def write(folder, name: str, body: str):
    path = folder / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.fixture
def tiny_folder(tmp_path):
    write(tmp_path, "b_software.csv", "python,Python,Software,Python 3 | py3\nsql,SQL,Data,\n")
    write(tmp_path, "a_cloud.csv", 'aws,Amazon Web Services,Cloud,"AWS | Amazon AWS"\n')
    return tmp_path


def test_load_reads_every_csv_in_name_order(tiny_folder):
    taxonomy = load_builtin_taxonomy(tiny_folder)
    assert list(taxonomy.skills) == ["aws", "python", "sql"]
    assert taxonomy["python"] == Skill("python", "Python", "Software", "builtin", None)
    assert taxonomy.aliases == [
        ("AWS", "aws"),
        ("Amazon AWS", "aws"),
        ("Python 3", "python"),
        ("py3", "python"),
    ]
    assert len(taxonomy) == 3 and "sql" in taxonomy and "java" not in taxonomy


def test_frames(tiny_folder):
    taxonomy = load_builtin_taxonomy(tiny_folder)
    pd.testing.assert_frame_equal(
        taxonomy.skills_frame(),
        pd.DataFrame(
            {
                "skill_id": ["aws", "python", "sql"],
                "name": ["Amazon Web Services", "Python", "SQL"],
                "category": ["Cloud", "Software", "Data"],
                "origin": ["builtin"] * 3,
                "external_id": [None, None, None],
            }
        ),
    )
    assert taxonomy.aliases_frame().values.tolist() == [
        ["aws", "AWS"], ["aws", "Amazon AWS"], ["python", "Python 3"], ["python", "py3"],
    ]  # fmt: skip


def test_aliases_equal_to_the_name_or_repeated_are_dropped():
    taxonomy = Taxonomy(
        [Skill("js", "JavaScript", "x")], [("javascript", "js"), ("JS", "js"), ("js", "js")]
    )
    assert taxonomy.aliases == [("JS", "js")]


def test_blank_lines_and_bom_are_tolerated(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("\ufeff" + HEADER + "\npython,Python,Software,\n,,,\n", encoding="utf-8")
    assert list(read_taxonomy_csv(path).skills) == ["python"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "python,Python,Software\n",
            "Bad taxonomy row: bad.csv, line 2: expected 4 fields, found 3",
        ),
        ("python,,Software,\n", "Bad taxonomy row: bad.csv, line 2: empty name"),
        ("sql,SQL,Data,\npython,Python,,\n", "Bad taxonomy row: bad.csv, line 3: empty category"),
        (",Python,Software,\n", "Bad taxonomy row: bad.csv, line 2: empty skill_id"),
        (
            "sql,SQL,Data,\nsql,Structured,Data,\n",
            "Duplicate skill id: bad.csv, line 3: 'sql' appears twice",
        ),
        ('sql,SQL,Data,"a\nb"\npython,,S,\n', "Bad taxonomy row: bad.csv, line 4: empty name"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path, body, message):
    write(tmp_path, "bad.csv", body)
    with pytest.raises(TaxonomyError) as info:
        load_builtin_taxonomy(tmp_path)
    assert str(info.value) == message


def test_bad_header_names_the_file(tmp_path):
    (tmp_path / "bad.csv").write_text("id,name,category\nx,X,Y\n", encoding="utf-8")
    with pytest.raises(TaxonomyError) as info:
        load_builtin_taxonomy(tmp_path)
    assert str(info.value) == (
        "Bad taxonomy header: bad.csv, line 1: expected skill_id,name,category,aliases, "
        "found id,name,category"
    )


def test_duplicate_id_across_files_names_both(tmp_path):
    write(tmp_path, "a.csv", "sql,SQL,Data,\n")
    write(tmp_path, "b.csv", "sql,Structured Query Language,Data,\n")
    with pytest.raises(TaxonomyError) as info:
        load_builtin_taxonomy(tmp_path)
    assert str(info.value) == "Duplicate skill id: 'sql' is in a.csv and b.csv"


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(TaxonomyError) as info:
        load_builtin_taxonomy(tmp_path)
    assert str(info.value) == f"No taxonomy files: no *.csv in {tmp_path}"


def test_version_ignores_order_but_sees_every_edit():
    skills = [Skill("a", "A", "x"), Skill("b", "B", "y")]
    base = Taxonomy(skills, [("aa", "a")])
    assert len(base.version) == 12
    assert Taxonomy(skills[::-1], [("aa", "a")]).version == base.version
    assert Taxonomy(skills, [("ab", "a")]).version != base.version
    assert Taxonomy([Skill("a", "A", "z"), skills[1]], [("aa", "a")]).version != base.version
    assert Taxonomy([Skill("a", "a", "x"), skills[1]], [("aa", "a")]).version != base.version


def test_conflicts_lists_forms_shared_by_two_skills():
    taxonomy = Taxonomy(
        [Skill("go", "Go", "lang"), Skill("golang", "Golang", "lang"), Skill("x", "X", "y")],
        [("golang", "go"), ("GO", "x")],
    )
    assert taxonomy.conflicts().values.tolist() == [
        ["go", "go", "Go", True],
        ["go", "x", "X", False],
        ["golang", "go", "Go", False],
        ["golang", "golang", "Golang", True],
    ]


def test_merge_adds_aliases_by_normalised_name_and_appends_new_skills():
    base = Taxonomy(
        [Skill("java", "Java", "Software"), Skill("sql", "SQL", "Data")], [("Core Java", "java")]
    )
    extra = Taxonomy(
        [
            Skill("esco:1", "Java (computer programming)", "ESCO", "esco", "http://e/1"),
            Skill("esco:2", "  sql ", "ESCO", "esco"),
            Skill("esco:3", "Haskell", "ESCO", "esco", "http://e/3"),
        ],
        [("Java programming", "esco:1"), ("Haskell techniques", "esco:3")],
    )
    merged = merge(base, extra)
    assert list(merged.skills) == ["java", "sql", "esco:3"]
    assert merged["esco:3"] == Skill("esco:3", "Haskell", "ESCO", "esco", "http://e/3")
    assert merged.aliases == [
        ("Core Java", "java"),
        ("Java (computer programming)", "java"),
        ("Java programming", "java"),
        ("Haskell techniques", "esco:3"),
    ]


def test_merge_refuses_a_new_skill_whose_id_is_taken():
    base = Taxonomy([Skill("sql", "SQL", "Data")])
    with pytest.raises(TaxonomyError) as info:
        merge(base, Taxonomy([Skill("sql", "Structured data", "Data")]))
    assert str(info.value) == "Skill id clash: 'sql' (Structured data) is already used by 'SQL'"


def test_unknown_alias_target_is_an_error():
    with pytest.raises(TaxonomyError) as info:
        Taxonomy([Skill("a", "A", "x")], [("b", "b")])
    assert str(info.value) == "Alias for an unknown skill: 'b' -> 'b'"


# --- the shipped taxonomy (data/taxonomy/*.csv) ---------------------------------------------


def test_builtin_folder_is_found_next_to_the_package(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # the working directory must not matter
    assert BUILTIN_FOLDER.name == "taxonomy" and BUILTIN_FOLDER.parent.name == "data"
    assert len(load_builtin_taxonomy()) > 0


def test_shipped_taxonomy_has_at_least_2500_skills_with_unique_ids():
    taxonomy = load_builtin_taxonomy()  # raises on a duplicate id or a bad row
    assert len(taxonomy) >= 2500
    assert len(set(taxonomy.skills)) == len(taxonomy)


def test_shipped_taxonomy_has_no_form_shared_by_two_skills():
    conflicts = load_builtin_taxonomy().conflicts()
    assert conflicts.empty, conflicts.to_string()


def test_shipped_context_rules_name_shipped_forms_and_categories():
    taxonomy = load_builtin_taxonomy()
    forms = set(taxonomy.match_owners())
    categories = {CATEGORY_PREFIX + s.category for s in taxonomy}
    special = {EVERY_FORM, SENTENCE_CUES, EMPLOYER_NAME}
    unknown = [k for k in load_context_rules() if k not in forms | categories | special]
    assert unknown == []


def test_shipped_sentence_cues_are_no_skill_forms():
    # A cue that is also a skill's form is ignored by the extractor (the skill wins).
    forms = set(load_builtin_taxonomy().match_owners())
    cues = load_context_rules()[SENTENCE_CUES].cues
    assert sorted(key for key, _, _ in cues if key in forms) == []
    assert {context for _, context, _ in cues} == {
        "employer",
        "benefits",
        "equal_opportunity",
        "company",
    }


@pytest.mark.parametrize(
    ("form", "skill_id"),
    [
        ("Rails", "ruby-on-rails"), ("Tailwind", "tailwind-css"), ("Oracle", "oracle-database"),
        ("JEE", "jakarta-ee"), ("Vault", "hashicorp-vault"), ("Nomad", "hashicorp-nomad"),
        ("D3", "d3js"), ("Spring", "spring-framework"), ("Express", "expressjs"),
        ("Lambda", "aws-lambda"), ("Travis", "travis-ci"), ("ECS", "amazon-ecs"),
        ("Aurora", "amazon-aurora"), ("E2E", "end-to-end-testing"),
        # items of Hacker News stack lists that did not map before
        ("Ada", "ada-programming"), ("Boost", "boost-cpp"), ("Metal", "apple-metal"),
        ("Apollo", "apollo-graphql"), ("Packer", "hashicorp-packer"), ("Ray", "ray-framework"),
        ("Crystal", "crystal-language"), ("Nim", "nim-language"), ("Assembly", "assembly-language"),
        ("HL7", "hl7"), ("HL7 FHIR", "fhir"), ("Vue3", "vuejs"), ("SQLServer", "microsoft-sql-server"),
        ("ReactNative", "react-native"), ("gcloud", "google-cloud-platform"),
        ("StimulusJS", "hotwire"), ("RedwoodJS", "redwoodjs"), ("deck.gl", "deck-gl"),
        # Medicare the programme (its data, its rules) is not Medicare billing
        ("Medicare", "medicare"), ("Medicare claims", "medicare"), ("Medicaid", "medicaid"),
        ("Medicare billing", "medicare-billing"), ("Medicaid billing", "medicaid-billing"),
        # missed in 40 real postings read through by hand
        ("MLlib", "spark-mllib"), ("CWL", "common-workflow-language"), ("UML", "uml"),
        ("ScikitLearn", "scikit-learn"), ("data visualizations", "data-visualization"),
        ("ETLs", "etl"), ("data warehouses", "data-warehousing"), ("forecasting", "forecasting"),
    ],
)  # fmt: skip
def test_shipped_short_aliases(form, skill_id):
    assert load_builtin_taxonomy().lookup(form) == skill_id


def test_a_key_given_twice_in_the_rules_file_is_an_error(tmp_path):
    # PyYAML would keep the second require_case and drop the first without a word.
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - forms: [r]\n    require_case: [R]\n    require_case: [r]\n")
    with pytest.raises(TaxonomyError) as info:
        load_context_rules(path)
    message = str(info.value)
    assert message.startswith(f"Cannot read context rules: {path}: ")
    assert 'duplicate key "require_case" (first on line 3)' in message
    assert "line 4, column 5" in message


def test_rules_files_read_their_keys_unchanged(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("window: 40\nrules:\n  - forms: [r]\n    require_case: [R]\n")
    assert load_context_rules(path)["r"].require_case == frozenset({"R"})
