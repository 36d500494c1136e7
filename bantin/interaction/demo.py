"""Demo comments: a few approved ones (with a reply) on the hub's newest articles, and one
waiting for a moderator. Safe to run again."""

from __future__ import annotations

from wagtail.models import Site

from .models import Comment

APPROVED = [
    ("Nguyễn Thị Hoa", "Bài viết rất thiết thực. Mong huyện tiếp tục thông tin thường xuyên "
     "về tiến độ để bà con được biết.", [
         ("Trần Văn Minh", "Đồng ý với chị Hoa, thôn tôi cũng mong có thêm buổi họp dân "
          "để giải thích cụ thể."),
     ]),
    ("Lê Văn Thắng", "Đề nghị bổ sung số điện thoại đường dây nóng của xã để người dân "
     "phản ánh kịp thời.", []),
    ("Phạm Thu Trang", "Cảm ơn ban biên tập đã đưa tin. Thông tin ngắn gọn, dễ hiểu.", []),
]
PENDING = ("Hoàng Đức Anh", "Xin hỏi lịch tiếp công dân tháng tới đã có chưa ạ?")


def load_demo(hub_site: Site) -> int:
    from bantin.news.models import ArticlePage
    from bantin.units.models import Unit

    # The hub's own articles: units' home pages lie below the hub's.
    units_below = Unit.objects.exclude(site=hub_site).values_list(
        "site__root_page__path", flat=True)
    candidates = ArticlePage.objects.live().descendant_of(hub_site.root_page).filter(
        allow_comments=True).order_by("-published_at")
    for path in units_below:
        candidates = candidates.exclude(path__startswith=path)
    articles = list(candidates[:3])
    made = 0
    for article, (name, text, replies) in zip(articles, APPROVED, strict=False):
        top, created = Comment.objects.get_or_create(
            page=article, name=name, text=text, defaults={"status": Comment.APPROVED})
        made += created
        for reply_name, reply_text in replies:
            made += Comment.objects.get_or_create(
                page=article, parent=top, name=reply_name, text=reply_text,
                defaults={"status": Comment.APPROVED})[1]
    if articles:
        made += Comment.objects.get_or_create(
            page=articles[0], name=PENDING[0], text=PENDING[1])[1]
    return made


DRAFT = {
    "number": "DT-01/2026", "type": "Dự thảo", "issuer": "UBND huyện Tân Uyên",
    "summary": "Dự thảo Quy chế tiếp nhận, xử lý phản ánh, kiến nghị của người dân qua Trang "
               "thông tin điện tử và hệ thống truyền thanh cơ sở",
}
OPINIONS = [
    ("Lường Văn Khánh", "Bản Nà Cóc, xã Phúc Khoa", "Điều 4",
     "Đề nghị quy định rõ thời hạn trả lời phản ánh là 10 ngày làm việc, tránh để lâu.",
     Comment.APPROVED),
    ("Đỗ Thị Lan", "Hội Liên hiệp Phụ nữ xã Mường Khoa", "",
     "Nên cho phép gửi phản ánh bằng tin nhắn thoại vì nhiều chị em không quen gõ chữ.",
     Comment.APPROVED),
    ("Giàng A Páo", "", "Điều 7, khoản 2",
     "Đề nghị đọc kết quả trả lời trên loa truyền thanh bằng cả tiếng dân tộc.",
     Comment.PENDING),
]
CONTACT = ("Vương Thị Nga", "nga.vt@example.vn", "Xin lịch tiếp công dân tháng 12",
           "Tôi muốn gặp lãnh đạo để trình bày về việc cấp giấy chứng nhận quyền sử dụng "
           "đất. Xin cho biết lịch tiếp công dân tháng 12.")


def load_drafts(hub_site: Site) -> int:
    """A draft open for comment on the hub (the window runs from three days ago for a
    month, counted from when the demo is loaded), with opinions; a contact message."""
    import datetime as dt

    from django.utils import timezone

    from bantin.laws.models import DocumentType, IssuingBody, LegalDocument

    from .models import ContactMessage, Opinion

    now = timezone.now()
    doc = LegalDocument.objects.filter(site=hub_site, number=DRAFT["number"]).first()
    if doc is None:
        doc = LegalDocument.objects.create(
            site=hub_site, number=DRAFT["number"],
            doc_type=DocumentType.objects.get_or_create(name=DRAFT["type"])[0],
            issuer=IssuingBody.objects.get_or_create(name=DRAFT["issuer"])[0],
            issued_on=timezone.localdate(), summary=DRAFT["summary"],
            comment_opens_at=now - dt.timedelta(days=3),
            comment_closes_at=now + dt.timedelta(days=27),
        )
    made = 0
    for name, organisation, provision, text, status in OPINIONS:
        made += Opinion.objects.get_or_create(
            document=doc, name=name, text=text,
            defaults={"organisation": organisation, "provision": provision,
                      "status": status})[1]
    name, email, subject, text = CONTACT
    if not ContactMessage.objects.filter(site=hub_site, subject=subject).exists():
        ContactMessage.objects.create(
            site=hub_site, department_name="Bộ phận tiếp nhận chung", name=name, email=email,
            subject=subject, text=text)
        made += 1
    return made
