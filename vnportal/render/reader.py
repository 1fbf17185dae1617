"""Pelican reader for our Markdown files: YAML front matter, NFC, one conversion.

Pelican's own Markdown reader expects ``Key: value`` metadata and converts the
body twice (body and summary); this one converts once and gives Pelican ready
objects with display spellings and slugs chosen by the index.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from html import unescape
from pathlib import Path
from typing import Any, ClassVar

import nh3
from markdown import Markdown
from pelican.readers import BaseReader
from pelican.urlwrappers import Author, Category, Tag

from ..incremental.caches import BuildCache
from ..incremental.fingerprints import code_digest, settings_digest
from ..model.digests import digest
from ..model.errors import ContentError, shown_path
from ..model.frontmatter import Story, body_at, decode, split, story_from_matter
from ..model.index import ReadSource
from ..model.links import check_internal_links, linked_file
from ..model.sources import SourcePath, lead_image_path
from .citing import link_citations
from .documents import document_metadata
from .figures import FigureExtension
from .i18n import load_translations
from .photos import photos_key, responsive_body
from .run import language_run
from .sanitize import clean_body, vanished_text
from .tables import TableRegionExtension

SUMMARY_WORDS = 55
# A body's conversion: safe HTML, its lead text, whether anything unsafe was removed,
# and how much of the text vanished (written, shown letters), if a good part did.
Conversion = tuple[str, str, bool, tuple[int, int] | None]
_UNSAFE = re.compile(r"<\s*(script|iframe|object|embed)\b|\son\w+\s*=|javascript:", re.IGNORECASE)
log = logging.getLogger(__name__)


def markdown_settings(
    settings: Mapping[str, Any],
) -> tuple[list[str], dict[str, Any], dict[str, Any]]:
    """Python-Markdown's extension names, their configurations and its other options,
    from the MARKDOWN setting."""
    options = dict(settings.get("MARKDOWN", {}))
    configs = dict(options.pop("extension_configs", {}))
    # Pelican's own Markdown reader adds the configured names to "extensions"
    # in the shared settings; count each extension once.
    names = list(dict.fromkeys([*options.pop("extensions", []), *configs]))
    return names, configs, options


class StoryReader(BaseReader):
    enabled = True
    file_extensions: ClassVar[list[str]] = ["md"]

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        names, configs, options = markdown_settings(settings)
        self._run = run = language_run(settings)
        ui = load_translations(Path(settings["THEME"]), run.lang)
        table_label = ui.gettext("Table %(number)s")
        self._illustration = ui.gettext("Illustration")
        extensions = [
            *names,
            FigureExtension(),
            TableRegionExtension(lambda number: table_label % {"number": number}),
        ]
        self._markdown = Markdown(extensions=extensions, extension_configs=configs, **options)
        self._converted = run.markdown_cache(
            BuildCache(settings).markdown_path(run.lang) if run.use_cache else None,
            digest(code_digest(), names, settings_digest({**configs, **options}), table_label),
        )

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        path = Path(source_path)
        content = Path(self.settings["PATH"])
        place = SourcePath.of(source_path, content)
        entry = self._run.index.entry(place.lang, place.relpath)
        if entry is None:
            raise ContentError(
                path, "the file appeared after the build started", "run the build again"
            )
        source = self._checked(path)
        if source is not None:
            # The checker has read this file (links included): the conversion is found
            # by the digest of its bytes, and the file is read again only to convert it.
            story, source_digest = source.story, source.digest
            converted = self.conversion(path, source)
        else:
            story, source_digest = self._parsed(path, kind=entry.kind)
            check_internal_links(story.body, story.body_line, path, content)
            converted = self._converted.get(story.body, self._convert)
        return self.finish(path, entry, story, source_digest, converted)

    def conversion(self, path: Path, source: ReadSource) -> Conversion:
        """The Markdown conversion of a file the checker has read, made once."""
        return self._converted.get(
            f"file\0{source.digest}", lambda _: self._convert(self._body(path, source.story))
        )

    def earlier_conversion(self, source_digest: str) -> Conversion | None:
        """The conversion an earlier build made of the file whose bytes had this digest."""
        return self._converted.take(f"file\0{source_digest}")

    def finish(
        self, path: Path, entry: Any, story: Story, source_digest: str, converted: Conversion
    ) -> tuple[str, dict[str, Any]]:
        """The story's HTML and metadata as Pelican takes them, from its conversion."""
        content = Path(self.settings["PATH"])
        html, lead, unsafe, lost = converted
        if unsafe:
            log.warning(
                "%s: unsafe HTML (a script, an event handler or a javascript: link) "
                "was removed from the story — write the text in Markdown instead",
                shown_path(path),
            )
        if lost:
            written, shown = lost
            raise ContentError(
                path,
                f"the page would show {shown} of the {written} letters of the story's text: "
                "the rest vanished when it was made into HTML",
                "look for an HTML tag that is never closed (<style>, <script>, <title>, "
                "<textarea>, <iframe>...) and close or remove it",
            )
        if entry.status != "draft" and "{filename}" in html:
            html = self._without_draft_links(html, path, content)
        lead_path = lead_image_path(story.image) if story.image else None
        run = self._run
        html, shown = responsive_body(
            html,
            run.photos,
            run.drawings,
            self.settings["SITEURL"],
            first_eager=lead_path is None,
            label=self._illustration,
        )
        html, cited = self._cited(html, entry)
        metadata: dict[str, Any] = {
            **story.extra,
            "title": story.title,
            "slug": entry.slug,
            "status": entry.status,  # a story waiting for its date is a draft until then
            "summary": story.summary or lead,
            "source_digest": source_digest,  # what an incremental build compares
            "translation_key": entry.translation_key,  # part of the feeds' stable ids
            "featured": story.featured,
        }
        if story.event:
            metadata["event"] = story.event
        if story.date:
            metadata["date"] = story.date
        if story.modified:
            metadata["modified"] = story.modified
        if story.author:
            metadata["author"] = self._named(Author, "author", story.author)
        if entry.category:  # the story's own, else the language's default (the index's)
            metadata["category"] = self._named(Category, "category", entry.category)
        tags = [self._named(Tag, "tag", tag) for tag in story.tags]
        # Two spellings of one tag in one story (hòa giải, hoà giải) count once.
        metadata["tags"] = list({tag.slug: tag for tag in tags}.values())
        if lead_path:
            metadata.update(self._lead_image(lead_path, story.image_alt))
            metadata["lead_photo_key"] = photos_key([lead_path], run.photos, run.drawings)
        # A replaced photo changes the pages that show it (vnportal/incremental/page_keys.py).
        metadata["photos_key"] = photos_key(shown, run.photos, run.drawings) if shown else ""
        # Its share card (or the site's, once the story is old): in the page's meta tags.
        # The documents it cites, linked or listed: a new library document changes the page.
        metadata["cited_documents"] = cited
        metadata["citations_key"] = digest(repr(cited)) if cited else ""
        metadata["share_card"] = run.share_cards.get(entry.relpath, "")
        if story.announcement:
            metadata["announcement"] = story.announcement
        if entry.document is not None:
            metadata.update(document_metadata(entry, run, self.settings))
        return html, metadata

    def _cited(self, html: str, entry: Any) -> tuple[str, tuple[Any, ...]]:
        """The story's HTML with its citations linked, and the documents it cites.

        Finding citations takes about half a millisecond a story, on every story of
        every build: the result is kept with the Markdown conversions, keyed by the
        HTML and the library, and most stories, which cite nothing, keep only None.
        """
        run, siteurl = self._run, self.settings["SITEURL"]
        library = run.library_keys()
        if entry.document is not None:  # a document does not link to itself
            library = {key: other for key, other in library.items() if other != entry}

        def link(_: str) -> tuple[str, tuple[Any, ...]] | None:
            linked = link_citations(html, run.lang, library, siteurl)
            return linked if linked[1] or linked[0] != html else None

        own = entry.url if entry.document is not None else ""
        key = f"cite\0{run.library_digest()}\0{own}\0{siteurl}\0{html}"
        return self._converted.get(key, link) or (html, ())

    def _checked(self, path: Path) -> ReadSource | None:
        """The checker's reading of the file, if the file is unchanged since."""
        source = self._run.sources.get(str(path))
        if source is None:
            return None
        stat = path.stat()
        return source if source.identity == (stat.st_size, stat.st_mtime_ns) else None

    @staticmethod
    def _body(path: Path, story: Story) -> str:
        """The body of a file whose front matter the checker has parsed into ``story``."""
        return body_at(decode(path.read_bytes(), path), story.body_line)

    @staticmethod
    def _parsed(path: Path, *, kind: str) -> tuple[Story, str]:
        """The file's validated front matter and body, and a digest of its bytes."""
        raw = path.read_bytes()
        matter = split(decode(raw, path), path)
        return story_from_matter(matter, kind=kind), digest(raw)

    def _convert(self, body: str) -> Conversion:
        """Markdown to safe HTML, its lead text, whether anything unsafe was removed,
        and how much of the text vanished, if a good part did."""
        converted = self._markdown.reset().convert(body)
        html = clean_body(converted)
        return html, lead_text(html), bool(_UNSAFE.search(converted)), vanished_text(body, html)

    def _without_draft_links(self, html: str, path: Path, content: Path) -> str:
        """Links to drafts reduced to their text, when PORTAL_DRAFT_LINKS is "drop"
        (otherwise the checker has stopped the build; it warns about each one)."""
        if self.settings.get("PORTAL_DRAFT_LINKS", "error") != "drop":
            return html

        def text_unless_draft(link: re.Match[str]) -> str:
            file = linked_file(unescape(link["target"]).split("#")[0], path, content)
            try:
                place = SourcePath.of(file or "", os.path.normpath(content))
            except ValueError:
                return link[0]
            target = self._run.index.entry(place.lang, place.relpath)
            return link["text"] if target is not None and target.status == "draft" else link[0]

        return _FILENAME_LINK.sub(text_unless_draft, html)

    def _named(self, wrapper_class: type, kind: str, name: str):
        """A Tag/Category/Author with the index's spelling and slug.

        Pelican groups by slug, so the index's unique slugs keep ``ăn`` and
        ``an`` apart while tone and case variants share one.
        """
        index, lang = self._run.index, self._run.lang
        wrapper = wrapper_class(index.spelling(lang, kind, name), self.settings)
        wrapper.slug = index.slug(lang, kind, name)
        return wrapper

    def _lead_image(self, relpath: str, alt: str | None) -> dict[str, str | None]:
        # The index has checked that the file exists. Feeds show a photo at the
        # width of a story's column, not the camera's original.
        photo = self._run.photos.get(relpath)
        shown = photo.fallback.relpath if photo is not None else relpath
        return {
            "image_url": f"{self.settings['SITEURL']}/{shown}",
            "image_path": relpath,  # under content/: how templates find its sizes
            "image_alt": alt,
        }


def add_reader(readers: Any) -> None:
    """Our reader takes every .md file (readers_init)."""
    for extension in StoryReader.file_extensions:
        readers.reader_classes[extension] = StoryReader


_FILENAME_LINK = re.compile(
    r'<a\b[^>]*?\bhref="\{filename\}(?P<target>[^"?]*)[^"]*"[^>]*>(?P<text>.*?)</a>', re.DOTALL
)
_FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL)


def lead_text(html: str, words: int = SUMMARY_WORDS) -> str:
    """Plain text of the first paragraph, cut at a word boundary.

    ``html`` comes from the sanitiser, so paragraphs are well formed and a
    pattern finds the first one; nh3 with no allowed tags keeps only its text.
    """
    paragraph = _FIRST_PARAGRAPH.search(html)
    text = unescape(nh3.clean(paragraph[1], tags=set())) if paragraph else ""
    parts = " ".join(text.split()).split(" ")
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"
