"""Photo captions: an image alone in its paragraph with a title becomes a figure."""

from markdown import Markdown

from vnportal.render.figures import FigureExtension


def render(text: str) -> str:
    return Markdown(extensions=[FigureExtension()]).convert(text)


def test_captioned_photo_becomes_figure_with_caption():
    html = render('![Đại biểu dự hội nghị](/images/a.svg "Các đại biểu tham dự hội nghị.")')
    assert html == (
        '<figure><img alt="Đại biểu dự hội nghị" src="/images/a.svg" />'
        "<figcaption>Các đại biểu tham dự hội nghị.</figcaption></figure>"
    )


def test_photo_without_caption_stays_a_plain_image():
    assert render("![Ảnh](/images/a.svg)") == '<p><img alt="Ảnh" src="/images/a.svg" /></p>'


def test_photo_inside_a_sentence_is_not_turned_into_a_figure():
    html = render('Xem ảnh ![Ảnh](/images/a.svg "Chú thích") bên dưới.')
    assert "<figure>" not in html and 'title="Chú thích"' in html


def test_caption_text_is_escaped():
    html = render('![a](/a.svg "<script>alert(1)</script>")')
    assert "<script>" not in html and "&lt;script&gt;" in html
