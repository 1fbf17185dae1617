"""Read and validate the YAML front matter of a story or page.

Used by the index, the reader, the checker and the importer alike, so every
tool agrees on what a valid file is and reports problems as ``file:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError
from .vietnamese import TIMEZONE, nfc

DELIMITER = "---"
ACCEPTED_DATES = (
    "2024-07-11 11:17 +07:00, 2024-07-11T11:17:00+07:00, 2024-07-11 11:17 "
    "or 2024-07-11 (without an offset the time is Vietnam time, GMT+7)"
)
STATUSES = ("published", "draft")
_DATE = re.compile(
    r"^(?P<day>\d{4}-\d{1,2}-\d{1,2})"
    r"(?:[ T](?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text and refuses duplicate keys.

    Dates stay text so that one parser (``parse_date``) decides what is valid
    and attaches Vietnam time; PyYAML would silently make naive UTC values.
    """

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"the key '{key}' appears twice (first on line {seen[key] + 1})",
                    key_node.start_mark,
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class FrontMatter:
    """A file split into its fields and its Markdown body."""

    path: Path
    fields: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


@dataclass
class Story:
    """The validated front matter of one story or page."""

    path: Path
    title: str
    date: datetime | None
    modified: datetime | None = None
    author: str | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    slug: str | None = None
    image: str | None = None
    image_alt: str | None = None
    status: str = "published"
    translation_key: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 text (a BOM is accepted) with LF line ends, in NFC."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ContentError(
            path,
            "the file is not valid UTF-8 text",
            "open it in your editor and save it again with the encoding UTF-8",
            line,
        ) from None
    if "\x00" in text:
        raise ContentError(
            path, "the file contains binary data", "a story must be a Markdown text file"
        )
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def split(text: str, path: Path) -> FrontMatter:
    """Separate the YAML block between the first two ``---`` lines from the body."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != DELIMITER:
        raise ContentError(
            path,
            "the file does not start with front matter",
            "put a line '---' first, then 'title:' and 'date:', then another '---'",
            1,
        )
    closing = next(
        (number for number, line in enumerate(lines[1:], start=1) if line.strip() == DELIMITER),
        None,
    )
    if closing is None:
        raise ContentError(
            path,
            "the front matter is never closed",
            "add a line '---' after the last field, before the story's text",
            1,
        )
    source = "\n".join(lines[1:closing])
    fields, key_lines = _load_yaml(source, path)
    return FrontMatter(
        path=path,
        fields=fields,
        lines=key_lines,
        body="\n".join(lines[closing + 1 :]),
        body_line=closing + 2,
    )


def _load_yaml(source: str, path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        node = yaml.compose(source, Loader=_StrictLoader)
        data = yaml.load(source, Loader=_StrictLoader) if node is not None else {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the '---' line
        reason = error.problem or error.context or "invalid YAML"
        raise ContentError(
            path,
            f"the front matter is not valid YAML ({reason})",
            "check the quotes and the 'key: value' form on that line; "
            "put text containing ':' or '#' in double quotes",
            line,
        ) from None
    except yaml.YAMLError as error:
        raise ContentError(
            path, f"the front matter is not valid YAML ({error})", "check its syntax"
        ) from None
    if not isinstance(data, dict):
        raise ContentError(
            path,
            "the front matter is not a list of 'key: value' fields",
            "write one field per line, like 'title: Tiêu đề bài viết'",
            2,
        )
    key_lines = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    return data, key_lines


def parse_date(value: Any, path: Path, line: int, name: str = "date") -> datetime:
    """A front-matter date as an aware datetime in Vietnam time."""
    text = str(value).strip() if value is not None else ""
    match = _DATE.match(text)
    if not match:
        raise ContentError(
            path,
            f"'{name}' is not a date I can read: '{text}'",
            f"write it as {ACCEPTED_DATES}",
            line,
        )
    try:
        day = date.fromisoformat(_padded_day(match["day"]))
        hour, minute, second = _clock(match["time"])
        moment = datetime(day.year, day.month, day.day, hour, minute, second)
    except ValueError as error:
        raise ContentError(
            path,
            f"'{name}' is not a real date or time: '{text}' ({error})",
            "check the day, month and hour",
            line,
        ) from None
    if match["tz"]:
        return moment.replace(tzinfo=_offset(match["tz"])).astimezone(TIMEZONE)
    return moment.replace(tzinfo=TIMEZONE)


def _padded_day(day: str) -> str:
    year, month, dom = day.split("-")
    return f"{year}-{int(month):02d}-{int(dom):02d}"


def _clock(text: str | None) -> tuple[int, int, int]:
    if not text:
        return 0, 0, 0
    parts = [int(part) for part in text.split(":")]
    return parts[0], parts[1], parts[2] if len(parts) == 3 else 0


def _offset(text: str) -> timezone:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def read_story(path: Path, *, needs_date: bool = True) -> Story:
    """Read a file and validate every field the portal relies on."""
    matter = split(decode(path.read_bytes(), path), path)
    fields = dict(matter.fields)
    title = _text(fields.pop("title", None), matter, "title")
    if not title:
        raise ContentError(
            path,
            "the story has no title",
            "add a line 'title: …' to the front matter",
            matter.line_of("title") if "title" in matter.lines else 2,
        )
    raw_date = fields.pop("date", None)
    if raw_date is None and needs_date:
        raise ContentError(
            path,
            "the story has no date",
            f"add a line 'date: …' to the front matter, written as {ACCEPTED_DATES}",
            2,
        )
    story = Story(
        path=path,
        title=title,
        date=parse_date(raw_date, path, matter.line_of("date")) if raw_date is not None else None,
        body=matter.body,
        body_line=matter.body_line,
    )
    if (modified := fields.pop("modified", None)) is not None:
        story.modified = parse_date(modified, path, matter.line_of("modified"), "modified")
    for name in ("author", "category", "summary", "slug", "image", "image_alt", "translation_key"):
        setattr(story, name, _text(fields.pop(name, None), matter, name) or None)
    story.tags = _tags(fields.pop("tags", None), matter)
    story.status = _status(fields.pop("status", None), matter)
    if story.image and not story.image_alt:
        raise ContentError(
            path,
            "the lead image has no description",
            "add 'image_alt: …' describing the photo for readers who cannot see it",
            matter.line_of("image"),
        )
    story.extra = fields
    return story


def _text(value: Any, matter: FrontMatter, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ContentError(
            matter.path,
            f"'{name}' must be plain text",
            f"write it on one line: '{name}: …'",
            matter.line_of(name),
        )
    return " ".join(str(value).split())


def _tags(value: Any, matter: FrontMatter) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ContentError(
            matter.path,
            "'tags' must be a list",
            "write them in square brackets: 'tags: [hòa giải, pháp luật]'",
            matter.line_of("tags"),
        )
    tags = []
    for item in value:
        tag = _text(item, matter, "tags")
        if not re.search(r"\w", tag):
            raise ContentError(
                matter.path,
                f"the tag '{tag}' has no letters or digits",
                "remove it or write a real word",
                matter.line_of("tags"),
            )
        if tag not in tags:
            tags.append(tag)
    return tags


def _status(value: Any, matter: FrontMatter) -> str:
    status = _text(value, matter, "status") or "published"
    if status not in STATUSES:
        raise ContentError(
            matter.path,
            f"unknown status '{status}'",
            "use 'status: draft' to hold a story back, or remove the line to publish it",
            matter.line_of("status"),
        )
    return status
