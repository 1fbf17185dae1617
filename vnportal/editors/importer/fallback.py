"""Well-kept libraries for pages no rule of ours recognises.

* ``main_html``: the main text of a page with an unknown layout, by
  trafilatura (boilerplate removal), as HTML for our own sanitiser and
  converter to read;
* ``guessed_date``: a publication date found by htmldate in the markup, when
  the page shows none that our rules can read.

Both are imported only when needed (they take a quarter of a second to load)
and any failure of theirs means "nothing found", never a traceback.
"""

from __future__ import annotations

import logging

from .dates import DateLine, parse_machine_date

# Pages bigger than this are not handed to the libraries (the importer's own
# limit is larger): their cost is not ours to bound.
LIBRARY_MAX_CHARS = 3_000_000


def main_html(html: str) -> str | None:
    """The article's text as HTML (paragraphs, headings, lists, tables, photos), or None."""
    if len(html) > LIBRARY_MAX_CHARS:
        return None
    try:
        import trafilatura

        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
        return trafilatura.extract(
            html,
            output_format="html",
            include_images=True,
            include_tables=True,
            include_formatting=True,
            include_links=True,
            include_comments=False,
            favor_recall=True,
            deduplicate=False,
        )
    except Exception:
        return None


def guessed_date(html: str) -> DateLine | None:
    """The page's original publication date as htmldate finds it, or None."""
    if len(html) > LIBRARY_MAX_CHARS:
        return None
    try:
        import htmldate

        logging.getLogger("htmldate").setLevel(logging.CRITICAL)
        found = htmldate.find_date(
            html,
            original_date=True,
            outputformat="%Y-%m-%dT%H:%M:%S",
            extensive_search=True,
        )
    except Exception:
        return None
    if not found:
        return None
    dated = parse_machine_date(found)
    if dated is None:
        return None
    # htmldate writes midnight when it found a day only.
    return DateLine(dated.moment, dated.moment.hour != 0 or dated.moment.minute != 0)
