"""Context rules: when a hit of an ambiguous form ("R", "Go", "Excel", "German") counts.

The rules live in `data/taxonomy/context_rules.yaml` (its comments describe the vocabulary).
`load_context_rules` parses them into `ContextRule`s keyed by match key; `passes_vetoes` and
`accepted` judge one hit against the normalised text, `JobTitles` and `drop_title_chains` apply
the every_form rule, `SentenceCues` and `cue_spans` find the sentences about the employer (its
partnerships, benefits, equal-opportunity statement, sentences it opens with "we") rather than
the job, `EmployerName` finds the posting's own employer (analysis/skills/employer_name.py), and
`shadowed_hits` spares rules whose outcome cannot matter. `Extractor` applies them to its hits.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis.skills.employer_name import EMPLOYER_NAME, EmployerName, parse_employer_name
from analysis.skills.normalise import match_key
from analysis.skills.taxonomy import BUILTIN_FOLDER, TaxonomyError, form_key
from analysis.yaml_unique import check_unique_keys

RULES_PATH = BUILTIN_FOLDER / "context_rules.yaml"

_RULE_KEYS = {
    "forms", "categories", "require_case", "forbid_preceding", "forbid_following", "forbid_nearby",
    "accept_case", "preceded_by", "followed_by", "nearby", "window", "list_context",
}  # fmt: skip


# Words (with a trailing "++" or "#") and single punctuation marks; hyphens are skipped like
# spaces, so "suite" is right after the C of both "C-suite" and "C suite".
_ADJACENT_TOKEN = re.compile(r"[^\W_]+(?:[+#]+)?|[^\w\s-]")
_REACH = 40  # characters looked at on each side for an adjacent phrase


@dataclass(frozen=True)
class Adjacent:
    """Phrases that must (or must not) come right before or right after a mention."""

    phrases: frozenset[tuple[str, ...]]
    longest: int
    # For a cheap pre-check in `after`: the token every phrase starts with.
    firsts: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "firsts", frozenset(p[0] for p in self.phrases))

    @classmethod
    def of(cls, phrases: Iterable[str]) -> Adjacent | None:
        tokens = frozenset(tuple(_ADJACENT_TOKEN.findall(form_key(p))) for p in phrases) - {()}
        return cls(tokens, max(map(len, tokens))) if tokens else None

    def before(self, text: str, start: int) -> bool:
        """Does one of the phrases end right before text[start]?"""
        lo = max(0, start - _REACH)
        tokens = [m for m in _ADJACENT_TOKEN.finditer(text, lo, start)][-self.longest - 1 :]
        if tokens and lo > 0 and tokens[0].start() == lo and text[lo - 1].isalnum():
            tokens = tokens[1:]  # cut by the window: not a whole word
        words = tuple(m.group() for m in tokens)
        return any(words[-n:] in self.phrases for n in range(1, min(self.longest, len(words)) + 1))

    def after(self, text: str, end: int) -> bool:
        """Does one of the phrases start right after text[:end]?"""
        hi = end + _REACH
        first = _ADJACENT_TOKEN.search(text, end, hi)
        if first is None or first.group() not in self.firsts:
            return False  # the token after the mention starts no phrase
        tokens = [m for m in _ADJACENT_TOKEN.finditer(text, end, hi)][: self.longest + 1]
        if len(tokens) > self.longest:
            tokens = tokens[: self.longest]
        elif tokens and hi < len(text) and tokens[-1].end() == hi and text[hi].isalnum():
            tokens = tokens[:-1]
        words = tuple(m.group() for m in tokens)
        return any(words[:n] in self.phrases for n in range(1, min(self.longest, len(words)) + 1))


_TOKEN = re.compile(r"[^\W_]+(?:(?:[.&][^\W_]+)+|[+#]+)?")  # words, "node.js", "c++", "at&t"


@dataclass(frozen=True)
class WordSet:
    """Words and phrases to look for near a mention, compared token by token.

    Set lookups over the ~20 tokens of a window: a regex alternation of 100 words with word
    boundaries is retried at every position of the window and was most of the rule time.
    """

    phrases: frozenset[tuple[str, ...]]
    longest: int
    firsts: frozenset[str] = field(init=False, repr=False, compare=False)  # for a pre-check
    singles: frozenset[str] = field(init=False, repr=False, compare=False)  # one-word phrases

    def __post_init__(self) -> None:
        object.__setattr__(self, "firsts", frozenset(p[0] for p in self.phrases))
        object.__setattr__(self, "singles", frozenset(p[0] for p in self.phrases if len(p) == 1))

    @classmethod
    def of(cls, words: Iterable[str]) -> WordSet | None:
        phrases = frozenset(tuple(_TOKEN.findall(form_key(w))) for w in words) - {()}
        return cls(phrases, max(map(len, phrases))) if phrases else None

    def found_in(self, text: str, start: int, end: int) -> bool:
        """Does text[start:end] hold one of the phrases as whole tokens?"""
        found = _TOKEN.findall(text, start, end)
        if self.firsts.isdisjoint(found):
            return False  # no phrase can start in the window (a set intersection in C)
        if not self.singles.isdisjoint(found[1:-1]):
            return True  # a one-word phrase among the tokens no window edge can have cut
        tokens = [m for m in _TOKEN.finditer(text, start, end)]
        if tokens and start > 0 and text[start - 1].isalnum() and tokens[0].start() == start:
            tokens = tokens[1:]  # the window cut a word in two
        if tokens and end < len(text) and text[end].isalnum() and tokens[-1].end() == end:
            tokens = tokens[:-1]
        words = [m.group() for m in tokens]
        for size in range(1, self.longest + 1):
            for i in range(len(words) - size + 1):
                if tuple(words[i : i + size]) in self.phrases:
                    return True
        return False


@dataclass(frozen=True)
class ContextRule:
    """When a hit of an ambiguous form counts; see data/taxonomy/context_rules.yaml."""

    require_case: frozenset[str] | None = None
    forbid_preceding: Adjacent | None = None
    forbid_following: Adjacent | None = None
    forbid_nearby: WordSet | None = None
    accept_case: frozenset[str] | None = None
    preceded_by: Adjacent | None = None
    followed_by: Adjacent | None = None
    nearby: WordSet | None = None
    window: int = 60
    list_context: bool | frozenset[str] = False
    # every_form only: words that may stand between a name and a title noun ("Java Software
    # Engineer"), and phrases after which the noun is no title ("team members").
    modifiers: frozenset[str] | None = None
    unless_following: Adjacent | None = None
    except_forms: frozenset[str] | None = None  # every_form only: names it never applies to

    needs_acceptance: bool = False  # set by parse_context_rules: any accept condition given


class _RulesLoader(yaml.SafeLoader):
    """YAML 1.1 reads on/off/yes/no as booleans; in word lists they are words ("lean on")."""


_RulesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_RulesLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _unique_mapping(loader: _RulesLoader, node: yaml.MappingNode) -> dict:
    check_unique_keys(loader, node)
    return loader.construct_mapping(node, deep=True)


_RulesLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def load_context_rules(path: str | Path | None = None) -> dict[str, ContextRule]:
    """The rules file as {normalised form: rule}; a malformed rule raises TaxonomyError."""
    path = Path(path) if path is not None else RULES_PATH
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_RulesLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise TaxonomyError("Cannot read context rules", f"{path}: {exc}") from exc
    return parse_context_rules(data, source=path.name)


EVERY_FORM = "*"  # key of the rule applied to every hit ("*" is never a match key)
_EVERY_FORM_KEYS = {"forbid_following", "modifiers", "unless_following", "except_forms"}
# Key prefix of a rule for the names of every skill in a category ("@" is never a match key).
CATEGORY_PREFIX = "@category:"


def parse_context_rules(data: Mapping, source: str = "context rules") -> dict[str, ContextRule]:
    """Rules from the parsed YAML structure (`window`, `word_sets`, `rules`, `every_form`,
    `sentence_context`, `employer_name`)."""
    window = int(data.get("window", 60))
    word_sets = {name: list(words) for name, words in (data.get("word_sets") or {}).items()}

    def expand(items, where: str) -> list[str]:
        out = []
        for item in items or []:
            item = str(item)
            if item.startswith("@"):
                if item[1:] not in word_sets:
                    raise TaxonomyError(
                        "Bad context rule", f"{source}, {where}: unknown word set {item}"
                    )
                out += [str(w) for w in word_sets[item[1:]]]
            else:
                out.append(item)
        return out

    rules: dict[str, ContextRule] = {}
    for number, raw in enumerate(data.get("rules") or [], start=1):
        where = f"rule {number} ({', '.join(map(str, raw.get('forms') or raw.get('categories') or []))})"
        unknown = set(raw) - _RULE_KEYS
        if unknown or not (raw.get("forms") or raw.get("categories")):
            problem = f"unknown keys {sorted(unknown)}" if unknown else "no forms"
            raise TaxonomyError("Bad context rule", f"{source}, {where}: {problem}")
        listed = raw.get("list_context", False)
        rule = ContextRule(
            require_case=frozenset(map(str, raw["require_case"]))
            if raw.get("require_case")
            else None,
            forbid_preceding=Adjacent.of(expand(raw.get("forbid_preceding"), where)),
            forbid_following=Adjacent.of(expand(raw.get("forbid_following"), where)),
            forbid_nearby=WordSet.of(expand(raw.get("forbid_nearby"), where)),
            accept_case=frozenset(map(str, raw["accept_case"])) if raw.get("accept_case") else None,
            preceded_by=Adjacent.of(expand(raw.get("preceded_by"), where)),
            followed_by=Adjacent.of(expand(raw.get("followed_by"), where)),
            nearby=WordSet.of(expand(raw.get("nearby"), where)),
            window=int(raw.get("window", window)),
            list_context=listed if isinstance(listed, bool) else _list_keys(listed, expand, where),
        )
        needs = any(
            (rule.accept_case, rule.preceded_by, rule.followed_by, rule.nearby, rule.list_context)
        )
        rule = dataclasses.replace(rule, needs_acceptance=needs)
        for form in expand(raw.get("forms"), where):
            rules[match_key(form)] = rule
        for category in raw.get("categories") or []:
            rules[CATEGORY_PREFIX + str(category)] = rule
    cues = _sentence_cues(data.get("sentence_context"), source, expand)
    if cues is not None:
        rules[SENTENCE_CUES] = cues
    employer = parse_employer_name(data.get("employer_name"), source)
    if employer is not None:
        rules[EMPLOYER_NAME] = employer
    every = data.get("every_form") or {}
    if set(every) - _EVERY_FORM_KEYS:
        unknown = sorted(set(every) - _EVERY_FORM_KEYS)
        raise TaxonomyError(
            "Bad context rule",
            f"{source}, every_form: only {', '.join(sorted(_EVERY_FORM_KEYS))} are allowed,"
            f" not {unknown}",
        )
    if every.get("forbid_following"):
        rules[EVERY_FORM] = ContextRule(
            forbid_following=Adjacent.of(expand(every["forbid_following"], "every_form")),
            modifiers=frozenset(form_key(w) for w in expand(every.get("modifiers"), "every_form"))
            or None,
            unless_following=Adjacent.of(expand(every.get("unless_following"), "every_form")),
            except_forms=frozenset(match_key(str(w)) for w in every.get("except_forms") or ())
            or None,
        )
    return rules


SENTENCE_CUES = "@sentences"  # key of the SentenceCues in a rules mapping (never a match key)
CUE_SCOPES = ("sentence", "after", "subject")


@dataclass(frozen=True)
class SentenceCues:
    """Phrases that mark a sentence as about the employer, not the job (`sentence_context`).

    `cues` holds (match key, context, scope): a mention in the cue's sentence ("sentence"),
    after the cue in it ("after"), or in a sentence the cue opens as its subject ("subject":
    "We are ...", "Our platform ...") gets that context and is not counted as demand. A sentence
    longer than `max_chars` is left alone: without punctuation its bounds cannot be trusted;
    `reach` holds, per context, a longer limit for the part after the cue where a context's
    sentences run long after it (an equal-opportunity statement lists every protected group
    after "without regard to"). `unless` holds, per context, words that keep a sentence
    counted: "our stack" names what the job uses, "experience with our platform" asks
    something of the candidate.
    """

    cues: frozenset[tuple[str, str, str]]
    max_chars: int = 200
    unless: tuple[tuple[str, WordSet], ...] = ()
    reach: tuple[tuple[str, int], ...] = ()


def _sentence_cues(raw, source: str, expand) -> SentenceCues | None:
    if not raw:
        return None
    where = f"{source}, sentence_context"
    if not isinstance(raw, Mapping) or set(raw) - {"max_chars", "contexts"}:
        raise TaxonomyError("Bad context rule", f"{where}: only max_chars and contexts are allowed")
    cues, unless, reach = set(), {}, {}
    for context, spec in (raw.get("contexts") or {}).items():
        scope = (spec or {}).get("scope")
        phrases = (spec or {}).get("phrases") or []
        if (
            scope not in CUE_SCOPES
            or not phrases
            or set(spec) - {"scope", "phrases", "unless", "max_chars"}
        ):
            raise TaxonomyError(
                "Bad context rule",
                f"{where}, {context}: needs scope ({', '.join(CUE_SCOPES)}) and phrases",
            )
        if "max_chars" in spec:
            reach[str(context)] = _positive_int(spec["max_chars"], f"{where}, {context}")
        cues |= {(match_key(str(p)), str(context), scope) for p in phrases if match_key(str(p))}
        words = WordSet.of(expand(spec.get("unless"), f"{where}, {context}"))
        if words is not None:
            unless[str(context)] = words
    if not cues:
        return None
    return SentenceCues(
        frozenset(cues),
        _positive_int(raw.get("max_chars", 200), where),
        tuple(sorted(unless.items())),
        tuple(sorted(reach.items())),
    )


def _positive_int(value, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise TaxonomyError("Bad context rule", f"{where}: max_chars must be a positive integer")
    return value


# Where a sentence ends in the normalised text: ". ", "! ", "? ", a line break (block tags such
# as "</li><li>" become one), "|", or a run of three blanks, which is what a bullet (" • ",
# " ☞ ") leaves.
_SENTENCE_END = re.compile(r"[.!?](?=\s)|[\n|]|   ")


def cue_spans(
    cue_hits: list[tuple[int, int, str, str]],
    norm_text: str,
    max_chars: int,
    unless: Mapping[str, WordSet] | None = None,
    hit_starts: list[int] | None = None,
    reach: Mapping[str, int] | None = None,
) -> list[tuple[int, int, str]]:
    """(start, end, context) of the text each cue (start, end, context, scope) marks.

    The span is the cue's sentence, from the cue to the sentence end for scope "after", or
    for scope "subject" the sentence the cue opens; a span longer than `max_chars`, in a
    sentence whose start or end lies further than that from the cue, or holding one of the
    context's `unless` words, is dropped. `reach` gives some contexts a longer limit for the
    part after the cue: in a sentence longer than `max_chars`, that part alone is marked.
    Given the sorted starts of the skill hits, a span holding none of them is dropped too
    (before its words are looked at). Subject spans come last, so where spans overlap the
    first one holding a mention gives it its context.
    """
    spans, subjects = [], []
    for cue_start, cue_end, context, scope in cue_hits:
        limit = max(reach.get(context, 0), max_chars) if reach else max_chars
        if scope == "after":
            start = cue_start
        elif scope == "subject":
            start = _opens_sentence(norm_text, cue_start)
            if start < 0:
                continue
        else:
            lo = max(0, cue_start - max_chars)
            start = lo if lo == 0 else -1
            for m in _SENTENCE_END.finditer(norm_text, lo, cue_start):
                start = m.end()
            if start < 0:
                if limit <= max_chars:
                    continue
                start = cue_start  # the sentence's start is out of sight: what follows the cue
        found = _SENTENCE_END.search(norm_text, cue_end, cue_end + limit)
        if found is not None:
            end = found.start()
        elif cue_end + limit >= len(norm_text):
            end = len(norm_text)
        else:
            continue
        if end - start > max_chars:
            if limit <= max_chars or end - cue_start > limit:
                continue
            start = cue_start  # a long sentence with a long reach: only what follows the cue
        if not _holds_hit(hit_starts, start, end):
            continue
        if not (unless and context in unless and unless[context].found_in(norm_text, start, end)):
            (subjects if scope == "subject" else spans).append((start, end, context))
    return spans + subjects  # a named cue ("we offer") says more than a subject ("we")


def _holds_hit(hit_starts: list[int] | None, start: int, end: int) -> bool:
    if hit_starts is None:
        return True
    first = bisect_left(hit_starts, start)
    return first < len(hit_starts) and hit_starts[first] < end


_SUBJECT_LEAD = (
    " \t*>-\u2013\u2014\u2022\u00b7"  # what a bullet leaves before a sentence's first word
)


# A place fronting a sentence's subject: "At Acme, we ...", "At Acme Labs, our mission ...".
_FRONTED_PLACE = re.compile(
    r"(?:\A|[.!?|:] |\n)[ \t*>\u2013\u2014\u2022\u00b7-]*at [^,.!?\n|:]{1,45}, \Z"
)


def _opens_sentence(norm_text: str, pos: int) -> int:
    """pos if the text at pos starts a sentence (or a line, or follows "Heading:" or a fronted
    "At Acme, "), else -1."""
    lo = max(0, pos - 8)  # a bounded look back: this runs for every "we" and "our"
    head = norm_text[lo:pos].rstrip(_SUBJECT_LEAD)
    if not head:
        return pos  # the text's start, or a run of blanks a bullet leaves
    if head[-1] in ".!?\n|:" or pos - lo - len(head) >= 3:
        return pos
    if head[-1] == "," and _FRONTED_PLACE.search(norm_text, max(0, pos - 60), pos):
        return pos
    return -1


def _list_keys(items: list, expand, where: str) -> frozenset[str]:
    """list_context items as match keys; "@category:Name" (any skill of a category) kept as is."""
    categories = {str(i) for i in items if str(i).startswith(CATEGORY_PREFIX)}
    rest = [i for i in items if str(i) not in categories]
    return frozenset(categories | {match_key(w) for w in expand(rest, where)})


class JobTitles:
    """The every_form rule: is a name followed by a job-title noun ("Java Developer")?

    Checked on every hit, so `starts` says at once (one set lookup on the next word) whether a
    title can start there; only then is the clause after the name split into words.
    """

    def __init__(self, rule: ContextRule, forms: Iterable[str] = ()):
        self.nouns = rule.forbid_following.phrases if rule.forbid_following else frozenset()
        self.modifiers = rule.modifiers or frozenset()
        self.unless = rule.unless_following.phrases if rule.unless_following else frozenset()
        self.starts = frozenset(p[0] for p in self.nouns) | self.modifiers
        self.longest = max(map(len, self.nouns | self.unless), default=1)
        self.forms = frozenset(forms)  # "Mathematics, Software Engineering": a skill, no title

    def follows(self, norm_text: str, pos: int) -> bool:
        """Does a title start at norm_text[pos] (after at most two modifiers)?"""
        clause = norm_text[pos : pos + 100]
        if (stop := _CLAUSE_END.search(clause)) is not None:
            clause = clause[: stop.start()]
        words = clause.replace("-", " ").split()
        for skip in range(3):
            rest = tuple(words[skip : skip + self.longest])
            for n in range(len(rest), 0, -1):
                if rest[:n] in self.unless:
                    return False
                if rest[:n] in self.nouns:
                    return not any(" ".join(words[k : skip + n]) in self.forms for k in range(skip))
            if skip >= len(words) or words[skip] not in self.modifiers:
                return False
        return False


_CLAUSE_END = re.compile(r"[^\w\s+#&-]|\n")  # a title does not run past punctuation or a line


def fingerprint(rule: ContextRule | SentenceCues | EmployerName) -> list:
    """The rule as plain JSON-able values, for `Extractor.version`."""

    def plain(value):
        if isinstance(value, (WordSet, Adjacent)):
            return sorted(value.phrases)
        if isinstance(value, frozenset):
            return sorted(value)
        if isinstance(value, tuple):  # SentenceCues.unless / reach: (context, value) pairs
            return [plain(v) for v in value]
        return value.pattern if isinstance(value, re.Pattern) else value

    return [plain(v) for v in vars(rule).values()]


def _surface(hit, original: str, to_original) -> str:
    o_start, o_end = to_original(hit[0], hit[1])
    return unicodedata.normalize("NFKC", original[o_start:o_end])


def passes_vetoes(rule: ContextRule, hit, norm_text: str, original: str, to_original) -> bool:
    """False when a veto holds for hit (start, end, index): wrong case or a forbidden word."""
    start, end, _ = hit
    if (
        rule.require_case is not None
        and _surface(hit, original, to_original) not in rule.require_case
    ):
        return False
    if rule.forbid_preceding is not None and rule.forbid_preceding.before(norm_text, start):
        return False
    if rule.forbid_following is not None and rule.forbid_following.after(norm_text, end):
        return False
    if rule.forbid_nearby is not None and _near(
        rule.forbid_nearby, rule.window, norm_text, start, end
    ):
        return False
    return True


def _near(words: WordSet, window: int, norm_text: str, start: int, end: int) -> bool:
    """One of `words` within `window` characters before or after text[start:end]."""
    return words.found_in(norm_text, max(0, start - window), start) or words.found_in(
        norm_text, end, end + window
    )


def accepted(rule: ContextRule, hit, norm_text: str, original: str, to_original) -> bool:
    """Does one of the rule's accept conditions (list context aside) hold for the hit?"""
    start, end, _ = hit
    if rule.accept_case is not None and _surface(hit, original, to_original) in rule.accept_case:
        return True
    if rule.preceded_by is not None and rule.preceded_by.before(norm_text, start):
        return True
    if rule.followed_by is not None and rule.followed_by.after(norm_text, end):
        return True
    return rule.nearby is not None and _near(rule.nearby, rule.window, norm_text, start, end)


def shadowed_hits(hits: list, ruled_at: list[int], rule_of: list, longest: int) -> set[int]:
    """The ruled hits inside a longer unruled hit that no hit of its length or longer overlaps,
    as indexes in `hits` (`ruled_at` lists every ruled hit's).

    That hit ("Oracle Cloud", "communication skills") wins the longest-match step whatever the
    rules decide, and is the nearer list neighbour on its side, so the ruled hit inside it
    ("Oracle", "communication") can be dropped without evaluating its rule: the same result.

    `hits` come in the automaton's order, by end, and none is longer than `longest`: a hit
    holding x ends at most `longest` after x starts, and a hit overlapping it ends at most
    `longest` after it does, so only the hits ending there are looked at, not all of them.
    """
    out = set()
    n = len(hits)
    for i in ruled_at:
        x_start, x_end, _ = hits[i]
        j = i
        while j > 0 and hits[j - 1][1] == x_end:
            j -= 1  # hits ending where x ends may come before it
        while j < n and hits[j][1] <= x_start + longest:
            a = hits[j]
            j += 1
            a_start, a_end = a[0], a[1]
            if (
                a_start <= x_start
                and x_end <= a_end
                and a_end - a_start > x_end - x_start
                and rule_of[a[2]] is None
                and _longest_around(hits, j - 1, longest)
            ):
                out.add(i)
                break
    return out


def _longest_around(hits: list, k: int, longest: int) -> bool:
    """Does no other hit of hits[k]'s length or longer overlap it? (Hits by end, as above.)"""
    a_start, a_end = hits[k][0], hits[k][1]
    size = a_end - a_start
    j = k - 1
    while j >= 0 and hits[j][1] > a_start:
        h = hits[j]
        if h[0] < a_end and h[1] - h[0] >= size:
            return False
        j -= 1
    j = k + 1
    while j < len(hits) and hits[j][1] < a_end + longest:
        h = hits[j]
        if h[0] < a_end and h[1] - h[0] >= size:
            return False
        j += 1
    return True


_CHAIN_WORDS = ("", "and", "or")  # what may join two names of one title


def drop_title_chains(hits: list, title_starts: list[int], norm_text: str) -> list:
    """Drop names that run into a job title: "Full Stack Java Developer", "React/HTML5 Tech Lead".

    `title_starts` are where the names right before a title noun start; a hit separated from
    one of them by nothing but spaces, "/", "-" or "&", or by "and" / "or" ("backend and
    full stack developers"), belongs to the title too, and so on leftwards.
    """
    starts = set(title_starts)
    dropped = set()
    for hit in sorted(hits, key=lambda h: -h[1]):
        end = hit[1]
        for start in starts:  # a few: one per title in the posting, and the names chained to it
            if 0 <= start - end < 7 and norm_text[end:start].strip(" /-&") in _CHAIN_WORDS:
                break
        else:
            continue
        starts.add(hit[0])
        dropped.add(hit)
    return [hit for hit in hits if hit not in dropped] if dropped else hits
