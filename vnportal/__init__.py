"""The portal's Pelican plugin: bilingual Vietnamese/English news portal.

``register()`` connects one function per stage; each lives in the module
named after its capability.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals

from .incremental.fingerprints import save_markdown_caches
from .model.index import LANGUAGES, build_index, url_prefix
from .model.taxonomy import add_term_indexes
from .render.accounting import account_for_every_file
from .render.context import (
    LanguageAwareWriter,
    freeze_addresses,
    index_term_lists,
    install_template_helpers,
    link_neighbours,
    order_articles,
    order_pages,
    stage_static_files,
    use_linear_period_archives,
)
from .render.feeds import plan_feeds, write_feeds
from .render.reader import StoryReader

log = logging.getLogger(__name__)


def prepare_settings(pelican: Any) -> None:
    """Fill in what a plain ``pelican content`` run (one language) lacks."""
    settings = pelican.settings
    settings.setdefault("PORTAL_LANG", settings.get("DEFAULT_LANG", LANGUAGES[0]))
    if "PORTAL_INDEX" not in settings:
        settings["PORTAL_INDEX"] = build_index(Path(settings["PATH"]), settings)
    lang = settings["PORTAL_LANG"]
    settings["LANG"] = lang
    settings["LANG_PREFIX"] = url_prefix(lang)
    settings["HOME_URL"] = f"{settings['SITEURL']}/{url_prefix(lang)}"
    warn_about_shared_slugs(settings)


def warn_about_shared_slugs(settings: dict[str, Any]) -> None:
    """Different words whose ASCII addresses collided: the build says which."""
    # Called from prepare_settings: blinker calls a signal's receivers in no set order.
    for message in settings["PORTAL_INDEX"].slug_warnings.get(settings["PORTAL_LANG"], []):
        log.warning(message)


def add_reader(readers: Any) -> None:
    for extension in StoryReader.file_extensions:
        readers.reader_classes[extension] = StoryReader


def skip_shared_static(generator: Any) -> None:
    """Images are written by the default language's run only."""
    if not generator.settings.get("PORTAL_WRITE_STATIC", True):
        generator.context["staticfiles"] = []


def writer_class(pelican: Any) -> type:
    return LanguageAwareWriter


def register() -> None:
    signals.initialized.connect(prepare_settings)
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(install_template_helpers)
    signals.generator_init.connect(use_linear_period_archives)
    signals.article_generator_pretaxonomy.connect(order_articles)
    signals.page_generator_finalized.connect(order_pages)
    signals.article_generator_finalized.connect(freeze_addresses)
    signals.article_generator_finalized.connect(index_term_lists)
    signals.page_generator_finalized.connect(freeze_addresses)
    signals.article_generator_finalized.connect(link_neighbours)
    signals.article_generator_finalized.connect(add_term_indexes)
    signals.article_generator_finalized.connect(plan_feeds)
    signals.article_writer_finalized.connect(write_feeds)
    signals.static_generator_finalized.connect(skip_shared_static)
    signals.static_generator_finalized.connect(stage_static_files)
    signals.all_generators_finalized.connect(account_for_every_file)
    signals.get_writer.connect(writer_class)
    signals.finalized.connect(save_markdown_caches)
