"""Markdown extension: wide tables scroll inside a labelled, focusable region.

On a 360 px phone a table wider than the screen must scroll by itself, and a
scrolling region must be reachable by keyboard (WCAG 2.1.1) and named for
screen readers, hence ``role="region"``, ``tabindex="0"`` and ``aria-label``.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.etree import ElementTree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class TableRegionTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, label: Callable[[int], str]) -> None:
        super().__init__(md)
        self.label = label

    def run(self, root: ElementTree.Element) -> None:
        number = 0
        for parent in list(root.iter()):
            for position, child in enumerate(list(parent)):
                if child.tag != "table":
                    continue
                number += 1
                wrapper = ElementTree.Element(
                    "div",
                    {
                        "class": "table-wrap",
                        "role": "region",
                        "tabindex": "0",
                        "aria-label": self.label(number),
                    },
                )
                parent.remove(child)
                wrapper.append(child)
                wrapper.tail, child.tail = child.tail, None
                parent.insert(position, wrapper)


class TableRegionExtension(Extension):
    def __init__(self, label: Callable[[int], str], **kwargs) -> None:
        self.label = label
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(TableRegionTreeprocessor(md, self.label), "portal_tables", 4)
