"""Demo polls and survey: a running poll on the hub and on one commune, and a satisfaction
survey on the hub with a few responses. Safe to run again."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.models import Site

from .models import Poll, PollChoice, PollVote, SurveyField, SurveyPage, SurveySubmission

HUB_POLL = ("Bạn thường theo dõi thông tin của chính quyền địa phương qua kênh nào?",
            Poll.MULTIPLE, 2,
            ["Trang thông tin điện tử", "Loa truyền thanh thôn, bản", "Zalo, Facebook",
             "Họp thôn, tổ dân phố", "Truyền hình, báo in"],
            [12, 30, 18, 9, 4])
UNIT_POLL = ("Theo bạn, xã nên ưu tiên đầu tư hạng mục nào trong năm tới?",
             Poll.SINGLE, 0,
             ["Bê tông hóa đường nội đồng", "Sửa chữa trường mầm non",
              "Lắp thêm đèn chiếu sáng đường thôn", "Nâng cấp trạm y tế"],
             [14, 6, 9, 11])
SURVEY_TITLE = "Khảo sát mức độ hài lòng về giải quyết thủ tục hành chính"
SURVEY_FIELDS = [
    ("Bạn đã làm thủ tục gì tại Bộ phận một cửa?", "dropdown",
     "Chứng thực\nHộ tịch\nĐất đai\nChính sách xã hội\nKhác", True),
    ("Mức độ hài lòng về thái độ phục vụ của cán bộ", "scale", "", True),
    ("Mức độ hài lòng về thời gian giải quyết hồ sơ", "scale", "", True),
    ("Bạn biết đến dịch vụ công trực tuyến qua kênh nào?", "checkboxes",
     "Cán bộ hướng dẫn\nTrang thông tin điện tử\nLoa truyền thanh\nNgười thân, bạn bè", False),
    ("Góp ý để chúng tôi phục vụ tốt hơn", "multiline", "", False),
]
SURVEY_ANSWERS = [
    ("Chứng thực", 5, 4, ["Cán bộ hướng dẫn"], "Cán bộ nhiệt tình, hướng dẫn rõ ràng."),
    ("Đất đai", 4, 2, ["Trang thông tin điện tử", "Người thân, bạn bè"],
     "Hồ sơ đất đai còn phải đi lại nhiều lần, mong rút ngắn thời gian."),
    ("Hộ tịch", 5, 5, ["Loa truyền thanh"], ""),
    ("Chính sách xã hội", 3, 3, [], "Nên có thêm ghế ngồi chờ cho người cao tuổi."),
]


def _poll(site: Site, spec, now) -> int:
    question, kind, max_choices, labels, votes = spec
    poll, created = Poll.objects.get_or_create(site=site, question=question, defaults={
        "kind": kind, "max_choices": max_choices, "starts_at": now - dt.timedelta(days=3),
        "ends_at": now + dt.timedelta(days=60),
        "description": "Ý kiến của bà con giúp chính quyền lựa chọn việc cần làm trước.",
    })
    if not created:
        return 0
    choices = [PollChoice(poll=poll, label=label, sort_order=i)
               for i, label in enumerate(labels)]
    PollChoice.objects.bulk_create(choices)
    for choice, count in zip(choices, votes, strict=True):
        for n in range(count):
            # Demo votes carry no hashes: nobody cast them.
            ballot = PollVote.objects.create(poll=poll)
            extra = [choices[(choices.index(choice) + 1) % len(choices)]] \
                if kind == Poll.MULTIPLE and n % 3 == 0 else []
            ballot.choices.set([choice, *extra])
    return 1


def _survey(hub_site: Site, now) -> int:
    home = hub_site.root_page.specific
    if SurveyPage.objects.child_of(home).filter(title=SURVEY_TITLE).exists():
        return 0
    page = SurveyPage(
        title=SURVEY_TITLE, slug="khao-sat-muc-do-hai-long",
        intro="Mời bà con dành hai phút cho biết ý kiến về việc giải quyết thủ tục hành "
              "chính tại Bộ phận tiếp nhận và trả kết quả. Khảo sát không hỏi họ tên.",
        starts_at=now - dt.timedelta(days=7), ends_at=now + dt.timedelta(days=90),
        results_public=True,
    )
    for order, (label, kind, choices, required) in enumerate(SURVEY_FIELDS):
        page.form_fields.add(SurveyField(label=label, field_type=kind, choices=choices,
                                         required=required, sort_order=order))
    home.add_child(instance=page)
    page.save_revision().publish()
    names = [f.clean_name for f in page.form_fields.order_by("sort_order")]
    for answer in SURVEY_ANSWERS:
        SurveySubmission.objects.create(page=page, form_data=dict(zip(names, answer,
                                                                      strict=True)))
    return 1


def load_demo(hub_site: Site, unit_site: Site | None) -> int:
    now = timezone.now()
    made = _poll(hub_site, HUB_POLL, now) + _survey(hub_site, now)
    if unit_site is not None:
        made += _poll(unit_site, UNIT_POLL, now)
    return made
