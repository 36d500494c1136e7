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
