"""Production static files: hashed names, each name's URL looked up once per process."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from bantin.core.staticfiles import RememberingManifestStaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    (tmp_path / "staticfiles.json").write_text(json.dumps({
        "version": "1.1", "hash": "x",
        "paths": {"core/css/portal.css": "core/css/portal.0123abcd.css"},
    }))
    with override_settings(STATIC_ROOT=str(tmp_path), STATIC_URL="/static/", DEBUG=False):
        yield RememberingManifestStaticFilesStorage()


def test_urls_are_hashed_and_remembered(storage, monkeypatch):
    url = storage.url("core/css/portal.css")
    assert url == "/static/core/css/portal.0123abcd.css"
    monkeypatch.setattr(storage, "hashed_files", {})  # a second lookup would now fail
    assert storage.url("core/css/portal.css") == url


def test_a_name_missing_from_the_manifest_still_fails_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("core/css/missing.css")
    assert "core/css/missing.css" not in storage._urls
