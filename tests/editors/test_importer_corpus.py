"""The importer on a corpus of article layouts modelled on Vietnamese news sites.

Each file in tests/data/import/ imitates one site's markup (class names,
date and byline formats, where the lead and the photos sit), with text
written for these tests. For each: title, date and time, authors, lead, first
and last paragraph of the body, photo captions, source and old section.
Traps from real pages are among them: a date shown only as text, a byline
with the author before the time, nested caption boxes, a title stored as
HTML references, the site's name as the author, markup in the title and
the lead, a machine date that disagrees with the visible one, a date only
in the first sentence, and a layout no rule knows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from vnportal.editors.importer.batch import parse_file
from vnportal.editors.importer.markup import plain_block
from vnportal.editors.importer.story import render_story, unescape
from vnportal.model.frontmatter import split
from vnportal.model.vietnamese import TIMEZONE

CORPUS = Path(__file__).parents[1] / "data" / "import"


@dataclass(frozen=True)
class Layout:
    path: str
    title: str
    date: str  # 'YYYY-MM-DD HH:MM', or 'YYYY-MM-DD' for a day without a time
    authors: list[str]
    lead: str  # how the lead starts ('' for no lead)
    first: str  # how the first paragraph of the body starts
    last: str  # how the last paragraph ends
    captions: list[str] = field(default_factory=list)
    source: str | None = None
    section: str = ""


LAYOUTS = [
    Layout(
        "pages/24h.html",
        title="Xử phạt nghiêm hành vi đốt rác gây ô nhiễm ở khu dân cư",
        date="2026-03-07 08:52",
        authors=["Hồ Hương"],
        lead="Từ tháng 3, người đốt rác thải sinh hoạt ngoài trời trong kh",
        first="Tổ dân phố đã họp phổ biến quy định mới và đặt thùng rác phâ",
        last=" ánh qua đường dây nóng của UBND phường.",
        captions=["Thùng rác phân loại được đặt tại đầu hẻm"],
        source="Báo Tài nguyên và Môi trường",
        section="",
    ),
    Layout(
        "pages/baochinhphu.html",
        title="Đưa Luật Đất đai đến với đồng bào vùng cao",
        date="2026-03-07 08:47",
        authors=["Hà Thu"],
        lead="Hơn 40 buổi tuyên truyền bằng tiếng Mông và tiếng Dao đã đượ",
        first="Các báo cáo viên là người dân tộc thiểu số, nói cùng tiếng v",
        last=" hình sang các xã còn lại trong năm nay.",
        captions=[],
        source="Chinhphu.vn",
        section="Chính sách mới",
    ),
    Layout(
        "pages/baophapluat.html",
        title="Nâng chất lượng đội ngũ báo cáo viên pháp luật cấp huyện",
        date="2024-07-11 11:17",
        authors=["Phương Linh"],
        lead="Sở Tư pháp tỉnh Bến Tre vừa tổ chức lớp bồi dưỡng kỹ năng th",
        first="Lớp học tập trung vào cách chọn tình huống thực tế, cách đặt",
        last=" thúc lớp học, 95% học viên đạt yêu cầu.",
        captions=[],
        source="PLVN",
        section="Pháp đình",
    ),
    Layout(
        "pages/congly.html",
        title="Tòa án nhân dân huyện xét xử lưu động vụ trộm cắp tài sản",
        date="2026-03-07 08:47",
        authors=["Lê Na"],
        lead="Phiên tòa xét xử lưu động tại hội trường xã thu hút hơn 300 ",
        first="Bị cáo đã lấy trộm hai chiếc xe máy của người dân trong thôn",
        last="c tự bảo vệ tài sản và tố giác tội phạm.",
        captions=[],
        source="Công lý",
        section="",
    ),
    Layout(
        "pages/dantri.html",
        title="Luật sư tình nguyện tư vấn miễn phí tại chợ quê",
        date="2026-03-07 08:52",
        authors=["Hà Thu"],
        lead="Một nhóm luật sư trẻ dựng bàn tư vấn ngay cổng chợ phiên, gi",
        first="Từ bảy giờ sáng, hàng chục người đã xếp hàng chờ đến lượt, n",
        last="ên tới các xã chưa có văn phòng luật sư.",
        captions=[
            "Luật sư giải thích thủ tục sang tên quyền sử dụng đất cho một người dân (Ảnh: Hà Thu)."
        ],
        source="Dân trí",
        section="Pháp luật",
    ),
    Layout(
        "pages/joomla-huyen.html",
        title="Hội thi tìm hiểu pháp luật về phòng, chống ma túy",
        date="2026-03-07 08:52",
        authors=["Thu Hà"],
        lead="",
        first="Sáng 7/3, UBND huyện Cần Giuộc tổ chức hội thi tìm hiểu pháp",
        last="i Trường THCS Long Thượng đạt giải nhất.",
        captions=[],
        source=None,
        section="Tin tức - Sự kiện",
    ),
    Layout(
        "pages/laodong.html",
        title="Bảng so sánh mức phạt mới với xe máy",
        date="2026-03-07 08:52",
        authors=["Đức Anh"],
        lead="Nhiều mức phạt đối với người đi xe máy đã thay đổi; bảng dướ",
        first="Các mức phạt được tính cho người điều khiển xe máy, chưa kể ",
        last="h trên Cổng thông tin điện tử Chính phủ.",
        captions=[],
        source="Lao Động",
        section="",
    ),
    Layout(
        "pages/liferay-stp.html",
        title="Ra mắt mô hình “Cà phê pháp luật” tại thị xã Kiến Tường",
        date="2016-01-18 17:26",
        authors=["Minh Tâm"],
        lead="Sáng ngày 18/01, Phòng Tư pháp thị xã Kiến Tường phối hợp vớ",
        first="Mỗi sáng chủ nhật, các bạn trẻ có thể đến quán cà phê của Đo",
        last="được nhân rộng ra các xã trong năm 2016.",
        captions=["Các đại biểu cắt băng ra mắt mô hình"],
        source=None,
        section="",
    ),
    Layout(
        "pages/nested-captions.html",
        title="Trợ giúp pháp lý lưu động tại xã biên giới",
        date="2024-07-11 11:17",
        authors=[],
        lead="Trung tâm Trợ giúp pháp lý nhà nước tỉnh đưa đoàn công tác đ",
        first="Đoàn tiếp nhận 23 yêu cầu, chủ yếu về đất đai, hôn nhân gia ",
        last="c hỗ trợ miễn phí cả khi vụ việc ra tòa.",
        captions=["Trợ giúp viên pháp lý giải đáp cho người dân. Ảnh: Trung tâm TGPL"],
        source=None,
        section="",
    ),
    Layout(
        "pages/nhandan.html",
        title="Thành phố mở lớp tập huấn Luật Tiếp cận thông tin",
        date="2026-03-07 08:52",
        authors=["Kiều Oanh"],
        lead="Hơn 200 cán bộ phụ trách cung cấp thông tin của các sở, ngàn",
        first="Theo báo cáo viên, công dân có quyền yêu cầu cơ quan nhà nướ",
        last="lời yêu cầu cung cấp thông tin theo mẫu.",
        captions=[],
        source="Nhân Dân",
        section="",
    ),
    Layout(
        "pages/nld.html",
        title="Công nhân được tư vấn hợp đồng lao động ngay tại nhà trọ",
        date="2026-03-07 09:40",
        authors=["Lan Anh"],
        lead="Công đoàn khu công nghiệp Tân Tạo tổ chức những buổi tư vấn ",
        first="Nhiều công nhân lần đầu được đọc kỹ hợp đồng của mình và phá",
        last="với sự tham gia của các công đoàn cơ sở.",
        captions=[],
        source="NLĐO",
        section="Công đoàn",
    ),
    Layout(
        "pages/og-only.html",
        title="Tuyên truyền Luật Hôn nhân và gia đình cho hội viên phụ nữ",
        date="2024-07-11 11:17",
        authors=[],
        lead="Hội Liên hiệp Phụ nữ huyện tổ chức buổi tuyên truyền cho gần",
        first="Báo cáo viên phân tích các trường hợp tảo hôn, kết hôn cận h",
        last="i đáp pháp luật về hôn nhân và gia đình.",
        captions=[],
        source=None,
        section="",
    ),
    Layout(
        "pages/phapluatplus.html",
        title="Cảnh giác lừa đảo qua mạng: tuyên truyền tới từng tổ dân phố",
        date="2024-07-11 11:17",
        authors=["Hồ Hương"],
        lead="Công an phường Hòa Bình phối hợp tổ dân phố phát tờ rơi, hướ",
        first="Theo thống kê của công an phường, từ đầu năm có 9 người dân ",
        last="yên truyền sẽ kéo dài đến hết tháng tám.",
        captions=[],
        source="Pháp Luật Plus",
        section="Xã hội",
    ),
    Layout(
        "pages/plo.html",
        title="Phiên tòa giả định giúp học sinh hiểu về trách nhiệm hình sự",
        date="2024-07-11 11:29",
        authors=["Tuấn Hương"],
        lead="Gần 600 học sinh Trường THPT Nguyễn Du được xem một phiên tò",
        first="Phiên tòa do Tòa án nhân dân quận phối hợp với nhà trường dự",
        last="inh về độ tuổi chịu trách nhiệm hình sự.",
        captions=["Các em học sinh theo dõi phiên tòa giả định. Ảnh: TH"],
        source="PLO",
        section="Pháp luật",
    ),
    Layout(
        "pages/saved-complete/Tin ABO.html",
        title="Tập huấn hòa giải viên cơ sở tại huyện Chợ Gạo",
        date="2024-07-11 11:17",
        authors=["Ngọc Hân"],
        lead="Ngày 11-7, Phòng Tư pháp huyện Chợ Gạo tổ chức tập huấn nghi",
        first="Các hòa giải viên được hướng dẫn kỹ năng lắng nghe, cách ghi",
        last="en cho 5 tổ hòa giải tiêu biểu năm 2023.",
        captions=[
            "Quang cảnh lớp tập huấn hòa giải viên.",
            "Học viên đóng vai trong buổi thực hành.",
            "Lãnh đạo huyện phát biểu bế mạc lớp tập huấn.",
        ],
        source="ABO",
        section="Pháp luật",
    ),
    Layout(
        "pages/script-title.html",
        title="Cảnh báo giả danh công an gọi điện lừa tiền",
        date="2026-03-07 08:52",
        authors=["Hoàng Long"],
        lead="Người dân cần cảnh giác với các cuộc gọi giả danh công an yê",
        first="Công an tỉnh vừa phát đi cảnh báo sau khi ba người dân bị lừ",
        last="i lại số trực ban của công an xã để hỏi.",
        captions=[],
        source=None,
        section="",
    ),
    Layout(
        "pages/sharepoint-moj.html",
        title="Tọa đàm về công tác phổ biến pháp luật cho người lao động",
        date="2021-04-09",
        authors=["AT"],
        lead="Ngày 09/4/2021, Vụ Phổ biến, giáo dục pháp luật tổ chức tọa ",
        first="Các đại biểu cho rằng hình thức tuyên truyền cần ngắn gọn, p",
        last="giờ ăn trưa và bước đầu cho kết quả tốt.",
        captions=[],
        source=None,
        section="",
    ),
    Layout(
        "pages/table-portal.html",
        title="Huyện Tân Phú tuyên truyền pháp luật cho người dân vùng đồng bào",
        date="2019-06-15",
        authors=[],
        lead="",
        first="Sáng ngày 14/6, Phòng Tư pháp huyện Tân Phú phối hợp với UBN",
        last="háp luật của Nhà nước và quy ước của ấp.",
        captions=[],
        source="Phòng Tư pháp",
        section="",
    ),
    Layout(
        "pages/thanhnien.html",
        title="Trường học đưa pháp luật giao thông vào giờ chào cờ",
        date="2026-03-07 08:52",
        authors=["Ngọc Thắng"],
        lead="Mỗi sáng thứ hai, học sinh Trường THCS Lê Lợi nghe một tình ",
        first="Ý tưởng xuất phát từ đoàn trường sau khi hai học sinh bị xử ",
        last=" phạm giao thông của trường giảm rõ rệt.",
        captions=["Học sinh diễn tiểu phẩm về an toàn giao thông trong giờ chào cờ"],
        source="TNO",
        section="Giáo dục",
    ),
    Layout(
        "pages/tuoitre.html",
        title="Hòa giải viên giữ bình yên cho khu phố",
        date="2026-03-07 08:06",
        authors=["Tuấn Hương"],
        lead="Mười năm làm hòa giải viên, bà Năm Liên đã giúp hàng chục gi",
        first="Những ngày đầu, bà phải đến từng nhà nghe cả hai bên kể chuy",
        last="ành 12 vụ, được UBND phường khen thưởng.",
        captions=["Bà Năm Liên (bìa phải) trò chuyện với người dân trong khu phố", ""],
        source="TTO",
        section="Pháp luật",
    ),
    Layout(
        "pages/vietnamnet.html",
        title="Chiến sĩ nhỏ tuổi học luật giao thông",
        date="2026-03-07 08:52",
        authors=["Minh Khoa"],
        lead="Đội thiếu niên tuyên truyền viên của phường được tập huấn để",
        first="Mỗi chiến sĩ nhỏ được phát một cuốn sổ tay ghi những lỗi vi ",
        last="ng sẽ tổng kết mô hình vào cuối năm học.",
        captions=["Các em thực hành tình huống qua đường tại sân trường"],
        source="VietNamNet",
        section="An toàn giao thông",
    ),
    Layout(
        "pages/vietnamplus.html",
        title="Đối thoại chính sách với doanh nghiệp nhỏ về luật thuế",
        date="2026-03-07 08:52",
        authors=[],
        lead="Cục Thuế tỉnh lắng nghe khó khăn của hơn 80 doanh nghiệp nhỏ",
        first="Nhiều doanh nghiệp phản ánh phần mềm hóa đơn còn phức tạp vớ",
        last="các lớp hướng dẫn miễn phí trong quý II.",
        captions=[],
        source="TTXVN",
        section="Kinh tế",
    ),
    Layout(
        "pages/vnexpress.html",
        title="Xã đảo lập tủ sách pháp luật cho ngư dân",
        date="2026-03-07 00:05",
        authors=["Nhật Xuân", "Nghi Vũ"],
        lead="Kiên Giang - Ngư dân xã đảo Hòn Nghệ giờ có thể mượn sách ph",
        first="Tủ sách được đặt ở nhà văn hóa ấp Bãi Chướng từ đầu tháng ba",
        last=" bộ ra đảo giải đáp thắc mắc cho bà con.",
        captions=["Ngư dân đọc sách tại tủ sách pháp luật ấp Bãi Chướng. Ảnh: *Nhật Xuân*"],
        source="VnExpress",
        section="Tư vấn",
    ),
    Layout(
        "pages/vov.html",
        title="Phát thanh pháp luật bằng tiếng dân tộc trên loa xã",
        date="2026-03-07 08:52",
        authors=["Y Thim"],
        lead="Các chương trình phát thanh pháp luật bằng tiếng Ê Đê được p",
        first="Nội dung do cán bộ tư pháp xã biên soạn, tập trung vào quy đ",
        last=" pháp đánh giá cao và đề nghị nhân rộng.",
        captions=[],
        source="VOV",
        section="Xã hội",
    ),
    Layout(
        "pages/wordpress-xa.html",
        title="Ngày Pháp luật Việt Nam ở xã Tân Hòa",
        date="2026-03-07 09:40",
        authors=["Nhật Xuân", "Nghi Vũ"],
        lead="",
        first="Hưởng ứng Ngày Pháp luật Việt Nam, xã Tân Hòa tổ chức ngày h",
        last=" tổ chức ngày hội hằng năm vào dịp 9/11.",
        captions=[],
        source=None,
        section="Phổ biến giáo dục pháp luật",
    ),
    Layout(
        "pages/znews.html",
        title="Học sinh được học kỹ năng an toàn trên mạng",
        date="2026-03-07 08:52",
        authors=["Minh Anh"],
        lead="Chuyên đề giúp học sinh lớp 8 nhận biết tin giả, bảo vệ thôn",
        first="Buổi học mở đầu bằng một bài trắc nghiệm nhanh, cho thấy hơn",
        last="cho tất cả các khối lớp trong học kỳ II.",
        captions=["Học sinh làm bài trắc nghiệm về an toàn trên mạng."],
        source="Znews",
        section="Giáo dục",
    ),
    Layout(
        "texts/baochinhphu.txt",
        title="Thủ tướng yêu cầu đẩy nhanh số hóa hồ sơ hộ tịch",
        date="2026-03-07 08:47",
        authors=[],
        lead="Các địa phương phải hoàn thành số hóa sổ hộ tịch còn lưu trữ",
        first="Việc số hóa giúp người dân không phải xuất trình giấy tờ đã ",
        last="giao hướng dẫn, kiểm tra việc thực hiện.",
        captions=[],
        source="Chinhphu.vn",
        section="",
    ),
    Layout(
        "texts/entities.txt",
        title="Chiến sĩ tình nguyện tuyên truyền luật giao thông",
        date="2024-07-11 11:17",
        authors=["Hà Thu"],
        lead="Đoàn viên thanh niên phường 4 ra quân nhắc người dân đội mũ ",
        first="Các chiến sĩ tình nguyện đứng ở những giao lộ đông xe vào gi",
        last="ác trường cử thêm học sinh lớn tham gia.",
        captions=["Đoàn viên phát tờ rơi tại giao lộ."],
        source=None,
        section="",
    ),
    Layout(
        "texts/moj.txt",
        title="Hướng dẫn triển khai Ngày Pháp luật năm 2021",
        date="2021-04-09",
        authors=["Hồ Hương"],
        lead="Ngày 09/4/2021, Bộ Tư pháp ban hành văn bản hướng dẫn các bộ",
        first="Văn bản đề nghị các đơn vị lồng ghép hoạt động hưởng ứng với",
        last=" cuộc thi tìm hiểu pháp luật trực tuyến.",
        captions=[],
        source=None,
        section="",
    ),
    Layout(
        "texts/nld.txt",
        title="Tư vấn pháp luật miễn phí cho công nhân nữ",
        date="2026-03-07 09:40",
        authors=["AT"],
        lead="Nhân dịp 8-3, Công đoàn các khu chế xuất tổ chức tư vấn pháp",
        first="Nhiều chị em chưa biết mình được nghỉ khám thai và hưởng ngu",
        last="ức tư vấn tại các nhà máy trong tháng 4.",
        captions=[],
        source="NLĐO",
        section="",
    ),
    Layout(
        "texts/tuoitre.txt",
        title="Tổ hòa giải khu phố có thêm thành viên trẻ",
        date="2024-07-11 11:29",
        authors=["Tuấn Hương"],
        lead="Ba sinh viên luật tình nguyện tham gia tổ hòa giải khu phố 5",
        first="Các bạn trẻ lập sổ theo dõi vụ việc trên điện thoại và nhắc ",
        last=" viên tham gia vào các tổ hòa giải khác.",
        captions=[],
        source="TTO",
        section="",
    ),
    Layout(
        "texts/vnexpress.txt",
        title="Người dân được hướng dẫn khai báo tạm trú qua ứng dụng",
        date="2026-03-07 00:05",
        authors=["Nhật Xuân", "Nghi Vũ"],
        lead="Hà Nội - Công an phường Yên Hòa mở điểm hỗ trợ người dân dùn",
        first="Điểm hỗ trợ đặt tại nhà văn hóa tổ dân phố, mở cửa vào các b",
        last=" chủ động hơn khi có người mới đến thuê.",
        captions=["Cán bộ công an hướng dẫn một chủ nhà trọ khai báo cho người thuê."],
        source=None,
        section="",
    ),
    Layout(
        "../seed-000.txt",
        title="Tập huấn kỹ năng, nghiệp vụ phổ biến, giáo dục pháp luật",
        date="2024-07-11 11:17",
        authors=["Cao Thắng"],
        lead="Ngày 11-7, Phó Giám đốc Sở Tư pháp tỉnh Tiền Giang Đặng Thị",
        first="Hội nghị được tổ chức nhằm triển khai thực hiện kịp thời",
        last="do đồng chí Nguyễn Thanh Tịnh, Thứ trưởng Bộ Tư pháp chủ trì.",
        captions=["Các đại biểu làm việc tại Hội nghị.", "Các đại biểu tham dự hội nghị."],
        source="ABO",
    ),
    Layout(
        "../old-portal-page.html",
        title="Hòa giải viên giỏi năm 2024",
        date="2024-09-20 08:05",
        authors=["Ngọc Hân"],
        lead="Sở Tư pháp phối hợp Ủy ban Mặt trận Tổ quốc tỉnh tổ chức",
        first="Hội thi nhằm nâng cao kỹ năng hòa giải ở cơ sở",
        last="ở đây chỉ là chữ.",
        captions=[
            "Đội thi huyện Chợ Gạo đạt giải nhất.",
            "Lãnh đạo Sở Tư pháp trao giải cho các đội.",
        ],
        source="ABO",
        section="Pháp luật",
    ),
]
PAGES = [layout for layout in LAYOUTS if layout.path.endswith(".html")]


def test_the_corpus_has_at_least_25_layouts_of_both_kinds():
    assert len(LAYOUTS) >= 25
    assert len(PAGES) >= 20 and len(LAYOUTS) - len(PAGES) >= 5
    files = {
        p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.suffix in (".html", ".txt")
    }
    listed = {layout.path for layout in LAYOUTS}
    assert files - listed == {"texts/nodate.txt"}  # tested on its own: it has no date


@pytest.fixture(scope="module", params=LAYOUTS, ids=lambda layout: layout.path)
def imported(request):
    layout = request.param
    return layout, parse_file(CORPUS / layout.path)


def test_title(imported):
    layout, story = imported
    assert story.title == layout.title


def test_date_and_time_in_vietnam_time(imported):
    layout, story = imported
    shape = "%Y-%m-%d %H:%M" if " " in layout.date else "%Y-%m-%d"
    assert story.date == datetime.strptime(layout.date, shape).replace(tzinfo=TIMEZONE)
    assert story.has_time is (" " in layout.date)
    fields = split(render_story(story), Path("x.md")).fields
    expected = f"{layout.date} +07:00" if " " in layout.date else layout.date
    assert fields["date"] == expected


def test_authors(imported):
    layout, story = imported
    assert story.authors == layout.authors
    fields = split(render_story(story), Path("x.md")).fields
    assert fields.get("author") == (", ".join(layout.authors) or None)


def test_lead(imported):
    layout, story = imported
    if layout.lead:
        assert story.lead.startswith(layout.lead)
    else:
        assert story.lead == ""


def test_first_and_last_paragraph(imported):
    layout, story = imported
    paragraphs = [plain_block(block) for block in story.paragraphs]
    assert paragraphs[0].startswith(layout.first)
    assert paragraphs[-1].endswith(layout.last)


def test_captions(imported):
    layout, story = imported
    assert [unescape(figure.caption) for figure in story.figures] == layout.captions


def test_source_and_section(imported):
    layout, story = imported
    assert story.source == layout.source
    assert story.section == layout.section


def test_front_matter_is_plain_text(imported):
    _, story = imported
    fields = split(render_story(story), Path("x.md")).fields
    for name in ("title", "summary", "author", "source"):
        value = str(fields.get(name) or "")
        assert "<" not in value and "&#" not in value and "&amp;" not in value, (name, value)
