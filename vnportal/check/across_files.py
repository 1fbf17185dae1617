"""Checks across files: the index's own problems, translations, spellings, site addresses."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from ..model.errors import BuildError, ContentError
from ..model.index import Entry, SiteIndex, build_index
from ..model.sources import LANGUAGE_NAMES, LANGUAGES, SourcePath, url_prefix
from ..model.taxonomy import DEFAULT_CATEGORY_SETTING, default_category
from ..model.topics import SECTIONS, TOPICS_FILE
from ..model.vietnamese import canonical_key, search_fold, sort_key
from .one_file import LISTINGS, FileCheck
from .report import ERROR, NOTE, WARNING, Problem, count_of, from_project


def index_or_problems(
    content: Path, settings: dict[str, Any], files: list[FileCheck]
) -> tuple[SiteIndex | None, list[Problem]]:
    """The build's index, and what it found that the checks above have not said yet.

    The index stops at its first problem in a file; a file that could not be
    read has already been reported here, so only problems about other files
    (clashing addresses, folders, lead images, links leaving content/) remain.
    """
    stories = {file.path: file.story for file in files if file.story is not None}
    entries = {file.path: file.entry for file in files if file.entry is not None}
    listed: dict[str, list[Path]] = {lang: [] for lang in LANGUAGES}
    for file in files:
        listed[file.lang].append(file.path)
    try:
        return build_index(content, settings, stories, entries, listed), []
    except BuildError as error:
        unread = {file.shown for file in files if file.story is None}
        found = [_from_error(found, content.parent) for found in error.errors]
        return None, [problem for problem in found if problem.path not in unread]


def _from_error(error: ContentError, project: Path) -> Problem:
    """A problem the index found, named from the project folder like the others."""
    where = " and ".join(from_project(Path(p), project) for p in error.path.split(" and "))
    return Problem(where, error.line, ERROR, error.problem, error.fix)


def _translation_problems(
    index: SiteIndex, files: dict[tuple[str, str], FileCheck]
) -> list[Problem]:
    """Counterparts that are missing although expected, or dated differently."""
    problems = []
    for entry in index.entries:
        file = files[(entry.lang, entry.relpath)]
        for lang in LANGUAGES:
            if lang == entry.lang:
                continue
            counterpart = index.counterpart(entry, lang)
            if counterpart is None:
                problems += _missing_counterpart(entry, lang, index, file)
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
    entry: Entry, lang: str, index: SiteIndex, file: FileCheck
) -> list[Problem]:
    """A translation whose counterpart is missing (warning).

    A story in one language only is normal (an original waiting for its
    translation, or an English-only story), so this warns only where a pair was
    clearly meant: an explicit ``translation_key`` that no file in the other
    language shares, or a file whose counterpart sits at another path (same file
    name, unpaired). The second is reported once, on the non-default language.
    """
    other = LANGUAGE_NAMES[lang]
    own_path = SourcePath(entry.lang, entry.relpath).translation_path
    if entry.translation_key != own_path:
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
        and index.counterpart(e, entry.lang) is None
    ]
    if not near:
        return []
    same_path = index.entry(lang, entry.relpath) if entry.kind != "document" else None
    if same_path is not None:  # there, but paired by its own translation_key
        return [
            Problem(
                file.shown,
                None,
                WARNING,
                f"its {other} version {same_path.source} is not paired with it: that file "
                f"has translation_key '{same_path.translation_key}'",
                f"give this file the line 'translation_key: {same_path.translation_key}' "
                f"too, or remove that line from {same_path.source}",
            )
        ]
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


def _default_category_problems(
    files: dict[tuple[str, str], FileCheck], settings: dict[str, Any]
) -> list[Problem]:
    """Stories without a category, in a language whose other stories name theirs.

    They are filed under the language's default category. Where no story names
    a category at all the site does not use them, and one warning per story
    would be noise.
    """
    problems = []
    for lang in LANGUAGES:
        stories = [
            file
            for (file_lang, _), file in sorted(files.items())
            if file_lang == lang and file.kind == "article" and file.story is not None
        ]
        if not any(file.story.category for file in stories if file.story is not None):
            continue
        default = default_category(settings, lang)  # the index has accepted the setting
        problems += [
            Problem(
                file.shown,
                2,
                WARNING,
                f"the story has no category, so it is filed under “{default}”",
                "add a line 'category: …' naming one of the site's categories "
                f"(“{default}” is {DEFAULT_CATEGORY_SETTING} in pelicanconf.py)",
            )
            for file in stories
            if file.story is not None and not file.story.category
        ]
    return problems


def _topic_problems(index: SiteIndex, settings: dict[str, Any]) -> list[Problem]:
    """Names in topics.yml that no story uses, and the pairs guessed from translations."""
    content = Path(settings["PATH"])
    shown = from_project(content / TOPICS_FILE, content.parent)
    problems = []
    for pair in index.topics.from_table:
        for lang in LANGUAGES:
            name = getattr(pair, lang)
            if canonical_key(name) not in index.spellings.get(f"{lang}:{pair.kind}", {}):
                problems.append(
                    Problem(
                        shown,
                        pair.line,
                        WARNING,
                        f"no {LANGUAGE_NAMES[lang]} story has the {pair.kind} '{name}'",
                        f"write it as the stories spell their {pair.kind}, or remove the line",
                    )
                )
    return problems


def topic_guesses(index: SiteIndex, settings: dict[str, Any]) -> list[Problem]:
    """The pairs of topics guessed from translated stories, for the editor to confirm.

    Not problems: the build uses them as they are. ``invoke check`` lists them so
    that the table can say so, or say otherwise.
    """
    content = Path(settings["PATH"])
    shown = from_project(content / TOPICS_FILE, content.parent)
    notes = []
    for pair in index.topics.derived:
        section = next(name for name, kind in SECTIONS.items() if kind == pair.kind)
        notes.append(
            Problem(
                shown,
                None,
                NOTE,
                f"guessed from the translated stories: the {pair.kind} '{pair.vi}' is "
                f"'{pair.en}' in English",
                f"to confirm it, add the line '{pair.vi}: {pair.en}' under '{section}:'; "
                "if it is wrong, add the right pair",
            )
        )
    return notes


def _spelling_problems(index: SiteIndex, files: dict[tuple[str, str], FileCheck]) -> list[Problem]:
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
                        used = count_of(uses[fuller[0]], "story", "stories")
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
    index: SiteIndex, files: list[FileCheck], settings: dict[str, Any]
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


def _draft_link_problems(
    index: SiteIndex, files: list[FileCheck], settings: dict[str, Any]
) -> list[Problem]:
    """Published stories linking to drafts: the link would lead readers to /drafts/.

    An error, unless PORTAL_DRAFT_LINKS is "drop": the build then publishes the
    link's text without the link (vnportal/render/reader.py), and this warns.
    """
    dropped = settings.get("PORTAL_DRAFT_LINKS", "error") == "drop"
    problems = []
    for file in files:
        entry = index.entry(file.lang, file.relpath)
        if entry is None or entry.status == "draft":
            continue  # a draft may link to drafts: both are under /drafts/
        for number, place in file.story_links:
            target = index.entry(place.lang, place.relpath)
            if target is None or target.status != "draft":
                continue
            if dropped:
                what = f"the link to {target.source} is left out: that story is a draft"
                fix = "publish it (remove 'status: draft'), and the link comes back"
            else:
                what = (
                    f"the link to {target.source} leads to a draft ('status: draft'), "
                    "which readers of this published page would find under /drafts/"
                )
                fix = (
                    "publish that story first (remove 'status: draft'), or remove the link "
                    'until then; PORTAL_DRAFT_LINKS = "drop" in the settings publishes '
                    "such links as plain text instead"
                )
            problems.append(Problem(file.shown, number, WARNING if dropped else ERROR, what, fix))
    return problems


def across_files(
    index: SiteIndex, files: list[FileCheck], settings: dict[str, Any]
) -> list[Problem]:
    """What no single file shows: translations, spellings, links to site addresses and drafts."""
    by_source = {(file.lang, file.relpath): file for file in files}
    return [
        *_translation_problems(index, by_source),
        *_spelling_problems(index, by_source),
        *_default_category_problems(by_source, settings),
        *_topic_problems(index, settings),
        *_address_problems(index, files, settings),
        *_draft_link_problems(index, files, settings),
    ]
