"""One file's own checks: encoding, front matter, fields, body, images and links.

Each file is read by the build's own code (``frontmatter``, ``index.index_entry``,
``links.check_internal_links``), so the checker and the build never disagree
on what is valid. Each file's checks depend on that file and on which files
exist only, so they run in parallel and are cached by the build.
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from ..model.digests import digest
from ..model.documents import DOCUMENT_FIELDS, REQUIRED_FIELDS
from ..model.errors import ContentError
from ..model.frontmatter import (
    ACCEPTED_DATES,
    KNOWN_FIELDS,
    FrontMatter,
    Story,
    decode,
    split,
    story_from_matter,
)
from ..model.index import RESERVED_FIRST_SEGMENTS, Entry, ReadSource, index_entry
from ..model.limits import limit_errors, limits_of
from ..model.links import check_internal_links
from ..model.raw_html import unclosed_elements
from ..model.sources import LANGUAGES, SourcePath, lead_image_path
from ..model.story_template import PLACEHOLDER_LINES
from ..model.vietnamese import TIMEZONE, canonical_key, nfc
from .report import ERROR, WARNING, Problem, count_of, from_project

# Names other tools (and Vietnamese editors) give our fields, keyed by canonical_key
# so that tone style and case do not matter.
FIELD_ALIASES = {
    canonical_key(alias): field_name
    for field_name, aliases in {
        "title": ("tiêu đề", "tựa đề", "name"),
        "date": ("ngày", "ngày đăng", "published", "pubdate"),
        "modified": ("ngày sửa", "updated", "lastmod"),
        "author": ("tác giả", "authors", "by"),
        "category": ("chuyên mục", "danh mục", "categories", "section"),
        "tags": ("thẻ", "từ khoá", "keywords", "tag"),
        "summary": ("tóm tắt", "sapo", "description", "lead", "excerpt"),
        "image": ("ảnh", "hình", "cover", "thumbnail"),
        "image_alt": ("mô tả ảnh", "alt"),
        "source": ("nguồn",),
        "status": ("trạng thái", "draft"),
        "featured": ("nổi bật", "tin nổi bật", "highlight"),
        "type": ("loại", "loại văn bản", "hình thức", "kind"),
        "number": ("số", "số hiệu", "số ký hiệu", "no", "symbol"),
        "issuer": ("cơ quan ban hành", "cơ quan", "issued_by", "authority"),
        "signer": ("người ký", "signed_by"),
        "issued": ("ngày ban hành", "ngày ký", "issue_date", "date"),
        "effective": ("ngày hiệu lực", "hiệu lực", "effective_date"),
        "expires": ("ngày hết hiệu lực", "expiry", "expired"),
        "abstract": ("trích yếu",),
        "files": ("tệp", "tệp đính kèm", "đính kèm", "attachments", "file"),
        "replaces": ("thay thế",),
        "amended_by": ("sửa đổi bởi", "được sửa đổi bởi", "amended"),
        "valid_until": ("hiệu lực đến", "đến ngày", "expires_on", "until"),
        "announcement": ("thông báo",),
        "pinned": ("ghim",),
    }.items()
    for alias in aliases
}
# Listing pages whose slugs the index knows (SiteIndex.listing_slugs): the
# settings of one listing's address and of the list of them all.
LISTINGS = {
    "tags": ("TAG_URL", "TAGS_URL"),
    "categories": ("CATEGORY_URL", "CATEGORIES_URL"),
    "authors": ("AUTHOR_URL", "AUTHORS_URL"),
    "archives": ("YEAR_ARCHIVE_URL", "ARCHIVES_URL"),
}

_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]*)")
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?(?P<target>[^)\s>]+)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HTML_ALT = re.compile(r"\salt\s*=\s*(\"[^\"]*\w[^\"]*\"|'[^']*\w[^']*'|[^\s>\"']+)", re.I)
_HTML_SRC = re.compile(r"\ssrc\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+)", re.IGNORECASE)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


@dataclass
class FileCheck:
    """One file's own checks: what was found wrong, and what was read on the way."""

    path: Path
    lang: str
    relpath: str  # inside the language folder
    shown: str  # as the editor sees it, from the project folder
    matter: FrontMatter | None = None
    story: Story | None = None
    fixed: bool = False
    problems: list[Problem] = field(default_factory=list)
    # Links written as site addresses, (line, address), checked once the index is built.
    addresses: list[tuple[int, str]] = field(default_factory=list)
    # Stories linked with {filename}, (line, file), checked once the index is built.
    story_links: list[tuple[int, SourcePath]] = field(default_factory=list)
    # Files of content/images/ the story shows, (line, path under content/): the
    # photos are checked once each, with every story that shows them.
    images: list[tuple[int | None, str]] = field(default_factory=list)
    identity: tuple[int, int] = (0, 0)
    digest: str = ""
    entry: Entry | None = None
    # A digest of all that was read but the body's text: front matter, index entry, the
    # body's links and photos without their lines. "" for a file with a problem.
    frame: str = ""

    @property
    def kind(self) -> str:
        return SourcePath(self.lang, self.relpath).kind

    def read_source(self) -> ReadSource | None:
        """What the build may use of this file without reading its front matter again."""
        if self.story is None:
            return None
        return ReadSource(self.identity, self.story, self.digest)

    def report(self, severity: str, what: str, fix: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.shown, line, severity, what, fix))

    def report_error(self, error: ContentError) -> None:
        self.report(ERROR, error.problem, error.fix, error.line)

    def line_of(self, key: str) -> int | None:
        return self.matter.lines.get(key) if self.matter else None


def check_file(path: Path, content: Path, settings: dict[str, Any], fix: bool) -> FileCheck:
    place = SourcePath.of(path, content)
    lang = place.lang
    file = FileCheck(path, lang, place.relpath, from_project(path, content.parent))
    raw = path.read_bytes()
    stat = path.stat()
    file.identity = (stat.st_size, stat.st_mtime_ns)
    file.digest = digest(raw)
    try:
        text = decode(raw, path)
    except ContentError as error:
        file.report_error(error)
        return file
    _check_normal_form(file, raw, fix)
    try:
        file.matter = split(text, path)
    except ContentError as error:
        file.report_error(error)
        return file
    for warning in file.matter.warnings:  # values that need quotes, invisible characters
        file.report(WARNING, warning.problem, warning.fix, warning.line)
    if _check_fields(file):
        try:
            file.story = story_from_matter(file.matter, kind=file.kind)
        except ContentError as error:
            file.report_error(error)
    if file.story is not None:
        _check_story_fields(file)
        if file.story.image:
            file.images.append((file.line_of("image"), lead_image_path(file.story.image)))
        for error in limit_errors(file.story, limits_of(settings)):  # PORTAL_LIMITS
            file.report_error(error)
        _check_body(file, content)
        # The file's line in the index, kept with its checks; a problem is left for
        # the index to report, with the problems across files.
        with contextlib.suppress(ContentError):
            file.entry = index_entry(path, content / lang, lang, settings, file.story)
    # Only the front matter is kept: the body is read again where it is converted
    # (vnportal/render/reader.py), since carrying it in the checks cache and back from
    # parallel checkers would cost more than the read. The checks across files need
    # the fields' line numbers only.
    file.matter = replace(file.matter, body="", fields={})
    if file.story is not None:
        file.story = replace(file.story, body="")
    file.frame = frame_of(file)
    return file


def frame_of(file: FileCheck) -> str:
    """``FileCheck.frame``: two readings of a file with the same frame differ in the
    text of the body alone, and give the same index entry and front matter."""
    if file.story is None or file.entry is None or file.problems:
        return ""
    return digest(
        repr(
            (
                file.entry,
                replace(file.story, body=""),
                [address for _, address in file.addresses],
                [linked for _, linked in file.story_links],
                [image for _, image in file.images],
            )
        )
    )


def _check_normal_form(file: FileCheck, raw: bytes, fix: bool) -> None:
    """Text pasted from macOS or Word is often decomposed (NFD); the build reads
    it as NFC anyway, but searching and comparing the sources goes wrong."""
    text = raw.decode("utf-8-sig")  # decode() has accepted it
    if unicodedata.is_normalized("NFC", text):
        return
    if fix:
        bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
        file.path.write_bytes(bom + nfc(text).encode("utf-8"))
        file.fixed = True
        return
    lines = [
        number
        for number, line in enumerate(text.split("\n"), start=1)
        if not unicodedata.is_normalized("NFC", line)
    ]
    file.report(
        WARNING,
        f"{count_of(len(lines), 'line')} not in Unicode NFC (accents stored as separate "
        "characters, as in text pasted from macOS or Word)",
        "run 'invoke check --fix' to rewrite the file in NFC; it will look the same",
        lines[0],
    )


def _check_fields(file: FileCheck) -> bool:
    """Required and unknown fields; True when the required ones are all there."""
    assert file.matter is not None
    fields = file.matter.fields
    known = DOCUMENT_FIELDS if file.kind == "document" else KNOWN_FIELDS
    meant = {key: _meant_field(key, known) for key in fields if key not in known}
    required = {"article": ("title", "date"), "document": REQUIRED_FIELDS}.get(
        file.kind, ("title",)
    )
    complete = True
    for name in required:
        value = fields.get(name)
        if value is not None and str(value).strip():
            continue
        complete = False
        misspelt = next((key for key, known in meant.items() if known == name), None)
        file.report(ERROR, *_missing(name, name in fields, misspelt, file))
        if misspelt is not None:
            del meant[misspelt]  # told once, as the missing field
    for key, field_name in meant.items():
        _report_unknown(file, str(key), field_name, known)
    return complete


def _missing(name: str, present: bool, misspelt: Any, file: FileCheck) -> tuple[str, str, int]:
    """(what, fix, line) for a required field that is absent or empty."""
    how = f", written as {ACCEPTED_DATES}" if name == "date" else ""
    noun = "document" if file.kind == "document" else "story"
    if misspelt is not None:
        line = file.line_of(str(misspelt)) or 2
        return (
            f"the {noun} has no {name}: '{misspelt}' on line {line} looks like a misspelt '{name}'",
            f"rename '{misspelt}' to '{name}'",
            line,
        )
    if present:
        return f"'{name}' is empty", f"write the {name} after '{name}:'{how}", file.line_of(name)
    return f"the {noun} has no {name}", f"add a line '{name}: …' to the front matter{how}", 2


def _meant_field(key: Any, fields: tuple[str, ...] = KNOWN_FIELDS) -> str | None:
    """The known field an unknown key was probably meant to be (did you mean ...?)."""
    text = nfc(str(key)).strip().lower()
    if text in fields:
        return text
    if FIELD_ALIASES.get(canonical_key(text)) in fields:
        return FIELD_ALIASES[canonical_key(text)]
    close = difflib.get_close_matches(text.replace("-", "_"), fields, n=1, cutoff=0.75)
    return close[0] if close else None


def _report_unknown(
    file: FileCheck, key: str, known: str | None, fields: tuple[str, ...] = KNOWN_FIELDS
) -> None:
    line = file.line_of(key)
    if known is None:
        file.report(
            WARNING,
            f"unknown field '{key}'",
            "the portal does not use it; remove it, or use one of: " + ", ".join(fields),
            line,
        )
    elif known in (file.matter.fields if file.matter else {}):
        file.report(
            ERROR,
            f"unknown field '{key}' beside '{known}' (line {file.line_of(known)})",
            "remove one of the two lines",
            line,
        )
    else:
        file.report(
            ERROR, f"unknown field '{key}'", f"did you mean '{known}'? Rename it to '{known}'", line
        )


def _today() -> str:
    return datetime.now(TIMEZONE).date().isoformat()


# Longer titles are cut in search results, feed readers and share previews.
TITLE_LIMIT = 200


def _check_story_fields(file: FileCheck) -> None:
    story = file.story
    assert story is not None
    if len(story.title) > TITLE_LIMIT:
        file.report(
            WARNING,
            f"the title has {len(story.title)} characters",
            f"keep it under {TITLE_LIMIT}: search results and feed readers cut it; "
            "put the rest in 'summary:'",
            file.line_of("title"),
        )
    if story.date and story.date.date() > datetime.now(TIMEZONE).date():
        # Scheduling a story is meant (vnportal/model/index.py); a mistyped year is not.
        file.report(
            WARNING,
            f"the date {story.date:%d/%m/%Y} is in the future: the story waits as a draft "
            "and appears with the first build after that date and time",
            "if it should appear now, check the year",
            file.line_of("date"),
        )


def _check_body(file: FileCheck, content: Path) -> None:
    story = file.story
    assert story is not None
    if not story.body.strip():
        if file.kind == "document":
            return  # its fields and files are the document; a text is optional
        file.report(
            ERROR,
            f"the {'page' if file.kind == 'page' else 'story'} has no text",
            "write it below the line '---' that closes the front matter",
            story.body_line - 1,
        )
        return
    for number, tag in unclosed_elements(story.body, story.body_line):
        _report_unclosed(file, number, tag)
    for number, line in enumerate(story.body.split("\n"), start=story.body_line):
        if line.strip() in PLACEHOLDER_LINES:
            file.report(
                WARNING,
                "the template's sample text is still here",
                "replace it with the story's own text",
                number,
            )
        if "{" not in line and "](" not in line and "<" not in line:
            continue  # plain prose: no link or image of any kind
        try:  # the build's own rule for {static}/{filename} links, one line at a time
            file.story_links += check_internal_links(line, number, file.path, content)
        except ContentError as error:
            file.report_error(error)
        _check_images(file, line, number, content)
        _check_markdown_links(file, line, number)


def _report_unclosed(file: FileCheck, number: int, tag: str) -> None:
    if tag == "plaintext":
        what = "a <plaintext> tag turns everything after it into raw code"
        fix = "remove it"
    else:
        what = f"the <{tag}> opened here is never closed: the rest of the story would vanish"
        fix = (
            f"close it with </{tag}> or remove it; to show the tag as text, "
            f"put it between backquotes: `<{tag}>`"
        )
    file.report(ERROR, what, fix, number)


def _check_images(file: FileCheck, line: str, number: int, content: Path) -> None:
    for image in _IMAGE.finditer(line):
        target = image["target"]
        if not image["alt"].strip():
            file.report(
                ERROR,
                f"the image '{target}' has no description (alt text)",
                "say what the photo shows between the brackets: ![Đại biểu dự hội nghị](…)",
                number,
            )
        if problem := _image_target_problem(target, content):
            file.report(*problem, number)
        if shown := _shared_image(target):
            file.images.append((number, shown))
    for tag in _HTML_IMAGE.finditer(line):
        source = _HTML_SRC.search(tag[0])
        if source and (shown := _shared_image(source[1].strip("\"'"))):
            file.images.append((number, shown))
        if not _HTML_ALT.search(tag[0]):
            file.report(
                ERROR,
                "an <img> has no description (alt text)",
                'add alt="…" saying what the photo shows, or write it as ![description](…)',
                number,
            )


def _shared_image(target: str) -> str | None:
    """``images/…`` for an image address of a file under content/images/."""
    path = target.split("#")[0].split("?")[0].removeprefix("{static}").lstrip("/")
    return path if path.startswith("images/") else None


def _image_target_problem(target: str, content: Path) -> tuple[str, str, str] | None:
    """(severity, what, fix) for an image address the build does not check itself."""
    if not target or target.startswith(("{", "data:")):
        return None  # {static} targets are checked by check_internal_links
    if _EXTERNAL.match(target):
        return (
            WARNING,
            f"the image '{target}' is loaded from another site",
            "save it under content/images/<yyyy>/<mm>/ and write ({static}/images/…): "
            "the portal makes no requests to other sites",
        )
    path = target.split("#")[0].split("?")[0]
    if path.startswith("/"):
        if (content / path.lstrip("/")).is_file():
            return None
        return ERROR, f"the image '{target}' does not exist", "check the file under content/"
    suggestion = path if (content / path).is_file() else "images/…"
    return (
        ERROR,
        f"the image '{target}' is relative to the page's address, so it will not show",
        f"write it from content/: ({{static}}/{suggestion})",
    )


def _check_markdown_links(file: FileCheck, line: str, number: int) -> None:
    for link in _LINK.finditer(line):
        target = link["target"]
        path = target.split("#")[0].split("?")[0]
        if _checkable(path):
            file.addresses.append((number, path))
        if path.endswith(".md") and not target.startswith("{") and not _EXTERNAL.match(target):
            file.report(
                ERROR,
                f"the link '{target}' points to a Markdown file, which the site does not have",
                "link the story with {filename} and its path from content/: "
                "({filename}/vi/2024/07/bai.md)",
                number,
            )


def _checkable(address: str) -> bool:
    """An address of a kind the index knows: a story, a page, a tag, category,
    author or year listing (not feeds, search, files and the like)."""
    if not address.startswith("/") or address.startswith("//"):
        return False
    parts = [part for part in address.split("/") if part]
    if parts and parts[0] in LANGUAGES[1:]:
        parts = parts[1:]
    if not parts:
        return False  # a home page
    if "." in parts[-1]:  # a file: {static} links and images are checked above
        return False
    first = parts[0]
    return "page" not in parts and (first not in RESERVED_FIRST_SEGMENTS or first in LISTINGS)
