"""docs/device-api.yaml describes exactly the routes of the device API, and real answers
match its schemas. The spec is written in YAML's JSON-compatible form, so the standard
library reads it; schemas are checked by a small validator of the keywords it uses."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.urls import URLPattern
from django.utils import timezone

from bantin.broadcast import commands, device_urls
from tests.broadcast import broadcast_world
from tests.broadcast.broadcast_world import make_programme, make_schedule
from tests.broadcast.device_client import BASE, bearer, get_token, provision, set_delivery

SPEC_FILE = Path(__file__).resolve().parents[2] / "docs" / "device-api.yaml"
world = broadcast_world.world


@pytest.fixture(scope="module")
def spec() -> dict:
    return json.loads(SPEC_FILE.read_text(encoding="utf-8"))


def _route(pattern: URLPattern) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))


def _method(pattern: URLPattern) -> str:
    return {"token": "post", "heartbeat": "post", "logs": "post",
            "command_ack": "post"}.get(pattern.name, "get")


def test_every_route_is_in_the_spec_and_back(spec):
    routes = {_route(p): _method(p) for p in device_urls.urlpatterns}
    assert set(routes) == set(spec["paths"])
    for route, method in routes.items():
        assert set(spec["paths"][route]) == {method}, route
    assert spec["servers"][0]["url"] + "/" == BASE


def test_every_error_code_is_documented(spec):
    from bantin.broadcast.device_api import MESSAGES

    text = SPEC_FILE.read_text(encoding="utf-8")
    for code in MESSAGES:
        assert code in text, code


# --- A small JSON Schema check ---------------------------------------------------------------

TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def _type_ok(value, name) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def validate(value, schema, spec, path="$") -> list[str]:
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    problems = []
    if "oneOf" in schema:
        matches = [s for s in schema["oneOf"] if not validate(value, s, spec, path)]
        return [] if len(matches) == 1 else [f"{path}: matches {len(matches)} of oneOf"]
    types = schema.get("type")
    if types is not None:
        types = [types] if isinstance(types, str) else types
        if not any(_type_ok(value, t) for t in types):
            return [f"{path}: {value!r} is not {types}"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path}: {value!r} not in {schema['enum']}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            problems.append(f"{path}: below minimum")
        if "maximum" in schema and value > schema["maximum"]:
            problems.append(f"{path}: above maximum")
    if isinstance(value, str):
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            problems.append(f"{path}: too long")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            problems.append(f"{path}: does not match {schema['pattern']}")
        if schema.get("format") == "date-time" and not re.match(
                r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", value):
            problems.append(f"{path}: not a date-time")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                problems.append(f"{path}: missing {key}")
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                problems += validate(value[key], sub, spec, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problems += validate(item, schema["items"], spec, f"{path}[{i}]")
    return problems


def response_schema(spec, route, method, status):
    answer = spec["paths"][route][method]["responses"][str(status)]
    return answer["content"]["application/json"]["schema"]


def test_the_validator_catches_mistakes(spec):
    schema = {"$ref": "#/components/schemas/Heartbeat"}
    good = {"power": True, "playing": "", "volume": 5, "signal": 9, "firmware": "x"}
    assert validate(good, schema, spec) == []
    assert validate({**good, "volume": 101}, schema, spec)
    assert validate({**good, "power": 1}, schema, spec)
    assert validate({"power": True}, schema, spec)


@pytest.mark.django_db
def test_real_answers_match_the_spec(spec, client, world):
    mod = world["people"]["a-moderators"]
    station, cluster = world["stations"]["a"], world["clusters"]["a"][0]
    secret = provision(cluster)
    from tests.broadcast.device_client import token_headers

    answer = client.post(BASE + "token", **token_headers(cluster.device_id, secret))
    assert validate(answer.json(), response_schema(spec, "/token", "post", 200), spec) == []
    token = get_token(client, cluster, secret)
    programme = make_programme(station, approve_by=mod)
    set_delivery(programme, b"mp3" * 100)
    relay = make_programme(station, title="Tiếp sóng", kind="relay",
                           stream_url="https://example.vn/live", approve_by=mod)
    make_schedule(station, programme, [cluster], first_date=timezone.localdate(),
                  approve_by=mod)
    import datetime as dt

    make_schedule(station, relay, [cluster], first_date=timezone.localdate(), approve_by=mod,
                  name="Tiếp sóng tối", slots=((dt.time(19, 0), 60),))
    document = client.get(BASE + "schedule", **bearer(token)).json()
    assert len(document["plays"]) == 6
    assert validate(document, response_schema(spec, "/schedule", "get", 200), spec) == []

    def post(path, body):
        return client.post(BASE + path, data=json.dumps(body), content_type="application/json",
                           **bearer(token))

    beat = {"power": True, "playing": "", "volume": 60, "signal": 80, "firmware": "1.0"}
    assert validate(beat, {"$ref": "#/components/schemas/Heartbeat"}, spec) == []
    answer = post("heartbeat", beat)
    assert validate(answer.json(), response_schema(spec, "/heartbeat", "post", 200), spec) == []
    refused = post("heartbeat", {**beat, "volume": 500})
    assert validate(refused.json(), response_schema(spec, "/heartbeat", "post", 400), spec) == []
    entry = {"play_key": "k1", "event": "started", "at": "2026-11-27T06:00:00+07:00"}
    answer = post("logs", [entry, {"event": "x"}])
    assert validate(answer.json(), response_schema(spec, "/logs", "post", 200), spec) == []
    commands.issue([cluster], "volume", {"volume": 30})
    listed = client.get(BASE + "commands", **bearer(token)).json()
    assert validate(listed, response_schema(spec, "/commands", "get", 200), spec) == []
    answer = post("commands/ack", {"command": listed["commands"][0]["id"], "ok": True})
    assert validate(answer.json(), response_schema(spec, "/commands/ack", "post", 200),
                    spec) == []
    missing = client.get(BASE + "audio/999999", **bearer(token))
    assert validate(missing.json(), response_schema(spec, "/audio/{programme_id}", "get", 404),
                    spec) == []
