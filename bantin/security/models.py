"""Which unit each audit log entry belongs to, recorded when the entry is written.

Wagtail's log entries name their object by id only; once the object is deleted (or a page
moved) its unit cannot be found any more. The owner's tree path (the page's own path, or
the root page path of the owning site) is therefore stored beside every entry at the time
it is written, and the site history report shows unit staff the entries under their roots.
"""

from django.db import models


class LogEntryOwner(models.Model):
    PAGE = "page"
    MODEL = "model"

    log_model = models.CharField(max_length=5, choices=[(PAGE, "page"), (MODEL, "model")])
    entry_id = models.BigIntegerField()
    path = models.CharField(max_length=255, db_index=True)

    class Meta:
        verbose_name = "đơn vị của mục nhật ký"
        verbose_name_plural = "đơn vị của mục nhật ký"
        constraints = [
            models.UniqueConstraint(fields=("log_model", "entry_id"), name="unique_log_owner")
        ]

    def __str__(self) -> str:
        return f"{self.log_model}:{self.entry_id} → {self.path}"
