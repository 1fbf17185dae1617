"""The A–Z tag index of a language's tags page (grouping rules: vnportal/model/taxonomy.py)."""

from __future__ import annotations

from typing import Any

from ..model.taxonomy import IndexedTerm, letter_groups
from .run import language_run


def add_term_indexes(generator: Any) -> None:
    """Put the A–Z tag index (with counts) into the context of the tags page."""
    lang = language_run(generator.settings).lang
    terms = (
        IndexedTerm(name=tag.name, url=tag.url, count=len(articles))
        for tag, articles in generator.tags.items()
    )
    generator.context["tag_index"] = letter_groups(terms, lang)
