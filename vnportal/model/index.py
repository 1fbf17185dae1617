"""The index: one cheap pass over the front matter of both languages.

It gives every language build what it needs about the other (translation
links, switcher, hreflang) without waiting for it, and it stops the build
before any HTML is written when a file is invalid or two files would share
one URL.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from .attachments import ATTACHMENT_FOLDER, kind_of
from .contacts import Contacts, read_contacts
from .datafile import DATA_FILES
from .documents import LISTING_WORDS, Announcement, Document, document_file_name
from .errors import BuildError, ContentError
from .events import MOMENT_SETTING, build_moment
from .frontmatter import Story, read_story
from .sources import (
    DOCUMENT_FOLDERS,
    LANGUAGE_NAMES,
    LANGUAGES,
    SHARED_FOLDERS,
    SourcePath,
    ignored_name,
    inside_content,
    lead_image_path,
    markdown_files,
    other_files,
    symlinks_under,
    url_prefix,
)
from .taxonomy import assign_slugs, default_category
from .topics import (
    SETTINGS,
    StoryNames,
    TopicPair,
    TopicPairs,
    derive_pairs,
    read_topic_table,
)
from .vietnamese import TIMEZONE, canonical_key, slugify, sort_key


@dataclass(frozen=True)
class ReadSource:
    """A file read before the language builds: its size and time (to see it is
    unchanged since), its validated front matter without the body, and a digest of
    its bytes. The language builds use it instead of parsing the file again."""

    identity: tuple[int, int]
    story: Story
    digest: str


@dataclass(frozen=True)
class Entry:
    """One Markdown file as the index sees it."""

    lang: str
    relpath: str  # relative to the language folder, POSIX style
    kind: str  # "article", "page" or "document"
    slug: str
    url: str  # site-relative, e.g. "en/2024/07/slug/"
    title: str
    date: datetime | None
    status: str
    translation_key: str
    tags: tuple[str, ...] = ()
    category: str | None = None
    author: str | None = None
    modified: datetime | None = None
    # A story dated after the build's moment: held back as a draft until then.
    waits_until: datetime | None = None
    document: Document | None = None
    announcement: Announcement | None = None

    @property
    def source(self) -> str:
        return f"content/{self.lang}/{self.relpath}"


@dataclass
class SiteIndex:
    """Everything known about the content before any language is built."""

    entries: list[Entry] = field(default_factory=list)
    # 'lang:kind' -> canonical key -> the spelling shown for that tag/category/author
    spellings: dict[str, dict[str, str]] = field(default_factory=dict)
    # 'lang:kind' -> canonical key -> its slug, decided once (vnportal/taxonomy.py)
    slugs: dict[str, dict[str, str]] = field(default_factory=dict)
    # lang -> names whose ASCII slugs collided, as messages for the build
    slug_warnings: dict[str, list[str]] = field(default_factory=dict)
    # Vietnamese and English categories and tags that are one topic (content/topics.yml)
    topics: TopicPairs = field(default_factory=TopicPairs)
    # The agency's units and contact officials, for the contacts page (content/contacts.yml)
    contacts: Contacts = field(default_factory=Contacts)

    def __post_init__(self) -> None:
        self._by_source = {(e.lang, e.relpath): e for e in self.entries}
        self._by_key = {(e.lang, e.kind, e.translation_key): e for e in self.entries}
        self._listing_slugs: dict[str, dict[str, set[str]]] = {}
        self._names_by_slug: dict[str, dict[tuple[str, str], str]] = {}

    def entry(self, lang: str, relpath: str) -> Entry | None:
        return self._by_source.get((lang, relpath))

    def counterpart(self, entry: Entry, lang: str) -> Entry | None:
        """The file of ``lang`` paired with ``entry`` (same path or translation_key), if any."""
        return self._by_key.get((lang, entry.kind, entry.translation_key))

    def translation_of(self, entry: Entry, lang: str) -> Entry | None:
        """The published translation of a published ``entry`` into ``lang``, if any."""
        other = self.counterpart(entry, lang)
        if other is None or other.status != "published" or entry.status != "published":
            return None
        return other

    def in_language(self, lang: str) -> list[Entry]:
        return [e for e in self.entries if e.lang == lang]

    def documents(self, lang: str) -> list[Entry]:
        """The language's documents, newest first (by day of issue, then number)."""
        found = [e for e in self.entries if e.lang == lang and e.document is not None]
        return sorted(found, key=lambda e: (-e.document.issued.toordinal(), e.document.number))

    def linked_document(self, entry: Entry, name: str) -> Entry | None:
        """The document that ``replaces``/``amended_by`` of ``entry`` names."""
        folder = entry.relpath.split("/", 1)[0]
        return self.entry(entry.lang, f"{folder}/{document_file_name(name)}")

    def spelling(self, lang: str, kind: str, name: str) -> str:
        """The display spelling chosen for a ``tag``, ``category`` or ``author``."""
        return self.spellings.get(f"{lang}:{kind}", {}).get(canonical_key(name), name)

    def slug(self, lang: str, kind: str, name: str) -> str:
        """The address slug of a ``tag``, ``category`` or ``author`` (unique per kind)."""
        found = self.slugs.get(f"{lang}:{kind}", {}).get(canonical_key(name))
        return found or slugify(self.spelling(lang, kind, name))

    def paired_topic(self, kind: str, lang: str, name: str, other: str) -> str | None:
        """The ``other`` language's name of a ``tag`` or ``category``: its pair in
        topics.yml or derived from the translations, else the same name where the
        other language uses it and has not paired it with another."""
        found = self.topics.counterpart(kind, lang, name)
        if found is not None:
            return found
        key = canonical_key(name)
        used = key in self.spellings.get(f"{other}:{kind}", {})
        return name if used and self.topics.counterpart(kind, other, name) is None else None

    def name_of_slug(self, lang: str, kind: str, slug: str) -> str | None:
        """The display name of the ``tag`` or ``category`` whose page is at ``slug``."""
        if lang not in self._names_by_slug:
            self._names_by_slug[lang] = {
                (scope.split(":")[1], found): self.spellings[scope][key]
                for scope, slugs in self.slugs.items()
                if scope.startswith(f"{lang}:")
                for key, found in slugs.items()
            }
        return self._names_by_slug[lang].get((kind, slug))

    def listing_slugs(self, lang: str) -> dict[str, set[str]]:
        """Slugs of the tag, category, author and year pages a language will have."""
        if lang not in self._listing_slugs:
            self._listing_slugs[lang] = self._collect_listing_slugs(lang)
        return self._listing_slugs[lang]

    def _collect_listing_slugs(self, lang: str) -> dict[str, set[str]]:
        slugs: dict[str, set[str]] = defaultdict(set)
        for e in self.in_language(lang):
            if e.kind != "article" or e.status != "published":
                continue
            slugs["tags"].update(self.slug(lang, "tag", t) for t in e.tags)
            if e.category:
                slugs["categories"].add(self.slug(lang, "category", e.category))
            if e.author:
                slugs["authors"].add(self.slug(lang, "author", e.author))
            if e.date:
                slugs["archives"].add(f"{e.date:%Y}")
        return slugs


def build_index(
    content: Path,
    settings: dict[str, Any],
    stories: Mapping[Path, Story] | None = None,
    entries_made: Mapping[Path, Entry] | None = None,
    listed: Mapping[str, list[Path]] | None = None,
) -> SiteIndex:
    """Read every file's front matter; raise BuildError listing all problems.

    ``stories`` are files another step has already read (the checker), so that
    a build parses each file's front matter once; ``entries_made`` are their
    lines in the index, when that step made them too; ``listed``, each language's
    Markdown files as that step found them (markdown_files), so that a large
    archive's folders are not walked once more.
    """
    try:
        for lang in LANGUAGES:
            default_category(settings, lang)
    except ContentError as error:
        raise BuildError.of([error]) from None
    errors = _foreign_folders(content) + _foreign_files(content)
    table: list[TopicPair] = []
    try:
        table = read_topic_table(content)
    except ContentError as error:
        errors.append(error)
    contacts, contact_errors = read_contacts(content)
    errors += contact_errors
    entries: list[Entry] = []
    for lang in LANGUAGES:
        folder = content / lang
        for path in markdown_files(folder) if listed is None else listed[lang]:
            made = (entries_made or {}).get(path)
            if made is not None:
                entries.append(made)
                continue
            try:
                story = (stories or {}).get(path)
                entries.append(index_entry(path, folder, lang, settings, story))
            except ContentError as error:
                errors.append(error)
    errors += _url_clashes(entries)  # at the addresses they will have, scheduled or not
    errors += _document_links(entries)
    errors += _shared_translation_keys(entries)
    errors += _symbolic_links(content)
    if errors:
        raise BuildError.of(errors)
    entries = hold_back_scheduled(entries, _moment(settings), settings)
    spellings = _spellings(entries)
    slugs, warnings = _slugs(spellings)
    given = [*table, *_default_category_pair(settings, table)]
    topics = TopicPairs([*given, *_derived_topics(entries, given, spellings)])
    return SiteIndex(
        entries=entries,
        spellings=spellings,
        slugs=slugs,
        slug_warnings=warnings,
        topics=topics,
        contacts=contacts,
    )


def _foreign_folders(content: Path) -> list[ContentError]:
    return [
        ContentError(
            path,
            f"'{path.name}' is not a language folder",
            "put stories in content/vi/ (Vietnamese) or content/en/ (English), "
            f"images in content/images/; the data files are {', '.join(DATA_FILES)}",
        )
        for path in sorted(content.iterdir())
        if not ignored_name(path.name)
        and not (path.is_dir() and path.name in LANGUAGES + SHARED_FOLDERS)
        and not (path.is_file() and path.name in DATA_FILES)
    ]


# What each kind of file found in a language folder should become instead.
_MARKDOWN_ENDINGS = {".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".text"}
_IMAGE_ENDINGS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif"}
_IMPORTABLE_ENDINGS = {".txt", ".html", ".htm"}


def _foreign_files(content: Path) -> list[ContentError]:
    """A language folder holds stories (.md) only: any other file would be left out
    of the site without a word, so each stops the build with what to do instead.

    Images are shared by both languages and copied from content/images/ only.
    """
    errors = []
    for lang in LANGUAGES:
        for path in other_files(content / lang):
            ending = path.suffix.lower()
            if ending in _MARKDOWN_ENDINGS:
                problem = f"a story must end in '.md', and this file ends in '{path.suffix}'"
                fix = f"rename it to '{path.stem}.md'"
            elif ending in _IMAGE_ENDINGS:
                problem = "an image in a language folder is not published"
                fix = (
                    "move it to content/images/<yyyy>/<mm>/ (images are shared by both "
                    "languages) and write its path from there: {static}/images/…"
                )
            elif ending in _IMPORTABLE_ENDINGS:
                problem = f"a '{path.suffix}' file is not read as a story, only '.md' files are"
                fix = (
                    "move it out of content/ and make a story of it with 'invoke import FILE', "
                    "or rename it to '.md' if it already starts with front matter"
                )
            else:
                problem = f"content/{lang}/ holds stories only ('.md' files)"
                fix = (
                    "move the file out of content/; a file linked from a story goes under "
                    "content/images/"
                )
            errors.append(ContentError(path, f"this file is not published: {problem}", fix))
    return errors


def _symbolic_links(content: Path) -> list[ContentError]:
    """No symbolic link anywhere under content/: the build never follows one.

    One rule for every mode (check, build, incremental build, livereload): a
    link to a folder would be invisible to some and read by others, a loop
    would be walked round, a link to /etc/passwd named x.md would be published.
    """
    root = os.path.realpath(content)
    errors = []
    for path in symlinks_under(content):
        target = os.readlink(path)
        if os.path.realpath(path).startswith(root + os.sep):
            problem = f"this is a symbolic link (to '{target}'), which the build does not follow"
        else:
            problem = f"this is a symbolic link to '{target}', outside content/"
        errors.append(
            ContentError(
                path, problem, "replace the link with a copy of the file or folder it points to"
            )
        )
    return errors


def index_entry(
    path: Path, folder: Path, lang: str, settings: dict[str, Any], story: Story | None
) -> Entry:
    """One file's line in the index (``story``: its front matter, when already read)."""
    place = SourcePath.of(path, folder.parent)
    relpath, kind = place.relpath, place.kind
    if story is None:
        story = read_story(path, kind=kind)
    slug = _slug(story, path)
    image = inside_content(folder.parent, folder.parent, lead_image_path(story.image or ""))
    if story.image and image is None:
        raise ContentError(
            path,
            f"the lead image '{story.image}' is outside content/",
            "put the file under content/images/ and write its path from there",
            story.line_of("image"),
        )
    if story.image and not os.path.isfile(image):
        raise ContentError(
            path,
            f"the lead image '{story.image}' does not exist",
            "put the file under content/images/ and write its path from there, "
            "e.g. 'image: images/2024/07/anh.jpg'",
            story.line_of("image"),
        )
    for attachment in story.document.files if story.document else ():
        _check_attachment_place(path, folder.parent, attachment.path, attachment.line)
    return Entry(
        lang=lang,
        relpath=relpath,
        kind=kind,
        slug=slug,
        url=_url(kind, story, slug, lang, settings),
        title=story.title,
        date=story.date,
        status=story.status,
        translation_key=story.translation_key or place.translation_path,
        tags=tuple(story.tags),
        category=story.category
        or (default_category(settings, lang) if kind == "article" else None),
        author=story.author,
        modified=story.modified,
        document=story.document,
        announcement=story.announcement,
    )


def _check_attachment_place(path: Path, content: Path, name: str, line: int) -> None:
    """An attachment is a file under content/files/ (its type is checked by the checker)."""
    full = inside_content(content, content, name)
    if full is None or not name.startswith(f"{ATTACHMENT_FOLDER}/"):
        raise ContentError(
            path,
            f"the attachment '{name}' is not under content/{ATTACHMENT_FOLDER}/",
            f"put the file under content/{ATTACHMENT_FOLDER}/<yyyy>/ and write its path "
            f"from content/, e.g. '{ATTACHMENT_FOLDER}/2024/ke-hoach-15.pdf'",
            line,
        )
    if kind_of(name) is None:
        raise ContentError(
            path,
            f"the attachment '{name}' is not of a kind the portal publishes",
            "attach PDF, Word (.doc, .docx), Excel (.xls, .xlsx) or OpenDocument "
            "(.odt, .ods) files",
            line,
        )
    if not os.path.isfile(full):
        raise ContentError(
            path,
            f"the attachment '{name}' does not exist",
            f"put the file at content/{name}, or correct its path",
            line,
        )


def _default_category(kind: str, lang: str, settings: dict[str, Any]) -> str | None:
    return default_category(settings, lang) if kind == "article" else None


def _slug(story: Story, path: Path) -> str:
    slug = slugify(story.slug or path.stem)
    if not slug:
        raise ContentError(
            path,
            "the file name gives an empty web address",
            "rename the file with letters, e.g. 'hoi-nghi-tap-huan.md', or set 'slug:'",
        )
    return slug


def _url(kind: str, story: Story, slug: str, lang: str, settings: dict[str, Any]) -> str:
    return _address(kind, story.status, story.date, slug, lang, settings)


def _address(
    kind: str, status: str, date: datetime | None, slug: str, lang: str, settings: dict[str, Any]
) -> str:
    if kind == "document":
        return url_prefix(lang) + f"{DOCUMENT_FOLDERS[lang]}/{slug}/"
    if status == "draft":
        pattern = settings["DRAFT_URL" if kind == "article" else "DRAFT_PAGE_URL"]
    else:
        pattern = settings["ARTICLE_URL" if kind == "article" else "PAGE_URL"]
    return url_prefix(lang) + pattern.format(slug=slug, date=date, lang=lang)


def _moment(settings: dict[str, Any]) -> datetime:
    """The build's moment: the one the whole build agreed on (PORTAL_MOMENT), else its own."""
    agreed = settings.get(MOMENT_SETTING)
    return datetime.fromisoformat(agreed) if agreed else build_moment(settings)


def hold_back_scheduled(
    entries: list[Entry], moment: datetime, settings: dict[str, Any]
) -> list[Entry]:
    """Stories dated after ``moment`` become drafts until their time has come.

    Built like a draft (under drafts/, listed nowhere; not written at all when
    publishing), so that a story set up in advance appears with the first build
    after its date and time, Vietnam time.
    """
    held = []
    for entry in entries:
        if entry.kind == "article" and entry.status == "published" and entry.date is not None:
            date = entry.date if entry.date.tzinfo else entry.date.replace(tzinfo=TIMEZONE)
            if date > moment:
                url = _address("article", "draft", entry.date, entry.slug, entry.lang, settings)
                entry = replace(entry, status="draft", url=url, waits_until=date)
        held.append(entry)
    return held


def _url_clashes(entries: list[Entry]) -> list[ContentError]:
    by_url: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_url[entry.url].append(entry)
    errors = [
        ContentError(
            " and ".join(e.source for e in clash),
            f"both would be published at /{url}",
            "give one of them another file name or a different 'slug:'",
        )
        for url, clash in sorted(item for item in by_url.items() if len(item[1]) > 1)
    ]
    for entry in entries:
        first = entry.url.split("/")[0 if entry.lang == LANGUAGES[0] else 1]
        published_page = entry.kind == "page" and entry.status == "published"
        if published_page and first in RESERVED_FIRST_SEGMENTS:
            errors.append(
                ContentError(
                    entry.source,
                    f"the address /{entry.url} is used by the portal itself",
                    "set another 'slug:'",
                )
            )
    return errors


RESERVED_FIRST_SEGMENTS = {
    *LANGUAGES,
    "tags",
    "categories",
    "authors",
    "archives",
    "page",
    "feeds",
    "theme",
    "images",
    "drafts",
    "search",
    "tim-kiem",
    "pagefind",
    "events",
    "su-kien",
    "so-lieu",
    "statistics",
    "lien-he",
    "contacts",
    "files",
    *DOCUMENT_FOLDERS.values(),
}


def _document_links(entries: list[Entry]) -> list[ContentError]:
    """``replaces``/``amended_by`` name documents of the same folder that exist;
    a document's address leaves room for the library's listings."""
    present = {(e.lang, e.relpath) for e in entries}
    errors = []
    for entry in entries:
        if entry.document is None:
            continue
        if entry.slug in LISTING_WORDS[entry.lang].values():
            errors.append(
                ContentError(
                    entry.source,
                    f"the address /{entry.url} is used by the library's listings",
                    "set another 'slug:' or rename the file",
                )
            )
        folder = entry.relpath.split("/", 1)[0]
        for field_name in ("replaces", "amended_by"):
            for name, line in getattr(entry.document, field_name):
                if (entry.lang, f"{folder}/{document_file_name(name)}") not in present:
                    errors.append(
                        ContentError(
                            entry.source,
                            f"'{field_name}' names '{name}', which is not a document of "
                            f"content/{entry.lang}/{folder}/",
                            f"write the file name of a document in that folder, e.g. "
                            f"'{field_name}: [ke-hoach-12-2023.md]'",
                            line,
                        )
                    )
    return errors


def _shared_translation_keys(entries: list[Entry]) -> list[ContentError]:
    """A translation_key pairs one file of each language: more would pair at random."""
    by_key: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_key[entry.translation_key].append(entry)
    errors = []
    for key, sharing in sorted(by_key.items()):
        per_language = Counter(entry.lang for entry in sharing)
        crowded = [lang for lang in LANGUAGES if per_language[lang] > 1]
        if not crowded:
            continue
        names = ", ".join(f"{per_language[lang]} in {LANGUAGE_NAMES[lang]}" for lang in crowded)
        by_path = next((e for e in sharing if e.translation_key == e.relpath), None)
        how = (
            f" ({by_path.source} has no 'translation_key', so its path is its key)"
            if by_path
            else ""
        )
        errors.append(
            ContentError(
                " and ".join(sorted(entry.source for entry in sharing)),
                f"{len(sharing)} files share the translation key '{key}', {names}{how}",
                "a translation_key pairs one Vietnamese with one English file: "
                "give each story its own key",
            )
        )
    return errors


def _spellings(entries: list[Entry]) -> dict[str, dict[str, str]]:
    """Pick, per language and kind, one display spelling for each name.

    Tone-style, case and NFD variants share a canonical key; the most used
    spelling wins and ties go to the first in Vietnamese order, so the choice
    never depends on file order. Tags, categories and authors are counted
    apart: a category "Hòa giải ở cơ sở" keeps its capital even when a tag
    "hòa giải ở cơ sở" is more common.
    """
    counts: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for entry in entries:
        named = [("tag", t) for t in entry.tags]
        named += [("category", entry.category), ("author", entry.author)]
        for kind, name in named:
            if name:
                counts[f"{entry.lang}:{kind}"][canonical_key(name)][name] += 1
    return {
        scope: {
            key: min(variants, key=lambda n: (-variants[n], sort_key(n), n))
            for key, variants in by_key.items()
        }
        for scope, by_key in counts.items()
    }


def _slugs(
    spellings: dict[str, dict[str, str]],
) -> tuple[dict[str, dict[str, str]], dict[str, list[str]]]:
    """One slug per canonical name and kind, and the collisions to warn about."""
    slugs: dict[str, dict[str, str]] = {}
    warnings: dict[str, list[str]] = defaultdict(list)
    for scope, names in sorted(spellings.items()):
        lang, kind = scope.split(":")
        assignment = assign_slugs(kind, names)
        slugs[scope] = assignment.slugs
        warnings[lang] += assignment.warnings
    return slugs, dict(warnings)


def _default_category_pair(settings: dict[str, Any], table: list[TopicPair]) -> list[TopicPair]:
    """The default categories of the two languages are one topic, unless the table says
    otherwise about either."""
    vi, en = (default_category(settings, lang) for lang in LANGUAGES)
    given = {
        (lang, canonical_key(getattr(pair, lang)))
        for pair in table
        if pair.kind == "category"
        for lang in LANGUAGES
    }
    if ("vi", canonical_key(vi)) in given or ("en", canonical_key(en)) in given:
        return []
    return [TopicPair("category", vi, en, origin=SETTINGS)]


def _derived_topics(
    entries: list[Entry], table: list[TopicPair], spellings: dict[str, dict[str, str]]
) -> list[TopicPair]:
    """Pairs of categories and tags shown by translated stories, where the table is silent."""
    by_key = {(e.lang, e.translation_key): e for e in entries if e.kind == "article"}
    translated = [
        (e, by_key[("en", e.translation_key)])
        for e in entries
        if e.lang == "vi" and e.kind == "article" and ("en", e.translation_key) in by_key
    ]
    found = []
    for kind in ("category", "tag"):
        names: list[StoryNames] = [(_keys(vi, kind), _keys(en, kind)) for vi, en in translated]
        shown = {lang: spellings.get(f"{lang}:{kind}", {}) for lang in LANGUAGES}
        found += derive_pairs(kind, names, table, shown)
    return found


def _keys(entry: Entry, kind: str) -> frozenset[str]:
    names = entry.tags if kind == "tag" else (entry.category,) if entry.category else ()
    return frozenset(canonical_key(name) for name in names)
