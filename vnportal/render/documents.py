"""Documents inside one language's run: their pages, the library, its listings and feed,
and the home page's notices.

A document is read by our reader as a Pelican page with its own template and
address (``/van-ban/<slug>/``); it is "hidden" to Pelican, so it is listed in no
menu and no news listing. The library (``/van-ban/``) lists every document,
newest first, and links plain listings per type (``/van-ban/loai/<type>/``) and
per year (``/van-ban/nam/<year>/``) that work without JavaScript.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal

from ..incremental.caches import BuildCache
from ..incremental.page_keys import card_digest, content_digest
from ..model.attachments import kind_of, pdf_text
from ..model.digests import digest
from ..model.documents import LISTING_WORDS, Announcement, DocumentType
from ..model.index import Entry
from ..model.sources import DOCUMENT_FOLDERS, LANGUAGES, url_prefix
from ..model.vietnamese import TIMEZONE, sort_key
from .citing import CitedDocument, cited_url
from .feeds import FEEDS_FOLDER, Channel, FeedCatalog, feed_site
from .i18n import load_translations
from .run import LanguageRun, language_run, run_today

# Characters of a PDF's text put on its document's page (for search and reading).
TEXT_LIMIT = 200_000


@dataclass(frozen=True)
class AttachmentView:
    """One attached file as its document's page lists it."""

    name: str  # the file's own name
    url: str  # site-relative: files/2024/ke-hoach-15.pdf
    label: str  # PDF, Word, Excel, OpenDocument
    mime: str
    size: str  # 1,2 MB (Vietnamese) or 1.2 MB (English)
    text: str = ""  # a PDF's text layer


@dataclass(frozen=True)
class LinkedDocument:
    title: str
    url: str


@dataclass(frozen=True)
class DocumentView:
    """What a document's page and the library show of it."""

    type: DocumentType
    type_name: str
    number: str
    issuer: str
    signer: str | None
    issued: date
    effective: date
    expires: date | None
    status: str  # in_force, amended, expired
    status_name: str
    abstract: str | None
    attachments: tuple[AttachmentView, ...]
    replaces: tuple[LinkedDocument, ...]
    amended_by: tuple[LinkedDocument, ...]
    type_url: str
    year_url: str

    @property
    def year(self) -> int:
        return self.issued.year

    @property
    def full_text(self) -> str:
        return " ".join(item.text for item in self.attachments if item.text)


def file_size(size: int, lang: str) -> str:
    """``1,2 MB`` in Vietnamese, ``1.2 MB`` in English; KB below a megabyte."""
    if size < 1024 * 1024:
        return f"{format_decimal(max(size / 1024, 0.1), '#,##0.#', locale=lang)} KB"
    return f"{format_decimal(size / 1024 / 1024, '#,##0.#', locale=lang)} MB"


def library_url(lang: str) -> str:
    return f"{url_prefix(lang)}{DOCUMENT_FOLDERS[lang]}/"


def type_listing_url(lang: str, kind: DocumentType) -> str:
    return f"{library_url(lang)}{LISTING_WORDS[lang]['type']}/{kind.slug}/"


def year_listing_url(lang: str, year: int) -> str:
    return f"{library_url(lang)}{LISTING_WORDS[lang]['year']}/{year}/"


def document_metadata(entry: Entry, run: LanguageRun, settings: dict[str, Any]) -> dict[str, Any]:
    """What our reader adds to a document's metadata: its template, address and view."""
    document = entry.document
    assert document is not None
    lang = entry.lang
    content = Path(settings["PATH"])
    texts = _text_cache(run, settings)
    attachments = []
    for attachment in document.files:
        file = content / attachment.path
        data = file.read_bytes()
        kind = kind_of(attachment.path)
        assert kind is not None  # the index has checked the ending
        text = ""
        if attachment.path.lower().endswith(".pdf"):
            text = texts.get(digest(data), lambda _, data=data: pdf_text(data))[:TEXT_LIMIT]
        attachments.append(
            AttachmentView(
                name=file.name,
                url=attachment.path,
                label=kind.label,
                mime=kind.mime,
                size=file_size(len(data), lang),
                text=text,
            )
        )

    def linked(names: tuple[tuple[str, int], ...]) -> tuple[LinkedDocument, ...]:
        found = (run.index.linked_document(entry, name) for name, _ in names)
        return tuple(LinkedDocument(other.title, other.url) for other in found if other)

    view = DocumentView(
        type=document.type,
        type_name=document.type.name(lang),
        number=document.number,
        issuer=document.issuer,
        signer=document.signer,
        issued=document.issued,
        effective=document.effective,
        expires=document.expires,
        status=document.status,
        status_name=document.status_name(lang),
        abstract=document.abstract,
        attachments=tuple(attachments),
        replaces=linked(document.replaces),
        amended_by=linked(document.amended_by),
        type_url=type_listing_url(lang, document.type),
        year_url=year_listing_url(lang, document.issued.year),
    )
    return {
        "template": "document",
        "url": entry.url,
        "save_as": entry.url + "index.html",
        "status": "hidden",  # listed by the library, not in Pelican's page lists
        "date": datetime.combine(document.issued, time(), TIMEZONE),
        "document": view,
        # What the page shows beyond its own file: the files, the linked documents.
        "portal_key": digest(repr(view)),
    }


def _text_cache(run: LanguageRun, settings: dict[str, Any]) -> Any:
    """PDF texts by the digest of the file, kept between builds."""
    path = BuildCache(settings).pdf_text_path(run.lang) if run.use_cache else None
    return run.markdown_cache(path, "pdf-text-1")


def announcement_state(item: Any, today: date) -> str:
    """'' for no announcement, else 'valid' or 'expired' on the build date."""
    announcement: Announcement | None = getattr(item, "announcement", None)
    if announcement is None:
        return ""
    return "valid" if announcement.valid_on(today) else "expired"


# ---- the library and its listings -----------------------------------------------


@dataclass
class Library:
    """Every document of a language, newest first, and the listings made of them."""

    lang: str
    documents: list[Any] = field(default_factory=list)  # Pelican pages, newest first
    by_type: list[tuple[DocumentType, list[Any]]] = field(default_factory=list)
    by_year: list[tuple[int, list[Any]]] = field(default_factory=list)  # newest year first
    feed: Channel | None = None

    @property
    def key(self) -> str:
        return digest(*(content_digest(page) for page in self.documents))

    def listings(self, names: dict[str, str]) -> list[tuple[str, str, str, list[Any]]]:
        """(address, title, kind, documents) of the library and every listing page."""
        pages = [(library_url(self.lang), names["library"], "library", self.documents)]
        pages += [
            (type_listing_url(self.lang, kind), kind.name(self.lang), "type", found)
            for kind, found in self.by_type
        ]
        pages += [
            (year_listing_url(self.lang, year), names["year"] % {"year": year}, "year", found)
            for year, found in self.by_year
        ]
        return pages


def newest_documents(pages: list[Any]) -> list[Any]:
    found = [page for page in pages if getattr(page, "document", None) is not None]
    return sorted(found, key=lambda p: (-p.document.issued.toordinal(), p.document.number, p.url))


def library_of(pages: list[Any], lang: str) -> Library:
    library = Library(lang, newest_documents(pages))
    types: dict[DocumentType, list[Any]] = defaultdict(list)
    years: dict[int, list[Any]] = defaultdict(list)
    for page in library.documents:
        types[page.document.type].append(page)
        years[page.document.year].append(page)
    order = sort_key if lang == "vi" else str.casefold
    library.by_type = sorted(types.items(), key=lambda item: order(item[0].name(lang)))
    library.by_year = sorted(years.items(), reverse=True)
    return library


def plan_documents(generators: list[Any]) -> None:
    """Once every file is read: the library, the documents feed and the notices."""
    context = generators[0].context
    settings = generators[0].settings
    lang = settings["PORTAL_LANG"]
    today = run_today(settings)
    pages = list(context.get("hidden_pages", []))
    library = library_of(pages, lang)
    site = feed_site(settings)
    _ = load_translations(Path(settings["THEME"]), lang).gettext
    library.feed = Channel(
        kind="documents",
        label=_("New documents"),
        slug="",
        title=_("New documents – %(site)s") % {"site": site.name},
        subtitle=_("Documents published by %(site)s, newest first") % {"site": site.name},
        page_url=library_url(lang),
        path=f"{site.prefix}{FEEDS_FOLDER}documents",
        articles=tuple(library.documents[: site.options.term_items]),
    )
    context["document_library"] = library
    context["document_library_url"] = library_url(lang)
    catalog: FeedCatalog | None = context.get("feed_catalog")
    if catalog is not None:
        context["feed_catalog"] = dataclasses.replace(catalog, documents=library.feed)
    articles = [a for a in context.get("articles", []) if getattr(a, "announcement", None)]
    for item in [*articles, *library.documents]:
        item.announcement_state = announcement_state(item, today)
    notices = [item for item in [*articles, *library.documents] if _shown(item, today)]
    notices.sort(key=lambda item: item.url)
    notices.sort(key=lambda item: item.date, reverse=True)
    notices.sort(key=lambda item: not item.announcement.pinned)
    context["notices"] = notices
    context["cited_elsewhere"] = cited_elsewhere(context.get("articles", []))
    context["citing_stories"] = stories_citing(context.get("articles", []))
    context["notices_key"] = digest(*(content_digest(item) for item in notices))


@dataclass(frozen=True)
class CitedElsewhere:
    """A document stories cite that the library does not have, and those stories."""

    document: CitedDocument
    stories: tuple[Any, ...]  # newest first


def cited_elsewhere(articles: list[Any]) -> list[CitedElsewhere]:
    """Every cited document missing from the library, by key; what is known of it is
    taken from the newest story, unless an older one gives its date of issue."""
    stories: dict[str, list[Any]] = defaultdict(list)
    known: dict[str, CitedDocument] = {}
    for article in sorted(articles, key=lambda a: (-a.date.timestamp(), a.url)):
        for cited in getattr(article, "cited_documents", ()):
            if cited.in_library:
                continue
            stories[cited.key].append(article)
            if cited.key not in known or (known[cited.key].issued is None and cited.issued):
                known[cited.key] = cited
    return [CitedElsewhere(known[key], tuple(stories[key])) for key in sorted(stories)]


def stories_citing(articles: list[Any]) -> dict[str, tuple[Any, ...]]:
    """A library document's address → the stories that cite it, newest first: its page
    lists them (readers want the document and every story about it)."""
    stories: dict[str, list[Any]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: (-a.date.timestamp(), a.url)):
        for cited in getattr(article, "cited_documents", ()):
            if cited.in_library:
                stories[cited.url].append(article)
    return {url: tuple(found) for url, found in stories.items()}


def _shown(item: Any, today: date) -> bool:
    announcement = getattr(item, "announcement", None)
    return announcement is not None and announcement.valid_on(today)


def write_document_listings(generator: Any, writer: Any) -> None:
    """After the pages are written: the library page and every listing page."""
    context = generator.context
    library: Library = context["document_library"]
    settings = generator.settings
    _ = load_translations(Path(settings["THEME"]), library.lang).gettext
    names = {"library": _("Documents"), "year": _("Documents of %(year)s")}
    template = generator.get_template("documents")
    run = language_run(settings)
    other = next(lang for lang in LANGUAGES if lang != library.lang)
    for url, title, kind, documents in library.listings(names):
        writer.write_file(
            url + "index.html",
            template,
            context,
            documents_shown=documents,
            listing_title=title,
            listing_kind=kind,
            listing_url=url,
            portal_key=digest(library.key, kind, title, *(p.url for p in documents)),
            counterpart_file=listing_counterpart(url, library.lang, other, run.index),
        )
    cited_template = generator.get_template("cited_document")
    for item in context.get("cited_elsewhere", []):
        writer.write_file(
            cited_url(library.lang, item.document.key) + "index.html",
            cited_template,
            context,
            cited=item.document,
            citing_stories=item.stories,
            portal_key=digest(repr(item.document), *(card_digest(a) for a in item.stories)),
            counterpart_file="",
        )


def listing_counterpart(url: str, lang: str, other: str, index: Any) -> str:
    """The other language's file of a library or listing page at ``url``; '' if it has none."""
    if url == library_url(lang):
        return library_url(other) + "index.html"
    kind, _, rest = url.removeprefix(library_url(lang)).partition("/")
    name = rest.strip("/")
    for entry in index.documents(other):
        document = entry.document
        if kind == LISTING_WORDS[lang]["type"] and document.type.slug == name:
            return type_listing_url(other, document.type) + "index.html"
        if kind == LISTING_WORDS[lang]["year"] and str(document.issued.year) == name:
            return year_listing_url(other, document.issued.year) + "index.html"
    return ""
