"""Photos in a story's HTML: <picture> with every width, sizes stated, lazy below the fold."""

from __future__ import annotations

from bs4 import BeautifulSoup

from vnportal.model.photos import Photo, PhotoFacts, plan_variants
from vnportal.render.photos import STORY_SIZES, picture, responsive_body

FACTS = PhotoFacts(
    width=2000, height=1125, format="JPEG", size=1, orientation=1, has_gps=False, has_alpha=False
)
PHOTO = Photo(
    "images/2024/07/a.jpg",
    "abcdef0123456789",
    FACTS,
    plan_variants("images/2024/07/a.jpg", "abcdef0123456789", FACTS, avif=True),
)
PHOTOS = {PHOTO.relpath: PHOTO}
DRAWINGS = {"images/2024/07/b.svg": (1200, 675)}


def body(html: str, *, first_eager: bool = False, label: str = "") -> BeautifulSoup:
    made, _ = responsive_body(html, PHOTOS, DRAWINGS, "", first_eager=first_eager, label=label)
    return BeautifulSoup(made, "html.parser")


def test_a_photo_becomes_a_picture_of_every_width_and_format():
    page = body('<p><img alt="Đại biểu" src="{static}/images/2024/07/a.jpg"></p>')
    sources = page.find_all("source")
    assert [s["type"] for s in sources] == ["image/avif", "image/webp"]
    img = page.picture.img
    assert img["src"] == "/images/2024/07/a.800w.abcdef0123.jpg"
    assert (img["width"], img["height"]) == ("800", "450")
    widths = [candidate.split()[-1] for candidate in img["srcset"].split(", ")]
    assert widths == ["480w", "800w", "1200w", "1600w"]
    assert img["sizes"] == STORY_SIZES and sources[0]["sizes"] == STORY_SIZES
    assert (img["loading"], img["decoding"]) == ("lazy", "async")
    assert img["alt"] == "Đại biểu"


def test_the_first_picture_of_a_story_without_a_lead_photo_is_not_lazy():
    html = '<img alt="a" src="/images/2024/07/a.jpg"><img alt="b" src="/images/2024/07/a.jpg">'
    first, second = body(html, first_eager=True).find_all("img")
    assert "loading" not in first.attrs and second["loading"] == "lazy"


def test_the_main_picture_is_fetched_first():
    img = BeautifulSoup(picture(PHOTO, "", "x", STORY_SIZES, priority=True), "html.parser").img
    assert img["fetchpriority"] == "high" and "loading" not in img.attrs


def test_alt_text_stays_text():
    html = '<img alt="&quot;&gt;&lt;script&gt;x()&lt;/script&gt;" src="/images/2024/07/a.jpg">'
    page = body(html)
    assert page.find("script") is None
    assert page.img["alt"] == '"><script>x()</script>'


def test_a_drawing_gets_its_size_and_a_label_in_the_pages_language():
    page = body('<img alt="Minh họa" src="{static}/images/2024/07/b.svg">', label="Ảnh minh họa")
    assert (page.img["width"], page.img["height"]) == ("1200", "675")
    assert page.find(class_="drawing-label").get_text() == "Ảnh minh họa"


def test_other_images_are_left_as_they_are():
    html = '<img alt="x" src="https://example.org/a.jpg"><img alt="y" src="data:image/png,x">'
    made, shown = responsive_body(html, PHOTOS, DRAWINGS, "", first_eager=True)
    assert (made, shown) == (html, [])
