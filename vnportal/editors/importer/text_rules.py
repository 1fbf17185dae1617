"""Rules for the Vietnamese text of old-portal articles, shared by the readers.

How a copied article's lines are read (shared/design/vietnamese.md §8):

* Copy noise goes first: HTML references left in the text (``Chi&#7871;n``),
  invisible characters, doubled spaces, lines of only punctuation (the lone
  ``.`` lines), ``null``, share/print/comment buttons, ads, and the "related
  stories" boxes (``Tin liên quan``, ``Tham khảo thêm``): a box in the middle
  of the story goes alone, one at the end takes the rest with it.
* The date line is the first line that holds a date and little else (every
  form is in ``dates``); a byline with the date after the name
  (``TUẤN HƯƠNG 11:29, 11/07/2024``) gives both. Without one, a day named
  in the lead's first sentence (``Ngày 09/4/2021, …``) dates the story.
* A leading ``(ABO)``, ``(NLĐO) -`` or ``TTO -`` in the lead is the source.
  The closing line is the byline when it reads as one (``people``).
* Photo captions: copied pages keep a photo's caption as a short line of its
  own. A line counts as a caption when it has at most CAPTION_MAX_WORDS words,
  is one sentence (or carries a photo credit such as ``Ảnh: …``), starts with
  a capital, is not a list item, label (``Địa điểm: …``) or question, and a
  paragraph still follows it: the last line of a story is never a caption.
  Several such lines in a row are several photos. Each caption becomes a
  placeholder figure (see ``story.render_figure``) that builds and is easy to
  find.

``finish`` does what every reader does last: checks the title and the lead,
proposes tags and writes the report's lists of what was found and what was not.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ...model.frontmatter import write_front_matter
from ...model.vietnamese import nfc, search_fold
from .dates import (
    DATE_LINE_EXAMPLE,
    DateLine,
    NoDateError,
    date_in_first_sentence,
    parse_date_line,
    shown,
    split_dated,
)
from .papers import source_for
from .people import Byline, closing_byline, person_name, read_byline
from .story import (
    Block,
    Figure,
    ImportedStory,
    escape_block,
    escape_inline,
    unescape,
    without_markup,
)

__all__ = [
    "DATE_LINE_EXAMPLE",
    "Byline",
    "DateLine",
    "date_in_first_sentence",
    "parse_date_line",
    "person_name",
    "read_byline",
    "shown",
    "split_dated",
]

CAPTION_MAX_WORDS = 20
MAX_TAGS = 5
# The lead is the summary; the checker refuses one above 1,000 characters.
LEAD_MAX_CHARS = 1000
TITLE_MAX_CHARS = 200


# ---------------------------------------------------------------- copy noise

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_DOUBLED = re.compile(r"\S[ \t\u00a0\u2000-\u200a\u202f]{2,}\S")
_PUNCTUATION_ONLY = re.compile(r"[.…·•*_\-–—|~=+#,;:]+")
# A reference other than the five that escape markup (&amp; &lt; &gt; &quot; &apos;):
# text copied from a page's source, where 'Chiến' is 'Chi&#7871;n'.
_LETTER_REFERENCE = re.compile(
    r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|(?!(?:amp|lt|gt|quot|apos);)[A-Za-z][A-Za-z0-9]{1,31});"
)
# Buttons and counters of old portal pages, as search_fold writes them.
_NOISE_WORDS = (
    "chia se|chia se bai viet|facebook|zalo|twitter|tweet|email|gui email|gui bai viet|"
    "gui cho ban be|in|in bai|in bai viet|in trang|luu bai viet|luot xem|binh luan|"
    "y kien ban doc|gui y kien|co chu|nghe doc bai|nghe bai viet|quay lai|tro ve|"
    "ve dau trang|len dau trang|trang chu|theo doi|like|share|print|copy link|"
    "sao chep lien ket|bao loi|a|a-|a+|gmt+7|null|undefined|quang cao|advertisement|"
    "tai ung dung|luu|thich|xem binh luan|viet binh luan|gop y|lien he quang cao"
)
PORTAL_NOISE = tuple(_NOISE_WORDS.split("|"))
_NOISE_LINE = re.compile(
    r"(?:\s*(?:"
    + "|".join(re.escape(word) for word in sorted(PORTAL_NOISE, key=len, reverse=True))
    + r")(?![\w+])(?:[\s:()\[\]|/,.·-]|\d)*)+"
)
# Where a box of links to other stories begins (search_fold spelling).
RELATED_MARKERS = (
    "tin lien quan",
    "bai lien quan",
    "bai viet lien quan",
    "tin cung chuyen muc",
    "tin khac",
    "cac tin khac",
    "tin da dua",
    "xem them",
    "doc them",
    "tham khao them",
    "tin bai lien quan",
    "co the ban quan tam",
    "ban co the quan tam",
    "tin moi",
    "tin moi nhat",
    "doc nhieu",
)
_RELATED_LINE = re.compile(
    r"(?:" + "|".join(re.escape(marker) for marker in RELATED_MARKERS) + r")\s*(?:[:>»›-].*)?"
)


@dataclass
class _Line:
    text: str
    gap_before: bool  # a blank (or noise) line separates it from the previous one


@dataclass
class _Cleaning:
    stray_lines: int = 0
    doubled_spaces: int = 0
    invisible: int = 0
    references: int = 0
    portal_lines: list[str] = field(default_factory=list)
    related_lines: int = 0
    joined_lines: int = 0
    was_nfd: bool = False

    def notes(self) -> list[str]:
        notes = []
        if self.stray_lines:
            notes.append(
                counted(
                    self.stray_lines,
                    "line of stray punctuation ('.')",
                    "lines of stray punctuation ('.')",
                )
            )
        if self.doubled_spaces:
            notes.append(counted(self.doubled_spaces, "doubled space", "doubled spaces"))
        if self.invisible:
            notes.append(counted(self.invisible, "invisible character", "invisible characters"))
        if self.references:
            notes.append(
                counted(self.references, "line with HTML references", "lines with HTML references")
                + " decoded"
            )
        if self.portal_lines:
            shown_lines = ", ".join(f"'{line}'" for line in self.portal_lines[:3])
            more = " …" if len(self.portal_lines) > 3 else ""
            notes.append(f"portal words removed: {shown_lines}{more}")
        if self.related_lines:
            notes.append(
                counted(
                    self.related_lines,
                    "line of 'related stories' cut",
                    "lines of 'related stories' cut",
                )
            )
        if self.joined_lines:
            notes.append(counted(self.joined_lines, "broken line joined", "broken lines joined"))
        if self.was_nfd:
            notes.append("decomposed Unicode (NFD) turned into NFC")
        return notes


def counted(number: int, one: str, many: str) -> str:
    """'1 file', '3 files': a number with the word in singular or plural."""
    return f"{number} {one if number == 1 else many}"


def decode_copied_references(line: str) -> str:
    """A line copied from a page's source with its references decoded once.

    Only a line holding a reference to a letter (``&#7871;``, ``&agrave;``)
    is decoded, and then wholly; ``&amp;`` alone in a copied line is text.
    """
    if "&" in line and _LETTER_REFERENCE.search(line):
        return htmllib.unescape(line)
    return line


def clean_lines(text: str) -> tuple[list[_Line], _Cleaning]:
    """Lines of real text with spaces normalised; noise dropped and counted."""
    cleaning = _Cleaning(was_nfd=nfc(text) != text)
    lines: list[_Line] = []
    gap = True
    for raw in nfc(text).split("\n"):
        decoded = decode_copied_references(raw)
        if decoded != raw:
            cleaning.references += 1
            raw = nfc(decoded)
        line = _clean_spaces(raw, cleaning)
        if not line:
            gap = True
        elif _PUNCTUATION_ONLY.fullmatch(line):
            cleaning.stray_lines += 1
            gap = True
        elif _NOISE_LINE.fullmatch(search_fold(line)) or _is_breadcrumb(line):
            cleaning.portal_lines.append(line)
            gap = True
        else:
            lines.append(_Line(line, gap))
            gap = False
    lines = _cut_related(lines, cleaning)
    return _join_broken(lines, cleaning), cleaning


def _clean_spaces(raw: str, cleaning: _Cleaning) -> str:
    without = _CONTROL.sub("", raw.translate(_INVISIBLE))
    cleaning.invisible += len(raw) - len(without)
    cleaning.doubled_spaces += len(_DOUBLED.findall(without))
    return _SPACES.sub(" ", without).strip()


def _is_breadcrumb(line: str) -> bool:
    """'Trang chủ > Pháp luật > Tin tức': the old portal's navigation."""
    return bool(re.fullmatch(r"(?:[^>»›/]{1,30}\s*[>»›/]\s*)+[^>»›/]{1,30}", line)) and (
        search_fold(line).startswith("trang chu")
    )


def is_related_marker(text: str) -> bool:
    """'Tin liên quan', 'Tham khảo thêm:', 'Xem thêm: <a story's title>'."""
    folded = search_fold(text).strip(" :.")
    return len(folded.split()) <= 40 and bool(_RELATED_LINE.fullmatch(folded))


def _headline_like(text: str) -> bool:
    """A line of a box of links: a story's title, no final full stop."""
    return len(text.split()) <= 30 and not text.rstrip().endswith((".", ":", ";", "!", "?"))


def _story_goes_on(lines: Sequence[_Line]) -> bool:
    return any(len(line.text.split()) > 25 for line in lines)


def _cut_related(lines: list[_Line], cleaning: _Cleaning) -> list[_Line]:
    """Boxes of other stories: one in the middle goes alone, one at the end takes the rest."""
    kept: list[_Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if index < 3 or not is_related_marker(line.text):
            kept.append(line)
            index += 1
            continue
        end = index + 1
        if ":" not in line.text:  # 'Tin liên quan' above its list of titles
            while end < len(lines) and _headline_like(lines[end].text):
                end += 1
        if end < len(lines) and _story_goes_on(lines[end:]):
            cleaning.related_lines += end - index
            index = end
            continue
        cleaning.related_lines += len(lines) - index
        break
    return kept


_SENTENCE_END = (".", "!", "?", "…", ":", ";", '"', "”", "»", ")")


def _join_broken(lines: list[_Line], cleaning: _Cleaning) -> list[_Line]:
    """Hard-wrapped copies: a line going on in lower case belongs to the one before."""
    joined: list[_Line] = []
    parts: list[list[str]] = []
    for line in lines:
        if (
            joined
            and not line.gap_before
            and not parts[-1][-1].endswith(_SENTENCE_END)
            and line.text[:1].islower()
        ):
            parts[-1].append(line.text)
            cleaning.joined_lines += 1
        else:
            joined.append(line)
            parts.append([line.text])
    for line, pieces in zip(joined, parts, strict=True):
        line.text = " ".join(pieces)
    return joined


# ---------------------------------------------------------------- the date line


def find_date_line(lines: list[_Line], origin: str) -> tuple[int, DateLine, str]:
    """The first line that is a date line: its index, its date, and a name beside it.

    ``TUẤN HƯƠNG 11:29, 11/07/2024`` is a date line whose name is the byline.
    """
    for index, line in enumerate(lines):
        found = parse_date_line(line.text, origin)
        if found is not None:
            return index, found, ""
        dated = split_dated(line.text, origin)
        if (
            dated is not None
            and dated[1]
            and read_byline(dated[1]) is not None
            and any(c.isalpha() and c.isupper() for c in dated[1])
        ):
            return index, dated[0], dated[1]
    raise NoDateError(
        origin, "no date line found", f"add one like '{DATE_LINE_EXAMPLE}' at the top"
    )


# ---------------------------------------------------------------- lead and byline

_SOURCE_TAG = re.compile(r"\((?P<source>[^()\d][^()]{0,29})\)\s*[-–—:]?\s*(?P<rest>\S.*)", re.S)
_SOURCE_DASH = re.compile(
    r"(?P<source>[^\W\d][\w.+]*(?: [^\W\d][\w.+]*){0,3})\s*[-–—]\s+(?P<rest>\S.*)", re.S
)
_SHORT_PAPER = re.compile(r"[A-ZĐ]{2,6}O")  # TTO, TNO, NLĐO, PLO …
_NOT_SOURCES = ("gmt", "tp", "tphcm", "tp.hcm", "ha noi", "tp hcm", "anh", "video", "clip")


def split_source(lead: str) -> tuple[str | None, str]:
    """'(ABO) Ngày 11-7, …' → ('ABO', 'Ngày 11-7, …'); the paper's short name.

    Also ``(NLĐO)- …``, ``(Chinhphu.vn) - …``, ``TTO - …`` and a known paper's
    name before a dash (``Dân trí - …``).
    """
    match = _SOURCE_TAG.fullmatch(lead)
    if match:
        source = match["source"].strip()
        if (
            source[:1].isupper()
            and len(source.split()) <= 4
            and search_fold(source) not in _NOT_SOURCES
            and "GMT" not in source.upper()
        ):
            return source, match["rest"]
        return None, lead
    match = _SOURCE_DASH.match(lead)
    if match and search_fold(match["source"]) not in _NOT_SOURCES:
        source = match["source"]
        if _SHORT_PAPER.fullmatch(source):
            return source, match["rest"]
        if known := source_for(source, source):
            return known, match["rest"]
    return None, lead


def byline_author(line: str) -> tuple[str, str] | None:
    """'CAO THẮNG' → ('Cao Thắng', note): a closing byline, else None (kept for callers)."""
    byline = closing_byline(line)
    if byline is None or not byline.names:
        return None
    return ", ".join(byline.names), byline.note


# ---------------------------------------------------------------- captions

_PHOTO_CREDIT = re.compile(r"(?:^|[\s(.])(?:ảnh|ảnh minh họa|ảnh minh hoạ|nguồn ảnh)\s*[:(]?", re.I)
_LIST_START = re.compile(r"[*\-+•–—]|\d+[.)]\s|[a-zđ]\)\s")
_TWO_SENTENCES = re.compile(r"[.!?…]\s+[^\W\d_]")
_LABEL = re.compile(r"^[^:]{1,40}:\s")


def is_caption_like(text: str) -> bool:
    """A short line that reads like a photo caption (the rules are in the module doc)."""
    words = text.split()
    if not words or len(words) > CAPTION_MAX_WORDS:
        return False
    if _PHOTO_CREDIT.search(text):
        return True
    if _LIST_START.match(text) or not text[0].isupper() or _LABEL.match(text):
        return False
    if text.endswith((":", "?", ",", ";")):
        return False
    return not _TWO_SENTENCES.search(text)


def body_blocks(lines: Sequence[str]) -> list[Block | Figure]:
    """Paragraphs and captions; a run of caption-like lines needs a paragraph after it."""
    flags = [is_caption_like(line) for line in lines]
    blocks: list[Block | Figure] = []
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and flags[end]:
            end += 1
        if end > index and end < len(lines):
            blocks.extend(Figure(caption=escape_inline(line)) for line in lines[index:end])
            index = end
            continue
        stop = max(end, index + 1)
        blocks.extend(Block(escape_block(line)) for line in lines[index:stop])
        index = stop
    return blocks


# ---------------------------------------------------------------- what every reader does last


def finish(story: ImportedStory, tag_keywords: Mapping[str, Sequence[str]] | None) -> None:
    """Checks and proposals common to every reader: title, lead, tags, the report lists.

    What the reader noted goes into ``story.notes``; ``report_lists`` makes
    the lists again once the photos are copied.
    """
    # Front matter holds plain text: a tag in a title or lead goes (the text stays).
    story.title = nfc(without_markup(story.title))
    story.lead = nfc(without_markup(story.lead))
    story.notes = story.missing + story.notes
    story.missing = []
    words = len(story.title.split())
    if words > 35:
        story.notes.append(f"the title has {words} words: check it is not a paragraph")
    if len(story.title) > TITLE_MAX_CHARS:
        cut = story.title.rfind(" ", 0, TITLE_MAX_CHARS)
        story.title = story.title[: cut if cut > 0 else TITLE_MAX_CHARS].rstrip(" ,;:-") + " …"
        story.notes.append(f"the title was cut to {TITLE_MAX_CHARS} characters")
    if story.title == story.title.upper() and any(c.isalpha() for c in story.title):
        story.notes.append("the title is in capitals: write it in sentence case")
    if len(story.lead) > LEAD_MAX_CHARS:
        story.blocks.insert(0, Block(escape_block(story.lead)))
        story.lead = ""
        story.notes.append(
            f"the lead is longer than {LEAD_MAX_CHARS} characters: it opens the text instead"
        )
    body = " ".join(unescape(b.markdown) for b in story.blocks if isinstance(b, Block))
    if not story.tags:
        story.tags = propose_tags(story.title, story.lead, body, tag_keywords or {})
    report_lists(story)


def report_lists(story: ImportedStory) -> None:
    """What was found and what was not, for the report."""
    story.found = _found(story)
    story.missing = [what for _, what in unrecovered(story)] + story.notes


def _found(story: ImportedStory) -> list[str]:
    found = [f"date {_shown_date(story)}", f"title '{_short(story.title)}'"]
    if story.lead:
        found.append("lead" + (f" (source {story.source})" if story.source else ""))
    elif story.source:
        found.append(f"source {story.source}")
    found.append(counted(len(story.paragraphs), "paragraph", "paragraphs"))
    others = len([b for b in story.blocks if isinstance(b, Block)]) - len(story.paragraphs)
    if others:
        found.append(
            counted(others, "heading, list, quote or table", "headings, lists, quotes or tables")
        )
    captions = [f for f in story.figures if f.caption]
    if story.figures:
        copied = len([f for f in story.figures if f.local])
        found.append(
            counted(len(story.figures), "photo", "photos")
            + (f" ({copied} copied)" if copied else "")
            + (
                ": " + "; ".join(f"'{_short(unescape(f.caption))}'" for f in captions)
                if captions
                else ""
            )
        )
    if len(story.authors) > 1:
        found.append("authors " + ", ".join(story.authors))
    elif story.authors:
        found.append(f"author {story.authors[0]}")
    if story.category:
        found.append(f"category {story.category}")
    if story.tags:
        found.append("tags proposed: " + ", ".join(story.tags))
    if story.url:
        found.append(f"old address {story.url}")
    return found


def unrecovered(story: ImportedStory) -> list[tuple[str, str]]:
    """What the import could not find: (its name in the CSV report, what the editor does)."""
    parts = []
    if not story.has_time:
        parts.append(("time of day", "no time of day (the story is dated 00:00)"))
    if not story.lead:
        parts.append(("lead", "no lead (summary)"))
    if not story.authors:
        parts.append(("author", "no author (no byline found): add 'author: …' or use --author"))
    if not story.category:
        parts.append(("category", "no category: add 'category: …'"))
    to_add = [f for f in story.figures if not f.local]
    if to_add:
        photos = counted(len(to_add), "photo", "photos")
        parts.append(("photo files", f"{photos} to add by hand (search the file for 'TODO ảnh')"))
    if not story.paragraphs:
        parts.append(("paragraphs", "no paragraphs after the lead"))
    return parts


def _shown_date(story: ImportedStory) -> str:
    return write_front_matter({"d": story.field_date}).split("\n")[1][3:]


def _short(text: str, length: int = 50) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# ---------------------------------------------------------------- tags


def _folded_words(text: str) -> str:
    """' hoa giai o co so ': folded, punctuation gone, padded for whole-word search."""
    return " " + " ".join(re.findall(r"\w+", search_fold(text))) + " "


def propose_tags(
    title: str, lead: str, body: str, keywords: Mapping[str, Sequence[str]], limit: int = MAX_TAGS
) -> list[str]:
    """Tags whose keywords the story mentions, most prominent first.

    Matching ignores case, diacritics and tone style, so 'Hoà giải' finds the
    keyword 'hòa giải'. A mention in the title counts three times, in the lead
    twice.
    """
    parts = [(_folded_words(title), 3), (_folded_words(lead), 2), (_folded_words(body), 1)]
    scores: dict[str, int] = {}
    for tag, words in keywords.items():
        needles = [_folded_words(word) for word in words] or [_folded_words(tag)]
        score = sum(weight * text.count(n) for text, weight in parts for n in needles if n.strip())
        if score:
            scores[tag] = score
    ranked = sorted(scores, key=lambda tag: -scores[tag])  # stable: settings order breaks ties
    return [nfc(tag) for tag in ranked[:limit]]
