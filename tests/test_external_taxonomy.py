"""ESCO, O*NET and custom-CSV importers, on small fixtures written like the real files."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.skills.external import read_custom_csv, read_esco_skills, read_onet_technology_skills
from analysis.skills.extractor import Extractor
from analysis.skills.taxonomy import Skill, Taxonomy, TaxonomyError, load_builtin_taxonomy, merge

ESCO = (
    "conceptType,conceptUri,preferredLabel,status,skillType,reuseLevel,altLabels,description,"
    "broaderConceptUri,broaderConceptPT\n"
    "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/aaa-1,Haskell,released,knowledge,"
    'sector-specific,Haskell techniques,"The techniques of Haskell,\nover two lines.",'
    "http://x/1 | http://x/2,computer programming | software and applications development\n"
    "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/bbb-2,Java (computer programming),"
    'released,knowledge,sector-specific,"Java programming\nJava techniques",,,\n'
    "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/ccc-3,use spreadsheets software,"
    "released,skill/competence,cross-sector,use spreadsheets | work with spreadsheets,,,"
    "digital data processing\n"
)

ONET = (
    "O*NET-SOC Code,Title,Example,Commodity Code,Commodity Title,Hot Technology,In Demand\n"
    "11-1011.00,Chief Executives,Microsoft Excel,43232110,Spreadsheet software,Y,Y\n"
    "11-1021.00,General and Operations Managers,Microsoft Excel,43232110,Spreadsheet software,Y,N\n"
    "15-1252.00,Software Developers,Python,43232405,Object or component oriented development software,Y,N\n"
    "15-1252.00,Software Developers,C++,43232405,Object or component oriented development software,Y,Y\n"
    "15-2041.00,Statisticians,C++,43232605,Analytical or scientific software,Y,N\n"
    "15-2041.00,Statisticians,C++,43232605,Analytical or scientific software,Y,N\n"
    '15-2041.00,Statisticians,"C+ +",43232605,Analytical or scientific software,N,N\n'
)


@pytest.fixture
def esco_file(tmp_path):
    path = tmp_path / "digitalSkillsCollection_en.csv"
    path.write_text(ESCO, encoding="utf-8")
    return path


@pytest.fixture
def onet_file(tmp_path):
    path = tmp_path / "Technology Skills.csv"
    path.write_text(ONET, encoding="utf-8")
    return path


def test_esco_skills(esco_file):
    taxonomy = read_esco_skills(esco_file)
    assert list(taxonomy) == [
        Skill("esco:aaa-1", "Haskell", "computer programming", "esco", "http://data.europa.eu/esco/skill/aaa-1"),
        Skill("esco:bbb-2", "Java (computer programming)", "ESCO", "esco", "http://data.europa.eu/esco/skill/bbb-2"),
        Skill("esco:ccc-3", "use spreadsheets software", "digital data processing", "esco",
              "http://data.europa.eu/esco/skill/ccc-3"),
    ]  # fmt: skip
    assert taxonomy.aliases == [
        ("Haskell techniques", "esco:aaa-1"),
        ("Java programming", "esco:bbb-2"),  # newline-separated
        ("Java techniques", "esco:bbb-2"),
        ("use spreadsheets", "esco:ccc-3"),  # " | "-separated
        ("work with spreadsheets", "esco:ccc-3"),
    ]


def test_esco_category_override(esco_file):
    assert {s.category for s in read_esco_skills(esco_file, category="Digital")} == {"Digital"}


def test_esco_merges_into_our_java_and_is_found_by_the_extractor(esco_file):
    base = Taxonomy([Skill("java", "Java", "Software development")])
    merged = merge(base, read_esco_skills(esco_file))
    assert list(merged.skills) == ["java", "esco:aaa-1", "esco:ccc-3"]
    mentions = Extractor(merged, rules={}).mentions(
        "Java programming and Haskell techniques; use spreadsheets"
    )
    assert [(m.skill_id, m.text) for m in mentions] == [
        ("java", "Java programming"),
        ("esco:aaa-1", "Haskell techniques"),
        ("esco:ccc-3", "use spreadsheets"),
    ]


def test_onet_merges_into_our_excel_by_its_alias(onet_file):
    # "Microsoft Excel" is an alias of our Excel, not a name: it must join Excel, not sit
    # beside it as a second skill.
    base = Taxonomy(
        [Skill("excel", "Excel", "Data & analytics"), Skill("python", "Python", "Software")],
        [("MS Excel", "excel"), ("Microsoft Excel", "excel")],
    )
    taxonomy, _ = read_onet_technology_skills(onet_file)
    merged = merge(base, taxonomy)
    assert list(merged.skills) == ["excel", "python", "onet:cplus-plus", "onet:cpp"]
    assert merged.aliases == [("MS Excel", "excel"), ("Microsoft Excel", "excel")]
    assert merged.lookup("Microsoft Excel") == "excel"
    mentions = Extractor(merged, rules={}).mentions("Microsoft Excel, Python and C++")
    assert [(m.skill_id, m.text) for m in mentions] == [
        ("excel", "Microsoft Excel"),
        ("python", "Python"),
        ("onet:cpp", "C++"),
    ]


def test_merge_by_alias_prefers_a_name_then_the_lower_id():
    base = Taxonomy(
        [
            Skill("b-sheets", "Sheets", "Data"),
            Skill("a-calc", "Calc", "Data"),
            Skill("spreadsheets", "Spreadsheets", "Data"),
        ],
        [("spreadsheet tool", "b-sheets"), ("spreadsheet tool", "a-calc"),
         ("Sheets", "spreadsheets")],
    )  # fmt: skip
    extra = Taxonomy(
        [
            Skill("x:1", "Spreadsheet tool (office)", "X", "custom"),  # alias of two: lower id
            Skill("x:2", "sheets", "X", "custom"),  # a name of one, an alias of another: the name
            Skill("x:3", "Spreadsheet", "X", "custom"),  # no plural folding: a new skill
        ],
        [("spreadsheet app", "x:1")],
    )
    merged = merge(base, extra)
    assert list(merged.skills) == ["b-sheets", "a-calc", "spreadsheets", "x:3"]
    assert merged.aliases == [
        ("spreadsheet tool", "b-sheets"),
        ("spreadsheet tool", "a-calc"),
        ("Sheets", "spreadsheets"),
        ("Spreadsheet tool (office)", "a-calc"),
        ("spreadsheet app", "a-calc"),
    ]


def test_real_onet_excel_joins_the_builtin_excel(datasets):
    taxonomy, _ = read_onet_technology_skills(datasets / "onet_29.2" / "Technology Skills.csv")
    merged = merge(load_builtin_taxonomy(), taxonomy)
    assert "onet:microsoft-excel" not in merged
    assert merged.lookup("Microsoft Excel") == "excel"


def test_esco_missing_columns(tmp_path):
    path = tmp_path / "esco.csv"
    path.write_text("uri,label\nx,y\n", encoding="utf-8")
    with pytest.raises(TaxonomyError) as info:
        read_esco_skills(path)
    assert str(info.value) == (
        "Not the expected taxonomy file: esco.csv, line 1: missing column(s) conceptUri, preferredLabel"
    )


def test_esco_empty_label_names_the_line(tmp_path):
    path = tmp_path / "esco.csv"
    path.write_text('conceptUri,preferredLabel\nhttp://e/1,"A"\nhttp://e/2,\n', encoding="utf-8")
    with pytest.raises(TaxonomyError) as info:
        read_esco_skills(path)
    assert str(info.value) == "Bad ESCO row: esco.csv, line 3: empty preferredLabel"


def test_onet_technology_skills(onet_file):
    taxonomy, signals = read_onet_technology_skills(onet_file)
    assert list(taxonomy) == [
        Skill("onet:cplus-plus", "C+ +", "Analytical or scientific software", "onet"),
        Skill("onet:cpp", "C++", "Analytical or scientific software", "onet"),  # 2 of 3 rows
        Skill("onet:microsoft-excel", "Microsoft Excel", "Spreadsheet software", "onet"),
        Skill("onet:python", "Python", "Object or component oriented development software", "onet"),
    ]
    pd.testing.assert_frame_equal(
        signals,
        pd.DataFrame(
            {
                "skill_id": pd.Series(
                    ["onet:cplus-plus", "onet:cpp", "onet:microsoft-excel", "onet:python"],
                    dtype="str",
                ),
                "name": pd.Series(["C+ +", "C++", "Microsoft Excel", "Python"], dtype="str"),
                "hot_technology": [False, True, True, True],
                "in_demand": [False, True, True, False],
                "occupations": pd.Series([1, 2, 2, 1], dtype="int64"),
                "in_demand_occupations": pd.Series([0, 1, 1, 0], dtype="int64"),
            }
        ),
    )


def test_onet_slug_collisions_get_a_suffix(tmp_path):
    path = tmp_path / "t.csv"
    rows = "".join(f"1,T,{name},1,Software,N,N\n" for name in ["SAP-ERP", "SAP ERP", "SAP/ERP"])
    path.write_text(
        "O*NET-SOC Code,Title,Example,Commodity Code,Commodity Title,Hot Technology,In Demand\n"
        + rows,
        encoding="utf-8",
    )
    taxonomy, _ = read_onet_technology_skills(path)
    assert [(s.skill_id, s.name) for s in taxonomy] == [
        ("onet:sap-erp", "SAP ERP"),
        ("onet:sap-erp-2", "SAP-ERP"),
        ("onet:sap-erp-3", "SAP/ERP"),
    ]


def test_onet_wrong_file(tmp_path):
    path = tmp_path / "Occupation Data.csv"
    path.write_text("O*NET-SOC Code,Title,Description\n1,T,D\n", encoding="utf-8")
    with pytest.raises(TaxonomyError) as info:
        read_onet_technology_skills(path)
    assert str(info.value) == (
        "Not the expected taxonomy file: Occupation Data.csv, line 1: missing column(s) Example, "
        "Commodity Code, Commodity Title, Hot Technology, In Demand"
    )


def test_custom_csv(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "skill_id,name,category,aliases\nmy-tool,My Tool,Internal,MT | mytool\n", encoding="utf-8"
    )
    taxonomy = read_custom_csv(path)
    assert list(taxonomy) == [Skill("my-tool", "My Tool", "Internal", "custom", None)]
    assert taxonomy.aliases == [("MT", "my-tool"), ("mytool", "my-tool")]


def test_missing_file(tmp_path):
    with pytest.raises(TaxonomyError) as info:
        read_esco_skills(tmp_path / "nope.csv")
    assert str(info.value).startswith("Cannot read taxonomy file: ")


# --- the real published files, read in place when the shared datasets are present -------------


def test_real_esco_digital_collection(datasets):
    taxonomy = read_esco_skills(datasets / "esco_1.2.0" / "digitalSkillsCollection_en.csv")
    assert len(taxonomy) == 1284
    assert all(s.external_id.startswith("http://data.europa.eu/esco/skill/") for s in taxonomy)


def test_real_onet_technology_skills(datasets):
    taxonomy, signals = read_onet_technology_skills(
        datasets / "onet_29.2" / "Technology Skills.csv"
    )
    assert len(taxonomy) == len(signals) == 8768
    excel = signals.set_index("name").loc["Microsoft Excel"]
    assert bool(excel.hot_technology) and bool(excel.in_demand)
