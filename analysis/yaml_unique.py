"""YAML mappings whose keys must be unique.

PyYAML keeps the last of two equal keys without a word, so a second `skills:` section in a
profile, or a second `require_case` in a context rule, would silently drop the first.
"""

from __future__ import annotations

import yaml


def check_unique_keys(loader: yaml.SafeLoader, node: yaml.MappingNode) -> None:
    """Raise a ConstructorError (a YAMLError, with the line) at a key the mapping already has."""
    seen: dict[object, int] = {}  # key -> line; a scalar key is always hashable
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue  # a complex key: nothing a person writes here
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f'duplicate key "{key}" (first on line {seen[key]})',
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
