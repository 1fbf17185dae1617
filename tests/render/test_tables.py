"""Wide tables scroll inside a named region that keyboard users can reach."""

from markdown import Markdown

from vnportal.render.tables import TableRegionExtension

TABLE = "| Xã | Số vụ |\n| --- | --- |\n| Tân Phú | 12 |\n"


def render(text: str) -> str:
    extension = TableRegionExtension(lambda number: f"Bảng {number}")
    return Markdown(extensions=["tables", extension]).convert(text)


def test_table_is_wrapped_in_a_focusable_labelled_region():
    html = render(TABLE)
    opening = '<div aria-label="Bảng 1" class="table-wrap" role="region" tabindex="0">'
    assert html.startswith(opening)
    assert html.rstrip().endswith("</table></div>")


def test_each_table_gets_its_own_number():
    html = render(TABLE + "\nĐoạn giữa.\n\n" + TABLE)
    assert 'aria-label="Bảng 1"' in html and 'aria-label="Bảng 2"' in html
    assert html.index("Bảng 1") < html.index("Đoạn giữa") < html.index("Bảng 2")
