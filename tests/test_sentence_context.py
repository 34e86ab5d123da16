"""Sentences about the employer (sentence_context) and the precision rules added with them.

Mentions in a sentence that describes the company, what it offers or its equal-opportunity
statement keep their evidence (`mentions(text, flagged=True)`, `Mention.context`) but are not
returned by default nor counted as demand. Titles, stack lists and requirements are untouched.
"""

from __future__ import annotations

import io
import json
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.skills.batch import extract_counts
from analysis.skills.cli import extract_command
from analysis.skills.extractor import Extractor, Mention
from analysis.skills.phrases import _TOKEN, WordSet
from analysis.skills.rules import parse_context_rules
from analysis.skills.sentence_context import SENTENCE_CUES, SentenceCues, cue_spans
from analysis.skills.taxonomy import Skill, Taxonomy, TaxonomyError, load_builtin_taxonomy


def small_taxonomy() -> Taxonomy:
    skills = [
        Skill("aws", "Amazon Web Services", "Cloud"),
        Skill("azure", "Microsoft Azure", "Cloud"),
        Skill("docker", "Docker", "Cloud"),
        Skill("kubernetes", "Kubernetes", "Cloud"),
        Skill("containerization", "Containerization", "Cloud"),
        Skill("python", "Python", "Software"),
        Skill("java", "Java", "Software"),
        Skill("oracle-database", "Oracle Database", "Data"),
        Skill("genetics", "Genetics", "Science"),
        Skill("health-insurance", "Health insurance", "Business & finance"),
        Skill("organizational-culture", "Organizational culture", "Management"),
        Skill("software-engineering", "Software engineering", "Software development"),
        Skill("artificial-intelligence", "Artificial intelligence", "AI"),
    ]
    aliases = [
        ("AWS", "aws"), ("Azure", "azure"), ("Oracle", "oracle-database"),
        ("company culture", "organizational-culture"), ("containers", "containerization"),
        ("AI", "artificial-intelligence"),
    ]  # fmt: skip
    return Taxonomy(skills, aliases)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(small_taxonomy())  # the shipped rules


def found(extractor: Extractor, text: str, flagged: bool = False) -> list[tuple]:
    return [
        (m.skill_id, m.start, m.end, m.text) + ((m.context,) if flagged else ())
        for m in extractor.mentions(text, flagged=flagged)
    ]


# --- the shipped cues: employer, benefits, equal opportunity ----------------------------------

PARTNER = (
    "We are a Microsoft Gold Partner and an AWS Premier Consulting Partner.\n"
    "You will build services on AWS with Python."
)


def test_partnership_sentence_is_flagged_not_counted(extractor):
    assert found(extractor, PARTNER) == [("aws", 98, 101, "AWS"), ("python", 107, 113, "Python")]
    assert found(extractor, PARTNER, flagged=True) == [
        ("aws", 39, 42, "AWS", "employer"),
        ("aws", 98, 101, "AWS", None),
        ("python", 107, 113, "Python", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # employer: its leadership, partnerships, clients, awards, history
        ("We are leaders in implementing and supporting Oracle, Azure and AWS technologies. "
         "Experience with Oracle databases.",
         [("azure", 54, 59, "Azure", "employer"), ("aws", 64, 67, "AWS", "employer"),
          ("oracle-database", 98, 104, "Oracle", None)]),
        ("Acme is a global leader in Python tooling.", [("python", 27, 33, "Python", "employer")]),
        ("Acme is the leading provider of Docker hosting",
         [("docker", 32, 38, "Docker", "employer")]),
        ("Our clients include Docker and Java shops.",
         [("docker", 20, 26, "Docker", "employer"), ("java", 31, 35, "Java", "employer")]),
        ("An award-winning Java consultancy! You know Java.",
         [("java", 17, 21, "Java", "employer"), ("java", 44, 48, "Java", None)]),
        # benefits: from the cue to the end of its sentence only
        ("Strong Python skills. What we offer: AWS training",
         [("python", 7, 13, "Python", None), ("aws", 37, 40, "AWS", "benefits")]),
        ("Python and Docker; we offer AWS certifications",
         [("python", 0, 6, "Python", None), ("docker", 11, 17, "Docker", None),
          ("aws", 28, 31, "AWS", "benefits")]),
        # equal opportunity
        ("We consider all applicants without regard to race, religion or genetics.",
         [("genetics", 63, 71, "genetics", "equal_opportunity")]),
        # a long statement (292 characters, under max_chars) is still one sentence
        ("Acme provides equal employment opportunities to all employees and applicants for "
         "employment and prohibits discrimination and harassment of any type without regard to "
         "race, color, religion, age, sex, national origin, disability status, genetics, "
         "protected veteran status or sexual orientation.",
         [("genetics", 235, 243, "genetics", "equal_opportunity")]),
        # a longer one (392 characters): the protected groups after the cue run long
        ("Acme provides equal employment opportunities to all employees and applicants for "
         "employment and prohibits discrimination and harassment of any type without regard to "
         "race, color, religion, age, sex, national origin, disability status, genetics, "
         "protected veteran status, sexual orientation, gender identity or expression, or any "
         "other characteristic protected by federal, state or local laws.",
         [("genetics", 235, 243, "genetics", "equal_opportunity")]),
        # ... but in a run-on sentence longer than max_chars, only what follows the cue
        ("Responsible for budgeting and Docker hosting of all the projects that our customers "
         "run with us every day across many regions and teams around the world and many other "
         "things that keep the lights on across the whole company and then some more so it "
         "goes on and on Benefits: Acme is an equal opportunity employer and we reward hard work.",
         [("docker", 30, 36, "Docker", None)]),
        # company: a sentence opened by "we" / "our" that describes the employer
        ("We are a fast-growing team specialising in AI and Docker hosting.",
         [("artificial-intelligence", 43, 45, "AI", "company"), ("docker", 50, 56, "Docker", "company")]),
        ("Our customers love Java. You know Python.",
         [("java", 19, 23, "Java", "company"), ("python", 34, 40, "Python", None)]),
        ("About us: we sell Docker hosting", [("docker", 18, 24, "Docker", "company")]),
        ("Requirements\nOur platform is loved by Java shops", [("java", 38, 42, "Java", "company")]),
        ("• Our mission: Azure for everyone", [("azure", 15, 20, "Azure", "company")]),
        # ... unless it names the tools the job uses or asks something of the candidate
        ("We use Python and AWS.", [("python", 7, 13, "Python", None), ("aws", 18, 21, "AWS", None)]),
        ("Our platform runs on Kubernetes.", [("kubernetes", 21, 31, "Kubernetes", None)]),
        ("We expect Python.", [("python", 10, 16, "Python", None)]),
        ("Our team works in Python and Java.",
         [("python", 18, 24, "Python", None), ("java", 29, 33, "Java", None)]),
        ("Our backend is Python.", [("python", 15, 21, "Python", None)]),
        ("We develop AI for banks.", [("artificial-intelligence", 11, 13, "AI", "company")]),
        ("We would like you to know Docker.", [("docker", 26, 32, "Docker", None)]),
        ("Our team loves Python and Java.", [("python", 15, 21, "Python", None), ("java", 26, 30, "Java", None)]),
        ("Our team is responsible for the AWS platform.", [("aws", 32, 35, "AWS", None)]),
        ("Our company is growing and an opportunity exists to build Docker images.", [("docker", 58, 64, "Docker", None)]),
        ("We seek a data scientist who knows Python.", [("python", 35, 41, "Python", None)]),
        # an employer cue in a sentence addressed to the candidate does not set it aside
        ("The ideal candidate knows Java from an award-winning product.", [("java", 26, 30, "Java", None)]),
        # "we" inside a sentence is no subject
        ("Docker is what we love.", [("docker", 0, 6, "Docker", None)]),
        ("As a team, we love Java", [("java", 19, 23, "Java", None)]),
    ],
)  # fmt: skip
def test_cue_sentences(extractor, text, expected):
    assert found(extractor, text, flagged=True) == expected
    assert found(extractor, text) == [m[:4] for m in expected if m[4] is None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # requirements, duties, stack lists and titles keep counting
        ("You will help our customers migrate to AWS.", [("aws", 39, 42, "AWS")]),
        ("Team leader in Python projects", [("python", 15, 21, "Python")]),
        ("Support team leaders in Python projects", [("python", 24, 30, "Python")]),
        ("You will take the leading role in migrating to AWS", [("aws", 47, 50, "AWS")]),
        ("Our stack: Python, AWS, Docker",
         [("python", 11, 17, "Python"), ("aws", 19, 22, "AWS"), ("docker", 24, 30, "Docker")]),
        ("Partner with product teams on Kubernetes.", [("kubernetes", 30, 40, "Kubernetes")]),
        # a cue in the previous sentence or line does not reach here
        ("We are a Gold Partner.\nAWS and Python required.",
         [("aws", 23, 26, "AWS"), ("python", 31, 37, "Python")]),
        ("<ul><li>We are a Gold Partner</li><li>AWS</li></ul>", [("aws", 38, 41, "AWS")]),
        # a run-on "sentence" longer than max_chars has no trustworthy bounds: left alone
        ("A global leader in payments " + "and more " * 35 + "with AWS", [("aws", 348, 351, "AWS")]),
    ],
)  # fmt: skip
def test_no_cue_no_flag(extractor, text, expected):
    assert found(extractor, text) == expected
    assert [m.context for m in extractor.mentions(text, flagged=True)] == [None] * len(expected)


def test_flagged_mentions_are_not_counted_as_demand(extractor):
    frame = extract_counts(extractor, [PARTNER, "Our clients include Docker."], ["p1", "p2"])
    assert list(frame.itertuples(index=False, name=None)) == [("p1", "aws", 1), ("p1", "python", 1)]


def test_mention_context_defaults_to_none(extractor):
    (mention,) = extractor.mentions("Docker")
    assert mention == Mention("docker", 0, 6, "Docker") == Mention("docker", 0, 6, "Docker", None)


def test_cli_prints_flagged_mentions_only_when_asked(extractor):
    out = io.StringIO()
    assert extract_command(io.StringIO(PARTNER.replace("\n", " ") + "\n"), out, extractor) == 2
    assert [json.loads(line)["start"] for line in out.getvalue().splitlines()] == [98, 107]
    out = io.StringIO()
    count = extract_command(
        io.StringIO("Our clients include Docker.\n"), out, extractor, flagged=True
    )
    assert count == 1
    assert json.loads(out.getvalue()) == {
        "id": 1, "skill_id": "docker", "skill": "Docker", "category": "Cloud", "start": 20,
        "end": 26, "text": "Docker", "context": "employer",
    }  # fmt: skip


# --- the mechanism, on hand-made cues -----------------------------------------------------------


def cue_extractor(sentence_context: dict, skills=("Xeno", "Yak")) -> Extractor:
    taxonomy = Taxonomy([Skill(name.lower(), name, "t") for name in skills])
    return Extractor(taxonomy, rules=parse_context_rules({"sentence_context": sentence_context}))


CUES = {"max_chars": 40, "contexts": {
    "employer": {"scope": "sentence", "phrases": ["proud partner"]},
    "benefits": {"scope": "after", "phrases": ["we give"]},
}}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xeno, proud partner of Yak. Xeno",
         [("xeno", 0, 4, "employer"), ("yak", 23, 26, "employer"), ("xeno", 28, 32, None)]),
        ("Xeno! Yak. we give Xeno\nYak",
         [("xeno", 0, 4, None), ("yak", 6, 9, None), ("xeno", 19, 23, "benefits"), ("yak", 24, 27, None)]),
        ("Yak we give Xeno", [("yak", 0, 3, None), ("xeno", 12, 16, "benefits")]),
        # a sentence of 41+ characters is too long to trust
        ("Xeno is a proud partner of the Yak club ok", [("xeno", 0, 4, None), ("yak", 31, 34, None)]),
        ("Xeno • proud partner • Yak", [("xeno", 0, 4, None), ("yak", 23, 26, None)]),
        ("PROUD-PARTNER Yak", [("yak", 14, 17, "employer")]),
    ],
)  # fmt: skip
def test_cue_scope_and_sentence_bounds(text, expected):
    mentions = cue_extractor(CUES).mentions(text, flagged=True)
    assert [(m.skill_id, m.start, m.end, m.context) for m in mentions] == expected


SUBJECT_CUES = {"max_chars": 40, "contexts": {
    "company": {"scope": "subject", "phrases": ["we"], "unless": ["you"]},
}}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We like Xeno. Yak we like.", [("xeno", 8, 12, "company"), ("yak", 14, 17, None)]),
        ("We like Xeno, you too", [("xeno", 8, 12, None)]),  # an unless word
        ("Xeno. - we like Yak", [("xeno", 0, 4, None), ("yak", 16, 19, "company")]),
        ("we Yak", [("yak", 3, 6, "company")]),
        (" we Yak", [("yak", 4, 7, "company")]),
        ("Xeno we\nwe Yak", [("xeno", 0, 4, None), ("yak", 11, 14, "company")]),
        ("Xeno:we like Yak", [("xeno", 0, 4, None), ("yak", 13, 16, "company")]),
        ("Xeno, we like Yak", [("xeno", 0, 4, None), ("yak", 14, 17, None)]),
        # a place fronting the subject: "At Acme, we ..."
        ("At Acme, we like Yak", [("yak", 17, 20, "company")]),
        ("Xeno.\n• At Acme Labs, we like Yak", [("xeno", 0, 4, None), ("yak", 30, 33, "company")]),
        ("Work at Acme, we like Yak", [("yak", 22, 25, None)]),
    ],
)  # fmt: skip
def test_subject_scope(text, expected):
    mentions = cue_extractor(SUBJECT_CUES).mentions(text, flagged=True)
    assert [(m.skill_id, m.start, m.end, m.context) for m in mentions] == expected


def test_unless_words_change_the_version():
    company = {**SUBJECT_CUES["contexts"]["company"], "unless": ["them"]}
    other = {"max_chars": 40, "contexts": {"company": company}}
    assert cue_extractor(SUBJECT_CUES).version != cue_extractor(other).version
    assert cue_extractor(other).mentions("We like Xeno, you too", True)[0].context == "company"


def test_subject_spans_directly():
    text = "x. we like y. z"
    cue = [(3, 5, "company", "subject")]
    assert cue_spans(cue, text, 40) == [(3, 12, "company")]
    assert cue_spans(cue, text, 40, hit_starts=[11]) == [(3, 12, "company")]
    assert cue_spans(cue, text, 40, hit_starts=[0, 14]) == []  # no mention in the sentence
    assert cue_spans(cue, text, 40, unless={"company": WordSet.of(["like"])}) == []
    assert cue_spans([(5, 7, "company", "subject")], "x of we y", 40) == []  # mid-sentence
    # a named cue's span comes first, so it gives its context where the two overlap
    both = [(0, 2, "company", "subject"), (8, 15, "employer", "sentence")]
    assert cue_spans(both, "we are a partner now", 40) == [
        (0, 20, "employer"), (0, 20, "company"),
    ]  # fmt: skip


def test_a_cue_that_is_a_skill_form_is_the_skill():
    extractor = cue_extractor(CUES, skills=("Xeno", "Proud partner"))
    assert [(m.skill_id, m.context) for m in extractor.mentions("proud partner Xeno", True)] == [
        ("proud partner", None), ("xeno", None),
    ]  # fmt: skip


def test_cue_spans_directly():
    text = "a. b proud partner c. d"
    assert cue_spans([(5, 18, "employer", "sentence")], text, 40) == [(2, 20, "employer")]
    assert cue_spans([(5, 18, "employer", "after")], text, 40) == [(5, 20, "employer")]
    assert cue_spans([(5, 18, "employer", "sentence")], text, 10) == []


def test_a_context_reach_covers_the_part_after_its_cue():
    # "rights" may run 30 characters past its cue; other sentences stay within max_chars 20
    reach = {"max_chars": 20, "contexts": {
        "rights": {"scope": "sentence", "phrases": ["regardless of"], "max_chars": 30},
        "employer": {"scope": "sentence", "phrases": ["proud partner"]},
    }}  # fmt: skip
    found = [
        (m.skill_id, m.start, m.context)
        for m in cue_extractor(reach).mentions(
            "Xeno then more words regardless of yak or xeno. Xeno and proud partner xeno yak.",
            flagged=True,
        )
    ]
    # the 47-character sentence is too long to trust before its cue, not after it; the
    # 32-character partner sentence is too long for its context
    assert found == [
        ("xeno", 0, None), ("yak", 35, "rights"), ("xeno", 42, "rights"),
        ("xeno", 48, None), ("xeno", 71, None), ("yak", 76, None),
    ]  # fmt: skip
    text = "a b regardless of c d e f g h i j k."
    # from the cue to the text's end: 32 characters
    assert cue_spans([(4, 17, "rights", "sentence")], text, 10, reach={"rights": 32}) == [
        (4, 36, "rights")
    ]
    assert cue_spans([(4, 17, "rights", "sentence")], text, 10, reach={"rights": 31}) == []
    # a reach shorter than max_chars changes nothing
    assert cue_spans([(4, 17, "rights", "sentence")], text, 40, reach={"rights": 15}) == [
        (0, 36, "rights")
    ]
    longer = {**reach, "contexts": {"rights": {**reach["contexts"]["rights"], "max_chars": 31}}}
    assert cue_extractor(reach).version != cue_extractor(longer).version


def test_cues_change_the_version_and_survive_pickling():
    with_cues = cue_extractor(CUES)
    without = cue_extractor({})
    assert with_cues.version != without.version
    assert SENTENCE_CUES not in without.rules
    assert isinstance(with_cues.rules[SENTENCE_CUES], SentenceCues)
    clone = pickle.loads(pickle.dumps(with_cues))
    assert clone.version == with_cues.version
    assert clone.mentions("proud partner Yak", flagged=True) == [
        Mention("yak", 14, 17, "Yak", "employer")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"max_chars": 10, "cues": []},
         "Bad context rule: test, sentence_context: only max_chars and contexts are allowed"),
        ({"contexts": {"employer": {"phrases": ["x"]}}},
         "Bad context rule: test, sentence_context, employer: needs scope (sentence, after, subject) and phrases"),
        ({"contexts": {"employer": {"scope": "paragraph", "phrases": ["x"]}}},
         "Bad context rule: test, sentence_context, employer: needs scope (sentence, after, subject) and phrases"),
        ({"contexts": {"employer": {"scope": "after"}}},
         "Bad context rule: test, sentence_context, employer: needs scope (sentence, after, subject) and phrases"),
        ({"contexts": {"employer": {"scope": "subject", "phrases": ["we"], "except": ["you"]}}},
         "Bad context rule: test, sentence_context, employer: needs scope (sentence, after, subject) and phrases"),
        ({"contexts": {"employer": {"scope": "after", "phrases": ["x"], "max_chars": 0}}},
         "Bad context rule: test, sentence_context, employer: max_chars must be a positive integer"),
        ({"max_chars": "300", "contexts": {"employer": {"scope": "after", "phrases": ["x"]}}},
         "Bad context rule: test, sentence_context: max_chars must be a positive integer"),
    ],
)  # fmt: skip
def test_bad_sentence_context_is_reported(data, message):
    with pytest.raises(TaxonomyError) as info:
        parse_context_rules({"sentence_context": data}, source="test")
    assert str(info.value) == message


# --- precision rules for generic words (data/taxonomy/context_rules.yaml) ----------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # insurance lines count in insurance work, not as a line of a benefits list
        ("Health insurance claims experience", [("health-insurance", 0, 16, "Health insurance")]),
        ("Knowledge of health insurance products",
         [("health-insurance", 13, 29, "health insurance")]),
        ("Health insurance\n30 days holiday", []),
        ("Health insurance to protect your income", []),
        # company culture: shaping one is a skill, enjoying one is a benefit
        ("Help us shape our company culture", [("organizational-culture", 18, 33, "company culture")]),
        ("Amazing company culture", []),
        ("a company culture that nourishes growth", []),
        # software engineering: the discipline, not the industry or a job family
        ("Degree in software engineering", [("software-engineering", 10, 30, "software engineering")]),
        ("a revolution for the software engineering industry", []),
        ("see our Software Engineering roles", []),
        # containers: containerisation, not shipping
        ("Understanding of containers and Kubernetes",
         [("containerization", 17, 27, "containers"), ("kubernetes", 32, 42, "Kubernetes")]),
        ("loading shipping containers", []),
        # "an AI" is a system, not the field
        ("Experience with AI and Python", [("artificial-intelligence", 16, 18, "AI"), ("python", 23, 29, "Python")]),
        ("We are developing an AI that writes tests", []),
    ],
)  # fmt: skip
def test_generic_word_rules(extractor, text, expected):
    assert found(extractor, text) == expected


@pytest.mark.parametrize(
    ("form", "skill_id"),
    [
        ("solution architecture", "solution-architecture"),
        ("cloud adoption", "cloud-adoption"),
        ("enterprise integration patterns", "enterprise-integration-patterns"),
        ("containers", "containerization"),
        ("container platform", "containerization"),
        ("messaging frameworks", "message-queues"),
        ("caching", "caching"),
        ("human-computer interaction", "human-computer-interaction"),
        ("network automation", "network-automation"),
        ("infrastructure architecture", "infrastructure-architecture"),
    ],
)
def test_builtin_additions(form, skill_id):
    assert load_builtin_taxonomy().lookup(form) == skill_id


# --- the property: flagged or not, offsets are exact and the counted ones are a subset --------

words = st.sampled_from(
    ["Xeno", "Yak", "proud partner", "we give", "PROUD partner", ".", "!", " ", "\n", "•", ",",
     "x" * 30, "<b>", "&amp;", "’", "\u00a0"]
)  # fmt: skip
texts = st.lists(st.one_of(words, st.text(max_size=5)), max_size=30).map("".join)
_CUED = cue_extractor(CUES)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_flagged_mentions_point_into_the_input(text):
    every = _CUED.mentions(text, flagged=True)
    for m in every:
        assert 0 <= m.start < m.end <= len(text)
        assert m.text == text[m.start : m.end]
        assert m.context in (None, "employer", "benefits")
    assert _CUED.mentions(text) == [m for m in every if m.context is None]


# --- WordSet.found_in: its shortcuts answer as the plain token-by-token scan does ---------------
WORDS = WordSet.of(["you", "we use", "stack", "c++", "node.js", "built with"])


def plain_found_in(words: WordSet, text: str, start: int, end: int) -> bool:
    """Whole tokens lying inside text[start:end] (a token the window cuts does not count)."""
    tokens = [m.group() for m in _TOKEN.finditer(text) if start <= m.start() and m.end() <= end]
    return any(
        tuple(tokens[i : i + size]) in words.phrases
        for size in range(1, words.longest + 1)
        for i in range(len(tokens) - size + 1)
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["you", "your", "we", "use", "stack", "c++", "node.js", "built", "with",
                         "xyou", "youx", "of", ".", ",", "\n"]),
        max_size=12,
    ),
    st.integers(0, 80),
    st.integers(0, 80),
)  # fmt: skip
def test_found_in_matches_a_plain_scan(pieces, a, b):
    text = " ".join(pieces)
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    assert WORDS.found_in(text, start, end) == plain_found_in(WORDS, text, start, end)
