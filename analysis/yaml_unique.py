"""YAML mappings whose keys must be unique.

PyYAML keeps the last of two equal keys without a word, so a second `skills:` section in a
profile, or a second `require_case` in a context rule, would silently drop the first.
"""

from __future__ import annotations

import yaml


def check_unique_keys(loader: yaml.SafeLoader, node: yaml.MappingNode) -> None:
    """Raise a ConstructorError (a YAMLError, with the line) at a key the mapping already has."""
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue  # a complex key: nothing a person writes here
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.setdefault(key, key_node.start_mark.line + 1)
        except TypeError:
            continue  # an unhashable key: the constructor reports it
        if first != key_node.start_mark.line + 1:
            raise yaml.constructor.ConstructorError(
                None, None, f'duplicate key "{key}" (first on line {first})', key_node.start_mark
            )
