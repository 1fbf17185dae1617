"""Property tests: the Vietnamese text rules hold for any input, not just examples."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from vnportal.model.vietnamese import canonical_key, nfc, search_fold, slugify, sort_key

BASE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # none, huyền, hỏi, ngã, sắc, nặng
ONSETS = ["", "h", "kh", "th", "ng", "l", "t", "x", "ch", "tr"]

letters = st.sampled_from(BASE_LETTERS)
toned_letter = st.builds(lambda c, t: nfc(c + t), letters, st.sampled_from(TONES))
vietnamese_text = st.lists(
    st.one_of(toned_letter, toned_letter.map(str.upper), st.just(" ")), max_size=30
).map("".join)


@st.composite
def open_syllable_pair(draw) -> tuple[str, str]:
    """One open syllable with a movable tone (oa/oe/uy) in both styles."""
    onset = draw(st.sampled_from(ONSETS))
    first, second = draw(st.sampled_from(["oa", "oe", "uy"]))
    tone = draw(st.sampled_from(TONES[1:]))
    old_style = nfc(onset + first + tone + second)
    new_style = nfc(onset + first + second + tone)
    return old_style, new_style


@given(st.text())
def test_canonical_key_is_idempotent(text):
    assert canonical_key(canonical_key(text)) == canonical_key(text)


@given(open_syllable_pair(), vietnamese_text)
def test_canonical_key_ignores_tone_style(pair, context):
    old_style, new_style = pair
    assert canonical_key(f"{context} {old_style}") == canonical_key(f"{context} {new_style}")


@given(vietnamese_text)
def test_canonical_key_ignores_case_and_normal_form(text):
    decomposed = unicodedata.normalize("NFD", text)
    assert canonical_key(decomposed) == canonical_key(text) == canonical_key(text.upper())


@given(vietnamese_text)
def test_search_fold_matches_every_diacritic_and_case_variant(text):
    plain = (
        "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
        .replace("đ", "d")
        .replace("Đ", "D")
    )
    assert search_fold(text) == search_fold(plain) == search_fold(text.upper())
    assert search_fold(text).isascii()


@given(st.lists(vietnamese_text, min_size=2, max_size=12), st.randoms())
def test_sort_order_is_total_and_independent_of_input_order(words, random):
    shuffled = list(words)
    random.shuffle(shuffled)
    assert sorted(words, key=sort_key) == sorted(shuffled, key=sort_key)
    keys = {sort_key(w) for w in words}
    assert len(keys) == len({nfc(w) for w in words})


@given(letters, letters, vietnamese_text, vietnamese_text)
def test_first_differing_letter_decides_in_alphabet_order(a, b, tail_a, tail_b):
    if a == b:
        return
    first, second = sorted([a, b], key=BASE_LETTERS.index)
    assert sort_key(first + tail_a.lower().replace(" ", "")) < sort_key(
        second + tail_b.lower().replace(" ", "")
    )


@settings(max_examples=300)
@given(st.text())
def test_slugs_are_lower_case_ascii_words_joined_by_hyphens(text):
    slug = slugify(text)
    assert slug == "" or re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
