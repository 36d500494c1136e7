"""Demo questions: a few answered and published ones, and one new question waiting in the
queue, for the hub and for one commune. Safe to run again."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.models import Site

from .models import Question

# (field path, name, title, question, answer or None for a new question, days ago)
HUB = [
    ("Đất đai", "Lò Văn Thành", "Thời hạn cấp giấy chứng nhận quyền sử dụng đất lần đầu",
     "Gia đình tôi nộp hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất lần đầu tại bộ "
     "phận một cửa của xã đã hơn 20 ngày. Xin hỏi thời hạn giải quyết là bao lâu?",
     "Theo quy định hiện hành, thời gian giải quyết thủ tục cấp giấy chứng nhận lần đầu "
     "không quá 20 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ (không kể thời gian xã "
     "niêm yết công khai và thời gian người dân thực hiện nghĩa vụ tài chính). Ông có thể "
     "tra cứu tình trạng hồ sơ bằng mã trên giấy tiếp nhận tại bộ phận một cửa, hoặc gọi "
     "đường dây nóng của Văn phòng đăng ký đất đai để được hướng dẫn cụ thể.", 12),
    ("Nông nghiệp/Trồng trọt", "Tẩn Thị Mẩy", "Hỗ trợ giống chè cho hộ trồng mới",
     "Năm nay bản tôi có nhiều hộ muốn trồng mới chè. Xin hỏi huyện có chính sách hỗ trợ "
     "giống chè không và đăng ký ở đâu?",
     "Huyện tiếp tục hỗ trợ giống chè cho các hộ trồng mới tập trung theo Nghị quyết số "
     "12/2026/NQ-HĐND. Bà con đăng ký với trưởng bản để tổng hợp gửi Ủy ban nhân dân xã "
     "trước ngày 30/11; cán bộ nông nghiệp xã sẽ kiểm tra diện tích trước khi cấp giống.", 5),
    ("Tài chính", "Nguyễn Văn Hưng", "Nộp lệ phí trước bạ qua mạng",
     "Tôi có thể nộp lệ phí trước bạ xe máy qua Cổng dịch vụ công không, hay phải ra trực "
     "tiếp cơ quan thuế?",
     "Ông có thể nộp lệ phí trước bạ trực tuyến trên Cổng dịch vụ công quốc gia bằng tài "
     "khoản định danh điện tử mức 2, thanh toán qua ngân hàng hoặc ví điện tử. Sau khi nộp, "
     "ông mang xe và giấy tờ tới cơ quan công an để đăng ký.", 2),
    ("Phòng chống thiên tai", "Vàng A Sình", "Hỗ trợ hộ bị sạt lở đất sau mưa lớn",
     "Đêm qua mưa lớn làm sạt một phần taluy sau nhà tôi. Xin hỏi gia đình cần báo cho ai "
     "và có được hỗ trợ di dời không?", None, 0),
]
UNIT = [
    ("Nông nghiệp/Chăn nuôi - Thú y", "Lý Văn Páo", "Tiêm phòng cho đàn trâu trước mùa rét",
     "Đàn trâu nhà tôi chưa được tiêm phòng tụ huyết trùng. Xã có tổ chức tiêm không và "
     "có mất phí không?",
     "Trạm thú y phối hợp với xã tổ chức tiêm phòng đợt 2 từ ngày 01 đến 15/12 tại các "
     "bản, miễn phí vắc xin cho hộ chăn nuôi. Ông liên hệ trưởng bản để đăng ký số lượng "
     "trâu và giữ trâu tại chuồng vào ngày cán bộ thú y đến bản.", 7),
    ("Đất đai", "Sần Thị Lan", "Xác nhận nguồn gốc đất để làm nhà",
     "Gia đình tôi muốn làm nhà trên đất vườn do bố mẹ cho. Xin hỏi cần xin xác nhận gì "
     "của xã?",
     "Trước hết bà cần làm thủ tục tặng cho quyền sử dụng đất (công chứng hoặc chứng thực "
     "tại xã) và đăng ký biến động. Nếu đất vườn chưa phải đất ở, gia đình nộp hồ sơ chuyển "
     "mục đích sử dụng đất tại bộ phận một cửa; cán bộ địa chính sẽ hướng dẫn cụ thể.", 3),
    ("Y tế", "Hờ Thị Dua", "Lịch khám sức khỏe cho người cao tuổi",
     "Năm nay trạm y tế xã có tổ chức khám sức khỏe miễn phí cho người cao tuổi không ạ?",
     None, 0),
]


def _load(site: Site, items, area) -> int:
    made = 0
    now = timezone.now()
    for area_path, name, title, text, answer, days in items:
        when = now - dt.timedelta(days=days)
        fields = {"name": name, "text": text, "area": area(area_path)}
        if answer:
            fields.update(answer=answer, status=Question.PUBLISHED, answered_at=when,
                          published_at=when)
        question, created = Question.objects.get_or_create(site=site, title=title,
                                                           defaults=fields)
        if created:
            question.save_revision(clean=False)
            made += 1
    return made


def load_demo(hub_site: Site, unit_site: Site | None, area) -> int:
    """`area(path)` gives the subject area (laws.LegalField) named by a path such as
    "Nông nghiệp/Trồng trọt", created if missing (the demo loader's own helper)."""
    made = _load(hub_site, HUB, area)
    if unit_site is not None:
        made += _load(unit_site, UNIT, area)
    return made
