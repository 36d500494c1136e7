"""import_nukeviet against a NukeViet-shaped MariaDB database: everything arrives, every
old URL redirects, and a second run changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect

from bantin.audience import counting
from bantin.audience.models import Counter, SiteDailyVisits
from bantin.importers.models import ImportedObject
from bantin.interaction.models import Comment
from bantin.laws.models import DocumentLink, LegalDocument, Relation
from bantin.news.models import ArticlePage, CategoryPage
from tests.importers.nukeviet import builder

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def source(mariadb, tmp_path_factory):
    """The NukeViet database and uploads folder, built once for the module."""
    name = mariadb.create_database()
    uploads = tmp_path_factory.mktemp("uploads")
    with mariadb.connect(name) as conn:
        builder.build(conn, uploads)
    return {"url": mariadb.url(name), "uploads": str(uploads), "name": name}


def run(source, *extra, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_nukeviet", database=source["url"], uploads=source["uploads"],
                 site="testserver", *extra, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_smoke(hub, source):
    out, err = run(source)
    print(out, err)
    assert ArticlePage.objects.filter(import_key__startswith="nukeviet:").count() == 9
