"""An imported story: its model, and how it is written as Markdown with front matter.

Readers (``text``, ``html``) fill an ``ImportedStory`` with ``Block`` and
``Figure`` items; ``render_story`` turns it into the story file, and
``story_slug`` names that file. The escape helpers make the reader's plain
text safe to write as Markdown, and read it back (``unescape``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import nh3

from ...model.frontmatter import write_front_matter
from ...model.vietnamese import slugify

SLUG_MAX_LENGTH = 60


@dataclass(frozen=True)
class Block:
    """A piece of the story body, already written in Markdown."""

    markdown: str
    kind: str = "paragraph"  # paragraph, heading, list, quote, table


@dataclass(frozen=True)
class Figure:
    """A photo: its caption, where it was, and its file once copied into content/images."""

    caption: str = ""  # Markdown (inline)
    src: str = ""  # the photo's address on the old portal, when known
    alt: str = ""  # the description the old page gave (may say nothing: see ``alt_text``)
    sources: tuple[str, ...] = ()  # every address the input gave, as written, the best first
    local: str = ""  # 'images/2024/07/x.jpg' once the file is copied under content/

    def with_caption(self, caption: str) -> Figure:
        return replace(self, caption=caption)


@dataclass
class ImportedStory:
    """One article as recovered from the old portal, before it is written."""

    origin: str
    title: str
    date: datetime
    has_time: bool = True
    modified: datetime | None = None
    lead: str = ""
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    category: str | None = None
    url: str = ""  # the article's address on the old site
    section: str = ""  # the old site's section, proposed as the category
    tags: list[str] = field(default_factory=list)
    blocks: list[Block | Figure] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the reader's own notes for 'missing'

    @property
    def author(self) -> str | None:
        """The ``author:`` field: several authors are written one after another."""
        return ", ".join(self.authors) or None

    @author.setter
    def author(self, value: str | None) -> None:
        self.authors = [value] if value else []

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if isinstance(b, Block) and b.kind == "paragraph"]

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    @property
    def field_date(self) -> datetime | date:
        """What goes into ``date:``: the day alone when the input had no time."""
        return self.date if self.has_time else self.date.date()


# ---------------------------------------------------------------- Markdown text

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_INTERNAL_LINK = re.compile(r"\{(?=(?:static|filename|attach)\})")
_BLOCK_START = re.compile(r"^(#|>|[*+-](?=\s|$)|\d+(?=[.)](?:\s|$))|=+$|-+$)")


_MARKUP = re.compile(r"<[A-Za-z/!?]")


def without_markup(text: str) -> str:
    """Text without any tag (nor the content of <script> and <style>): for the front matter."""
    if not _MARKUP.search(text):
        return text
    cleaned = nh3.clean(text, tags=set(), attributes={}, strip_comments=True)
    return " ".join(html.unescape(cleaned).split())


def escape_inline(text: str) -> str:
    """Plain text that Markdown shows as written: no emphasis, no HTML, no links."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = _TAG_START.sub("&lt;", text)
    # '{static}…' would be checked as a link to a file by the build.
    return _INTERNAL_LINK.sub("&#123;", text)


def escape_block(text: str) -> str:
    """A paragraph of plain text, also safe from starting a heading, quote or list."""
    return guard_start(escape_inline(text))


def guard_start(markdown: str) -> str:
    """Markdown text whose first characters cannot start a heading, quote or list."""
    match = _BLOCK_START.match(markdown)
    if match is None:
        return markdown
    if match[0][:1].isdigit():  # '1. ' would start a numbered list
        return f"{match[0]}\\{markdown[len(match[0]) :]}"
    return f"\\{markdown}"


def unescape(markdown: str) -> str:
    """Plain text of an inline Markdown string made by this module."""
    text = re.sub(r"\\(.)", r"\1", markdown)
    return text.replace("&lt;", "<").replace("&amp;", "&").replace("&#123;", "{")


# ---------------------------------------------------------------- Markdown output


def render_figure(figure: Figure, image_folder: str, title: str = "") -> str:
    """A real figure when the photo was copied, else a placeholder (below)."""
    if figure.local:
        return render_photo(figure, title)
    return render_placeholder(figure, image_folder)


_GENERATED_ALT = re.compile(r"\s*[-–—|:]?\s*(?:ảnh|hình|photo|image)\s*\d+\s*\.?\s*$", re.I)
_FILE_NAME = re.compile(r"^[\w.-]+\.(?:jpe?g|png|gif|webp|bmp|avif)$", re.I)


def alt_text(figure: Figure, title: str = "") -> str:
    """What the photo shows, for readers who cannot see it.

    The old page's description when it says something; not one a system made
    from the title ('Tiêu đề - Ảnh 1.'), a file name or 'null'. Then the
    caption, then the story's title.
    """
    if alt := useful_alt(figure.alt, title):
        return alt
    caption = " ".join(unescape(figure.caption.replace("**", "")).split()).strip("*")
    if caption:
        return caption
    return f"Ảnh minh họa: {title}" if title else "Ảnh minh họa"


def useful_alt(alt: str, title: str = "") -> str:
    """The old page's description of a photo, '' when it says nothing."""
    alt = " ".join(alt.split())
    says_nothing = (
        not alt
        or alt.lower() in ("null", "undefined", "none", "image", "photo", "ảnh", "hình")
        or _FILE_NAME.match(alt)
        or _GENERATED_ALT.search(alt)
        or alt.casefold() == title.casefold()
    )
    return "" if says_nothing else alt


def render_photo(figure: Figure, title: str = "") -> str:
    """``![alt]({static}/images/… "caption")``: alone in its paragraph, a figure."""
    alt = escape_inline(alt_text(figure, title)).replace("\n", " ")
    caption = " ".join(unescape(figure.caption.replace("**", "")).split())
    if caption.startswith("*") and caption.endswith("*"):
        caption = caption[1:-1]
    caption = _curly_quotes(caption)
    target = "{static}/" + figure.local
    return f'![{alt}]({target} "{caption}")' if caption else f"![{alt}]({target})"


def _curly_quotes(text: str) -> str:
    """Straight double quotes would end the Markdown title: “ and ” instead."""
    parts = text.split('"')
    return (
        "".join(part + ("“" if number % 2 == 0 else "”") for number, part in enumerate(parts[:-1]))
        + parts[-1]
    )


def render_placeholder(figure: Figure, image_folder: str) -> str:
    """A placeholder that builds: a TODO comment, then the caption in italics.

    A Markdown image pointing at a file that does not exist would stop the
    build, and a copied photo address would make readers' browsers call the
    old portal; so the photo stays a to-do an editor can find with
    ``grep -rn "TODO ảnh" content/``. The comment carries what is known about
    the photo (its old address and description) without '--', which would end
    it early; the caption shows where the photo will go.
    """
    details = []
    if figure.src:
        details.append(f"Ảnh gốc: {figure.src}")
    if alt := useful_alt(figure.alt):
        details.append(f"Mô tả gốc: {alt}")
    todo = (
        f"TODO ảnh: chép ảnh vào content/{image_folder}/ rồi thay "
        f"{'dòng in nghiêng dưới đây' if figure.caption else 'chú thích này'} bằng ảnh có chú "
        "thích (cách viết: README, Writing a story)." + "".join(f" {detail}" for detail in details)
    )
    todo_comment = comment(todo)  # the build checks {static} links even in comments
    if not figure.caption:
        return todo_comment
    return f"{todo_comment}\n\n*{figure.caption}*"


def render_story(story: ImportedStory) -> str:
    """The story file: YAML front matter, then the body in Markdown."""
    fields = {
        "title": story.title,
        "date": story.field_date,
        "modified": story.modified if story.modified and story.modified > story.date else None,
        "author": story.author,
        "source": story.source,
        "category": story.category,
        "tags": story.tags,
        "summary": story.lead,
    }
    image_folder = f"images/{story.date:%Y}/{story.date:%m}"
    parts = [
        render_figure(block, image_folder, story.title)
        if isinstance(block, Figure)
        else block.markdown
        for block in story.blocks
    ]
    if story.url:
        parts.append(comment(f"Địa chỉ cũ: {story.url}"))
    return write_front_matter(fields) + "\n" + "\n\n".join(parts) + "\n"


def comment(text: str) -> str:
    """An HTML comment the build leaves out of the page: no '--', no {static} link."""
    text = " ".join(text.split())
    while "--" in text:
        text = text.replace("--", "- -")
    return f"<!-- {_INTERNAL_LINK.sub('&#123;', text).rstrip('-')} -->"


def story_slug(title: str, limit: int = SLUG_MAX_LENGTH) -> str:
    """The file name: the title's slug, cut at a word boundary to ``limit`` characters."""
    slug = slugify(title) or "bai-viet"
    if len(slug) <= limit:
        return slug
    cut = slug.rfind("-", 0, limit + 1)
    return slug[:cut] if cut > 0 else slug[:limit]
