"""Skills of a list someone already wrote ("Python, AWS, react"), mapped to taxonomy ids."""

from __future__ import annotations

import re

from analysis.skills.extractor import Extractor
from analysis.skills.taxonomy import Taxonomy

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
