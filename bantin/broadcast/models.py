"""The grassroots broadcast network: stations, loudspeaker clusters, programmes, schedules.

Each unit site (the hub and every unit) has its own station; everything else belongs to a
station and so to the station's site (ownership declared in `wagtail_hooks`). Programmes
and schedules reach devices only once approved by the moderators of the station's unit
(`approval`); the timetable devices follow is computed by `timetable`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from . import timetable

WEEKDAYS = [(1, "Thứ Hai"), (2, "Thứ Ba"), (3, "Thứ Tư"), (4, "Thứ Năm"), (5, "Thứ Sáu"),
            (6, "Thứ Bảy"), (7, "Chủ nhật")]
PRIORITIES = [(timetable.NORMAL, "Thông thường"), (timetable.PRIORITY, "Ưu tiên"),
              (timetable.EMERGENCY, "Khẩn cấp")]


class Station(models.Model):
    """A broadcast station: the hub's (district/province) or a unit's (commune)."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name="đơn vị (trang)",
                             on_delete=models.CASCADE, related_name="broadcast_stations")
    name = models.CharField("tên đài", max_length=255)
    description = models.TextField("ghi chú", blank=True)
    active = models.BooleanField("đang hoạt động", default=True)

    panels = [FieldPanel("site"), FieldPanel("name"), FieldPanel("description"),
              FieldPanel("active")]

    class Meta:
        ordering = ["name"]
        verbose_name = "đài truyền thanh"
        verbose_name_plural = "đài truyền thanh"

    def __str__(self) -> str:
        return self.name


class Cluster(models.Model):
    """A loudspeaker cluster (cụm loa) of a village or residential group.

    The device authenticates with its device id and a secret; only a salted SHA-256 of the
    secret is stored, so a leaked database gives no device keys. Not a slow password hash:
    devices authenticate on every heartbeat (thousands a minute), and a device secret is
    long and random (`new_secret`, or at least 20 characters typed by staff), so brute force
    of the hash is out of reach without stretching.
    """

    station = models.ForeignKey(Station, verbose_name="đài", on_delete=models.CASCADE,
                                related_name="clusters")
    name = models.CharField("tên cụm loa", max_length=255)
    village = models.CharField("thôn, tổ dân phố", max_length=255, blank=True)
    latitude = models.DecimalField(
        "vĩ độ", max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(
        "kinh độ", max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)])
    device_id = models.SlugField("mã thiết bị", max_length=64, unique=True,
                                 help_text="Mã ghi trên thiết bị, chỉ gồm chữ không dấu, số, "
                                           "gạch ngang.")
    secret_hash = models.CharField("khóa thiết bị (đã băm)", max_length=255, blank=True,
                                   editable=False)
    active = models.BooleanField("đang dùng", default=True)

    class Meta:
        ordering = ["station", "name"]
        verbose_name = "cụm loa"
        verbose_name_plural = "cụm loa"

    def __str__(self) -> str:
        return f"{self.name} ({self.village})" if self.village else self.name

    def set_secret(self, raw: str) -> None:
        salt = secrets.token_hex(8)
        self.secret_hash = f"sha256${salt}${_secret_digest(salt, raw)}"

    def check_secret(self, raw: str) -> bool:
        try:
            algorithm, salt, digest = self.secret_hash.split("$")
        except ValueError:
            return False
        return algorithm == "sha256" and hmac.compare_digest(digest, _secret_digest(salt, raw))

    @staticmethod
    def new_secret() -> str:
        return secrets.token_urlsafe(24)


def _secret_digest(salt: str, raw: str) -> str:
    return hashlib.sha256(f"{salt}:{raw}".encode()).hexdigest()


class ClusterGroup(ClusterableModel):
    """Clusters of one station scheduled together (a commune's central villages, say)."""

    station = models.ForeignKey(Station, verbose_name="đài", on_delete=models.CASCADE,
                                related_name="cluster_groups")
    name = models.CharField("tên nhóm", max_length=255)
    clusters = ParentalManyToManyField(Cluster, verbose_name="các cụm loa", blank=True,
                                       related_name="groups")

    panels = [FieldPanel("station"), FieldPanel("name"), FieldPanel("clusters")]

    class Meta:
        ordering = ["station", "name"]
        verbose_name = "nhóm cụm loa"
        verbose_name_plural = "nhóm cụm loa"

    def __str__(self) -> str:
        return self.name


class Approval(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Chờ duyệt"
    APPROVED = "approved", "Đã duyệt"
    REJECTED = "rejected", "Bị từ chối"


class ApprovalMixin(models.Model):
    """Approval state with who and when. `signature()` names what an approval covers;
    saving an approved object whose signature changed sends it back to "submitted"."""

    approval = models.CharField("trạng thái duyệt", max_length=12, choices=Approval.choices,
                                default=Approval.DRAFT, editable=False)
    submitted_by = models.ForeignKey(
        "auth.User", verbose_name="người gửi duyệt", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField("gửi duyệt lúc", null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        "auth.User", verbose_name="người duyệt", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("duyệt lúc", null=True, blank=True, editable=False)
    decision_note = models.TextField("ý kiến duyệt", blank=True, editable=False)
    approved_signature = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    def signature(self) -> str:
        raise NotImplementedError

    def save(self, *args, **kwargs):
        if self.approval == Approval.APPROVED and self.approved_signature != self.signature():
            self.approval = Approval.SUBMITTED
        super().save(*args, **kwargs)

    @property
    def is_approved(self) -> bool:
        return self.approval == Approval.APPROVED and self.approved_signature == self.signature()


def _digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class Programme(ApprovalMixin, models.Model):
    """Something to put on air.

    The audio is a FileField under media/broadcast/ rather than a Wagtail document: it is
    validated as audio by content (`audio.check`), belongs to the station with its approval
    (a document would live in a unit collection where any editor can swap its file without
    touching the programme's approval), and it never appears in the public document
    library or search.
    """

    UPLOAD, SPEECH, ARTICLE, RELAY = "upload", "speech", "article", "relay"
    KINDS = [(UPLOAD, "Tệp âm thanh tải lên"), (SPEECH, "Chuyển văn bản thành giọng nói"),
             (ARTICLE, "Đọc bài viết trên trang"), (RELAY, "Tiếp sóng luồng trực tiếp")]

    station = models.ForeignKey(Station, verbose_name="đài", on_delete=models.CASCADE,
                                related_name="programmes")
    title = models.CharField("tên chương trình", max_length=255)
    kind = models.CharField("loại", max_length=10, choices=KINDS, default=UPLOAD)
    text = models.TextField(
        "văn bản cần đọc", blank=True,
        help_text="Với loại chuyển văn bản thành giọng nói: nội dung sẽ được đọc.")
    article = models.ForeignKey(
        "news.ArticlePage", verbose_name="bài viết", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text="Với loại đọc bài viết: tiêu đề, sapo và nội dung bài được đọc.")
    stream_url = models.URLField("địa chỉ luồng tiếp sóng", blank=True)
    audio = models.FileField(
        "tệp âm thanh", upload_to="broadcast/%Y/%m/", blank=True,
        help_text="MP3, WAV, OGG hoặc M4A. Với văn bản hoặc bài viết, tệp được tạo sau.")
    duration_seconds = models.PositiveIntegerField(
        "thời lượng (giây)", null=True, blank=True, validators=[MaxValueValidator(24 * 3600)],
        help_text="Để trống với tệp WAV: tự tính từ tệp.")
    priority = models.CharField("mức ưu tiên", max_length=10, choices=PRIORITIES,
                                default=timetable.NORMAL)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    panels = [
        FieldPanel("station"), FieldPanel("title"), FieldPanel("kind"), FieldPanel("priority"),
        FieldPanel("audio"), FieldPanel("duration_seconds"), FieldPanel("text"),
        FieldPanel("article"), FieldPanel("stream_url"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "chương trình phát thanh"
        verbose_name_plural = "chương trình phát thanh"

    def __str__(self) -> str:
        return self.title

    def signature(self) -> str:
        return _digest(self.kind, self.audio.name or "", self.text, self.article_id,
                       self.stream_url, self.priority, self.station_id)

    @property
    def playable(self) -> bool:
        """Has something a device can play (TTS and article audio are filled in later)."""
        return bool(self.stream_url) if self.kind == self.RELAY else bool(self.audio)


class Playlist(ClusterableModel):
    """Programmes played one after the other in a slot. It has no approval of its own:
    only its approved programmes play."""

    station = models.ForeignKey(Station, verbose_name="đài", on_delete=models.CASCADE,
                                related_name="playlists")
    title = models.CharField("tên danh sách", max_length=255)

    panels = [FieldPanel("station"), FieldPanel("title"),
              InlinePanel("items", label="chương trình", min_num=1)]

    class Meta:
        ordering = ["title"]
        verbose_name = "danh sách phát"
        verbose_name_plural = "danh sách phát"

    def __str__(self) -> str:
        return self.title

    def programmes(self) -> list[Programme]:
        return [item.programme for item in self.items.all()]


class PlaylistItem(Orderable):
    playlist = ParentalKey(Playlist, on_delete=models.CASCADE, related_name="items")
    programme = models.ForeignKey(Programme, verbose_name="chương trình",
                                  on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("programme")]


class Schedule(ApprovalMixin, ClusterableModel):
    """When a programme (or playlist) plays on which clusters: daily or on chosen weekdays,
    between a first and an optional last date, except on listed dates; each slot switches
    the clusters on `power_on_lead` minutes before and off `power_off_lag` minutes after."""

    station = models.ForeignKey(Station, verbose_name="đài", on_delete=models.CASCADE,
                                related_name="schedules")
    name = models.CharField("tên lịch", max_length=255)
    programme = models.ForeignKey(Programme, verbose_name="chương trình", null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="schedules")
    playlist = models.ForeignKey(Playlist, verbose_name="danh sách phát", null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="schedules")
    clusters = ParentalManyToManyField(Cluster, verbose_name="cụm loa", blank=True,
                                       related_name="schedules")
    groups = ParentalManyToManyField(ClusterGroup, verbose_name="nhóm cụm loa", blank=True,
                                     related_name="schedules")
    repeat = models.CharField("lặp lại", max_length=10, default=timetable.DAILY, choices=[
        (timetable.DAILY, "Hằng ngày"), (timetable.WEEKLY, "Các thứ trong tuần")])
    weekdays = models.CharField("các thứ phát", max_length=20, blank=True,
                                help_text="Với lịch theo tuần.")
    first_date = models.DateField("từ ngày")
    last_date = models.DateField("đến ngày", null=True, blank=True,
                                 help_text="Để trống nếu phát không thời hạn.")
    power_on_lead = models.PositiveSmallIntegerField(
        "bật loa trước (phút)", default=2, validators=[MaxValueValidator(60)])
    power_off_lag = models.PositiveSmallIntegerField(
        "tắt loa sau (phút)", default=1, validators=[MaxValueValidator(60)])

    panels = [
        FieldPanel("station"), FieldPanel("name"),
        MultiFieldPanel([FieldPanel("programme"), FieldPanel("playlist")], heading="Nội dung"),
        MultiFieldPanel([FieldPanel("clusters"), FieldPanel("groups")], heading="Phát tới"),
        MultiFieldPanel([FieldPanel("repeat"), FieldPanel("weekdays"), FieldPanel("first_date"),
                         FieldPanel("last_date"), FieldPanel("power_on_lead"),
                         FieldPanel("power_off_lag")], heading="Thời gian"),
        InlinePanel("slots", label="khung giờ", min_num=1),
        InlinePanel("exceptions", label="ngày nghỉ phát"),
    ]

    class Meta:
        ordering = ["station", "name"]
        verbose_name = "lịch phát"
        verbose_name_plural = "lịch phát"

    def __str__(self) -> str:
        return self.name

    def weekday_set(self) -> frozenset[int]:
        return frozenset(int(d) for d in self.weekdays.split(",") if d.strip().isdigit())

    def signature(self) -> str:
        slots = sorted((s.start_time.isoformat(), s.duration_minutes) for s in self.slots.all())
        exceptions = sorted(e.date.isoformat() for e in self.exceptions.all())
        clusters = sorted(c.pk for c in self.clusters.all())
        groups = sorted(g.pk for g in self.groups.all())
        return _digest(self.station_id, self.programme_id, self.playlist_id, clusters, groups,
                       self.repeat, sorted(self.weekday_set()), str(self.first_date),
                       str(self.last_date), self.power_on_lead, self.power_off_lag, slots,
                       exceptions)


class ScheduleSlot(Orderable):
    schedule = ParentalKey(Schedule, on_delete=models.CASCADE, related_name="slots")
    start_time = models.TimeField("giờ bắt đầu")
    duration_minutes = models.PositiveSmallIntegerField(
        "thời lượng (phút)", validators=[MinValueValidator(1),
                                         MaxValueValidator(timetable.MAX_SLOT_MINUTES)])

    panels = [FieldPanel("start_time"), FieldPanel("duration_minutes")]

    class Meta(Orderable.Meta):
        verbose_name = "khung giờ"


class ScheduleException(Orderable):
    schedule = ParentalKey(Schedule, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField("ngày")
    note = models.CharField("lý do", max_length=255, blank=True)

    panels = [FieldPanel("date"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = "ngày nghỉ phát"
