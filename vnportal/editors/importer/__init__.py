"""Import old-portal articles as Vietnamese stories.

Inputs: copied text, saved pages (with their photos when saved "complete"),
saved copies of whole sites, RSS/Atom feeds and WordPress exports. Each
article is read into an ``ImportedStory`` and written as Markdown with YAML
front matter under ``content/vi/<yyyy>/<mm>/``, its photos under
``content/images/<yyyy>/<mm>/``, with a report of what was found and what is
left to do. Nothing is ever overwritten, and importing the same input twice
changes nothing.

Imports go one way, from the bottom up:

* ``story``: the story model and how it is written as Markdown;
* ``dates``, ``papers``, ``people``: dates in every Vietnamese form, papers'
  short names, bylines;
* ``text_rules``: Vietnamese text rules the readers share (copy noise, date
  lines, bylines, captions, tags);
* ``markup``: the sanitiser and the HTML → Markdown converter; ``fallback``:
  trafilatura and htmldate for layouts no rule knows;
* ``text``, ``html``, ``feeds``, ``mirror``: one reader per input kind;
  ``photos``: finding and copying the photo files;
* ``batch``: choosing the reader, the command-line overrides, writing, the report.
"""

from .batch import Overrides, format_report, import_files, parse_file, write_csv
from .html import parse_html
from .story import render_story

__all__ = [
    "Overrides",
    "format_report",
    "import_files",
    "parse_file",
    "parse_html",
    "render_story",
    "write_csv",
]
