"""Demo news articles (part B) for the Tân Uyên hub, written for this project.

Eighteen original articles, six in each of the categories "Văn hóa - Xã hội",
"Nông nghiệp - Nông thôn mới" and "Chuyển đổi số". Names of places are real;
people, numbers and events are invented.
"""

ARTICLES_B = [
    {
        "id": "demo-b01",
        "title": "Bản Nà Ban rộn ràng lễ Xên bản của đồng bào Thái",
        "lead": (
            "Ngày 11/10, bà con dân tộc Thái ở bản Nà Ban, xã Mường Khoa tổ chức lễ Xên bản cầu "
            "cho bản làng bình yên, mùa màng bội thu sau vụ lúa mùa."
        ),
        "paragraphs": [
            (
                "Từ sáng sớm, đại diện hơn 120 hộ dân trong bản đã có mặt tại khu rừng thiêng đầu "
                "bản để chuẩn bị lễ vật gồm xôi ngũ sắc, cá nướng, rượu cần và gà trống. Thầy mo "
                "Lò Văn Pánh, năm nay 78 tuổi, chủ trì các nghi thức cúng thần bản, thần mường "
                "theo đúng trình tự mà các thế hệ trước truyền lại."
            ),
            (
                "Sau phần lễ là phần hội với các trò chơi dân gian như ném còn, kéo co, đẩy gậy "
                "và giã bánh dày. Đội văn nghệ của bản biểu diễn 15 tiết mục múa xòe, hát khắp, "
                "thu hút đông đảo người dân các bản lân cận và du khách từ thị trấn Tân Uyên về "
                "dự."
            ),
            (
                "Theo Ủy ban nhân dân xã Mường Khoa, lễ Xên bản từng bị gián đoạn nhiều năm và "
                "được khôi phục từ năm 2019 với sự hỗ trợ của Phòng Văn hóa và Thông tin huyện. "
                "Xã đang phối hợp kiểm kê, lập hồ sơ đề nghị đưa lễ hội vào danh mục di sản văn "
                "hóa phi vật thể cấp tỉnh."
            ),
            (
                "Ông Lường Văn Hoan, Trưởng bản Nà Ban, cho biết bản đã thành lập tổ tự quản gồm "
                "9 thành viên để giữ gìn khu rừng thiêng và dạy các em nhỏ cách chuẩn bị mâm lễ. "
                "Mỗi năm, bản trích một phần nguồn thu từ du lịch cộng đồng để duy trì lễ hội."
            ),
        ],
        "author": "Lò Thị Xuân",
        "source": "Trung tâm Văn hóa - Thể thao và Truyền thông huyện",
        "published_at": "2025-10-12T08:20:00+07:00",
        "category": "Văn hóa - Xã hội",
        "extra_categories": [],
        "tags": ["Lễ hội", "Dân tộc Thái", "Mường Khoa"],
        "image_caption": (
            "Thầy mo làm lễ cúng thần bản tại khu rừng thiêng bản Nà Ban, xã Mường Khoa."
        ),
        "image_theme": "village",
        "views": 1240,
        "featured": False,
    },
    {
        "id": "demo-b02",
        "title": "Hợp tác xã chè Phúc Khoa bao tiêu 380 tấn chè búp tươi vụ thu",
        "lead": (
            "Vụ chè thu năm 2025, Hợp tác xã Chè sạch Phúc Khoa ký hợp đồng bao tiêu sản phẩm cho "
            "146 hộ thành viên với giá ổn định, giúp người trồng chè yên tâm chăm sóc theo hướng "
            "an toàn."
        ),
        "paragraphs": [
            (
                "Hợp tác xã hiện liên kết với 146 hộ ở bản Nà Khoa và 5 bản lân cận, tổng diện "
                "tích 168 ha chè Kim Tuyên và chè Shan. Từ tháng 8 đến cuối tháng 10, hợp tác xã "
                "đã thu mua khoảng 380 tấn chè búp tươi với giá bình quân 9.500 đồng/kg, cao hơn "
                "giá thương lái từ 1.000 đến 1.500 đồng/kg."
            ),
            (
                "Để được bao tiêu, các hộ phải ghi chép nhật ký sản xuất, ưu tiên phân bón hữu cơ "
                "vi sinh và tuân thủ thời gian cách ly sau khi phun thuốc bảo vệ thực vật. Cán bộ "
                "kỹ thuật của hợp tác xã kiểm tra vườn hai lần mỗi tháng và lấy mẫu búp chè gửi "
                "đi phân tích dư lượng."
            ),
            (
                "Năm nay, sản phẩm chè xanh đóng túi của hợp tác xã tiếp tục được công nhận đạt "
                "chuẩn OCOP 4 sao và đã có mặt trên hai sàn thương mại điện tử. Doanh thu 9 tháng "
                "đạt khoảng 6,2 tỷ đồng, tăng 18% so với cùng kỳ năm 2024."
            ),
            (
                "Bà Tòng Thị Liên, Giám đốc hợp tác xã, cho biết thời gian tới đơn vị sẽ đầu tư "
                "thêm một dây chuyền sao chè bằng máy và mở rộng liên kết thêm 40 ha. Mô hình "
                "cũng góp phần giúp xã Phúc Khoa duy trì tiêu chí tổ chức sản xuất trong bộ tiêu "
                "chí xã nông thôn mới."
            ),
        ],
        "author": "Nguyễn Thị Hương",
        "source": "",
        "published_at": "2025-10-24T14:35:00+07:00",
        "category": "Nông nghiệp - Nông thôn mới",
        "extra_categories": ["Tin tức/Kinh tế - Xã hội"],
        "tags": ["Chè", "Hợp tác xã", "Phúc Khoa", "OCOP"],
        "image_caption": "Thành viên Hợp tác xã Chè sạch Phúc Khoa thu hái chè búp vụ thu.",
        "image_theme": "tea",
        "views": 3280,
        "featured": True,
    },
    {
        "id": "demo-b03",
        "title": "Trung Đồng vận hành cụm loa thông minh theo khung giờ cố định",
        "lead": (
            "Từ đầu tháng 11/2025, trạm truyền thanh xã Trung Đồng chuyển sang điều khiển 14 cụm "
            "loa qua nền tảng số, tự động bật, phát và tắt theo ba khung giờ trong ngày."
        ),
        "paragraphs": [
            (
                "Hệ thống mới gồm bộ điều khiển trung tâm đặt tại trụ sở Ủy ban nhân dân xã và 14 "
                "cụm loa lắp ở các bản, mỗi cụm có bộ thu dùng sóng di động 4G thay cho đường dây "
                "hữu tuyến cũ. Tổng kinh phí đầu tư khoảng 620 triệu đồng từ Chương trình mục "
                "tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền "
                "núi."
            ),
            (
                "Theo lịch phát do xã ban hành, các cụm loa tự động bật lúc 6 giờ và phát đến 6 "
                "giờ 30, bật lại từ 11 giờ đến 11 giờ 20 và từ 17 giờ 30 đến 18 giờ. Hết mỗi "
                "khung giờ, thiết bị tự tắt, không còn tình trạng loa phát kéo dài hoặc quên tắt "
                "như trước."
            ),
            (
                "Nội dung phát gồm chương trình thời sự tiếp âm, tin tức của xã, lịch tiêm chủng, "
                "lịch thu thuế và hướng dẫn phòng, chống thiên tai. Một số chương trình được biên "
                "tập bằng tiếng Mông và tiếng Thái để bà con ở các bản xa trung tâm dễ tiếp nhận."
            ),
            (
                "Anh Giàng A Chứ, công chức phụ trách trạm, cho biết chỉ cần điện thoại thông "
                "minh là có thể kiểm tra trạng thái từng cụm loa, điều chỉnh âm lượng hoặc phát "
                "thông báo khẩn khi có mưa lũ. Khi một cụm mất kết nối, hệ thống tự gửi cảnh báo "
                "để trạm kịp thời cử người đến kiểm tra."
            ),
        ],
        "author": "Lường Văn Chiến",
        "source": "Trung tâm Văn hóa - Thể thao và Truyền thông huyện",
        "published_at": "2025-11-03T09:45:00+07:00",
        "category": "Chuyển đổi số",
        "extra_categories": [],
        "tags": ["Truyền thanh cơ sở", "Cụm loa", "Trung Đồng"],
        "image_caption": "Cụm loa không dây lắp đặt tại bản Đông Pao, xã Trung Đồng.",
        "image_theme": "mountain",
        "views": 860,
        "featured": False,
    },
    {
        "id": "demo-b04",
        "title": "Học sinh Tà Mít có thư viện thân thiện đầu tiên",
        "lead": (
            "Nhân dịp kỷ niệm Ngày Nhà giáo Việt Nam 20/11, Trường Phổ thông dân tộc bán trú Tiểu "
            "học và Trung học cơ sở Tà Mít khánh thành thư viện thân thiện với hơn 2.300 đầu "
            "sách."
        ),
        "paragraphs": [
            (
                "Thư viện được cải tạo từ hai phòng học cũ, rộng khoảng 90 m², có góc đọc sách "
                "trên thảm, kệ sách thấp vừa tầm tay học sinh và một khu đọc ngoài hiên. Kinh phí "
                "gần 250 triệu đồng do một nhóm thiện nguyện ở Hà Nội tài trợ, giáo viên và phụ "
                "huynh đóng góp hơn 60 ngày công."
            ),
            (
                "Trong số 2.300 đầu sách có nhiều truyện tranh song ngữ, sách khoa học thường "
                "thức và tài liệu giới thiệu văn hóa các dân tộc ở Lai Châu. Mỗi lớp được xếp ít "
                "nhất hai tiết đọc mỗi tuần, ngoài ra thư viện mở cửa vào giờ nghỉ trưa và buổi "
                "tối cho học sinh bán trú."
            ),
            (
                "Cô Vàng Thị Mai, giáo viên phụ trách thư viện, cho biết phần lớn học sinh là con "
                "em đồng bào Mông, Dao nên thói quen đọc sách giúp các em tăng vốn tiếng Việt rõ "
                "rệt. Sau hai tuần đưa vào sử dụng, thư viện đã ghi nhận 412 lượt mượn sách về "
                "khu nội trú."
            ),
        ],
        "author": "Phạm Đức Anh",
        "source": "",
        "published_at": "2025-11-19T15:10:00+07:00",
        "category": "Văn hóa - Xã hội",
        "extra_categories": [],
        "tags": ["Giáo dục", "Thư viện", "Tà Mít"],
        "image_caption": (
            "Học sinh bán trú đọc sách tại thư viện thân thiện của nhà trường ở xã Tà Mít."
        ),
        "image_theme": "village",
        "views": 1530,
        "featured": False,
    },
    {
        "id": "demo-b05",
        "title": "Công trình thủy lợi mới giúp Nậm Sỏ chủ động nước cho 42 ha lúa",
        "lead": (
            "Sau 7 tháng thi công, tuyến kênh thủy lợi dài 3,2 km ở xã Nậm Sỏ đã được nghiệm thu, "
            "bảo đảm nước tưới cho 42 ha ruộng bậc thang của 118 hộ dân."
        ),
        "paragraphs": [
            (
                "Công trình gồm đập dâng đầu mối trên suối và tuyến kênh bê tông kiên cố, thay "
                "cho đoạn mương đất thường xuyên bị sạt lở mỗi mùa mưa. Tổng vốn đầu tư 4,8 tỷ "
                "đồng từ Chương trình mục tiêu quốc gia xây dựng nông thôn mới và ngân sách "
                "huyện."
            ),
            (
                "Trước đây, nhiều thửa ruộng ở đầu nguồn chỉ cấy được một vụ vì vụ chiêm xuân "
                "thường thiếu nước vào tháng 2 và tháng 3. Có tuyến kênh mới, xã dự kiến đưa thêm "
                "khoảng 15 ha vào sản xuất hai vụ lúa ngay từ vụ xuân năm 2026."
            ),
            (
                "Ủy ban nhân dân xã đã thành lập tổ dùng nước gồm 7 thành viên và xây dựng quy "
                "chế thu quỹ duy tu 20.000 đồng mỗi sào ruộng mỗi năm. Người dân cam kết không "
                "thả trâu, bò dọc bờ kênh và cùng nạo vét lòng kênh trước mỗi vụ."
            ),
            (
                "Đây là một trong những công trình quan trọng giúp Nậm Sỏ hoàn thiện tiêu chí "
                "thủy lợi và phòng, chống thiên tai trong bộ tiêu chí xã nông thôn mới. Hiện xã "
                "đã đạt 14/19 tiêu chí và phấn đấu về đích trong năm 2026."
            ),
        ],
        "author": "Lò Văn Thanh",
        "source": "Phòng Nông nghiệp và Phát triển nông thôn huyện",
        "published_at": "2025-12-08T10:05:00+07:00",
        "category": "Nông nghiệp - Nông thôn mới",
        "extra_categories": [],
        "tags": ["Thủy lợi", "Nông thôn mới", "Nậm Sỏ"],
        "image_caption": "Tuyến kênh bê tông dẫn nước về các thửa ruộng bậc thang ở xã Nậm Sỏ.",
        "image_theme": "river",
        "views": 940,
        "featured": False,
    },
    {
        "id": "demo-b06",
        "title": "Chợ trung tâm thị trấn Tân Uyên: 85% tiểu thương nhận thanh toán bằng mã QR",
        "lead": (
            "Sau ba tháng triển khai mô hình “Chợ 4.0”, phần lớn hộ kinh doanh tại chợ trung tâm "
            "thị trấn Tân Uyên đã treo mã QR và nhận tiền qua ứng dụng ngân hàng."
        ),
        "paragraphs": [
            (
                "Chợ có 214 quầy, ki-ốt kinh doanh rau củ, thịt, đồ khô và hàng may mặc. Đến giữa "
                "tháng 12/2025, đã có 182 hộ được các ngân hàng thương mại hỗ trợ mở tài khoản, "
                "in mã QR và hướng dẫn kiểm tra biến động số dư trên điện thoại."
            ),
            (
                "Đoàn Thanh niên thị trấn phối hợp với Tổ công nghệ số cộng đồng lập 5 nhóm, mỗi "
                "nhóm phụ trách một dãy quầy, đến tận nơi cài ứng dụng và lắp loa báo giao dịch. "
                "Nhiều tiểu thương lớn tuổi ban đầu còn e ngại, nay đã quen nhận chuyển khoản kể "
                "cả với những khoản nhỏ vài chục nghìn đồng."
            ),
            (
                "Bà Hoàng Thị Nga, bán rau ở dãy số 3, chia sẻ từ khi nhận chuyển khoản, bà không "
                "còn lo thiếu tiền lẻ trả khách, cuối ngày đối chiếu sổ sách cũng nhanh hơn. Theo "
                "Ban quản lý chợ, từ tháng 11, phí vệ sinh và tiền thuê quầy hằng tháng cũng đã "
                "được thu qua tài khoản."
            ),
            (
                "Thời gian tới, thị trấn sẽ nhân rộng mô hình sang phiên chợ cuối tuần và các cửa "
                "hàng dịch vụ dọc quốc lộ 32. Mục tiêu đến hết năm 2026, trên 70% giao dịch tại "
                "các điểm kinh doanh trên địa bàn được thực hiện không dùng tiền mặt."
            ),
        ],
        "author": "Hoàng Minh Tuấn",
        "source": "",
        "published_at": "2025-12-20T16:40:00+07:00",
        "category": "Chuyển đổi số",
        "extra_categories": ["Tin tức/Kinh tế - Xã hội"],
        "tags": ["Thanh toán không dùng tiền mặt", "Chợ 4.0", "Thị trấn Tân Uyên"],
        "image_caption": (
            "Khách hàng quét mã QR thanh toán tại một quầy rau ở chợ trung tâm thị trấn Tân Uyên."
        ),
        "image_theme": "village",
        "views": 2140,
        "featured": False,
    },
    {
        "id": "demo-b07",
        "title": "Trạm Y tế xã Pắc Ta khám sàng lọc cho hơn 600 người dân",
        "lead": (
            "Trong hai ngày 13 và 14/1, Trạm Y tế xã Pắc Ta phối hợp với Trung tâm Y tế huyện tổ "
            "chức khám, tầm soát bệnh không lây nhiễm miễn phí cho người cao tuổi và người dân "
            "các bản vùng sâu."
        ),
        "paragraphs": [
            (
                "Đoàn gồm 12 y, bác sĩ chia thành hai điểm khám tại trụ sở trạm y tế và nhà văn "
                "hóa một bản ở xa trung tâm xã để người dân không phải đi lại nhiều. Tổng cộng "
                "634 người được đo huyết áp, xét nghiệm đường huyết, đo điện tim và tư vấn chế độ "
                "dinh dưỡng."
            ),
            (
                "Kết quả sàng lọc phát hiện 97 trường hợp tăng huyết áp và 23 trường hợp nghi mắc "
                "đái tháo đường, phần lớn trước đó chưa từng đi khám. Những người này được lập hồ "
                "sơ quản lý, cấp thuốc điều trị ngoại trú và hẹn tái khám định kỳ tại trạm."
            ),
            (
                "Bác sĩ Lò Văn Thắm, Trưởng Trạm Y tế xã, cho biết thói quen ăn mặn và uống nhiều "
                "rượu là nguyên nhân chính khiến tỷ lệ tăng huyết áp ở vùng cao có xu hướng tăng. "
                "Trạm đã giao cho 11 nhân viên y tế thôn bản tiếp tục theo dõi, nhắc người bệnh "
                "uống thuốc đều đặn."
            ),
            (
                "Năm 2026, Trung tâm Y tế huyện đặt mục tiêu đưa ít nhất 80% người mắc tăng huyết "
                "áp và đái tháo đường được phát hiện vào diện quản lý. Các đợt khám lưu động "
                "tương tự sẽ lần lượt được tổ chức tại Nậm Cần, Hố Mít và Tà Mít trong quý I."
            ),
        ],
        "author": "Tòng Thị Hoa",
        "source": "Trung tâm Y tế huyện",
        "published_at": "2026-01-15T07:50:00+07:00",
        "category": "Văn hóa - Xã hội",
        "extra_categories": [],
        "tags": ["Y tế", "Người cao tuổi", "Pắc Ta"],
        "image_caption": (
            "Nhân viên y tế đo huyết áp cho người cao tuổi tại điểm khám lưu động ở xã Pắc Ta."
        ),
        "image_theme": "meeting",
        "views": 610,
        "featured": False,
    },
    {
        "id": "demo-b08",
        "title": "Hố Mít chủ động chống rét cho gần 1.900 con trâu, bò",
        "lead": (
            "Trước đợt không khí lạnh tăng cường khiến nhiệt độ vùng cao có nơi xuống dưới 5 độ "
            "C, xã Hố Mít đã huy động các bản che chắn chuồng trại, dự trữ thức ăn cho đàn gia "
            "súc."
        ),
        "paragraphs": [
            (
                "Toàn xã hiện có 1.870 con trâu, bò và hơn 600 con ngựa, dê, chủ yếu của đồng bào "
                "Mông, Dao chăn thả trên các sườn đồi. Ủy ban nhân dân xã đã yêu cầu trưởng các "
                "bản vận động người dân không thả rông gia súc lên núi cao khi nhiệt độ xuống "
                "dưới 10 độ C."
            ),
            (
                "Các hộ được hướng dẫn dùng bạt, tôn che kín chuồng, lót rơm khô dưới nền và đốt "
                "lửa sưởi ấm ở khoảng cách an toàn. Với trâu, bò già yếu và bê, nghé non, người "
                "dân khoác thêm áo bằng bao tải và cho uống nước ấm pha muối."
            ),
            (
                "Từ cuối năm 2025, xã đã hỗ trợ giống cỏ voi để người dân trồng thêm 12 ha, đồng "
                "thời hướng dẫn ủ chua thân cây ngô và rơm rạ làm thức ăn dự trữ. Đến nay, đa số "
                "hộ chăn nuôi đã có đủ thức ăn thô xanh cho gia súc trong khoảng một tháng."
            ),
            (
                "Anh Sùng A Dế ở bản Hố Mít cho biết gia đình có 9 con trâu, bò, năm nay được cán "
                "bộ thú y hướng dẫn gia cố chuồng từ sớm nên yên tâm hơn. Cán bộ thú y xã cũng đã "
                "rà soát, tiêm bổ sung vắc xin tụ huyết trùng cho hơn 400 con gia súc bị sót "
                "trong đợt tiêm trước."
            ),
        ],
        "author": "Giàng A Sử",
        "source": "",
        "published_at": "2026-01-22T11:15:00+07:00",
        "category": "Nông nghiệp - Nông thôn mới",
        "extra_categories": [],
        "tags": ["Chăn nuôi", "Phòng chống rét", "Hố Mít"],
        "image_caption": (
            "Người dân bản Hố Mít che chắn chuồng trại, giữ ấm cho đàn trâu trong những ngày rét "
            "đậm."
        ),
        "image_theme": "mountain",
        "views": 720,
        "featured": False,
    },
    {
        "id": "demo-b09",
        "title": "Đảng bộ huyện Tân Uyên đưa sổ tay đảng viên điện tử vào sinh hoạt chi bộ",
        "lead": (
            "Đến đầu tháng 2/2026, toàn bộ chi bộ trực thuộc Đảng bộ huyện Tân Uyên đã sử dụng "
            "ứng dụng Sổ tay đảng viên điện tử để nhận tài liệu, thông báo lịch họp và chuẩn bị "
            "nội dung sinh hoạt."
        ),
        "paragraphs": [
            (
                "Đảng bộ huyện hiện có 78 tổ chức cơ sở đảng với hơn 3.400 đảng viên, nhiều chi "
                "bộ ở các bản vùng cao cách trung tâm xã hàng chục cây số. Trước đây, mỗi kỳ sinh "
                "hoạt, văn phòng các đảng ủy phải in và chuyển tài liệu xuống từng chi bộ, vừa "
                "tốn kém vừa chậm."
            ),
            (
                "Thực hiện chủ trương của Ban Thường vụ Huyện ủy, từ tháng 9/2025, Ban Tuyên giáo "
                "Huyện ủy phối hợp với doanh nghiệp viễn thông trên địa bàn mở 22 lớp tập huấn "
                "cho bí thư chi bộ và đảng viên trẻ. Đến nay đã có 3.150 đảng viên cài đặt và "
                "kích hoạt tài khoản, đạt hơn 92% tổng số đảng viên."
            ),
            (
                "Qua ứng dụng, đảng viên có thể đọc nghị quyết, văn bản của cấp trên, cập nhật "
                "thông tin thời sự và tự nghiên cứu các chuyên đề. Tài liệu sinh hoạt được gửi "
                "trước ít nhất ba ngày, giúp đảng viên chuẩn bị ý kiến, nhờ vậy các buổi sinh "
                "hoạt ngắn gọn và thực chất hơn."
            ),
            (
                "Với những đảng viên cao tuổi chưa thành thạo điện thoại thông minh, các chi bộ "
                "phân công đảng viên trẻ kèm cặp và vẫn lưu một bộ tài liệu in tại nhà văn hóa "
                "bản. Bí thư Huyện ủy Lò Thị Hương yêu cầu các cấp ủy gắn việc sử dụng sổ tay "
                "điện tử với đánh giá, xếp loại chất lượng tổ chức đảng cuối năm."
            ),
        ],
        "author": "Đèo Văn Hiếu",
        "source": "Ban Tuyên giáo Huyện ủy",
        "published_at": "2026-02-05T09:00:00+07:00",
        "category": "Chuyển đổi số",
        "extra_categories": ["Tin tức/Xây dựng Đảng"],
        "tags": ["Xây dựng Đảng", "Sổ tay đảng viên", "Chính quyền số"],
        "image_caption": (
            "Đảng viên một chi bộ ở xã Thân Thuộc tra cứu tài liệu sinh hoạt trên điện thoại."
        ),
        "image_theme": "meeting",
        "views": 2680,
        "featured": True,
    },
    {
        "id": "demo-b10",
        "title": "Lễ hội Gầu Tào xuân Bính Ngọ ở Thân Thuộc",
        "lead": (
            "Ngày 22/2 (tức mùng 6 Tết Bính Ngọ), hàng nghìn người dân và du khách đã về bản Chế "
            "Hạng, xã Thân Thuộc dự lễ hội Gầu Tào truyền thống của đồng bào Mông."
        ),
        "paragraphs": [
            (
                "Phần lễ diễn ra trên khu đồi rộng đầu bản, nơi cây nêu cao hơn 10 mét được dựng "
                "từ chiều hôm trước, trên ngọn buộc vải đỏ, một quả bầu và chai rượu. Thầy cúng "
                "làm lễ tạ ơn trời đất, cầu cho bản làng khỏe mạnh, mùa màng tốt tươi và các gia "
                "đình hiếm muộn sớm có con."
            ),
            (
                "Phần hội kéo dài đến chiều tối với thi thổi khèn, múa khèn, ném pa pao, đánh cù, "
                "bắn nỏ và đua ngựa. Năm nay có 26 đội đến từ 6 xã, thị trấn tham gia các môn "
                "thi, riêng nội dung đua ngựa có 14 kỵ sĩ tranh tài."
            ),
            (
                "Các gian hàng giới thiệu thổ cẩm, mèn mén, thắng cố và sản phẩm chè của địa "
                "phương thu hút đông khách. Nhiều nam nữ thanh niên Mông trong trang phục truyền "
                "thống cùng nhau hát giao duyên dưới tán rừng."
            ),
            (
                "Theo Phòng Văn hóa và Thông tin huyện, lễ hội được tổ chức tiết kiệm, giữ đúng "
                "nghi thức truyền thống và bảo đảm an ninh trật tự. Suốt thời gian diễn ra lễ hội "
                "không xảy ra tình trạng say rượu gây rối hay đốt pháo trái phép."
            ),
        ],
        "author": "Hạng Thị Ninh",
        "source": "Trung tâm Văn hóa - Thể thao và Truyền thông huyện",
        "published_at": "2026-02-23T13:25:00+07:00",
        "category": "Văn hóa - Xã hội",
        "extra_categories": [],
        "tags": ["Lễ hội Gầu Tào", "Dân tộc Mông", "Thân Thuộc"],
        "image_caption": (
            "Thanh niên Mông múa khèn quanh cây nêu tại lễ hội Gầu Tào ở bản Chế Hạng."
        ),
        "image_theme": "mountain",
        "views": 4120,
        "featured": False,
    },
    {
        "id": "demo-b11",
        "title": "Mắc ca Trung Đồng vào mùa hoa, 95 hộ được tập huấn kỹ thuật",
        "lead": (
            "Diện tích mắc ca trồng xen chè ở xã Trung Đồng đang bước vào thời kỳ ra hoa, Hợp tác "
            "xã Nông nghiệp Đông Pao tổ chức tập huấn tỉa cành, bón phân để nâng tỷ lệ đậu quả."
        ),
        "paragraphs": [
            (
                "Trung Đồng hiện có 286 ha mắc ca, trong đó 174 ha đã cho thu hoạch, chủ yếu "
                "trồng xen trên các đồi chè và đất nương cũ. Năm 2025, sản lượng hạt tươi toàn xã "
                "đạt khoảng 290 tấn, mang lại nguồn thu hơn 12 tỷ đồng cho người trồng."
            ),
            (
                "Trong ba ngày, cán bộ kỹ thuật của hợp tác xã và Trạm Khuyến nông huyện hướng "
                "dẫn 95 hộ cách tỉa bỏ cành vượt, cành sâu bệnh, bón kali giai đoạn ra hoa và đặt "
                "đõ ong để hỗ trợ thụ phấn. Học viên được thực hành trực tiếp trên vườn mẫu rộng "
                "3 ha của hợp tác xã."
            ),
            (
                "Hợp tác xã đã ký hợp đồng thu mua toàn bộ sản lượng vụ tới với giá sàn 42.000 "
                "đồng/kg, nếu giá thị trường cao hơn sẽ mua theo giá thị trường. Hạt được sơ chế, "
                "sấy khô tại xưởng của hợp tác xã trước khi bán cho doanh nghiệp chế biến trong "
                "tỉnh."
            ),
            (
                "Ông Phạm Văn Lợi, Phó Chủ tịch Ủy ban nhân dân xã, cho biết xã không mở rộng "
                "diện tích ồ ạt mà tập trung thâm canh, cải tạo vườn cũ bằng cách ghép giống năng "
                "suất cao. Mục tiêu đến năm 2027, diện tích đang kinh doanh đạt năng suất bình "
                "quân 2,5 tấn hạt tươi/ha."
            ),
        ],
        "author": "Nguyễn Văn Khánh",
        "source": "",
        "published_at": "2026-03-18T10:40:00+07:00",
        "category": "Nông nghiệp - Nông thôn mới",
        "extra_categories": [],
        "tags": ["Mắc ca", "Khuyến nông", "Trung Đồng"],
        "image_caption": (
            "Cán bộ khuyến nông hướng dẫn người dân tỉa cành mắc ca tại vườn mẫu ở xã Trung Đồng."
        ),
        "image_theme": "field",
        "views": 1180,
        "featured": False,
    },
    {
        "id": "demo-b12",
        "title": "10 xã, thị trấn hoàn thành nâng cấp trang thông tin điện tử",
        "lead": (
            "Đến cuối tháng 3/2026, trang thông tin điện tử của 9 xã và thị trấn Tân Uyên đã được "
            "chuyển sang nền tảng dùng chung của huyện, bảo đảm giao diện thống nhất và hiển thị "
            "tốt trên điện thoại."
        ),
        "paragraphs": [
            (
                "Trước đây, mỗi xã dùng một giao diện riêng, nhiều trang lâu không cập nhật, có "
                "trang còn bị lỗi chứng chỉ bảo mật. Trên nền tảng mới, mỗi đơn vị có địa chỉ "
                "riêng nhưng dùng chung hạ tầng máy chủ của huyện và được sao lưu dữ liệu hằng "
                "ngày."
            ),
            (
                "Các chuyên mục bắt buộc như tin hoạt động, văn bản chỉ đạo điều hành, lịch công "
                "tác, thủ tục hành chính và hỏi đáp được sắp xếp theo cùng một cấu trúc. Người "
                "dân có thể tra cứu văn bản theo số, ngày ban hành hoặc lĩnh vực và được dẫn "
                "thẳng tới Cổng Dịch vụ công quốc gia để nộp hồ sơ trực tuyến."
            ),
            (
                "Huyện đã mở 3 lớp tập huấn cho 32 cán bộ, công chức phụ trách biên tập, hướng "
                "dẫn viết tin, chụp ảnh và kiểm duyệt nội dung trước khi đăng. Mỗi trang phải "
                "đăng tối thiểu 8 tin, bài mỗi tháng, ưu tiên thông tin về chính sách, lịch tiếp "
                "công dân và cảnh báo thời tiết."
            ),
            (
                "Sau hơn một tháng vận hành, các trang cấp xã đạt tổng cộng hơn 46.000 lượt truy "
                "cập, gấp khoảng ba lần cùng kỳ năm trước. Trang của xã Nậm Cần và xã Mường Khoa "
                "được đánh giá cập nhật thường xuyên nhất."
            ),
        ],
        "author": "Trần Thị Thu Trang",
        "source": "Phòng Văn hóa và Thông tin huyện",
        "published_at": "2026-04-09T15:20:00+07:00",
        "category": "Chuyển đổi số",
        "extra_categories": [],
        "tags": ["Trang thông tin điện tử", "Cấp xã", "Chính quyền số"],
        "image_caption": (
            "Công chức xã Mường Khoa cập nhật tin bài lên trang thông tin điện tử của xã."
        ),
        "image_theme": "meeting",
        "views": 1460,
        "featured": False,
    },
    {
        "id": "demo-b13",
        "title": "Điệu xòe Thái hòa nhịp ở 12 câu lạc bộ tại thị trấn Tân Uyên",
        "lead": (
            "Mỗi tối, sân nhà văn hóa các tổ dân phố ở thị trấn Tân Uyên lại rộn tiếng trống, "
            "chiêng và những vòng xòe nắm tay của các câu lạc bộ văn nghệ quần chúng."
        ),
        "paragraphs": [
            (
                "Thị trấn hiện có 12 câu lạc bộ xòe với gần 400 hội viên, người lớn tuổi nhất đã "
                "ngoài 70, nhỏ nhất mới học lớp 4. Bên cạnh người Thái, nhiều hội viên là người "
                "Kinh, Khơ Mú và Mông cùng tham gia tập luyện."
            ),
            (
                "Từ khi nghệ thuật Xòe Thái được UNESCO ghi danh là di sản văn hóa phi vật thể "
                "đại diện của nhân loại năm 2021, phong trào ngày càng lan rộng. Các câu lạc bộ "
                "tập trung phục dựng những điệu xòe cổ như xòe khăn, xòe quạt, xòe nón, đồng thời "
                "dàn dựng tiết mục mới trên nền dân ca. Bà Lò Thị Chum, người có hơn 40 năm gắn "
                "bó với điệu xòe, trực tiếp truyền dạy động tác cơ bản cho lớp trẻ."
            ),
            (
                "Ủy ban nhân dân thị trấn hỗ trợ mỗi câu lạc bộ 3 triệu đồng mỗi năm để mua trang "
                "phục, loa đài, phần còn lại do hội viên tự đóng góp. Các câu lạc bộ thường biểu "
                "diễn trong các ngày lễ lớn, đám cưới và khi đón khách du lịch đến tham quan đồi "
                "chè."
            ),
            (
                "Tháng 6 tới, thị trấn sẽ tổ chức liên hoan xòe lần thứ ba với sự tham gia của "
                "các đội đến từ Mường Khoa, Phúc Khoa và Pắc Ta. Địa phương cũng đang chuẩn bị "
                "màn xòe tập thể 1.000 người cho Ngày hội Văn hóa các dân tộc huyện vào cuối năm."
            ),
        ],
        "author": "Lường Thị Thu",
        "source": "",
        "published_at": "2026-05-06T19:30:00+07:00",
        "category": "Văn hóa - Xã hội",
        "extra_categories": [],
        "tags": ["Xòe Thái", "Văn nghệ quần chúng", "Di sản"],
        "image_caption": "Hội viên câu lạc bộ xòe tổ dân phố số 3 tập luyện tại sân nhà văn hóa.",
        "image_theme": "village",
        "views": 1890,
        "featured": False,
    },
    {
        "id": "demo-b14",
        "title": "Mường Khoa thu hoạch lúa chiêm xuân, năng suất ước đạt 6,1 tấn/ha",
        "lead": (
            "Những ngày cuối tháng 5, bà con xã Mường Khoa tập trung thu hoạch 265 ha lúa chiêm "
            "xuân, trong đó có 60 ha lúa chất lượng cao sản xuất theo chuỗi liên kết."
        ),
        "paragraphs": [
            (
                "Vụ chiêm xuân năm nay thời tiết tương đối thuận lợi, nguồn nước từ các công "
                "trình thủy lợi bảo đảm, sâu bệnh chỉ gây hại cục bộ. Theo ước tính của Ủy ban "
                "nhân dân xã, năng suất bình quân đạt 6,1 tấn/ha, tăng 0,3 tấn so với vụ xuân năm "
                "2025."
            ),
            (
                "Điểm mới là cánh đồng liên kết 60 ha tại bản Nà Ban được gieo cấy một giống lúa "
                "thuần chất lượng cao, thực hiện đồng bộ từ làm đất, cấy thẳng hàng đến bón phân "
                "theo quy trình. Doanh nghiệp liên kết thu mua thóc tươi ngay tại ruộng với giá "
                "9.000 đồng/kg, cao hơn lúa thường khoảng 1.500 đồng/kg."
            ),
            (
                "Nhiều hộ đã thuê máy gặt đập liên hợp cỡ nhỏ phù hợp với ruộng bậc thang, giảm "
                "một nửa công lao động so với gặt tay. Rơm rạ sau thu hoạch được cuộn lại, ủ làm "
                "thức ăn cho trâu, bò thay vì đốt ngoài đồng."
            ),
            (
                "Ngay sau thu hoạch, xã chỉ đạo làm đất, chuẩn bị mạ cho vụ mùa với kế hoạch gieo "
                "cấy 310 ha. Phòng Nông nghiệp huyện khuyến cáo bà con hoàn thành cấy trước ngày "
                "10/7 để lúa trổ bông tránh đợt rét sớm cuối tháng 9."
            ),
        ],
        "author": "Đỗ Quang Huy",
        "source": "",
        "published_at": "2026-05-28T08:05:00+07:00",
        "category": "Nông nghiệp - Nông thôn mới",
        "extra_categories": [],
        "tags": ["Lúa", "Vụ chiêm xuân", "Mường Khoa"],
        "image_caption": (
            "Máy gặt cỡ nhỏ thu hoạch lúa trên cánh đồng liên kết ở bản Nà Ban, xã Mường Khoa."
        ),
        "image_theme": "field",
        "views": 830,
        "featured": False,
    },
    {
        "id": "demo-b15",
        "title": "Tổ công nghệ số cộng đồng giúp người dân Nậm Cần nộp hồ sơ trực tuyến",
        "lead": (
            "Sáu tháng đầu năm 2026, tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến tại xã Nậm Cần "
            "đạt 68%, tăng gần gấp đôi so với năm trước nhờ sự hỗ trợ của 8 tổ công nghệ số cộng "
            "đồng."
        ),
        "paragraphs": [
            (
                "Nậm Cần là xã vùng cao, đa số dân cư là đồng bào Mông, nhiều bản cách trung tâm "
                "xã hơn 15 km đường đèo dốc. Xã thành lập 8 tổ công nghệ số cộng đồng ở 8 bản với "
                "41 thành viên là trưởng bản, bí thư chi đoàn, giáo viên và lực lượng bảo vệ an "
                "ninh, trật tự ở cơ sở."
            ),
            (
                "Các tổ đến từng hộ hướng dẫn cài đặt, kích hoạt tài khoản định danh điện tử "
                "VNeID mức độ 2, sau đó giúp người dân tự thực hiện các thủ tục như đăng ký khai "
                "sinh, đăng ký thường trú trên Cổng Dịch vụ công quốc gia. Với người chưa biết "
                "chữ hoặc không có điện thoại thông minh, thành viên tổ trực tiếp làm cùng tại "
                "nhà văn hóa bản."
            ),
            (
                "Bộ phận một cửa của xã bố trí một máy tính và một công chức trực hướng dẫn tại "
                "sảnh, khuyến khích người dân nộp hồ sơ trực tuyến ngay tại chỗ. Trong 6 tháng, "
                "xã tiếp nhận 1.247 hồ sơ, trong đó 848 hồ sơ nộp trực tuyến, 100% được giải "
                "quyết đúng hạn."
            ),
            (
                "Chị Thào Thị Dua, 29 tuổi, cho biết lần đầu đăng ký khai sinh cho con qua điện "
                "thoại, chị nhận được giấy khai sinh điện tử chỉ sau một ngày mà không phải xuống "
                "xã. Thời gian tới, xã sẽ phối hợp với bưu điện huyện trả kết quả thủ tục hành "
                "chính tận nhà cho người dân các bản xa."
            ),
        ],
        "author": "Sùng A Chính",
        "source": "",
        "published_at": "2026-07-02T14:10:00+07:00",
        "category": "Chuyển đổi số",
        "extra_categories": [],
        "tags": ["Dịch vụ công trực tuyến", "Tổ công nghệ số cộng đồng", "Nậm Cần"],
        "image_caption": (
            "Thành viên tổ công nghệ số cộng đồng hướng dẫn người dân kích hoạt tài khoản định "
            "danh điện tử."
        ),
        "image_theme": "village",
        "views": 1320,
        "featured": False,
    },
    {
        "id": "demo-b16",
        "title": "Pắc Ta khắc phục hậu quả mưa lũ, thông tuyến đường vào các bản",
        "lead": (
            "Trận mưa lớn đêm 31/7 và rạng sáng 1/8 gây nhiều điểm sạt lở, vùi lấp ruộng lúa ở xã "
            "Pắc Ta; đến chiều 3/8, các tuyến đường chính vào bản đã được thông xe."
        ),
        "paragraphs": [
            (
                "Theo báo cáo nhanh của xã, mưa lớn gây 27 điểm sạt lở taluy trên các tuyến đường "
                "liên bản, làm 3 nhà dân hư hỏng một phần và 2 hộ phải di dời khẩn cấp. Khoảng 18 "
                "ha lúa mùa mới cấy và 6 ha ngô bị đất đá vùi lấp hoặc ngập úng, một đoạn kênh "
                "thủy lợi dài 120 m bị nước cuốn trôi."
            ),
            (
                "Ngay trong sáng 1/8, xã huy động hơn 150 lượt cán bộ, dân quân, công an và đoàn "
                "viên thanh niên cùng người dân dọn đất đá, chằng chống nhà cửa. Huyện điều 2 máy "
                "xúc hỗ trợ mở đường; đến chiều 3/8, toàn bộ tuyến đường chính vào các bản đã "
                "thông xe, một số đoạn lầy lội đang tiếp tục được xử lý."
            ),
            (
                "Hai hộ phải di dời được bố trí ở tạm nhà người thân, mỗi hộ nhận hỗ trợ 5 triệu "
                "đồng từ quỹ phòng, chống thiên tai cùng gạo và nhu yếu phẩm của Ủy ban Mặt trận "
                "Tổ quốc huyện. Ngành nông nghiệp hướng dẫn bà con tận dụng diện tích bị vùi lấp "
                "để trồng rau màu ngắn ngày và sẵn sàng cấp giống ngô cho những hộ cần gieo lại."
            ),
            (
                "Ông Tao Văn Dũng, Phó Chủ tịch Ủy ban nhân dân huyện, đề nghị xã tiếp tục rà "
                "soát các hộ sống ven suối, dưới chân taluy để cảnh báo và chủ động di dời khi có "
                "mưa lớn. Đoạn kênh bị hư hỏng sẽ được nối tạm bằng ống nhựa trong tháng 8 để bảo "
                "đảm nước tưới cho diện tích lúa còn lại."
            ),
        ],
        "author": "Tạ Văn Hùng",
        "source": "Trung tâm Văn hóa - Thể thao và Truyền thông huyện",
        "published_at": "2026-08-03T17:50:00+07:00",
        "category": "Nông nghiệp - Nông thôn mới",
        "extra_categories": ["Tin tức/Kinh tế - Xã hội"],
        "tags": ["Phòng chống thiên tai", "Sạt lở", "Pắc Ta"],
        "image_caption": "Máy xúc dọn đất đá sạt lở trên tuyến đường liên bản ở xã Pắc Ta.",
        "image_theme": "river",
        "views": 3650,
        "featured": True,
    },
    {
        "id": "demo-b17",
        "title": "Khai giảng năm học mới, học sinh Hố Mít vào ở khu nội trú khang trang",
        "lead": (
            "Sáng 5/9, cùng hơn 14.000 học sinh toàn huyện, thầy và trò Trường Phổ thông dân tộc "
            "bán trú Trung học cơ sở Hố Mít khai giảng năm học 2026 - 2027 bên khu nội trú vừa "
            "hoàn thành."
        ),
        "paragraphs": [
            (
                "Khu nội trú gồm 12 phòng ở, nhà ăn, nhà tắm và khu vệ sinh khép kín, được xây "
                "dựng trong 8 tháng với tổng kinh phí 9,6 tỷ đồng. Trước đây, nhiều học sinh bán "
                "trú phải ở trong các phòng tạm lợp tôn, mùa đông lạnh, mùa mưa thường xuyên bị "
                "dột."
            ),
            (
                "Năm học này, trường có 386 học sinh, trong đó 240 em ở bán trú, hầu hết là con "
                "em đồng bào Mông và Dao ở các bản cách trường từ 5 đến 12 km. Các em được hưởng "
                "chế độ hỗ trợ tiền ăn, gạo theo quy định và bữa sáng do nhà trường phối hợp với "
                "phụ huynh tổ chức."
            ),
            (
                "Năm học 2026 - 2027, ngành giáo dục huyện đặt mục tiêu huy động 100% trẻ 5 tuổi "
                "ra lớp và giảm tỷ lệ học sinh bỏ học ở cấp trung học cơ sở xuống dưới 0,5%. Các "
                "trường vùng cao được ưu tiên bổ sung giáo viên tiếng Anh, tin học và phòng học "
                "bộ môn."
            ),
            (
                "Phát biểu tại lễ khai giảng, ông Hoàng Văn Thắng, Chủ tịch Ủy ban nhân dân "
                "huyện, đề nghị nhà trường chú trọng giáo dục kỹ năng sống, tăng cường tiếng Việt "
                "cho học sinh dân tộc thiểu số và bảo đảm an toàn thực phẩm trong bếp ăn bán trú. "
                "Dịp này, các nhà hảo tâm trao tặng 240 bộ chăn đệm và 30 suất học bổng cho học "
                "sinh có hoàn cảnh khó khăn."
            ),
        ],
        "author": "Trần Thị Ngọc Ánh",
        "source": "",
        "published_at": "2026-09-05T10:30:00+07:00",
        "category": "Văn hóa - Xã hội",
        "extra_categories": [],
        "tags": ["Giáo dục", "Khai giảng", "Hố Mít"],
        "image_caption": (
            "Học sinh Trường Phổ thông dân tộc bán trú Trung học cơ sở Hố Mít dự lễ khai giảng."
        ),
        "image_theme": "mountain",
        "views": 2290,
        "featured": False,
    },
    {
        "id": "demo-b18",
        "title": (
            "Ủy ban nhân dân huyện ban hành quy chế vận hành hệ thống truyền thanh thông minh"
        ),
        "lead": (
            "Ngày 12/11/2026, Ủy ban nhân dân huyện Tân Uyên ban hành Quyết định số "
            "18/2026/QĐ-UBND quy định thống nhất việc quản lý, vận hành hệ thống truyền thanh cơ "
            "sở ứng dụng công nghệ thông tin tại 10 xã, thị trấn."
        ),
        "paragraphs": [
            (
                "Đến nay, toàn huyện có 10 trạm truyền thanh cấp xã với 126 cụm loa không dây, "
                "phủ sóng đến tất cả các bản và tổ dân phố. Các cụm loa đều kết nối với phần mềm "
                "quản lý dùng chung, cho phép Trung tâm Văn hóa - Thể thao và Truyền thông huyện "
                "theo dõi trạng thái hoạt động theo thời gian thực."
            ),
            (
                "Theo quy chế, các cụm loa tự động bật và phát trong ba khung giờ cố định: từ 6 "
                "giờ đến 6 giờ 30, từ 11 giờ đến 11 giờ 30 và từ 17 giờ đến 17 giờ 30; hết khung "
                "giờ, hệ thống tự tắt. Ngoài các khung giờ này, trạm chỉ được phát khi có thông "
                "tin khẩn cấp về thiên tai, dịch bệnh, cháy rừng hoặc theo chỉ đạo của Chủ tịch "
                "Ủy ban nhân dân xã."
            ),
            (
                "Nội dung phát phải được lãnh đạo Ủy ban nhân dân xã duyệt trước, tệp âm thanh "
                "được lưu trữ ít nhất 12 tháng. Mỗi trạm biên tập tối thiểu hai chương trình mỗi "
                "tuần bằng tiếng Thái, tiếng Mông hoặc tiếng Dao, phù hợp với thành phần dân tộc "
                "trên địa bàn."
            ),
            (
                "Trước đó, đợt rà soát lịch phát thanh hồi tháng 9 phát hiện 9 cụm loa phát lệch "
                "giờ do cài đặt đồng hồ chưa đồng bộ, một số xã vẫn áp dụng khung giờ riêng. Quy "
                "chế mới có hiệu lực từ ngày 25/11/2026 và thay thế các quy định riêng lẻ của "
                "từng xã."
            ),
        ],
        "author": "Đèo Thị Hằng",
        "source": "Văn phòng HĐND và UBND huyện",
        "published_at": "2026-11-13T08:40:00+07:00",
        "category": "Chuyển đổi số",
        "extra_categories": [],
        "tags": ["Truyền thanh cơ sở", "Cụm loa", "Quy chế"],
        "image_caption": (
            "Cán bộ Trung tâm Văn hóa - Thể thao và Truyền thông huyện theo dõi các cụm loa qua "
            "phần mềm."
        ),
        "image_theme": "meeting",
        "views": 540,
        "featured": False,
    },
]
