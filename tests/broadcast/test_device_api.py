"""The device protocol over HTTP: authentication, schedule sync, audio download, reports
and commands, each with the input a broken or hostile device could send."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from django.core import signing
from django.utils import timezone

from bantin.broadcast import commands, device_api
from bantin.broadcast.models import (
    DeviceState,
    EmergencyDelivery,
    EmergencyMessage,
    PlayLog,
)
from tests.broadcast import broadcast_world
from tests.broadcast.broadcast_world import make_programme, make_schedule
from tests.broadcast.device_client import (
    BASE,
    bearer,
    get_token,
    provision,
    set_delivery,
    token_headers,
)

pytestmark = pytest.mark.django_db
world = broadcast_world.world

AUDIO = bytes(range(256)) * 40  # 10 240 bytes standing in for an MP3 file


@pytest.fixture
def device(world, client):
    cluster = world["clusters"]["a"][0]
    secret = provision(cluster)
    return {"cluster": cluster, "secret": secret, "token": get_token(client, cluster, secret)}


@pytest.fixture
def on_air(world, device):
    """An approved programme (with its delivery file) on today's schedule of the device."""
    mod = world["people"]["a-moderators"]
    station = world["stations"]["a"]
    programme = make_programme(station, title="Bản tin sáng", approve_by=mod)
    set_delivery(programme, AUDIO)
    schedule = make_schedule(station, programme, [device["cluster"]],
                             first_date=timezone.localdate(), approve_by=mod)
    return {"programme": programme, "schedule": schedule}


def post_json(client, path, body, token, **extra):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(BASE + path, data=data, content_type="application/json",
                       **bearer(token), **extra)


# --- Authentication -------------------------------------------------------------------------


def test_token_exchange_gives_a_bearer_token(client, device):
    cluster = device["cluster"]
    answer = client.post(BASE + "token", **token_headers(cluster.device_id, device["secret"]))
    assert answer.json()["device"] == cluster.device_id
    # The MQTT topics the device subscribes to for commands: its own and its station's.
    assert answer.json()["commands_topics"] == [
        f"bantin/v1/devices/{cluster.device_id}/commands",
        f"bantin/v1/stations/{cluster.station_id}/{cluster.pk % 16}/commands"]
    response = client.get(BASE + "commands", **bearer(device["token"]))
    assert response.status_code == 200
    assert response.json() == {"commands": []}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


@pytest.mark.parametrize("case, code", [
    ("wrong_secret", "invalid_credentials"),
    ("unknown_device", "invalid_credentials"),
    ("no_basic", "invalid_credentials"),
    ("clock_behind", "clock_skew"),
    ("clock_ahead", "clock_skew"),
    ("no_timestamp", "bad_timestamp"),
    ("short_nonce", "bad_nonce"),
])
def test_token_refusals(client, world, case, code):
    cluster = world["clusters"]["a"][0]
    secret = provision(cluster)
    device_id, stamp = cluster.device_id, None
    if case == "wrong_secret":
        secret = secret[:-1] + ("x" if secret[-1] != "x" else "y")
    if case == "unknown_device":
        device_id = "khong-co"
    if case == "clock_behind":
        stamp = int(time.time()) - 301
    if case == "clock_ahead":
        stamp = int(time.time()) + 301
    headers = token_headers(device_id, secret, stamp=stamp)
    if case == "no_basic":
        headers.pop("HTTP_AUTHORIZATION")
    if case == "no_timestamp":
        headers.pop("HTTP_X_BANTIN_TIMESTAMP")
    if case == "short_nonce":
        headers["HTTP_X_BANTIN_NONCE"] = "abc"
    response = client.post(BASE + "token", **headers)
    assert response.status_code == 401
    body = response.json()
    assert body["error"] == code
    assert body["message"] == device_api.MESSAGES[code]
    assert "token" not in body


def test_inactive_cluster_gets_no_token_and_its_tokens_stop_working(client, device):
    cluster = device["cluster"]
    cluster.active = False
    cluster.save()
    response = client.post(BASE + "token", **token_headers(cluster.device_id, device["secret"]))
    assert response.status_code == 401
    assert response.json()["error"] == "inactive_device"
    response = client.get(BASE + "commands", **bearer(device["token"]))
    assert response.status_code == 401
    assert response.json()["error"] == "inactive_device"


def test_a_replayed_nonce_is_refused(client, world):
    cluster = world["clusters"]["a"][0]
    secret = provision(cluster)
    headers = token_headers(cluster.device_id, secret)
    assert client.post(BASE + "token", **headers).status_code == 200
    again = client.post(BASE + "token", **headers)
    assert again.status_code == 401
    assert again.json()["error"] == "replayed_nonce"


def test_expired_token_is_refused(client, device, settings, monkeypatch):
    settings.BANTIN_DEVICE_TOKEN_SECONDS = 60
    now = time.time()
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: now - 120)  # a token issued two minutes ago
        stale = device_api.issue_token(device["cluster"])
    response = client.get(BASE + "commands", **bearer(stale))
    assert response.status_code == 401
    assert response.json()["error"] == "token_expired"
    assert client.get(BASE + "commands", **bearer(device["token"])).status_code == 200


def test_tampered_or_missing_token_is_refused(client, device):
    response = client.get(BASE + "commands")
    assert response.status_code == 401
    assert response.json()["error"] == "missing_token"
    response = client.get(BASE + "commands", **bearer(device["token"] + "x"))
    assert response.json()["error"] == "invalid_token"
    other = signing.dumps({"d": device["cluster"].pk, "b": "0" * 16}, salt="another-salt")
    assert client.get(BASE + "commands", **bearer(other)).json()["error"] == "invalid_token"


def test_a_new_secret_revokes_earlier_tokens(client, device):
    cluster = device["cluster"]
    new_secret = provision(cluster)
    response = client.get(BASE + "commands", **bearer(device["token"]))
    assert response.status_code == 401
    assert response.json()["error"] == "token_revoked"
    refused = client.post(BASE + "token", **token_headers(cluster.device_id, device["secret"]))
    assert refused.json()["error"] == "invalid_credentials"
    fresh = get_token(client, cluster, new_secret)
    assert client.get(BASE + "commands", **bearer(fresh)).status_code == 200


def test_repeated_failures_are_throttled_per_device(client, world):
    cluster = world["clusters"]["a"][0]
    secret = provision(cluster)
    for _ in range(device_api.MAX_FAILURES_PER_DEVICE):
        response = client.post(BASE + "token", **token_headers(cluster.device_id, "sai-khoa"))
        assert response.status_code == 401
    blocked = client.post(BASE + "token", **token_headers(cluster.device_id, secret))
    assert blocked.status_code == 429
    assert blocked.json()["error"] == "too_many_failures"
    assert int(blocked["Retry-After"]) > 0
    # Another device from another address is not held back.
    other = world["clusters"]["a"][1]
    other_secret = provision(other)
    response = client.post(BASE + "token", REMOTE_ADDR="10.0.0.9",
                           **token_headers(other.device_id, other_secret))
    assert response.status_code == 200


def test_repeated_failures_are_throttled_per_address(client, world, settings, monkeypatch):
    monkeypatch.setattr(device_api, "MAX_FAILURES_PER_ADDRESS", 3)
    for i in range(3):
        client.post(BASE + "token", REMOTE_ADDR="10.0.0.7",
                    **token_headers(f"thiet-bi-{i}", "sai-khoa"))
    cluster = world["clusters"]["b"][0]
    secret = provision(cluster)
    blocked = client.post(BASE + "token", REMOTE_ADDR="10.0.0.7",
                          **token_headers(cluster.device_id, secret))
    assert blocked.status_code == 429
    fine = client.post(BASE + "token", REMOTE_ADDR="10.0.0.8",
                       **token_headers(cluster.device_id, secret))
    assert fine.status_code == 200


def test_expired_tokens_do_not_count_as_failures(client, device, settings, monkeypatch):
    monkeypatch.setattr(device_api, "MAX_FAILURES_PER_ADDRESS", 2)
    settings.BANTIN_DEVICE_TOKEN_SECONDS = 60
    now = time.time()
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: now - 120)
        stale = device_api.issue_token(device["cluster"])
    for _ in range(3):
        assert client.get(BASE + "commands", **bearer(stale)).status_code == 401
    assert client.get(BASE + "commands", **bearer(device["token"])).status_code == 200
    for _ in range(2):
        client.get(BASE + "commands", **bearer("forged"))
    assert client.get(BASE + "commands", **bearer(device["token"])).status_code == 429


def test_behind_the_local_proxy_the_forwarded_address_counts(rf):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.1.2.3")
    assert device_api._client_address(request) == "10.1.2.3"
    direct = rf.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="10.1.2.3")
    assert device_api._client_address(direct) == "10.9.9.9"


def test_wrong_method_is_refused_in_json(client, device):
    response = client.get(BASE + "token")
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    assert response["Allow"] == "POST"


# --- Schedule -------------------------------------------------------------------------------


def test_schedule_document_and_conditional_sync(client, device, on_air):
    response = client.get(BASE + "schedule?days=2", **bearer(device["token"]))
    assert response.status_code == 200
    etag = response["ETag"]
    document = response.json()
    assert document["device"] == device["cluster"].device_id
    today = timezone.localdate()
    assert [p["start"][:10] for p in document["plays"]] == [
        today.isoformat(), (today + dt.timedelta(days=1)).isoformat()]
    play = document["plays"][0]
    assert play["schedule"] == on_air["schedule"].pk
    assert play["power_on"] < play["start"] < play["end"] < play["power_off"]
    item = play["items"][0]
    assert item["programme"] == on_air["programme"].pk
    assert item["audio_url"] == f"{BASE}audio/{on_air['programme'].pk}"
    assert item["size"] == len(AUDIO)
    assert len(item["sha256"]) == 64
    state = DeviceState.objects.get(cluster=device["cluster"])
    assert f'"{state.schedule_etag}"' == etag and state.synced_at is not None

    again = client.get(BASE + "schedule?days=2", HTTP_IF_NONE_MATCH=etag,
                       **bearer(device["token"]))
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_unchanged_resync_writes_the_sync_time_only_now_and_then(client, device, on_air):
    first = client.get(BASE + "schedule", **bearer(device["token"]))
    state = DeviceState.objects.get(cluster=device["cluster"])
    synced = state.synced_at
    again = client.get(BASE + "schedule", HTTP_IF_NONE_MATCH=first["ETag"],
                       **bearer(device["token"]))
    assert again.status_code == 304
    state.refresh_from_db()
    assert state.synced_at == synced  # same version, just synced: no write
    old = synced - dt.timedelta(seconds=device_api.SYNC_MARK_SECONDS + 1)
    DeviceState.objects.filter(pk=state.pk).update(synced_at=old)
    client.get(BASE + "schedule", HTTP_IF_NONE_MATCH=first["ETag"], **bearer(device["token"]))
    state.refresh_from_db()
    assert state.synced_at > synced  # marked again once the mark is old
    DeviceState.objects.filter(pk=state.pk).update(schedule_etag="an-older-version")
    client.get(BASE + "schedule", **bearer(device["token"]))
    state.refresh_from_db()
    assert f'"{state.schedule_etag}"' == first["ETag"]  # another version: written at once


def test_schedule_etag_changes_after_an_approved_change(client, world, device, on_air):
    etag = client.get(BASE + "schedule", **bearer(device["token"]))["ETag"]
    mod = world["people"]["a-moderators"]
    schedule = on_air["schedule"]
    schedule.power_on_lead = 5
    schedule.save()  # back to "submitted": devices keep nothing of it until approved
    response = client.get(BASE + "schedule", HTTP_IF_NONE_MATCH=etag, **bearer(device["token"]))
    assert response.status_code == 200
    assert response.json()["plays"] == []
    from bantin.broadcast import approval

    approval.approve(schedule, mod)
    response = client.get(BASE + "schedule", HTTP_IF_NONE_MATCH=etag, **bearer(device["token"]))
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json()["plays"][0]["power_on"].endswith("05:55:00+07:00")


@pytest.mark.parametrize("days", ["0", "8", "abc", "-1", "2.5"])
def test_schedule_days_out_of_range(client, device, days):
    response = client.get(BASE + f"schedule?days={days}", **bearer(device["token"]))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_days"


def test_schedule_document_queries_stay_few(client, device, on_air, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        assert client.get(BASE + "schedule?days=7", **bearer(device["token"])).status_code == 200
    # Until something changes, the built document comes from the cache.
    with django_assert_max_num_queries(2):  # the token's cluster, the last sync (no write)
        assert client.get(BASE + "schedule?days=7", **bearer(device["token"])).status_code == 200


def test_a_group_change_reaches_the_cached_document(client, world, device, on_air):
    from bantin.broadcast import approval
    from bantin.broadcast.models import ClusterGroup

    mod = world["people"]["a-moderators"]
    station, other = world["stations"]["a"], world["clusters"]["a"][1]
    other_token = get_token(client, other, provision(other))
    group = ClusterGroup.objects.create(station=station, name="Trung tâm")
    schedule = make_schedule(station, on_air["programme"], [], name="Lịch nhóm",
                             slots=((dt.time(17, 0), 15),), first_date=timezone.localdate())
    schedule.groups.add(group)
    schedule.save()
    approval.approve(schedule, mod)
    assert client.get(BASE + "schedule?days=1", **bearer(other_token)).json()["plays"] == []
    group.clusters.add(other)
    group.save()  # parental relations are stored on save
    schedule.refresh_from_db()
    assert schedule.is_approved  # a group's members are not part of the approval
    plays = client.get(BASE + "schedule?days=1", **bearer(other_token)).json()["plays"]
    assert [p["name"] for p in plays] == ["Lịch nhóm"]


# --- Audio ----------------------------------------------------------------------------------


def test_audio_whole_and_resumed(client, device, on_air):
    url = f"{BASE}audio/{on_air['programme'].pk}"
    whole = client.get(url, **bearer(device["token"]))
    assert whole.status_code == 200
    assert b"".join(whole.streaming_content) == AUDIO
    assert whole["Accept-Ranges"] == "bytes"
    etag = whole["ETag"]
    # Resume after 4000 bytes, as after a dropped connection.
    part = client.get(url, HTTP_RANGE="bytes=4000-", HTTP_IF_RANGE=etag,
                      **bearer(device["token"]))
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 4000-{len(AUDIO) - 1}/{len(AUDIO)}"
    assert AUDIO[:4000] + b"".join(part.streaming_content) == AUDIO
    middle = client.get(url, HTTP_RANGE="bytes=10-19", **bearer(device["token"]))
    assert b"".join(middle.streaming_content) == AUDIO[10:20]
    tail = client.get(url, HTTP_RANGE="bytes=-5", **bearer(device["token"]))
    assert b"".join(tail.streaming_content) == AUDIO[-5:]
    # A partial copy of another version gets the whole file.
    stale = client.get(url, HTTP_RANGE="bytes=4000-", HTTP_IF_RANGE='"old"',
                       **bearer(device["token"]))
    assert stale.status_code == 200
    assert client.get(url, HTTP_IF_NONE_MATCH=etag, **bearer(device["token"])).status_code == 304
    head = client.head(url, **bearer(device["token"]))
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(AUDIO)) and head["ETag"] == etag


@pytest.mark.parametrize("value", [f"bytes={len(AUDIO)}-", "bytes=50-10", "bytes=-0",
                                   "bytes=abc", "items=0-10", "bytes=-"])
def test_bad_ranges_get_416(client, device, on_air, value):
    url = f"{BASE}audio/{on_air['programme'].pk}"
    response = client.get(url, HTTP_RANGE=value, **bearer(device["token"]))
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(AUDIO)}"


def test_audio_of_another_station_or_off_schedule_is_not_served(client, world, device, on_air):
    mod_b = world["people"]["b-moderators"]
    other = make_programme(world["stations"]["b"], approve_by=mod_b)
    set_delivery(other, b"khac" * 100)
    make_schedule(world["stations"]["b"], other, [world["clusters"]["b"][0]],
                  first_date=timezone.localdate(), approve_by=mod_b)
    response = client.get(f"{BASE}audio/{other.pk}", **bearer(device["token"]))
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    # Same station, approved, but on no schedule of this cluster.
    mod = world["people"]["a-moderators"]
    idle = make_programme(world["stations"]["a"], approve_by=mod)
    set_delivery(idle, b"x" * 100)
    assert client.get(f"{BASE}audio/{idle.pk}", **bearer(device["token"])).status_code == 404
    assert client.get(f"{BASE}audio/999999", **bearer(device["token"])).status_code == 404


def test_emergency_audio_is_served_to_its_clusters(client, world, device):
    mod = world["people"]["hub-moderators"]
    programme = make_programme(world["stations"]["hub"], priority="emergency", approve_by=mod)
    set_delivery(programme, b"khan-cap" * 50)
    message = EmergencyMessage.objects.create(station=world["stations"]["hub"], title="Bão",
                                              programme=programme, state=EmergencyMessage.SENT)
    url = f"{BASE}audio/{programme.pk}"
    assert client.get(url, **bearer(device["token"])).status_code == 404
    commands.issue([device["cluster"]], "play_emergency", {"repeat_count": 2},
                   emergency=message)
    response = client.get(url, **bearer(device["token"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"khan-cap" * 50


def test_audio_not_yet_transcoded(client, world, device):
    mod = world["people"]["a-moderators"]
    programme = make_programme(world["stations"]["a"], approve_by=mod, delivered=False)
    make_schedule(world["stations"]["a"], programme, [device["cluster"]],
                  first_date=timezone.localdate(), approve_by=mod)
    document = client.get(BASE + "schedule", **bearer(device["token"])).json()
    item = document["plays"][0]["items"][0]
    assert item["audio_url"] is None and item["sha256"] is None
    response = client.get(f"{BASE}audio/{programme.pk}", **bearer(device["token"]))
    assert response.status_code == 404
    assert response.json()["error"] == "audio_not_ready"


# --- Heartbeats -----------------------------------------------------------------------------

GOOD_HEARTBEAT = {"power": True, "playing": "programme:12", "volume": 70, "signal": 55,
                  "firmware": "loa-1.4.2", "fault": "", "sent_at": "2026-11-27T08:00:00+07:00"}


def test_heartbeat_updates_the_device_state(client, device):
    response = post_json(client, "heartbeat", GOOD_HEARTBEAT, device["token"])
    assert response.status_code == 200, response.content
    assert response.json()["pending_commands"] == 0
    state = DeviceState.objects.get(cluster=device["cluster"])
    assert (state.power, state.playing, state.volume, state.signal, state.firmware) == (
        True, "programme:12", 70, 55, "loa-1.4.2")
    assert state.last_seen is not None
    post_json(client, "heartbeat", {**GOOD_HEARTBEAT, "volume": 10, "power": False},
              device["token"])
    state.refresh_from_db()
    assert (state.volume, state.power) == (10, False)


@pytest.mark.parametrize("change, field", [
    ({"volume": 101}, "volume"),
    ({"volume": -1}, "volume"),
    ({"volume": "70"}, "volume"),
    ({"volume": True}, "volume"),
    ({"signal": 5.5}, "signal"),
    ({"power": "yes"}, "power"),
    ({"power": None}, "power"),
    ({"playing": "bai-hat"}, "playing"),
    ({"playing": 12}, "playing"),
    ({"firmware": "x" * 65}, "firmware"),
    ({"firmware": None}, "firmware"),
    ({"fault": "x" * 256}, "fault"),
    ({"sent_at": "hôm qua"}, "sent_at"),
    ({"sent_at": "2026-11-27T08:00:00"}, "sent_at"),
])
def test_malformed_heartbeats_are_refused_and_store_nothing(client, device, change, field):
    response = post_json(client, "heartbeat", {**GOOD_HEARTBEAT, **change}, device["token"])
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_report"
    assert field in body["errors"]
    assert not DeviceState.objects.filter(cluster=device["cluster"]).exists()


@pytest.mark.parametrize("body, status, code", [
    (b"{power: true", 400, "invalid_json"),
    (b"\xff\xfe", 400, "invalid_json"),
    (b"[1, 2]", 400, "invalid_report"),
    (json.dumps({**GOOD_HEARTBEAT, "fault": "x" * 5000}).encode(), 413, "body_too_large"),
])
def test_non_json_and_oversized_heartbeats(client, device, body, status, code):
    response = post_json(client, "heartbeat", body, device["token"])
    assert response.status_code == status
    assert response.json()["error"] == code
    assert not DeviceState.objects.filter(cluster=device["cluster"]).exists()


# --- Play logs ------------------------------------------------------------------------------


def log(key, event, at="2026-11-27T06:00:00+07:00", **kw):
    return {"play_key": key, "event": event, "at": at, "programme": None, "schedule": None,
            "emergency": None, "scheduled_start": None, **kw}


def test_logs_partial_acceptance(client, device, on_air):
    programme, schedule = on_air["programme"].pk, on_air["schedule"].pk
    entries = [
        log("p1", "started", programme=programme, schedule=schedule,
            scheduled_start="2026-11-27T06:00:00+07:00"),
        log("p2", "begun"),
        log("p3", "started", at="06:00"),
        log("", "started"),
        log("p4", "started", programme=987654),
        "không phải bản ghi",
        log("p5", "failed", detail="x" * 300),
        log("p1", "finished", at="2026-11-27T06:30:00+07:00"),
    ]
    response = post_json(client, "logs", entries, device["token"])
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["accepted"] == 2
    assert set(body["errors"]) == {"1", "2", "3", "4", "5", "6"}
    assert "event" in body["errors"]["1"] and "at" in body["errors"]["2"]
    assert "programme" in body["errors"]["4"] and "detail" in body["errors"]["6"]
    rows = list(PlayLog.objects.filter(cluster=device["cluster"]))
    assert [r.play_key for r in rows] == ["p1"]
    row = rows[0]
    assert row.outcome == "finished"
    assert row.programme_id == programme and row.schedule_id == schedule
    assert row.seconds == 1800


def test_logs_with_nothing_valid_get_400(client, device):
    response = post_json(client, "logs", [log("p2", "begun"), 5], device["token"])
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"0", "1"}
    assert post_json(client, "logs", {"x": 1}, device["token"]).status_code == 400
    too_many = [log(f"k{i}", "started") for i in range(501)]
    assert post_json(client, "logs", too_many, device["token"]).status_code == 400
    assert not PlayLog.objects.exists()


def test_logs_are_idempotent(client, device):
    batch = [log("p1", "started"), log("p1", "finished", at="2026-11-27T06:10:00+07:00")]
    for _ in range(3):
        assert post_json(client, "logs", batch, device["token"]).json()["accepted"] == 2
    # A late "started" resent after the finish changes nothing.
    post_json(client, "logs", [log("p1", "started", at="2026-11-27T06:05:00+07:00")],
              device["token"])
    row = PlayLog.objects.get()
    assert row.outcome == "finished"
    assert row.started_at.isoformat() == "2026-11-26T23:00:00+00:00"
    assert row.seconds == 600


def test_logs_of_another_cluster_stay_apart(client, world, device):
    post_json(client, "logs", [log("p1", "started")], device["token"])
    other = world["clusters"]["a"][1]
    other_token = get_token(client, other, provision(other))
    post_json(client, "logs", [log("p1", "failed", detail="mất điện")], other_token)
    assert PlayLog.objects.get(cluster=device["cluster"]).outcome == "started"
    assert PlayLog.objects.get(cluster=other).outcome == "failed"


def test_emergency_logs_update_the_delivery(client, world, device):
    mod = world["people"]["hub-moderators"]
    programme = make_programme(world["stations"]["hub"], priority="emergency", approve_by=mod)
    message = EmergencyMessage.objects.create(station=world["stations"]["hub"], title="Lũ",
                                              programme=programme, state=EmergencyMessage.SENT)
    # Not sent to this cluster: refused.
    response = post_json(client, "logs", [log("e1", "started", emergency=message.pk)],
                         device["token"])
    assert response.status_code == 400
    assert "emergency" in response.json()["errors"]["0"]
    (command,) = commands.issue([device["cluster"]], "play_emergency", {}, emergency=message)
    ack = post_json(client, "commands/ack", {"command": command.pk, "ok": True},
                    device["token"])
    assert ack.status_code == 200
    entries = [
        log("e1#1", "started", at="2026-11-27T09:00:00+07:00", emergency=message.pk),
        log("e1#1", "finished", at="2026-11-27T09:01:00+07:00", emergency=message.pk),
        log("e1#2", "started", at="2026-11-27T09:02:00+07:00", emergency=message.pk),
        log("e1#2", "finished", at="2026-11-27T09:03:00+07:00", emergency=message.pk),
    ]
    assert post_json(client, "logs", entries, device["token"]).json()["accepted"] == 4
    delivery = EmergencyDelivery.objects.get(message=message, cluster=device["cluster"])
    assert delivery.received_at is not None
    assert delivery.started_at.isoformat() == "2026-11-27T02:00:00+00:00"
    assert delivery.finished_at.isoformat() == "2026-11-27T02:03:00+00:00"
    assert delivery.status == "finished"


# --- Commands -------------------------------------------------------------------------------


def test_commands_poll_and_ack(client, world, device):
    cluster = device["cluster"]
    first, = commands.issue([cluster], "volume", {"volume": 40})
    second, = commands.issue([cluster], "sync")
    commands.issue([cluster], "stop", ttl=-1)  # already expired
    commands.issue([world["clusters"]["a"][1]], "stop")  # another cluster's
    listed = client.get(BASE + "commands", **bearer(device["token"])).json()["commands"]
    assert [c["id"] for c in listed] == [first.pk, second.pk]
    assert listed[0] == {"id": first.pk, "batch": first.batch, "kind": "volume",
                         "payload": {"volume": 40},
                         "emergency": None, "issued_at": listed[0]["issued_at"],
                         "expires_at": listed[0]["expires_at"]}
    first.refresh_from_db()
    assert first.fetched_at is not None
    response = post_json(client, "commands/ack", {"command": first.pk, "ok": True},
                         device["token"])
    assert response.status_code == 200
    acked_at = response.json()["acked_at"]
    again = post_json(client, "commands/ack", {"command": first.pk, "ok": False,
                                                "detail": "lặp"}, device["token"])
    assert again.json()["acked_at"] == acked_at and again.json()["ok"] is True
    listed = client.get(BASE + "commands", **bearer(device["token"])).json()["commands"]
    assert [c["id"] for c in listed] == [second.pk]


def test_a_station_wide_command_is_acked_by_its_batch(client, world, device):
    """Pushed once to the station's topic, a command has no id for the device: it names the
    batch, and the server finds this cluster's command of that batch."""
    cluster = device["cluster"]
    mine, theirs = commands.issue([cluster, world["clusters"]["a"][1]], "power_on")
    response = post_json(client, "commands/ack", {"batch": mine.batch, "ok": True},
                         device["token"])
    assert response.status_code == 200
    assert response.json()["command"] == mine.pk and response.json()["ok"] is True
    theirs.refresh_from_db()
    assert theirs.acked_at is None
    unknown = post_json(client, "commands/ack", {"batch": "f" * 16, "ok": True},
                        device["token"])
    assert unknown.status_code == 404 and unknown.json()["error"] == "unknown_command"


@pytest.mark.parametrize("body, field", [
    ({"command": "1", "ok": True}, "command"),
    ({"command": 1, "ok": "true"}, "ok"),
    ({"command": 1, "ok": True, "detail": 5}, "detail"),
    ({"command": 1, "ok": True, "detail": "x" * 256}, "detail"),
    ({"ok": True}, "command"),
    ({"batch": "1", "ok": True}, "batch"),
    ({"batch": "G" * 16, "ok": True}, "batch"),
    ({"batch": ["0" * 16], "ok": True}, "batch"),
    ([], "body"),
])
def test_malformed_acks(client, device, body, field):
    response = post_json(client, "commands/ack", body, device["token"])
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_ack_of_another_clusters_command_is_refused(client, world, device):
    other, = commands.issue([world["clusters"]["a"][1]], "stop")
    response = post_json(client, "commands/ack", {"command": other.pk, "ok": True},
                         device["token"])
    assert response.status_code == 404
    assert response.json()["error"] == "unknown_command"
    other.refresh_from_db()
    assert other.acked_at is None
