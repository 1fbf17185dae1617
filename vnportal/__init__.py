"""The portal's Pelican plugin: a bilingual Vietnamese/English news portal.

The package's folders are the stages of a build, bottom up: ``model`` (text,
front matter, the index), ``check`` (the content checker), ``incremental``
(fingerprints, caches, page keys), ``render`` (inside one Pelican run),
``build`` (the whole portal), ``editors`` (command line, importer, preview).
``register()`` connects the functions of one Pelican run, stage by stage.
"""

from __future__ import annotations


def register() -> None:
    # Imported here, not at the top: `python -m vnportal build` imports this package
    # first, and an up-to-date site is answered before Pelican is loaded at all.
    from pelican import signals

    from .render import pelican_patches
    from .render.accounting import account_for_every_file
    from .render.calendar import write_calendars
    from .render.contacts_page import plan_contacts
    from .render.documents import plan_documents, write_document_listings
    from .render.events_page import plan_event_listing
    from .render.featured import plan_featured
    from .render.feeds import plan_feeds, write_feeds
    from .render.neighbours import link_neighbours, order_articles, order_pages
    from .render.reader import add_reader
    from .render.run import prepare_run, save_markdown_caches
    from .render.statistics import plan_statistics
    from .render.tag_index import add_term_indexes
    from .render.template_helpers import install_template_helpers
    from .render.writer import skip_shared_static, stage_static_files, writer_class

    signals.initialized.connect(prepare_run)
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(install_template_helpers)
    signals.generator_init.connect(pelican_patches.use_linear_period_archives)
    signals.article_generator_pretaxonomy.connect(order_articles)
    signals.page_generator_finalized.connect(order_pages)
    signals.article_generator_finalized.connect(pelican_patches.freeze_addresses)
    signals.article_generator_finalized.connect(pelican_patches.index_term_lists)
    signals.page_generator_finalized.connect(pelican_patches.freeze_addresses)
    signals.article_generator_finalized.connect(link_neighbours)
    signals.article_generator_finalized.connect(add_term_indexes)
    signals.article_generator_finalized.connect(plan_feeds)
    signals.article_generator_finalized.connect(plan_featured)
    signals.article_generator_finalized.connect(plan_event_listing)
    signals.article_generator_finalized.connect(plan_statistics)
    signals.article_generator_finalized.connect(plan_contacts)
    signals.article_writer_finalized.connect(write_feeds)
    signals.article_writer_finalized.connect(write_calendars)
    signals.static_generator_finalized.connect(skip_shared_static)
    signals.static_generator_finalized.connect(stage_static_files)
    signals.all_generators_finalized.connect(account_for_every_file)
    signals.all_generators_finalized.connect(plan_documents)
    signals.page_writer_finalized.connect(write_document_listings)
    signals.get_writer.connect(writer_class)
    signals.finalized.connect(save_markdown_caches)
