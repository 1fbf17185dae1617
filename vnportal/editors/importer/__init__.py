"""Import old-portal articles (copied text or saved HTML) as Vietnamese stories.

Each file is read into an ``ImportedStory`` and written as Markdown with YAML
front matter under ``content/vi/<yyyy>/<mm>/``, with a report of what was
found and what is left to do. Nothing is ever overwritten, and importing the
same input twice changes nothing.

Imports go one way, from the bottom up:

* ``story``: the story model and how it is written as Markdown;
* ``text_rules``: Vietnamese text rules the readers share (copy noise, date
  lines, bylines, captions, tags);
* ``text`` and ``html``: one reader per input kind (copied text, saved page);
* ``batch``: reading files with the right reader, writing the stories, the report.
"""

from .batch import format_report, import_files, parse_file
from .html import parse_html
from .story import render_story

__all__ = ["format_report", "import_files", "parse_file", "parse_html", "render_story"]
