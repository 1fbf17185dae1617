"""Read and validate the YAML front matter of a story or page.

Used by the index, the reader, the checker and the importer alike, so every
tool agrees on what a valid file is and reports problems as ``file:line``.
"""

from __future__ import annotations

import codecs
import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from .documents import (
    ANNOUNCEMENT_FIELDS,
    Announcement,
    Document,
    read_announcement,
    read_document,
)
from .errors import ContentError
from .events import Event, read_event
from .vietnamese import (
    BIDI_CONTROLS,
    TIMEZONE,
    has_invisible_characters,
    invisible_characters,
    nfc,
    slugify,
)

DELIMITER = "---"
ACCEPTED_DATES = (
    "2024-07-11 11:17 +07:00, 2024-07-11T11:17:00+07:00, 2024-07-11 11:17 "
    "or 2024-07-11 (without an offset the time is Vietnam time, GMT+7)"
)
# The years a date may have: older or later ones are typos, and near year 1 or
# 9999 the conversion between time zones no longer fits in a datetime.
DATE_YEARS = (1900, 2200)
STATUSES = ("published", "draft")
# Every field the portal reads; the checker reports any other key (typos lose data silently).
KNOWN_FIELDS = (
    "title",
    "date",
    "modified",
    "author",
    "category",
    "tags",
    "summary",
    "slug",
    "image",
    "image_alt",
    "source",
    "translation_key",
    "status",
    "event",
    "featured",
    *ANNOUNCEMENT_FIELDS,
)
_DATE = re.compile(
    r"^(?P<day>\d{4}-\d{1,2}-\d{1,2})"
    r"(?:[ T](?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)


# libyaml's parser when PyYAML has it (its wheels do): front matter is read for
# every file on every build, and the pure-Python parser dominates that time.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeLoader):
    """Safe YAML that keeps every value as the text typed and refuses duplicate keys.

    YAML 1.1 reads ``title: yes`` as True, ``0x1F`` as 31, ``12:30`` as 750 and
    ``author: No`` as False: an editor's words would change. Here a value
    written without quotes is the text typed, as in YAML 1.2 for strings;
    only an empty value means "no value". Dates stay text too, so that one
    parser (``parse_date``) decides what is valid and attaches Vietnam time.
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


_YAML = "tag:yaml.org,2002:"
_StrictLoader.yaml_implicit_resolvers = {"": [(_YAML + "null", re.compile("^$"))]}
# What a YAML 1.1 reader (PyYAML, Pelican's own YAML reader, many editors' tools)
# makes of a value written without quotes, to warn where quotes are needed.
_YAML11_RESOLVERS = _SafeLoader.yaml_implicit_resolvers
_YAML11_KINDS = {
    "bool": "a true/false value",
    "int": "a number",
    "float": "a number",
    "null": "no value at all (null)",
    "timestamp": "a date",
}
# The tags a value may carry: text, no value, a list, fields. Any other, such as
# ``!!binary`` (which would publish b'...'), ``!!int`` or ``!!set``, is refused.
_PLAIN_TAGS = frozenset(_YAML + kind for kind in ("str", "null", "seq", "map"))
_STR = _YAML + "str"
# Fields whose values are text an editor types; dates are read by parse_date.
TEXT_FIELDS = tuple(
    name
    for name in KNOWN_FIELDS
    if name not in ("date", "modified", "event", "featured", *ANNOUNCEMENT_FIELDS)
)
# What `featured:` accepts, in either case; the Vietnamese words as editors say them.
YES_NO = {"true": True, "yes": True, "có": True, "false": False, "no": False, "không": False}


@dataclass
class FrontMatter:
    """A file split into its fields and its Markdown body."""

    path: Path
    fields: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int
    # The line of each item of a field that is a list, such as tags.
    items: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # What the checker warns about in the values (quotes needed, hidden characters).
    warnings: list[ContentError] = field(default_factory=list)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    def item_line(self, key: str, number: int) -> int:
        """The line of item ``number`` (from 0) of the list ``key``."""
        lines = self.items.get(key, ())
        return lines[number] if number < len(lines) else self.line_of(key)


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
    event: Event | None = None
    featured: bool = False  # shown in the home page's featured block
    document: Document | None = None  # the fields of a legal document (content/vi/van-ban/)
    announcement: Announcement | None = None  # shown in the home page's notices
    extra: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    # The line of each field in the file (the front matter's own dict, not a copy).
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key)


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 text (a BOM is accepted) with LF line ends, in NFC."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
        raise _not_utf8(raw, path, bom + error.start) from None
    if "\x00" in text:  # binary, or UTF-16, whose ASCII letters are valid UTF-8
        raise _not_utf8(raw, path, raw.index(b"\x00"))
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


# How to convert each legacy encoding, in the tools Vietnamese newsrooms use.
_SAVE_AS_UTF8 = "open it in your editor and save it again with the encoding UTF-8"
_UNIKEY = (
    "convert it to Unicode with UniKey's converter (UniKey Toolkit, source '{}', "
    "destination 'Unicode'), then save it as UTF-8"
)
_LEGACY_FIX = {
    "UTF-16": "save it again with the encoding UTF-8 (VS Code: 'Save with Encoding' → UTF-8)",
    "Windows-1258": "reopen it with the encoding 'Vietnamese (Windows 1258)' and save it as "
    "UTF-8 (VS Code: 'Reopen with Encoding', then 'Save with Encoding')",
    "VNI": _UNIKEY.format("VNI Windows"),
    "TCVN3": _UNIKEY.format("TCVN3 (ABC)"),
    "Windows-1252": "reopen it with the encoding 'Western (Windows 1252)' and save it as UTF-8",
}
_VOWELS = b"aeiouyAEIOUY"
# Windows-1258 writes most tones as combining marks after the vowel (0xCC ` 0xEC ´
# 0xD2 hook 0xDE ~ 0xF2 dot), also after its own â ê ô ơ ư ă; đ Đ are 0xF0 0xD0.
_CP1258 = (
    _VOWELS + b"\xe2\xea\xf4\xf5\xfd\xe3\xc2\xca\xd4\xd5\xdd\xc3",
    b"\xcc\xec\xd2\xde\xf2",
    b"\xf0\xd0",
)
# VNI writes a letter as an ASCII vowel plus mark bytes (Hòa = "Hoøa", Việt = "Vieät"),
# tones also after its ơ ư (ô ö); đ Đ are ñ Ñ. The marks overlapping Windows-1258's
# own precomposed letters (â ê ă) are left out, or Windows-1258 text would score too.
_VNI = (
    _VOWELS + b"\xf4\xf6\xd4\xd6",
    b"\xf8\xf9\xfb\xf5\xef\xe4\xe5\xe8\xe9\xeb\xfa\xfc"  # lower case
    b"\xd8\xd9\xdb\xd5\xcf\xc4\xc5\xc8\xc9\xcb\xda\xdc",  # upper case
    b"\xf1\xd1",
)
# TCVN3 (ABC) puts ă â ê ô ơ ư đ and the toned a ă at bytes that are symbols in the
# Windows code pages (giải = "gi¶i"): a symbol right after a letter gives it away.
_TCVN3 = (
    bytes(range(0x41, 0x5B)) + bytes(range(0x61, 0x7B)),
    bytes(range(0xA1, 0xAF)) + bytes(range(0xB5, 0xBF)),
    b"",
)


def guess_encoding(raw: bytes) -> str | None:
    """Name the legacy encoding that ``raw`` (not UTF-8) most likely uses, or None.

    A heuristic on byte patterns of Vietnamese text, good enough to tell an
    editor which conversion to make; nothing is ever decoded with the guess.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(raw):
        return "UTF-16"
    if looks_binary(raw):
        return None
    scores = {
        name: _signature_count(raw, *signature)
        for name, signature in (("Windows-1258", _CP1258), ("VNI", _VNI), ("TCVN3", _TCVN3))
    }
    best = max(scores, key=lambda name: scores[name])
    if scores[best]:
        return best
    return "Windows-1252" if any(byte >= 0x80 for byte in raw) else None


def _signature_count(raw: bytes, bases: bytes, marks: bytes, letters: bytes) -> int:
    """How often a mark byte follows a base letter, plus the encoding's own letters."""
    after_base = sum(b in marks for a, b in itertools.pairwise(raw) if a in bases)
    return after_base + sum(raw.count(letter) for letter in letters)


def _looks_utf16(raw: bytes) -> bool:
    """Text in UTF-16 without a byte order mark: every other byte of ASCII is 0."""
    even, odd = raw[0::2], raw[1::2]
    if len(raw) < 8 or len(raw) % 2:
        return False
    return max(even.count(0), odd.count(0)) > len(odd) / 3 > 5 * min(even.count(0), odd.count(0))


# Control characters that never occur in text files (tab, LF, FF and CR do).
_CONTROLS = bytes(c for c in range(32) if c not in b"\t\n\x0c\r")


def looks_binary(raw: bytes) -> bool:
    """Binary data, not text: no text encoding of Vietnamese has these bytes.

    Two NUL bytes in a row, or more than one control byte in a hundred, in
    the first 4 KB. UTF-16 with a byte order mark is text (``decode`` names it).
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = raw[:4096]
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    return b"\x00\x00" in sample or controls > len(sample) / 100


def _not_utf8(raw: bytes, path: Path, start: int) -> ContentError:
    """What is wrong with a file whose byte ``start`` is not UTF-8 (or is a NUL)."""
    guess = guess_encoding(raw)
    if guess is None and looks_binary(raw):
        return ContentError(
            path, "the file contains binary data", "a story must be a Markdown text file"
        )
    if guess == "UTF-16":
        return ContentError(
            path, "the file is not valid UTF-8 text: it looks like UTF-16", _LEGACY_FIX[guess]
        )
    line, column = _position(raw, start)
    if raw[start] == 0:
        return ContentError(
            path,
            f"the file contains a NUL character (byte 0x00) at line {line}, column {column}",
            "delete it: most editors show nothing there, so delete the character before "
            "the next one, or retype the line; then save the file",
            line,
        )
    where = f"byte 0x{raw[start]:02X} at line {line}, column {column}"
    if guess is not None and not _mostly_utf8(raw):
        return ContentError(
            path,
            f"the file is not valid UTF-8 text: it looks like {guess}, a legacy encoding "
            f"(the first {where})",
            _LEGACY_FIX[guess],
            line,
        )
    return ContentError(
        path,
        f"the file is not valid UTF-8 text: {where} is not part of any character",
        "the rest of the file is UTF-8: retype the letter at that place (or delete the "
        f"stray byte) and {_SAVE_AS_UTF8.removeprefix('open it in your editor and ')}",
        line,
    )


def _position(raw: bytes, start: int) -> tuple[int, int]:
    """The line and column (in characters, from 1) of byte ``start``."""
    line_start = raw.rfind(b"\n", 0, start) + 1
    before = raw[line_start:start].removeprefix(codecs.BOM_UTF8)
    return raw.count(b"\n", 0, start) + 1, len(before.decode("utf-8", "replace")) + 1


def _mostly_utf8(raw: bytes) -> bool:
    """A UTF-8 file with a stray byte or two, rather than a legacy encoding: one
    bad byte alone, or more valid non-ASCII UTF-8 characters than bad bytes."""
    text = raw.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    return bad <= 1 or len(text) - len(text.encode("ascii", "ignore")) - bad > bad


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
    matter = _load_yaml(source, path)
    matter.body = "\n".join(lines[closing + 1 :])
    matter.body_line = closing + 2
    return matter


def body_at(text: str, body_line: int) -> str:
    """The body of a file's text whose body starts on line ``body_line`` (as ``split`` found)."""
    parts = text.split("\n", body_line - 1)
    return parts[body_line - 1] if len(parts) >= body_line else ""


def _load_yaml(source: str, path: Path) -> FrontMatter:
    """The fields of the YAML block (the body is filled in by ``split``)."""
    loader = _StrictLoader(source)
    try:
        node = loader.get_single_node()  # parsed once: the node gives the key lines
        items, warnings = _read_values(node, path, source)  # before any value is made
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error, path) from None
    except yaml.YAMLError as error:
        raise ContentError(
            path, f"the front matter is not valid YAML ({error})", "check its syntax"
        ) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ContentError(
            path,
            "the front matter is not a list of 'key: value' fields",
            "write one field per line, like 'title: Tiêu đề bài viết'",
            2,
        )
    key_lines = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
            if key_node.value == "event":
                _nested_lines("event", value_node, key_lines)
    return FrontMatter(path, data, key_lines, "", 1, items, warnings)


def _nested_lines(prefix: str, node: yaml.Node, lines: dict[str, int], depth: int = 2) -> None:
    """The lines of the keys of a block such as ``event``, as ``event.start``
    (two levels deep: ``event.location.name``; an alias cannot loop)."""
    if depth == 0 or not isinstance(node, yaml.MappingNode):
        return
    for key_node, value_node in node.value:
        name = f"{prefix}.{key_node.value}"
        lines.setdefault(name, key_node.start_mark.line + 2)
        _nested_lines(name, value_node, lines, depth - 1)


def _yaml_error(error: yaml.MarkedYAMLError, path: Path) -> ContentError:
    """Invalid YAML, at the line to fix: where a quote or bracket that is never
    closed was opened, not the end of the front matter where YAML noticed it."""
    mark = error.problem_mark or error.context_mark
    reason = error.problem or error.context or "invalid YAML"
    fix = (
        "check the quotes and the 'key: value' form on that line; "
        "put text containing ':' or '#' in double quotes"
    )
    opened, context = error.context_mark, error.context or ""
    if opened is not None and "quoted scalar" in context:
        mark, reason = opened, "a quote opened on this line is never closed"
        fix = "end the text with the same quote mark it starts with (\" or ')"
    elif opened is not None and "flow" in context and (mark is None or mark.line != opened.line):
        bracket, closing = ("[", "]") if "sequence" in context else ("{", "}")
        mark, reason = opened, f"a '{bracket}' opened on this line is never closed"
        fix = f"close it with '{closing}' on the same line"
    line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the '---' line
    return ContentError(path, f"the front matter is not valid YAML ({reason})", fix, line)


def _read_values(
    node: yaml.Node | None, path: Path, source: str
) -> tuple[dict[str, tuple[int, ...]], list[ContentError]]:
    """The lines of list items, and warnings about values; refuses YAML type tags.

    Every value is looked at once, from its node: each node is visited once
    even when aliases (``*name``) repeat it, so a value that refers to itself
    or to another a million times costs no more than its nodes.
    """
    items: dict[str, tuple[int, ...]] = {}
    warnings: list[ContentError] = []
    if not isinstance(node, yaml.MappingNode):
        return items, warnings
    hidden = has_invisible_characters(source)  # rare: look at each value only then
    seen: set[int] = set()
    for key_node, value_node in node.value:
        name = str(key_node.value)
        text_field = name in TEXT_FIELDS
        if isinstance(value_node, yaml.SequenceNode):
            items[name] = tuple(item.start_mark.line + 2 for item in value_node.value)
        elif value_node.tag == _STR and not hidden:
            typed = (
                text_field and not value_node.style and value_node.value[:1] in _YAML11_RESOLVERS
            )
            if not typed:
                continue  # the usual field: text that every YAML tool reads as text
        stack = [value_node]
        while stack:
            value = stack.pop()
            if id(value) in seen:
                continue
            seen.add(id(value))
            if value.tag not in _PLAIN_TAGS:
                short = value.tag.replace(_YAML, "!!")
                raise ContentError(
                    path,
                    f"'{name}' is marked with the YAML type tag '{short}', so it is not text",
                    f"remove '{short}' and write the text itself (in double quotes "
                    "if it contains ':' or '#')",
                    value.start_mark.line + 2,
                )
            if isinstance(value, yaml.ScalarNode):
                text = value.value
                # Plain: without quotes (libyaml says "", PyYAML None).
                typed = text_field and not value.style and text[:1] in _YAML11_RESOLVERS
                if typed or hidden:
                    line = value.start_mark.line + 2
                    warnings += _value_warnings(name, text, typed, path, line)
            elif isinstance(value, yaml.SequenceNode):
                stack += reversed(value.value)
            else:
                stack += [item for pair in reversed(value.value) for item in pair[::-1]]
    return items, warnings


def _value_warnings(name: str, text: str, plain: bool, path: Path, line: int) -> list:
    """Quotes that other YAML tools would need, and characters no one can see."""
    warnings = []
    kind = yaml11_kind(text) if plain else None
    if kind is not None:
        warnings.append(
            ContentError(
                path,
                f"'{text}' in '{name}' is kept as written here, but other YAML tools "
                f"(YAML 1.1) read it without quotes as {kind}",
                f'write it in double quotes, "{text}", so that every tool reads it as text',
                line,
            )
        )
    if hidden := invisible_characters(text):
        turns = any(char in text for char in BIDI_CONTROLS)
        harm = (
            "it can turn the text after it backwards in titles, feeds and search results"
            if turns
            else "the word looks the same but is another string to search engines and other tools"
        )
        warnings.append(
            ContentError(
                path,
                f"'{name}' contains {' and '.join(hidden)}, which no one can see",
                f"delete it (retype the text around it if your editor does not show it): {harm}",
                line,
            )
        )
    return warnings


def yaml11_kind(text: str) -> str | None:
    """What YAML 1.1 makes of ``text`` written without quotes, when not text:
    'a true/false value' for ``yes``, 'a number' for ``0x1F`` or ``12:30``..."""
    resolvers = _YAML11_RESOLVERS.get(text[:1], []) + _YAML11_RESOLVERS.get(None, [])
    for tag, regexp in resolvers:
        if regexp.match(text):
            return _YAML11_KINDS.get(tag.removeprefix(_YAML))
    return None


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
    low, high = DATE_YEARS
    if not low <= moment.year <= high:
        raise ContentError(
            path,
            f"'{name}' is out of range: '{text}'",
            f"the portal accepts the years {low}–{high}; check the year",
            line,
        )
    if match["tz"]:
        offset = _offset(match["tz"])
        if offset is None:
            raise ContentError(
                path,
                f"'{name}' has a time zone offset that does not exist: '{text}'",
                "offsets lie between -12:00 and +14:00, with minutes under 60; "
                "Vietnam time is +07:00 (or leave the offset out)",
                line,
            )
        return moment.replace(tzinfo=offset).astimezone(TIMEZONE)
    return moment.replace(tzinfo=TIMEZONE)


def _padded_day(day: str) -> str:
    year, month, dom = day.split("-")
    return f"{year}-{int(month):02d}-{int(dom):02d}"


def _clock(text: str | None) -> tuple[int, int, int]:
    if not text:
        return 0, 0, 0
    parts = [int(part) for part in text.split(":")]
    return parts[0], parts[1], parts[2] if len(parts) == 3 else 0


def _offset(text: str) -> timezone | None:
    """The offset ``+07:00`` (or ``Z``), or None when no place on Earth has it."""
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    offset = sign * (hours * 60 + minutes)
    if minutes >= 60 or not -12 * 60 <= offset <= 14 * 60:
        return None
    return timezone(timedelta(minutes=offset))


def read_story(path: Path, *, needs_date: bool = True, kind: str | None = None) -> Story:
    """Read a file and validate every field the portal relies on."""
    matter = split(decode(path.read_bytes(), path), path)
    return story_from_matter(matter, needs_date=needs_date, kind=kind)


def story_from_matter(
    matter: FrontMatter, *, needs_date: bool = True, kind: str | None = None
) -> Story:
    """Validate the fields of a file already split into front matter and body.

    ``kind`` (vnportal/model/sources.py): stories need a date; a document's
    ``status`` is its legal status, and it is always published.
    """
    if kind is not None:
        needs_date = kind == "article"
    path = matter.path
    fields = dict(matter.fields)
    document = None
    if kind == "document":
        document = read_document(fields, path, matter.lines, matter.items)
        for name in ("type", "number", "issuer", "signer", "issued", "effective", "expires"):
            fields.pop(name, None)
        for name in ("status", "files", "replaces", "amended_by"):
            fields.pop(name, None)
        fields["summary"] = fields.pop("abstract", None)
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
        lines=matter.lines,
    )
    if (modified := fields.pop("modified", None)) is not None:
        story.modified = parse_date(modified, path, matter.line_of("modified"), "modified")
    for name in ("author", "category", "summary", "slug", "image", "image_alt", "translation_key"):
        setattr(story, name, _text(fields.pop(name, None), matter, name) or None)
    if story.slug and not slugify(story.slug):
        raise ContentError(
            path,
            f"'slug' gives an empty web address: '{story.slug}' has no letters or digits",
            "write the address with letters, e.g. 'slug: hoi-nghi-tap-huan', "
            "or remove the line to take it from the file name",
            matter.line_of("slug"),
        )
    story.tags = _tags(fields.pop("tags", None), matter)
    story.status = _status(fields.pop("status", None), matter)
    story.featured = _featured(fields.pop("featured", None), matter)
    if story.image and not story.image_alt:
        raise ContentError(
            path,
            "the lead image has no description",
            "add 'image_alt: …' describing the photo for readers who cannot see it",
            matter.line_of("image"),
        )
    if (event := fields.pop("event", None)) is not None:
        story.event = read_event(event, path, matter.lines, parse_date)
    story.announcement = read_announcement(fields, path, matter.lines)
    for name in ANNOUNCEMENT_FIELDS:
        fields.pop(name, None)
    story.document = document
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
    for number, item in enumerate(value):
        line = matter.item_line("tags", number)
        if isinstance(item, (dict, list)):
            raise ContentError(
                matter.path,
                f"tag {number + 1} of 'tags' is a {'list' if isinstance(item, list) else 'field'}"
                ", not a word",
                "write each tag as text, all in one list: 'tags: [hòa giải, pháp luật]'",
                line,
            )
        tag = _text(item, matter, "tags")
        if not re.search(r"\w", tag):
            raise ContentError(
                matter.path,
                f"the tag '{tag}' has no letters or digits",
                "remove it or write a real word",
                line,
            )
        if tag not in tags:
            tags.append(tag)
    return tags


def _featured(value: Any, matter: FrontMatter) -> bool:
    if value is None:
        return False
    answer = YES_NO.get(_text(value, matter, "featured").lower())
    if answer is None:
        raise ContentError(
            matter.path,
            f"'featured' is '{value}', which is neither true nor false",
            "write 'featured: true' to show the story among the featured ones, or remove the line",
            matter.line_of("featured"),
        )
    return answer


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


# A value YAML reads back as the same plain text without quotes: words and
# spaces only, starting with a letter (``Cao Thắng``, ``ABO``).
_BARE_TEXT = re.compile(r"[^\W\d_][\w ]*\w|[^\W\d_]")
# Characters YAML refuses raw in a quoted scalar (and line breaks, which would split it).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def write_front_matter(fields: dict[str, Any]) -> str:
    """The ``---`` block for ``fields``, in the form ``read_story`` reads back.

    Empty values are left out; dates are written as ``2024-07-11 11:17 +07:00``
    (or ``2024-07-11`` for a day without a time); lists go in square brackets.
    Used by the importer, so generated files look like hand-written ones.
    """
    lines = [DELIMITER]
    for key, value in fields.items():
        if value is None or value == "" or value == [] or value == ():
            continue
        lines.append(f"{key}: {_yaml_value(value)}")
    lines.append(DELIMITER)
    return "\n".join(lines) + "\n"


def field_line(key: str, value: Any) -> str:
    """One ``key: value`` line as write_front_matter writes it, empty values too
    (a template shows every field: ``tags: []``, ``summary: ""``)."""
    return f"{key}: {_yaml_value(value)}"


def _yaml_value(value: Any) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return f"{value:%Y-%m-%d %H:%M}"
        offset = value.strftime("%z")
        return f"{value:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_quoted(str(item)) for item in value) + "]"
    return _yaml_text(str(value))


def _yaml_text(text: str) -> str:
    """Bare when YAML gives the same string back (not ``yes``, ``null``, ``1.5``), else quoted."""
    text = nfc(text)
    if _BARE_TEXT.fullmatch(text) and yaml11_kind(text) is None:
        return text
    return _quoted(text)


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar; control characters become ``\\uXXXX`` escapes."""
    escaped = nfc(text).replace("\\", "\\\\").replace('"', '\\"')
    escaped = _UNPRINTABLE.sub(lambda match: f"\\u{ord(match[0]):04x}", escaped)
    return f'"{escaped}"'
