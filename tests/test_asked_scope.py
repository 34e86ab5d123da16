"""The "asked" skill scope: only mentions in sentences that ask something of the candidate
count as demand (analysis/skills/asked.py, analysis/skills/scope.py)."""

from __future__ import annotations

import json
import math
import pickle
import sys

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import store
from analysis.cli import main
from analysis.errors import WaypointError
from analysis.ingest.dispatch import refresh_skills
from analysis.ingest.postings import import_postings
from analysis.skills import sync
from analysis.skills.asked import (
    ASKED,
    NOT_ASKED,
    WEIGHTS_PATH,
    load_asked_model,
    not_asked,
    sentence_bounds,
)
from analysis.skills.extractor import Extractor
from analysis.skills.rules import load_context_rules
from analysis.skills.scope import set_skill_scope, skill_scope
from analysis.skills.sentence_context import SENTENCE_END
from analysis.skills.sync import extraction_version, extractor_for
from analysis.skills.taxonomy import TaxonomyError, load_builtin_taxonomy
from tests.test_app import app  # noqa: F401  (fixture)
from tests.test_cli import ROOT, run
from tests.test_sync import POSTINGS, add, skills_of

# A model whose arithmetic can be followed by hand: a sentence starts at logit -1, an "ask"
# word in it adds 2, "we" opening it takes 1 more, "team" in it 0.5, "you" in the sentence
# before adds 1.5; a sentence counts from probability 0.5, i.e. logit 0.
MODEL = """\
intercept: -1.0
threshold: 0.5
cue_words:
  ask: [experience, knowledge]
  duty: [build]
  we: [we, our]
weights:
  cues: {ask: 2.0, we_first: -1.0, duty: 1.25}
  sentence: {team: 0.5}
  previous: {you: 1.5}
"""


@pytest.fixture
def model(tmp_path):
    path = tmp_path / "asked.yaml"
    path.write_text(MODEL)
    return load_asked_model(path)


def test_sentence_bounds_split_as_the_employer_sentences_do():
    text = "Python. We use Go\nExperience with SQL | Docker...   C++"
    bounds = sentence_bounds(text)
    assert bounds == [0, 7, 18, 39, 52, 56]
    assert [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)] == [
        "Python.", " We use Go\n", "Experience with SQL |", " Docker...   ", "C++",
    ]  # fmt: skip
    # a sentence of blanks and end marks joins the end before; blanks opening the text go with
    # its first sentence
    assert sentence_bounds("Requirements.\n\n- Go\n") == [0, 15, 20, 21]
    assert sentence_bounds("\n\nHello. World") == [0, 8, 15]
    assert sentence_bounds("") == [0, 1]


def _bounds_by_regex(text: str) -> list[int]:
    """sentence_bounds written the obvious way, with sentence_context's own regex."""
    bounds = [0]
    for m in SENTENCE_END.finditer(text):
        if text[bounds[-1] : m.end()].strip(" \t\r\n\f\v|.!?"):
            bounds.append(m.end())
        elif len(bounds) > 1:
            bounds[-1] = m.end()
    return [*bounds, len(text) + 1]


@given(st.text(alphabet="ab .!?\n|\t\r", max_size=80))
def test_sentence_bounds_end_sentences_where_sentence_context_does(text):
    assert sentence_bounds(text) == _bounds_by_regex(text)


def test_features_and_logits_by_hand(model):
    text = "we build our team tools. experience with the team stack. you will build apis"
    bounds = sentence_bounds(text)
    assert model.features(text, bounds, 3) == {
        "s:we", "s:build", "s:our", "s:team", "s:tools",
        "cue:we_first", "cue:first_sentence", "cue:short",
    }  # fmt: skip
    # -1 (intercept) - 1 (we first) + 0.5 (team): "build" is a duty only when it opens
    assert model.logit(text, bounds, 3) == pytest.approx(-1.5)
    # -1 + 2 (ask) + 0.5 (team); the sentence before is "we build ..." (no "you")
    assert model.logit(text, bounds, 30) == pytest.approx(1.5)
    assert model.asked(text, bounds, 30) and not model.asked(text, bounds, 3)
    # -1 + 0 (the sentence before has no "you"): a duty verb does not open "you will build"
    assert model.logit(text, bounds, 70) == pytest.approx(-1.0)


def test_the_sentence_before_counts(model):
    text = "you join us.\nbuild pipelines in python"
    bounds = sentence_bounds(text)
    # -1 + 1.25 (a duty opens it) + 1.5 ("you" in the sentence before)
    assert model.logit(text, bounds, 30) == pytest.approx(1.75)


def test_not_asked_marks_hits_by_sentence_and_keeps_other_contexts(model):
    text = "we use kafka and go. experience with python. our team likes rust"
    hits = [(7, 12, 0), (17, 19, 1), (37, 43, 2), (60, 64, 3)]
    assert [text[s:e] for s, e, _ in hits] == ["kafka", "go", "python", "rust"]
    assert not_asked(model, text, hits, None) == [NOT_ASKED, NOT_ASKED, None, NOT_ASKED]
    given_contexts = ["benefits", None, None, None]
    assert not_asked(model, text, hits, given_contexts) == ["benefits", NOT_ASKED, None, NOT_ASKED]


def test_threshold_is_a_probability(tmp_path):
    path = tmp_path / "asked.yaml"
    path.write_text(MODEL.replace("threshold: 0.5", "threshold: 0.8"))
    m = load_asked_model(path)
    text = "experience with python"  # logit -1 + 2 = 1: probability 0.731
    bounds = sentence_bounds(text)
    assert 1 / (1 + math.exp(-m.logit(text, bounds, 0))) == pytest.approx(0.7311, abs=1e-4)
    assert not m.asked(text, bounds, 0)


@pytest.mark.parametrize(
    "change, problem",
    [
        (("threshold: 0.5", "threshold: 1.5"), "threshold outside (0, 1)"),
        (("cues: {", "cues: {title: 1.0, "), "unknown cues ['cue:title']"),
        (("intercept: -1.0\n", ""), "'intercept'"),
        (("weights:", "weight:"), "'weights'"),
    ],
)
def test_a_malformed_model_names_its_file(tmp_path, change, problem):
    path = tmp_path / "mine.yaml"
    path.write_text(MODEL.replace(*change))
    with pytest.raises(TaxonomyError) as exc:
        load_asked_model(path)
    assert str(exc.value) == f"Bad asked-skills model: mine.yaml: {problem}"


def test_the_built_in_model_loads_and_reads_clear_cases():
    extractor = Extractor(
        load_builtin_taxonomy(), {**load_context_rules(), ASKED: load_asked_model()}
    )
    text = (
        "Senior Engineer\n"
        "Requirements:\n"
        "5+ years of experience with Python and SQL.\n"
        "Strong knowledge of Kubernetes.\n"
        "The platform is built by the data team on Snowflake and dbt.\n"
        "We sell Salesforce consulting to banks."
    )
    found = [(m.text, m.context) for m in extractor.mentions(text, flagged=True)]
    assert found == [
        ("Python", None), ("SQL", None), ("Kubernetes", None),
        ("Snowflake", NOT_ASKED), ("dbt", NOT_ASKED),
        ("Salesforce", "company"),  # the employer's sentences are set aside in either scope
    ]  # fmt: skip


def test_the_scope_is_part_of_the_extractor_version():
    taxonomy = load_builtin_taxonomy()
    named, asked = extraction_version(taxonomy), extraction_version(taxonomy, asked=True)
    assert named != asked
    assert extractor_for(taxonomy).version == named
    assert extractor_for(taxonomy, asked=True).version == asked


def test_changing_the_scope_finds_skills_again_and_counts_less():
    con = store.connect(":memory:")
    add(con, POSTINGS + [("d", "Engineer", "2024-03-01",
                          "The platform is built by the data team on Snowflake. Experience with Python "
                          "required.", None)])  # fmt: skip
    assert skill_scope(con) == "named"
    assert sync.extract_pending(con) == 4
    named = skills_of(con)
    assert named["d"] == ["python", "snowflake"]
    assert set_skill_scope(con, "asked") is True
    assert set_skill_scope(con, "asked") is False  # already so: nothing waits
    assert sync.pending_count(con) == 4
    assert sync.extract_pending(con) == 4
    assert skills_of(con)["d"] == ["python"]
    assert sync.pending_count(con) == 0
    assert set_skill_scope(con, "named") is True
    sync.extract_pending(con)
    assert skills_of(con) == named
    with pytest.raises(WaypointError, match="Unknown skill scope: 'all': choose named or asked"):
        set_skill_scope(con, "all")
    con.close()


def test_the_command_line_shows_and_sets_the_scope(tmp_path, fixtures_dir, capsys):
    db = str(tmp_path / "w.duckdb")  # in-process: five interpreters would take 14 s
    assert (
        main(["--db", db, "import", "postings", str(fixtures_dir / "postings" / "jobspy.csv")]) == 0
    )
    capsys.readouterr()
    assert main(["--db", db, "skills", "scope"]) == 0
    assert capsys.readouterr().out == (
        "Skills counted as demand: every skill a posting names (scope named).\n"
    )
    assert main(["--db", db, "status"]) == 0
    assert "skills counted" not in capsys.readouterr().out
    assert main(["--db", db, "skills", "scope", "asked"]) == 0
    assert capsys.readouterr().out.endswith(
        "Skills counted as demand: only what a posting asks of the candidate (scope asked). "
        "Postings read again.\n"
    )
    assert main(["--db", db, "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["skill_scope"], status["skills_pending"]) == ("asked", 0)
    assert main(["--db", db, "status"]) == 0
    assert "  skills counted: only what a posting asks of the candidate (`skills scope`)\n" in (
        capsys.readouterr().out
    )
    with pytest.raises(SystemExit) as bad:
        main(["--db", db, "skills", "scope", "all"])
    assert bad.value.code == 2 and "invalid choice: 'all'" in capsys.readouterr().err


def test_extract_on_the_command_line_takes_a_scope():
    text = "The data team maintains our Kafka and Airflow stack. Experience with Python required.\n"
    named = run("skills", "extract", "-", stdin=text)
    assert [json.loads(line)["skill_id"] for line in named.stdout.splitlines()] == [
        "apache-kafka", "apache-airflow", "python",
    ]  # fmt: skip
    asked = run("skills", "extract", "-", "--scope", "asked", "--flagged", stdin=text)
    assert [(r["skill_id"], r["context"]) for r in map(json.loads, asked.stdout.splitlines())] == [
        ("apache-kafka", NOT_ASKED),
        ("apache-airflow", NOT_ASKED),
        ("python", None),
    ]


_ASKED_EXTRACTOR = Extractor(
    load_builtin_taxonomy(), {**load_context_rules(), ASKED: load_asked_model()}
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["a", " ", ".", "\n", "|", ":", "-", "we ", "Python ", "experience ", "our "]
        ),
        max_size=60,
    ).map("".join)
)
def test_asked_scope_never_crashes_and_spans_are_slices(text):
    flagged = _ASKED_EXTRACTOR.mentions(text, flagged=True)
    counted = _ASKED_EXTRACTOR.mentions(text)
    assert all(text[m.start : m.end] == m.text for m in flagged)
    assert counted == [m for m in flagged if m.context is None]


def test_the_market_page_changes_the_scope(app, fixtures_dir):  # noqa: F811
    con = store.connect(app.db)
    import_postings(con, fixtures_dir / "postings" / "jobspy.csv")
    refresh_skills(con)
    named = skills_of(con)
    con.close()
    at = app("pages/market.py")
    assert not at.exception, [e.value for e in at.exception]
    assert at.expander[0].label == "Counting every skill a posting names. Change what counts"
    choice = next(r for r in at.radio if r.label == "Count as demand")
    assert choice.value == "named"
    apply = next(b for b in at.button if b.label == "Count this way")
    assert apply.disabled
    choice.set_value("asked").run()
    next(b for b in at.button if b.label == "Count this way").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == [
        "Skills found again, counting only what a posting asks of the candidate."
    ]
    assert at.expander[0].label == (
        "Counting only what a posting asks of the candidate. Change what counts"
    )
    con = store.connect(app.db, read_only=True)
    assert (skill_scope(con), sync.pending_count(con)) == ("asked", 0)
    asked = skills_of(con)
    assert asked != named
    assert all(set(asked.get(p, [])) <= set(found) for p, found in named.items())
    con.close()


def test_the_shipped_weights_are_what_the_training_script_learns(datasets):
    train = datasets / "skillspan" / "json" / "train.json"
    if not train.is_file():
        pytest.skip(f"{train} is absent: the weights cannot be learned again here")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from train_asked_weights import learn
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    said: list[str] = []
    learned, shipped = learn(train, said.append), yaml.safe_load(WEIGHTS_PATH.read_text())
    assert said[-2] == "chosen: C 0.1, threshold 0.6 (precision 0.851, recall 0.608)"
    assert (learned["threshold"], learned["cue_words"]) == (
        shipped["threshold"],
        shipped["cue_words"],
    )
    # Weights are written to 4 decimals: another CPU may round the last one the other way.
    assert learned["intercept"] == pytest.approx(shipped["intercept"], abs=1e-3)
    for part, weights in shipped["weights"].items():
        assert learned["weights"][part] == pytest.approx(weights, abs=1e-3), part


def test_the_asked_extractor_travels_to_a_process_pool():
    """Large imports find skills in worker processes: the model goes with the extractor."""
    extractor = extractor_for(load_builtin_taxonomy(), asked=True)
    copy = pickle.loads(pickle.dumps(extractor))
    text = "The platform is built by the data team on Snowflake.\nExperience with Python."
    assert [(m.text, m.context) for m in copy.mentions(text, flagged=True)] == [
        ("Snowflake", NOT_ASKED), ("Python", None),
    ]  # fmt: skip
    assert copy.version == extractor.version
