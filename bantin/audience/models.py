"""Counters, the record of applied counter batches, ratings and daily visitor history."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Counter(models.Model):
    """The stored total of one kind of event for one object (views of article 12, …)."""

    kind = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("kind", "object_id"), name="unique_counter")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}={self.count}"


class AppliedBatch(models.Model):
    """A buffered batch of increments already added to the totals, recorded in the same
    transaction as the totals: a batch found again after a killed flush is not added twice."""

    batch_id = models.CharField(max_length=64, unique=True)
    applied_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.batch_id


class Rating(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    visitor = models.CharField(max_length=64)
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("page", "visitor"), name="one_rating_per_visitor"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="rating_between_1_and_5"
            ),
        ]
        verbose_name = "đánh giá"
        verbose_name_plural = "đánh giá"


class SiteDailyVisits(models.Model):
    """One row per site and day, kept for good, so history can be charted."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    visits = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("site", "day"), name="one_row_per_site_day")
        ]
        ordering = ["-day"]
        verbose_name = "lượt truy cập theo ngày"
        verbose_name_plural = "lượt truy cập theo ngày"


class ActiveVisitor(models.Model):
    """The last time a visitor was seen on a site, for the "Đang truy cập" figure."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    visitor = models.CharField(max_length=64)
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("site", "visitor"), name="one_row_per_site_visitor")
        ]
