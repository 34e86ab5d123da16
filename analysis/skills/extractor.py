"""Find skill mentions in text: one Aho-Corasick automaton over every name and alias.

How a match is found, in order:

1. `normalise` cleans the text (case, Unicode, markup) and keeps the offset map.
2. `boundary_text` turns every separator into a space, keeping the punctuation that is part
   of a name: "+" and "#" after a letter (C++, C#), "." before a letter (.NET, Node.js), "&"
   between letters (R&D). Names go through the same function and are padded with one space on
   each side, so the automaton itself enforces word boundaries: " sql " cannot match inside
   "nosql", " c " cannot match "c++" or "c#", " aws " cannot match "laws". No per-character
   Python runs over the text; Python only sees the hits.
3. Ambiguous forms ("r", "go", "excel", ...) are kept or dropped by the context rules in
   `data/taxonomy/context_rules.yaml` (see the comments there for the vocabulary).
4. Overlapping hits: the longest wins ("Apache Spark" over "Spark").
5. Offsets are mapped back, so `mention.text == original[start:end]`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import ahocorasick
import pandas as pd
import yaml

from analysis.skills.normalise import boundary_text, match_key, normalise
from analysis.skills.taxonomy import BUILTIN_FOLDER, Taxonomy, TaxonomyError, form_key

RULES_PATH = BUILTIN_FOLDER / "context_rules.yaml"

# What may stand between two items of a list: "R, Python", "C/C++", "SQL or R", bullets.
_LIST_GAP = re.compile(r"[\s,;/|&+()\-]*(?:(?:and|or|as well as)[\s,;/|&+()\-]*)?")


@dataclass(frozen=True)
class Mention:
    skill_id: str
    start: int
    end: int
    text: str


def _mention(skill_id: str, start: int, end: int, text: str, _new=object.__new__) -> Mention:
    # A frozen dataclass's __init__ pays one object.__setattr__ per field; filling __dict__
    # directly builds an identical Mention in half the time (a posting yields ~20 of them).
    mention = _new(Mention)
    mention.__dict__.update(skill_id=skill_id, start=start, end=end, text=text)
    return mention


# --------------------------------------------------------------------------- context rules

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

    @classmethod
    def of(cls, words: Iterable[str]) -> WordSet | None:
        phrases = frozenset(tuple(_TOKEN.findall(form_key(w))) for w in words) - {()}
        return cls(phrases, max(map(len, phrases))) if phrases else None

    def found_in(self, text: str, start: int, end: int) -> bool:
        """Does text[start:end] hold one of the phrases as whole tokens?"""
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


def load_context_rules(path: str | Path | None = None) -> dict[str, ContextRule]:
    """The rules file as {normalised form: rule}; a malformed rule raises TaxonomyError."""
    path = Path(path) if path is not None else RULES_PATH
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_RulesLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise TaxonomyError("Cannot read context rules", f"{path}: {exc}") from exc
    return parse_context_rules(data, source=path.name)


EVERY_FORM = "*"  # key of the rule applied to every hit ("*" is never a match key)
# Key prefix of a rule for the names of every skill in a category ("@" is never a match key).
CATEGORY_PREFIX = "@category:"


def parse_context_rules(data: Mapping, source: str = "context rules") -> dict[str, ContextRule]:
    """Rules from the parsed YAML structure (`window`, `word_sets`, `rules`, `every_form`)."""
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
            list_context=listed
            if isinstance(listed, bool)
            else frozenset(match_key(w) for w in expand(listed, where)),
        )
        needs = any(
            (rule.accept_case, rule.preceded_by, rule.followed_by, rule.nearby, rule.list_context)
        )
        rule = dataclasses.replace(rule, needs_acceptance=needs)
        for form in raw.get("forms") or []:
            rules[match_key(str(form))] = rule
        for category in raw.get("categories") or []:
            rules[CATEGORY_PREFIX + str(category)] = rule
    every = data.get("every_form") or {}
    if set(every) - {"forbid_following"}:
        unknown = sorted(set(every) - {"forbid_following"})
        raise TaxonomyError(
            "Bad context rule",
            f"{source}, every_form: only forbid_following is allowed, not {unknown}",
        )
    if every.get("forbid_following"):
        rules[EVERY_FORM] = ContextRule(
            forbid_following=Adjacent.of(expand(every["forbid_following"], "every_form"))
        )
    return rules


# --------------------------------------------------------------------------- the extractor


class Extractor:
    """Compiled matcher for one taxonomy and one set of context rules.

    Pickles cheaply (the automaton is rebuilt on arrival), so it can be shipped to a process
    pool or broadcast to Spark executors.
    """

    def __init__(
        self, taxonomy: Taxonomy, rules: Mapping[str, ContextRule] | str | Path | None = None
    ):
        self.taxonomy = taxonomy
        self.rules = dict(rules) if isinstance(rules, Mapping) else load_context_rules(rules)
        self._compile()

    def __getstate__(self) -> dict:
        return {"taxonomy": self.taxonomy, "rules": self.rules}

    def __setstate__(self, state: dict) -> None:
        self.taxonomy, self.rules = state["taxonomy"], state["rules"]
        self._compile()

    def _compile(self) -> None:
        owners = self.taxonomy.match_owners()
        self._keys = sorted(owners)
        self._skill_of = [owners[k] for k in self._keys]
        # A category rule covers each skill's name ("German"), not its aliases ("German
        # language"); a rule for the form itself wins.
        by_name = {}
        for skill in self.taxonomy:
            rule = self.rules.get(CATEGORY_PREFIX + skill.category)
            if rule is not None:
                by_name.setdefault(match_key(skill.name), rule)
        self._rule_of = [self.rules.get(k) or by_name.get(k) for k in self._keys]
        every = self.rules.get(EVERY_FORM)
        phrases = every.forbid_following.phrases if every and every.forbid_following else ()
        # Single words are checked by slicing (every hit pays for this check); phrases by regex.
        single = all(len(p) == 1 for p in phrases)
        self._title_words = frozenset(p[0] for p in phrases) if single else frozenset()
        self._title_noun = (
            _following_regex(every.forbid_following) if phrases and not single else None
        )
        self._name_key = {s.skill_id: match_key(s.name) for s in self.taxonomy}
        automaton = ahocorasick.Automaton()
        for index, key in enumerate(self._keys):
            automaton.add_word(f" {key} ", (len(key) + 2, index))
        if self._keys:
            automaton.make_automaton()
        self._automaton = automaton

    @property
    def version(self) -> str:
        """Changes whenever the taxonomy or the rules change: a cue to re-extract."""
        rules = sorted((k, _fingerprint(r)) for k, r in self.rules.items())
        digest = hashlib.sha256(json.dumps([self.taxonomy.version, rules]).encode()).hexdigest()
        return digest[:12]

    def mentions(self, text: str) -> list[Mention]:
        """Every skill mention in `text`, in order; `m.text == text[m.start:m.end]`."""
        if not text or not self._keys:
            return []
        norm = normalise(text)
        nt = norm.text
        bt = f" {boundary_text(nt)} "  # nt[i] is bt[i + 1]
        hits = []
        ruled = overlapping = False
        last_end = 0
        rule_of = self._rule_of
        titles = self._title_words
        for end, (length, index) in self._automaton.iter(bt):
            # The form is nt[end - length + 1 : end - 1]; bt[end] is its closing space.
            if (
                titles
                and nt[end - 1 : end] in (" ", "-")
                and bt[end + 1 : bt.find(" ", end + 1)] in titles
            ):
                continue  # "Java Developer": a job title (the every_form rule, inlined for speed)
            start = end - length + 1
            if start < last_end:
                overlapping = True
            elif end - 1 > last_end:
                last_end = end - 1
            ruled = ruled or rule_of[index] is not None
            hits.append((start, end - 1, index))
        if self._title_noun is not None:
            title_noun = self._title_noun.match
            hits = [h for h in hits if title_noun(norm.text, h[1]) is None]
        if ruled:
            hits = self._apply_rules(hits, norm.text, text, norm.to_original)
        if overlapping:
            hits = _longest_first(hits)
        skill_of = self._skill_of
        if not norm.norm_starts:  # plain text: offsets are already the original's
            return [_mention(skill_of[i], s, e, text[s:e]) for s, e, i in hits]
        mentions = []
        for start, end, index in hits:
            o_start, o_end = norm.to_original(start, end)
            mentions.append(_mention(skill_of[index], o_start, o_end, text[o_start:o_end]))
        return mentions

    def _apply_rules(self, hits, norm_text: str, original: str, to_original) -> list:
        rule_of = self._rule_of
        plausible = [
            hit for hit in hits
            if (rule := rule_of[hit[2]]) is None or _passes_vetoes(rule, hit, norm_text, original, to_original)
        ]  # fmt: skip
        kept = []
        for i, hit in enumerate(plausible):
            rule = rule_of[hit[2]]
            if (
                rule is None
                or not rule.needs_acceptance
                or _accepted(rule, hit, norm_text, original, to_original)
                or (rule.list_context and self._in_list(rule, plausible, i, norm_text))
            ):
                kept.append(hit)
        return kept

    def _in_list(self, rule: ContextRule, hits: list, i: int, norm_text: str) -> bool:
        """Is hits[i] next to another skill with only list punctuation between them?

        `hits` are in the automaton's order (by end), so the nearest neighbours are found by
        walking outwards from i; of two ending (or starting) at the same place the longer counts.
        """
        start, end, _ = hits[i]
        left = right = None
        for j in range(i - 1, -1, -1):
            h = hits[j]
            if h[1] <= start and (
                left is None or h[1] > left[1] or (h[1] == left[1] and h[0] < left[0])
            ):
                left = h
        for j in range(i + 1, len(hits)):
            h = hits[j]
            if h[0] >= end and (
                right is None or h[0] < right[0] or (h[0] == right[0] and h[1] > right[1])
            ):
                right = h
        for neighbour, gap in (
            (left, (left[1], start) if left else None),
            (right, (end, right[0]) if right else None),
        ):
            if neighbour is None or _LIST_GAP.fullmatch(norm_text, *gap) is None:
                continue
            if rule.list_context is True:
                return True
            index = neighbour[2]
            if (
                self._keys[index] in rule.list_context
                or self._name_key[self._skill_of[index]] in rule.list_context
            ):
                return True
        return False


def _following_regex(adjacent: Adjacent) -> re.Pattern:
    """`adjacent.after` as one anchored regex, for the rule checked on every hit."""
    phrases = sorted(
        (r"\s+".join(map(re.escape, p)) for p in adjacent.phrases), key=len, reverse=True
    )
    return re.compile(r"[\s\-]*(?:" + "|".join(phrases) + r")(?![^\W_])")


def _fingerprint(rule: ContextRule) -> list:
    def plain(value):
        if isinstance(value, (WordSet, Adjacent)):
            return sorted(value.phrases)
        if isinstance(value, frozenset):
            return sorted(value)
        return value.pattern if isinstance(value, re.Pattern) else value

    return [plain(v) for v in vars(rule).values()]


def _surface(hit, original: str, to_original) -> str:
    o_start, o_end = to_original(hit[0], hit[1])
    return unicodedata.normalize("NFKC", original[o_start:o_end])


def _passes_vetoes(rule: ContextRule, hit, norm_text: str, original: str, to_original) -> bool:
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


def _accepted(rule: ContextRule, hit, norm_text: str, original: str, to_original) -> bool:
    start, end, _ = hit
    if rule.accept_case is not None and _surface(hit, original, to_original) in rule.accept_case:
        return True
    if rule.preceded_by is not None and rule.preceded_by.before(norm_text, start):
        return True
    if rule.followed_by is not None and rule.followed_by.after(norm_text, end):
        return True
    return rule.nearby is not None and _near(rule.nearby, rule.window, norm_text, start, end)


def _longest_first(hits: list) -> list:
    """Drop hits overlapping a longer one (ties: the leftmost); result ordered by start."""
    hits = sorted(hits)
    out: list = []
    cluster = [hits[0]]
    cluster_end = hits[0][1]
    for hit in hits[1:]:
        if hit[0] < cluster_end:
            cluster.append(hit)
            if hit[1] > cluster_end:
                cluster_end = hit[1]
        else:
            out += _resolve(cluster) if len(cluster) > 1 else cluster
            cluster, cluster_end = [hit], hit[1]
    return out + _resolve(cluster)


def _resolve(cluster: list) -> list:
    """The non-overlapping choice within one run of overlapping hits, longest first."""
    if len(cluster) == 1:
        return cluster
    by_length = sorted(cluster, key=lambda h: (h[0] - h[1], h[0]))
    longest = by_length[0]
    if longest[0] == cluster[0][0] and longest[1] == max(h[1] for h in cluster):
        return [longest]  # the usual case: "Microsoft Excel" covers "Excel"
    chosen: list = []
    for c in by_length:
        for k in chosen:
            if c[0] < k[1] and k[0] < c[1]:
                break
        else:
            chosen.append(c)
    return sorted(chosen)


# --------------------------------------------------------------------------- batch helpers

COUNT_COLUMNS = ["posting_id", "skill_id", "count"]


def extract_counts(
    extractor: Extractor, texts: Iterable[str | None], ids: Iterable
) -> pd.DataFrame:
    """Mentions per (posting, skill), sorted by posting_id then skill_id; no row for zero.

    Columns: posting_id (str), skill_id (str), count (int64). A pure function of its inputs
    (the extractor holds no mutable state), so it runs unchanged in a process pool or inside
    Spark's mapInPandas. Missing texts (None, NaN) have no mentions.
    """
    posting_ids: list[str] = []
    skill_ids: list[str] = []
    counts: list[int] = []
    for posting_id, text in zip(ids, texts, strict=True):
        if not isinstance(text, str) or not text:
            continue
        found = Counter(m.skill_id for m in extractor.mentions(text))
        for skill_id, count in found.items():
            posting_ids.append(str(posting_id))
            skill_ids.append(skill_id)
            counts.append(count)
    frame = pd.DataFrame(
        {
            "posting_id": pd.Series(posting_ids, dtype="str"),
            "skill_id": pd.Series(skill_ids, dtype="str"),
            "count": pd.Series(counts, dtype="int64"),
        }
    )
    return frame.sort_values(["posting_id", "skill_id"], ignore_index=True)


def extract_frame(
    extractor: Extractor,
    df: pd.DataFrame,
    id_col: str = "posting_id",
    text_col: str = "description",
) -> pd.DataFrame:
    """`extract_counts` over two columns of `df`. Columns: posting_id, skill_id, count.

    Shaped for Spark: `df.mapInPandas(lambda frames: (extract_frame(ex, f) for f in frames),
    "posting_id string, skill_id string, count long")`.
    """
    return extract_counts(extractor, df[text_col].tolist(), df[id_col].tolist())


_LIST_ITEM_SPLIT = re.compile(r"[,;|\n]+")
_SUB_ITEM_SPLIT = re.compile(r"\s*/\s*|\s+&\s+|\s+and\s+|\s*\(|\)\s*")


def map_skill_list(
    taxonomy: Taxonomy, text: str | None, extractor: Extractor | None = None
) -> list[str]:
    """skill_ids for a pre-extracted list such as "Python, AWS, react" (python-jobspy's `skills`,
    Hacker News' `languages_frameworks`), in order of first appearance, without repeats.

    Each item is looked up whole ("CI/CD"), then split on "/", "&", "and", parentheses
    ("Ruby/Rails"), then with spaces removed ("Vue JS" = "VueJS") or a plural "s" dropped
    ("AWS Lambdas"). Items still unknown are scanned by `extractor` when one is given. No
    context rules: an item of a skills list is a skill ("Go" here is the language).
    """
    if not isinstance(text, str):
        return []
    found: list[str] = []
    for item in _LIST_ITEM_SPLIT.split(text):
        item = item.strip(" :*•\t").rstrip(".-")  # keep a leading dot: ".NET"
        if not item:
            continue
        ids = _lookup_item(taxonomy, item)
        if ids is None:
            parts = [p for p in _SUB_ITEM_SPLIT.split(item) if p.strip()]
            ids = [i for p in parts if len(parts) > 1 for i in (_lookup_item(taxonomy, p) or [])]
            if not ids and extractor is not None:
                ids = [m.skill_id for m in extractor.mentions(item)]
        for skill_id in ids or []:
            if skill_id not in found:
                found.append(skill_id)
    return found


def _lookup_item(taxonomy: Taxonomy, item: str) -> list[str] | None:
    for candidate in (item, item.replace(" ", ""), item[:-1] if item.lower().endswith("s") else ""):
        if candidate and (skill_id := taxonomy.lookup(candidate)) is not None:
            return [skill_id]
    return None
