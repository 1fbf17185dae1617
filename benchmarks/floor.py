"""The least CPU any cold build on the project's fixed stack needs: a floor under the cold targets.

``python -m benchmarks.floor CORPUS`` (a benchmark's folder, ``benchmarks/.corpus-N``,
after a run that had plain Pelican in it: its content and our output) measures,
one after the other, what no cold build of this portal can leave out or hand
to another tool, since Pelican, Python-Markdown and Pagefind are fixed:

- **Pelican, bare**: Pelican 4.12 on plain Pelican's copy of the corpus, one
  run a language, converting each story's Markdown once with the extensions
  pelicanconf.py names, and writing each story with a template that is only
  ``{{ article.content }}``: no feeds, no tag, category, author or list pages,
  no static files, no summaries;
- **Pagefind**: every story page of our output indexed, one part per language
  and year, through the build's own ``make_search_index`` (about 0.3 MB of
  memory a page, so not one part of 10,000 pages).

Their CPU, divided by the cores, is a time no build can beat even if
everything else (the portal's templates, feeds, lists, documents, photos,
checks and files) cost nothing and the cores were never idle.
Python-Markdown's share is measured on its own as well (the same files, the
same extensions). ``benchmarks.run`` prints the floor beside plain Pelican's
and Hugo's cold builds of the same run: a floor above a target's bound means
no speed-up of our own code can meet that target.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import runpy
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from markdown import Markdown

from vnportal.model.sources import LANGUAGES, url_prefix
from vnportal.render.reader import markdown_settings
from vnportal.site.search_index import Part, SearchPlan, make_search_index

ROOT = Path(__file__).resolve().parent.parent
# A story's page: <prefix>YYYY/MM/<slug>/index.html (pelicanconf.py's ARTICLE_SAVE_AS).
STORY_PAGE = re.compile(r"(\d{4})/\d{2}/[^/]+/index\.html")


@dataclass(frozen=True)
class Floor:
    stories: int  # written by bare Pelican (both languages)
    pelican_cpu: float  # Pelican bare, Markdown included
    markdown_cpu: float  # Python-Markdown alone, for its share of the above
    pages: int  # story pages indexed
    pagefind_cpu: float
    cores: int

    @property
    def cpu(self) -> float:
        return self.pelican_cpu + self.pagefind_cpu

    @property
    def seconds(self) -> float:
        """The wall time of a build doing only these steps, every core always busy."""
        return self.cpu / self.cores


# Bare Pelican: the story template is the story's HTML; every other template is
# empty and nothing but the stories is written.
TEMPLATES = (
    "archives", "article", "author", "authors", "categories", "category", "draft",
    "draft_page", "index", "page", "period_archives", "tag", "tags",
)  # fmt: skip
BARE_SETTINGS = """
# --- bare: the stories only (benchmarks/floor.py) ---
OUTPUT_PATH = {output!r}
THEME = {theme!r}
THEME_STATIC_PATHS = []
STATIC_PATHS = []
MARKDOWN = {markdown!r}
FORMATTED_FIELDS = []
DIRECT_TEMPLATES = []
PAGINATED_TEMPLATES = {{}}
DELETE_OUTPUT_DIRECTORY = False
from markdown import Markdown as _Markdown  # noqa: E402
from pelican.readers import MarkdownReader as _MarkdownReader  # noqa: E402
from pelican.utils import pelican_open as _pelican_open  # noqa: E402


class _OneConverter(_MarkdownReader):
    # Pelican's Markdown reader with one converter for all files, as our reader has
    # (Pelican's makes one a file: a fifth of its reading).

    converter = None

    def read(self, source_path):
        self._source_path = source_path
        if _OneConverter.converter is None:
            _OneConverter.converter = _Markdown(**self.settings["MARKDOWN"])
        self._md = _OneConverter.converter
        self._md.reset()
        with _pelican_open(source_path) as text:
            content = self._md.convert(text)
        meta = self._md.preprocessors["meta"]
        metadata = self._parse_metadata(self._md.Meta)  # takes the "meta" step out
        self._md.preprocessors.register(meta, "meta", 27)  # where its extension puts it
        return content, metadata


READERS = {{"md": _OneConverter}}
FEED_ATOM = FEED_RSS = FEED_ALL_ATOM = FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = TAG_FEED_ATOM = TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
TAGS_SAVE_AS = CATEGORIES_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
"""


def _bare_theme(folder: Path) -> Path:
    templates = folder / "templates"
    templates.mkdir(parents=True)
    for name in TEMPLATES:
        text = "{{ article.content }}" if name == "article" else ""
        (templates / f"{name}.html").write_text(text, encoding="utf-8")
    return folder


def pelican_cpu(corpus: Path, markdown: dict) -> tuple[int, float]:
    """Stories written and CPU seconds of bare Pelican (Markdown included), one run a
    language on plain Pelican's copy of the corpus (``corpus``/plain, with its settings)."""
    corpus = corpus.resolve()  # Pelican takes relative paths from the settings file
    work = Path(tempfile.mkdtemp(prefix=".floor-pelican-", dir=corpus))
    try:
        theme = _bare_theme(work / "theme")
        pelican = str(Path(sys.executable).with_name("pelican"))
        used = 0.0
        for lang in LANGUAGES:
            plain = corpus / "plain" / f"plain_{lang}.py"
            settings = work / f"bare_{lang}.py"
            output = work / "out" / lang
            bare = BARE_SETTINGS.format(output=str(output), theme=str(theme), markdown=markdown)
            settings.write_text(plain.read_text(encoding="utf-8") + bare, encoding="utf-8")
            before = _children_cpu()
            done = subprocess.run(
                [pelican, str(corpus / "plain" / "content"), "-s", str(settings), "-q"],
                capture_output=True,
                text=True,
            )
            used += _children_cpu() - before
            if done.returncode != 0:
                raise RuntimeError(f"bare Pelican failed ({lang}): {done.stderr[-2000:]}")
        stories = sum(1 for _ in (work / "out").rglob("*.html"))
        sources = sum(1 for _ in (corpus / "plain" / "content").rglob("*.md"))
        if stories != sources:  # Pelican skips a file it cannot read and goes on
            raise RuntimeError(f"bare Pelican wrote {stories} stories of {sources}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return stories, used


def markdown_options(code: Path = ROOT) -> dict:
    """Python-Markdown's arguments as pelicanconf.py in ``code`` sets them."""
    names, configs, options = markdown_settings(runpy.run_path(str(code / "pelicanconf.py")))
    return {"extensions": names, "extension_configs": configs, **options}


def markdown_cpu(content: Path, options: dict) -> tuple[int, float]:
    """How many Markdown files ``content`` (plain Pelican's copy: ``Key: value`` lines,
    a blank line, the body) holds and the CPU seconds of converting their bodies
    (read beforehand: reading is not counted)."""
    bodies = [
        path.read_text(encoding="utf-8").split("\n\n", 1)[-1]
        for path in sorted(content.rglob("*.md"))
    ]
    converter = Markdown(**options)
    started = time.process_time()
    for body in bodies:
        converter.reset()
        converter.convert(body)
    return len(bodies), time.process_time() - started


def story_parts(output: Path) -> dict[Part, list[str]]:
    """The story pages of ``output``, by language and year, as site-relative addresses."""
    parts: dict[Part, list[str]] = defaultdict(list)
    for lang in LANGUAGES:
        prefix = url_prefix(lang)
        top = output / prefix
        for page in top.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"):
            relpath = page.relative_to(top).as_posix()
            found = STORY_PAGE.fullmatch(relpath)
            if found:
                parts[Part(lang, found[1])].append(prefix + relpath.removesuffix("index.html"))
    return {part: sorted(pages) for part, pages in sorted(parts.items())}


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def pagefind_cpu(output: Path) -> tuple[int, float]:
    """How many story pages ``output`` has and the CPU seconds Pagefind takes to index them
    (its processes only; the links gathered for it are not counted)."""
    parts = story_parts(output)
    plan = SearchPlan(parts, {part.folder: "floor" for part in parts})
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.floor-", dir=output.parent))
    try:
        before = _children_cpu()
        make_search_index(output, staging, plan, previous={})
        used = _children_cpu() - before
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sum(len(pages) for pages in parts.values()), used


def measure_floor(corpus: Path, output: Path | None = None, code: Path = ROOT) -> Floor:
    """The floor on a benchmark's folder: plain Pelican's copy of the corpus for Pelican
    and Markdown, our output (``output``, default ``corpus``/out/ours) for Pagefind."""
    options = markdown_options(code)
    stories, pelican = pelican_cpu(corpus, options)
    _, markdown = markdown_cpu(corpus / "plain" / "content", options)
    pages, pagefind = pagefind_cpu(output or corpus / "out" / "ours")
    return Floor(stories, pelican, markdown, pages, pagefind, len(os.sched_getaffinity(0)))


def floor_lines(floor: Floor, bounds: dict[str, tuple[float, float]]) -> list[str]:
    """The floor against each other system's cold build: ``bounds`` maps its name to its
    median cold seconds and the target's factor (ours at most factor × theirs)."""
    lines = [
        "The floor of any cold build on this stack (bare Pelican with Python-Markdown, "
        "and Pagefind; `python -m benchmarks.floor`):",
        "",
        f"- bare Pelican: {floor.pelican_cpu:.1f} s of CPU for {floor.stories:,} stories "
        f"(Python-Markdown alone: {floor.markdown_cpu:.1f} s of it); Pagefind: "
        f"{floor.pagefind_cpu:.1f} s for {floor.pages:,} story pages; together "
        f"{floor.cpu:.1f} s, so at least **{floor.seconds:.1f} s** on {floor.cores} cores.",
    ]
    for name, (theirs, factor) in bounds.items():
        ratio = floor.seconds / theirs
        verdict = (
            "the floor alone is over the bound: no build on this stack meets it"
            if ratio > factor
            else f"the rest of the build would have {factor * theirs - floor.seconds:.1f} s"
        )
        lines.append(
            f"- against {name}'s cold build ({theirs:.2f} s): {ratio:.2f} × "
            f"(target ≤ {factor} ×): {verdict}."
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a benchmark's folder: benchmarks/.corpus-N")
    parser.add_argument("--output", type=Path, help="our built output (default: CORPUS/out/ours)")
    args = parser.parse_args(argv)
    output = args.output or args.corpus / "out" / "ours"
    for needed in (output, args.corpus / "plain" / "content"):
        if not needed.is_dir():
            print(
                f"{needed} is missing: run the benchmark (with plain Pelican) on this corpus first",
                file=sys.stderr,
            )
            return 2
    print("\n".join(floor_lines(measure_floor(args.corpus, output), {})))
    return 0


if __name__ == "__main__":
    sys.exit(main())
