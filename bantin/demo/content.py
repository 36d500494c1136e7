"""Demo content of the Tân Uyên hub and its unit sites, written for this project.

Plain data, no Django: the loader (`loader.py`) turns it into sites, pages and snippets.
Names of places are real; people, numbers and documents are invented.
"""

from .articles_a import ARTICLES_A
from .articles_b import ARTICLES_B

HUB = {
    "name": "Trang thông tin điện tử huyện Tân Uyên",
    "short_name": "Tân Uyên",
    "unit": "Huyện Tân Uyên",
    "unit_name": "Huyện Tân Uyên - Tỉnh Lai Châu",
    "address": "Tổ dân phố số 5, thị trấn Tân Uyên, huyện Tân Uyên, tỉnh Lai Châu",
    "phone": "0213 3786 123",
    "email": "banbientap@tanuyen.laichau.gov.vn",
    "responsible": "Ông Lò Văn Minh, Chánh Văn phòng HĐND và UBND huyện",
    "licence": "Giấy phép số 12/GP-TTĐT do Sở Thông tin và Truyền thông tỉnh Lai Châu cấp "
               "ngày 20/3/2020",
    "facebook": "https://facebook.com/tanuyen.laichau",
    "youtube": "https://youtube.com/@tanuyenlaichau",
    "zalo": "https://zalo.me/tanuyenlaichau",
}

_UNITS = [
    ("Thị trấn Tân Uyên", "tan-uyen", "Tổ dân phố số 3, thị trấn Tân Uyên"),
    ("Xã Mường Khoa", "muong-khoa", "Bản Nà Ban, xã Mường Khoa"),
    ("Xã Phúc Khoa", "phuc-khoa", "Bản Nà Khoa, xã Phúc Khoa"),
    ("Xã Thân Thuộc", "than-thuoc", "Bản Chế Hạng, xã Thân Thuộc"),
    ("Xã Trung Đồng", "trung-dong", "Bản Đông Pao, xã Trung Đồng"),
    ("Xã Hố Mít", "ho-mit", "Bản Hố Mít, xã Hố Mít"),
    ("Xã Nậm Cần", "nam-can", "Bản Nậm Cần, xã Nậm Cần"),
    ("Xã Nậm Sỏ", "nam-so", "Bản Nậm Sỏ, xã Nậm Sỏ"),
    ("Xã Pắc Ta", "pac-ta", "Bản Pắc Ta, xã Pắc Ta"),
    ("Xã Tà Mít", "ta-mit", "Bản Tà Mít, xã Tà Mít"),
]

UNITS = [
    {
        "name": name,
        "slug": slug,
        "hostname": f"{slug}.localhost",
        "address": f"{address}, huyện Tân Uyên, tỉnh Lai Châu",
        "phone": f"0213 3786 {200 + i:03d}",
        "email": f"ubnd.{slug.replace('-', '')}@tanuyen.laichau.gov.vn",
        "responsible": "Chủ tịch Ủy ban nhân dân",
    }
    for i, (name, slug, address) in enumerate(_UNITS)
]

CATEGORIES = [
    "Tin tức",
    "Tin tức/Xây dựng Đảng",
    "Tin tức/Kinh tế - Xã hội",
    "Tin tức/Quốc phòng - An ninh",
    "Văn hóa - Xã hội",
    "Nông nghiệp - Nông thôn mới",
    "Chuyển đổi số",
    "Thông báo",
]

ARTICLES = [*ARTICLES_A, *ARTICLES_B]

LEGAL_DOCUMENTS = [
    {"number": "18/2026/QĐ-UBND", "type": "Quyết định", "issuer": "UBND huyện Tân Uyên",
     "issued_on": "2026-11-12", "effective_on": "2026-11-25", "signer": "Hoàng Văn Thắng",
     "summary": "Ban hành Quy chế quản lý, vận hành hệ thống truyền thanh cơ sở ứng dụng công "
                "nghệ thông tin trên địa bàn huyện",
     "views": 512, "downloads": 96},
    {"number": "04/CT-UBND", "type": "Chỉ thị", "issuer": "UBND huyện Tân Uyên",
     "issued_on": "2026-10-28", "signer": "Hoàng Văn Thắng",
     "summary": "Về tăng cường công tác phòng, chống cháy rừng mùa khô 2026 - 2027",
     "views": 1340, "downloads": 211},
    {"number": "156/KH-UBND", "type": "Kế hoạch", "issuer": "UBND huyện Tân Uyên",
     "issued_on": "2026-10-15", "effective_on": "2027-01-01", "signer": "Tao Văn Dũng",
     "summary": "Triển khai thanh toán không dùng tiền mặt trong thu phí, lệ phí và dịch vụ "
                "công năm 2027",
     "views": 874, "downloads": 120},
    {"number": "25-NQ/HU", "type": "Nghị quyết", "issuer": "Huyện ủy Tân Uyên",
     "issued_on": "2026-09-30", "signer": "Lò Thị Hương",
     "summary": "Về nâng cao chất lượng sinh hoạt chi bộ ở các bản, tổ dân phố giai đoạn "
                "2026 - 2030",
     "views": 2210, "downloads": 402},
    {"number": "1287/UBND-VP", "type": "Công văn", "issuer": "UBND huyện Tân Uyên",
     "issued_on": "2026-09-18", "signer": "Tao Văn Dũng",
     "summary": "Về việc cập nhật lịch phát thanh của các trạm truyền thanh xã, thị trấn",
     "views": 645, "downloads": 58},
    {"number": "62/TB-UBND", "type": "Thông báo", "issuer": "UBND huyện Tân Uyên",
     "issued_on": "2026-09-05", "signer": "Hoàng Văn Thắng",
     "summary": "Kết luận của Chủ tịch UBND huyện tại buổi làm việc về tiến độ xây dựng nông "
                "thôn mới xã Tà Mít",
     "views": 433, "downloads": 37},
    {"number": "12/2026/NQ-HĐND", "type": "Nghị quyết", "issuer": "HĐND huyện Tân Uyên",
     "issued_on": "2026-07-20", "signer": "Vàng A Sử",
     "summary": "Quy định mức hỗ trợ phát triển sản xuất chè chất lượng cao giai đoạn 2026 - 2030",
     "views": 3105, "downloads": 688},
    {"number": "98/BC-UBND", "type": "Báo cáo", "issuer": "UBND huyện Tân Uyên",
     "issued_on": "2026-07-05", "expires_on": "2026-10-31", "signer": "Tao Văn Dũng",
     "summary": "Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội 6 tháng đầu năm 2026",
     "views": 1580, "downloads": 240},
    {"number": "09/2026/QĐ-UBND", "type": "Quyết định", "issuer": "UBND huyện Tân Uyên",
     "issued_on": "2026-06-11", "signer": "Hoàng Văn Thắng",
     "summary": "Quy định phân cấp quản lý công trình thủy lợi nhỏ trên địa bàn huyện",
     "views": 967, "downloads": 175},
    {"number": "03/CT-HU", "type": "Chỉ thị", "issuer": "Huyện ủy Tân Uyên",
     "issued_on": "2026-05-22", "signer": "Lò Thị Hương",
     "summary": "Về tăng cường sự lãnh đạo của cấp ủy đối với công tác chuyển đổi số",
     "views": 1822, "downloads": 309},
    {"number": "77/KH-UBND", "type": "Kế hoạch", "issuer": "UBND huyện Tân Uyên",
     "issued_on": "2026-04-09", "signer": "Tao Văn Dũng",
     "summary": "Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2026",
     "views": 2456, "downloads": 530},
    {"number": "415/UBND-NN", "type": "Công văn", "issuer": "UBND huyện Tân Uyên",
     "issued_on": "2026-03-16", "signer": "Hoàng Văn Thắng",
     "summary": "Về việc chủ động phòng, chống dịch bệnh trên gia súc, gia cầm vụ xuân",
     "views": 702, "downloads": 64},
]

SIGNER_POSITIONS = {
    "Hoàng Văn Thắng": "Chủ tịch UBND huyện",
    "Tao Văn Dũng": "Phó Chủ tịch UBND huyện",
    "Lò Thị Hương": "Bí thư Huyện ủy",
    "Vàng A Sử": "Chủ tịch HĐND huyện",
}

# Fields (lĩnh vực) per document number; a path separates levels.
LEGAL_FIELDS = {
    "18/2026/QĐ-UBND": ["Thông tin - Truyền thông/Truyền thanh cơ sở"],
    "04/CT-UBND": ["Nông nghiệp/Lâm nghiệp", "Phòng chống thiên tai"],
    "156/KH-UBND": ["Tài chính", "Thông tin - Truyền thông/Chuyển đổi số"],
    "25-NQ/HU": ["Xây dựng Đảng"],
    "1287/UBND-VP": ["Thông tin - Truyền thông/Truyền thanh cơ sở"],
    "62/TB-UBND": ["Nông nghiệp/Nông thôn mới"],
    "12/2026/NQ-HĐND": ["Nông nghiệp/Trồng trọt", "Tài chính"],
    "98/BC-UBND": ["Kinh tế - Xã hội"],
    "09/2026/QĐ-UBND": ["Nông nghiệp/Thủy lợi"],
    "03/CT-HU": ["Xây dựng Đảng", "Thông tin - Truyền thông/Chuyển đổi số"],
    "77/KH-UBND": ["Phòng chống thiên tai"],
    "415/UBND-NN": ["Nông nghiệp/Chăn nuôi - Thú y"],
}

# (document, relation, target): the regulation on commune radio replaces the earlier
# guidance letter; the forest-fire directive amends the disaster-prevention plan.
LEGAL_LINKS = [
    ("18/2026/QĐ-UBND", "replaces", "1287/UBND-VP"),
    ("18/2026/QĐ-UBND", "related", "03/CT-HU"),
    ("04/CT-UBND", "amends", "77/KH-UBND"),
    ("12/2026/NQ-HĐND", "related", "09/2026/QĐ-UBND"),
    ("156/KH-UBND", "guides", "03/CT-HU"),
]

BANNERS = [
    {"title": "Cổng Thông tin điện tử Chính phủ", "url": "https://chinhphu.vn",
     "position": "sidebar", "color": "#b4141b"},
    {"title": "Cổng Dịch vụ công quốc gia", "url": "https://dichvucong.gov.vn",
     "position": "sidebar", "color": "#0b4f9c"},
    {"title": "Cổng Thông tin điện tử tỉnh Lai Châu", "url": "https://laichau.gov.vn",
     "position": "sidebar", "color": "#1f7a3a"},
    {"title": "Cơ sở dữ liệu quốc gia về văn bản pháp luật", "url": "https://vbpl.vn",
     "position": "sidebar", "color": "#7a4b00"},
    {"title": "Báo Lai Châu điện tử", "url": "https://baolaichau.vn",
     "position": "footer", "color": "#5a2d82"},
]

MENU = [
    {"title": "Tin tức", "category": "Tin tức"},
    {"title": "Văn hóa - Xã hội", "category": "Văn hóa - Xã hội"},
    {"title": "Nông thôn mới", "category": "Nông nghiệp - Nông thôn mới"},
    {"title": "Chuyển đổi số", "category": "Chuyển đổi số"},
    {"title": "Thông báo", "category": "Thông báo"},
]


def all_text() -> list[str]:
    """Every Vietnamese string shipped in the demo, for the NFC check."""
    strings: list[str] = [*HUB.values(), *CATEGORIES]
    for unit in UNITS:
        strings += [unit["name"], unit["address"], unit["responsible"]]
    for article in ARTICLES:
        strings += [article["title"], article["lead"], article["author"], article["source"],
                    article["image_caption"], *article["paragraphs"], *article["tags"]]
    for doc in LEGAL_DOCUMENTS:
        strings += [doc["number"], doc["type"], doc["issuer"], doc["summary"], doc["signer"]]
    strings += [b["title"] for b in BANNERS] + [m["title"] for m in MENU]
    strings += [*SIGNER_POSITIONS, *SIGNER_POSITIONS.values()]
    strings += [path for paths in LEGAL_FIELDS.values() for path in paths]
    return strings
