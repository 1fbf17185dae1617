"""Pelican reader for our Markdown files: YAML front matter, NFC, one conversion.

Pelican's own Markdown reader expects ``Key: value`` metadata and converts the
body twice (body and summary); this one converts once and gives Pelican ready
objects with display spellings and slugs chosen by the index.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from bs4 import BeautifulSoup
from markdown import Markdown
from pelican.readers import BaseReader
from pelican.urlwrappers import Author, Category, Tag

from .errors import ContentError
from .figures import FigureExtension
from .frontmatter import read_story
from .languages import SiteIndex
from .vietnamese import slugify

SUMMARY_WORDS = 55


class StoryReader(BaseReader):
    enabled = True
    file_extensions: ClassVar[list[str]] = ["md"]

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        options = dict(settings.get("MARKDOWN", {}))
        configs = dict(options.pop("extension_configs", {}))
        extensions = [*options.pop("extensions", []), *configs, FigureExtension()]
        self._markdown = Markdown(extensions=extensions, extension_configs=configs, **options)

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        path = Path(source_path)
        index: SiteIndex = self.settings["PORTAL_INDEX"]
        lang: str = self.settings["PORTAL_LANG"]
        content = Path(self.settings["PATH"])
        relpath = path.relative_to(content / lang).as_posix()
        entry = index.entry(lang, relpath)
        if entry is None:
            raise ContentError(
                path, "the file appeared after the build started", "run the build again"
            )
        story = read_story(path, needs_date=entry.kind == "article")
        html = self._markdown.reset().convert(story.body)
        metadata: dict[str, Any] = {
            **story.extra,
            "title": story.title,
            "slug": entry.slug,
            "status": story.status,
            "summary": story.summary or lead_text(html),
        }
        if story.date:
            metadata["date"] = story.date
        if story.modified:
            metadata["modified"] = story.modified
        if story.author:
            metadata["author"] = self._named(Author, index.spelling(lang, story.author))
        if story.category:
            metadata["category"] = self._named(Category, index.spelling(lang, story.category))
        metadata["tags"] = [self._named(Tag, index.spelling(lang, tag)) for tag in story.tags]
        if story.image:
            metadata.update(self._lead_image(story.image, story.image_alt, content, path))
        return html, metadata

    def _named(self, kind: type, name: str):
        wrapper = kind(name, self.settings)
        wrapper.slug = slugify(name)
        return wrapper

    def _lead_image(self, image: str, alt: str | None, content: Path, path: Path) -> dict[str, str]:
        relative = image.lstrip("/").removeprefix("{static}/")
        if not (content / relative).is_file():
            raise ContentError(
                path,
                f"the lead image '{image}' does not exist",
                "put the file under content/images/ and write its path from there, "
                "e.g. 'image: images/2024/07/anh.jpg'",
            )
        return {"image_url": f"{self.settings['SITEURL']}/{relative}", "image_alt": alt}


def lead_text(html: str, words: int = SUMMARY_WORDS) -> str:
    """Plain text of the first paragraph, cut at a word boundary."""
    paragraph = BeautifulSoup(html, "html.parser").find("p")
    text = " ".join(paragraph.get_text(" ").split()) if paragraph else ""
    parts = text.split(" ")
    return text if len(parts) <= words else " ".join(parts[:words]) + " …"
