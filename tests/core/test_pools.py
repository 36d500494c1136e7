"""The public pool (bantin.core.pools): processes that serve the public site without the
admin render every public page exactly as a process that loads everything does, and never
load the admin's modules unless a request needs them."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse, set_urlconf

from bantin.units.access import UnitAccessMiddleware

ROOT = Path(__file__).resolve().parents[2]

# Run in a process of its own for each pool, on the demo portal's database: the pages
# (status and HTML), the rich-text handlers and image operations the hooks give, and which
# admin modules were loaded. Per-request tokens are blanked before comparing.
RENDER = r"""
import hashlib, json, re, sys
import django
django.setup()
from django.conf import settings
settings.DEBUG = False  # the portal's own error pages, as in production
from django.apps import apps
from django.db import transaction
from django.test import Client
from wagtail import hooks
from wagtail.log_actions import log, registry as log_actions
from wagtail.rich_text import features

def name(obj):
    return f"{obj.__module__}.{obj.__qualname__}"

def registry():
    operations = {}
    for fn in hooks.get_hooks("register_image_operations"):
        operations.update({key: name(op) for key, op in fn()})
    return {
        "links": {k: name(v) for k, v in sorted(features.get_link_types().items())},
        "embeds": {k: name(v) for k, v in sorted(features.get_embed_types().items())},
        "operations": dict(sorted(operations.items())),
        "serve": [name(fn) for fn in hooks.get_hooks("before_serve_page")]
                 + [name(fn) for fn in hooks.get_hooks("on_serve_page")],
        "log_models": {model._meta.label: name(log_actions.get_log_model_for_model(model))
                       for model in apps.get_models()},
        "log_actions": sorted(log_actions.formatters),
    }

TOKEN = re.compile(rb'(csrfmiddlewaretoken" value="|csrf-token" content=")[^"]+')
pages = {}
for host, path in json.loads(sys.argv[1]):
    response = Client(HTTP_HOST=host).get(path)
    body = (b"".join(response.streaming_content) if response.streaming
            else response.content)
    pages[f"{host}{path}"] = [response.status_code,
                              hashlib.sha256(TOKEN.sub(rb"\1-", body)).hexdigest()]
out = {"pages": pages, "registry": registry()}
# What a citizen's question and a reported comment write to the history (rolled back).
from bantin.interaction.comments import REPORT
from bantin.interaction.models import Comment
from bantin.questions.handling import RECEIVE
from bantin.questions.models import Question
out["logged"] = []
for model, action in ((Question, RECEIVE), (Comment, REPORT)):
    with transaction.atomic():
        entry = log(instance=model.objects.order_by("pk").first(), action=action, user=None)
        out["logged"].append([name(type(entry)), entry.action, entry.object_id != ""])
        transaction.set_rollback(True)
out["admin_loaded"] = sorted(m for m in ("wagtail.admin.urls", "wagtail.admin.views.pages.edit",
                                         "wagtail.images.wagtail_hooks",
                                         "wagtail.admin.wagtail_hooks") if m in sys.modules)
# No module keeps Wagtail's own search_for_hooks, which would load the admin's hooks
# without removing the public stand-ins.
from bantin.core import pools
import wagtail.admin.admin_url_finder  # noqa: F401 -- imported by name in the admin
out["original_search_held_by"] = sorted(
    name for name, module in list(sys.modules.items())
    if getattr(module, "search_for_hooks", None) is pools._original_search)
out["admin_without_session"] = Client(HTTP_HOST="localhost").get("/quan-tri/login/").status_code
with_session = Client(HTTP_HOST="localhost")
with_session.cookies["sessionid"] = "none"
out["admin_with_session"] = with_session.get("/quan-tri/login/").status_code
# A hook that only the admin registers: every hook module is loaded, the stand-ins go.
hooks.get_hooks("construct_wagtail_userbar")
out["after_all"] = registry()
out["after_all_admin_loaded"] = "wagtail.admin.wagtail_hooks" in sys.modules
rich = hooks.get_hooks("register_rich_text_features")
out["after_all_duplicates"] = len(rich) - len(set(rich))
out["after_all_editor"] = features.get_editor_plugin("draftail", "bold") is not None
print("JSON" + json.dumps(out))
"""

PATHS = r"""
import json
from wagtail.models import Site
from bantin.news.models import ArticlePage, CategoryPage
from bantin.laws.models import LegalAttachment, LegalDocument
hub = Site.objects.get(is_default_site=True)
unit = Site.objects.exclude(pk=hub.pk).order_by("hostname").first()
paths = [(hub.hostname, "/"), (unit.hostname, "/"), (hub.hostname, "/tim-kiem/?q=nong+thon+moi"),
         (hub.hostname, "/van-ban/"), (hub.hostname, "/hoi-dap/"), (hub.hostname, "/sitemap.xml"),
         (hub.hostname, "/khong-co-trang-nay/"), (unit.hostname, "/tim-kiem/?q=dang+bo")]
for site in (hub, unit):
    articles = [a for a in ArticlePage.objects.live().order_by("-first_published_at")[:40]
                if a.get_url_parts()[0] == site.pk][:3]
    paths += [(site.hostname, a.get_url_parts()[2]) for a in articles]
    category = CategoryPage.objects.live().child_of(site.root_page).first()
    paths.append((site.hostname, category.get_url_parts()[2]))
document = LegalDocument.objects.filter(site=hub).order_by("pk").first()
paths.append((hub.hostname, document.get_absolute_url()))
attachment = LegalAttachment.objects.filter(document=document).first()
if attachment:
    paths.append((hub.hostname, attachment.get_download_url()))
print(json.dumps(paths))
"""


def render_in(server, pool: str, paths: list) -> dict:
    env = {**server.env, "BANTIN_POOL": pool, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", RENDER, json.dumps(paths)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.split("JSON", 1)[1])


@pytest.fixture(scope="module")
def rendered(portal_server):
    paths = json.loads(portal_server.shell(PATHS))
    return paths, render_in(portal_server, "all", paths), render_in(portal_server, "public", paths)


def test_public_pages_are_the_same_in_both_pools(rendered):
    paths, everything, public = rendered
    assert len(public["pages"]) == len(paths) >= 16
    statuses = {status for status, _ in public["pages"].values()}
    assert statuses == {200, 404}
    assert public["pages"] == everything["pages"]


def test_public_hooks_give_what_the_admins_hook_modules_give(rendered):
    _, everything, public = rendered
    assert public["registry"] == everything["registry"]
    assert public["logged"] == everything["logged"] == [
        ["wagtail.models.audit_log.ModelLogEntry", "questions.question.receive", True],
        ["wagtail.models.audit_log.ModelLogEntry", "interaction.comment.report", True]]
    assert {"page", "document"} <= set(public["registry"]["links"])
    assert {"image", "media"} <= set(public["registry"]["embeds"])
    assert "fill" in public["registry"]["operations"]
    assert {"questions.question.receive", "interaction.comment.report",
            "wagtail.publish"} <= set(public["registry"]["log_actions"])


def test_the_public_pool_never_loads_the_admin(rendered):
    _, everything, public = rendered
    assert public["admin_loaded"] == []
    assert everything["admin_loaded"] == [
        "wagtail.admin.urls", "wagtail.admin.views.pages.edit", "wagtail.admin.wagtail_hooks",
        "wagtail.images.wagtail_hooks"]


def test_no_module_keeps_wagtails_own_search_in_the_public_pool(rendered):
    _, everything, public = rendered
    assert public["original_search_held_by"] == []
    assert "wagtail.hooks" in everything["original_search_held_by"]


def test_a_request_with_a_session_reaches_the_admin_in_either_pool(rendered):
    _, everything, public = rendered
    assert public["admin_without_session"] == 404
    assert everything["admin_without_session"] == 200
    assert public["admin_with_session"] == everything["admin_with_session"] == 200


def test_a_hook_only_the_admin_registers_loads_every_hook_module_once(rendered):
    _, everything, public = rendered
    assert public["after_all_admin_loaded"] and everything["after_all_admin_loaded"]
    assert public["after_all"] == everything["after_all"] == everything["registry"]
    assert public["after_all_duplicates"] == everything["after_all_duplicates"] == 0
    assert public["after_all_editor"] and everything["after_all_editor"]


def test_an_unknown_pool_is_refused_at_start():
    env = {**os.environ, "BANTIN_POOL": "publik", "PYTHONPATH": str(ROOT),
           "DJANGO_SETTINGS_MODULE": "bantin.settings.dev"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0
    assert re.search(r"BANTIN_POOL must be all, public or admin, not 'publik'", result.stderr)


def test_the_login_url_is_the_admins_login():
    assert reverse("wagtailadmin_login") == "/quan-tri/login/"
    from django.conf import settings

    assert settings.LOGIN_URL == "/quan-tri/login/"


@override_settings(ROOT_URLCONF="bantin.urls")
def test_unit_access_checks_admin_urls_in_whichever_configuration_a_request_uses():
    middleware = UnitAccessMiddleware(lambda request: None)
    try:
        set_urlconf("bantin.urls_public")
        assert middleware.admin_prefix() is None
        set_urlconf("bantin.urls")
        assert middleware.admin_prefix() == "/quan-tri/"
        set_urlconf(None)
        assert middleware.admin_prefix() == "/quan-tri/"
    finally:
        set_urlconf(None)
