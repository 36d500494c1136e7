"""New Wagtail pages written many at a time by an import.

Django's `bulk_create` refuses models with multi-table inheritance, and every page type
is one (`wagtail.Page` plus the type's own table). `insert_pages` writes them the way
`Model.save()` does, one table after the other from `Page` down, but with one INSERT per
batch of pages instead of one per page and table: the `Page` rows first (their ids come
back from the INSERT), then each child table's own columns with the parent link set.

The pages must be complete: tree path, depth, `url_path`, `draft_title`, locale (see
`nukeviet.articles.ChildPaths.place`), as treebeard's `add_child` and `Page.save()` would
have set them. `post_save` is sent for each page afterwards (with `created=True`), so the
receivers that follow new pages (the bulk import's catch-up) still see them; the child
relations set in memory (tags, parental many-to-many) are committed as
`ClusterableModel.save()` does.
"""

from __future__ import annotations

from django.db import connections, router
from django.db.models.signals import post_save
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import Page


def insert_pages(pages: list[Page]) -> None:
    """INSERT these new pages (all of one type) and commit their child relations."""
    if not pages:
        return
    model = type(pages[0])
    if any(type(page) is not model for page in pages):
        raise ValueError("insert_pages: one page type at a time")
    using = router.db_for_write(model)
    connection = connections[using]
    chain = [*reversed(model._meta.get_parent_list()), model]  # Page first
    for cls in chain:
        meta = cls._meta
        fields = [f for f in meta.local_concrete_fields
                  if f is not meta.auto_field and not getattr(f, "generated", False)]
        for link in meta.parents.values():  # the child row's key is its parent's id
            for page in pages:
                setattr(page, link.attname, getattr(page, link.target_field.attname))
        returning = meta.db_returning_fields if meta.auto_field is not None else None
        size = max(connection.ops.bulk_batch_size(fields, pages), 1)
        # A database that cannot return ids from a multi-row INSERT gets one per page.
        if returning and not connection.features.can_return_rows_from_bulk_insert:
            size = 1
        for start in range(0, len(pages), size):
            part = pages[start:start + size]
            rows = cls._base_manager.using(using)._insert(
                part, fields=fields, returning_fields=returning, using=using)
            for page, row in zip(part, rows or [], strict=bool(returning)):
                for field, value in zip(returning, row, strict=True):
                    setattr(page, field.attname, value)
    for page in pages:
        page._state.adding, page._state.db = False, using
    for page in pages:
        for relation in get_all_child_relations(page):
            getattr(page, relation.get_accessor_name()).commit()
        for field in get_all_child_m2m_relations(page):
            getattr(page, field.name).commit()
        post_save.send(sender=model, instance=page, created=True, update_fields=None,
                       raw=False, using=using)


def unsaved_values(page: Page) -> dict:
    """The page's column values before `insert_pages` (and a scheduled article's
    revision) changed them, for `restore_unsaved`."""
    return {f.attname: getattr(page, f.attname) for f in page._meta.concrete_fields}


def restore_unsaved(page: Page, values: dict) -> None:
    """After the INSERTs were rolled back: the page is new again, with the values it had
    (no id, no revision), ready to be written again."""
    for attname, value in values.items():
        setattr(page, attname, value)
    page._state.adding, page._state.db = True, None
