"""The demo questions: published ones on the list, one new in each queue, loaded once."""

from __future__ import annotations

import pytest

from bantin.demo.loader import _legal_field
from bantin.questions import demo
from bantin.questions.models import Question

pytestmark = pytest.mark.django_db


def test_the_demo_questions_load_once(client, world):
    hub, unit = world["hub"].site, world["a"].site
    made = demo.load_demo(hub, unit, _legal_field)
    assert made == len(demo.HUB) + len(demo.UNIT)
    assert demo.load_demo(hub, unit, _legal_field) == 0
    assert Question.objects.filter(site=hub, status=Question.NEW).count() == 1
    assert Question.objects.filter(site=unit, status=Question.NEW,
                                   title=demo.UNIT[-1][2]).exists()
    html = client.get("/hoi-dap/", HTTP_HOST="hub.example.vn").content.decode()
    assert "Hỗ trợ giống chè cho hộ trồng mới" in html
    assert "Hỗ trợ hộ bị sạt lở đất" not in html  # new, not answered
