"""Vietnamese text rules: normal form, identity keys, slugs, collation, dates.

This is the bottom floor of the package: it imports only the standard library,
Babel and Unidecode, so every other module can depend on it without cycles.
The rules it implements are written down in shared/design/vietnamese.md.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from babel.dates import format_date, format_datetime
from unidecode import unidecode

from .sources import LANGUAGES
from .timezone import TIMEZONE

__all__ = [
    "TIMEZONE",
    "canonical_key",
    "format_news_date",
    "format_news_datetime",
    "has_invisible_characters",
    "initial_letter",
    "invisible_characters",
    "iso_datetime",
    "name_case",
    "nfc",
    "search_fold",
    "slugify",
    "sort_key",
    "telex",
    "without_invisible",
]


SUPPORTED_LANGS = LANGUAGES  # date formats exist for each of the portal's languages

# Combining marks that carry the five written tones, mapped to their CLDR `vi`
# secondary order: none < huyền < hỏi < ngã < sắc < nặng.
_TONE_WEIGHT = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}
# Marks that make a different *letter* (ă â ê ô ơ ư), not a different tone.
_LETTER_MARKS = frozenset("\u0306\u0302\u031b")

# CLDR `vi` alphabet; f j w z sit in their Latin places for foreign words.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}

# Open-syllable nuclei whose tone may sit on either vowel (hòa/hoà ...).
_MOVABLE_NUCLEI = frozenset({"oa", "oe", "uy"})
_PLAIN_VOWELS = frozenset("aeiouy")

# Characters that take no room on screen: zero-width spaces and joiners, the word
# joiner and a byte order mark inside the text. Vietnamese never needs them (the
# joiners matter in some other scripts), so identities leave them out: "tập<U+200B>
# huấn" pasted from a web page is the tag "tập huấn", not a second one.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# Direction controls: embeddings, overrides, isolates and marks. An unbalanced
# U+202E turns the rest of a page title backwards.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = re.compile(f"[{ZERO_WIDTH}{BIDI_CONTROLS}]")
_DROP_INVISIBLE = str.maketrans("", "", ZERO_WIDTH + BIDI_CONTROLS)

_WORD = re.compile(r"[^\W\d_]+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['\u2019\u02bc`]")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (pasted text is often NFD)."""
    return unicodedata.normalize("NFC", text)


def invisible_characters(text: str) -> list[str]:
    """The zero-width and direction-control characters in ``text``, each named once,
    as 'U+200B (ZERO WIDTH SPACE)'; [] for ordinary text."""
    found = dict.fromkeys(_INVISIBLE.findall(text))
    return [f"U+{ord(char):04X} ({unicodedata.name(char)})" for char in found]


def has_invisible_characters(text: str) -> bool:
    return _INVISIBLE.search(text) is not None


def without_invisible(text: str) -> str:
    """``text`` without zero-width and direction-control characters."""
    return text.translate(_DROP_INVISIBLE)


def _split_tone(char: str) -> tuple[str, str]:
    """Split one NFC character into (character without tone, tone mark or '')."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = "".join(mark for mark in decomposed if mark in _TONE_WEIGHT)
    if not tone:
        return char, ""
    rest = "".join(mark for mark in decomposed if mark not in _TONE_WEIGHT)
    return nfc(rest), tone


def _base_letter(char: str) -> str:
    """Lower-case ASCII-ish base of a character, all marks stripped."""
    return unicodedata.normalize("NFD", char)[:1].lower()


def _canonical_tone_word(word: str) -> str:
    """Put the tone of an open oa/oe/uy syllable on its second vowel.

    The second vowel (a, e, y) is the nucleus and o/u only the glide, and with
    a final consonant (hoàn, thuyết) both styles already write it there; so the
    "new" style is the one that makes placement uniform across all syllables.
    """
    if len(word) < 2:
        return word
    glide, tone = _split_tone(word[-2])
    if not tone:
        return word
    nucleus, nucleus_tone = _split_tone(word[-1])
    if nucleus_tone or (glide + nucleus).lower() not in _MOVABLE_NUCLEI:
        return word
    if len(word) >= 3:
        before = _base_letter(word[-3])
        # After q the u belongs to the onset (quý, quá): never a movable glide.
        # After another vowel this is not an oa/oe/uy nucleus at all.
        if before == "q" or before in _PLAIN_VOWELS:
            return word
    return word[:-2] + glide + nfc(nucleus + tone)


def _canonical_tones(text: str) -> str:
    """NFC text with every oa/oe/uy open syllable in one tone style; case kept."""
    return _WORD.sub(lambda m: _canonical_tone_word(m.group()), nfc(text))


@lru_cache(maxsize=8192)
def canonical_key(text: str) -> str:
    """Identity key for tags, duplicates and search: one spelling per word.

    Only tone placement, case and whitespace are folded; letters such as
    ă/a/â or ô/o/ơ stay distinct because they make different words.
    """
    folded = nfc(_canonical_tones(without_invisible(text)).casefold())
    return " ".join(folded.split())


def search_fold(text: str) -> str:
    """Fold for matching what readers type: no diacritics, no case, đ → d."""
    decomposed = unicodedata.normalize("NFD", nfc(text).casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # đ has no decomposition, so stripping marks alone would leave it alone.
    return " ".join(stripped.replace("đ", "d").split())


@lru_cache(maxsize=8192)
def slugify(text: str) -> str:
    """ASCII URL slug: lower case, hyphen-separated, đ → d; '' if nothing left."""
    ascii_text = unidecode(nfc(without_invisible(text))).lower()
    # "Women's" → "womens", not "women-s": apostrophes join, they don't split.
    ascii_text = _APOSTROPHES.sub("", ascii_text)
    return _NON_SLUG.sub("-", ascii_text).strip("-")


# Telex, the usual Vietnamese keyboard scheme, spells every letter and tone in
# ASCII: the letter marks double or add a w, the tone becomes a final letter.
_TELEX_LETTERS = {"ă": "aw", "â": "aa", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw", "đ": "dd"}
_TELEX_TONES = {"\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0301": "s", "\u0323": "j"}


def _telex_word(word: str) -> str:
    letters, tones = [], []
    for char in word:
        base, tone = _split_tone(char)
        letters.append(_TELEX_LETTERS.get(base, base))
        tones += [_TELEX_TONES[mark] for mark in tone if mark in _TELEX_TONES]
    return "".join(letters) + "".join(tones)


@lru_cache(maxsize=8192)
def telex(text: str) -> str:
    """Lower-case ASCII Telex spelling: 'ăn' → 'awn', 'ân' → 'aan', 'đất' → 'ddaats'.

    Unlike ``slugify`` it keeps apart every pair of words that differ in a
    letter or a tone, so it can tell colliding slugs apart. Tone placement
    (hòa/hoà) does not change it; other scripts go through unidecode.
    """
    folded = nfc(text).casefold()
    return unidecode(_WORD.sub(lambda m: _telex_word(m.group()), folded)).lower()


def initial_letter(text: str) -> str:
    """The letter a name is filed under in an A–Z index: 'Đồng Tháp' → 'Đ', 'ăn' → 'Ă'.

    Tones do not make a letter (áo → 'A'), the marks of ă â ê ô ơ ư and đ do;
    '' when the name does not start with a letter.
    """
    first = nfc(text).strip()[:1].lower()
    if not first.isalpha():
        return ""
    letter = _split_tone(first)[0]
    if letter not in _LETTER_RANK:
        letter = _base_letter(first)  # a foreign accented letter: file under its base
    return letter.upper() if letter in _LETTER_RANK else ""


# Primary classes, as in CLDR: spaces < punctuation/symbols < digits < letters.
# A weight is class << 21 | rank, since every code point fits in 21 bits.
_SPACE, _PUNCT, _DIGIT, _LETTER, _OTHER = range(5)


def _collation_element(char: str) -> tuple[int, tuple[int, ...], int]:
    """(primary weight, secondary weights, tertiary weight) of one NFC char."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    lower = base.lower() if len(base.lower()) == 1 else base
    upper = 1 if lower != base else 0
    tone = sum(_TONE_WEIGHT.get(mark, 0) for mark in marks)
    letter_marks = "".join(mark for mark in marks if mark in _LETTER_MARKS)
    other_marks = tuple(
        ord(mark) for mark in marks if mark not in _TONE_WEIGHT and mark not in _LETTER_MARKS
    )
    letter = nfc(lower + letter_marks)
    if letter in _LETTER_RANK:
        primary = _LETTER_RANK[letter]
    elif lower in _LETTER_RANK:
        # A foreign letter such as ǎ: sort with its base, mark breaks ties later.
        primary = _LETTER_RANK[lower]
        other_marks = tuple(ord(mark) for mark in letter_marks) + other_marks
    else:
        category = unicodedata.category(base)
        if category == "Nd":
            return (_DIGIT << 21) | unicodedata.digit(base), (0,), upper
        if category[0] in "PS":
            return (_PUNCT << 21) | ord(base), (0,), 0
        return (_OTHER << 21) | ord(lower), (tone, *other_marks), upper
    return (_LETTER << 21) | primary, (tone, *other_marks), upper


@lru_cache(maxsize=8192)
def sort_key(
    text: str,
) -> tuple[tuple[int, ...], tuple[tuple[int, ...], ...], tuple[int, ...], str]:
    """Sort key for Vietnamese alphabetical order (CLDR `vi` rules).

    Levels: letters (case-insensitive), then tones over the whole string, then
    case (lower first); the NFC string itself makes the order total. Tones are
    read from the canonical tone style so hòa and hoà tie on every level.
    """
    primary: list[int] = []
    secondary: list[tuple[int, ...]] = []
    tertiary: list[int] = []
    for word_or_gap in re.split(r"(\s+)", _canonical_tones(text).strip()):
        if not word_or_gap:
            continue
        if word_or_gap.isspace():
            # Any run of whitespace is one separator, ranked below everything.
            primary.append(_SPACE << 21)
            continue
        for char in word_or_gap:
            if unicodedata.combining(char):
                # A stray mark with no base letter: no letter, only an accent.
                secondary.append((0, ord(char)))
                continue
            weight, accents, case = _collation_element(char)
            primary.append(weight)
            secondary.append(accents)
            tertiary.append(case)
    return tuple(primary), tuple(secondary), tuple(tertiary), nfc(text)


def _check_lang(lang: str) -> str:
    if lang not in SUPPORTED_LANGS:
        raise ValueError(f"unsupported language {lang!r}; expected one of {SUPPORTED_LANGS}")
    return lang


def _local(dt: datetime) -> datetime:
    """Aware datetime in Vietnam time; a naive one is taken as already local."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        return dt.replace(tzinfo=TIMEZONE)
    return dt.astimezone(TIMEZONE)


def _gmt_label(dt: datetime) -> str:
    """'GMT+7' as Vietnamese papers write it (no zero padding, no :00)."""
    offset = dt.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _weekday(day: date, lang: str) -> str:
    name = format_date(day, "EEEE", locale=lang)
    if lang == "vi":
        # Older CLDR wrote "Thứ năm"; news style is "Thứ Năm", so force it.
        name = " ".join(word[:1].upper() + word[1:] for word in name.split())
    return name


_DATE_PATTERN = {"vi": "dd/MM/yyyy", "en": "d MMMM yyyy"}


@lru_cache(maxsize=65536)  # listings print the same dates over and over
def format_news_datetime(dt: datetime, lang: str) -> str:
    """'Thứ Năm, 11/07/2024, 11:17 (GMT+7)' or 'Thursday, 11 July 2024, 11:17 (GMT+7)'."""
    _check_lang(lang)
    local = _local(dt)
    # Babel reads naive values as UTC, so only ever hand it the aware local time.
    rest = format_datetime(local, f"{_DATE_PATTERN[lang]}, HH:mm", tzinfo=TIMEZONE, locale=lang)
    return f"{_weekday(local.date(), lang)}, {rest} ({_gmt_label(local)})"


@lru_cache(maxsize=65536)
def format_news_date(d: date | datetime, lang: str) -> str:
    """'Thứ Năm, 11/07/2024' or 'Thursday, 11 July 2024' (local calendar day)."""
    _check_lang(lang)
    day = _local(d).date() if isinstance(d, datetime) else d
    return f"{_weekday(day, lang)}, {format_date(day, _DATE_PATTERN[lang], locale=lang)}"


_SHORT_DATE = {"vi": "dd/MM/yyyy", "en": "d MMMM yyyy"}


def format_event_when(start: date | datetime, end: date | datetime, lang: str) -> str:
    """When an event takes place, as the event box says it.

    'Thứ Năm, 11/07/2024, 08:00–11:30' on one day; '11/07/2024 – 12/07/2024'
    (with the times, when given) across days; the weekday and date alone for
    an all-day event of one day.
    """
    _check_lang(lang)
    timed = isinstance(start, datetime)
    first = _local(start) if isinstance(start, datetime) else start
    last = _local(end) if isinstance(end, datetime) else end
    first_day = first.date() if isinstance(first, datetime) else first
    last_day = last.date() if isinstance(last, datetime) else last
    if first_day != last_day:
        parts = []
        for moment, day in ((first, first_day), (last, last_day)):
            text = format_date(day, _SHORT_DATE[lang], locale=lang)
            parts.append(f"{text}, {moment:%H:%M}" if timed else text)
        return " – ".join(parts)
    text = format_news_date(first_day, lang)
    if not timed:
        return text
    hours = f"{first:%H:%M}" if first == last else f"{first:%H:%M}–{last:%H:%M}"
    return f"{text}, {hours}"


def format_month(day: date, lang: str) -> str:
    """'Tháng 7/2024' or 'July 2024', as a heading over the events of a month."""
    _check_lang(lang)
    if lang == "vi":
        return f"Tháng {day.month}/{day.year}"
    return format_date(day, "MMMM yyyy", locale=lang)


def month_names(lang: str) -> list[str]:
    """The twelve months as a table names them: 'Tháng 1'... or 'January'..."""
    _check_lang(lang)
    if lang == "vi":
        return [f"Tháng {month}" for month in range(1, 13)]
    return [format_date(date(2000, month, 1), "LLLL", locale=lang) for month in range(1, 13)]


def iso_datetime(dt: date | datetime) -> str:
    """ISO 8601 with the Vietnam offset, e.g. '2024-07-11T11:17:00+07:00'."""
    if not isinstance(dt, datetime):
        dt = datetime.combine(dt, time())
    return _local(dt).isoformat(timespec="seconds")


def name_case(text: str) -> str:
    """'ĐẶNG THỊ PHỤNG' → 'Đặng Thị Phụng': each word capitalised, rest lower."""
    # NFC first: in NFD a combining mark would break the word and capitalise
    # the letter after it.
    cased = _WORD.sub(lambda m: m.group()[:1].upper() + m.group()[1:].lower(), nfc(text))
    return " ".join(cased.split())
