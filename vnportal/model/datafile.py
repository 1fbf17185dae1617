"""Small YAML data files in content/ (topics.yml, contacts.yml), read with their line numbers.

Values are kept as the text typed (``No`` stays "No", ``0273 3 873 344`` stays
a phone number), in NFC, and every problem names the file and the line, like a
story's front matter.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import ContentError
from .frontmatter import decode
from .vietnamese import nfc

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# What content/ may hold beside the language folders and images.
DATA_FILES = ("topics.yml", "contacts.yml")


def read_data_file(path: Path) -> yaml.Node | None:
    """The file's YAML as nodes (None when it is empty); ContentError when unreadable."""
    text = decode(path.read_bytes(), path)
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark, reason = error.problem_mark or error.context_mark, error.problem or error.context
        fix = (
            "check the quotes and the 'name: value' form on that line; put text "
            "containing ':' or '#' in double quotes"
        )
        if error.context_mark is not None and "quoted scalar" in (error.context or ""):
            # YAML notices at the end of the file; the quote to close is where it opened.
            mark, reason = error.context_mark, "a quote opened on this line is never closed"
            fix = "end the text with the same quote mark it starts with (\" or ')"
        line = mark.line + 1 if mark else None
        raise ContentError(path, f"the file is not valid YAML ({reason})", fix, line) from None
    except yaml.YAMLError as error:
        raise ContentError(
            path, f"the file is not valid YAML ({error})", "check its syntax"
        ) from None


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def mapping_items(
    node: yaml.Node | None, path: Path, what: str, example: str
) -> list[tuple[str, int, yaml.Node]]:
    """The ``key: value`` items of a mapping node: (key text, its line, value node).

    ``what`` names the mapping in messages; ``example`` shows one correct line.
    A key given twice is refused, naming both lines.
    """
    if node is None:
        return []
    if not isinstance(node, yaml.MappingNode):
        raise ContentError(
            path,
            f"{what} must be a list of 'name: value' lines",
            f"write e.g. {example}",
            line_of(node),
        )
    items = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = scalar_text(key_node, path, f"a name in {what}")
        if key in seen:
            raise ContentError(
                path,
                f"'{key}' appears twice in {what} (first on line {seen[key]})",
                "keep one of the two lines",
                line_of(key_node),
            )
        seen[key] = line_of(key_node)
        items.append((key, line_of(key_node), value_node))
    return items


def scalar_text(node: yaml.Node, path: Path, what: str) -> str:
    """A node's text, in NFC and without surrounding spaces; it must not be empty."""
    if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":binary"):
        raise ContentError(
            path, f"{what} must be a single text", "write it on one line", line_of(node)
        )
    text = nfc(str(node.value)).strip()
    if not text:
        raise ContentError(
            path, f"{what} is empty", "write the text, or remove the line", line_of(node)
        )
    return text
