"""The content checker: every problem an editor can fix, one line each.

``invoke check`` and every build run it. A problem reads
``content/vi/2024/07/x.md:3: error: what is wrong — how to fix it``; errors stop
the build, warnings do not. Files are read by the build's own code
(``frontmatter.read_story``, ``languages.build_index``,
``reader.check_internal_links``), so the checker and the build never disagree on
what is valid. On top of that it finds what the build accepts but an editor
would not want: misspelt field names, images without descriptions, text not in
NFC, links to addresses that do not exist, translations that drifted apart and
names that lost some of their accents.
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import multiprocessing
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from ..editors.scaffold import PLACEHOLDER_LINES
from ..incremental.fingerprints import (
    BuildCache,
    KeyedCache,
    code_digest,
    digest,
    settings_digest,
    walk_files,
)
from ..model.errors import BuildError, ContentError
from ..model.frontmatter import (
    ACCEPTED_DATES,
    KNOWN_FIELDS,
    FrontMatter,
    Story,
    decode,
    split,
    story_from_matter,
)
from ..model.index import (
    LANGUAGES,
    PAGES_FOLDER,
    RESERVED_FIRST_SEGMENTS,
    Entry,
    SiteIndex,
    build_index,
    index_entry,
    markdown_files,
    url_prefix,
)
from ..model.vietnamese import TIMEZONE, canonical_key, nfc, search_fold, sort_key
from ..render.reader import check_internal_links

ERROR, WARNING = "error", "warning"
LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}
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
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One thing to fix, at one place."""

    path: str  # from the project folder, e.g. content/vi/2024/07/x.md
    line: int | None
    severity: str  # ERROR or WARNING
    what: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.what} — {self.fix}"


@dataclass(frozen=True)
class Source:
    """A file as the checker read it: its size and time (to see it is unchanged), its
    validated front matter (without the body) and a digest of its bytes."""

    identity: tuple[int, int]
    story: Story
    digest: str


@dataclass
class CheckReport:
    problems: list[Problem]
    files: int
    index: SiteIndex | None = None  # None when an error kept the index from being built
    fixed: list[str] = field(default_factory=list)  # files rewritten in NFC
    # What was read of each valid file, for the build to use without reading it again.
    sources: dict[str, Source] = field(default_factory=dict)
    # The checks across files still to run, and the saving of the per-file results.
    _remaining: Callable[[], list[Problem]] | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def finish(self) -> None:
        """Run the checks across files (translations, spellings, site addresses)."""
        if self._remaining is not None:
            self.problems += self._remaining()
            self._remaining = None
        self.problems.sort(key=lambda p: (p.path, p.line or 0))

    def summary(self) -> str:
        counts = (
            f"{_count(len(self.errors), 'error')}, {_count(len(self.warnings), 'warning')} "
            f"in {_count(self.files, 'file')}"
        )
        if self.fixed:
            counts += f"; rewrote {_count(len(self.fixed), 'file')} in NFC"
        return counts


def check_content(content: Path, settings: dict[str, Any], *, fix: bool = False) -> CheckReport:
    """Check every story and page under ``content``; ``fix`` rewrites non-NFC files."""
    report = start_checks(content, settings, fix=fix)
    report.finish()
    return report


def start_checks(
    content: Path,
    settings: dict[str, Any],
    *,
    fix: bool = False,
    walk: Callable[[Path], list] | None = None,
) -> CheckReport:
    """Each file's checks and the index; ``finish()`` on the report does the rest.

    ``walk`` lists a folder's files (incremental.walk_files by default; the build
    passes the walk it has already made of content/).

    The build starts its language workers in between: by then every error that
    stops a file from being read is known, and the checks across files (a few
    tenths of a second on a large archive) run while the workers build.
    """
    files, cache = _checked_files(content, settings, fix, walk)
    problems = [problem for file in files for problem in file.problems]
    index, index_problems = _index(content, settings, files)
    problems += index_problems
    sources = {
        str(f.path): Source(f.identity, f.story, f.digest) for f in files if f.story is not None
    }
    fixed = [f.shown for f in files if f.fixed]

    def remaining() -> list[Problem]:
        cache.save()
        if index is None:
            return []
        by_source = {(file.lang, file.relpath): file for file in files}
        return [
            *_translation_problems(index, by_source),
            *_spelling_problems(index, by_source),
            *_address_problems(index, files, settings),
        ]

    return CheckReport(problems, len(files), index, fixed, sources, remaining)


# --- one file at a time -----------------------------------------------------------------


@dataclass
class _File:
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
    identity: tuple[int, int] = (0, 0)
    digest: str = ""
    entry: Entry | None = None

    @property
    def kind(self) -> str:
        return "page" if self.relpath.startswith(f"{PAGES_FOLDER}/") else "article"

    def report(self, severity: str, what: str, fix: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.shown, line, severity, what, fix))

    def report_error(self, error: ContentError) -> None:
        self.report(ERROR, error.problem, error.fix, error.line)

    def line_of(self, key: str) -> int | None:
        return self.matter.lines.get(key) if self.matter else None


def _checked_files(
    content: Path, settings: dict[str, Any], fix: bool, walk: Callable[[Path], list] | None
) -> tuple[list[_File], KeyedCache]:
    """Each file's own checks, taken from the cache when the file has not changed.

    A file's checks also look at which other files exist (images, linked
    stories), so the cache is keyed by the list of every file under content/ too.
    """
    paths = list(_markdown_files(content))
    if fix or not settings.get("PORTAL_USE_CACHE", True):
        return _check_files(paths, content, settings, fix), KeyedCache(None, "")
    every_file = [path for path, _, _ in (walk or walk_files)(content)]
    cache = KeyedCache(
        BuildCache(settings).checks_path(),
        # Today's date: whether a date lies in the future changes with it.
        digest(
            code_digest(), settings_digest(settings), datetime.now(TIMEZONE).date(), *every_file
        ),
    )
    identities = []
    for path in paths:
        stat = path.stat()
        identities.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    files = [cache.take(identity) for identity in identities]
    changed = [i for i, file in enumerate(files) if file is None]
    rechecked = _check_files([paths[i] for i in changed], content, settings, fix)
    for i, file in zip(changed, rechecked, strict=True):
        cache.put(identities[i], file)
        files[i] = file
    return files, cache


# Below this many files, starting processes costs more than it saves.
PARALLEL_FROM = 200


def _check_files(
    paths: list[Path], content: Path, settings: dict[str, Any], fix: bool
) -> list[_File]:
    """``_check_file`` for each path, spread over the machine's cores when there are many.

    Each file's checks are independent of the others'; on a first build of a
    large archive they take seconds that would otherwise keep one core idle.
    """
    workers = min(len(os.sched_getaffinity(0)), 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return [_check_file(path, content, settings, fix) for path in paths]
    check = partial(_check_file, content=content, settings=settings, fix=fix)
    # This process takes an equal share itself: results coming back from the other
    # processes must be unpickled here, which costs about a tenth of checking them.
    own, others = paths[: len(paths) // workers], paths[len(paths) // workers :]
    # fork: the workers inherit the imported modules, so starting them is cheap.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
        chunk = max(1, len(others) // ((workers - 1) * 4))
        theirs = pool.map(check, others, chunksize=chunk)
        return [check(path) for path in own] + list(theirs)


def _markdown_files(content: Path) -> Iterator[Path]:
    for lang in LANGUAGES:
        folder = content / lang
        yield from markdown_files(folder)


def _check_file(path: Path, content: Path, settings: dict[str, Any], fix: bool) -> _File:
    lang, *rest = path.relative_to(content).parts
    file = _File(path, lang, "/".join(rest), _from_project(path, content.parent))
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
    if _check_fields(file):
        try:
            file.story = story_from_matter(file.matter, needs_date=file.kind == "article")
        except ContentError as error:
            file.report_error(error)
    if file.story is not None:
        _check_story_fields(file)
        _check_body(file, content)
        # The file's line in the index, kept with its checks; a problem is left for
        # the index to report, with the problems across files.
        with contextlib.suppress(ContentError):
            file.entry = index_entry(path, content / lang, lang, settings, file.story)
    # The body is read again by the language builds (vnportal/reader.py): carrying it
    # in the checks cache, and from parallel checkers, would cost more than the read.
    file.matter.body = ""
    file.matter.fields = {}  # validated into the story; the checks across files need the lines
    if file.story is not None:
        file.story.body = ""
    return file


def _check_normal_form(file: _File, raw: bytes, fix: bool) -> None:
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
        f"{_count(len(lines), 'line')} not in Unicode NFC (accents stored as separate "
        "characters, as in text pasted from macOS or Word)",
        "run 'invoke check --fix' to rewrite the file in NFC; it will look the same",
        lines[0],
    )


def _check_fields(file: _File) -> bool:
    """Required and unknown fields; True when the required ones are all there."""
    assert file.matter is not None
    fields = file.matter.fields
    meant = {key: _meant_field(key) for key in fields if key not in KNOWN_FIELDS}
    required = ("title", "date") if file.kind == "article" else ("title",)
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
    for key, known in meant.items():
        _report_unknown(file, str(key), known)
    return complete


def _missing(name: str, present: bool, misspelt: Any, file: _File) -> tuple[str, str, int]:
    """(what, fix, line) for a required field that is absent or empty."""
    how = f", written as {ACCEPTED_DATES}" if name == "date" else ""
    if misspelt is not None:
        line = file.line_of(str(misspelt)) or 2
        return (
            f"the story has no {name}: '{misspelt}' on line {line} looks like a misspelt '{name}'",
            f"rename '{misspelt}' to '{name}'",
            line,
        )
    if present:
        return f"'{name}' is empty", f"write the {name} after '{name}:'{how}", file.line_of(name)
    return f"the story has no {name}", f"add a line '{name}: …' to the front matter{how}", 2


def _meant_field(key: Any) -> str | None:
    """The known field an unknown key was probably meant to be (did you mean ...?)."""
    text = nfc(str(key)).strip().lower()
    if text in KNOWN_FIELDS:
        return text
    if canonical_key(text) in FIELD_ALIASES:
        return FIELD_ALIASES[canonical_key(text)]
    close = difflib.get_close_matches(text.replace("-", "_"), KNOWN_FIELDS, n=1, cutoff=0.75)
    return close[0] if close else None


def _report_unknown(file: _File, key: str, known: str | None) -> None:
    line = file.line_of(key)
    if known is None:
        file.report(
            WARNING,
            f"unknown field '{key}'",
            "the portal does not use it; remove it, or use one of: " + ", ".join(KNOWN_FIELDS),
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


def _check_story_fields(file: _File) -> None:
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
        file.report(
            WARNING,
            f"the date {story.date:%d/%m/%Y} is in the future, yet the story is published now",
            "check the year; to hold a story back until later, set 'status: draft'",
            file.line_of("date"),
        )


def _check_body(file: _File, content: Path) -> None:
    story = file.story
    assert story is not None
    if not story.body.strip():
        file.report(
            ERROR,
            f"the {'page' if file.kind == 'page' else 'story'} has no text",
            "write it below the line '---' that closes the front matter",
            story.body_line - 1,
        )
        return
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
            check_internal_links(line, number, file.path, content)
        except ContentError as error:
            file.report_error(error)
        _check_images(file, line, number, content)
        _check_markdown_links(file, line, number)


def _check_images(file: _File, line: str, number: int, content: Path) -> None:
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
    for tag in _HTML_IMAGE.finditer(line):
        if not _HTML_ALT.search(tag[0]):
            file.report(
                ERROR,
                "an <img> has no description (alt text)",
                'add alt="…" saying what the photo shows, or write it as ![description](…)',
                number,
            )


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


def _check_markdown_links(file: _File, line: str, number: int) -> None:
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


# --- across files -----------------------------------------------------------------------


def _index(
    content: Path, settings: dict[str, Any], files: list[_File]
) -> tuple[SiteIndex | None, list[Problem]]:
    """The build's index, and what it found that the checks above have not said yet.

    The index stops at its first problem in a file; a file that could not be
    read has already been reported here, so only problems about other files
    (clashing addresses, folders, lead images, links leaving content/) remain.
    """
    stories = {file.path: file.story for file in files if file.story is not None}
    entries = {file.path: file.entry for file in files if file.entry is not None}
    try:
        return build_index(content, settings, stories, entries), []
    except BuildError as error:
        unread = {file.shown for file in files if file.story is None}
        found = [_from_error(found, content.parent) for found in error.errors]
        return None, [problem for problem in found if problem.path not in unread]


def _from_error(error: ContentError, project: Path) -> Problem:
    """A problem the index found, named from the project folder like the others."""
    where = " and ".join(_from_project(Path(p), project) for p in error.path.split(" and "))
    return Problem(where, error.line, ERROR, error.problem, error.fix)


def _translation_problems(index: SiteIndex, files: dict[tuple[str, str], _File]) -> list[Problem]:
    """Counterparts that are missing although expected, or dated differently."""
    by_key = {(e.lang, e.kind, e.translation_key): e for e in index.entries}
    problems = []
    for entry in index.entries:
        file = files[(entry.lang, entry.relpath)]
        for lang in LANGUAGES:
            if lang == entry.lang:
                continue
            counterpart = by_key.get((lang, entry.kind, entry.translation_key))
            if counterpart is None:
                problems += _missing_counterpart(entry, lang, index, by_key, file)
            elif entry.lang != LANGUAGES[0] and _dates_differ(entry, counterpart):
                problems.append(
                    Problem(
                        file.shown,
                        file.line_of("date"),
                        WARNING,
                        f"the date differs from its {LANGUAGE_NAMES[lang]} version "
                        f"{counterpart.source} ({counterpart.date:%Y-%m-%d %H:%M})",
                        "give both the date of the original story",
                    )
                )
    return problems


def _dates_differ(entry: Entry, other: Entry) -> bool:
    return entry.date is not None and other.date is not None and entry.date != other.date


def _missing_counterpart(
    entry: Entry, lang: str, index: SiteIndex, by_key: dict[Any, Entry], file: _File
) -> list[Problem]:
    """A translation whose counterpart is missing (warning).

    A story in one language only is normal (an original waiting for its
    translation, or an English-only story), so this warns only where a pair was
    clearly meant: an explicit ``translation_key`` that no file in the other
    language shares, or a file whose counterpart sits at another path (same file
    name, unpaired). The second is reported once, on the non-default language.
    """
    other = LANGUAGE_NAMES[lang]
    if entry.translation_key != entry.relpath:
        return [
            Problem(
                file.shown,
                file.line_of("translation_key"),
                WARNING,
                f"no {other} file has translation_key '{entry.translation_key}'",
                f"give its {other} version the same 'translation_key', or remove the line",
            )
        ]
    if entry.lang == LANGUAGES[0]:
        return []
    name = PurePosixPath(entry.relpath).name
    near = [
        e.source
        for e in index.in_language(lang)
        if e.kind == entry.kind
        and PurePosixPath(e.relpath).name == name
        and (entry.lang, e.kind, e.translation_key) not in by_key
    ]
    if not near:
        return []
    return [
        Problem(
            file.shown,
            None,
            WARNING,
            f"its {other} version is missing: there is no content/{lang}/{entry.relpath}, "
            f"but {near[0]} has the same name",
            f"move one of them so that both have the same path under content/{lang}/ and "
            f"content/{entry.lang}/, or give both the same 'translation_key'",
        )
    ]


def _spelling_problems(index: SiteIndex, files: dict[tuple[str, str], _File]) -> list[Problem]:
    """Names that are spelling variants of another beyond tone style.

    ``hòa giải`` and ``hoà giải`` are one tag already (canonical_key). Two names
    that are the same without diacritics (search_fold) but have different
    canonical keys may be different words (``ăn``, ``ân``: both correctly
    accented, nothing to say) or one may have lost marks while typing
    (``hoa giai``, ``hoà giai`` beside ``hòa giải``). Only the second is
    reported: every letter of the one has a subset of the other's marks, and
    some have fewer. The suggestion is the fuller spelling, even when the
    poorer one is more used, shown as the index displays it; a one-syllable
    name without marks (``an`` beside ``ăn``) is reported too, as the rule
    cannot know it is a word of its own.
    """
    problems = []
    for lang in LANGUAGES:
        entries = index.in_language(lang)
        for kind, field_name in (("tag", "tags"), ("category", "category"), ("author", "author")):
            uses = Counter(canonical_key(name) for e in entries for name in _names(e, kind))
            poorer = _poorer_spellings(uses)
            for entry in entries:
                file = files[(entry.lang, entry.relpath)]
                for name in _names(entry, kind):
                    if fuller := poorer.get(canonical_key(name)):
                        shown = [f"'{index.spelling(lang, kind, key)}'" for key in fuller]
                        used = _count(uses[fuller[0]], "story", "stories")
                        problems.append(
                            Problem(
                                file.shown,
                                file.line_of(field_name),
                                WARNING,
                                f"the {kind} '{name}' looks like {' or '.join(shown)} with "
                                f"accents missing (used in {used})",
                                f"write {shown[0]}, so that both are one {kind}",
                            )
                        )
    return problems


def _names(entry: Entry, kind: str) -> tuple[str, ...]:
    if kind == "tag":
        return entry.tags
    name = entry.category if kind == "category" else entry.author
    return (name,) if name else ()


def _poorer_spellings(uses: Counter[str]) -> dict[str, list[str]]:
    """Canonical key -> the keys it is a less accented form of, most used first."""
    by_fold: dict[str, list[str]] = defaultdict(list)
    for key in uses:
        by_fold[search_fold(key)].append(key)
    poorer = {}
    for keys in by_fold.values():
        for key in keys:
            fuller = [k for k in keys if _lacks_marks_of(key, k)]
            # Suggest only the fullest: 'hoà giai' is no advice for 'hoa giai'.
            fullest = [k for k in fuller if not any(_lacks_marks_of(k, f) for f in fuller)]
            if fullest:
                poorer[key] = sorted(fullest, key=lambda k: (-uses[k], sort_key(k)))
    return poorer


def _lacks_marks_of(fewer: str, more: str) -> bool:
    """Same letters, and each of ``fewer`` has some of the marks of ``more`` (not all)."""
    a, b = _marked_letters(fewer), _marked_letters(more)
    same = len(a) == len(b) and all(
        x[0] == y[0] and x[1] <= y[1] for x, y in zip(a, b, strict=True)
    )
    return same and a != b


def _marked_letters(key: str) -> list[tuple[str, frozenset[str]]]:
    letters = []
    for char in key:  # canonical keys are NFC and case-folded
        base, *marks = unicodedata.normalize("NFD", char)
        if base == "đ":  # no decomposition: the stroke counts as a mark on d
            base, marks = "d", [*marks, "đ"]
        letters.append((base, frozenset(marks)))
    return letters


def _address_problems(
    index: SiteIndex, files: list[_File], settings: dict[str, Any]
) -> list[Problem]:
    """Links written as site addresses (/2024/07/bai/) that lead to no page."""
    known = _portal_addresses(index, settings)
    return [
        Problem(
            file.shown,
            number,
            ERROR,
            f"the link '{address}' leads to no page of the portal",
            "check the address; for a story, link its file instead: "
            "({filename}/vi/2024/07/bai.md) keeps the link right",
        )
        for file in files
        for number, address in file.addresses
        if address.strip("/") not in known
    ]


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


def _portal_addresses(index: SiteIndex, settings: dict[str, Any]) -> set[str]:
    """Every address a story, page or listing of either language will have."""
    known = {entry.url.strip("/") for entry in index.entries}
    for lang in LANGUAGES:
        slugs = index.listing_slugs(lang)
        for kind, (one, every) in LISTINGS.items():
            addresses = [settings[every]]
            for slug in slugs.get(kind, ()):
                moment = datetime(int(slug), 1, 1) if kind == "archives" else None
                addresses.append(settings[one].format(slug=slug, date=moment))
            known.update(url_prefix(lang) + address.strip("/") for address in addresses)
    return known


# --- small helpers ----------------------------------------------------------------------


def _from_project(path: Path, project: Path) -> str:
    """A path as editors see it: from the project folder, with forward slashes."""
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        return absolute.relative_to(project).as_posix()
    except ValueError:
        return path.as_posix()


def _count(number: int, noun: str, plural: str = "") -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
