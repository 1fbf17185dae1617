"""Raw HTML tags that swallow the rest of a story when they are left open.

Markdown passes raw HTML through. In HTML the content of ``<style>``,
``<script>``, ``<title>``, ``<textarea>``, ``<iframe>``... is not markup but
raw text that runs to the tag's own closing tag; left open, such a tag takes
every paragraph after it, which the sanitiser then deletes (``<style>``,
``<script>``, ``<template>``) or shows as code (``<title>``, ``<xmp>``...).
``<plaintext>`` has no closing tag at all. The checker reports each with the
line of its opening tag; the reader checks besides that no text vanished.
"""

from __future__ import annotations

import re

# Elements whose content the HTML parser reads as raw text up to their closing tag
# (the HTML standard's raw text and escapable raw text elements, noscript as in a
# browser with scripts on, template whose content the sanitiser drops).
RAW_TEXT_ELEMENTS = (
    "script",
    "style",
    "title",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "template",
    "plaintext",
)
_OPENING = re.compile(r"<(" + "|".join(RAW_TEXT_ELEMENTS) + r")(?=[\s/>])", re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
# A code span ends in its paragraph: it never crosses a blank line.
_CODE_SPAN = re.compile(r"(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.DOTALL)


def unclosed_elements(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, tag name) of the first raw-text element ``body`` opens and never closes.

    Code (fenced, indented, or between backquotes) is text, not HTML, and is
    left out. At most one is reported: everything after it is swallowed.
    """
    if "<" not in body:
        return []
    text = _without_code(body)
    position = 0
    while opening := _OPENING.search(text, position):
        name = opening[1].lower()
        closing = None
        if name != "plaintext":
            closing = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, opening.end())
        if closing is None:
            return [(first_line + text.count("\n", 0, opening.start()), name)]
        position = closing.end()
    return []


def _without_code(body: str) -> str:
    """``body`` with code blocks and code spans blanked out, line numbers kept."""
    lines = body.split("\n")
    fence = None
    after_blank, in_list = True, False
    for number, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence):
                fence = None
            lines[number] = ""
            continue
        if opened:
            fence = opened[1]
            lines[number] = ""
            continue
        if after_blank and not in_list and line.startswith(("    ", "\t")) and line.strip():
            lines[number] = ""  # an indented code block (in a list, it continues an item)
            continue  # the next indented line belongs to the same block
        if _LIST_ITEM.match(line):
            in_list = True
        elif after_blank and line.strip() and not line.startswith((" ", "\t")):
            in_list = False  # a paragraph after a blank line ends the list
        after_blank = not line.strip()
    return _CODE_SPAN.sub(lambda span: re.sub(r"[^\n]", " ", span[0]), "\n".join(lines))
