"""A hub's visitor statistics add up its own and its units'; a unit's show only itself."""

import datetime as dt

import pytest
from django.utils import timezone

from bantin.audience import counting

pytestmark = pytest.mark.django_db


def _visits(site, today: int, last_month: int, online: int) -> None:
    day = timezone.localdate()
    counting.set_visits(site.pk, day, today)
    counting.set_visits(site.pk, day.replace(day=1) - dt.timedelta(days=1), last_month)
    for n in range(online):
        counting.record_visit(site.pk, f"visitor-{site.pk}-{n:016d}", new_visit=False)
    counting.flush()


def test_hub_statistics_add_up_every_unit(client, hub, make_unit):
    an, binh = make_unit("xa-an", "Xã An"), make_unit("xa-binh", "Xã Bình")
    thon = make_unit("thon-dong", "Thôn Đông", parent=binh["home"])
    _visits(hub["site"], today=5, last_month=50, online=1)
    _visits(an["site"], today=7, last_month=70, online=2)
    _visits(binh["site"], today=11, last_month=110, online=3)
    _visits(thon["site"], today=13, last_month=130, online=4)

    stats = counting.visitor_stats(hub["site"].pk, use_cache=False)
    assert stats["today"] == 5 + 7 + 11 + 13 == stats["month"]
    assert stats["previous_month"] == 50 + 70 + 110 + 130
    assert stats["total"] == stats["today"] + stats["previous_month"]
    assert stats["online"] == 1 + 2 + 3 + 4
    assert counting.visitor_stats(an["site"].pk, use_cache=False) == {
        "today": 7, "month": 7, "previous_month": 70, "total": 77, "online": 2,
    }
    binh_stats = counting.visitor_stats(binh["site"].pk, use_cache=False)
    assert binh_stats["today"] == 11 + 13 and binh_stats["online"] == 3 + 4

    block = client.get("/").content.decode().split('class="box visitor-stats"')[1]
    assert "<strong>36</strong>" in block and "<strong>396</strong>" in block
    unit_block = client.get("/", HTTP_HOST=an["host"]).content.decode()
    assert "<strong>77</strong>" in unit_block.split('class="box visitor-stats"')[1]


def test_a_unit_created_later_is_added_up(hub, make_unit):
    _visits(hub["site"], today=5, last_month=0, online=0)
    assert counting.visitor_stats(hub["site"].pk, use_cache=False)["today"] == 5
    later = make_unit("xa-moi", "Xã Mới")
    _visits(later["site"], today=6, last_month=0, online=0)
    assert counting.visitor_stats(hub["site"].pk, use_cache=False)["today"] == 11


def test_hub_statistics_take_two_queries_and_are_cached(hub, make_unit,
                                                       django_assert_num_queries):
    for i in range(5):
        unit = make_unit(f"xa-{i}", f"Xã {i}")
        _visits(unit["site"], today=i, last_month=i, online=1)
    counting.visitor_stats(hub["site"].pk, use_cache=False)  # caches the list of sites
    with django_assert_num_queries(2):
        stats = counting.visitor_stats(hub["site"].pk, use_cache=False)
    assert stats["today"] == 10 and stats["online"] == 5
    with django_assert_num_queries(0):
        assert counting.visitor_stats(hub["site"].pk) == stats
