"""The public pool: processes that serve the public site without loading the admin.

Production runs two gunicorn pools (docs/deploy.md, "Two pools"): `BANTIN_POOL=public`
serves visitors, `BANTIN_POOL=admin` serves `/quan-tri/` and every request that carries a
session (signed-in staff), as nginx routes them. A single process serving everything
(`BANTIN_POOL=all`, the default: development, tests, a small install) loads the same
code as the admin pool.

What a public process leaves out:

- the admin's URLs: its URL configuration is `bantin.urls_public`. A request that carries a
  session is still resolved against the whole configuration (`PublicPoolMiddleware`), so a
  signed-in editor sent here by mistake gets the admin as usual;
- Wagtail's hook modules. Wagtail imports every app's `wagtail_hooks` the first time any
  hook is asked for, and those modules import the admin's views, forms and menus: about
  16 MB of Python objects per process that public pages never use. Here the hooks a
  public page asks for (`PUBLIC_HOOKS`) come from the modules that define them without the
  admin (`LIGHT_MODULES`, and each app's `log_actions`) and from `_register_light`, which
  registers what the admin's hook modules register for public pages: the rich-text link
  and embed handlers and the image operations. Any other hook name, or any direct call
  of Wagtail's `search_for_hooks`, loads every hook module first (`load_all_hooks`):
  code that needs the admin gets it, at the cost of that process's memory.

`tests/core/test_pools.py` renders the public pages in both kinds of process and compares
them, the handlers and the operations, and checks that the admin is not loaded.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading

from django.apps import apps
from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.utils.module_loading import module_has_submodule
from wagtail import hooks

logger = logging.getLogger(__name__)

#: The hooks public pages ask for.
PUBLIC_HOOKS = frozenset({
    "before_serve_page",
    "on_serve_page",
    "register_rich_text_features",
    "register_image_operations",
    # What a citizen's question or a reported comment writes to the history: which log
    # model each object gets is registered by wagtail.wagtail_hooks; the other modules'
    # hooks add labels for the admin's history views only.
    "register_log_actions",
})
#: Hook modules that register public hooks without importing the admin; and every app's
#: `log_actions` module (the actions it records in the history), which its wagtail_hooks
#: imports for the other processes.
LIGHT_MODULES = ("wagtail.wagtail_hooks", "bantin.pagecache.wagtail_hooks")

_lock = threading.RLock()
_state = {"installed": False, "light": False, "all": False}
_light_registered: list[tuple[str, object]] = []
_original_search = hooks.search_for_hooks
_original_get_hooks = hooks.get_hooks


def is_public() -> bool:
    return settings.BANTIN_POOL == "public"


def _rich_text_handlers(features) -> None:
    """The link and embed types that wagtail.documents, wagtail.images and wagtail.embeds
    register from their hook modules (with their editors' plugins, which only the admin
    uses)."""
    from wagtail.documents.rich_text import DocumentLinkHandler
    from wagtail.embeds.rich_text import MediaEmbedHandler
    from wagtail.images.rich_text import ImageEmbedHandler

    features.register_link_type(DocumentLinkHandler)
    features.register_embed_type(ImageEmbedHandler)
    features.register_embed_type(MediaEmbedHandler)


def _image_operations():
    """The operations wagtail.images registers from its hook module (renditions)."""
    from wagtail.images import image_operations as ops

    return [
        ("original", ops.DoNothingOperation),
        ("fill", ops.FillOperation),
        ("min", ops.MinMaxOperation),
        ("max", ops.MinMaxOperation),
        ("width", ops.WidthHeightOperation),
        ("height", ops.WidthHeightOperation),
        ("scale", ops.ScaleOperation),
        ("jpegquality", ops.JPEGQualityOperation),
        ("webpquality", ops.WebPQualityOperation),
        ("avifquality", ops.AvifQualityOperation),
        ("format", ops.FormatOperation),
        ("bgcolor", ops.BackgroundColorOperation),
    ]


def _register_light() -> None:
    for name, fn in (("register_rich_text_features", _rich_text_handlers),
                     ("register_image_operations", _image_operations)):
        hooks.register(name, fn)
        _light_registered.append((name, fn))


def load_public_hooks() -> None:
    """The public hooks only (a public process), or every hook (any other)."""
    if not is_public():
        hooks.search_for_hooks()
        return
    with _lock:
        if _state["light"] or _state["all"]:
            return
        # In the order of the installed apps, as Wagtail imports them: hooks of the same
        # `order` run in the order they were registered.
        for app in apps.get_app_configs():
            if f"{app.name}.wagtail_hooks" in LIGHT_MODULES:
                importlib.import_module(f"{app.name}.wagtail_hooks")
            if module_has_submodule(app.module, "log_actions"):
                importlib.import_module(f"{app.name}.log_actions")
        _register_light()
        _state["light"] = True


def load_all_hooks(asked_for: str = "") -> None:
    """Every app's hook modules, as Wagtail loads them; in a public process that had only
    the public ones, the stand-ins are removed first and the registries built from the
    public hooks are emptied (scanned again on next use), so nothing is registered twice
    and the editors' plugins and the admin's history labels are there."""
    with _lock:
        if _state["all"]:
            return
        if _state["light"]:
            from wagtail.log_actions import registry as log_actions
            from wagtail.rich_text import features

            for name, fn in _light_registered:
                entries = hooks._hooks.get(name, [])
                entries[:] = [entry for entry in entries if entry[0] is not fn]
            _light_registered.clear()
            features.__init__()
            log_actions.__init__()
            logger.info("public pool: every hook module loaded (for %s)",
                        asked_for or "search_for_hooks")
        _original_search()
        _state["all"] = True


def get_hooks(hook_name):
    """wagtail.hooks.get_hooks in a public process."""
    if hook_name in PUBLIC_HOOKS and not _state["all"]:
        if not _state["light"]:
            load_public_hooks()
        entries = sorted(hooks._hooks.get(hook_name, []), key=lambda entry: entry[1])
        return [entry[0] for entry in entries]
    load_all_hooks(hook_name)
    return _original_get_hooks(hook_name)


def _search_all() -> None:
    """wagtail.hooks.search_for_hooks in a public process."""
    load_all_hooks()


def install() -> None:
    """In a public process (CoreConfig.ready): Wagtail's hook lookups go through this
    module. Modules that imported `search_for_hooks` by name (wagtail.snippets.models,
    wagtail.admin.admin_url_finder) get the whole search, through `load_all_hooks`, whether
    they were imported before this (their name is replaced) or after (they import ours)."""
    if not is_public() or _state["installed"]:
        return
    hooks.get_hooks = get_hooks
    hooks.search_for_hooks = _search_all
    for module in list(sys.modules.values()):
        if getattr(module, "search_for_hooks", None) is _original_search:
            module.search_for_hooks = _search_all
    _state["installed"] = True


class PublicPoolMiddleware:
    """In a public process, a request that carries a session is resolved against the whole
    URL configuration (nginx sends those to the admin pool; this keeps one sent here by a
    different front end correct). Not used by any other process."""

    def __init__(self, get_response):
        if not is_public():
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.cookie = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        if self.cookie in request.COOKIES:
            request.urlconf = "bantin.urls"
        return self.get_response(request)
