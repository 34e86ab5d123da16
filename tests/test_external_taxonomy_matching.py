"""What an imported taxonomy may add: ESCO files that are not skills are refused; names or
aliases the case-folding extractor cannot match safely ("IT", the bare "Source" of "Source
(digital game creation systems)", ESCO's and O*NET's ordinary words such as "design" and
"Forth") are left out, and acronyms that read as words ("CALL", "LESS") are matched only as
written."""

from __future__ import annotations

import pytest

from analysis.skills import additions, sync
from analysis.skills.external import (
    left_out,
    matchable,
    ordinary_word,
    read_custom_csv,
    read_esco_skills,
    read_onet_technology_skills,
)
from analysis.skills.extractor import Extractor
from analysis.skills.taxonomy import Skill, Taxonomy, TaxonomyError, merge

ESCO_HEADER = (
    "conceptType,conceptUri,preferredLabel,status,skillType,reuseLevel,altLabels,description,"
    "broaderConceptUri,broaderConceptPT\n"
)


def _esco_row(uuid: str, label: str, alt_labels: str = "") -> str:
    return (
        f"KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/{uuid},{label},released,"
        f'knowledge,sector-specific,"{alt_labels}",,,digital\n'
    )


ESCO = ESCO_HEADER + "".join(
    [
        _esco_row("call", "Computer Assisted Language Learning", "CALL"),
        _esco_row("source", "Source (digital game creation systems)", "Source 2 | Source"),
        _esco_row("it", "computer technology", "IT\ninformation technology"),
        _esco_row("less", "LESS"),
        _esco_row("cctv", "closed-circuit television", "CCTV | PRINCE2 | cT"),
        _esco_row("matlab", "MATLAB", "MATLAB programming"),
    ]
)

TEXT = (
    "Please CALL or call 1-800-555-0100. We build open-source tools, Source 2 mods and less "
    "paperwork: it pays. LESS, IT and information technology; CCTV and PRINCE2; MATLAB."
)


@pytest.fixture
def esco_file(tmp_path):
    path = tmp_path / "digitalSkillsCollection_en.csv"
    path.write_text(ESCO, encoding="utf-8")
    return path


BASE = Taxonomy([Skill("matlab", "MATLAB", "Data")])


def _found(extra: Taxonomy, text: str = TEXT) -> list[tuple[str, str]]:
    merged = merge(BASE, matchable(extra, BASE))
    rules = sync.imported_case_rules(merged, {})
    return [(m.skill_id, m.text) for m in Extractor(merged, rules=rules).mentions(text)]


def test_esco_forms_the_extractor_cannot_match_safely_are_left_out(esco_file):
    read = read_esco_skills(esco_file)
    assert len(read) == 6 and len(read.aliases) == 9  # the reader keeps everything
    taxonomy = matchable(read, BASE)
    # MATLAB, a form ours has, stays (and joins our MATLAB when merged).
    assert list(taxonomy.skills) == [
        "esco:call", "esco:source", "esco:it", "esco:less", "esco:cctv", "esco:matlab",
    ]  # fmt: skip
    assert taxonomy.aliases == [
        ("CALL", "esco:call"),
        ("Source 2", "esco:source"),
        ("information technology", "esco:it"),
        ("CCTV", "esco:cctv"),
        ("PRINCE2", "esco:cctv"),
        ("MATLAB programming", "esco:matlab"),
    ]
    # "CALL" and "LESS" as written only: not "call", "less" (nor "IT", "it", "open-source")
    assert _found(read) == [
        ("esco:call", "CALL"),
        ("esco:source", "Source 2"),
        ("esco:less", "LESS"),
        ("esco:it", "information technology"),
        ("esco:cctv", "CCTV"),
        ("esco:cctv", "PRINCE2"),
        ("matlab", "MATLAB"),
    ]


def test_before_matchable_they_match_ordinary_words(esco_file):
    # What the import used to store: "call", "source", "less", "it" all counted.
    merged = merge(BASE, read_esco_skills(esco_file))
    found = [m.text for m in Extractor(merged, rules={}).mentions(TEXT)]
    assert found[:4] == ["CALL", "call", "source", "Source 2"]


def test_onet_examples_that_read_as_words_are_left_out_but_keep_their_signals(tmp_path):
    path = tmp_path / "Technology Skills.csv"
    rows = "".join(
        f"15-2041.00,Statisticians,{name},43232605,Analytical or scientific software,Y,N\n"
        for name in ["REDUCE", "FFTW", "CP2K", "J"]
    )
    path.write_text(
        "O*NET-SOC Code,Title,Example,Commodity Code,Commodity Title,Hot Technology,In Demand\n"
        + rows,
        encoding="utf-8",
    )
    taxonomy, signals = read_onet_technology_skills(path)
    assert [s.name for s in matchable(taxonomy, BASE)] == ["CP2K", "FFTW", "REDUCE"]
    assert signals["name"].tolist() == ["CP2K", "FFTW", "J", "REDUCE"]
    assert _found(taxonomy, "Reduce costs with CP2K, FFTW, REDUCE and j.") == [
        ("onet:cp2k", "CP2K"),
        ("onet:fftw", "FFTW"),
        ("onet:reduce", "REDUCE"),
    ]


def test_custom_csv_forms_are_checked_the_same_way(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "skill_id,name,category,aliases\n"
        "my-tool,My Tool,Internal,MT | mytool | TOOL\n"
        "engine,Source (game engine),Games,Source | Source SDK\n"
        "less,LESS,Web,LESS CSS\n",
        encoding="utf-8",
    )
    taxonomy = matchable(read_custom_csv(path), BASE)
    assert list(taxonomy) == [
        Skill("my-tool", "My Tool", "Internal", "custom"),
        Skill("engine", "Source (game engine)", "Games", "custom"),
        Skill("less", "LESS", "Web", "custom"),
    ]
    assert taxonomy.aliases == [
        ("mytool", "my-tool"), ("TOOL", "my-tool"), ("Source SDK", "engine"), ("LESS CSS", "less"),
    ]  # fmt: skip
    assert _found(read_custom_csv(path), "My Tool, mt, a tool, open source and the Source SDK") == [
        ("my-tool", "My Tool"),
        ("engine", "Source SDK"),
    ]


# --- ESCO files that list something other than skills -----------------------------------------

OCCUPATIONS = (
    "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,"
    "regulatedProfessionNote,scopeNote,definition,inScheme,description,code\n"
    "Occupation,http://data.europa.eu/esco/occupation/psy-1,5161,psychic,"
    '"medium\nclairvoyant",,released,,,,,,,5161.3\n'
)
SKILL_GROUPS = (
    "conceptType,conceptUri,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,scopeNote,"
    "inScheme,description,code\n"
    "SkillGroup,http://data.europa.eu/esco/isced-f/00,generic programmes and qualifications,,,"
    "released,,,,,00\n"
)
INSTEAD = (
    "import skills_en.csv or a skill collection such as digitalSkillsCollection_en.csv instead"
)


@pytest.mark.parametrize(
    ("file_name", "text", "detail"),
    [
        (
            "occupations_en.csv",
            OCCUPATIONS,
            "occupations_en.csv, line 2: conceptType Occupation: the file lists ESCO occupations"
            f" (job titles), not skills; {INSTEAD}",
        ),
        (
            "skillGroups_en.csv",
            SKILL_GROUPS,
            "skillGroups_en.csv, line 2: conceptType SkillGroup: the file lists ESCO skill groups"
            f" (the headings of its skills hierarchy), not skills; {INSTEAD}",
        ),
        (
            "concepts.csv",
            OCCUPATIONS.replace("Occupation,", "ISCOGroup,"),
            "concepts.csv, line 2: conceptType ISCOGroup: the file lists something other than"
            f" ESCO skills (KnowledgeSkillCompetence); {INSTEAD}",
        ),
        (
            "jobs.csv",  # no conceptType column: the occupation URI tells
            "conceptUri,preferredLabel\nhttp://data.europa.eu/esco/occupation/psy-1,psychic\n",
            "jobs.csv, line 2: an occupation URI: the file lists ESCO occupations (job titles),"
            f" not skills; {INSTEAD}",
        ),
    ],
)
def test_esco_files_that_are_not_skills_are_refused(tmp_path, file_name, text, detail):
    path = tmp_path / file_name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError) as info:
        read_esco_skills(path)
    assert (info.value.title, info.value.detail) == ("Not an ESCO skills file", detail)


@pytest.mark.parametrize("file_name", ["occupations_en.csv", "skillGroups_en.csv"])
def test_real_esco_non_skill_files_are_refused(datasets, file_name):
    with pytest.raises(TaxonomyError) as info:
        read_esco_skills(datasets / "esco_1.2.0" / file_name)
    assert info.value.title == "Not an ESCO skills file"
    assert info.value.detail.startswith(f"{file_name}, line 2: conceptType ")


@pytest.mark.parametrize(
    ("file_name", "skills"),
    [
        ("digCompSkillsCollection_en.csv", 25),
        ("digitalSkillsCollection_en.csv", 1284),
        ("greenSkillsCollection_en.csv", 591),
        ("languageSkillsCollection_en.csv", 359),
        ("researchSkillsCollection_en.csv", 40),
        ("transversalSkillsCollection_en.csv", 95),
    ],
)
def test_real_esco_skill_collections_are_read(datasets, file_name, skills):
    taxonomy = read_esco_skills(datasets / "esco_1.2.0" / file_name)
    assert len(taxonomy) == skills


def test_real_esco_digital_collection_finds_no_call_it_or_source(datasets):
    taxonomy = read_esco_skills(datasets / "esco_1.2.0" / "digitalSkillsCollection_en.csv")
    text = "Please call us: it is open-source, less work. IT support; CCTV."
    merged = merge(Taxonomy(), matchable(taxonomy, Taxonomy()))
    rules = sync.imported_case_rules(merged, {})
    assert [m.text for m in Extractor(merged, rules=rules).mentions(text)] == ["CCTV"]


def test_import_stores_esco_as_published_and_matches_only_what_is_safe(empty_workspace, esco_file):
    con = empty_workspace
    result = additions.import_external_taxonomy(con, esco_file, "esco", extract=False)
    assert (result.skills, result.left_out) == (6, ["Source", "IT", "cT"])
    stored = con.execute("SELECT alias FROM user_skill_aliases ORDER BY alias").fetchall()
    assert [a for (a,) in stored] == [
        "CALL", "CCTV", "IT", "MATLAB programming", "PRINCE2", "Source", "Source 2", "cT",
        "information technology",
    ]  # fmt: skip
    assert [f for f, _, _ in sync.active_taxonomy(con).surface_forms() if f in ("IT", "cT")] == []
    # the workspace's extractor matches its acronyms as written
    extractor = sync.extractor_for(sync.active_taxonomy(con))
    assert [m.text for m in extractor.mentions("Call us about CALL and less LESS.")] == [
        "CALL", "LESS",
    ]  # fmt: skip
    assert sync.active_taxonomy(con).lookup("MATLAB programming") == "matlab"  # our MATLAB


# --- ordinary words in ESCO and O*NET -----------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "ordinary"),
    [
        ("design", True), ("Forth", True), ("Act!", True), ("Email", True), ("chips", True),
        ("formulas", True), ("guides", True),
        # disciplines and technical words, and plurals that are no plural of a listed word
        ("database", False), ("algorithms", False), ("robotics", False), ("marketing", False),
        ("sales", False), ("statistics", False), ("electronics", False), ("Google", False),
        # no one word
        ("design thinking", False), ("C++", False), ("e-mail", False),
    ],
)  # fmt: skip
def test_ordinary_word(form, ordinary):
    assert ordinary_word(form) is ordinary


ORDINARY_ESCO = ESCO_HEADER + "".join(
    [
        _esco_row("creative", "think creatively", "design | design thinking"),
        _esco_row("lead", "lead others", "lead | direct others"),
        _esco_row("plan", "plan", "plan activities"),
        _esco_row("algorithms", "algorithms", "algorithm"),
        _esco_row("call", "Computer Assisted Language Learning", "CALL"),
        _esco_row("swift", "Swift (computer programming)", "Swift"),
    ]
)
ORDINARY_TEXT = (
    "Lead the design of plans; direct others in design thinking. We plan activities around "
    "algorithms, call CALL, and write Swift."
)


def test_esco_and_onet_ordinary_words_are_not_looked_for(tmp_path):
    path = tmp_path / "transversalSkillsCollection_en.csv"
    path.write_text(ORDINARY_ESCO, encoding="utf-8")
    base = Taxonomy([Skill("swift", "Swift", "Software")])
    read = read_esco_skills(path)
    kept = matchable(read, base)
    # "plan" is the name of its skill: the skill goes, with its aliases; "Swift" is ours.
    assert list(kept.skills) == [
        "esco:creative", "esco:lead", "esco:algorithms", "esco:call", "esco:swift",
    ]  # fmt: skip
    assert left_out(read, kept) == ["plan", "design", "lead", "plan activities"]
    merged = merge(base, kept)
    rules = sync.imported_case_rules(merged, {})
    found = [(m.skill_id, m.text) for m in Extractor(merged, rules=rules).mentions(ORDINARY_TEXT)]
    assert found == [
        ("esco:lead", "direct others"),
        ("esco:creative", "design thinking"),
        ("esco:algorithms", "algorithms"),
        ("esco:call", "CALL"),
        ("swift", "Swift"),
    ]


def test_onet_products_named_by_ordinary_words_are_not_looked_for(tmp_path):
    path = tmp_path / "Technology Skills.csv"
    rows = "".join(
        f"15-1252.00,Software Developers,{name},43232605,Development software,N,N\n"
        for name in ["Forth", "Dig", "Analyze", "Google Analytics", "Ghidra"]
    )
    path.write_text(
        "O*NET-SOC Code,Title,Example,Commodity Code,Commodity Title,Hot Technology,In Demand\n"
        + rows,
        encoding="utf-8",
    )
    taxonomy, _ = read_onet_technology_skills(path)
    assert [s.name for s in matchable(taxonomy, BASE)] == ["Ghidra", "Google Analytics"]
    assert _found(taxonomy, "Dig into logs, analyze them and so forth, with Ghidra.") == [
        ("onet:ghidra", "Ghidra"),
    ]


def test_a_custom_skill_may_be_an_ordinary_word(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("skill_id,name,category,aliases\nmy-design,Design,Craft,lead\n",
                    encoding="utf-8")  # fmt: skip
    assert _found(read_custom_csv(path), "Design and lead.") == [
        ("my-design", "Design"), ("my-design", "lead"),
    ]  # fmt: skip


def test_a_workspace_imported_before_keeps_its_forms_but_stops_counting_them(
    empty_workspace, tmp_path
):
    """Stored as published; the words list decides when the workspace is read, so a workspace
    imported before the list grew re-counts its postings without "design"."""
    con = empty_workspace
    path = tmp_path / "transversalSkillsCollection_en.csv"
    path.write_text(ORDINARY_ESCO, encoding="utf-8")
    result = additions.import_external_taxonomy(con, path, "esco", extract=False)
    assert (result.skills, result.left_out) == (6, ["plan", "design", "lead", "plan activities"])
    assert result.summary() == (
        "Imported 6 skills from transversalSkillsCollection_en.csv (esco). 4 of its names and "
        "aliases are not looked for in postings, because they read as ordinary words or are too "
        "short to tell apart: “plan”, “design”, “lead”, “plan activities”. Add any you need as "
        "your own skill."
    )
    stored = {a for (a,) in con.execute("SELECT alias FROM user_skill_aliases").fetchall()}
    assert {"design", "lead", "plan activities"} <= stored
    raw = merge(sync.builtin_taxonomy(), sync.user_taxonomy(con))
    assert sync.extraction_version(raw) != sync.extraction_version(sync.active_taxonomy(con))
    assert sync.active_taxonomy(con).lookup("design") != "esco:creative"
