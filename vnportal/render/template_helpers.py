"""What templates see beyond Pelican's own context.

Filters for Vietnamese dates and order, the UI catalog, story cards and
shared fragments rendered once, and each page's social metadata.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemBytecodeCache, pass_context, pass_environment
from jinja2.filters import make_attrgetter
from markupsafe import Markup

from ..incremental.caches import BuildCache
from ..incremental.fingerprints import code_digest, settings_digest
from ..model.contacts import Phone
from ..model.digests import digest
from ..model.vietnamese import (
    TIMEZONE,
    format_event_when,
    format_month,
    format_news_date,
    format_news_datetime,
    iso_datetime,
    sort_key,
)
from . import alternates
from .calendar import event_file_url
from .contacts_page import contacts_json_ld, related_portals
from .i18n import load_translations
from .metadata import breadcrumb_json_ld, home_json_ld, social_meta
from .photos import CARD_SIZES, LEAD_SIZES, STORY_SIZES, labelled_drawing, picture, sized_img
from .run import language_run
from .statistics import bar_chart, column_chart


def install_template_helpers(generator: Any) -> None:
    """Give a generator's Jinja environment our filters and the UI catalog."""
    env: Environment = generator.env
    lang: str = generator.settings["PORTAL_LANG"]
    env.filters.update(
        news_datetime=lambda value: format_news_datetime(value, lang),
        news_date=lambda value: format_news_date(value, lang),
        iso_datetime=iso_datetime,
        search_date=search_sort_date,
        vi_sorted=_vietnamese_sorted,
        event_when=lambda event: format_event_when(event.start, event.end, lang),
        count=lambda number: format_decimal(number, locale=lang),
        month_name=lambda day: format_month(day, lang),
        tel_uri=lambda shown: Phone(shown).uri,
        day=lambda value: f"{value:%d/%m/%Y}",  # a document's dates: 20/02/2024
    )
    settings = generator.settings
    env.globals["theme_file"] = _theme_file_address(settings)
    env.globals["event_file_url"] = event_file_url
    env.globals["column_chart"] = column_chart
    env.globals["bar_chart"] = bar_chart
    illustration = load_translations(Path(settings["THEME"]), lang).gettext("Illustration")
    env.globals["photo_html"] = _photo_renderer(settings, illustration)
    env.globals["story_card"] = _card_renderer(env, settings)
    env.globals["shared_fragment"] = _fragment_renderer(env)
    env.globals["social_meta"] = lambda content, languages: social_meta(
        content, languages, settings, alternates.absolute_origin(settings)
    )
    env.globals["breadcrumb_json_ld"] = lambda crumbs, current, canonical: breadcrumb_json_ld(
        crumbs, current, canonical, alternates.absolute_origin(settings)
    )
    env.globals["home_json_ld"] = lambda languages: home_json_ld(
        languages, settings, alternates.absolute_origin(settings)
    )
    env.globals["contacts_json_ld"] = lambda contacts, languages: contacts_json_ld(
        contacts, settings, lang, languages.canonical, alternates.absolute_origin(settings)
    )
    env.globals["related_portals"] = related_portals(settings, lang)
    theme = Path(generator.settings["THEME"])
    translations = load_translations(theme, lang)
    env.install_gettext_translations(translations, newstyle=True)
    env.globals["_"] = env.globals["gettext"] = _remembered_gettext(translations)
    if language_run(settings).use_cache and settings.get("CACHE_PATH"):
        env.bytecode_cache = compiled_templates(settings)


def compiled_templates(settings: dict[str, Any]) -> FileSystemBytecodeCache:
    """The theme's templates as earlier runs compiled them (Jinja's bytecode cache).

    Compiling them takes a few tenths of a second in every language run. Jinja
    keys each one by its name and source; the folder is keyed by what else shapes
    the compiled code: Jinja, our code (it installs the gettext functions) and
    the environment's settings. Folders of other keys are removed.
    """
    key = digest(
        code_digest(),
        jinja2.__version__,
        settings_digest({"JINJA_ENVIRONMENT": settings.get("JINJA_ENVIRONMENT", {})}),
    )
    parent = BuildCache(settings).folder / "templates"
    folder = parent / key[:16]
    if not folder.is_dir():
        for other in parent.glob("*"):
            shutil.rmtree(other, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


def _theme_file_address(settings: dict[str, Any]) -> Callable[[str], str]:
    """``theme_file('css/site.css')``: its address, under its hashed name when publishing."""
    assets = language_run(settings).assets
    folder = f"{settings['SITEURL']}/{settings['THEME_STATIC_DIR']}"
    return lambda name: f"{folder}/{assets.get(name, name)}"


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


_SIZES = {"story": STORY_SIZES, "card": CARD_SIZES, "lead": LEAD_SIZES}


def _photo_renderer(settings: dict[str, Any], illustration: str) -> Callable[..., Markup]:
    """``photo_html(path, alt, kind)``: a lead photo or card picture at every width.

    ``kind`` says how wide it is drawn (a story's column, a card, the home page's
    lead story); ``priority`` marks the page's main picture, fetched first. A
    drawing shown with its alt text (not a card's decoration) is labelled as one.
    """
    run = language_run(settings)
    siteurl = settings["SITEURL"]

    def photo_html(
        relpath: str,
        alt: str,
        kind: str,
        *,
        priority: bool = False,
        attributes: dict[str, str] | None = None,
    ) -> Markup:
        if relpath in run.photos:
            shown = picture(
                run.photos[relpath],
                siteurl,
                alt,
                _SIZES[kind],
                eager=priority,
                priority=priority,
                attributes=attributes,
            )
        else:  # a drawing, or any image in a plain Pelican run (no photo stage)
            shown = sized_img(
                f"{siteurl}/{relpath}",
                run.drawings.get(relpath),
                alt,
                eager=priority,
                priority=priority,
                **(attributes or {}),
            )
            if relpath in run.drawings and alt:
                shown = labelled_drawing(shown, illustration)
        return Markup(shown)

    return photo_html


CARD_TEMPLATE = "partials/article_card.html"


def _card_renderer(env: Environment, settings: dict[str, Any]) -> Callable[..., Markup]:
    """A story's card, rendered once and reused in every list that shows it.

    A story appears on the home pages, its tags', category's and author's pages
    and beside related stories: rendering its card once per build saves most of
    the time listings take. The run holds every card to its end (three or four
    per story), so each is kept as UTF-8: a str with Vietnamese letters takes two
    bytes for every character, and decoding a card is under a microsecond.
    """
    cards: dict[tuple[int, int, bool, bool], bytes] = {}

    def story_card(card: Any, level: int, image: bool, summary: bool) -> Markup:
        key = (id(card), level, bool(image), bool(summary))
        kept = cards.get(key)
        if kept is None:
            template = env.get_template(CARD_TEMPLATE)
            made = template.render(
                card=card,
                card_level=level,
                card_image=image,
                card_summary=summary,
                SITEURL=settings["SITEURL"],
            )
            cards[key] = made.encode("utf-8")
            return Markup(made)
        return Markup(kept.decode("utf-8"))

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


def search_sort_date(value: datetime) -> str:
    """A story's time as digits in Vietnam time (202407111117): the search index sorts by it."""
    return value.astimezone(TIMEZONE).strftime("%Y%m%d%H%M")


@pass_environment
def _vietnamese_sorted(env: Environment, items, attribute: str | None = None) -> list:
    """Sort in Vietnamese alphabetical order (``attribute`` like Jinja's ``sort``)."""
    getter = make_attrgetter(env, attribute) if attribute else (lambda item: item)
    return sorted(items, key=lambda item: sort_key(str(getter(item))))
