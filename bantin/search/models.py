"""The search index: one row per searchable object, with its text twice.

`title`, `lead` and `body` keep the text as written, for results and snippets; the
`*_folded` copies (`core.text.fold`) are what queries match. On SQLite an FTS5 table
(`portal_search_fts`, see migration 0001) indexes the folded copies and is kept in step
with this table by triggers; other databases match the folded columns directly.
"""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    ARTICLE = "article", "Bài viết"
    DOCUMENT = "document", "Văn bản"
    PAGE = "page", "Trang"
    QUESTION = "question", "Hỏi đáp"


class SearchEntry(models.Model):
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    unit_name = models.CharField("đơn vị", max_length=255, blank=True)
    title = models.TextField("tiêu đề")
    lead = models.TextField(blank=True)
    body = models.TextField(blank=True)
    title_folded = models.TextField(blank=True)
    lead_folded = models.TextField(blank=True)
    body_folded = models.TextField(blank=True)
    #: A legal document's number in `laws.models.normalize_number` form, for exact lookup.
    number_key = models.CharField(max_length=100, blank=True, db_index=True)
    date = models.DateTimeField("ngày", null=True, db_index=True)
    #: Path of the object on its own site ("/tin-tuc/bai-viet/", "/van-ban/12/").
    path = models.CharField(max_length=1000)

    class Meta:
        db_table = "portal_search_entry"
        verbose_name = "mục tìm kiếm"
        verbose_name_plural = "mục tìm kiếm"
        constraints = [
            models.UniqueConstraint(fields=("kind", "object_id"), name="unique_search_object")
        ]
        indexes = [models.Index(fields=("site", "kind", "date"), name="search_site_kind_date")]

    def __str__(self) -> str:
        return self.title


class QueryStat(models.Model):
    """How often a query was searched on a day, and how often it found nothing.

    Only the folded query text is kept: no address, no session, nothing about who asked.
    """

    day = models.DateField("ngày")
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    query = models.CharField("từ khóa", max_length=200)
    searches = models.PositiveIntegerField("số lần tìm", default=0)
    empty = models.PositiveIntegerField("số lần không có kết quả", default=0)

    class Meta:
        db_table = "portal_search_querystat"
        verbose_name = "thống kê từ khóa"
        verbose_name_plural = "thống kê từ khóa"
        constraints = [
            models.UniqueConstraint(fields=("day", "site", "query"), name="unique_query_day")
        ]
