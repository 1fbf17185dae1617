"""The functions of one Pelican run, connected to Pelican's signals stage by stage."""

from __future__ import annotations

from pelican import signals

from . import pelican_patches
from .accounting import account_for_every_file
from .calendar import write_calendars
from .contacts_page import plan_contacts
from .documents import plan_documents, write_document_listings
from .events_page import plan_event_listing
from .featured import plan_featured
from .feeds import plan_feeds, write_feeds
from .neighbours import link_neighbours, order_articles, order_pages
from .reader import add_reader
from .run import prepare_run, release_markdown_caches
from .statistics import plan_statistics
from .tag_index import add_term_indexes
from .template_helpers import install_template_helpers
from .writer import skip_shared_static, stage_static_files, writer_class


def connect_signals() -> None:
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
    signals.all_generators_finalized.connect(release_markdown_caches)
