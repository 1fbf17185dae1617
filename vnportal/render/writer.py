"""The writer of one language's run: language links on every page, unchanged pages kept.

Every page gets ``languages`` (switcher, canonical, hreflang). Each page and
feed has a key (vnportal/incremental/page_keys.py); when it equals the
previous build's, the file in output/ is kept as it is instead of being
rendered again. New files go to the run's staging folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pelican.contents import Content

from ..incremental.page_keys import PageReuse
from ..model.sources import SourcePath, url_prefix
from . import alternates
from .pelican_patches import StagingWriter
from .run import language_run


class LanguageAwareWriter(StagingWriter):
    """Adds ``languages`` to every page it writes, and reuses the previous build's file
    when nothing the page shows changed."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        run = language_run(self.settings)
        previous = Path(run.previous_output) if run.previous_output else None
        self.reuse = PageReuse(self.settings, previous, dict(run.previous_keys))
        # In an incremental build OUTPUT_PATH is the live output/ (its folders exist,
        # so Pelican makes none for unchanged pages) and new files wait in the staging
        # folder until the whole build has succeeded.
        self.staging = run.staging or output_path
        run.page_reuse = self.reuse

    def is_kept(self, relpath: str) -> bool:
        return relpath in self.reuse.reused

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
        self.claim(name, bool(kwargs.get("override_output")))
        return True

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


def writer_class(pelican: Any) -> type:
    """The writer Pelican uses (get_writer)."""
    return LanguageAwareWriter


def stage_static_files(generator: Any) -> None:
    """Images and theme files are copied to the staging folder with the new pages."""
    generator.output_path = language_run(generator.settings).staging or generator.output_path


def skip_shared_static(generator: Any) -> None:
    """Images are written by the default language's run only, photos by the photo stage.

    Only the list of files to copy shrinks: Pelican still knows every file, so a
    ``{static}`` link to a photo finds its address.
    """
    if not generator.settings.get("PORTAL_WRITE_STATIC", True):
        generator.context["staticfiles"] = []
        return
    photos = language_run(generator.settings).photos
    if photos:
        generator.context["staticfiles"] = [
            static
            for static in generator.context["staticfiles"]
            if static.relative_source_path.replace(os.sep, "/") not in photos
        ]


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
            return ""  # the previous build's file stays where it is (see is_kept)
        return self._template.render(localcontext)


def page_languages(
    localcontext: dict[str, Any], settings: dict[str, Any]
) -> alternates.PageLanguages:
    run = language_run(settings)
    origins = alternates.Origins(
        site=settings["SITEURL"], absolute=alternates.absolute_origin(settings)
    )
    content = localcontext.get("article") or localcontext.get("page")
    if isinstance(content, Content):
        place = SourcePath.of(content.source_path, settings["PATH"])
        entry = run.index.entry(place.lang, place.relpath)
        return alternates.for_content(entry, run.index, origins)
    other = alternates.other_language(run.lang)
    if "counterpart_file" in localcontext:  # the documents library and its listings
        found = localcontext["counterpart_file"]
        own = localcontext["output_file"].removeprefix(url_prefix(run.lang))
        return alternates.for_listing(
            run.lang,
            localcontext["output_file"],
            run.index,
            origins,
            {own: found.removeprefix(url_prefix(other))} if found else {},
            missing=not found,
        )
    renamed = {
        f"{addresses[run.lang]}index.html": f"{addresses[other]}index.html"
        for addresses in settings.get("PORTAL_PAGE_ADDRESSES", {}).values()
    }
    return alternates.for_listing(
        run.lang, localcontext["output_file"], run.index, origins, renamed
    )
