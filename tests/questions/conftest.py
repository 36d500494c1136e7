"""A hub with two units (A and B), their staff, subject areas, and a few questions in
each state; built once per test module (tests/shared_data.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests import shared_data

UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"
PASSWORD = "mat-khau-dai-12"


def make_question(site, **fields):
    from bantin.questions.models import Question

    fields.setdefault("name", "Nguyễn Văn An")
    fields.setdefault("email", "an@example.vn")
    fields.setdefault("title", "Hỏi về cấp giấy chứng nhận quyền sử dụng đất")
    fields.setdefault("text", "Gia đình tôi muốn làm sổ đỏ cho thửa đất ở thôn Nà Sàng.")
    question = Question.objects.create(site=site, **fields)
    question.save_revision(clean=False)
    return question


def build_world() -> dict:
    from bantin.laws.models import LegalField
    from bantin.questions.models import Question
    from bantin.units.provision import create_unit

    hub = create_unit("Huyện Thử", "hub.example.vn").unit
    a = create_unit("Xã Alpha", "alpha.example.vn", "hub.example.vn").unit
    b = create_unit("Xã Beta", "beta.example.vn", "hub.example.vn").unit
    User = get_user_model()
    users = {}
    for name, group in (("mod-a", a.moderators), ("editor-a", a.editors),
                        ("mod-b", b.moderators), ("editor-b", b.editors),
                        ("mod-hub", hub.moderators)):
        user = User.objects.create_user(name, password=PASSWORD, email=f"{name}@example.vn")
        user.groups.add(group)
        users[name] = user
    land = LegalField.objects.create(name="Đất đai")
    land_sub = LegalField.objects.create(name="Cấp giấy chứng nhận", parent=land)
    health = LegalField.objects.create(name="Y tế")
    now = timezone.now()
    published = make_question(
        a.site, area=land_sub, title="Thủ tục cấp sổ đỏ lần đầu",
        text="Xin hỏi hồ sơ cấp giấy chứng nhận lần đầu gồm những gì?",
        answer="Hồ sơ gồm đơn đăng ký và giấy tờ về quyền sử dụng đất.",
        status=Question.PUBLISHED, answered_at=now - dt.timedelta(days=2),
        published_at=now - dt.timedelta(days=2))
    published_health = make_question(
        a.site, area=health, name="Trần Thị Bình", title="Tiêm chủng cho trẻ",
        text="Lịch tiêm chủng mở rộng tháng này ở trạm y tế xã thế nào?",
        answer="Trạm y tế tiêm vào ngày 15 hằng tháng.", status=Question.PUBLISHED,
        answered_at=now - dt.timedelta(days=1), published_at=now - dt.timedelta(days=1))
    new = make_question(a.site, area=land, title="Câu hỏi mới của xã Alpha")
    answered = make_question(a.site, area=health, title="Câu hỏi đã trả lời chờ công khai",
                             answer="Đã trả lời.", status=Question.ANSWERED,
                             answered_at=now)
    b_question = make_question(b.site, area=land, title="Câu hỏi BETA-BÍ-MẬT",
                               text="Nội dung BETA-BÍ-MẬT của xã Beta.")
    b_published = make_question(
        b.site, area=land, title="Câu hỏi công khai của xã Beta",
        text="Nội dung đã công khai của xã Beta.", answer="Trả lời của xã Beta.",
        status=Question.PUBLISHED, answered_at=now, published_at=now)
    return {"hub": hub, "a": a, "b": b, **users, "land": land, "land_sub": land_sub,
            "health": health, "published": published, "published_health": published_health,
            "new": new, "answered": answered, "b_question": b_question,
            "b_published": b_published}


world_snapshot = shared_data.per_module(build_world)


@pytest.fixture
def world(request, world_snapshot, db):
    return world_snapshot.get(request)


@pytest.fixture
def visitor(client):
    """A visitor's browser on unit A's hostname."""
    client.defaults.update(HTTP_HOST="alpha.example.vn", HTTP_USER_AGENT=UA)
    return client


def ask_data(world, **overrides):
    data = {"name": "Lê Văn Cường", "email": "cuong@example.vn", "phone": "",
            "area": str(world["land"].pk), "title": "Hỏi về chuyển mục đích sử dụng đất",
            "text": "Tôi muốn chuyển đất vườn sang đất ở thì cần làm thủ tục gì?",
            "consent": "on", "website": ""}
    data.update(overrides)
    return data
