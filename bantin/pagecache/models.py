"""The index of stored pages: which file shows what (its tags), and a log of purges.

Files live on disk (see `storage`); these rows say which files to delete when something
they show changes. `PurgeLog`'s ids order every purge: a response whose rendering began
before the latest purge is not kept (see `middleware`).
"""

from django.db import models


class CachedPage(models.Model):
    path = models.CharField("tệp", max_length=1200, unique=True)
    host = models.CharField("tên miền", max_length=255, db_index=True)
    url = models.CharField("địa chỉ", max_length=1200)
    created_at = models.DateTimeField("lưu lúc", auto_now_add=True)
    expires_at = models.DateTimeField("hết hạn lúc", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "trang đã lưu đệm"
        verbose_name_plural = "trang đã lưu đệm"

    def __str__(self) -> str:
        return self.path


class CachedPageTag(models.Model):
    page = models.ForeignKey(CachedPage, on_delete=models.CASCADE, related_name="tags")
    tag = models.CharField("nhãn", max_length=200, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("page", "tag"), name="pagecache_one_tag_per_page")
        ]

    def __str__(self) -> str:
        return self.tag


class PurgeLog(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    tags = models.TextField(blank=True)
    removed = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.at}: {self.tags}"
