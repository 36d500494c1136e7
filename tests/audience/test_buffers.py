"""The embedded counter buffer: no database write on the request path, exact totals while
processes count and flush at once, and after a flush is killed at any moment."""

import datetime as dt
import json
import os
import random
import signal
import time

import pytest
from counter_process import expected_totals, finish, kill_when_hanging, spawn, stored_totals
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bantin.audience import batches, buffers, counting
from bantin.audience.models import ActiveVisitor, AppliedBatch, SiteDailyVisits

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")

EVENTS = [
    (counting.PAGE_VIEW, 101), (counting.PAGE_VIEW, 102), (counting.LAW_DOWNLOAD, 7),
    (counting.BANNER_CLICK, 3), (counting.SITE_VISIT, 0),
]


def writes_in(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.mark.django_db
def test_no_database_write_on_the_request_path(client, make_article, hub):
    from bantin.core.models import CustomDocument
    from bantin.laws.models import DocumentType, IssuingBody, LegalAttachment, LegalDocument
    from bantin.news.models import Banner

    article = make_article()
    doc = LegalDocument.objects.create(
        site=hub["site"], number="5/2026/QĐ-UBND", issued_on=dt.date(2026, 2, 1),
        doc_type=DocumentType.objects.create(name="Quyết định"),
        issuer=IssuingBody.objects.create(name="UBND huyện"), summary="Văn bản thử",
    )
    stored = CustomDocument(title="QĐ 5")
    stored.file.save("qd-5.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    stored.save()
    attachment = LegalAttachment.objects.create(document=doc, file=stored)
    banner = Banner.objects.create(site=hub["site"], title="Cổng tỉnh", url="https://a.example")

    with CaptureQueriesContext(connection) as beacon:
        response = client.post(
            "/api/audience/hit/", json.dumps({"page": article.pk}),
            content_type="application/json", HTTP_USER_AGENT=BROWSER,
        )
        assert response.status_code == 204
    with CaptureQueriesContext(connection) as download:
        response = client.get(attachment.get_download_url(), HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    with CaptureQueriesContext(connection) as click:
        response = client.get(f"/lien-ket/{banner.pk}/", HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 302
    assert writes_in(beacon.captured_queries) == []
    assert writes_in(download.captured_queries) == []
    assert writes_in(click.captured_queries) == []
    # ... and yet every one of them was counted, and the visitor is online after a flush.
    assert not ActiveVisitor.objects.exists()
    assert counting.flush() == 4  # view, visit, download, click
    assert counting.totals([counting.PAGE_VIEW], article.pk)[counting.PAGE_VIEW] == 1
    assert counting.totals([counting.LAW_DOWNLOAD], doc.pk)[counting.LAW_DOWNLOAD] == 1
    assert counting.totals([counting.BANNER_CLICK], banner.pk)[counting.BANNER_CLICK] == 1
    assert counting.visitor_stats(hub["site"].pk, use_cache=False)["online"] == 1


@pytest.mark.django_db
def test_one_line_per_event_and_the_flush_leaves_no_file(settings, hub):
    spool = settings.BANTIN_COUNTER_SPOOL_DIR
    assert counting.record(counting.PAGE_VIEW, 5, n=2)
    assert counting.record_visit(hub["site"].pk, "visitor-xxxxxxxxxxxxxxxx", new_visit=True)
    (spool_file,) = spool.glob("spool-*.log")
    assert len(spool_file.read_text().splitlines()) == 3
    assert counting.flush() == 3
    assert list(spool.iterdir()) == []
    assert SiteDailyVisits.objects.get(site=hub["site"]).visits == 1
    # Writing after a flush starts a new spool file: the old one was renamed away.
    assert counting.record(counting.PAGE_VIEW, 5)
    assert counting.pending(counting.PAGE_VIEW, 5) == 1
    assert counting.flush() == 1
    assert counting.totals([counting.PAGE_VIEW], 5)[counting.PAGE_VIEW] == 3


@pytest.mark.django_db
def test_malformed_and_torn_lines_are_skipped_not_fatal(settings, caplog):
    spool = settings.BANTIN_COUNTER_SPOOL_DIR
    spool.mkdir(parents=True, exist_ok=True)
    (spool / "spool-elsewhere-1.log").write_text(
        "c\tpage_view\t9\t\t2\n"
        "garbage line\n"
        "c\tpage_view\tnot-a-number\t\t1\n"
        "c\tpage_view\t9\t\t1"  # no newline: a write that never finished
    )
    assert counting.flush() == 2
    assert counting.totals([counting.PAGE_VIEW], 9)[counting.PAGE_VIEW] == 2
    assert "malformed counter record" in caplog.text and "torn" in caplog.text
    assert list(spool.iterdir()) == []


@pytest.mark.django_db
def test_visits_of_a_deleted_site_do_not_block_the_flush(hub):
    counting.record_visit(987654, "visitor-yyyyyyyyyyyyyyyy", new_visit=True)
    counting.record(counting.PAGE_VIEW, 11)
    assert counting.flush() == 2
    assert counting.totals([counting.PAGE_VIEW], 11)[counting.PAGE_VIEW] == 1
    assert not SiteDailyVisits.objects.filter(site_id=987654).exists()


@pytest.fixture
def labelled_sink():
    """A sink for the kind "test_label" that keeps what it is handed."""
    received = []
    batches.register_sink(["test_label"], received.extend)
    yield received
    batches._sinks.pop("test_label")


@pytest.mark.django_db
def test_labelled_counts_reach_their_sink_once_and_bad_ones_are_skipped(
        settings, labelled_sink, caplog):
    day = dt.date(2026, 11, 28)
    assert counting.record_labelled("test_label", 4, "nong thon moi", day, n=2)
    assert counting.record_labelled("test_label", 4, "nong thon moi", day)
    # Tabs and line breaks cannot split a record; a label is cut at 200 characters.
    assert counting.record_labelled("test_label", 4, "a\tb\nc|d", day)
    assert counting.record_labelled("test_label", 5, "x" * 500)
    assert counting.record_labelled("no_sink_kind", 4, "lost", day)
    assert counting.record(counting.PAGE_VIEW, 4)
    assert counting.pending("test_label", 4) == 4
    spool = settings.BANTIN_COUNTER_SPOOL_DIR
    (spool / "spool-elsewhere-2.log").write_text(
        "l\ttest_label\t4\t2026-11-28\t1\t\n"  # no label
        "l\ttest_label\tfour\t\t1\tx\n"
    )
    assert counting.flush() == 7
    assert sorted(labelled_sink) == [
        ("test_label", 4, day, "abc|d", 1),
        ("test_label", 4, day, "nong thon moi", 3),
        ("test_label", 5, None, "x" * buffers.LABEL_LENGTH, 1),
    ]
    assert "no sink" in caplog.text and caplog.text.count("malformed counter record") == 2
    assert counting.totals([counting.PAGE_VIEW], 4)[counting.PAGE_VIEW] == 1
    labelled = {("test_label", 6, None, "once"): 1}
    assert batches.apply("file:labelled", {}, labelled=labelled)
    assert not batches.apply("file:labelled", {}, labelled=labelled)
    assert labelled_sink[-1] == ("test_label", 6, None, "once", 1)
    assert len(labelled_sink) == 4


@pytest.mark.django_db
def test_a_batch_is_applied_once_and_old_batch_ids_are_forgotten():
    increments = {(counting.PAGE_VIEW, 1, None): 4}
    assert batches.apply("file:abc", increments)
    assert not batches.apply("file:abc", increments)
    assert counting.totals([counting.PAGE_VIEW], 1)[counting.PAGE_VIEW] == 4
    AppliedBatch.objects.update(applied_at=timezone.now() - dt.timedelta(days=2))
    assert batches.forget_old() == 1


@pytest.mark.django_db
def test_record_never_raises_into_the_request(settings, caplog):
    blocker = settings.BANTIN_COUNTER_SPOOL_DIR / "not-a-directory"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("")
    settings.BANTIN_COUNTER_SPOOL_DIR = blocker
    assert counting.record(counting.PAGE_VIEW, 1) is False
    assert "Could not buffer a counted event" in caplog.text


def _config(settings, hub_site_id, **extra) -> dict:
    return {
        "database": {"NAME": connection.settings_dict["NAME"]},
        "settings": {
            "BANTIN_COUNTER_SPOOL_DIR": str(settings.BANTIN_COUNTER_SPOOL_DIR),
            "BANTIN_COUNTER_BUFFER": settings.BANTIN_COUNTER_BUFFER,
        },
        "site": hub_site_id,
        "events": EVENTS,
        **extra,
    }


def stored(site_id) -> dict:
    return stored_totals(site_id, EVENTS)


def expected(*reports) -> dict:
    return expected_totals(EVENTS, *reports)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_exact_while_processes_count_and_flush_at_once(settings, hub, tmp_path):
    site_id = hub["site"].pk
    stop = tmp_path / "stop"
    flushers = [spawn("flush", _config(settings, site_id, stop=str(stop))) for _ in range(2)]
    writers = [
        spawn("write", _config(settings, site_id, threads=4, per_thread=300)) for _ in range(3)
    ]
    reports = [finish(w) for w in writers]
    stop.write_text("")
    flushed = sum(finish(f)["flushed"] for f in flushers)
    flushed += counting.flush()
    want = expected(*reports)
    assert sum(want.values()) == 3 * 4 * 300
    assert all(not r["refused"] for r in reports)
    assert flushed == sum(want.values())
    assert stored(site_id) == want
    assert not list(settings.BANTIN_COUNTER_SPOOL_DIR.glob("*.log"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("point", ["in-transaction", "after-commit"])
def test_a_flush_killed_mid_way_is_finished_exactly_once(settings, hub, point):
    site_id = hub["site"].pk
    report = finish(spawn("write", _config(settings, site_id, threads=2, per_thread=100)))
    killed = spawn("hang", _config(settings, site_id, hang=point))
    kill_when_hanging(killed)
    assert killed.returncode == -signal.SIGKILL
    (claimed,) = settings.BANTIN_COUNTER_SPOOL_DIR.glob("claimed-*.log")
    want = expected(report)
    if point == "in-transaction":
        assert sum(stored(site_id).values()) == 0  # rolled back with the killed process
    else:
        assert stored(site_id) == want  # committed; the claimed file is still there
    assert claimed.exists()
    counting.flush()
    assert stored(site_id) == want
    assert not claimed.exists()
    assert counting.flush() == 0
    assert stored(site_id) == want


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_flushes_killed_at_random_moments_during_a_burst(settings, hub, tmp_path):
    site_id = hub["site"].pk
    stop = tmp_path / "stop"
    writers = [
        spawn("write", _config(settings, site_id, threads=3, per_thread=200, stop=str(stop),
                               pause=0.001))
        for _ in range(2)
    ]
    rng = random.Random(7)
    kills = 0
    for _ in range(6):
        flusher = spawn("flush", _config(settings, site_id, stop=str(tmp_path / "never"),
                                         interval=0))
        assert flusher.stdout.readline().strip() == "FLUSHING"
        time.sleep(rng.uniform(0.0, 0.4))  # flushing back to back: killed anywhere in one
        os.kill(flusher.pid, signal.SIGKILL)
        flusher.wait(timeout=60)
        kills += 1
    stop.write_text("")
    reports = [finish(w) for w in writers]
    counting.flush()
    counting.flush()
    want = expected(*reports)
    assert kills == 6 and sum(want.values()) > 1000
    assert stored(site_id) == want
    assert not list(settings.BANTIN_COUNTER_SPOOL_DIR.glob("*.log"))


def test_parse_counts_uncertain_events_apart():
    batch = buffers.parse(b"c\tpage_view\t1\t\t1\nc\tpage_view\t1\t\t1\tw1\t3\n")
    assert dict(batch.increments) == {("page_view", 1, None): 1}
    assert batch.uncertain == {("w1", 3): (("page_view", 1, None), 1)}
