"""Articles copied from old-portal pages as plain text → ImportedStory.

After the copy noise is gone (``text_rules.clean_lines``), the date line is
the first line that is one; the title is the first remaining line, the lead
the next one (a leading ``(ABO)`` in it is the source), and the last line, if
in capitals, is the byline (``CAO THẮNG`` → author ``Cao Thắng``). The lines
in between are paragraphs and photo captions (``text_rules.body_blocks``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...model.errors import ContentError
from .story import ImportedStory
from .text_rules import (
    body_blocks,
    byline_author,
    clean_lines,
    find_date_line,
    finish,
    split_source,
)


def parse_text(
    text: str,
    origin: str = "<text>",
    tag_keywords: Mapping[str, Sequence[str]] | None = None,
) -> ImportedStory:
    """An ImportedStory from an article copied from an old portal page."""
    lines, cleaning = clean_lines(text)
    if not lines:
        raise ContentError(
            origin, "the file has no text", "copy the article into it: date line, title, text"
        )
    index, dated = find_date_line(lines, origin)
    rest = [line.text for position, line in enumerate(lines) if position != index]
    if not rest:
        raise ContentError(origin, "there is no title after the date line", "add the title")
    story = ImportedStory(origin=origin, title=rest[0], date=dated.moment)
    story.has_time = dated.has_time
    story.cleaned = cleaning.notes()
    if dated.warning:
        story.missing.append(dated.warning)
    body = _take_byline(story, rest[1:])
    if body:
        story.source, story.lead = split_source(body[0])
        body = body[1:]
    story.blocks = body_blocks(body)
    finish(story, tag_keywords)
    return story


def _take_byline(story: ImportedStory, lines: list[str]) -> list[str]:
    if lines and (byline := byline_author(lines[-1])):
        story.author, note = byline
        if note:
            story.missing.append(f"byline note not kept: '({note})'")
        return lines[:-1]
    return lines
