"""Context rules: when a hit of an ambiguous form ("R", "Go", "Excel", "German") counts.

The rules live in `data/taxonomy/context_rules.yaml` (its comments describe the vocabulary).
`load_context_rules` parses them into `ContextRule`s keyed by match key, their phrases as
`Adjacent` and `WordSet` (phrases.py), together with the rules for every form (`EVERY_FORM`:
job titles, job_titles.py), for the sentences about the employer (`SentenceCues`,
sentence_context.py) and for the posting's own employer (`EmployerName`, employer_name.py).
rule_checks.py judges hits against them; `Extractor` applies them to its hits.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from analysis.skills.asked import AskedModel
from analysis.skills.employer_name import EMPLOYER_NAME, EmployerName, parse_employer_name
from analysis.skills.normalise import match_key
from analysis.skills.phrases import Adjacent, WordSet
from analysis.skills.sentence_context import SENTENCE_CUES, SentenceCues, parse_sentence_cues
from analysis.skills.taxonomy import BUILTIN_FOLDER, TaxonomyError, form_key
from analysis.yaml_unique import check_unique_keys

RULES_PATH = BUILTIN_FOLDER / "context_rules.yaml"

_RULE_KEYS = {
    "forms", "categories", "require_case", "forbid_preceding", "forbid_following", "forbid_nearby",
    "accept_case", "preceded_by", "followed_by", "nearby", "window", "list_context",
}  # fmt: skip


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
    cues = parse_sentence_cues(data.get("sentence_context"), source, expand)
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


def _list_keys(items: list, expand, where: str) -> frozenset[str]:
    """list_context items as match keys; "@category:Name" (any skill of a category) kept as is."""
    categories = {str(i) for i in items if str(i).startswith(CATEGORY_PREFIX)}
    rest = [i for i in items if str(i) not in categories]
    return frozenset(categories | {match_key(w) for w in expand(rest, where)})


def fingerprint(rule: ContextRule | SentenceCues | EmployerName | AskedModel) -> list:
    """The rule as plain JSON-able values, for `Extractor.version`: its fields, not what
    __post_init__ derives from them."""

    def plain(value):
        if isinstance(value, (WordSet, Adjacent)):
            return sorted(value.phrases)
        if isinstance(value, frozenset):
            return sorted(value)
        if isinstance(value, tuple):  # SentenceCues.unless / reach: (context, value) pairs
            return [plain(v) for v in value]
        return value.pattern if isinstance(value, re.Pattern) else value

    return [plain(getattr(rule, f.name)) for f in dataclasses.fields(rule)]
