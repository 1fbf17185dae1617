"""The home page's featured stories: those marked ``featured: true``, newest first.

They are shown in a block of their own beside the lead story (the newest story,
which is never repeated there); ``PORTAL_FEATURED_STORIES`` sets how many.
"""

from __future__ import annotations

from typing import Any

from ..model.errors import BuildError
from ..model.whole_numbers import is_whole_number

SETTING = "PORTAL_FEATURED_STORIES"
DEFAULT_COUNT = 3  # one row of cards on a wide screen


def featured_count(settings: dict[str, Any]) -> int:
    """The setting, checked: a whole number, 0 for no featured block."""
    count = settings.get(SETTING, DEFAULT_COUNT)
    if not is_whole_number(count, 0):
        raise BuildError([f"pelicanconf.py: {SETTING} must be a whole number, not {count!r}"])
    return count


def featured_stories(articles: list[Any], count: int) -> list[Any]:
    """The newest ``count`` featured stories of ``articles`` (newest first), but the lead."""
    return [article for article in articles[1:] if getattr(article, "featured", False)][:count]


LATEST_COUNT = 6  # five beside a story, one more in case it is the story itself


def plan_featured(generator: Any) -> None:
    """After the articles are read and ordered: the home page's ``featured_stories``, and
    the ``latest_stories`` shown beside every story (partials/story_aside.html)."""
    count = featured_count(generator.settings)
    generator.context["featured_stories"] = featured_stories(generator.articles, count)
    generator.context["latest_stories"] = generator.articles[:LATEST_COUNT]
