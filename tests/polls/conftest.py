"""Two units under a hub, each with a poll and a survey, and their staff; built once per
test module (tests/shared_data.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from bantin.polls.models import Poll, PollChoice, SurveyField, SurveyPage
from bantin.units.provision import create_unit
from tests import shared_data

UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"
OTHER_UA = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/121 Mobile Safari/537.36"
PASSWORD = "mat-khau-dai-12"


def make_poll(site, question, labels, **fields):
    fields.setdefault("starts_at", timezone.now() - dt.timedelta(days=1))
    poll = Poll.objects.create(site=site, question=question, **fields)
    for order, label in enumerate(labels):
        PollChoice.objects.create(poll=poll, label=label, sort_order=order)
    return poll


def make_survey(home, title, slug, **fields):
    fields.setdefault("starts_at", timezone.now() - dt.timedelta(days=1))
    page = SurveyPage(title=title, slug=slug, **fields)
    specs = [
        ("Bạn làm thủ tục gì?", "radio", "Chứng thực\nHộ tịch\nĐất đai", True),
        ("Mức độ hài lòng", "scale", "", True),
        ("Kênh thông tin", "checkboxes", "Loa\nTrang web\nZalo", False),
        ("Góp ý", "multiline", "", False),
    ]
    for order, (label, kind, choices, required) in enumerate(specs):
        page.form_fields.add(SurveyField(label=label, field_type=kind, choices=choices,
                                         required=required, sort_order=order))
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def build_world():
    hub = create_unit("Huyện Thử", "hub.example.vn").unit
    a = create_unit("Xã Alpha", "alpha.example.vn", "hub.example.vn").unit
    b = create_unit("Xã Beta", "beta.example.vn", "hub.example.vn").unit
    User = get_user_model()
    people = {}
    for name, group in (("mod-a", a.moderators), ("mod-b", b.moderators),
                        ("editor-a", a.editors), ("mod-hub", hub.moderators)):
        people[name] = User.objects.create_user(name, password=PASSWORD)
        people[name].groups.add(group)
    return {
        "hub": hub, "a": a, "b": b, **people,
        "poll_a": make_poll(a.site, "Xã nên ưu tiên việc gì?",
                            ["Làm đường", "Sửa trường", "Đèn chiếu sáng"]),
        "multi_a": make_poll(a.site, "Bạn đọc tin qua kênh nào?", ["Loa", "Trang web", "Zalo"],
                             kind=Poll.MULTIPLE, max_choices=2),
        "poll_b": make_poll(b.site, "Câu hỏi riêng của xã Beta", ["Có", "Không"]),
        "survey_a": make_survey(a.site.root_page, "Khảo sát hài lòng Alpha", "khao-sat"),
        "survey_b": make_survey(b.site.root_page, "Khảo sát hài lòng Beta", "khao-sat-beta"),
    }


world_snapshot = shared_data.per_module(build_world)


@pytest.fixture
def world(request, world_snapshot, db):
    return world_snapshot.get(request)


@pytest.fixture
def browser(client):
    """A visitor's browser on unit A's hostname."""
    client.defaults.update(HTTP_HOST="alpha.example.vn", HTTP_USER_AGENT=UA)
    return client
