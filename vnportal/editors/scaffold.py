"""``invoke new``: a story file with complete front matter, ready to write or translate.

A new story goes to ``content/<lang>/<yyyy>/<mm>/<slug>.md``; a translation to
the same relative path in the other language, which is what pairs the two.
Existing files are never overwritten.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from ..model.errors import ContentError
from ..model.frontmatter import Story, decode, field_line, read_story, split
from ..model.sources import LANGUAGES, SourcePath, markdown_files
from ..model.story_template import PLACEHOLDERS
from ..model.vietnamese import TIMEZONE, canonical_key, slugify, sort_key

# Fields that are the same in both languages; a translation copies them, and
# every field the portal does not translate (source, event...).
SHARED_FIELDS = ("date", "modified", "author", "image", "slug", "translation_key")
SUGGESTED_TAGS = 6  # how many of the most used tags the template lists as examples


def new_story(
    project: Path, title: str, lang: str = LANGUAGES[0], *, now: datetime | None = None
) -> Path:
    """Create a story dated ``now`` (Vietnam time) and return its path."""
    content = project / "content"
    moment = (now or datetime.now(TIMEZONE)).astimezone(TIMEZONE)
    slug = slugify(title)
    if lang not in LANGUAGES:
        raise ContentError(content, f"unknown language '{lang}'", f"use one of {LANGUAGES}")
    if not slug:
        raise ContentError(
            content / lang,
            f"the title '{title}' gives an empty web address" if title.strip() else "no title",
            'write a title with words, e.g. invoke new "Hội nghị tập huấn"',
        )
    target = content / lang / f"{moment:%Y}" / f"{moment:%m}" / f"{slug}.md"
    names = _names_in_use(content, lang)
    fields: list[tuple[str, Any, str]] = [
        ("title", title, ""),
        ("date", moment.replace(second=0, microsecond=0), ""),
        ("author", git_author(project), ""),
        *_category_field(names["category"], None),
        ("tags", [], _examples(names["tag"])),
        ("summary", "", ""),
        ("image", "", "images/yyyy/mm/file.jpg"),
        ("image_alt", "", ""),
        ("source", "", ""),
        ("status", "published", "or draft: built under /drafts/, listed nowhere"),
    ]
    body = "\n\n".join(PLACEHOLDERS[lang])
    return _write(target, fields, body)


def translate_story(project: Path, original: Path, title: str = "", lang: str = "") -> Path:
    """Create the counterpart of ``original`` in ``lang`` (default: the other language).

    Shared fields are copied; title, summary, image description and body are
    copied too, as the text to translate, and the file starts as a draft so
    that nothing half-translated is published.
    """
    content = project / "content"
    place = _place(original, content)
    source_lang, relpath = place.lang, place.relpath
    lang = lang or next(other for other in LANGUAGES if other != source_lang)
    if lang == source_lang or lang not in LANGUAGES:
        raise ContentError(original, f"cannot translate into '{lang}'", "leave out --lang")
    story = read_story(original, needs_date=place.kind == "article")
    names = _names_in_use(content, lang)
    mapped = _translated_category(content, story.category, source_lang, lang)
    fields: list[tuple[str, Any, str]] = [
        ("title", title or story.title, "" if title else "translate"),
        *_shared(story),
        *_category_field(names["category"], mapped),
        ("tags", [], _examples(names["tag"])),
        ("summary", story.summary or "", "translate" if story.summary else ""),
        *([("image_alt", story.image_alt, "translate")] if story.image_alt else []),
        *[(key, value, "") for key, value in story.extra.items()],
        *_event_field(original, story),
        ("status", "draft", "remove this line when the translation is done"),
    ]
    return _write(content / lang / relpath, fields, story.body.strip("\n"))


def _event_field(original: Path, story: Story) -> list[tuple[str, Any, str]]:
    """The event block as the editor wrote it; its names and places need translating."""
    if story.event is None:
        return []
    block = split(decode(original.read_bytes(), original), original).fields["event"]
    return [("event", block, "translate location, organizer and audience")]


def run_new(project: Path, title: str, lang: str = "", translate: str = "") -> int:
    """``invoke new``: create the file, say where it is; 1 if it could not be made."""
    try:
        if translate:
            path = translate_story(project, _existing(project, translate), title, lang)
        else:
            path = new_story(project, title, lang or LANGUAGES[0])
    except ContentError as error:
        print(f"Nothing created: {error}", file=sys.stderr)
        return 1
    shown = path.relative_to(project).as_posix()
    print(f"Created {shown}\nWrite the story there, then: invoke check, invoke livereload")
    return 0


def git_author(project: Path) -> str:
    """The editor's name from git's configuration, or '' when there is none."""
    try:
        found = subprocess.run(
            ["git", "config", "user.name"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return found.stdout.strip()


def _shared(story: Story) -> Iterator[tuple[str, Any, str]]:
    for key in SHARED_FIELDS:
        value = getattr(story, key)
        if value:
            yield key, value, ""


def _category_field(known: list[str], chosen: str | None) -> list[tuple[str, Any, str]]:
    """The category: the one given, else the most used; the others in a comment."""
    category = chosen or (known[0] if known else "")
    others = [name for name in known if name != category]
    return [("category", category, " | ".join(others))]


def _examples(tags: list[str]) -> str:
    """The most used tags, so that new stories reuse their spelling."""
    quoted = ", ".join(f'"{tag}"' for tag in tags[:SUGGESTED_TAGS])
    return f"e.g. [{quoted}]" if tags else ""


def _names_in_use(content: Path, lang: str) -> dict[str, list[str]]:
    """Categories and tags of a language, most used first, in their usual spelling.

    Read file by file rather than through the index, which refuses to work while
    any file is broken: a new story is often started while another is half done.
    """
    counts: dict[str, Counter[str]] = {"category": Counter(), "tag": Counter()}
    for story in _stories(content / lang):
        counts["tag"].update(story.tags)
        if story.category:
            counts["category"][story.category] += 1
    return {kind: _by_use(counter) for kind, counter in counts.items()}


def _by_use(spellings: Counter[str]) -> list[str]:
    """One spelling per canonical key (its most used), most used key first."""
    totals: Counter[str] = Counter()
    best: dict[str, str] = {}
    for name, uses in sorted(spellings.items(), key=lambda item: (-item[1], sort_key(item[0]))):
        key = canonical_key(name)
        totals[key] += uses
        best.setdefault(key, name)
    return [best[key] for key in sorted(totals, key=lambda k: (-totals[k], sort_key(best[k])))]


def _translated_category(
    content: Path, category: str | None, source: str, target: str
) -> str | None:
    """The category that translations of stories in ``category`` have most often."""
    if not category:
        return None
    found: Counter[str] = Counter()
    for story in _stories(content / source):
        if story.category and canonical_key(story.category) == canonical_key(category):
            counterpart = content / target / story.path.relative_to(content / source)
            found.update(s.category for s in _stories(counterpart) if s.category)
    return found.most_common(1)[0][0] if found else None


def _stories(where: Path) -> Iterator[Story]:
    """Every readable story in a folder (or the one file); broken ones are the checker's job."""
    paths = [where] if where.is_file() else markdown_files(where)
    for path in paths:
        try:
            yield read_story(path, needs_date=False)
        except ContentError:
            continue


def _place(original: Path, content: Path) -> SourcePath:
    """Where a story file sits: its language and its path inside the language folder."""
    try:
        return SourcePath.of(original.resolve(), content.resolve())
    except ValueError:
        raise ContentError(
            original,
            "this is not a story in content/vi/ or content/en/",
            "give the path of the story to translate, e.g. content/vi/2024/07/bai.md",
        ) from None


def _existing(project: Path, given: str) -> Path:
    """The file named on the command line, from the current folder or the project."""
    path = Path(given)
    if path.is_absolute() or path.exists():
        return path
    return project / path


def _write(target: Path, fields: list[tuple[str, Any, str]], body: str) -> Path:
    if target.exists():
        raise ContentError(
            target,
            "the file already exists, and invoke new never overwrites",
            "edit that file, or choose another title",
        )
    lines = ["---", *(_field_line(*field) for field in fields), "---", "", body, ""]
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as file:  # 'x': refuse a file that appeared meanwhile
        file.write("\n".join(lines))
    return target


def _field_line(key: str, value: Any, comment: str) -> str:
    if isinstance(value, dict):  # e.g. an event block: YAML's own layout
        text = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False).rstrip()
    else:
        text = field_line(key, value)
    return f"{text}  # {comment}" if comment else text
