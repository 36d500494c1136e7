"""Build the demo portal: the Tân Uyên hub, its 10 unit sites, news, documents, banners,
and the broadcast network (stations, loudspeaker clusters, daily schedules).

Every step looks up what exists first, so running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from bantin.accounts import demo as accounts_demo
from bantin.audience import counting
from bantin.audience.models import SiteDailyVisits
from bantin.broadcast import demo as broadcast_demo
from bantin.core import text
from bantin.core.models import CustomDocument, CustomImage, Navigation, SiteIdentity
from bantin.editor import demo as editor_demo
from bantin.importers.articles import (
    ArticleRecord,
    ensure_category,
    find_category,
    save_article,
)
from bantin.importers.bulk import deferred_indexing
from bantin.interaction import demo as interaction_demo
from bantin.laws.models import (
    DocumentLink,
    DocumentType,
    IssuingBody,
    LegalAttachment,
    LegalDocument,
    LegalField,
    Signer,
)
from bantin.news import sharing
from bantin.news.models import ArticlePage, ArticleShare, Banner, CategoryPage
from bantin.organisation import demo as organisation_demo
from bantin.polls import demo as polls_demo
from bantin.questions import demo as questions_demo
from bantin.units import access, provision
from bantin.units.provision import create_unit

from . import content, images

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "bantin-demo-2026"  # noqa: S105 -- printed by `make demo`; loopback only
HUB_HOSTNAME = "localhost"
HISTORY_DAYS = 75


def _log(out, message: str) -> None:
    if out is not None:
        out.write(message)


def ensure_admin():
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=ADMIN_USERNAME,
        defaults={"email": "quantri@tanuyen.localhost", "is_staff": True, "is_superuser": True,
                  "first_name": "Quản trị"},
    )
    if created:
        user.set_password(ADMIN_PASSWORD)
        user.save()
    return user


def _image(title: str, data: bytes, name: str, caption: str = "") -> CustomImage:
    existing = CustomImage.objects.filter(title=title).first()
    if existing is not None:
        return existing
    image = CustomImage(title=title, caption=caption)
    image.file = ImageFile(io.BytesIO(data), name=name)
    image.save()
    return image


def ensure_hub() -> Site:
    # Wagtail's placeholder welcome page and its default site make way for the hub.
    for page in Page.objects.filter(depth=2).exclude(
        content_type__model__in=["hubhomepage", "unithomepage"]
    ):
        Site.objects.filter(root_page=page).delete()
        page.delete()
    site = create_unit(content.HUB["unit"], HUB_HOSTNAME).unit.site
    if not site.is_default_site:
        Site.objects.filter(is_default_site=True).update(is_default_site=False)
        Site.objects.filter(pk=site.pk).update(is_default_site=True)
        site.refresh_from_db()
    return site


def ensure_unit(unit: dict) -> Site:
    return create_unit(unit["name"], unit["hostname"], HUB_HOSTNAME).unit.site


def ensure_staff(site: Site, slug: str) -> None:
    """A demo editor and moderator for a unit, to show what each sees."""
    User = get_user_model()
    unit = site.unit
    for prefix, group, first_name in (("bientap", unit.editors, "Biên tập viên"),
                                      ("lanhdao", unit.moderators, "Lãnh đạo")):
        user, created = User.objects.get_or_create(
            username=f"{prefix}.{slug}",
            defaults={"first_name": first_name, "last_name": unit.name, "is_staff": True},
        )
        if created:
            user.set_password(ADMIN_PASSWORD)
            user.save()
        user.groups.add(group)


def ensure_identity(site: Site, info: dict, logo: CustomImage, portal_title: str) -> None:
    identity = SiteIdentity.for_site(site)
    if identity.logo_id:  # filled by an earlier run (provisioning leaves the logo empty)
        return
    identity.unit_name = info.get("unit_name", info.get("name", ""))
    identity.portal_title = portal_title
    identity.logo = logo
    for field in ("address", "phone", "email"):
        setattr(identity, field, info.get(field, ""))
    identity.responsible_person = info.get("responsible", "")
    identity.licence = info.get("licence", "")
    for field in ("facebook", "youtube", "zalo"):
        setattr(identity, field, info.get(field, ""))
    identity.save()


def ensure_menu(site: Site) -> None:
    """The demo categories first, then the unit's standard sections. A menu an editor has
    changed since provisioning is left alone."""
    nav = Navigation.for_site(site)
    root = site.root_page
    standard = provision.default_menu(provision.sections_of(root))
    current = [e.value["title"] for e in nav.main_menu]
    if current and current != [entry[1]["title"] for entry in standard]:
        return
    entries = []
    for item in content.MENU:
        if item.get("category"):
            category = _category_by_path(root, item["category"])
            if category is None:
                continue
            children = [
                {"title": "", "page": child, "url": ""}
                for child in CategoryPage.objects.child_of(category).live()
            ]
            entries.append(("entry", {"title": item["title"], "page": category, "url": "",
                                      "children": children}))
        elif item.get("url"):
            entries.append(("entry", {"title": item["title"], "page": None,
                                      "url": item["url"], "children": []}))
    # The standard sections keep their places around the news: "Giới thiệu" first.
    titles = [entry[1]["title"] for entry in standard]
    split = titles.index(provision.NEWS_SECTION) if provision.NEWS_SECTION in titles else 0
    shown = {entry[1]["title"] for entry in entries}
    entries = standard[:split] + entries + [
        entry for entry in standard[split:] if entry[1]["title"] not in shown]
    nav.main_menu = entries
    nav.save()


def _category_by_path(root: Page, path: str) -> CategoryPage | None:
    return find_category(root, [p for p in path.split("/") if p])


def ensure_articles(site: Site, articles: list[dict], workdir: Path) -> int:
    root = site.root_page.specific
    made = 0
    for number, item in enumerate(articles):
        if ArticlePage.objects.descendant_of(root).filter(import_key=item["id"]).exists():
            continue
        image_path = workdir / f"{item['id']}.jpg"
        image_path.write_bytes(images.make_image(item.get("image_theme", "mountain"), number))
        body = "".join(f"<p>{p}</p>" for p in item["paragraphs"])
        record = ArticleRecord(
            external_id=item["id"], title=text.clean(item["title"]),
            lead=text.clean(item.get("lead", "")), body_html=body,
            author=item.get("author", ""), source=item.get("source", ""),
            published_at=dt.datetime.fromisoformat(item["published_at"]),
            category=[p for p in item["category"].split("/") if p],
            tags=item.get("tags", []), image=image_path,
            image_caption=text.clean(item.get("image_caption", "")),
            views=item.get("views"),
        )
        with transaction.atomic():
            save_article(record, root)
            article = ArticlePage.objects.descendant_of(root).get(import_key=item["id"])
            changed = False
            if item.get("featured"):
                article.featured = True
                changed = True
            extras = [c for c in (_category_by_path(root, p)
                                  for p in item.get("extra_categories", [])) if c]
            if extras:
                article.extra_categories.set(extras)
                changed = True
            if changed:
                article.save_revision().publish()
        made += 1
    return made


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with ASCII text (built-in fonts carry no Vietnamese glyphs)."""
    ascii_lines = [text.fold(line).encode("ascii", "replace").decode() for line in lines]
    stream_lines = ["BT", "/F1 12 Tf", "50 780 Td", "16 TL"]
    for line in ascii_lines:
        safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream_lines.append(f"({safe[:90]}) Tj T*")
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def ensure_documents(site: Site, documents: list[dict], links=()) -> int:
    made = 0
    collection = access.collection_of(site)
    for order, item in enumerate(documents):
        doc_type, _ = DocumentType.objects.get_or_create(
            name=item["type"], defaults={"sort_order": order}
        )
        if LegalDocument.objects.filter(site=site, number=item["number"]).exists():
            continue
        slug = text.slugify_vi(item["number"].replace("/", "-"))
        file = CustomDocument(title=f"{item['type']} {item['number']}", collection=collection)
        file.file.save(
            f"{slug}.pdf",
            ContentFile(_pdf([item["type"] + " " + item["number"], item["issuer"],
                              item["summary"]])),
            save=False,
        )
        file.save()
        issuer, _ = IssuingBody.objects.get_or_create(name=item["issuer"])
        signer = None
        if item.get("signer"):
            signer, _ = Signer.objects.get_or_create(
                name=item["signer"], position=content.SIGNER_POSITIONS.get(item["signer"], "")
            )
        doc = LegalDocument.objects.create(
            site=site, number=item["number"], doc_type=doc_type, issuer=issuer, signer=signer,
            issued_on=dt.date.fromisoformat(item["issued_on"]),
            effective_on=_date(item.get("effective_on")),
            expires_on=_date(item.get("expires_on")),
            summary=text.clean(item["summary"]),
        )
        doc.fields.set([_legal_field(path) for path in content.LEGAL_FIELDS.get(doc.number, [])])
        doc.save()
        LegalAttachment.objects.create(document=doc, file=file, sort_order=0)
        counting.set_total(counting.LAW_VIEW, doc.pk, item.get("views", 0))
        counting.set_total(counting.LAW_DOWNLOAD, doc.pk, item.get("downloads", 0))
        made += 1
    for number, relation, target in links:
        source = LegalDocument.objects.filter(site=site, number=number).first()
        other = LegalDocument.objects.filter(site=site, number=target).first()
        if source and other:
            DocumentLink.objects.get_or_create(document=source, target=other, relation=relation)
    return made


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _legal_field(path: str) -> LegalField:
    parent = None
    for name in path.split("/"):
        parent, _ = LegalField.objects.get_or_create(name=name, parent=parent)
    return parent


def ensure_banners(site: Site) -> int:
    made = 0
    for order, item in enumerate(content.BANNERS):
        if Banner.objects.filter(site=site, url=item["url"]).exists():
            continue
        image = _image(f"Banner: {item['title']}", images.make_banner(item["color"], order),
                       f"banner-{order}.png")
        Banner.objects.create(
            site=site, title=item["title"], url=item["url"], image=image,
            position=item.get("position", "sidebar"), sort_order=order,
        )
        made += 1
    return made


def ensure_visit_history(site: Site, seed: int) -> None:
    """Past days of visits, so the statistics block has a history from the first run.
    Today is left to real visitors."""
    if SiteDailyVisits.objects.filter(site=site).exists():
        return
    today = timezone.localdate()
    for back in range(1, HISTORY_DAYS + 1):
        day = today - dt.timedelta(days=back)
        weekday_factor = 0.6 if day.weekday() >= 5 else 1.0
        visits = int((180 + (seed * 37 + back * 53) % 220) * weekday_factor)
        counting.set_visits(site.pk, day, visits)


def unit_articles(unit: dict) -> list[dict]:
    """A few opening articles for a unit site, written around the unit's name."""
    name, slug = unit["name"], unit["slug"]
    return [
        {
            "id": f"{slug}-001",
            "title": f"{name} ra mắt Trang thông tin điện tử",
            "lead": f"Từ tháng 11/2026, người dân có thể theo dõi tin tức, văn bản và lịch phát "
                    f"thanh của {name} ngay trên điện thoại.",
            "paragraphs": [
                f"Trang thông tin điện tử của {name} đăng tải các tin hoạt động của chính quyền, "
                "thông báo, văn bản chỉ đạo và lịch phát thanh của trạm truyền thanh cơ sở.",
                "Cán bộ văn hóa - xã hội được giao cập nhật tin bài hằng tuần; mỗi bài viết đều "
                "được lãnh đạo xem xét trước khi đăng.",
                "Người dân có thể gửi câu hỏi, góp ý qua mục Hỏi đáp và Liên hệ trên trang.",
            ],
            "author": "Bộ phận Văn phòng - Thống kê",
            "published_at": "2026-11-02T08:00:00+07:00",
            "category": "Tin tức",
            "tags": ["chuyển đổi số", name],
            "image_caption": f"Trụ sở {name}",
            "image_theme": "village",
            "views": 120,
        },
        {
            "id": f"{slug}-002",
            "title": f"{name} lắp đặt thêm cụm loa truyền thanh tại các bản",
            "lead": "Các cụm loa mới tự bật, phát và tắt theo khung giờ đã cài đặt, giúp thông tin "
                    "đến với bà con vào buổi sáng sớm và chiều tối.",
            "paragraphs": [
                f"Trạm truyền thanh {name} vừa đưa vào sử dụng thêm các cụm loa tại những bản "
                "xa trung tâm.",
                "Lịch phát thanh gồm bản tin thời sự của địa phương, thông tin về thời vụ, phòng "
                "chống thiên tai và các thông báo khẩn khi cần.",
                "Người dân có ý kiến về chất lượng âm thanh có thể phản ánh với trưởng bản hoặc "
                "gọi điện tới bộ phận văn hóa - xã hội.",
            ],
            "author": "Trạm truyền thanh cơ sở",
            "published_at": "2026-11-10T16:30:00+07:00",
            "category": "Tin tức",
            "tags": ["truyền thanh cơ sở"],
            "image_caption": "Cụm loa truyền thanh tại nhà văn hóa bản",
            "image_theme": "mountain",
            "views": 86,
        },
        {
            "id": f"{slug}-003",
            "title": f"Thông báo lịch tiếp công dân của {name} tháng 12/2026",
            "lead": "Lãnh đạo tiếp công dân định kỳ vào sáng thứ năm hằng tuần tại trụ sở.",
            "paragraphs": [
                "Công dân đến liên hệ mang theo giấy tờ tùy thân và tài liệu liên quan đến nội "
                "dung kiến nghị, phản ánh.",
                "Trường hợp cần phiên dịch tiếng dân tộc, đề nghị báo trước với bộ phận một cửa "
                "để được bố trí.",
            ],
            "author": "Văn phòng",
            "published_at": "2026-11-20T07:45:00+07:00",
            "category": "Thông báo",
            "tags": ["tiếp công dân"],
            "image_caption": "Bộ phận tiếp nhận và trả kết quả",
            "image_theme": "meeting",
            "views": 64,
        },
    ]


def ensure_shares(hub_site: Site, user) -> None:
    """Each unit's first article accepted as "Tin cơ sở"; the hub's newest featured article
    pushed to every unit. Shares are references: nothing is copied."""
    if ArticleShare.objects.exists():
        return
    for unit in content.UNITS:
        article = ArticlePage.objects.live().filter(import_key=f"{unit['slug']}-001").first()
        if article is not None:
            sharing.accept(sharing.propose(article, user), user)
    pushed = (ArticlePage.objects.live().descendant_of(hub_site.root_page)
              .filter(featured=True, import_key__isnull=False)
              .exclude(import_key__in=[f"{u['slug']}-001" for u in content.UNITS])
              .order_by("-published_at").first())
    if pushed is not None and pushed.get_site().pk == hub_site.pk:
        sharing.push(pushed, user)


def unit_documents(unit: dict) -> list[dict]:
    """Two documents of a unit's own People's Committee."""
    name = unit["name"]
    issuer = f"UBND {name[0].lower()}{name[1:]}"
    return [
        {"number": "45/QĐ-UBND", "type": "Quyết định", "issuer": issuer,
         "issued_on": "2026-10-20", "effective_on": "2026-10-20",
         "signer": "", "summary": f"Kiện toàn Tổ thông tin cơ sở và bộ phận quản trị Trang "
                                 f"thông tin điện tử {name}",
         "views": 40, "downloads": 12},
        {"number": "12/TB-UBND", "type": "Thông báo", "issuer": issuer,
         "issued_on": "2026-11-18", "signer": "",
         "summary": f"Lịch tiếp công dân định kỳ của lãnh đạo {name} tháng 12 năm 2026",
         "views": 25, "downloads": 4},
    ]


def load(out=None) -> dict:
    user = ensure_admin()
    hub_site = ensure_hub()
    # Each object's index updates (search, references) are made once at the end, in bulk,
    # instead of one background job per save: about 2,200 jobs otherwise.
    with deferred_indexing():
        logo = _image("Biểu trưng", images.make_logo(), "bieu-trung.png")
        ensure_identity(hub_site, content.HUB, logo, content.HUB["name"])
        with tempfile.TemporaryDirectory() as tmp:
            for path in content.CATEGORIES:
                ensure_category(hub_site.root_page.specific, [p for p in path.split("/") if p])
            made = ensure_articles(hub_site, content.ARTICLES, Path(tmp))
            _log(out, f"Hub articles created: {made}")
            for seed, unit in enumerate(content.UNITS, start=1):
                site = ensure_unit(unit)
                ensure_identity(site, unit, logo, f"Trang thông tin điện tử {unit['name']}")
                ensure_articles(site, unit_articles(unit), Path(tmp))
                ensure_documents(site, unit_documents(unit))
                ensure_staff(site, unit["slug"])
                organisation_demo.load_demo(site.root_page, unit["name"], seed)
                ensure_menu(site)
                ensure_visit_history(site, seed)
        ensure_menu(hub_site)
        ensure_documents(hub_site, content.LEGAL_DOCUMENTS, content.LEGAL_LINKS)
        ensure_staff(hub_site, "huyen")
        organisation_demo.load_demo(hub_site.root_page, content.HUB["unit"], 0)
        ensure_banners(hub_site)
        ensure_shares(hub_site, user)
        _log(out, f"Comments created: {interaction_demo.load_demo(hub_site)}")
        drafts = interaction_demo.load_drafts(hub_site)
        _log(out, f"Opinions and contact messages created: {drafts}")
        commune = Site.objects.filter(hostname=content.UNITS[0]["hostname"]).first()
        _log(out, f"Polls and surveys created: {polls_demo.load_demo(hub_site, commune)}")
        _log(out, f"Questions created: {questions_demo.load_demo(hub_site, commune, _legal_field)}")
        made = editor_demo.load_demo(commune, content.UNITS[0]["slug"])
        _log(out, f"Articles waiting for approval: {made}")
        ensure_visit_history(hub_site, 0)
        unit_sites = [(Site.objects.get(hostname=unit["hostname"]), unit["name"], unit["slug"])
                      for unit in content.UNITS]
        clusters = broadcast_demo.load_demo(hub_site, unit_sites, user)
        _log(out, f"Broadcast clusters: {clusters}")
        codes = accounts_demo.load_demo(user)
        _log(out, f"Second-factor backup codes for {user.get_username()} (each works once): "
                  + " ".join(codes))
    return {"user": user, "hub": hub_site}
