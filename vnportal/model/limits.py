"""How much one story may hold, in one table.

Past these sizes a file is a mistake (a paste gone wrong, a generated file),
not a story: 2,000 tags on one story once took a build eleven minutes and
654 MB of pages. The checker reports each as an error at its line, so the
build stops before making any page. A site changes any of them in
``pelicanconf.py``, e.g. ``PORTAL_LIMITS = {"tags_per_story": 40}``; the rest
keep their defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from .errors import ContentError
from .frontmatter import Story
from .whole_numbers import is_whole_number

SETTING = "PORTAL_LIMITS"


@dataclass(frozen=True)
class Limits:
    """The largest story the portal accepts."""

    # Tags on one story: each is a page and two feeds; news stories use a handful.
    tags_per_story: int = 30
    # Characters in a title; the checker already warns from 200 (cut in search results).
    title_chars: int = 300
    # Characters in the summary, the bold lead: a few sentences.
    summary_chars: int = 1000
    # Bytes of a story's Markdown text (UTF-8): a long decree is a few hundred KB.
    body_bytes: int = 1_000_000


def limits_of(settings: dict[str, Any]) -> Limits:
    """The defaults, with what the site set in ``PORTAL_LIMITS``.

    An unknown name or a value that is not a positive whole number is refused,
    so that a typo does not silently leave a limit at its default.
    """
    chosen = settings.get(SETTING) or {}
    known = [limit.name for limit in fields(Limits)]
    for name, value in chosen.items():
        if name not in known:
            raise ValueError(f"{SETTING}: unknown limit {name!r}; the limits are {known}")
        if not is_whole_number(value, 1):
            raise ValueError(f"{SETTING}: {name!r} must be a whole number above 0, not {value!r}")
    return replace(Limits(), **chosen)


def limit_errors(story: Story, limits: Limits) -> list[ContentError]:
    """One error for each limit ``story`` goes past, at the line of its field."""
    errors = []
    path, line = story.path, story.line_of
    if len(story.tags) > limits.tags_per_story:
        errors.append(
            ContentError(
                path,
                f"the story has {len(story.tags)} tags, more than the portal's limit of "
                f"{limits.tags_per_story}",
                "keep the few words readers would look the story up by; each tag "
                f"makes a page and two feeds ({SETTING} in pelicanconf.py sets the limit)",
                line("tags"),
            )
        )
    for name, most in (("title", limits.title_chars), ("summary", limits.summary_chars)):
        text = getattr(story, name) or ""
        if len(text) > most:
            errors.append(
                ContentError(
                    path,
                    f"the {name} has {len(text)} characters, more than the portal's limit "
                    f"of {most}",
                    f"shorten it; the story's text goes below the front matter "
                    f"({SETTING} in pelicanconf.py sets the limit)",
                    line(name),
                )
            )
    size = len(story.body.encode("utf-8"))
    if size > limits.body_bytes:
        errors.append(
            ContentError(
                path,
                f"the story's text is {size:,} bytes, more than the portal's limit of "
                f"{limits.body_bytes:,}",
                f"split it into several stories ({SETTING} in pelicanconf.py sets the limit)",
                story.body_line,
            )
        )
    return errors
