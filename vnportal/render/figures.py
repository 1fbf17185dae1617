"""Markdown extension: a photo alone in its paragraph, with a title, is a figure.

Editors write ``![alt](path "Caption")``; readers get
``<figure><img alt><figcaption>Caption</figcaption></figure>``, the way Vietnamese
papers print photo captions under the picture.
"""

from __future__ import annotations

from xml.etree import ElementTree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class FigureTreeprocessor(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        for paragraph in list(root.iter("p")):
            image = _lone_captioned_image(paragraph)
            if image is None:
                continue
            caption = image.attrib.pop("title")
            paragraph.tag = "figure"
            paragraph.text = None
            image.tail = None
            figcaption = ElementTree.SubElement(paragraph, "figcaption")
            figcaption.text = caption


def _lone_captioned_image(paragraph: ElementTree.Element) -> ElementTree.Element | None:
    children = list(paragraph)
    if len(children) != 1 or children[0].tag != "img":
        return None
    image = children[0]
    if (paragraph.text or "").strip() or (image.tail or "").strip():
        return None
    if not image.get("title", "").strip():
        return None
    return image


class FigureExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After inline processing (priority 20) so the <img> elements exist.
        md.treeprocessors.register(FigureTreeprocessor(md), "portal_figures", 5)
