"""The broadcast admin: each unit sees and edits only its own station; bad input is refused
in Vietnamese before anything is stored; clashes are shown before saving."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bantin.broadcast.audio import silent_wav
from bantin.broadcast.models import Approval, Cluster, Programme, Schedule
from tests.broadcast import broadcast_world
from tests.broadcast.broadcast_world import make_programme, make_schedule

pytestmark = pytest.mark.django_db
world = broadcast_world.world

URL = "/quan-tri/snippets/broadcast"


def login(client, world, who):
    client.force_login(world["people"][who])
    return client


def schedule_form(station, programme, clusters, *, slots=(("06:00", "30"),), exceptions=(),
                  **extra):
    data = {
        "station": station.pk, "name": "Lịch thử", "programme": programme.pk, "playlist": "",
        "clusters": [c.pk for c in clusters], "repeat": "daily",
        "first_date": "2026-12-01", "last_date": "", "power_on_lead": "2",
        "power_off_lag": "1",
        "slots-TOTAL_FORMS": str(len(slots)), "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "1", "slots-MAX_NUM_FORMS": "1000",
        "exceptions-TOTAL_FORMS": str(len(exceptions)), "exceptions-INITIAL_FORMS": "0",
        "exceptions-MIN_NUM_FORMS": "0", "exceptions-MAX_NUM_FORMS": "1000",
    }
    for i, (start, minutes) in enumerate(slots):
        data.update({f"slots-{i}-start_time": start, f"slots-{i}-duration_minutes": minutes,
                     f"slots-{i}-ORDER": str(i + 1), f"slots-{i}-id": ""})
    for i, day in enumerate(exceptions):
        data.update({f"exceptions-{i}-date": day, f"exceptions-{i}-note": "Nghỉ lễ",
                     f"exceptions-{i}-ORDER": str(i + 1), f"exceptions-{i}-id": ""})
    data.update(extra)
    return data


def test_a_unit_lists_and_edits_only_its_own_clusters(client, world):
    login(client, world, "a-editors")
    listing = client.get(f"{URL}/cluster/").content.decode()
    assert "Cụm a 1" in listing and "Cụm b 1" not in listing
    own, other = world["clusters"]["a"][0], world["clusters"]["b"][0]
    assert client.get(f"{URL}/cluster/edit/{own.pk}/").status_code == 200
    assert client.get(f"{URL}/cluster/edit/{other.pk}/").status_code in (302, 403, 404)
    client.post(f"{URL}/cluster/edit/{other.pk}/", {
        "station": world["stations"]["a"].pk, "name": "Chiếm", "device_id": other.device_id})
    other.refresh_from_db()
    assert other.name == "Cụm b 1" and other.station == world["stations"]["b"]


def test_a_unit_cannot_put_its_cluster_on_another_station(client, world):
    login(client, world, "a-moderators")
    response = client.post(f"{URL}/cluster/add/", {
        "station": world["stations"]["b"].pk, "name": "Cụm lạ", "device_id": "la-1",
        "new_secret": "khoa-thiet-bi-du-dai-123"})
    assert response.status_code == 200
    assert not Cluster.objects.filter(device_id="la-1").exists()
    form = client.get(f"{URL}/cluster/add/").content.decode()
    assert "Đài Xã Alpha" in form and "Đài Xã Beta" not in form


def test_a_new_cluster_stores_its_secret_hashed(client, world):
    login(client, world, "a-editors")
    data = {"station": world["stations"]["a"].pk, "name": "Cụm chợ", "village": "Thôn Chợ",
            "latitude": "11.05", "longitude": "106.79", "device_id": "a-cho", "active": "on"}
    response = client.post(f"{URL}/cluster/add/", data)
    assert "Cụm loa mới cần một khóa thiết bị" in response.content.decode()
    client.post(f"{URL}/cluster/add/", {**data, "latitude": "123",
                                         "new_secret": "khoa-thiet-bi-du-dai-123"})
    client.post(f"{URL}/cluster/add/", {**data, "new_secret": "ngan-qua"})
    client.post(f"{URL}/cluster/add/", {**data, "device_id": "có dấu cách",
                                         "new_secret": "khoa-thiet-bi-du-dai-123"})
    assert not Cluster.objects.filter(name="Cụm chợ").exists()
    client.post(f"{URL}/cluster/add/", {**data, "new_secret": "khoa-thiet-bi-du-dai-123"})
    cluster = Cluster.objects.get(device_id="a-cho")
    assert "khoa-thiet-bi" not in cluster.secret_hash
    assert cluster.check_secret("khoa-thiet-bi-du-dai-123")
    assert not cluster.check_secret("khoa-sai")


def programme_form(station, **extra):
    data = {"station": station.pk, "title": "Bản tin tối", "kind": "upload",
            "priority": "normal", "duration_seconds": "", "text": "", "stream_url": ""}
    data.update(extra)
    return data


def test_a_fake_audio_upload_is_refused_and_nothing_is_stored(client, world):
    login(client, world, "a-editors")
    station = world["stations"]["a"]
    fake = SimpleUploadedFile("ban-tin.mp3", b"<html>khong phai am thanh</html>" * 20)
    response = client.post(f"{URL}/programme/add/", programme_form(station, audio=fake))
    assert "Tệp không phải âm thanh hợp lệ" in response.content.decode()
    assert not Programme.objects.exists()


def test_an_oversized_audio_upload_is_refused(client, world, settings):
    settings.BANTIN_BROADCAST_MAX_AUDIO_MB = 1
    login(client, world, "a-editors")
    big = SimpleUploadedFile("dai.wav", silent_wav(140.0))
    response = client.post(f"{URL}/programme/add/", programme_form(
        world["stations"]["a"], audio=big))
    assert "quá lớn" in response.content.decode()
    assert not Programme.objects.exists()


def test_a_wav_upload_is_stored_with_its_duration_as_a_draft(client, world):
    login(client, world, "a-editors")
    wav = SimpleUploadedFile("ten-gi-cung-duoc.bin", silent_wav(2.0))
    response = client.post(f"{URL}/programme/add/", programme_form(
        world["stations"]["a"], audio=wav))
    assert response.status_code == 302
    programme = Programme.objects.get()
    assert programme.duration_seconds == 2
    assert programme.approval == Approval.DRAFT
    assert programme.audio.name.startswith("broadcast/")


def test_each_programme_kind_needs_its_source(client, world):
    login(client, world, "a-editors")
    station = world["stations"]["a"]
    for kind, message in (("upload", "Chọn tệp âm thanh"), ("speech", "Nhập văn bản cần đọc"),
                          ("article", "Chọn bài viết cần đọc"),
                          ("relay", "Nhập địa chỉ luồng")):
        response = client.post(f"{URL}/programme/add/", programme_form(station, kind=kind))
        assert message in response.content.decode(), kind
    assert not Programme.objects.exists()
    client.post(f"{URL}/programme/add/", programme_form(
        station, kind="speech", text="Ủy ban nhân dân xã thông báo."))
    assert Programme.objects.get().kind == "speech"


@pytest.mark.parametrize("change, message", [
    ({"slots-0-start_time": "25:00"}, "Nhập một thời gian hợp lệ"),
    ({"repeat": "weekly"}, "Lịch theo tuần cần chọn ít nhất một thứ"),
    ({"last_date": "2026-11-01"}, "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu"),
    ({"slots-0-duration_minutes": "0"}, "lớn hơn hoặc bằng với 1"),
    ({"clusters": []}, "Chọn ít nhất một cụm loa"),
    ({"first_date": "32/13/2026"}, "Nhập một ngày hợp lệ"),
])
def test_bad_schedule_input_is_refused(client, world, change, message):
    login(client, world, "a-editors")
    station = world["stations"]["a"]
    programme = make_programme(station)
    data = schedule_form(station, programme, world["clusters"]["a"])
    data.update(change)
    response = client.post(f"{URL}/schedule/add/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Schedule.objects.exists()


def test_overlapping_slots_of_one_schedule_are_refused(client, world):
    login(client, world, "a-editors")
    station = world["stations"]["a"]
    response = client.post(f"{URL}/schedule/add/", schedule_form(
        station, make_programme(station), world["clusters"]["a"],
        slots=(("23:00", "120"), ("00:30", "10"))))
    assert "Các khung giờ của lịch chồng lên nhau" in response.content.decode()
    assert not Schedule.objects.exists()


def test_a_clash_is_named_before_saving(client, world):
    login(client, world, "a-editors")
    station, (c1, c2) = world["stations"]["a"], world["clusters"]["a"]
    programme = make_programme(station)
    make_schedule(station, programme, [c1], name="Bản tin sáng thôn 1",
                  slots=((dt.time(23, 30), 60),))
    response = client.post(f"{URL}/schedule/add/", schedule_form(
        station, programme, [c1, c2], slots=(("00:15", "20"),)))
    body = response.content.decode()
    assert "Trùng giờ với lịch «Bản tin sáng thôn 1» tại cụm loa «Cụm a 1 (Thôn 1)»" in body
    assert "lịch này 00:15–00:35, lịch kia 23:30–00:30" in body
    assert Schedule.objects.count() == 1
    # Only on c2, or another priority: no clash, saved as a draft.
    client.post(f"{URL}/schedule/add/", schedule_form(
        station, programme, [c2], slots=(("00:15", "20"),)))
    saved = Schedule.objects.get(name="Lịch thử")
    assert saved.approval == Approval.DRAFT
    assert [s.start_time for s in saved.slots.all()] == [dt.time(0, 15)]


def test_a_schedule_cannot_use_another_units_programme_or_clusters(client, world):
    login(client, world, "a-editors")
    station = world["stations"]["a"]
    theirs = make_programme(world["stations"]["b"])
    client.post(f"{URL}/schedule/add/", schedule_form(station, theirs, world["clusters"]["a"]))
    client.post(f"{URL}/schedule/add/", schedule_form(
        station, make_programme(station), world["clusters"]["b"]))
    assert not Schedule.objects.exists()


def test_approval_page_submit_then_moderator_approves(client, world):
    station = world["stations"]["a"]
    programme = make_programme(station)
    login(client, world, "a-editors")
    page = client.get(f"{URL}/programme/duyet/{programme.pk}/").content.decode()
    assert "Gửi duyệt" in page and 'value="approve"' not in page
    client.post(f"{URL}/programme/duyet/{programme.pk}/", {"action": "approve"})
    programme.refresh_from_db()
    assert programme.approval == Approval.DRAFT
    client.post(f"{URL}/programme/duyet/{programme.pk}/", {"action": "submit"})
    programme.refresh_from_db()
    assert programme.approval == Approval.SUBMITTED
    login(client, world, "b-moderators")
    client.post(f"{URL}/programme/duyet/{programme.pk}/", {"action": "approve"})
    programme.refresh_from_db()
    assert programme.approval == Approval.SUBMITTED
    login(client, world, "a-moderators")
    client.post(f"{URL}/programme/duyet/{programme.pk}/", {"action": "approve",
                                                           "note": "Được phát"})
    programme.refresh_from_db()
    assert programme.approval == Approval.APPROVED
    assert programme.decided_by == world["people"]["a-moderators"]
    assert programme.decision_note == "Được phát"
