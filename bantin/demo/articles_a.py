"""Demo news articles, part A: party building, economy and society, defence and security.

Written for this project in Vietnamese (NFC). Names of places in the Tân Uyên district of
Lai Châu are real; people, numbers, events and quotations are invented for the demo.
"""

ARTICLES_A = [
    {
        "id": "demo-a01",
        "title": "Đảng bộ huyện Tân Uyên hoàn thành toàn diện nhiệm vụ xây dựng Đảng năm 2025",
        "lead": (
            "Ngày 18/12/2025, Ban Chấp hành Đảng bộ huyện Tân Uyên tổ chức hội nghị tổng kết "
            "công tác xây dựng Đảng và hệ thống chính trị năm 2025, triển khai nhiệm vụ "
            "trọng tâm năm 2026."
        ),
        "paragraphs": [
            (
                "Theo báo cáo tại hội nghị, năm 2025 toàn Đảng bộ huyện kết nạp được 186 đảng "
                "viên mới, vượt 16% chỉ tiêu được giao. Trong số đó có 112 người là đồng bào "
                "dân tộc thiểu số và 47 người là đoàn viên thanh niên đang sinh sống tại các "
                "bản vùng cao."
            ),
            (
                "Việc kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng được thực hiện thực "
                "chất hơn so với các năm trước. Có 41/52 tổ chức cơ sở đảng được xếp loại hoàn "
                "thành tốt nhiệm vụ trở lên; đến nay không còn bản nào chưa có đảng viên."
            ),
            (
                "Phát biểu chỉ đạo, đồng chí Lò Thị Hương, Bí thư Huyện ủy, đề nghị các cấp ủy "
                "trong năm 2026 tập trung nâng cao chất lượng sinh hoạt chi bộ, gắn sinh hoạt "
                "chuyên đề với phát triển cây chè, bảo vệ rừng và giảm nghèo. Mỗi chi bộ bản "
                "phải chọn ít nhất một việc làm cụ thể, đo đếm được để người dân cùng theo dõi."
            ),
            (
                "Dịp này, Ban Thường vụ Huyện ủy khen thưởng 9 tập thể và 23 cá nhân có thành "
                "tích xuất sắc trong công tác xây dựng Đảng. Hội nghị cũng thông qua chương "
                "trình kiểm tra, giám sát năm 2026 với 14 cuộc kiểm tra theo chuyên đề."
            ),
        ],
        "author": "Lò Văn Thanh",
        "source": "Ban Tuyên giáo Huyện ủy",
        "published_at": "2025-12-18T16:45:00+07:00",
        "category": "Tin tức/Xây dựng Đảng",
        "extra_categories": [],
        "tags": ["Xây dựng Đảng", "Tổng kết năm", "Huyện ủy"],
        "image_caption": (
            "Quang cảnh hội nghị tổng kết công tác xây dựng Đảng năm 2025 của Đảng bộ "
            "huyện Tân Uyên."
        ),
        "image_theme": "meeting",
        "views": 3120,
        "featured": True,
    },
    {
        "id": "demo-a02",
        "title": "Huyện ủy Tân Uyên bồi dưỡng lý luận chính trị cho 124 đảng viên mới",
        "lead": (
            "Sáng 10/11/2025, Trung tâm Chính trị huyện Tân Uyên khai giảng lớp bồi dưỡng lý "
            "luận chính trị dành cho đảng viên mới của các đảng bộ xã, thị trấn."
        ),
        "paragraphs": [
            (
                "Lớp học kéo dài 7 ngày với 124 học viên, trong đó hơn một nửa là đảng viên dưới "
                "30 tuổi đang công tác ở thôn, bản. Học viên nghiên cứu các chuyên đề về Điều "
                "lệ Đảng, tư tưởng Hồ Chí Minh, nhiệm vụ của người đảng viên và những điều "
                "đảng viên không được làm."
            ),
            (
                "Để học viên người Mông, người Dao dễ tiếp thu, giảng viên lồng ghép nhiều ví dụ "
                "gần gũi từ đời sống ở bản, như vận động bà con bỏ hủ tục trong đám cưới, đám "
                "tang hay giữ gìn rừng đầu nguồn. Mỗi buổi học đều dành thời gian để học viên "
                "trao đổi và đặt câu hỏi."
            ),
            (
                "Kết thúc khóa học, mỗi học viên viết bài thu hoạch gắn với kế hoạch rèn luyện "
                "của bản thân tại chi bộ. Trung tâm Chính trị huyện sẽ phối hợp với cấp ủy cơ sở "
                "theo dõi việc thực hiện cam kết trong suốt thời gian dự bị."
            ),
        ],
        "author": "Nguyễn Thị Hằng",
        "source": "Trung tâm Chính trị huyện",
        "published_at": "2025-11-10T09:15:00+07:00",
        "category": "Tin tức/Xây dựng Đảng",
        "extra_categories": [],
        "tags": ["Đảng viên mới", "Bồi dưỡng chính trị"],
        "image_caption": (
            "Học viên lớp bồi dưỡng lý luận chính trị dành cho đảng viên mới tại Trung tâm "
            "Chính trị huyện."
        ),
        "image_theme": "meeting",
        "views": 842,
        "featured": False,
    },
    {
        "id": "demo-a03",
        "title": "Chi bộ bản Hố Mít: nơi thanh niên Mông tìm đến với Đảng",
        "lead": (
            "Ba năm qua, Chi bộ bản Hố Mít thuộc Đảng bộ xã Hố Mít, huyện Tân Uyên đã kết nạp "
            "7 đảng viên là thanh niên người Mông, nâng tổng số đảng viên lên 15 đồng chí."
        ),
        "paragraphs": [
            (
                "Trước năm 2023, chi bộ chỉ có 8 đảng viên, phần lớn đã ngoài 50 tuổi. Nhiều "
                "thanh niên trong bản đi làm ăn xa nên nguồn phát triển đảng viên gần như "
                "không có."
            ),
            (
                "Chi bộ phân công mỗi đảng viên kèm cặp một đoàn viên ưu tú và giao việc cụ thể "
                "như phụ trách tổ thanh niên làm đường, vận động trẻ em ra lớp hay hướng dẫn "
                "bà con trồng chè đúng kỹ thuật. Qua công việc thực tế, những người trẻ dần "
                "tạo được uy tín với dân bản."
            ),
            (
                "Anh Giàng A Sểnh, 26 tuổi, được kết nạp vào Đảng tháng 5/2025, kể rằng trước "
                "đây anh nghĩ vào Đảng là việc của cán bộ xã. Sau khi cùng các đảng viên làm "
                "đường bê tông nội bản, anh hiểu người đảng viên ở bản phải đi đầu trong những "
                "việc thiết thực nhất."
            ),
            (
                "Hiện chi bộ đang bồi dưỡng thêm 3 quần chúng ưu tú, trong đó có 2 nữ. Đảng ủy "
                "xã Hố Mít đánh giá đây là cách làm cần nhân rộng ra các bản còn ít đảng viên "
                "trẻ."
            ),
        ],
        "author": "Giàng A Páo",
        "source": "",
        "published_at": "2026-01-22T14:30:00+07:00",
        "category": "Tin tức/Xây dựng Đảng",
        "extra_categories": [],
        "tags": ["Chi bộ bản", "Phát triển đảng viên", "Hố Mít"],
        "image_caption": (
            "Đảng viên trẻ Chi bộ bản Hố Mít trao đổi với người dân về kỹ thuật chăm sóc chè."
        ),
        "image_theme": "village",
        "views": 1275,
        "featured": False,
    },
    {
        "id": "demo-a04",
        "title": "Đưa nghị quyết của Đảng đến từng bản qua trạm truyền thanh xã",
        "lead": (
            "Đảng bộ huyện Tân Uyên đang phát huy hệ thống trạm truyền thanh và cụm loa ở 10 xã, "
            "thị trấn để tuyên truyền nghị quyết của Đảng bằng tiếng phổ thông, tiếng Thái và "
            "tiếng Mông."
        ),
        "paragraphs": [
            (
                "Hiện toàn huyện có 10 trạm truyền thanh cấp xã với 86 cụm loa đặt tại trung tâm "
                "các bản. Các cụm loa được cài đặt tự động bật, tắt theo hai khung giờ cố định: "
                "từ 6 giờ đến 6 giờ 30 sáng và từ 17 giờ 30 đến 18 giờ chiều, khi bà con đã ở "
                "nhà trước và sau buổi lên nương."
            ),
            (
                "Từ đầu năm 2026, mỗi tuần các trạm phát ít nhất ba chuyên mục về học tập, quán "
                "triệt nghị quyết, mỗi chuyên mục dài khoảng 10 phút. Nội dung do Ban Tuyên giáo "
                "Huyện ủy biên soạn ngắn gọn, sau đó cán bộ văn hóa xã dịch và thu âm bằng tiếng "
                "dân tộc."
            ),
            (
                "Ở xã Nậm Sỏ, nơi nhiều bản người Mông cách trung tâm xã hơn 10 km, cụm loa đã "
                "trở thành kênh thông tin quen thuộc. Ông Sùng A Lử, người có uy tín trong bản, "
                "cho biết nhiều người già không biết chữ nay vẫn nắm được chủ trương mới qua "
                "những buổi phát thanh sáng sớm."
            ),
            (
                "Thời gian tới, huyện sẽ thay 24 cụm loa có dây đã xuống cấp bằng cụm loa ứng "
                "dụng công nghệ thông tin, cho phép điều chỉnh lịch phát từ xa qua phần mềm. Nhờ "
                "đó, các xã có thể chủ động chèn thông báo khẩn khi có mưa lũ mà không làm gián "
                "đoạn lịch phát thường xuyên."
            ),
        ],
        "author": "Lường Thị Ngọc",
        "source": "Ban Tuyên giáo Huyện ủy",
        "published_at": "2026-03-05T07:40:00+07:00",
        "category": "Tin tức/Xây dựng Đảng",
        "extra_categories": ["Chuyển đổi số"],
        "tags": ["Truyền thanh cơ sở", "Tuyên truyền", "Nghị quyết"],
        "image_caption": (
            "Cụm loa truyền thanh đặt cạnh nhà văn hóa bản, phát theo khung giờ sáng và chiều."
        ),
        "image_theme": "village",
        "views": 968,
        "featured": False,
    },
    {
        "id": "demo-a05",
        "title": "Ủy ban Kiểm tra Huyện ủy giám sát việc lãnh đạo giảm nghèo tại 6 chi bộ",
        "lead": (
            "Trong quý II năm 2026, Ủy ban Kiểm tra Huyện ủy Tân Uyên giám sát chuyên đề việc "
            "lãnh đạo thực hiện chương trình giảm nghèo tại 6 chi bộ bản thuộc các đảng bộ xã "
            "Trung Đồng, Thân Thuộc và Nậm Cần."
        ),
        "paragraphs": [
            (
                "Nội dung giám sát tập trung vào việc chi bộ ra nghị quyết, phân công đảng viên "
                "theo dõi hộ nghèo và công khai danh sách hộ được hỗ trợ. Đoàn giám sát đối "
                "chiếu sổ biên bản sinh hoạt chi bộ với hồ sơ hỗ trợ bò giống, xi măng và cây "
                "chè giống của từng hộ."
            ),
            (
                "Qua giám sát, các chi bộ cơ bản thực hiện đúng quy trình, việc bình xét hộ nghèo "
                "có sự tham gia của người dân. Tuy vậy, 2 chi bộ chưa cập nhật kịp thời tiến độ "
                "hỗ trợ; một số nghị quyết còn chung chung, chưa nêu rõ thời hạn hoàn thành."
            ),
            (
                "Ủy ban Kiểm tra Huyện ủy đề nghị các chi bộ khắc phục hạn chế trước ngày "
                "30/7/2026 và báo cáo kết quả bằng văn bản. Theo lãnh đạo Ủy ban, giám sát không "
                "nhằm tìm lỗi mà để kịp thời chấn chỉnh, giúp nguồn vốn hỗ trợ đến đúng người, "
                "đúng việc."
            ),
        ],
        "author": "Trần Minh Đức",
        "source": "Ủy ban Kiểm tra Huyện ủy",
        "published_at": "2026-06-16T10:05:00+07:00",
        "category": "Tin tức/Xây dựng Đảng",
        "extra_categories": [],
        "tags": ["Kiểm tra, giám sát", "Giảm nghèo"],
        "image_caption": (
            "Đoàn giám sát của Ủy ban Kiểm tra Huyện ủy làm việc với một chi bộ bản tại xã "
            "Trung Đồng."
        ),
        "image_theme": "meeting",
        "views": 615,
        "featured": False,
    },
    {
        "id": "demo-a06",
        "title": "Đảng bộ thị trấn Tân Uyên đưa sổ tay đảng viên điện tử vào sinh hoạt chi bộ",
        "lead": (
            "Sau 6 tháng triển khai, tất cả 19 chi bộ thuộc Đảng bộ thị trấn Tân Uyên đã dùng "
            "ứng dụng Sổ tay đảng viên điện tử để gửi tài liệu và thông báo lịch sinh hoạt."
        ),
        "paragraphs": [
            (
                "Đảng bộ thị trấn hiện có 412 đảng viên sinh hoạt ở các chi bộ tổ dân phố, cơ "
                "quan và trường học. Trước đây, mỗi kỳ sinh hoạt, văn phòng Đảng ủy phải in, sao "
                "hàng trăm trang tài liệu rồi chuyển xuống từng chi bộ."
            ),
            (
                "Từ tháng 3/2026, tài liệu sinh hoạt được đăng trên ứng dụng để đảng viên đọc "
                "trước trên điện thoại. Thời gian phổ biến văn bản tại buổi sinh hoạt nhờ vậy "
                "giảm đáng kể, dành chỗ cho thảo luận những việc cụ thể như chỉnh trang đường "
                "phố, thu gom rác thải hay giúp đỡ gia đình khó khăn."
            ),
            (
                "Với đảng viên cao tuổi chưa quen dùng điện thoại thông minh, các chi bộ cử đảng "
                "viên trẻ đến tận nhà hướng dẫn. Đến nay, 387 đảng viên đã cài đặt và sử dụng "
                "thường xuyên; số còn lại vẫn được cấp tài liệu in như trước."
            ),
            (
                "Đảng ủy thị trấn cho biết sẽ tiếp tục số hóa hồ sơ đảng viên và biên bản sinh "
                "hoạt chi bộ trong năm 2026. Cách làm này đang được Huyện ủy theo dõi để tổng "
                "kết, nhân rộng ra các đảng bộ xã."
            ),
        ],
        "author": "Phạm Quốc Huy",
        "source": "",
        "published_at": "2026-09-08T15:20:00+07:00",
        "category": "Tin tức/Xây dựng Đảng",
        "extra_categories": ["Chuyển đổi số"],
        "tags": ["Chuyển đổi số", "Sinh hoạt chi bộ", "Thị trấn Tân Uyên"],
        "image_caption": (
            "Đảng viên một chi bộ tổ dân phố tra cứu tài liệu sinh hoạt trên ứng dụng Sổ tay "
            "đảng viên điện tử."
        ),
        "image_theme": "meeting",
        "views": 1534,
        "featured": False,
    },
    {
        "id": "demo-a07",
        "title": "Tân Uyên trồng mới 260 ha chè, hướng tới vùng nguyên liệu chất lượng cao",
        "lead": (
            "Năm 2025, huyện Tân Uyên trồng mới 260 ha chè giống Kim Tuyên, Shan Chất Tiền và "
            "Phúc Vân Tiên, nâng tổng diện tích chè toàn huyện lên gần 4.000 ha."
        ),
        "paragraphs": [
            (
                "Diện tích trồng mới tập trung ở các xã Phúc Khoa, Trung Đồng, Thân Thuộc và Pắc "
                "Ta với hơn 540 hộ tham gia. Người dân được hỗ trợ toàn bộ cây giống và một phần "
                "phân bón trong năm đầu theo chính sách khuyến khích phát triển chè của tỉnh."
            ),
            (
                "Khác với trước đây, diện tích mới được quy hoạch thành vùng liền khoảnh, mật độ "
                "trồng hợp lý và có đường vận chuyển đến tận nương. Nhiều hộ đã ký hợp đồng bao "
                "tiêu với các doanh nghiệp chế biến trên địa bàn nên yên tâm đầu tư chăm sóc."
            ),
            (
                "Gia đình ông Lò Văn Phanh ở bản Đông Pao, xã Trung Đồng chuyển 1,2 ha nương ngô "
                "kém hiệu quả sang trồng chè Kim Tuyên. Theo ông, khi chè cho thu hoạch ổn định "
                "sau khoảng ba năm, mỗi ha có thể đem lại thu nhập gấp bốn lần trồng ngô."
            ),
            (
                "Cán bộ nông nghiệp huyện đang hướng dẫn các hộ trồng xen cây đậu, cây phân xanh "
                "để che phủ đất trong hai năm đầu. Huyện đặt mục tiêu đến năm 2027 có ít nhất "
                "1.500 ha chè được cấp chứng nhận VietGAP hoặc hữu cơ."
            ),
        ],
        "author": "Vàng Thị Mai",
        "source": "",
        "published_at": "2025-10-14T08:20:00+07:00",
        "category": "Tin tức/Kinh tế - Xã hội",
        "extra_categories": ["Nông nghiệp - Nông thôn mới"],
        "tags": ["Cây chè", "Trung Đồng", "Sản xuất nông nghiệp"],
        "image_caption": "Đồi chè mới trồng xanh mướt tại xã Phúc Khoa, huyện Tân Uyên.",
        "image_theme": "tea",
        "views": 4210,
        "featured": True,
    },
    {
        "id": "demo-a08",
        "title": "Thêm 4 sản phẩm của Tân Uyên đạt chứng nhận OCOP 3 sao",
        "lead": (
            "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Lai Châu vừa công nhận 4 sản phẩm "
            "của huyện Tân Uyên đạt 3 sao, gồm 2 sản phẩm chè, 1 sản phẩm gạo và 1 sản phẩm "
            "mật ong."
        ),
        "paragraphs": [
            (
                "Các sản phẩm mới được công nhận là chè xanh búp của một hợp tác xã ở xã Thân "
                "Thuộc, chè ô long của một doanh nghiệp tại thị trấn, gạo nếp tan Mường Khoa và "
                "mật ong hoa rừng Tà Mít. Đến nay, toàn huyện có 21 sản phẩm OCOP, trong đó 3 "
                "sản phẩm đạt 4 sao."
            ),
            (
                "Để đạt chuẩn, các chủ thể đã đầu tư máy đóng gói, thiết kế lại bao bì và gắn mã "
                "QR truy xuất nguồn gốc. Chị Lường Thị Xuân, giám đốc hợp tác xã chè ở bản Chế "
                "Hạng, cho biết sau khi có nhãn mác rõ ràng, chè của hợp tác xã đã có mặt tại 6 "
                "cửa hàng đặc sản ở Hà Nội và Lào Cai."
            ),
            (
                "Gạo nếp tan Mường Khoa được đồng bào Thái canh tác trên khoảng 80 ha ruộng, mỗi "
                "năm chỉ cấy một vụ. Sau khi đạt OCOP, giá bán dao động 35.000 - 40.000 đồng/kg, "
                "cao hơn gạo nếp thường khoảng 30%."
            ),
            (
                "Huyện tiếp tục hỗ trợ các chủ thể tham gia hội chợ, đưa sản phẩm lên sàn thương "
                "mại điện tử và đăng ký nâng hạng. Năm 2026, Tân Uyên phấn đấu có thêm ít nhất 5 "
                "sản phẩm được đánh giá, ưu tiên các sản phẩm từ chè và dược liệu."
            ),
        ],
        "author": "Chảo Thị Mây",
        "source": "",
        "published_at": "2026-02-10T11:10:00+07:00",
        "category": "Tin tức/Kinh tế - Xã hội",
        "extra_categories": ["Nông nghiệp - Nông thôn mới"],
        "tags": ["OCOP", "Đặc sản", "Chè"],
        "image_caption": (
            "Sản phẩm chè, gạo nếp tan và mật ong của Tân Uyên được trưng bày tại hội chợ OCOP."
        ),
        "image_theme": "tea",
        "views": 2380,
        "featured": False,
    },
    {
        "id": "demo-a09",
        "title": "Nậm Sỏ hoàn thành tuyến đường bê tông 6,8 km nối ba bản vùng cao",
        "lead": (
            "Ngày 24/4/2026, UBND xã Nậm Sỏ bàn giao, đưa vào sử dụng tuyến đường bê tông dài "
            "6,8 km nối trung tâm xã với ba bản vùng cao."
        ),
        "paragraphs": [
            (
                "Công trình có tổng vốn gần 14,5 tỷ đồng từ chương trình mục tiêu quốc gia phát "
                "triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi. Mặt đường "
                "rộng 3,5 m, có 21 cống thoát nước ngang và rãnh dọc ở những đoạn ta luy cao."
            ),
            (
                "Trước đây, con đường đất chỉ đi được vào mùa khô; mùa mưa, xe máy phải quấn xích "
                "mới qua được những con dốc trơn. Nhiều hộ người Khơ Mú và người Mông ở cuối "
                "tuyến phải gùi ngô, sắn hàng giờ mới ra đến chợ xã."
            ),
            (
                "Trong quá trình thi công, 143 hộ dân đã tự nguyện hiến hơn 9.000 m² đất và góp "
                "gần 1.200 ngày công san gạt mặt bằng. Có gia đình chặt bỏ cả cây ăn quả trong "
                "vườn để mở rộng khúc cua cho xe tải đi qua an toàn."
            ),
            (
                "Ông Lò Văn Thương, Chủ tịch UBND xã Nậm Sỏ, cho biết tuyến đường mở ra cơ hội "
                "đưa xe thu mua chè, ngô hàng hóa vào tận bản. Xã đã lập tổ tự quản ở mỗi bản để "
                "thường xuyên phát dọn, khơi thông rãnh, giữ cho con đường bền lâu."
            ),
        ],
        "author": "Hoàng Thị Thu",
        "source": "UBND xã Nậm Sỏ",
        "published_at": "2026-04-24T17:05:00+07:00",
        "category": "Tin tức/Kinh tế - Xã hội",
        "extra_categories": ["Nông nghiệp - Nông thôn mới"],
        "tags": ["Giao thông nông thôn", "Hiến đất làm đường", "Nậm Sỏ"],
        "image_caption": (
            "Tuyến đường bê tông mới men theo sườn núi, nối trung tâm xã Nậm Sỏ với các bản "
            "vùng cao."
        ),
        "image_theme": "mountain",
        "views": 1890,
        "featured": False,
    },
    {
        "id": "demo-a10",
        "title": "Học sinh bán trú Nậm Cần vào năm học mới với 8 phòng học kiên cố",
        "lead": (
            "Trước thềm năm học 2026 - 2027, Trường Phổ thông dân tộc bán trú Tiểu học và THCS "
            "Nậm Cần đưa vào sử dụng dãy nhà hai tầng gồm 8 phòng học cùng khu nội trú cho 160 "
            "học sinh."
        ),
        "paragraphs": [
            (
                "Công trình được xây dựng trong 9 tháng với kinh phí khoảng 11 tỷ đồng, thay thế "
                "các phòng học tạm bằng ván gỗ đã xuống cấp. Khu nội trú có bếp ăn một chiều, nhà "
                "tắm nước nóng và hệ thống lọc nước uống."
            ),
            (
                "Nhà trường hiện có 612 học sinh, hơn 95% là con em đồng bào Mông và Dao. Nhiều "
                "em nhà cách trường trên 7 km đường núi nên trước đây thường phải nghỉ học vào "
                "những ngày mưa rét."
            ),
            (
                "Cô Phàn Thị Kiều, Phó Hiệu trưởng nhà trường, cho biết năm học trước tỷ lệ học "
                "sinh đi học chuyên cần mới đạt 91%. Có chỗ ở bán trú khang trang, trường đặt "
                "mục tiêu nâng tỷ lệ này lên trên 97% và không để học sinh bỏ học giữa chừng."
            ),
            (
                "Dịp bàn giao công trình ngày 27/8/2026, các nhà hảo tâm đã trao tặng 300 bộ "
                "chăn ấm, áo khoác và 450 bộ sách giáo khoa cho học sinh có hoàn cảnh khó khăn. "
                "Nhà trường cũng mời phụ huynh tham quan khu nội trú và cùng ký cam kết đưa con "
                "đến lớp đầy đủ."
            ),
        ],
        "author": "Nguyễn Văn Hải",
        "source": "",
        "published_at": "2026-08-28T10:30:00+07:00",
        "category": "Tin tức/Kinh tế - Xã hội",
        "extra_categories": ["Văn hóa - Xã hội"],
        "tags": ["Giáo dục", "Trường bán trú", "Nậm Cần"],
        "image_caption": (
            "Dãy phòng học hai tầng mới của Trường Phổ thông dân tộc bán trú Tiểu học và THCS "
            "Nậm Cần."
        ),
        "image_theme": "village",
        "views": 1460,
        "featured": False,
    },
    {
        "id": "demo-a11",
        "title": "Trạm y tế xã Pắc Ta đạt Bộ tiêu chí quốc gia về y tế xã",
        "lead": (
            "Sau hơn một năm đầu tư nâng cấp, Trạm y tế xã Pắc Ta được công nhận đạt Bộ tiêu chí "
            "quốc gia về y tế xã, trở thành trạm thứ 8 của huyện Tân Uyên đạt chuẩn."
        ),
        "paragraphs": [
            (
                "Trạm được cải tạo 7 phòng chức năng, bổ sung máy xét nghiệm sinh hóa, máy siêu "
                "âm và tủ bảo quản vắc xin. Hiện trạm có 6 nhân viên y tế, gồm 1 bác sĩ, 2 y sĩ, "
                "1 nữ hộ sinh và 2 điều dưỡng."
            ),
            (
                "Từ đầu năm 2026, trạm khám chữa bệnh bảo hiểm y tế bằng thẻ căn cước gắn chip, "
                "rút ngắn thời gian chờ đăng ký. Mỗi tháng trạm tiếp nhận bình quân 420 lượt "
                "khám, tăng gần gấp đôi so với năm 2024."
            ),
            (
                "Nhân viên y tế bản được tập huấn lại về chăm sóc bà mẹ, trẻ sơ sinh và phát hiện "
                "sớm các bệnh không lây nhiễm như tăng huyết áp, đái tháo đường. Tỷ lệ phụ nữ "
                "sinh con tại cơ sở y tế trong xã đã tăng từ 68% lên 89%."
            ),
            (
                "Bà Lò Thị Én ở bản Pắc Ta kể trước đây mỗi lần cần siêu âm phải xuống bệnh viện "
                "huyện, nay chỉ đi chừng 10 phút là tới trạm. Trạm y tế duy trì trực 24/24 giờ "
                "để kịp thời xử lý các ca cấp cứu ban đầu."
            ),
        ],
        "author": "Đinh Thị Lan",
        "source": "Trung tâm Y tế huyện",
        "published_at": "2026-05-19T09:45:00+07:00",
        "category": "Tin tức/Kinh tế - Xã hội",
        "extra_categories": ["Văn hóa - Xã hội"],
        "tags": ["Y tế cơ sở", "Chăm sóc sức khỏe", "Pắc Ta"],
        "image_caption": "Nhân viên Trạm y tế xã Pắc Ta khám sức khỏe cho người dân trong bản.",
        "image_theme": "village",
        "views": 1105,
        "featured": False,
    },
    {
        "id": "demo-a12",
        "title": "Phúc Khoa kiên cố hóa 5,2 km kênh thủy lợi, ruộng bậc thang đủ nước hai vụ",
        "lead": (
            "Hoàn thành từ đầu năm 2026, ba tuyến kênh thủy lợi mới ở xã Phúc Khoa bảo đảm tưới "
            "cho gần 120 ha ruộng, giúp nhiều hộ nghèo có thêm vụ lúa và tăng thu nhập."
        ),
        "paragraphs": [
            (
                "Các tuyến kênh dài tổng cộng 5,2 km được đổ bê tông thay cho mương đất thường "
                "xuyên sạt lở mỗi mùa mưa. Kinh phí gần 7,8 tỷ đồng được bố trí từ chương trình "
                "mục tiêu quốc gia giảm nghèo bền vững và ngân sách huyện."
            ),
            (
                "Trước đây, khoảng 35 ha ruộng bậc thang ở cuối kênh chỉ cấy được một vụ vì "
                "thiếu nước đổ ải. Nay nước về đều, 211 hộ ở bản Nà Khoa và các bản lân cận đã "
                "chủ động gieo mạ, cấy đúng lịch thời vụ."
            ),
            (
                "Anh Lò Văn Tiến, hộ nghèo ở bản Nà Khoa, cho biết vụ xuân vừa qua gia đình lần "
                "đầu thu được 1,4 tấn thóc trên 3.000 m² ruộng. Cùng với 2 con bò được hỗ trợ từ "
                "chương trình giảm nghèo, anh tin gia đình sẽ thoát nghèo vào cuối năm nay."
            ),
            (
                "Theo quy định phân cấp quản lý công trình thủy lợi nhỏ vừa được UBND huyện ban "
                "hành, xã đã giao tổ dùng nước ở từng bản trực tiếp quản lý kênh; mỗi hộ góp "
                "20.000 đồng mỗi vụ để nạo vét, sửa chữa nhỏ. Cuối năm 2025, tỷ lệ hộ nghèo của "
                "Phúc Khoa là 14,6%, xã phấn đấu đưa xuống dưới 11% trong năm 2026."
            ),
        ],
        "author": "Lò Thị Hoa",
        "source": "",
        "published_at": "2026-07-09T14:10:00+07:00",
        "category": "Tin tức/Kinh tế - Xã hội",
        "extra_categories": ["Nông nghiệp - Nông thôn mới"],
        "tags": ["Thủy lợi", "Giảm nghèo", "Phúc Khoa"],
        "image_caption": "Tuyến kênh thủy lợi mới dẫn nước về ruộng bậc thang ở xã Phúc Khoa.",
        "image_theme": "field",
        "views": 1720,
        "featured": False,
    },
    {
        "id": "demo-a13",
        "title": "Tân Uyên ra quân huấn luyện dân quân tự vệ năm 2026",
        "lead": (
            "Sáng 26/2/2026, Ban Chỉ huy Quân sự huyện Tân Uyên tổ chức lễ ra quân huấn luyện "
            "năm 2026 cho lực lượng dân quân tự vệ của 10 xã, thị trấn."
        ),
        "paragraphs": [
            (
                "Năm nay, toàn huyện huấn luyện cho 1.046 cán bộ, chiến sĩ dân quân tự vệ, trong "
                "đó có 318 chiến sĩ dân quân năm thứ nhất. Nội dung gồm điều lệnh, kỹ thuật bắn "
                "súng, chiến thuật phân đội và đặc biệt là kỹ năng cứu hộ, cứu nạn khi xảy ra sạt "
                "lở đất, lũ quét."
            ),
            (
                "Ngay sau lễ ra quân, trung đội dân quân cơ động của huyện thực hành tìm kiếm "
                "người mất tích trong rừng và sơ cứu nạn nhân. Các tình huống được xây dựng sát "
                "với địa bàn đồi dốc, suối sâu của Tân Uyên."
            ),
            (
                "Chỉ huy trưởng Ban Chỉ huy Quân sự huyện yêu cầu các xã bố trí lịch huấn luyện "
                "linh hoạt, tránh trùng những ngày cao điểm hái chè xuân của người dân. Kết thúc "
                "đợt huấn luyện, huyện sẽ tổ chức hội thao để đánh giá kết quả và chọn đơn vị "
                "tiêu biểu."
            ),
        ],
        "author": "Sùng A Chứ",
        "source": "Ban Chỉ huy Quân sự huyện",
        "published_at": "2026-02-26T07:50:00+07:00",
        "category": "Tin tức/Quốc phòng - An ninh",
        "extra_categories": [],
        "tags": ["Dân quân tự vệ", "Huấn luyện", "Quốc phòng địa phương"],
        "image_caption": (
            "Dân quân tự vệ huyện Tân Uyên thực hành kỹ năng cứu hộ tại lễ ra quân huấn luyện "
            "năm 2026."
        ),
        "image_theme": "mountain",
        "views": 2950,
        "featured": True,
    },
    {
        "id": "demo-a14",
        "title": "Tà Mít vận động thanh niên không xuất cảnh trái phép đi làm thuê",
        "lead": (
            "Từ đầu năm 2026, Công an xã Tà Mít phối hợp với các bản tổ chức 27 buổi tuyên "
            "truyền, giúp hàng trăm lao động trẻ hiểu rõ rủi ro khi vượt biên trái phép sang "
            "nước ngoài làm thuê."
        ),
        "paragraphs": [
            (
                "Những năm trước, một số thanh niên trong xã nghe lời rủ rê trên mạng xã hội, "
                "theo người lạ xuống khu vực biên giới rồi vượt biên làm thuê. Có trường hợp bị "
                "giữ giấy tờ, bị quỵt tiền công và phải nhờ gia đình vay mượn tiền để về quê."
            ),
            (
                "Năm nay, Công an xã cùng lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở lập "
                "danh sách 214 lao động từ 16 đến 35 tuổi để thăm hỏi, nắm tình hình từng gia "
                "đình. Cán bộ hướng dẫn thủ tục đi làm việc ở nước ngoài theo hợp đồng hợp pháp "
                "và giới thiệu việc làm tại các khu công nghiệp trong nước."
            ),
            (
                "Nhờ nắm chắc địa bàn, trong 9 tháng năm 2026, xã không phát sinh trường hợp mới "
                "xuất cảnh trái phép. Sáu lao động trở về từ năm trước đã được hỗ trợ vay vốn "
                "trồng chè, nuôi lợn đen để ổn định cuộc sống."
            ),
            (
                "Ông Vàng A Dình, trưởng một bản người Mông ở Tà Mít, cho biết tin báo của bà con "
                "giờ đến với công an xã rất nhanh. Chỉ cần thấy người lạ vào bản hỏi tuyển lao "
                "động, người dân sẽ gọi điện cho tổ bảo vệ an ninh ngay trong ngày."
            ),
        ],
        "author": "Lê Hoàng Nam",
        "source": "Công an huyện",
        "published_at": "2026-10-06T16:00:00+07:00",
        "category": "Tin tức/Quốc phòng - An ninh",
        "extra_categories": [],
        "tags": ["An ninh trật tự", "Xuất cảnh trái phép", "Tà Mít"],
        "image_caption": (
            "Cán bộ Công an xã Tà Mít trò chuyện, tuyên truyền cho thanh niên trong bản."
        ),
        "image_theme": "village",
        "views": 1340,
        "featured": False,
    },
    {
        "id": "demo-a15",
        "title": "Tân Uyên ra quân phòng cháy, chữa cháy rừng mùa khô 2026 - 2027",
        "lead": (
            "Thực hiện Chỉ thị số 04/CT-UBND của UBND huyện, từ đầu tháng 11/2026, các xã, thị "
            "trấn ở Tân Uyên đồng loạt ra quân phòng cháy, chữa cháy rừng; trạm truyền thanh xã "
            "được giao phát cảnh báo hằng ngày."
        ),
        "paragraphs": [
            (
                "Huyện có gần 36.000 ha rừng, phần lớn là rừng phòng hộ đầu nguồn trên sườn dãy "
                "Hoàng Liên Sơn. Mùa khô năm nay được dự báo kéo dài, độ ẩm thấp, nguy cơ cháy "
                "rừng ở mức cao từ tháng 12 đến tháng 4 năm sau."
            ),
            (
                "Theo lịch phát thanh điều chỉnh từ tháng 9/2026, cụm loa ở các bản tự động bật "
                "từ 6 giờ đến 6 giờ 15 và từ 18 giờ đến 18 giờ 15 để phát bản tin cấp dự báo "
                "cháy rừng. Những ngày cảnh báo cấp IV, cấp V, trạm truyền thanh xã mở thêm khung "
                "giờ 11 giờ 30 đến 11 giờ 45, nhắc bà con không đốt nương, đốt ong trên rừng."
            ),
            (
                "Cùng với tuyên truyền, các xã, thị trấn đã kiện toàn 64 tổ đội quần chúng bảo vệ "
                "rừng với hơn 900 thành viên và phát dọn 42 km đường băng cản lửa. Hộ nào đốt "
                "nương phải báo trước cho trưởng bản và có người trông coi đến khi tắt hẳn lửa."
            ),
            (
                "Hạt Kiểm lâm huyện bố trí 3 chốt trực 24/24 giờ tại khu vực giáp ranh rừng phòng "
                "hộ ở Hố Mít, Tà Mít và Phúc Khoa. Số điện thoại đường dây nóng báo cháy rừng đã "
                "được dán tại nhà văn hóa của tất cả các bản."
            ),
        ],
        "author": "Vương Văn Khánh",
        "source": "Hạt Kiểm lâm huyện",
        "published_at": "2026-11-04T06:55:00+07:00",
        "category": "Tin tức/Quốc phòng - An ninh",
        "extra_categories": [],
        "tags": ["Phòng cháy rừng", "Truyền thanh cơ sở", "Mùa khô"],
        "image_caption": (
            "Tổ bảo vệ rừng phát dọn đường băng cản lửa trên sườn núi ở xã Hố Mít."
        ),
        "image_theme": "mountain",
        "views": 760,
        "featured": False,
    },
    {
        "id": "demo-a16",
        "title": "Kiểm soát chặt vi phạm nồng độ cồn trên Quốc lộ 32 dịp Tết Bính Ngọ",
        "lead": (
            "Từ ngày 20/1 đến 5/3/2026, Công an huyện Tân Uyên tăng cường tuần tra, kiểm soát "
            "trên Quốc lộ 32 và các tuyến đường liên xã, tập trung xử lý vi phạm nồng độ cồn và "
            "chở quá số người quy định."
        ),
        "paragraphs": [
            (
                "Đoạn Quốc lộ 32 qua địa bàn huyện dài hơn 30 km, có nhiều khúc cua gấp, đèo dốc "
                "và thường có sương mù vào sáng sớm. Dịp cuối năm, lượng xe chở chè, vật liệu xây "
                "dựng và người dân đi sắm Tết tăng cao, tiềm ẩn nguy cơ tai nạn."
            ),
            (
                "Sau 10 ngày ra quân, lực lượng chức năng đã lập biên bản 87 trường hợp vi phạm, "
                "tạm giữ 41 xe mô tô, trong đó 29 trường hợp điều khiển xe sau khi uống rượu. "
                "Phần lớn người vi phạm là nam thanh niên đi ăn cỗ ở bản bên trở về."
            ),
            (
                "Công an các xã phối hợp với trưởng bản vận động gia chủ không ép rượu khách và "
                "bố trí người đưa khách đã uống rượu về nhà. Ở thị trấn Tân Uyên, 15 cửa hàng ăn "
                "uống đã ký cam kết nhắc khách “đã uống rượu bia, không lái xe”."
            ),
            (
                "Năm 2025, trên địa bàn huyện xảy ra 9 vụ tai nạn giao thông, làm chết 5 người, "
                "giảm 3 vụ so với năm trước. Năm 2026, huyện phấn đấu kéo giảm cả số vụ, số người "
                "chết và số người bị thương."
            ),
        ],
        "author": "Đặng Quang Vinh",
        "source": "Công an huyện",
        "published_at": "2026-01-30T19:25:00+07:00",
        "category": "Tin tức/Quốc phòng - An ninh",
        "extra_categories": [],
        "tags": ["An toàn giao thông", "Nồng độ cồn", "Quốc lộ 32"],
        "image_caption": (
            "Tổ công tác Công an huyện kiểm tra nồng độ cồn người điều khiển xe mô tô trên Quốc "
            "lộ 32."
        ),
        "image_theme": "mountain",
        "views": 2210,
        "featured": False,
    },
    {
        "id": "demo-a17",
        "title": "Nậm Cần nhân rộng mô hình bản không có ma túy",
        "lead": (
            "Từ 3 bản thí điểm năm 2024, đến nay xã Nậm Cần đã có 7/9 bản được công nhận không "
            "có ma túy; số người nghiện trên địa bàn giảm từ 23 xuống còn 6 người."
        ),
        "paragraphs": [
            (
                "Mỗi bản tham gia mô hình đều đưa nội dung phòng, chống ma túy vào hương ước và "
                "lập tổ tự quản do trưởng bản làm tổ trưởng. Các hộ ký cam kết không trồng cây "
                "thuốc phiện, không tàng trữ, sử dụng ma túy và báo ngay khi thấy người lạ có "
                "biểu hiện nghi vấn."
            ),
            (
                "Công an xã phối hợp với trạm y tế quản lý, hỗ trợ 6 người đang cai nghiện tại "
                "cộng đồng. Người đã cai nghiện thành công được ưu tiên vay vốn, giới thiệu việc "
                "làm ở các đồi chè để có thu nhập ổn định, tránh tái nghiện."
            ),
            (
                "Anh Hạng A Chư, 34 tuổi, từng nghiện ma túy gần 10 năm, nay có 0,8 ha chè và đàn "
                "dê 15 con. Anh thường được mời kể lại câu chuyện của mình trong các buổi sinh "
                "hoạt ở bản để thanh niên thấy rõ hậu quả của ma túy."
            ),
            (
                "Trong đợt cao điểm tháng 6/2026, lực lượng chức năng cùng người dân đã kiểm tra "
                "trên 500 ha nương rẫy, không phát hiện diện tích trồng cây có chứa chất ma túy. "
                "Xã phấn đấu đến năm 2027 tất cả các bản đều đạt tiêu chí không có ma túy."
            ),
        ],
        "author": "Hà Thị Liên",
        "source": "Công an huyện",
        "published_at": "2026-06-26T08:35:00+07:00",
        "category": "Tin tức/Quốc phòng - An ninh",
        "extra_categories": [],
        "tags": ["Phòng, chống ma túy", "Nậm Cần", "An ninh cơ sở"],
        "image_caption": (
            "Một bản ven suối ở xã Nậm Cần, nơi duy trì mô hình bản không có ma túy."
        ),
        "image_theme": "river",
        "views": 980,
        "featured": False,
    },
    {
        "id": "demo-a18",
        "title": "Tổ hòa giải bản Nà Ban giữ bình yên cho xóm làng",
        "lead": (
            "Trong 10 tháng năm 2026, Tổ hòa giải bản Nà Ban, xã Mường Khoa đã hòa giải thành "
            "11/12 vụ việc mâu thuẫn, tranh chấp, không để phát sinh điểm nóng về an ninh trật tự."
        ),
        "paragraphs": [
            (
                "Tổ có 7 thành viên gồm trưởng bản, bí thư chi bộ, chi hội trưởng phụ nữ, chi hội "
                "trưởng cựu chiến binh và những người cao tuổi có uy tín trong cộng đồng người "
                "Thái. Các vụ việc chủ yếu liên quan đến ranh giới đất nương, trâu bò phá hoa "
                "màu, chia nước ruộng và mâu thuẫn trong gia đình."
            ),
            (
                "Ông Lò Văn Piềng, tổ trưởng tổ hòa giải, cho biết kinh nghiệm lớn nhất là đến "
                "sớm, nghe đủ cả hai bên và hòa giải ngay tại nhà văn hóa bản hoặc ngoài ruộng. "
                "Có vụ tranh chấp 200 m² đất ven suối kéo dài nhiều năm, tổ đã mời hai dòng họ "
                "ngồi lại, cùng cán bộ địa chính đo đạc và thống nhất cắm mốc ranh giới mới."
            ),
            (
                "Vụ việc duy nhất chưa hòa giải thành đã được tổ hướng dẫn các bên gửi đơn lên "
                "UBND xã giải quyết theo quy định. Năm 2026, Phòng Tư pháp huyện tập huấn kỹ năng "
                "cho 98 tổ hòa giải ở cơ sở và cấp sổ tay pháp luật bằng tiếng Thái, tiếng Mông."
            ),
            (
                "Theo Công an xã Mường Khoa, nhờ làm tốt công tác hòa giải, từ đầu năm đến nay "
                "trên địa bàn xã không xảy ra vụ xô xát gây thương tích nào bắt nguồn từ tranh "
                "chấp đất đai. Xã dự kiến nhân rộng cách làm của bản Nà Ban sang các bản khác "
                "trong năm 2027."
            ),
        ],
        "author": "Lò Văn Dũng",
        "source": "Phòng Tư pháp huyện",
        "published_at": "2026-11-18T15:40:00+07:00",
        "category": "Tin tức/Quốc phòng - An ninh",
        "extra_categories": [],
        "tags": ["Hòa giải cơ sở", "Mường Khoa", "An ninh trật tự"],
        "image_caption": (
            "Thành viên tổ hòa giải cùng người dân kiểm tra mốc ranh giới ruộng ở bản Nà Ban."
        ),
        "image_theme": "field",
        "views": 540,
        "featured": False,
    },
]
