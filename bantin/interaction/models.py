"""Comments on articles. Moderation, the public form and anti-spam come with the
citizen-interaction module; the model and the approved count are here from the start."""

from django.db import models

from bantin.units.access import UnitOwnedForm


class Comment(models.Model):
    base_form_class = UnitOwnedForm

    PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
    STATUSES = [(PENDING, "Chờ duyệt"), (APPROVED, "Đã duyệt"), (REJECTED, "Từ chối")]

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="bài viết", on_delete=models.CASCADE,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self", verbose_name="trả lời cho", null=True, blank=True, on_delete=models.CASCADE,
        related_name="replies",
    )
    name = models.CharField("họ tên", max_length=100)
    email = models.EmailField("thư điện tử", blank=True)
    text = models.TextField("nội dung", max_length=3000)
    status = models.CharField(
        "trạng thái", max_length=10, choices=STATUSES, default=PENDING, db_index=True
    )
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "bình luận"
        verbose_name_plural = "bình luận"

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:40]}"
