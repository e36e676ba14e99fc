"""YAML composed with care: no aliases, no deep nesting, no duplicate keys.

Front matter is written by editors who are not fully trusted. A YAML alias
(``*name``) lets a few hundred bytes stand for billions of values (the "billion
laughs"), deep nesting exhausts the parser's stack, and a duplicate key shows a
reviewer one value while the site uses the other. All are refused while the text
is composed into nodes, before any value is built from them.
"""

from __future__ import annotations

from typing import Any

import yaml

from checks.problems import ProblemKind

MAX_DEPTH = 16
"""The deepest nesting composed; front matter needs three levels (field, list, entry)."""


class Refused(yaml.MarkedYAMLError):
    """YAML the loader will not compose, with the kind of problem and its fix."""

    def __init__(self, kind: ProblemKind, message: str, fix: str, mark: Any) -> None:
        super().__init__(problem=message, problem_mark=mark)
        self.kind, self.message, self.fix = kind, message, fix


class StrictLoader(yaml.SafeLoader):
    """A safe loader whose composer refuses aliases and deep nesting on sight."""

    MERGE_TAG = "tag:yaml.org,2002:merge"

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            # Refused before the composer looks the anchor up: nothing is ever shared.
            raise Refused(
                ProblemKind.YAML_ALIAS,
                f"YAML aliases (*{event.anchor}) are not allowed",
                f"write the value out in full where '*{event.anchor}' stands",
                event.start_mark,
            )
        if self._depth >= MAX_DEPTH:
            raise Refused(
                ProblemKind.FRONT_MATTER,
                f"front matter is nested more than {MAX_DEPTH} levels deep",
                "write each field as text, a list of text, or a list of 'rule'/'reason' entries",
                event.start_mark,
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def duplicate_keys(root: yaml.Node, first_line: int) -> list[Refused]:
    """A problem at every key given twice in one mapping, and at every merge key (``<<``).

    ``first_line`` is the file line the YAML starts on, to name the first key's line.
    """
    found = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        if not isinstance(node, yaml.MappingNode):
            continue
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            stack += [key_node, value_node]
            line = key_node.start_mark.line + first_line
            if key_node.tag == StrictLoader.MERGE_TAG:
                found.append(
                    Refused(
                        ProblemKind.YAML_ALIAS,
                        "YAML merge keys (<<) are not allowed",
                        "write the fields out in full",
                        key_node.start_mark,
                    )
                )
            elif isinstance(key_node, yaml.ScalarNode) and key_node.value in seen:
                found.append(
                    Refused(
                        ProblemKind.DUPLICATE_KEY,
                        f"'{key_node.value}' is given twice (first on line "
                        f"{seen[key_node.value]}): readers would see one value, the site the other",
                        f"keep one '{key_node.value}:' and delete the other",
                        key_node.start_mark,
                    )
                )
            elif isinstance(key_node, yaml.ScalarNode):
                seen[key_node.value] = line
    return found


def node_lines(mapping: yaml.MappingNode, first_line: int) -> dict[str, int]:
    """The file line of each field, each item of a list field, and each key of such an item.

    Keys are ``field``, ``field.index`` and ``field.index.key`` (``allow.0.rule``), and
    ``field.text`` for the first line of a text value (``why.text``).
    """
    lines = {}
    for key_node, value_node in mapping.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = key_node.value
        lines[key] = key_node.start_mark.line + first_line
        if isinstance(value_node, yaml.ScalarNode):
            # Where the text itself starts: a block scalar ('|' or '>') opens on the next line.
            block = value_node.style in ("|", ">")
            lines[f"{key}.text"] = value_node.start_mark.line + first_line + block
        if not isinstance(value_node, yaml.SequenceNode):
            continue
        for index, item in enumerate(value_node.value):
            lines[f"{key}.{index}"] = item.start_mark.line + first_line
            if isinstance(item, yaml.MappingNode):
                for sub_key, _ in item.value:
                    if isinstance(sub_key, yaml.ScalarNode):
                        lines[f"{key}.{index}.{sub_key.value}"] = (
                            sub_key.start_mark.line + first_line
                        )
    return lines
