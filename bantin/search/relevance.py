"""The relevance set: queries over the demo portal, each with the result a reader expects
first, and the figures that say how well search finds them (MRR and recall@10).

The queries are written the way people type: without diacritics, in odd case, with the
other tone style (hoà/hòa, thuỷ/thủy), decomposed (NFD) Unicode, short words, quoted
phrases and document numbers in any spacing. `python -m bantin search_quality` prints the
figures; the test suite fails below `MIN_MRR`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from wagtail.models import Site

from bantin.core.sites import sites_within

from . import engine, typo
from .query import parse

MIN_MRR = 0.9
CUTOFF = 10


def _nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


#: (what the reader types, the beginning of the title expected first)
QUERIES: list[tuple[str, str]] = [
    # Without diacritics.
    ("dang bo tan uyen hoan thanh nhiem vu xay dung dang",
     "Đảng bộ huyện Tân Uyên hoàn thành toàn diện"),
    ("boi duong ly luan chinh tri", "Huyện ủy Tân Uyên bồi dưỡng lý luận"),
    ("thanh nien mong", "Chi bộ bản Hố Mít: nơi thanh niên Mông"),
    ("uy ban kiem tra giam sat giam ngheo", "Ủy ban Kiểm tra Huyện ủy giám sát"),
    ("so tay dang vien dang bo huyen", "Đảng bộ huyện Tân Uyên đưa sổ tay đảng viên"),
    ("trong moi che 260 ha", "Tân Uyên trồng mới 260 ha chè"),
    ("duong be tong nam so", "Nậm Sỏ hoàn thành tuyến đường bê tông"),
    ("hoc sinh ban tru nam can", "Học sinh bán trú Nậm Cần"),
    ("huan luyen dan quan tu ve", "Tân Uyên ra quân huấn luyện dân quân"),
    ("xuat canh trai phep", "Tà Mít vận động thanh niên không xuất cảnh"),
    ("nong do con quoc lo 32", "Kiểm soát chặt vi phạm nồng độ cồn"),
    ("le xen ban", "Bản Nà Ban rộn ràng lễ Xên bản"),
    ("hop tac xa che bao tieu", "Hợp tác xã chè Phúc Khoa bao tiêu"),
    ("cum loa thong minh trung dong", "Trung Đồng vận hành cụm loa thông minh"),
    ("thu vien than thien", "Học sinh Tà Mít có thư viện thân thiện"),
    ("thuy loi nam so 42 ha lua", "Công trình thủy lợi mới giúp Nậm Sỏ"),
    ("kham sang loc", "Trạm Y tế xã Pắc Ta khám sàng lọc"),
    ("chong ret trau bo", "Hố Mít chủ động chống rét"),
    ("le hoi gau tao", "Lễ hội Gầu Tào xuân Bính Ngọ"),
    ("nang cap trang thong tin dien tu", "10 xã, thị trấn hoàn thành nâng cấp"),
    ("thu hoach lua chiem xuan", "Mường Khoa thu hoạch lúa chiêm xuân"),
    ("to cong nghe so cong dong", "Tổ công nghệ số cộng đồng"),
    ("mua lu pac ta", "Pắc Ta khắc phục hậu quả mưa lũ"),
    ("khai giang hoc sinh ho mit noi tru", "Khai giảng năm học mới, học sinh Hố Mít"),
    ("quy che van hanh he thong truyen thanh thong minh",
     "Ủy ban nhân dân huyện ban hành quy chế"),
    ("xa phuc khoa ra mat trang thong tin dien tu", "Xã Phúc Khoa ra mắt Trang thông tin"),
    ("loa truyen thanh ta mit", "Xã Tà Mít lắp đặt thêm cụm loa"),
    ("huyen uy boi duong", "Huyện ủy Tân Uyên bồi dưỡng"),
    # With diacritics, as typed on a Vietnamese keyboard.
    ("nghị quyết trạm truyền thanh", "Đưa nghị quyết của Đảng đến từng bản"),
    ("sổ tay đảng viên thị trấn", "Đảng bộ thị trấn Tân Uyên đưa sổ tay"),
    ("trạm y tế pắc ta bộ tiêu chí", "Trạm y tế xã Pắc Ta đạt Bộ tiêu chí"),
    ("phòng cháy chữa cháy rừng", "Tân Uyên ra quân phòng cháy, chữa cháy rừng"),
    ("lịch tiếp công dân Nậm Sỏ", "Thông báo lịch tiếp công dân của Xã Nậm Sỏ"),
    ("thanh toán mã QR", "Chợ trung tâm thị trấn Tân Uyên: 85% tiểu thương"),
    # The other tone style, and both.
    ("kiên cố hoá kênh thuỷ lợi", "Phúc Khoa kiên cố hóa 5,2 km kênh thủy lợi"),
    ("tổ hoà giải", "Tổ hòa giải bản Nà Ban"),
    ("tổ hòa giải", "Tổ hòa giải bản Nà Ban"),
    ("điệu xoè thái", "Điệu xòe Thái hòa nhịp"),
    ("công trình thuỷ lợi nhỏ", "Quyết định 09/2026/QĐ-UBND"),
    # Odd case.
    ("NậM CầN Ma TúY", "Nậm Cần nhân rộng mô hình bản không có ma túy"),
    ("TÂN UYÊN RA QUÂN HUẤN LUYỆN", "Tân Uyên ra quân huấn luyện dân quân"),
    ("pHúC kHoA ThỦy LợI", "Phúc Khoa kiên cố hóa 5,2 km kênh thủy lợi"),
    ("OCOP 3 SAO", "Thêm 4 sản phẩm của Tân Uyên đạt chứng nhận OCOP"),
    # Decomposed Unicode (macOS, some PDF exports).
    (_nfd("Lễ hội Gầu Tào"), "Lễ hội Gầu Tào xuân Bính Ngọ"),
    (_nfd("Hố Mít chống rét"), "Hố Mít chủ động chống rét"),
    # Short words.
    ("y tế xã đạt bộ tiêu chí", "Trạm y tế xã Pắc Ta đạt Bộ tiêu chí"),
    ("ủy ban kiểm tra", "Ủy ban Kiểm tra Huyện ủy giám sát"),
    ("ma túy", "Nậm Cần nhân rộng mô hình bản không có ma túy"),
    ("mã QR", "Chợ trung tâm thị trấn Tân Uyên: 85% tiểu thương"),
    ("bán trú", "Học sinh bán trú Nậm Cần"),
    ("mắc ca", "Mắc ca Trung Đồng vào mùa hoa"),
    # Quoted phrases.
    ('"ruộng bậc thang"', "Phúc Khoa kiên cố hóa 5,2 km kênh thủy lợi"),
    ('"vung nguyen lieu"', "Tân Uyên trồng mới 260 ha chè"),
    ('"chợ trung tâm"', "Chợ trung tâm thị trấn Tân Uyên: 85% tiểu thương"),
    ('"khong co ma tuy"', "Nậm Cần nhân rộng mô hình bản không có ma túy"),
    ('"hòa giải" Nà Ban', "Tổ hòa giải bản Nà Ban"),
    # Document numbers, any case or spacing, and documents by their subject.
    ("18/2026/QĐ-UBND", "Quyết định 18/2026/QĐ-UBND"),
    ("18/2026/qđ-ubnd", "Quyết định 18/2026/QĐ-UBND"),
    ("04 / CT - UBND", "Chỉ thị 04/CT-UBND"),
    ("156/KH-UBND", "Kế hoạch 156/KH-UBND"),
    ("25-nq/hu", "Nghị quyết 25-NQ/HU"),
    ("12/2026/NQ-HĐND", "Nghị quyết 12/2026/NQ-HĐND"),
    ("09/2026/QD-UBND", "Quyết định 09/2026/QĐ-UBND"),
    ("1287/UBND-VP", "Công văn 1287/UBND-VP"),
    ("415/ubnd-nn", "Công văn 415/UBND-NN"),
    ("45/QĐ-UBND", "Quyết định 45/QĐ-UBND"),
    ("phan cap quan ly cong trinh thuy loi nho", "Quyết định 09/2026/QĐ-UBND"),
    ("thanh toan khong dung tien mat dich vu cong", "Kế hoạch 156/KH-UBND"),
    ("dich benh gia suc gia cam", "Công văn 415/UBND-NN"),
    ("sinh hoat chi bo giai doan 2026 - 2030", "Nghị quyết 25-NQ/HU"),
    # One wrong letter (replaced, missing, extra, swapped): the reader follows the
    # "Có phải bạn muốn tìm" suggestion, as `evaluate` does.
    ("boi duonh ly luan chinh tri", "Huyện ủy Tân Uyên bồi dưỡng lý luận"),
    ("thanh nien mongg", "Chi bộ bản Hố Mít: nơi thanh niên Mông"),
    ("so tay dang vein dang bo huyen", "Đảng bộ huyện Tân Uyên đưa sổ tay đảng viên"),
    ("uy ban kiem tra giam sat giam nghoe", "Ủy ban Kiểm tra Huyện ủy giám sát"),
    ("duong be tog nam so", "Nậm Sỏ hoàn thành tuyến đường bê tông"),
    ("phan cap quan ly cong trinh thuyy loi nho", "Quyết định 09/2026/QĐ-UBND"),
]


@dataclass(frozen=True)
class Outcome:
    query: str
    expected: str
    rank: int | None  # 1-based position within the first CUTOFF results
    top: str  # what came first


@dataclass(frozen=True)
class Report:
    outcomes: list[Outcome]

    @property
    def mrr(self) -> float:
        return sum(1 / o.rank for o in self.outcomes if o.rank) / len(self.outcomes)

    @property
    def recall(self) -> float:
        return sum(1 for o in self.outcomes if o.rank) / len(self.outcomes)


def evaluate(site: Site) -> Report:
    """Run every query on `site` (and its units) and find where the expected title is."""
    scope = engine.Scope(site_ids=tuple(sites_within(site).values_list("pk", flat=True)))
    outcomes = []
    for raw, expected in QUERIES:
        query = parse(raw)
        results = engine.SearchResults(query, scope)
        if not results.count() or results.any_word:
            suggestion = typo.did_you_mean(query)  # what the page offers as a link
            if suggestion:
                results = engine.SearchResults(parse(suggestion), scope)
        titles = [e.title for e in results[:CUTOFF]]
        rank = next((i for i, t in enumerate(titles, 1) if t.startswith(expected)), None)
        outcomes.append(Outcome(raw, expected, rank, titles[0] if titles else ""))
    return Report(outcomes)
