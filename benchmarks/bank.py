# ruff: noqa: E501  (prose: one sentence per line reads and diffs better than wrapped strings)
"""Text the corpus generator assembles stories from: Vietnamese/English pairs.

Every entry is a ``(vi, en)`` pair of templates, so a story and its translation
say the same thing. Slots in braces are filled per story (``corpus.py``).
"""

from __future__ import annotations

Pair = tuple[str, str]

PROVINCE: Pair = ("Tiền Giang", "Tiền Giang")
DISTRICTS: list[Pair] = [
    (name, name)
    for name in (
        "Cái Bè",
        "Cai Lậy",
        "Châu Thành",
        "Chợ Gạo",
        "Gò Công Tây",
        "Gò Công Đông",
        "Tân Phước",
        "Tân Phú Đông",
        "Mỹ Tho",
        "Gò Công",
    )
]
AGENCIES: list[Pair] = [
    ("Sở Tư pháp tỉnh Tiền Giang", "Tiền Giang Department of Justice"),
    (
        "Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh",
        "provincial Legal Dissemination Council",
    ),
    ("Phòng Tư pháp huyện {district}", "{district} district Justice Office"),
    ("Trung tâm Trợ giúp pháp lý nhà nước tỉnh", "provincial State Legal Aid Centre"),
    ("Ủy ban nhân dân huyện {district}", "{district} district People's Committee"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "provincial Vietnam Fatherland Front Committee"),
    ("Tỉnh đoàn Tiền Giang", "Tiền Giang Youth Union"),
    ("Hội Liên hiệp Phụ nữ tỉnh", "provincial Women's Union"),
]
PEOPLE: list[tuple[str, str, str]] = [  # name, Vietnamese role, English role
    ("Nguyễn Văn Bình", "Giám đốc Sở Tư pháp", "Director of the Department of Justice"),
    ("Trần Thị Thu Hương", "Phó Giám đốc Sở Tư pháp", "Deputy Director of the Department"),
    (
        "Lê Hoàng Phúc",
        "Phó Chủ tịch UBND huyện",
        "Vice-Chairman of the district People's Committee",
    ),
    ("Phạm Minh Trí", "Trưởng phòng Tư pháp", "head of the district Justice Office"),
    ("Võ Thị Ngọc Diễm", "Giám đốc Trung tâm Trợ giúp pháp lý", "Director of the Legal Aid Centre"),
    ("Huỳnh Tấn Lợi", "Chủ tịch Ủy ban MTTQ Việt Nam huyện", "Chairman of the district Front"),
    ("Đoàn Thị Kim Thoa", "Trưởng ban Tuyên giáo", "head of the Propaganda Board"),
    ("Nguyễn Quốc Việt", "báo cáo viên pháp luật cấp tỉnh", "provincial legal rapporteur"),
]
LAWS: list[Pair] = [
    ("Luật Hòa giải ở cơ sở năm 2013", "Law on Grassroots Mediation of 2013"),
    ("Luật Phổ biến, giáo dục pháp luật năm 2012", "Law on Legal Dissemination of 2012"),
    ("Luật Đất đai năm 2024", "Land Law of 2024"),
    ("Luật Trợ giúp pháp lý năm 2017", "Law on Legal Aid of 2017"),
    ("Bộ luật Dân sự năm 2015", "Civil Code of 2015"),
    ("Luật Xử lý vi phạm hành chính", "Law on Handling Administrative Violations"),
    ("Luật Trẻ em năm 2016", "Law on Children of 2016"),
    ("Luật Phòng, chống bạo lực gia đình năm 2022", "Law on Domestic Violence Prevention of 2022"),
    ("Luật Thực hiện dân chủ ở cơ sở năm 2022", "Law on Grassroots Democracy of 2022"),
    ("Luật Giao thông đường bộ", "Road Traffic Law"),
]
TOPICS: list[Pair] = [
    ("phổ biến, giáo dục pháp luật", "legal dissemination and education"),
    ("hòa giải ở cơ sở", "grassroots mediation"),
    ("trợ giúp pháp lý", "legal aid"),
    ("xây dựng xã đạt chuẩn tiếp cận pháp luật", "the access-to-law standard for communes"),
    ("bảo đảm trật tự an toàn giao thông", "road safety"),
    ("phòng, chống ma túy", "drug prevention"),
    ("phòng, chống bạo lực gia đình", "the prevention of domestic violence"),
    ("chuyển đổi số", "digital transformation"),
    ("cải cách hành chính", "administrative reform"),
    ("bảo vệ môi trường", "environmental protection"),
]
DECISIONS: list[Pair] = [
    (
        "Quyết định số {n}/QĐ-UBND của UBND tỉnh",
        "Decision No. {n}/QĐ-UBND of the Provincial People's Committee",
    ),
    (
        "Kế hoạch số {n}/KH-UBND của UBND tỉnh",
        "Plan No. {n}/KH-UBND of the Provincial People's Committee",
    ),
    (
        "Chỉ thị số {n}-CT/TU của Tỉnh ủy",
        "Directive No. {n}-CT/TU of the Provincial Party Committee",
    ),
]
MONTHS_EN = [
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
]

TITLES: list[Pair] = [
    (
        "{agency} triển khai công tác {topic} năm {year}",
        "The {agency} launches its {year} work on {topic}",
    ),
    (
        "Tập huấn kỹ năng {topic} cho cán bộ cơ sở tại {district}",
        "Training in {topic} for grassroots officials in {district}",
    ),
    ("Hội thi tìm hiểu {law} tại huyện {district}", "{district} holds a contest on the {law}"),
    (
        "Sơ kết {months} tháng thực hiện {decision}",
        "Review of {months} months of implementing {decision}",
    ),
    (
        "Tuyên truyền {law} đến người dân vùng sâu, vùng xa",
        "Bringing the {law} to remote communities",
    ),
    (
        "Huyện {district} nâng cao hiệu quả công tác {topic}",
        "{district} makes its work on {topic} more effective",
    ),
    (
        "Trợ giúp pháp lý miễn phí cho người dân {district}",
        "Free legal aid for residents of {district}",
    ),
    (
        "Kiểm tra công tác {topic} tại huyện {district}",
        "Inspection of work on {topic} in {district}",
    ),
    ("Tọa đàm về {topic} với đoàn viên, thanh niên", "Young people discuss {topic}"),
    (
        "Ra mắt mô hình điểm về {topic} ở {district}",
        "A pilot model for {topic} opens in {district}",
    ),
]
LEADS: list[Pair] = [
    (
        "Ngày {day}-{month}, {agency} tổ chức hội nghị triển khai công tác {topic} năm {year} với sự tham dự của {count} đại biểu.",
        "On {day} {month_en}, the {agency} held a conference to launch its {year} work on {topic}, attended by {count} delegates.",
    ),
    (
        "Sáng {day}-{month}, tại huyện {district}, {agency} phối hợp tổ chức buổi tuyên truyền {law} cho hơn {count} người dân.",
        "On the morning of {day} {month_en}, the {agency} co-organised a session in {district} presenting the {law} to more than {count} residents.",
    ),
    (
        "Trong hai ngày {day} và {day2}-{month}, {agency} mở lớp tập huấn về {topic} cho {count} học viên là cán bộ, công chức cấp xã.",
        "On {day} and {day2} {month_en}, the {agency} ran a course on {topic} for {count} commune officials.",
    ),
    (
        "Chiều {day}-{month}, {agency} tổ chức sơ kết việc thực hiện {decision} trên địa bàn tỉnh.",
        "On the afternoon of {day} {month_en}, the {agency} reviewed the implementation of {decision} in the province.",
    ),
]
SENTENCES: list[Pair] = [
    ("Đồng chí {person}, {role}, chủ trì hội nghị.", "{person}, {role_en}, chaired the meeting."),
    (
        "Tại hội nghị, các đại biểu đã nghe báo cáo viên pháp luật giới thiệu những nội dung cơ bản của {law}, trong đó tập trung vào các quy định mới có liên quan trực tiếp đến quyền và nghĩa vụ của người dân.",
        "Delegates heard legal rapporteurs present the main provisions of the {law}, focusing on the new rules that bear directly on citizens' rights and obligations.",
    ),
    (
        "Theo báo cáo, trong năm {year}, toàn tỉnh đã tổ chức {n} cuộc tuyên truyền trực tiếp, thu hút hơn {count} lượt người tham dự.",
        "According to the report, the province held {n} face-to-face information sessions in {year}, drawing more than {count} participants.",
    ),
    (
        "Công tác {topic} tiếp tục được các cấp ủy đảng, chính quyền quan tâm chỉ đạo, có sự phối hợp chặt chẽ giữa các sở, ban, ngành và địa phương.",
        "Party committees and authorities at every level continued to give close direction to {topic}, with tight coordination between departments, agencies and localities.",
    ),
    (
        "Bên cạnh những kết quả đạt được, hội nghị cũng chỉ ra một số hạn chế như kinh phí còn hạn hẹp, đội ngũ làm công tác pháp chế ở cơ sở còn thiếu và chưa được bồi dưỡng thường xuyên.",
        "Alongside these results, the meeting pointed to shortcomings: tight budgets, too few legal staff at grassroots level and too little regular training for them.",
    ),
    (
        "Nhiều mô hình hay, cách làm sáng tạo đã được nhân rộng, như câu lạc bộ pháp luật, tủ sách pháp luật ở ấp, khu phố và các buổi sinh hoạt “Ngày Pháp luật” định kỳ hằng tháng.",
        "Many good models and creative approaches have spread, such as law clubs, hamlet and neighbourhood law bookshelves and monthly “Law Day” meetings.",
    ),
    (
        "Phát biểu chỉ đạo, đồng chí {person} đề nghị các đơn vị tiếp tục đổi mới hình thức tuyên truyền, chú trọng ứng dụng công nghệ thông tin và mạng xã hội để đưa pháp luật đến gần hơn với người dân.",
        "In closing remarks, {person} asked every unit to keep renewing its methods, making more use of information technology and social media to bring the law closer to the people.",
    ),
    (
        "Trong {months} tháng đầu năm, các tổ hòa giải ở cơ sở trên địa bàn huyện {district} đã tiếp nhận {count} vụ việc, hòa giải thành {pct}%.",
        "In the first {months} months of the year, grassroots mediation teams in {district} received {count} cases and settled {pct}% of them.",
    ),
    (
        "Đa số vụ việc liên quan đến tranh chấp đất đai, mâu thuẫn trong gia đình và các va chạm nhỏ trong sinh hoạt hằng ngày giữa các hộ dân.",
        "Most of the cases concerned land disputes, family conflicts and minor everyday frictions between neighbours.",
    ),
    (
        "Trung tâm Trợ giúp pháp lý nhà nước tỉnh đã cử trợ giúp viên pháp lý trực tiếp tư vấn miễn phí cho {count} lượt người thuộc diện được trợ giúp pháp lý.",
        "The provincial State Legal Aid Centre sent legal aid officers to give free advice to {count} people entitled to legal aid.",
    ),
    (
        "Người dân đến tham dự được phát tài liệu hỏi – đáp pháp luật, tờ gấp và sổ tay tìm hiểu pháp luật được biên soạn ngắn gọn, dễ hiểu.",
        "Residents who attended received question-and-answer booklets, leaflets and short, plain-language handbooks on the law.",
    ),
    (
        "Hội thi là dịp để cán bộ, công chức và nhân dân nâng cao hiểu biết pháp luật, qua đó nâng cao ý thức chấp hành pháp luật trong đời sống xã hội.",
        "The contest gives officials and residents a chance to learn more about the law, and so to observe it more closely in everyday life.",
    ),
    (
        "Ban tổ chức đã trao {n} giải tập thể và {count} giải cá nhân cho các đội thi có thành tích xuất sắc.",
        "The organisers presented {n} team awards and {count} individual awards to the best-performing teams.",
    ),
    (
        "Theo kế hoạch, từ nay đến cuối năm {year}, {agency} sẽ tổ chức thêm {n} lớp bồi dưỡng kỹ năng cho hòa giải viên và tuyên truyền viên pháp luật.",
        "By the end of {year}, the {agency} plans to run {n} more skills courses for mediators and legal communicators.",
    ),
    (
        "Việc triển khai {decision} được thực hiện đồng bộ, bảo đảm đúng tiến độ và có trọng tâm, trọng điểm.",
        "The implementation of {decision} is consistent, on schedule and clearly prioritised.",
    ),
    (
        "Các đại biểu cũng thảo luận, trao đổi nhiều ý kiến về những khó khăn, vướng mắc trong quá trình áp dụng pháp luật tại địa phương.",
        "Delegates also discussed the difficulties and obstacles they meet in applying the law locally.",
    ),
    (
        "Đặc biệt, việc phổ biến pháp luật cho đồng bào dân tộc thiểu số, người lao động tại các khu công nghiệp và học sinh, sinh viên được quan tâm thực hiện.",
        "Particular attention went to ethnic minority communities, workers in industrial parks, and pupils and students.",
    ),
    (
        "Đồng chí {person} cho biết, thời gian tới đơn vị sẽ tăng cường kiểm tra, đôn đốc việc thực hiện ở cơ sở, kịp thời biểu dương những tập thể, cá nhân có thành tích tiêu biểu.",
        "{person} said the unit will step up inspections and follow-up at grassroots level, and promptly commend groups and individuals with outstanding results.",
    ),
    (
        "Cũng tại buổi làm việc, đoàn công tác đã kiểm tra hồ sơ, sổ sách của tổ hòa giải và ghi nhận nhiều điểm tích cực trong việc lưu trữ, theo dõi vụ việc.",
        "During the visit, the inspection team reviewed the mediation team's files and records and noted good practice in keeping and tracking cases.",
    ),
    (
        "Kết quả khảo sát cho thấy {pct}% người dân được hỏi biết đến các quy định cơ bản của {law}.",
        "A survey found that {pct}% of respondents knew the basic provisions of the {law}.",
    ),
    (
        "Hằng tháng, Đài Truyền thanh huyện {district} phát sóng chuyên mục “Pháp luật và đời sống” vào sáng thứ Bảy, với nội dung gần gũi, thiết thực.",
        "Every month, the {district} radio station broadcasts a “Law and Life” segment on Saturday mornings, with practical, down-to-earth content.",
    ),
    (
        "Nhân dịp này, {agency} đã tặng {n} tủ sách pháp luật cho các trường học và nhà văn hóa ấp trên địa bàn.",
        "On this occasion, the {agency} donated {n} law bookcases to local schools and hamlet community halls.",
    ),
    (
        "Bên cạnh đó, việc số hóa tài liệu và xây dựng trang thông tin điện tử giúp người dân tra cứu văn bản pháp luật mọi lúc, mọi nơi.",
        "Digitising documents and building an online portal also lets residents look up legal texts anytime, anywhere.",
    ),
    (
        "Năm {year}, tỉnh phấn đấu có {pct}% xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật.",
        "In {year}, the province aims to have {pct}% of its communes, wards and towns meet the access-to-law standard.",
    ),
    (
        "Hội nghị thống nhất cao với dự thảo kế hoạch và giao cơ quan thường trực tổng hợp ý kiến góp ý, hoàn chỉnh trình cấp có thẩm quyền ban hành.",
        "The meeting endorsed the draft plan and asked the standing body to compile the comments and submit a final version for approval.",
    ),
    (
        "Qua tuyên truyền, nhận thức của người dân về quyền và nghĩa vụ công dân đã có chuyển biến rõ nét, số vụ vi phạm pháp luật giảm so với cùng kỳ.",
        "Residents' understanding of their rights and duties has clearly improved, and violations have fallen compared with the same period last year.",
    ),
    (
        "Lực lượng đoàn viên, thanh niên tình nguyện cũng tích cực tham gia hướng dẫn người dân thực hiện thủ tục hành chính trên môi trường điện tử.",
        "Youth union volunteers also helped residents carry out administrative procedures online.",
    ),
    (
        "Cuộc thi tìm hiểu pháp luật trực tuyến thu hút {count} lượt người tham gia, trong đó có nhiều bài dự thi chất lượng.",
        "The online law quiz drew {count} entries, many of them of high quality.",
    ),
    (
        "Theo đồng chí {person}, hòa giải thành không chỉ giúp giữ gìn tình làng nghĩa xóm mà còn giảm tải cho cơ quan tòa án và chính quyền địa phương.",
        "According to {person}, successful mediation not only keeps the peace between neighbours but also lightens the load on the courts and local government.",
    ),
    (
        "Năm {year}, Phòng Tư pháp huyện {district} đã thẩm định {n} dự thảo văn bản quy phạm pháp luật, kịp thời phát hiện và kiến nghị sửa đổi các quy định chưa phù hợp.",
        "In {year}, the {district} Justice Office reviewed {n} draft regulations, flagging provisions that needed amending.",
    ),
    (
        "Người dân phấn khởi vì được giải đáp trực tiếp những thắc mắc về thủ tục cấp giấy chứng nhận quyền sử dụng đất, đăng ký hộ tịch và chứng thực.",
        "Residents welcomed the chance to have their questions on land-use certificates, civil registration and certification answered on the spot.",
    ),
    (
        "Việc lồng ghép nội dung pháp luật vào các buổi sinh hoạt ấp, khu phố giúp thông tin đến với người dân nhanh hơn, thiết thực hơn.",
        "Bringing legal topics into hamlet and neighbourhood meetings gets information to residents faster and more usefully.",
    ),
]
HEADINGS: list[Pair] = [
    ("Nhiều kết quả tích cực", "Encouraging results"),
    ("Khó khăn, vướng mắc", "Difficulties and obstacles"),
    ("Nhiệm vụ trọng tâm thời gian tới", "Priorities for the coming period"),
    ("Đổi mới hình thức tuyên truyền", "New ways of reaching people"),
    ("Phát huy vai trò của hòa giải viên", "Making the most of mediators"),
    ("Đưa pháp luật về cơ sở", "Bringing the law to the grassroots"),
    ("Ứng dụng chuyển đổi số", "Going digital"),
    ("Ý kiến của người dân", "What residents say"),
]
LIST_INTROS: list[Pair] = [
    ("Hội nghị đề ra các nhiệm vụ chủ yếu sau:", "The meeting set the following main tasks:"),
    ("Trong thời gian tới, đơn vị tập trung:", "In the coming months, the unit will:"),
    ("Các địa phương được yêu cầu:", "Localities were asked to:"),
]
LIST_ITEMS: list[Pair] = [
    (
        "rà soát, kiện toàn đội ngũ báo cáo viên, tuyên truyền viên pháp luật;",
        "review and strengthen the body of legal rapporteurs and communicators;",
    ),
    (
        "tổ chức tập huấn kỹ năng hòa giải cho {n} hòa giải viên;",
        "train {n} mediators in mediation skills;",
    ),
    (
        "đẩy mạnh truyền thông trên báo chí, mạng xã hội và hệ thống loa truyền thanh cơ sở;",
        "step up communication in the press, on social media and over local loudspeakers;",
    ),
    ("xây dựng tủ sách pháp luật điện tử;", "build an electronic law library;"),
    (
        "kiểm tra, đánh giá việc thực hiện chuẩn tiếp cận pháp luật;",
        "inspect and assess how the access-to-law standard is met;",
    ),
    (
        "phối hợp với Mặt trận Tổ quốc và các đoàn thể tuyên truyền đến từng hộ gia đình;",
        "work with the Fatherland Front and mass organisations to reach every household;",
    ),
    (
        "lồng ghép nội dung pháp luật vào các buổi sinh hoạt ấp, khu phố;",
        "include legal topics in hamlet and neighbourhood meetings;",
    ),
    (
        "biểu dương, khen thưởng kịp thời các tập thể, cá nhân tiêu biểu.",
        "promptly commend outstanding groups and individuals.",
    ),
]
QUOTES: list[Pair] = [
    (
        "Mỗi hòa giải viên là một cầu nối giữa pháp luật và người dân.",
        "Every mediator is a bridge between the law and the people.",
    ),
    (
        "Hiểu pháp luật thì người dân mới tự bảo vệ được quyền lợi chính đáng của mình.",
        "Only people who know the law can stand up for their rights.",
    ),
    (
        "Chúng tôi muốn mỗi ấp đều có một tủ sách pháp luật mà bà con thật sự sử dụng.",
        "We want every hamlet to have a law bookshelf that people actually use.",
    ),
]
SEE_ALSO: Pair = ("Xem thêm: [{title}]({link}).", "See also: [{title}]({link}).")
TABLE_HEAD: Pair = ("| Chỉ tiêu | Năm {prev} | Năm {year} |", "| Indicator | {prev} | {year} |")
TABLE_ROWS: list[Pair] = [
    ("| Cuộc tuyên truyền | {a} | {b} |", "| Information sessions | {a} | {b} |"),
    ("| Vụ việc hòa giải | {a} | {b} |", "| Mediation cases | {a} | {b} |"),
    ("| Lượt trợ giúp pháp lý | {a} | {b} |", "| Legal aid cases | {a} | {b} |"),
    ("| Tài liệu phát hành | {a} | {b} |", "| Leaflets handed out | {a} | {b} |"),
]
IMAGES: list[tuple[str, Pair, Pair]] = [  # file, (alt vi, alt en), (caption vi, caption en)
    (
        "hoi-nghi",
        (
            "Hình minh họa: hội trường với băng rôn đỏ và các hàng ghế đại biểu",
            "Illustration: a hall with a red banner and rows of delegates",
        ),
        ("Quang cảnh hội nghị.", "The conference hall."),
    ),
    (
        "tap-huan",
        (
            "Hình minh họa: giảng viên đứng cạnh màn chiếu trước lớp học",
            "Illustration: a trainer beside a projection screen in front of a class",
        ),
        ("Lớp tập huấn kỹ năng.", "The skills course."),
    ),
    (
        "hoi-thi",
        (
            "Hình minh họa: ba đội thi đứng sau bục có bảng tên",
            "Illustration: three teams behind name-plated podiums",
        ),
        ("Các đội tham gia hội thi.", "Teams taking part in the contest."),
    ),
    (
        "tro-giup-phap-ly",
        (
            "Hình minh họa: trợ giúp viên ngồi bàn tư vấn cho một người dân",
            "Illustration: a legal aid officer advising a resident at a desk",
        ),
        ("Tư vấn pháp luật miễn phí cho người dân.", "Free legal advice for residents."),
    ),
]

# Tags as (Vietnamese, English). Some Vietnamese tags are also written in the
# other tone style or without marks now and then (VARIANTS), and ăn/an/ân share
# one ASCII slug: the portal keeps them apart, its checker warns about "an".
TAGS: list[Pair] = [
    ("phổ biến, giáo dục pháp luật", "legal dissemination"),
    ("hòa giải ở cơ sở", "grassroots mediation"),
    ("hòa giải viên", "mediators"),
    ("tập huấn", "training"),
    ("báo cáo viên pháp luật", "legal rapporteurs"),
    ("tuyên truyền viên pháp luật", "legal communicators"),
    ("trợ giúp pháp lý", "legal aid"),
    ("Ngày Pháp luật Việt Nam", "Vietnam Law Day"),
    ("tủ sách pháp luật", "law bookshelves"),
    ("pháp luật học đường", "law in schools"),
    ("an toàn giao thông", "road safety"),
    ("chuyển đổi số", "digital transformation"),
    ("Luật Đất đai", "Land Law"),
    ("tranh chấp đất đai", "land disputes"),
    ("Mặt trận Tổ quốc", "Fatherland Front"),
    ("hội thi", "contests"),
    ("trẻ em", "children"),
    ("văn hóa", "culture"),
    ("văn hóa pháp lý", "legal culture"),
    ("bình đẳng giới", "gender equality"),
    ("phòng, chống bạo lực gia đình", "domestic violence"),
    ("phòng, chống ma túy", "drug prevention"),
    ("phòng, chống tham nhũng", "anti-corruption"),
    ("cải cách hành chính", "administrative reform"),
    ("thủ tục hành chính", "administrative procedures"),
    ("dịch vụ công trực tuyến", "online public services"),
    ("hộ tịch", "civil registration"),
    ("chứng thực", "certification"),
    ("công chứng", "notarisation"),
    ("đấu giá tài sản", "asset auctions"),
    ("thi hành án dân sự", "civil judgment enforcement"),
    ("xử lý vi phạm hành chính", "administrative violations"),
    ("kiểm tra văn bản", "review of legal documents"),
    ("rà soát văn bản", "document screening"),
    ("pháp chế", "legal affairs"),
    ("doanh nghiệp", "business"),
    ("hỗ trợ pháp lý cho doanh nghiệp", "legal support for business"),
    ("người lao động", "workers"),
    ("khu công nghiệp", "industrial parks"),
    ("đồng bào dân tộc thiểu số", "ethnic minorities"),
    ("vùng sâu, vùng xa", "remote areas"),
    ("nông thôn mới", "new rural development"),
    ("chuẩn tiếp cận pháp luật", "access-to-law standard"),
    ("bảo vệ môi trường", "environmental protection"),
    ("tài nguyên nước", "water resources"),
    ("an ninh mạng", "cybersecurity"),
    ("an toàn thực phẩm", "food safety"),
    ("ăn", "eating"),
    ("an", "peace"),
    ("ân", "gratitude"),
    ("Luật Hòa giải ở cơ sở", "Law on Grassroots Mediation"),
    ("Luật Phổ biến, giáo dục pháp luật", "Law on Legal Dissemination"),
    ("Bộ luật Dân sự", "Civil Code"),
    ("Luật Trẻ em", "Law on Children"),
    ("Luật Hôn nhân và gia đình", "Law on Marriage and Family"),
    ("Luật Thanh niên", "Youth Law"),
    ("Luật Giao thông đường bộ", "Road Traffic Law"),
    ("Luật Xử lý vi phạm hành chính", "Law on Administrative Violations"),
    ("Luật Trợ giúp pháp lý", "Law on Legal Aid"),
    ("Luật Tiếp cận thông tin", "Law on Access to Information"),
    ("Luật Khiếu nại", "Law on Complaints"),
    ("Luật Tố cáo", "Law on Denunciations"),
    ("Luật Cư trú", "Law on Residence"),
    ("Luật Căn cước", "Law on Identification"),
    ("Luật Bảo hiểm xã hội", "Social Insurance Law"),
    ("Luật Nhà ở", "Housing Law"),
    ("Luật Kinh doanh bất động sản", "Real Estate Business Law"),
    ("Luật Bảo vệ quyền lợi người tiêu dùng", "Consumer Protection Law"),
    ("Luật Phòng, chống ma túy", "Law on Drug Prevention"),
    ("Luật Thực hiện dân chủ ở cơ sở", "Law on Grassroots Democracy"),
    ("dân chủ ở cơ sở", "grassroots democracy"),
    ("khiếu nại, tố cáo", "complaints and denunciations"),
    ("tiếp công dân", "citizen reception"),
    ("người cao tuổi", "older people"),
    ("người khuyết tật", "people with disabilities"),
    ("phụ nữ", "women"),
    ("thanh niên", "young people"),
    ("học sinh", "pupils"),
    ("sinh viên", "students"),
    ("cựu chiến binh", "veterans"),
    ("nông dân", "farmers"),
    ("ngư dân", "fishers"),
    ("tôn giáo", "religion"),
    ("hương ước, quy ước", "village covenants"),
    ("sơ kết", "mid-term reviews"),
    ("tổng kết", "annual reviews"),
    ("khen thưởng", "awards"),
    ("thi đua", "emulation"),
    ("hội nghị", "conferences"),
    ("tọa đàm", "seminars"),
    ("giao lưu", "exchanges"),
    ("cuộc thi trực tuyến", "online contests"),
    ("truyền thông", "communication"),
    ("loa truyền thanh", "loudspeakers"),
    ("mạng xã hội", "social media"),
    ("Tiền Giang", "Tiền Giang"),
    ("Cái Bè", "Cái Bè"),
    ("Cai Lậy", "Cai Lậy"),
    ("Gò Công", "Gò Công"),
    ("Mỹ Tho", "Mỹ Tho"),
]
# Other spellings of some tags, used for a share of their stories.
VARIANTS: dict[str, tuple[str, float]] = {
    "hòa giải ở cơ sở": ("hoà giải ở cơ sở", 0.3),  # old tone placement
    "hòa giải viên": ("hoà giải viên", 0.3),
    "văn hóa": ("văn hoá", 0.4),
    "văn hóa pháp lý": ("văn hoá pháp lý", 0.4),
    "tọa đàm": ("toạ đàm", 0.3),
    "chuyển đổi số": ("Chuyển đổi số", 0.2),  # capital
}
CATEGORIES: list[Pair] = [
    ("Phổ biến, giáo dục pháp luật", "Legal dissemination"),
    ("Hòa giải ở cơ sở", "Grassroots mediation"),
    ("Trợ giúp pháp lý", "Legal aid"),
    ("Văn bản mới", "New legislation"),
    ("Hỏi – đáp pháp luật", "Legal Q&A"),
    ("Tin hoạt động", "News"),
    ("Xây dựng pháp luật", "Law-making"),
    ("Thi hành pháp luật", "Law enforcement"),
]
AUTHORS: list[str] = [
    "Cao Thắng",
    "Nguyễn Thị Lan",
    "Trần Văn Hùng",
    "Lê Minh Tâm",
    "Phạm Thu Hà",
    "Võ Thanh Tùng",
    "Huỳnh Ngọc Ánh",
    "Bùi Quốc Bảo",
    "Đỗ Thị Mai",
    "Hồ Văn Nghĩa",
    "Ngô Thị Hồng",
    "Dương Minh Khoa",
    "Lý Thanh Sơn",
    "Trương Thị Yến",
    "Phan Văn Lộc",
    "Mai Anh Tuấn",
]
