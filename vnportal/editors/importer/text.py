"""Articles copied from old-portal pages as plain text → ImportedStory.

After the copy noise is gone (``text_rules.clean_lines``), the date line is
the first line that is one (a byline with the date after the name, as
``TUẤN HƯƠNG 11:29, 11/07/2024``, gives the author too); the title is the
first remaining line, the lead the next one (a leading ``(ABO)`` in it is
the source), and the last line, if it reads as a byline, names the authors
(``CAO THẮNG`` → ``Cao Thắng``, ``Theo Hồ Hương``, ``Hà Thu (tổng hợp)``). The
lines in between are paragraphs and photo captions (``text_rules.body_blocks``).
Without a date line, a day named in the lead's first sentence
(``Ngày 09/4/2021, …``) dates the story; without that either, the date given
on the command line does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...model.errors import ContentError
from .dates import DateLine, NoDateError
from .people import closing_byline, read_byline
from .story import ImportedStory
from .text_rules import (
    DATE_LINE_EXAMPLE,
    body_blocks,
    clean_lines,
    date_in_first_sentence,
    find_date_line,
    finish,
    split_source,
)


def parse_text(
    text: str,
    origin: str = "<text>",
    tag_keywords: Mapping[str, Sequence[str]] | None = None,
    given_date: DateLine | None = None,
) -> ImportedStory:
    """An ImportedStory from an article copied from an old portal page."""
    lines, cleaning = clean_lines(text)
    if not lines:
        raise ContentError(
            origin, "the file has no text", "copy the article into it: date line, title, text"
        )
    try:
        index, dated, byline = find_date_line(lines, origin)
    except NoDateError:
        index, dated, byline = -1, None, ""
    rest = [line.text for position, line in enumerate(lines) if position != index]
    if not rest:
        raise ContentError(origin, "there is no title after the date line", "add the title")
    notes = []
    if dated is None:
        lead = rest[1] if len(rest) > 1 else ""
        dated = date_in_first_sentence(split_source(lead)[1]) or given_date
        if dated is None:
            raise NoDateError(
                origin, "no date line found", f"add one like '{DATE_LINE_EXAMPLE}' at the top"
            )
        if dated is not given_date:
            notes.append("the date is the day the lead's first sentence names")
    story = ImportedStory(origin=origin, title=rest[0], date=dated.moment)
    story.has_time = dated.has_time
    story.cleaned = cleaning.notes()
    story.notes = notes
    if dated.warning:
        story.missing.append(dated.warning)
    if byline and (read := read_byline(byline)) is not None:
        story.authors = read.names
    body = _take_byline(story, rest[1:])
    if body:
        source, story.lead = split_source(body[0])
        story.source = source or story.source
        body = body[1:]
    story.blocks = body_blocks(body)
    finish(story, tag_keywords)
    return story


def _take_byline(story: ImportedStory, lines: list[str]) -> list[str]:
    if not lines or (byline := closing_byline(lines[-1])) is None:
        return lines
    if byline.names and not story.authors:
        story.authors = byline.names
    if byline.credited:
        story.source = story.source or byline.credited
    if byline.note:
        story.missing.append(f"byline note not kept: '({byline.note})'")
    return lines[:-1]
