"""The citation recogniser (issue 16, Citations): what it finds, what it leaves alone."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnportal.model.citations import (
    Citation,
    find_citations,
    issuer_name,
    national_database_search_url,
)

CONTENT = Path(__file__).resolve().parents[2] / "content"
SEED = "2024/07/tap-huan-ky-nang-pbgdpl.md"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


class Hit(NamedTuple):
    """What a test expects of one citation: the cited words and what they name."""

    words: str
    kind: str
    number: str | None
    year: int | None
    issuer: str | None
    issued: date | None = None


def seen(text: str, citation: Citation) -> Hit:
    return Hit(
        text[citation.start : citation.end],
        citation.kind,
        citation.number,
        citation.year,
        citation.issuer_code,
        citation.issued,
    )


def found(text: str, lang: str = "vi") -> list[Hit]:
    return [seen(text, citation) for citation in find_citations(text, lang)]


# --- Sentences with citations -------------------------------------------------------

VIETNAMESE = [
    (
        "Sở Tư pháp tỉnh đã ban hành Kế hoạch số 15/KH-STP ngày 20/02/2024 về công tác phổ "
        "biến, giáo dục pháp luật năm 2024.",
        [Hit("Kế hoạch số 15/KH-STP ngày 20/02/2024", "Kế hoạch", "15/KH-STP", 2024, "STP",
             date(2024, 2, 20))],
    ),
    (
        "Thực hiện Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ, trang thông tin "
        "điện tử của Sở đã đăng tải đầy đủ văn bản chỉ đạo, điều hành.",
        [Hit("Nghị định số 42/2022/NĐ-CP ngày 24/6/2022", "Nghị định", "42/2022/NĐ-CP", 2022,
             "CP", date(2022, 6, 24))],
    ),
    (
        "Căn cứ Luật Hòa giải ở cơ sở năm 2013 và Nghị định số 15/2014/NĐ-CP ngày 27/02/2014 "
        "của Chính phủ, UBND huyện đã kiện toàn 215 tổ hòa giải.",
        [
            Hit("Luật Hòa giải ở cơ sở năm 2013", "Luật", "35/2013/QH13", 2013, "QH13"),
            Hit("Nghị định số 15/2014/NĐ-CP ngày 27/02/2014", "Nghị định", "15/2014/NĐ-CP", 2014,
                "CP", date(2014, 2, 27)),
        ],
    ),
    (
        "Ngày 05/3/2024, UBND tỉnh ban hành Quyết định số 482/QĐ-UBND phê duyệt danh sách báo "
        "cáo viên pháp luật cấp tỉnh.",
        [Hit("Quyết định số 482/QĐ-UBND", "Quyết định", "482/QĐ-UBND", None, "UBND")],
    ),
    (
        "Theo Thông tư số 03/2018/TT-BTP, mỗi báo cáo viên pháp luật phải được bồi dưỡng ít "
        "nhất 01 lần mỗi năm.",
        [Hit("Thông tư số 03/2018/TT-BTP", "Thông tư", "03/2018/TT-BTP", 2018, "BTP")],
    ),
    (
        "Hội nghị quán triệt Chỉ thị số 32-CT/TW ngày 09/12/2003 của Ban Bí thư về tăng cường "
        "sự lãnh đạo của Đảng trong công tác phổ biến, giáo dục pháp luật.",
        [Hit("Chỉ thị số 32-CT/TW ngày 09/12/2003", "Chỉ thị", "32-CT/TW", 2003, "CT/TW",
             date(2003, 12, 9))],
    ),
    (
        "Kết luận số 80-KL/TW ngày 20/6/2020 của Ban Bí thư yêu cầu tiếp tục thực hiện Chỉ thị "
        "32-CT/TW trong tình hình mới.",
        [
            Hit("Kết luận số 80-KL/TW ngày 20/6/2020", "Kết luận", "80-KL/TW", 2020, "KL/TW",
                date(2020, 6, 20)),
            Hit("Chỉ thị 32-CT/TW", "Chỉ thị", "32-CT/TW", None, "CT/TW"),
        ],
    ),
    (
        "Phòng Tư pháp huyện Chợ Gạo tham mưu UBND huyện ban hành Công văn số 1025/UBND-TP "
        "hướng dẫn tổ chức Ngày Pháp luật Việt Nam năm 2024.",
        [Hit("Công văn số 1025/UBND-TP", "Công văn", "1025/UBND-TP", None, "UBND")],
    ),
    (
        "Nghị quyết số 05/2023/NQ-HĐND của HĐND tỉnh quy định mức chi cho công tác hòa giải ở "
        "cơ sở trên địa bàn tỉnh.",
        [Hit("Nghị quyết số 05/2023/NQ-HĐND", "Nghị quyết", "05/2023/NQ-HĐND", 2023, "HĐND")],
    ),
    (
        "Mức chi thù lao cho hòa giải viên thực hiện theo Thông tư liên tịch số "
        "100/2014/TTLT-BTC-BTP của Bộ Tài chính và Bộ Tư pháp.",
        [Hit("Thông tư liên tịch số 100/2014/TTLT-BTC-BTP", "Thông tư liên tịch",
             "100/2014/TTLT-BTC-BTP", 2014, "BTC-BTP")],
    ),
    (
        "Sở Tư pháp đề nghị các đơn vị thực hiện nghiêm Quyết định số 1521/QĐ-TTg ngày "
        "06/10/2020 của Thủ tướng Chính phủ.",
        [Hit("Quyết định số 1521/QĐ-TTg ngày 06/10/2020", "Quyết định", "1521/QĐ-TTg", 2020,
             "TTg", date(2020, 10, 6))],
    ),
    (
        "Văn bản số 2304/STP-PBGDPL ngày 12/8/2024 của Sở Tư pháp hướng dẫn cụ thể việc đánh "
        "giá chuẩn tiếp cận pháp luật.",
        [Hit("Văn bản số 2304/STP-PBGDPL ngày 12/8/2024", "Công văn", "2304/STP-PBGDPL", 2024,
             "STP", date(2024, 8, 12))],
    ),
    (
        "Đề án được phê duyệt tại Quyết định số 1316/QĐ-TTg ngày 22 tháng 7 năm 2021 của Thủ "
        "tướng Chính phủ.",
        [Hit("Quyết định số 1316/QĐ-TTg ngày 22 tháng 7 năm 2021", "Quyết định", "1316/QĐ-TTg",
             2021, "TTg", date(2021, 7, 22))],
    ),
    (
        "Thực hiện Quyết định\u00a0số\u00a0315/QĐ-TTg, huyện đã tổ chức 12 hội nghị tập huấn.",
        [Hit("Quyết định\u00a0số\u00a0315/QĐ-TTg", "Quyết định", "315/QĐ-TTg", None, "TTg")],
    ),
    (
        "Trong năm, toàn tỉnh đã triển khai Luật Tiếp cận thông tin 2016 đến hơn 9.500 đại biểu.",
        [Hit("Luật Tiếp cận thông tin 2016", "Luật", "104/2016/QH13", 2016, "QH13")],
    ),
    (
        "Luật Đất đai năm 2024 có hiệu lực thi hành từ ngày 01/8/2024.",
        [Hit("Luật Đất đai năm 2024", "Luật", None, 2024, "QH")],
    ),
    (
        "Bộ luật Hình sự năm 2015 và Bộ luật Dân sự 2015 được giới thiệu tại hội nghị.",
        [
            Hit("Bộ luật Hình sự năm 2015", "Bộ luật", "100/2015/QH13", 2015, "QH13"),
            Hit("Bộ luật Dân sự 2015", "Bộ luật", "91/2015/QH13", 2015, "QH13"),
        ],
    ),
    (
        "Nội dung cơ bản của Hiến pháp năm 2013 được tuyên truyền rộng rãi đến Nhân dân.",
        [Hit("Hiến pháp năm 2013", "Hiến pháp", None, 2013, "QH")],
    ),
    (
        "UBND xã đã thực hiện đúng Kế hoạch 38/KH-UBND và Thông báo số 112/TB-UBND của UBND "
        "huyện.",
        [
            Hit("Kế hoạch 38/KH-UBND", "Kế hoạch", "38/KH-UBND", None, "UBND"),
            Hit("Thông báo số 112/TB-UBND", "Thông báo", "112/TB-UBND", None, "UBND"),
        ],
    ),
    (
        "Các Nghị định 42/2022/NĐ-CP, 13/2023/NĐ-CP đều được phổ biến tại hội nghị.",
        [
            Hit("Nghị định 42/2022/NĐ-CP", "Nghị định", "42/2022/NĐ-CP", 2022, "CP"),
            Hit("13/2023/NĐ-CP", "Nghị định", "13/2023/NĐ-CP", 2023, "CP"),
        ],
    ),
    (
        "Cán bộ tư pháp xã cần nắm vững quyết định 315 / qđ - ttg về nâng cao năng lực hòa giải.",
        [Hit("quyết định 315 / qđ - ttg", "Quyết định", "315/QĐ-TTg", None, "TTg")],
    ),
    (
        "Văn bản hợp nhất số 01/VBHN-VPQH của Văn phòng Quốc hội được đăng trên trang.",
        [Hit("Văn bản hợp nhất số 01/VBHN-VPQH", "Văn bản hợp nhất", "01/VBHN-VPQH", None,
             "VPQH")],
    ),
    (
        "Cán bộ được giới thiệu những điểm mới của Pháp lệnh số 02/2022/UBTVQH15 tại lớp học.",
        [Hit("Pháp lệnh số 02/2022/UBTVQH15", "Pháp lệnh", "02/2022/UBTVQH15", 2022,
             "UBTVQH15")],
    ),
    (
        "Luật số 14/2012/QH13 được Quốc hội thông qua ngày 20 tháng 6 năm 2012.",
        [Hit("Luật số 14/2012/QH13", "Luật", "14/2012/QH13", 2012, "QH13")],
    ),
    (
        "Hướng dẫn số 01-HD/BTGTW của Ban Tuyên giáo Trung ương được quán triệt đến chi bộ.",
        [Hit("Hướng dẫn số 01-HD/BTGTW", "Hướng dẫn", "01-HD/BTGTW", None, "HD/BTGTW")],
    ),
    (
        "Nghị quyết số 27-NQ/TW ngày 09/11/2022 của Hội nghị Trung ương 6 khóa XIII bàn về xây "
        "dựng Nhà nước pháp quyền.",
        [Hit("Nghị quyết số 27-NQ/TW ngày 09/11/2022", "Nghị quyết", "27-NQ/TW", 2022, "NQ/TW",
             date(2022, 11, 9))],
    ),
    (
        "Thực hiện Công điện số 05/CĐ-UBND của Chủ tịch UBND tỉnh về phòng, chống bão số 3.",
        [Hit("Công điện số 05/CĐ-UBND", "Công điện", "05/CĐ-UBND", None, "UBND")],
    ),
    (
        "Tờ trình số 87/TTr-STP ngày 15/3/2024 đề nghị công nhận 48 hòa giải viên.",
        [Hit("Tờ trình số 87/TTr-STP ngày 15/3/2024", "Tờ trình", "87/TTr-STP", 2024, "STP",
             date(2024, 3, 15))],
    ),
    (
        "Sở đã gửi kèm kế hoạch của UBND tỉnh (số 15/KH-UBND) tới các huyện, thị xã.",
        [Hit("15/KH-UBND", "Kế hoạch", "15/KH-UBND", None, "UBND")],
    ),
    (
        "Quy định số 11-QĐi/TW của Bộ Chính trị về trách nhiệm tiếp dân được phổ biến tại hội "
        "nghị.",
        [Hit("Quy định số 11-QĐi/TW", "Quy định", "11-QĐi/TW", None, "QĐi/TW")],
    ),
    (
        "Chỉ thị số 05/CT-UBND ngày 12/4/2024 của Chủ tịch UBND tỉnh yêu cầu tăng cường công tác "
        "hòa giải.",
        [Hit("Chỉ thị số 05/CT-UBND ngày 12/4/2024", "Chỉ thị", "05/CT-UBND", 2024, "UBND",
             date(2024, 4, 12))],
    ),
    (
        "Tài liệu đính kèm: QUYẾT ĐỊNH SỐ 482/QĐ-UBND NGÀY 05/3/2024 CỦA UBND TỈNH.",
        [Hit("QUYẾT ĐỊNH SỐ 482/QĐ-UBND NGÀY 05/3/2024", "Quyết định", "482/QĐ-UBND", 2024,
             "UBND", date(2024, 3, 5))],
    ),
    (
        "Luật Phổ biến, giáo dục pháp luật năm 2012 và Luật Hòa giải ở cơ sở năm 2013 là hai đạo "
        "luật quan trọng của ngành.",
        [
            Hit("Luật Phổ biến, giáo dục pháp luật năm 2012", "Luật", "14/2012/QH13", 2012,
                "QH13"),
            Hit("Luật Hòa giải ở cơ sở năm 2013", "Luật", "35/2013/QH13", 2013, "QH13"),
        ],
    ),
    (
        "Đến nay, 100% xã đã triển khai Quyết định số 25/2021/QĐ-TTg ngày 22/7/2021 về xã, "
        "phường, thị trấn đạt chuẩn tiếp cận pháp luật.",
        [Hit("Quyết định số 25/2021/QĐ-TTg ngày 22/7/2021", "Quyết định", "25/2021/QĐ-TTg",
             2021, "TTg", date(2021, 7, 22))],
    ),
    (
        "Ông Nguyễn Văn Bình, Luật sư Đoàn Luật sư tỉnh, trao đổi về Bộ luật Lao động 2019.",
        [Hit("Bộ luật Lao động 2019", "Bộ luật", "45/2019/QH14", 2019, "QH14")],
    ),
    (
        "Thông tư số 26/2020/TT-BTTTT của Bộ Thông tin và Truyền thông hướng dẫn việc đăng tin.",
        [Hit("Thông tư số 26/2020/TT-BTTTT", "Thông tư", "26/2020/TT-BTTTT", 2020, "BTTTT")],
    ),
    (
        "Luật Phổ biến, giáo dục pháp luật số 14/2012/QH13 quy định ngày 09/11 là Ngày Pháp luật.",
        [Hit("Luật Phổ biến, giáo dục pháp luật số 14/2012/QH13", "Luật", "14/2012/QH13", 2012,
             "QH13")],
    ),
    (
        "Công văn 1234/UBND-NC của UBND tỉnh và Quyết định 428/QĐ-TTg ngày 18/4/2019 được phổ "
        "biến đến từng ấp, khu phố.",
        [
            Hit("Công văn 1234/UBND-NC", "Công văn", "1234/UBND-NC", None, "UBND"),
            Hit("Quyết định 428/QĐ-TTg ngày 18/4/2019", "Quyết định", "428/QĐ-TTg", 2019, "TTg",
                date(2019, 4, 18)),
        ],
    ),
    (
        "Nghị quyết 01/NQ-CP về nhiệm vụ, giải pháp chủ yếu năm 2024 được Sở quán triệt.",
        [Hit("Nghị quyết 01/NQ-CP", "Nghị quyết", "01/NQ-CP", None, "CP")],
    ),
    (
        "Hòa giải viên được phát tài liệu về Nghị định 15 / 2014 / NĐ - CP và Luật Trợ giúp pháp "
        "lý năm 2017.",
        [
            Hit("Nghị định 15 / 2014 / NĐ - CP", "Nghị định", "15/2014/NĐ-CP", 2014, "CP"),
            Hit("Luật Trợ giúp pháp lý năm 2017", "Luật", "11/2017/QH14", 2017, "QH14"),
        ],
    ),
    (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015, UBND tỉnh ban "
        "hành Quyết định số 482/QĐ-UBND - UBND tỉnh giao Sở Tư pháp tổ chức thực hiện.",
        [
            Hit("Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015", "Luật", None,
                2015, "QH", date(2015, 6, 19)),
            Hit("Quyết định số 482/QĐ-UBND", "Quyết định", "482/QĐ-UBND", None, "UBND"),
        ],
    ),
    (
        "Nghị quyết số 43/2022/QH15 của Quốc hội và Luật Luật sư năm 2006 được giới thiệu tại "
        "buổi sinh hoạt chuyên đề.",
        [
            Hit("Nghị quyết số 43/2022/QH15", "Nghị quyết", "43/2022/QH15", 2022, "QH15"),
            Hit("Luật Luật sư năm 2006", "Luật", None, 2006, "QH"),
        ],
    ),
    (
        "Tuyên truyền viên giới thiệu Luật Hoà giải ở cơ sở năm 2013 (bỏ dấu kiểu cũ) "
        "tại 45 ấp.",
        [Hit("Luật Hoà giải ở cơ sở năm 2013", "Luật", "35/2013/QH13", 2013, "QH13")],
    ),
]  # fmt: skip

ENGLISH = [
    (
        "The provincial Department of Justice issued Plan No. 15/KH-STP dated 20 February 2024 "
        "on legal dissemination and education in 2024.",
        [Hit("Plan No. 15/KH-STP dated 20 February 2024", "Kế hoạch", "15/KH-STP", 2024, "STP",
             date(2024, 2, 20))],
    ),
    (
        "Under Decree No. 42/2022/ND-CP of 24 June 2022, state agencies must publish their "
        "documents online.",
        [Hit("Decree No. 42/2022/ND-CP of 24 June 2022", "Nghị định", "42/2022/NĐ-CP", 2022,
             "CP", date(2022, 6, 24))],
    ),
    (
        "The People's Committee approved Decision No. 482/QD-UBND on the list of provincial "
        "legal reporters.",
        [Hit("Decision No. 482/QD-UBND", "Quyết định", "482/QĐ-UBND", None, "UBND")],
    ),
    (
        "Directive No. 32-CT/TW of the Party Secretariat remains the basis for this work.",
        [Hit("Directive No. 32-CT/TW", "Chỉ thị", "32-CT/TW", None, "CT/TW")],
    ),
    (
        "The Law on Grassroots Mediation 2013 and Decree 15/2014/ND-CP set out how mediation "
        "teams are formed.",
        [
            Hit("Law on Grassroots Mediation 2013", "Luật", "35/2013/QH13", 2013, "QH13"),
            Hit("Decree 15/2014/ND-CP", "Nghị định", "15/2014/NĐ-CP", 2014, "CP"),
        ],
    ),
    (
        "Circular No. 03/2018/TT-BTP requires every legal reporter to attend a refresher course "
        "each year.",
        [Hit("Circular No. 03/2018/TT-BTP", "Thông tư", "03/2018/TT-BTP", 2018, "BTP")],
    ),
    (
        "Official Letter No. 1025/UBND-TP asked districts to celebrate Vietnam Law Day.",
        [Hit("Official Letter No. 1025/UBND-TP", "Công văn", "1025/UBND-TP", None, "UBND")],
    ),
    (
        "Resolution No. 05/2023/NQ-HDND of the Provincial People's Council sets the allowances "
        "for mediators.",
        [Hit("Resolution No. 05/2023/NQ-HDND", "Nghị quyết", "05/2023/NQ-HĐND", 2023, "HĐND")],
    ),
    (
        "Joint Circular No. 100/2014/TTLT-BTC-BTP governs the funding of grassroots mediation.",
        [Hit("Joint Circular No. 100/2014/TTLT-BTC-BTP", "Thông tư liên tịch",
             "100/2014/TTLT-BTC-BTP", 2014, "BTC-BTP")],
    ),
    (
        "Officials reviewed ten years of the 2012 Law on Dissemination and Education of Law in "
        "the province.",
        [Hit("2012 Law on Dissemination and Education of Law", "Luật", "14/2012/QH13", 2012,
             "QH13")],
    ),
    (
        "Decision 1521/QD-TTg dated October 6, 2020 assigns tasks to ministries and provinces.",
        [Hit("Decision 1521/QD-TTg dated October 6, 2020", "Quyết định", "1521/QĐ-TTg", 2020,
             "TTg", date(2020, 10, 6))],
    ),
    (
        "The 2015 Civil Code and the Labour Code 2019 were introduced to workers at industrial "
        "parks.",
        [
            Hit("2015 Civil Code", "Bộ luật", "91/2015/QH13", 2015, "QH13"),
            Hit("Labour Code 2019", "Bộ luật", "45/2019/QH14", 2019, "QH14"),
        ],
    ),
    (
        "Plans 38/KH-UBND and 41/KH-UBND set the targets for 2024.",
        [
            Hit("Plans 38/KH-UBND", "Kế hoạch", "38/KH-UBND", None, "UBND"),
            Hit("41/KH-UBND", "Kế hoạch", "41/KH-UBND", None, "UBND"),
        ],
    ),
    (
        "Conclusion No. 80-KL/TW dated 20 June 2020 continues Directive 32-CT/TW.",
        [
            Hit("Conclusion No. 80-KL/TW dated 20 June 2020", "Kết luận", "80-KL/TW", 2020,
                "KL/TW", date(2020, 6, 20)),
            Hit("Directive 32-CT/TW", "Chỉ thị", "32-CT/TW", None, "CT/TW"),
        ],
    ),
    (
        "Notice No. 112/TB-UBND announced the schedule of citizen reception sessions.",
        [Hit("Notice No. 112/TB-UBND", "Thông báo", "112/TB-UBND", None, "UBND")],
    ),
    (
        "The province carries out Decision No.315/QD-TTg on improving access to law.",
        [Hit("Decision No.315/QD-TTg", "Quyết định", "315/QĐ-TTg", None, "TTg")],
    ),
    (
        "The 2013 Constitution guarantees citizens' right to information.",
        [Hit("2013 Constitution", "Hiến pháp", None, 2013, "QH")],
    ),
    (
        "Resolution No. 27-NQ/TW of 9 November 2022 sets out how to build a socialist "
        "rule-of-law State.",
        [Hit("Resolution No. 27-NQ/TW of 9 November 2022", "Nghị quyết", "27-NQ/TW", 2022,
             "NQ/TW", date(2022, 11, 9))],
    ),
    (
        "Following Decision No 25/2021/QD-TTg, 140 communes were recognised as meeting the "
        "standard.",
        [Hit("Decision No 25/2021/QD-TTg", "Quyết định", "25/2021/QĐ-TTg", 2021, "TTg")],
    ),
    (
        "Guidance No. 01-HD/BTGTW of the Central Propaganda Department was discussed.",
        [Hit("Guidance No. 01-HD/BTGTW", "Hướng dẫn", "01-HD/BTGTW", None, "HD/BTGTW")],
    ),
    (
        "The Law on Access to Information 2016 took effect on 1 July 2018.",
        [Hit("Law on Access to Information 2016", "Luật", "104/2016/QH13", 2016, "QH13")],
    ),
    (
        "Decision No. 428/QĐ-TTg of 18 April 2019 approved the scheme, while Decision "
        "No. 315/QĐ-TTg followed in 2023.",
        [
            Hit("Decision No. 428/QĐ-TTg of 18 April 2019", "Quyết định", "428/QĐ-TTg", 2019,
                "TTg", date(2019, 4, 18)),
            Hit("Decision No. 315/QĐ-TTg", "Quyết định", "315/QĐ-TTg", None, "TTg"),
        ],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), VIETNAMESE)
def test_vietnamese_sentences(text, expected):
    assert found(text, "vi") == expected


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_english_sentences(text, expected):
    assert found(text, "en") == expected


@pytest.mark.parametrize(("text", "expected"), VIETNAMESE)
def test_decomposed_input_gives_the_same_citations(text, expected):
    decomposed = nfd(text)
    assert found(decomposed) == [hit._replace(words=nfd(hit.words)) for hit in expected]
    assert [c.key for c in find_citations(decomposed)] == [c.key for c in find_citations(text)]


# --- The seed story -----------------------------------------------------------------


def test_the_vietnamese_seed_story():
    text = (CONTENT / "vi" / SEED).read_text(encoding="utf-8")
    assert found(text, "vi") == [
        Hit("Quyết định 315/QĐ-TTg", "Quyết định", "315/QĐ-TTg", None, "TTg"),
        Hit("Quyết định 428/QĐ-TTg ngày 18-4-2019", "Quyết định", "428/QĐ-TTg", 2019, "TTg",
            date(2019, 4, 18)),
    ]  # fmt: skip


def test_the_english_seed_story_cites_the_same_documents():
    vi = find_citations((CONTENT / "vi" / SEED).read_text(encoding="utf-8"), "vi")
    text = (CONTENT / "en" / SEED).read_text(encoding="utf-8")
    en = find_citations(text, "en")
    assert [seen(text, c) for c in en] == [
        Hit("Decision No. 315/QĐ-TTg", "Quyết định", "315/QĐ-TTg", None, "TTg"),
        Hit("Decision No. 428/QĐ-TTg of 18 April 2019", "Quyết định", "428/QĐ-TTg", 2019, "TTg",
            date(2019, 4, 18)),
    ]  # fmt: skip
    assert [c.key for c in en] == [c.key for c in vi]


# --- Things that are not citations --------------------------------------------------

NOT_CITATIONS = [
    ("vi", "Ngày 11/7/2024, Sở Tư pháp tổ chức hội nghị tập huấn cho hòa giải viên."),
    ("vi", "Ngày 11-7, Phó Giám đốc Sở Tư pháp chủ trì hội nghị."),
    ("vi", "Hội nghị bắt đầu lúc 8 giờ 30 phút và kết thúc lúc 11:30."),
    ("vi", "Mọi chi tiết xin liên hệ số điện thoại 0273 3 873 344."),
    ("vi", "Đường dây nóng: (0273) 3.873.344 hoặc 0913.123.456."),
    ("vi", "Trụ sở Sở Tư pháp đặt tại Số 6 Lê Lợi, Phường 1, TP. Mỹ Tho."),
    ("vi", "Gia đình ông A sinh sống tại số 15/2 đường Nguyễn Huệ, hẻm 12/3 Lê Lợi."),
    ("vi", "Tổng kinh phí hỗ trợ là 1.500.000 đồng mỗi tổ hòa giải."),
    ("vi", "Dự án có tổng vốn đầu tư 2,5 tỷ đồng."),
    ("vi", "Hội nghị có sự tham gia của 9.500 đại biểu tại 315 điểm cầu."),
    ("vi", "Trong năm, 315 người được trợ giúp pháp lý miễn phí."),
    ("vi", "Tỷ lệ hòa giải thành đạt 85,6%, tăng 2,3% so với năm 2023."),
    ("vi", "Phần mềm được nâng cấp lên phiên bản 2.1.3 vào quý 3/2024."),
    ("vi", "Xem chi tiết tại https://stp.example.gov.vn/tim-kiem?so=15/KH-UBND trên cổng."),
    ("vi", "Văn bản đăng tại WWW.STP.EXAMPLE.GOV.VN/vb?so=15/KH-UBND, mời xem."),
    ("vi", "Tải về: HTTPS://STP.EXAMPLE.GOV.VN/tai-ve?so=42/2022/NĐ-CP ngay hôm nay."),
    ("vi", "Luật sư Nguyễn Văn A tư vấn miễn phí cho 120 người dân."),
    ("vi", "Đây là quyết định của gia đình, không ai can thiệp được."),
    ("vi", "UBND xã xây dựng kế hoạch năm 2024 về công tác hòa giải."),
    ("vi", "Mọi tranh chấp được giải quyết theo nghị định này và các văn bản hướng dẫn."),
    ("vi", "Luật Đất đai được Quốc hội thông qua năm 2024."),
    ("vi", "Ngày Pháp Luật Việt Nam năm 2024 được tổ chức sôi nổi."),
    ("vi", "Trường Đại học Luật Hà Nội năm 2023 tuyển 2.000 sinh viên."),
    ("vi", "Đội xung kích trực 24/7 trong suốt giai đoạn 2019 - 2022."),
    ("vi", "Mã hồ sơ: 2024-07-11/HS, lưu tại bộ phận một cửa."),
    ("vi", "Sản phẩm đạt tiêu chuẩn ISO 9001:2015 và TCVN 5687:2010."),
    ("vi", "Bản đồ địa chính tỷ lệ 1/2000 được niêm yết công khai."),
    ("vi", "Học sinh lớp 10/3 và 12/1 tham gia cuộc thi tìm hiểu pháp luật."),
    ("vi", "Xe mang biển số 63A-123.45 đã được trả lại cho chủ sở hữu."),
    ("vi", "Căn cứ Quyết định 315 của UBND tỉnh, xã đã tổ chức 6 buổi tuyên truyền."),
    ("vi", "Các quyết định QĐ-TTg về hòa giải được tập hợp thành sổ tay."),
    ("vi", "Phương án 3-1/2 ca trực được áp dụng từ ngày 01/01."),
    ("en", "On 11 July, the conference opened at 8:00 am."),
    ("en", "Call 0273 3 873 344 or (0273) 3.873.344 for details."),
    ("en", "The office is at 6 Le Loi Street, Ward 1, My Tho City."),
    ("en", "Each mediation team received VND 1,500,000, and the scheme cost VND 2.5 billion."),
    ("en", "About 9,500 delegates attended at 315 connection points."),
    ("en", "The lawyer Nguyen Van A advised 120 residents free of charge."),
    ("en", "Decision-making in 2024 improved across the province."),
    ("en", "The plan for 2024 was approved by the commune."),
    ("en", "Disputes are settled under this decree and its guidance."),
    ("en", "The Law on Access to Information took effect later."),
    ("en", "Staff work 24/7 during the flood season of 2024."),
    ("en", "The site runs version 2.1/beta of the software."),
]


@pytest.mark.parametrize(("lang", "text"), NOT_CITATIONS)
def test_not_a_citation(lang, text):
    assert find_citations(text, lang) == []


def test_a_date_in_the_next_clause_is_not_the_date_of_issue():
    text = "Thực hiện Quyết định 315/QĐ-TTg, ngày 11/7/2024 Sở tổ chức hội nghị."
    assert found(text) == [Hit("Quyết định 315/QĐ-TTg", "Quyết định", "315/QĐ-TTg", None, "TTg")]


def test_a_date_from_another_year_than_the_number_is_not_the_date_of_issue():
    text = "Nghị định 15/2014/NĐ-CP ngày 11/7/2024 tiếp tục được tuyên truyền."
    assert found(text) == [Hit("Nghị định 15/2014/NĐ-CP", "Nghị định", "15/2014/NĐ-CP", 2014, "CP")]


def test_an_impossible_date_is_left_out():
    text = "Quyết định 428/QĐ-TTg ngày 31/2/2019 của Thủ tướng."
    assert found(text) == [Hit("Quyết định 428/QĐ-TTg", "Quyết định", "428/QĐ-TTg", None, "TTg")]


def test_a_bare_number_without_a_type_code_needs_a_type_word():
    assert find_citations("Theo 14/2012/QH13, ngày 9/11 là Ngày Pháp luật.") == []
    assert find_citations("Các mã 12-AB/CD không phải văn bản.") == []


def test_english_law_titles_are_read_in_english_text_only():
    text = "The Law on Grassroots Mediation 2013 applies."
    assert [c.number for c in find_citations(text, "en")] == ["35/2013/QH13"]
    assert find_citations(text, "vi") == []


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="fr"):
        find_citations("Quyết định 315/QĐ-TTg", "fr")


# --- Identity -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Quyết định số 315/QĐ-TTg", "vi"),
        ("Decision No. 315/QD-TTg", "en"),
        ("quyết định 315 / qđ-ttg", "vi"),
        ("QUYẾT ĐỊNH 315/QĐ-TTG", "vi"),
        ("số 315/QD-TTg", "vi"),
        ("Decision 315/QĐ\u2013TTg", "en"),
    ],
)
def test_one_decision_has_one_key_however_it_is_written(text, lang):
    [citation] = find_citations(text, lang)
    assert (citation.key, citation.number, citation.kind) == (
        "quyet-dinh-315-qd-ttg",
        "315/QĐ-TTg",
        "Quyết định",
    )


def test_a_law_by_title_or_number_in_either_language_has_one_key():
    texts = [
        ("Luật Phổ biến, giáo dục pháp luật năm 2012", "vi"),
        ("Luật Phổ Biến, Giáo Dục Pháp Luật 2012", "vi"),
        ("Luật số 14/2012/QH13", "vi"),
        ("Law No. 14/2012/QH13", "en"),
        ("Law on Dissemination and Education of Law 2012", "en"),
    ]
    keys = {c.key for text, lang in texts for c in find_citations(text, lang)}
    assert keys == {"luat-14-2012-qh13"}


def test_a_law_not_in_the_table_is_keyed_by_its_title_and_year():
    [citation] = find_citations("Luật Đất đai năm 2024")
    assert (citation.key, citation.title, citation.number) == ("luat-dat-dai-2024", "Đất đai", None)


def test_serials_below_ten_meet_their_official_spelling():
    keys = {c.key for t in ["Nghị quyết 1/NQ-CP", "Nghị quyết 01/NQ-CP"] for c in find_citations(t)}
    assert keys == {"nghi-quyet-01-nq-cp"}


def test_offsets_point_into_the_text_as_given():
    text = "Xem " + nfd("Kế hoạch số 15/KH-UBND") + " và " + nfd("Quyết định 315/QĐ-TTg") + "."
    cited = find_citations(text)
    assert [text[c.start : c.end] for c in cited] == [
        nfd("Kế hoạch số 15/KH-UBND"),
        nfd("Quyết định 315/QĐ-TTg"),
    ]


# --- Issuers and the national database ----------------------------------------------


@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        ("TTg", "Thủ tướng Chính phủ", "Prime Minister"),
        ("CP", "Chính phủ", "Government"),
        ("QH", "Quốc hội", "National Assembly"),
        ("QH13", "Quốc hội", "National Assembly"),
        ("UBTVQH15", "Ủy ban Thường vụ Quốc hội", "Standing Committee of the National Assembly"),
        ("BTP", "Bộ Tư pháp", "Ministry of Justice"),
        ("BTTTT", "Bộ Thông tin và Truyền thông", "Ministry of Information and Communications"),
        ("BCA", "Bộ Công an", "Ministry of Public Security"),
        ("BQP", "Bộ Quốc phòng", "Ministry of National Defence"),
        ("BTC", "Bộ Tài chính", "Ministry of Finance"),
        ("BNV", "Bộ Nội vụ", "Ministry of Home Affairs"),
        ("BGDĐT", "Bộ Giáo dục và Đào tạo", "Ministry of Education and Training"),
        ("BGDDT", "Bộ Giáo dục và Đào tạo", "Ministry of Education and Training"),
        ("BYT", "Bộ Y tế", "Ministry of Health"),
        ("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội",
         "Ministry of Labour, Invalids and Social Affairs"),
        ("UBND", "Ủy ban nhân dân", "People's Committee"),
        ("HĐND", "Hội đồng nhân dân", "People's Council"),
        ("HDND", "Hội đồng nhân dân", "People's Council"),
        ("CT/TW", "Ban Bí thư", "Secretariat"),
        ("NQ/TW", "Ban Chấp hành Trung ương", "Central Committee"),
        ("STP", "Sở Tư pháp", "Department of Justice"),
        ("ttg", "Thủ tướng Chính phủ", "Prime Minister"),
        ("BTC-BTP", "Bộ Tài chính, Bộ Tư pháp", "Ministry of Finance, Ministry of Justice"),
    ],
)  # fmt: skip
def test_issuer_codes_are_decoded(code, vi, en):
    assert (issuer_name(code, "vi"), issuer_name(code, "en")) == (vi, en)


@pytest.mark.parametrize("code", ["XYZ", "TU", "KL/TW", "KH/TU", "BTP-XYZ", "", "TW"])
def test_unknown_issuer_codes_are_not_guessed(code):
    assert issuer_name(code, "vi") is None


def test_every_issuer_code_of_the_sentences_is_known_or_left_alone():
    # A citation's issuer_code is what issuer_name reads: never an error.
    for text, _ in VIETNAMESE + ENGLISH:
        for citation in find_citations(text, "en"):
            if citation.issuer_code:
                issuer_name(citation.issuer_code, "en")


def test_search_address_on_the_national_database():
    [decision] = find_citations("Quyết định 315/QĐ-TTg")
    address = national_database_search_url(decision)
    assert address.startswith("https://vbpl.vn/pages/vbpq-timkiem.aspx?")
    assert "315%2FQ%C4%90-TTg" in address
    assert parse_qs(urlsplit(address).query)["Keyword"] == ["315/QĐ-TTg"]


def test_search_address_for_a_law_known_by_title_only():
    [law] = find_citations("Luật Đất đai năm 2024")
    keyword = parse_qs(urlsplit(national_database_search_url(law)).query)["Keyword"]
    assert keyword == ["Luật Đất đai 2024"]


# --- Any text -----------------------------------------------------------------------

PIECES = [
    "Quyết định", "quyết định", "Decision", "No.", "số", " ", " ", "\u00a0", ",", ".", "/", "-",
    "–", "315", "42", "2022", "2012", "18-4-2019", "ngày", "of", "18 April", "tháng", "năm",
    "QĐ", "QD", "TTg", "NĐ", "CP", "CT", "TW", "KH", "UBND", "QH13", "Luật", "Law on",
    "Phổ biến", "giáo dục", "pháp luật", "Dissemination", "and", "Hiến pháp", "Code", "Civil",
    "\u0301", "\u0323", "e\u0302", "https://", "đ", "Đ",
]  # fmt: skip
citation_like = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _well_formed(text: str, cited: list[Citation]) -> None:
    previous_end = 0
    for citation in cited:
        assert previous_end <= citation.start < citation.end <= len(text)
        previous_end = citation.end


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), citation_like), st.sampled_from(["vi", "en"]))
def test_any_text_gives_ordered_spans_inside_it(text, lang):
    _well_formed(text, find_citations(text, lang))


@settings(max_examples=200, deadline=None)
@given(citation_like)
def test_composition_never_changes_what_is_cited(text):
    composed = unicodedata.normalize("NFC", text)
    expected = [(c.key, c.issued) for c in find_citations(composed)]
    assert [(c.key, c.issued) for c in find_citations(nfd(text))] == expected


def test_a_list_of_laws_cites_only_the_one_with_its_year():
    text = "Áp dụng Bộ luật Dân sự, Luật Hôn nhân và gia đình, Luật Đất đai 2024 để hòa giải."
    found = find_citations(text)
    assert [(c.kind, c.title, c.year) for c in found] == [("Luật", "Đất đai", 2024)]
    assert text[found[0].start : found[0].end] == "Luật Đất đai 2024"
