"""What the preparing process does (vnportal/build/launch.py): read the index and
what lies beside it, start the language workers, check across files, make
photos and share cards, keep the index for a rewrite of story text
(vnportal/incremental/kept_index.py), and hand the build process what it needs
afterwards.

The build process never imports this module: the modules it needs (the
checker, Pelican, Markdown, Pillow) are loaded in the preparing process, and
the build process stays small while the languages build.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from ..check.attachments import attachment_problems
from ..check.photos import photo_problems
from ..check.report import ERROR
from ..incremental.caches import KeyedCache
from ..incremental.fingerprints import index_inputs, language_inputs
from ..incremental.kept_index import KeptIndex, SearchParts
from ..model.digests import digest
from ..model.errors import BuildError
from ..model.index import ReadSource, SiteIndex
from ..model.photos import PhotoLimits
from ..model.sources import LANGUAGES
from ..render.alternates import absolute_origin
from ..render.run import LanguageRun
from ..site.photos import PIPELINE, PhotoSurvey, make_photo_files, survey_photos
from ..site.search_index import PartSizes, parts_of, search_plan
from ..site.share_images import ShareCard, card_days, make_share_cards, plan_share_cards
from ..site.sitemap import make_discovery_files
from .body_edit import record_of, surroundings
from .handover import Handover
from .index_stage import IndexStage, read_index
from .inputs import BuildInputs, hashed_assets, site_names, templates_digest
from .launch import Starter
from .output import stage_changed
from .report import print_warnings
from .workers import language_outcome


@dataclass
class Read:
    """The index stage and what is read beside it, before any page is made."""

    stage: IndexStage
    survey: PhotoSurvey
    cards: dict[Any, ShareCard]
    around: str  # every input but the stories' Markdown (body_edit.surroundings)


def read_inputs(inputs: BuildInputs) -> Read:
    """Check every file and build the index, survey the photos, plan the share cards."""
    stage = read_index(inputs.settings, inputs.walk, inputs.use_cache)
    content = Path(inputs.settings["PATH"])
    limits = PhotoLimits.of(inputs.settings)
    photo_cache = KeyedCache(inputs.cache.folder / "photos.pickle", PIPELINE)
    survey = survey_photos(content, inputs.walk, photo_cache, limits, reuse=inputs.use_cache)
    photo_cache.save()
    cards = share_cards(inputs, stage, survey)
    around = surroundings(inputs.roots, inputs.walk, inputs.settings)
    return Read(stage, survey, cards, around)


def prepare(
    inputs: BuildInputs,
    stamp: dict[str, Any],
    trusted: bool,
    staging: Path,
    site_folder: Path,
    start: Starter,
) -> Handover:
    """In the preparing process: read the index, start the workers, check across files
    and make photos and cards meanwhile; what the build process needs afterwards."""
    # Forked before the index is read, the workers inherit none of it: each is sent
    # only what its run needs (vnportal/build/launch.py).
    start.fork()
    read = read_inputs(inputs)
    stage, survey, cards, output = read.stage, read.survey, read.cards, inputs.output
    index = stage.index
    content = Path(inputs.settings["PATH"])
    from_index = {lang: index_inputs(index, lang) for lang in LANGUAGES}
    languages = {
        lang: language_inputs(inputs.settings, lang, from_index[lang], walk=inputs.walk)
        for lang in LANGUAGES
    }
    before = stamp.get("languages", {}) if trusted else {}
    ran = [lang for lang, digest in languages.items() if before.get(lang) != digest]
    runs = {
        lang: partial(
            language_outcome,
            inputs.settings_file,
            site_folder,
            language_run_of(
                inputs,
                stage,
                survey,
                cards,
                lang,
                stage.sources(lang),
                staging=str(staging),
                previous_output=str(output) if trusted else None,
                previous_keys=inputs.cache.page_keys(output, lang) if trusted else {},
                use_cache=inputs.use_cache,
            ),
        )
        for lang in ran
    }
    start(runs, shared=(index, survey.photos, survey.drawings))
    del runs
    file_digests = {(file.lang, file.relpath): search_digest(file, content) for file in stage.files}
    # A rewrite of story text takes every other file's from its record, which it keeps current.
    document_digests = {
        (file.lang, file.relpath): file_digests[(file.lang, file.relpath)]
        for file in stage.files
        if file_digests[(file.lang, file.relpath)] != file.digest
    }
    record = record_of(stage.files, read.around, "")
    sizes = PartSizes.of(inputs.settings)
    parts = parts_of(index, sizes)
    KeptIndex(
        record.index_key,
        index,
        survey.photos,
        survey.drawings,
        {lang: share_cards_of(cards, lang) for lang in LANGUAGES},
        document_digests,
        from_index,
        SearchParts(sizes, parts),
    ).save(inputs.cache.kept_index_path(output))
    warnings = check_across_files(inputs, read)
    make_photos(inputs, survey, stamp if trusted else {}, stage.files, staging)
    make_share_cards(
        cards.values(),
        Path(inputs.settings["THEME"]),
        inputs.cache.folder / "share",
        staging,
        present=output if trusted else None,
    )
    return Handover(
        ran=ran,
        languages=languages,
        warnings=warnings,
        searches=Handover.packed_searches(
            search_plan(index, file_digests, templates_digest(inputs), parts=parts), LANGUAGES
        ),
        discovery=stage_changed(discovery_files(inputs, index), output, staging, trusted),
        summary=index_summary(index),
        # Kept pickled until the build process writes it, at its end.
        record=pickle.dumps(record, pickle.HIGHEST_PROTOCOL),
        images={**survey.files(), **{card.relpath: "" for card in cards.values()}},
        photos={path: photo.digest for path, photo in survey.photos.items()},
    )


def check_across_files(inputs: BuildInputs, read: Read) -> list[str]:
    """The checks across files, of photos and of attachments; their warnings (printed),
    or BuildError with their errors."""
    stage, survey = read.stage, read.survey
    content = Path(inputs.settings["PATH"])
    limits = PhotoLimits.of(inputs.settings)
    facts = {**{path: photo.facts for path, photo in survey.photos.items()}, **survey.problems}
    problems = stage.warnings + stage.across_files()
    problems += photo_problems(stage.files, facts, content, limits)
    problems += attachment_problems(stage.files, content, inputs.settings)
    problems.sort(key=lambda problem: (problem.path, problem.line or 0))
    warnings = [str(problem) for problem in problems if problem.severity != ERROR]
    print_warnings(warnings)
    errors = [str(problem) for problem in problems if problem.severity == ERROR]
    if errors:
        raise BuildError(errors)
    return warnings


def language_run_of(
    inputs: BuildInputs,
    stage: IndexStage,
    survey: PhotoSurvey,
    cards: dict[Any, ShareCard],
    lang: str,
    sources: dict[str, ReadSource],
    **more: Any,
) -> LanguageRun:
    """What one language's run is given (``more``: where it writes, what it may keep)."""
    return LanguageRun(
        lang=lang,
        index=stage.index,
        photos=survey.photos,
        drawings=survey.drawings,
        share_cards=share_cards_of(cards, lang),
        sources=sources,
        today=inputs.settings["PORTAL_TODAY"],
        assets=hashed_assets(inputs.settings),
        **more,
    )


def share_cards_of(cards: dict[Any, ShareCard], lang: str) -> dict[str, str]:
    """Each story of ``lang`` with a share card: the card's path."""
    return {relpath: card.relpath for (of, relpath), card in cards.items() if of == lang}


def search_digest(file: Any, content: Path) -> str:
    """What the search index takes from a file: a document's page also shows the text
    of its PDF files."""
    document = file.story.document if file.story is not None else None
    if document is None or not document.files:
        return file.digest
    stamps = []
    for attachment in document.files:
        stat = (content / attachment.path).stat()
        stamps.append(f"{attachment.path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return digest(file.digest, *stamps)


def share_cards(inputs: BuildInputs, stage: Any, survey: PhotoSurvey) -> dict[Any, ShareCard]:
    """The card of every story that has no photo to share (vnportal/site/share_images.py)."""
    leads = {
        (file.lang, file.relpath): file.story.image
        for file in stage.files
        if file.story is not None and file.story.image
    }
    settings = inputs.settings
    overrides = settings.get("LANGUAGE_OVERRIDES", {})
    sites = {
        lang: (name, overrides.get(lang, {}).get("SITE_TAGLINE", settings["SITE_TAGLINE"]))
        for lang, name in site_names(settings).items()
    }
    today = date.fromisoformat(settings["PORTAL_TODAY"])
    theme = Path(settings["THEME"])
    return plan_share_cards(
        stage.index, leads, survey.photos, sites, theme, today, card_days(settings)
    )


def make_photos(
    inputs: BuildInputs,
    survey: PhotoSurvey,
    stamp: dict[str, Any],
    files: list[Any],
    staging: Path,
) -> None:
    """The files of every photo new or changed since the build of ``stamp``, into staging."""
    before = stamp.get("photos", {})
    needed = [path for path, photo in survey.photos.items() if before.get(path) != photo.digest]
    content = Path(inputs.settings["PATH"])
    limits = PhotoLimits.of(inputs.settings)
    damaged = make_photo_files(
        survey, inputs.cache.folder / "photos", limits, needed, staging, reuse=inputs.use_cache
    )
    if damaged:
        problems = photo_problems(files, damaged, content, limits)
        raise BuildError([str(problem) for problem in problems])


def discovery_files(inputs: BuildInputs, index: SiteIndex) -> dict[str, bytes]:
    """The sitemaps and robots.txt, by path under output/."""
    settings = inputs.settings
    origin = absolute_origin(settings).rstrip("/")
    today = date.fromisoformat(settings["PORTAL_TODAY"])
    pages = settings.get("PORTAL_PAGE_ADDRESSES", {})
    return make_discovery_files(index, origin, today, site_names(settings), pages)


def index_summary(index: SiteIndex) -> dict:
    waiting = [e for e in index.entries if e.waits_until is not None]
    return {
        "stories": {
            lang: sum(
                1
                for e in index.in_language(lang)
                if e.kind == "article" and e.status == "published"
            )
            for lang in LANGUAGES
        },
        "drafts": [
            e.source for e in index.entries if e.status == "draft" and e.waits_until is None
        ],
        "waiting": [
            (e.source, e.waits_until.isoformat())
            for e in sorted(waiting, key=lambda e: (e.waits_until, e.source))
        ],
        "next_out": min((e.waits_until.isoformat() for e in waiting), default=None),
    }
