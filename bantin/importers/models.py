"""What an import brought over from another system, so a re-run updates instead of duplicating."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ImportedObject(models.Model):
    """One row of a source system (a NukeViet article 12 of module `news` of a database) and
    the object it became here; `checksum` of the row as last imported, so an unchanged row
    is skipped on a re-run and an interrupted run resumes where it stopped."""

    source = models.CharField("nguồn", max_length=200)
    kind = models.CharField("loại", max_length=50)
    external_id = models.CharField("mã ở hệ thống cũ", max_length=200)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    checksum = models.CharField("mã kiểm tra", max_length=64)
    imported_at = models.DateTimeField("nhập lúc", auto_now=True)

    class Meta:
        verbose_name = "đối tượng đã nhập"
        verbose_name_plural = "đối tượng đã nhập"
        constraints = [
            models.UniqueConstraint(
                fields=("source", "kind", "external_id"), name="unique_imported_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.kind}:{self.external_id}"
