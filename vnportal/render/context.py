"""What templates see beyond Pelican's own context.

Filters for Vietnamese dates and order, the UI catalogs, each page's language
links, and the related/previous/next stories of an article.
"""

from __future__ import annotations

import calendar
import heapq
import io
import os
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import chain, combinations, groupby
from pathlib import Path
from typing import Any

from jinja2 import Environment, pass_context, pass_environment
from jinja2.filters import make_attrgetter
from markupsafe import Markup
from pelican.contents import Content
from pelican.generators import ArticlesGenerator
from pelican.writers import FileOverwriteFailedError, Writer

from ..incremental.fingerprints import BuildCache, KeyedCache, PageReuse, code_digest
from ..model.index import SiteIndex
from ..model.vietnamese import format_news_date, format_news_datetime, iso_datetime, sort_key
from . import alternates
from .accounting import CONTENT_LISTS
from .i18n import load_translations
from .metadata import social_meta

RELATED_LIMIT = 4


def install_template_helpers(generator: Any) -> None:
    """Give a generator's Jinja environment our filters and the UI catalog."""
    env: Environment = generator.env
    lang: str = generator.settings["PORTAL_LANG"]
    env.filters.update(
        news_datetime=lambda value: format_news_datetime(value, lang),
        news_date=lambda value: format_news_date(value, lang),
        iso_datetime=iso_datetime,
        vi_sorted=_vietnamese_sorted,
    )
    settings = generator.settings
    env.globals["story_card"] = _card_renderer(env, settings)
    env.globals["shared_fragment"] = _fragment_renderer(env)
    env.globals["social_meta"] = lambda content, languages: social_meta(
        content, languages, settings, alternates.absolute_origin(settings)
    )
    theme = Path(generator.settings["THEME"])
    translations = load_translations(theme, lang)
    env.install_gettext_translations(translations, newstyle=True)
    env.globals["_"] = env.globals["gettext"] = _remembered_gettext(translations)


def _remembered_gettext(translations: Any) -> Callable[..., str]:
    """Jinja's newstyle ``gettext``, with each message looked up and wrapped once.

    A page asks for about 25 UI strings; over an archive's tens of thousands of
    pages the lookup and Markup wrapping were a tenth of all template time.
    """
    messages: dict[tuple[str, bool], str] = {}
    plain: dict[tuple[str, bool], str] = {}

    @pass_context
    def gettext(context: Any, string: str, **variables: Any) -> str:
        key = (string, context.eval_ctx.autoescape)
        if not variables and key in plain:
            return plain[key]
        if key not in messages:
            found = translations.gettext(string)
            messages[key] = Markup(found) if key[1] else found
        if variables:
            return messages[key] % variables
        # Like Jinja's: always a format string, so "%%" reads "%" with or without variables.
        plain[key] = messages[key] % {}
        return plain[key]

    return gettext


CARD_TEMPLATE = "partials/article_card.html"


def _card_renderer(env: Environment, settings: dict[str, Any]) -> Callable[..., Markup]:
    """A story's card, rendered once and reused in every list that shows it.

    A story appears on the home pages, its tags', category's and author's pages
    and beside related stories: rendering its card once per build saves most of
    the time listings take.
    """
    cards: dict[tuple[int, int, bool, bool], Markup] = {}

    def story_card(card: Any, level: int, image: bool, summary: bool) -> Markup:
        key = (id(card), level, bool(image), bool(summary))
        if key not in cards:
            template = env.get_template(CARD_TEMPLATE)
            cards[key] = Markup(
                template.render(
                    card=card,
                    card_level=level,
                    card_image=image,
                    card_summary=summary,
                    SITEURL=settings["SITEURL"],
                )
            )
        return cards[key]

    return story_card


def _fragment_renderer(env: Environment) -> Callable[..., Markup]:
    """A partial rendered once for each key and reused on every page with that key.

    The header's section bar and the footer are the same on thousands of pages
    except for which link is marked current; the template passes exactly what
    the partial depends on beyond the language's site-wide values as the key.
    """
    rendered: dict[tuple[Any, ...], Markup] = {}

    @pass_context
    def shared_fragment(context: Any, name: str, *key: Any) -> Markup:
        if (name, *key) not in rendered:
            template = env.get_template(name)
            rendered[(name, *key)] = Markup(template.render(context.get_all()))
        return rendered[(name, *key)]

    return shared_fragment


@pass_environment
def _vietnamese_sorted(env: Environment, items, attribute: str | None = None) -> list:
    """Sort in Vietnamese alphabetical order (``attribute`` like Jinja's ``sort``)."""
    getter = make_attrgetter(env, attribute) if attribute else (lambda item: item)
    return sorted(items, key=lambda item: sort_key(str(getter(item))))


def order_articles(generator: Any) -> None:
    """Newest first, and stories with the same date in file-path order.

    Pelican collects files in a set, whose order changes from run to run; it
    sorts by date only, so without this two stories published at the same
    minute would swap places between builds (and with them every listing).
    """
    generator.articles.sort(key=lambda article: (article.date, article.source_path), reverse=True)


def order_pages(generator: Any) -> None:
    generator.pages.sort(key=lambda page: (Path(page.source_path).name, page.source_path))


_FROZEN_CLASSES: dict[type, type] = {}
_ADDRESS_FIELDS = ("url", "save_as")


def freeze_addresses(generator: Any) -> None:
    """Keep each story's, page's and tag's address once the generator has settled it.

    Pelican works an address out of the settings on every access, and listings
    ask for it thousands of times; after the generator is finalized it no
    longer changes, so each object is given a subclass that returns the stored
    value (it stays an instance of Pelican's class for templates and plugins).
    """
    # A tag's address depends on its name and slug only: each story holds its own Tag
    # objects, but an archive has few distinct ones.
    terms: dict[tuple[type, str, str], dict[str, str]] = {}
    for name in CONTENT_LISTS:
        for item in getattr(generator, name, []):
            _freeze(item)
            for term in (
                *getattr(item, "tags", []),
                getattr(item, "category", None),
                *getattr(item, "authors", []),
            ):
                if term is not None:
                    key = (type(term), term.name, term.slug)
                    terms[key] = _freeze(term, terms.get(key))


def _freeze(item: Any, values: dict[str, str] | None = None) -> dict[str, str]:
    """Give ``item`` its stored addresses (``values``, or worked out now); return them."""
    kind = type(item)
    if kind in _FROZEN_CLASSES.values():
        return item._portal_addresses
    if values is None:
        values = {name: getattr(item, name) for name in _ADDRESS_FIELDS}
    if kind not in _FROZEN_CLASSES:
        stored = {
            name: property(lambda self, n=name: self._portal_addresses[n])
            for name in _ADDRESS_FIELDS
        }
        _FROZEN_CLASSES[kind] = type(kind.__name__, (kind,), stored)
    item._portal_addresses = values
    item.__class__ = _FROZEN_CLASSES[kind]
    return values


# Pelican's archive granularities: the settings' prefix and the date fields naming a period.
_PERIODS = {
    "year": ("YEAR_ARCHIVE", ("year",)),
    "month": ("MONTH_ARCHIVE", ("year", "month")),
    "day": ("DAY_ARCHIVE", ("year", "month", "day")),
}


def use_linear_period_archives(generator: Any) -> None:
    if isinstance(generator, ArticlesGenerator):
        generator._build_period_archives = period_archives


def period_archives(
    sorted_articles: list[Any], articles: list[Any], settings: dict[str, Any]
) -> defaultdict[str, list[dict[str, Any]]]:
    """The year (month, day) archives as Pelican's ArticlesGenerator lists them, in
    linear time.

    Pelican finds each period's stories with ``in`` on plain lists: millions of
    comparisons for an archive of 5,000 stories, a quarter of a second of every
    build. The generator is given this function instead; the archives it makes
    are the same dictionaries (tests/test_context.py compares them with Pelican's).
    """
    archives: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for granularity, (prefix, fields) in _PERIODS.items():
        save_as, url = settings[f"{prefix}_SAVE_AS"], settings[f"{prefix}_URL"]
        if not save_as:
            continue  # this kind of archive is not published

        def period_of(article: Any, fields: tuple[str, ...] = fields) -> tuple[int, ...]:
            return tuple(getattr(article.date, name) for name in fields)

        for numbers, group in groupby(sorted_articles, key=period_of):
            dates = list(group)
            members = {id(article) for article in dates}
            first = dates[0].date
            named = [*numbers]
            if len(named) > 1:
                named[1] = calendar.month_name[named[1]]
            archives[granularity].append(
                {
                    "dates": dates,
                    "articles": [article for article in articles if id(article) in members],
                    "save_as": save_as.format(date=first),
                    "url": url.format(date=first),
                    "period": tuple(named),
                    "period_num": numbers,
                }
            )
    return archives


class _StoryList(list):
    """A list of stories whose ``in`` is a set lookup.

    Pelican builds each tag, category and author page with
    ``[a for a in dates if a in articles]``: with plain lists that is
    stories x stories per tag, minutes on a large archive.
    """

    def __init__(self, stories: list[Any]) -> None:
        super().__init__(stories)
        self._ids = {id(story) for story in stories}

    def __contains__(self, story: object) -> bool:
        return id(story) in self._ids


def index_term_lists(generator: Any) -> None:
    for tag, stories in generator.tags.items():
        generator.tags[tag] = _StoryList(stories)
    for name in ("categories", "authors"):
        terms = getattr(generator, name)
        terms[:] = [(term, _StoryList(stories)) for term, stories in terms]


def link_neighbours(generator: Any) -> None:
    """Related stories by shared tags, and the newer/older story by date."""
    articles = generator.articles  # newest first
    tag_slugs = [list(dict.fromkeys(tag.slug for tag in getattr(a, "tags", []))) for a in articles]
    # The choice depends only on each story's tags and the order of the stories: after
    # an edit that changes neither (a body, a title) the last build's choice holds.
    layout = "\n".join(
        f"{article.source_path}\0" + "\0".join(slugs)
        for article, slugs in zip(articles, tag_slugs, strict=True)
    )
    cache = _related_cache(getattr(generator, "settings", {}))
    chosen = cache.get(layout, lambda _: choose_related(tag_slugs))
    cache.save()
    for rank, article in enumerate(articles):
        article.newer = articles[rank - 1] if rank > 0 else None
        article.older = articles[rank + 1] if rank + 1 < len(articles) else None
        article.related = [articles[other] for other in chosen[rank]]
    for draft in generator.drafts:
        draft.newer = draft.older = None
        draft.related = []


def _related_cache(settings: dict[str, Any]) -> KeyedCache:
    path = None
    if settings.get("PORTAL_USE_CACHE", True) and settings.get("CACHE_PATH"):
        path = BuildCache(settings).folder / f"related-{settings.get('PORTAL_LANG')}.pickle"
    return KeyedCache(path, code_digest())


def choose_related(tag_slugs: list[list[str]]) -> list[list[int]]:
    """For each story (by rank, 0 = newest, with its tags' slugs), its related stories' ranks."""
    members: dict[str, list[int]] = defaultdict(list)  # tag -> ranks of its stories, ascending
    for rank, slugs in enumerate(tag_slugs):
        for slug in slugs:
            members[slug].append(rank)
    sets = {slug: set(ranks) for slug, ranks in members.items()}
    return [related_ranks(rank, slugs, members, sets) for rank, slugs in enumerate(tag_slugs)]


def related_ranks(
    rank: int,
    slugs: list[str],
    members: dict[str, list[int]],
    sets: dict[str, set[int]],
    limit: int = RELATED_LIMIT,
) -> list[int]:
    """The stories sharing most of these tags, newest first among equals (ranks: 0 = newest).

    Stories sharing two or more tags come from intersecting the tags' sets two
    by two (in C: a popular tag holds thousands of stories in an archive); a
    story sharing k tags lies in k(k-1)/2 of the intersections, which orders
    them like k. Stories sharing one tag only fill the remaining places, newest
    first, from the tags' sorted lists.
    """
    several = Counter(chain.from_iterable(sets[a] & sets[b] for a, b in combinations(slugs, 2)))
    several.pop(rank, None)
    best = heapq.nsmallest(limit, several.items(), key=lambda item: (-item[1], item[0]))
    chosen = [other for other, _ in best]
    previous = None
    for other in heapq.merge(*(members[slug] for slug in slugs)):
        if len(chosen) >= limit:
            break
        if other != previous and other != rank and other not in several:
            chosen.append(other)
        previous = other
    return chosen


class LanguageAwareWriter(Writer):
    """Adds ``languages`` (switcher, canonical, hreflang) to every page it writes,
    and reuses the previous build's file when nothing the page shows changed."""

    latest: LanguageAwareWriter | None = None  # this process's writer, for its page keys

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.reuse = PageReuse.from_settings(self.settings)
        # Where new files go. In an incremental build OUTPUT_PATH is the live output/
        # (its folders exist, so Pelican makes none for unchanged pages) and new
        # files wait in the staging folder until the whole build has succeeded.
        self.staging = self.settings.get("PORTAL_STAGING") or output_path
        LanguageAwareWriter.latest = self

    def write_file(self, name, template, context, *args, **kwargs):
        # Without a previous output (a first build) nothing can be kept: no early look.
        if (
            self.reuse.old_output is not None
            and not args
            and name
            and _one_page_of_content(kwargs)
            and self._unchanged(name, template, context, kwargs)
        ):
            return None
        return super().write_file(name, _WithLanguages(template, self), context, *args, **kwargs)

    def keeps(self, template_name: str, page: dict[str, Any]) -> bool:
        """Whether the previous build's file for this page will do; records its key.

        ``page`` is the page's context (at least what its key covers); its
        language links are added to it as ``languages``.
        """
        page["languages"] = page_languages(page, self.settings)
        key = self.reuse.page_key(template_name, page, page["languages"])
        return self.reuse.decide(page["output_file"], key)

    def _unchanged(self, name: str, template: Any, context: dict, kwargs: dict) -> bool:
        """Whether a story's or page's previous file will do, decided before Pelican
        copies the whole context for it (thousands of times in an archive). A page
        that changed is decided again, with its full context, when it is rendered."""
        self.reuse.salt(context)  # what every page shows alike, from the whole context
        if not self.keeps(template.name, {**kwargs, "output_file": name}):
            return False
        staged = os.path.join(self.staging, name)
        if staged in self._written_files and not kwargs.get("override_output"):
            raise FileOverwriteFailedError(f'Failed to overwrite "{name}": written twice')
        self._written_files.add(staged)
        return True

    def _open_w(self, filename, encoding, override=False):
        relpath = _inside(str(filename), str(self.output_path))
        staged = os.path.join(self.staging, relpath)
        if relpath not in self.reuse.reused:
            os.makedirs(os.path.dirname(staged), exist_ok=True)
            return super()._open_w(staged, encoding, override)
        # Pelican's own guard against two pages at one address, without opening a file.
        if staged in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}": written twice')
        self._written_files.add(staged)
        return io.StringIO()  # the previous build's file stays where it is

    def write_bytes(self, relpath: str, key: str, produce: Callable[[], bytes]) -> None:
        """Write a non-template file (a feed), or reuse the previous one under the same key."""
        if self.reuse.decide(relpath, key):
            return  # the previous build's file stays where it is
        self.write_staged(relpath, produce())

    def write_staged(self, relpath: str, data: bytes) -> None:
        """A file made without a template (feeds, OPML, XSLT), into the staging folder."""
        target = Path(self.staging) / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def stage_static_files(generator: Any) -> None:
    """Images and theme files are copied to the staging folder with the new pages."""
    generator.output_path = generator.settings.get("PORTAL_STAGING") or generator.output_path


def _one_page_of_content(kwargs: dict[str, Any]) -> bool:
    """A story's or page's own page: one file, no pagination, no relative addresses."""
    single = not kwargs.get("paginated") and not kwargs.get("relative_urls")
    return single and ("article" in kwargs or "page" in kwargs)


class _WithLanguages:
    def __init__(self, template: Any, writer: LanguageAwareWriter) -> None:
        self._template = template
        self._writer = writer

    def render(self, localcontext: dict[str, Any]) -> str:
        # Pelican's writer makes a fresh localcontext for each page: adding to it is safe.
        if self._writer.keeps(self._template.name, localcontext):
            return ""  # the previous build's file stays where it is (see _open_w)
        return self._template.render(localcontext)


def page_languages(
    localcontext: dict[str, Any], settings: dict[str, Any]
) -> alternates.PageLanguages:
    index: SiteIndex = settings["PORTAL_INDEX"]
    lang: str = settings["PORTAL_LANG"]
    origins = alternates.Origins(
        site=settings["SITEURL"], absolute=alternates.absolute_origin(settings)
    )
    content = localcontext.get("article") or localcontext.get("page")
    if isinstance(content, Content):
        relpath = _inside(content.source_path, os.path.join(settings["PATH"], lang))
        return alternates.for_content(index.entry(lang, relpath), index, origins)
    return alternates.for_listing(lang, localcontext["output_file"], index, origins)


def _inside(path: str, folder: str) -> str:
    """``path`` relative to ``folder``, POSIX style (pathlib is slow on hot paths)."""
    prefix = folder.rstrip("/") + "/"
    if not path.startswith(prefix):
        raise ValueError(f"{path} is not inside {folder}")
    return path[len(prefix) :]
