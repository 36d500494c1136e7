"""Wagtail admin text that Wagtail leaves out of its translation catalogue.

A few of Wagtail's admin forms take their labels from field names ("link_text" shows
as "Link text") instead of marking them for translation. `install()` gives those fields
translatable labels; the Vietnamese is in bantin/locale/vi (docs/admin-vietnamese.md).
It also puts Django's language names in NFC, names what the page search counts and makes
the snippet chooser's button texts follow the active language.
Three admin templates with hard-coded English are overridden in bantin/core/templates
(tests/admin/test_english_strings.py checks they still match Wagtail's apart from that).
"""

import unicodedata
from importlib import import_module

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# "module.Form" under wagtail.admin.forms -> field -> label
LABELS = {
    "auth.LoginForm": {"password": _("Password"), "remember": _("Remember me")},
    "choosers.ExternalLinkChooserForm": {"link_text": _("Link text")},
    "choosers.AnchorLinkChooserForm": {"link_text": _("Link text")},
    "choosers.EmailLinkChooserForm": {
        "email_address": _("Email address"), "link_text": _("Link text"),
        "subject": _("Subject"), "body": _("Body"),
    },
    "choosers.PhoneLinkChooserForm": {
        "phone_number": _("Phone number"), "link_text": _("Link text"),
    },
}


def install() -> None:
    # Django's own name for Vietnamese ("Tiếng Việt", shown in the admin's language
    # preference) is stored decomposed; the admin shows NFC text only.
    from django.conf.locale import LANG_INFO

    for info in LANG_INFO.values():
        if "name_local" in info:
            info["name_local"] = unicodedata.normalize("NFC", info["name_local"])
    # The admin's page search names no model, and counts its results as "1-4 of 4 None".
    from wagtail.admin.views.pages.search import SearchView

    if not SearchView.verbose_name_plural:
        SearchView.verbose_name, SearchView.verbose_name_plural = _("page"), _("pages")

    _translate_snippet_chooser_texts()

    for path, labels in LABELS.items():
        module_name, form_name = path.split(".")
        form = getattr(import_module(f"wagtail.admin.forms.{module_name}"), form_name)
        for field_name, label in labels.items():
            form.base_fields[field_name].label = label


def _percent_lazy(msgid: str, **params):
    """`gettext(msgid) % params`, translated when shown rather than when built."""
    return lazy(lambda: gettext(msgid) % {k: str(v) for k, v in params.items()}, str)()


def _translate_snippet_chooser_texts() -> None:
    """Wagtail's snippet chooser widget fills in its button texts ("Choose %(object)s")
    when a form class is first built, in whatever language is active then (none during
    the start-up checks: "Choose loại văn bản"). Build them lazily instead."""
    from wagtail.snippets.widgets import AdminSnippetChooser

    original = AdminSnippetChooser.__init__
    if getattr(original, "bantin_lazy", False):
        return
    texts = {"choose_one_text": "Choose %(object)s",
             "choose_another_text": "Choose another %(object)s",
             "link_to_chosen_text": "Edit this %(object)s"}

    def __init__(self, model, **kwargs):
        original(self, model, **kwargs)
        for attribute, msgid in texts.items():
            if attribute not in kwargs:
                setattr(self, attribute, _percent_lazy(msgid, object=model._meta.verbose_name))

    __init__.bantin_lazy = True
    AdminSnippetChooser.__init__ = __init__


def yes_no_column(model, name: str):
    """A listing column for a boolean field that reads "Có"/"Không" (Wagtail shows the
    field's value as Python prints it: "True"/"False")."""
    from django.utils.text import capfirst
    from wagtail.admin.ui.tables import Column

    return Column(name, label=capfirst(model._meta.get_field(name).verbose_name),
                  sort_key=name, accessor=lambda obj: "Có" if getattr(obj, name) else "Không")


class AdminLanguageMiddleware:
    """The admin speaks LANGUAGE_CODE (Vietnamese) unless the user chose another language
    in their preferences: a browser asking for English first (as many officials' do)
    does not switch it. Wagtail activates a chosen preference itself, per view; without
    one it keeps the language active here. After LocaleMiddleware."""

    PREFIX = "/quan-tri/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(self.PREFIX):
            from django.conf import settings
            from django.utils import translation

            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
