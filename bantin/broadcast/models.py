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
                             on_delete=models.CASCADE, related_name="broadcast_stations",
                             help_text="Đơn vị sở hữu đài; chỉ chọn được đơn vị của bạn.")
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
                                related_name="clusters",
                                help_text="Đài truyền thanh quản lý cụm loa này.")
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
    # The same secret hashed as the MQTT broker's password file wants it (see `mqtt`);
    # empty for a cluster whose secret was set before the broker existed: it polls over
    # HTTP until its secret is set again.
    broker_hash = models.CharField("khóa thiết bị cho máy chủ MQTT (đã băm)", max_length=255,
                                   blank=True, editable=False)
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
        from .mqtt import broker_hash

        self.broker_hash = broker_hash(raw)

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
                                related_name="cluster_groups",
                                help_text="Đài quản lý nhóm; nhóm chỉ gồm cụm loa của đài này.")
    name = models.CharField("tên nhóm", max_length=255)
    clusters = ParentalManyToManyField(Cluster, verbose_name="các cụm loa", blank=True,
                                       related_name="groups",
                                       help_text=("Các cụm loa thường phát cùng nhau (ví dụ: các "
                                                  "thôn vùng trên)."))

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
                                related_name="programmes",
                                help_text="Đài phát chương trình này.")
    title = models.CharField("tên chương trình", max_length=255)
    kind = models.CharField("loại", max_length=10, choices=KINDS, default=UPLOAD,
                            help_text=("Cách tạo nội dung phát: tải tệp âm thanh, thu âm, máy đọc "
                                       "văn bản hoặc bài viết, hay tiếp sóng."))
    text = models.TextField(
        "văn bản cần đọc", blank=True,
        help_text="Với loại chuyển văn bản thành giọng nói: nội dung sẽ được đọc.")
    article = models.ForeignKey(
        "news.ArticlePage", verbose_name="bài viết", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text="Với loại đọc bài viết: tiêu đề, sapo và nội dung bài được đọc.")
    stream_url = models.URLField("địa chỉ luồng tiếp sóng", blank=True,
                                 help_text=("Chỉ điền khi tiếp sóng: địa chỉ luồng phát, bắt đầu "
                                            "bằng http:// hoặc https://."))
    audio = models.FileField(
        "tệp âm thanh", upload_to="broadcast/%Y/%m/", blank=True,
        help_text="MP3, WAV, OGG, M4A hoặc WebM. Với văn bản hoặc bài viết, tệp được tạo sau.")
    duration_seconds = models.PositiveIntegerField(
        "thời lượng (giây)", null=True, blank=True, validators=[MaxValueValidator(24 * 3600)],
        help_text="Để trống với tệp WAV: tự tính từ tệp.")
    priority = models.CharField("mức ưu tiên", max_length=10, choices=PRIORITIES,
                                default=timetable.NORMAL,
                                help_text=("Chương trình ưu tiên được phát trước chương trình "
                                           "thường cùng giờ."))
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    # The file devices download: the audio transcoded to the one delivery format
    # (`transcode`), made in the background whenever `audio` changes.
    delivery = models.FileField("tệp phát cho thiết bị", upload_to="broadcast/delivery/%Y/%m/",
                                blank=True, editable=False)
    delivery_source = models.CharField(max_length=255, blank=True, editable=False,
                                       help_text="The audio name the delivery file was made from.")
    delivery_size = models.PositiveBigIntegerField("kích thước tệp phát", null=True,
                                                   blank=True, editable=False)
    delivery_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    delivery_seconds = models.FloatField("thời lượng tệp phát (giây)", null=True, blank=True,
                                         editable=False)
    delivery_error = models.CharField("lỗi chuyển định dạng", max_length=255, blank=True,
                                      editable=False)

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
    def delivery_ready(self) -> bool:
        """The delivery file exists and was made from the current audio."""
        return bool(self.delivery) and bool(self.audio) and \
            self.delivery_source == self.audio.name

    @property
    def playable(self) -> bool:
        """Has something a device can play (TTS and article audio are filled in later)."""
        return bool(self.stream_url) if self.kind == self.RELAY else bool(self.audio)


class Playlist(ClusterableModel):
    """Programmes played one after the other in a slot. It has no approval of its own:
    only its approved programmes play."""

    station = models.ForeignKey(Station, verbose_name="đài", on_delete=models.CASCADE,
                                related_name="playlists",
                                help_text="Đài dùng danh sách phát này.")
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

    class Meta(Orderable.Meta):
        verbose_name = "mục danh sách phát"
        verbose_name_plural = "mục danh sách phát"


class Schedule(ApprovalMixin, ClusterableModel):
    """When a programme (or playlist) plays on which clusters: daily or on chosen weekdays,
    between a first and an optional last date, except on listed dates; each slot switches
    the clusters on `power_on_lead` minutes before and off `power_off_lag` minutes after."""

    station = models.ForeignKey(Station, verbose_name="đài", on_delete=models.CASCADE,
                                related_name="schedules",
                                help_text="Đài thực hiện lịch phát.")
    name = models.CharField("tên lịch", max_length=255)
    programme = models.ForeignKey(Programme, verbose_name="chương trình", null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="schedules",
                                  help_text=("Chọn một chương trình, hoặc để trống và chọn danh "
                                             "sách phát."))
    playlist = models.ForeignKey(Playlist, verbose_name="danh sách phát", null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="schedules",
                                 help_text=("Chọn một danh sách phát, hoặc để trống và chọn chương "
                                            "trình."))
    clusters = ParentalManyToManyField(Cluster, verbose_name="cụm loa", blank=True,
                                       related_name="schedules",
                                       help_text=("Các cụm loa sẽ phát; có thể chọn thêm nhóm cụm "
                                                  "loa."))
    groups = ParentalManyToManyField(ClusterGroup, verbose_name="nhóm cụm loa", blank=True,
                                     related_name="schedules",
                                     help_text="Phát tới mọi cụm loa trong các nhóm được chọn.")
    repeat = models.CharField("lặp lại", max_length=10, default=timetable.DAILY, choices=[
        (timetable.DAILY, "Hằng ngày"), (timetable.WEEKLY, "Các thứ trong tuần")],
        help_text="Phát hằng ngày, hoặc chỉ vào các thứ trong tuần được chọn.")
    weekdays = models.CharField("các thứ phát", max_length=20, blank=True,
                                help_text="Với lịch theo tuần.")
    first_date = models.DateField("từ ngày")
    last_date = models.DateField("đến ngày", null=True, blank=True,
                                 help_text="Để trống nếu phát không thời hạn.")
    power_on_lead = models.PositiveSmallIntegerField(
        "bật loa trước (phút)", default=2, validators=[MaxValueValidator(60)],
        help_text="Số phút bật loa trước giờ phát để loa sẵn sàng.")
    power_off_lag = models.PositiveSmallIntegerField(
        "tắt loa sau (phút)", default=1, validators=[MaxValueValidator(60)],
        help_text="Số phút giữ loa bật sau khi phát xong, rồi tự tắt.")

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


# --- The network in operation: device state, plays, commands, emergencies, alerts ----------
#
# Written by the device protocol (`docs/device-protocol.md`), read by monitoring and reports.


class DeviceState(models.Model):
    """What a cluster's device last told us (one row per cluster, updated per heartbeat)."""

    cluster = models.OneToOneField(Cluster, verbose_name="cụm loa", on_delete=models.CASCADE,
                                   primary_key=True, related_name="state")
    last_seen = models.DateTimeField("liên lạc lần cuối", null=True, blank=True,
                                     db_index=True)
    power = models.BooleanField("đang bật", default=False)
    playing = models.CharField(
        "đang phát", max_length=64, blank=True,
        help_text='Mã nội dung thiết bị báo đang phát ("programme:12", "emergency:3").')
    volume = models.PositiveSmallIntegerField("âm lượng (%)", null=True, blank=True,
                                              validators=[MaxValueValidator(100)])
    signal = models.PositiveSmallIntegerField("sóng (%)", null=True, blank=True,
                                              validators=[MaxValueValidator(100)])
    firmware = models.CharField("phần mềm thiết bị", max_length=64, blank=True)
    fault = models.CharField("lỗi thiết bị báo", max_length=255, blank=True)
    schedule_etag = models.CharField("phiên bản lịch đã nhận", max_length=64, blank=True)
    synced_at = models.DateTimeField("nhận lịch lúc", null=True, blank=True)

    class Meta:
        verbose_name = "trạng thái thiết bị"
        verbose_name_plural = "trạng thái thiết bị"

    def __str__(self) -> str:
        return f"{self.cluster}"


class PlayOutcome(models.TextChoices):
    STARTED = "started", "Đang phát"
    FINISHED = "finished", "Đã phát xong"
    INTERRUPTED = "interrupted", "Bị ngắt"
    FAILED = "failed", "Lỗi"


class PlayLog(models.Model):
    """One play on one cluster as its device reported it. The device names each play with
    a key of its own (`play_key`); the started and finished reports of a play update one
    row, and a repeated report changes nothing (devices resend after network failures)."""

    cluster = models.ForeignKey(Cluster, verbose_name="cụm loa", on_delete=models.CASCADE,
                                related_name="play_logs")
    play_key = models.CharField(max_length=128)
    programme = models.ForeignKey(Programme, verbose_name="chương trình", null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="plays")
    schedule = models.ForeignKey(Schedule, verbose_name="lịch phát", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="plays")
    emergency = models.ForeignKey("EmergencyMessage", verbose_name="tin khẩn cấp", null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="plays")
    scheduled_start = models.DateTimeField("giờ phát theo lịch", null=True, blank=True)
    started_at = models.DateTimeField("bắt đầu", null=True, blank=True, db_index=True)
    ended_at = models.DateTimeField("kết thúc", null=True, blank=True)
    outcome = models.CharField("kết quả", max_length=12, choices=PlayOutcome.choices,
                               default=PlayOutcome.STARTED)
    detail = models.CharField("ghi chú", max_length=255, blank=True)
    received_at = models.DateTimeField("nhận báo cáo lúc", auto_now=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "nhật ký phát"
        verbose_name_plural = "nhật ký phát"
        constraints = [models.UniqueConstraint(fields=["cluster", "play_key"],
                                               name="broadcast_playlog_unique_key")]
        indexes = [models.Index(fields=["cluster", "scheduled_start"])]

    def __str__(self) -> str:
        return f"{self.cluster} {self.play_key}"

    @property
    def seconds(self) -> int:
        if self.started_at and self.ended_at and self.ended_at > self.started_at:
            return int((self.ended_at - self.started_at).total_seconds())
        return 0


class EmergencyMessage(models.Model):
    """An emergency broadcast (thiên tai, hỏa hoạn, dịch bệnh): an approved programme sent to
    chosen clusters, groups, stations or all clusters within the sender's reach, played at
    once over whatever plays, repeated `repeat_count` times `repeat_gap_seconds` apart.
    Sending is the approval: only a moderator of the station's unit (or above) may send."""

    DRAFT, SENT, CANCELLED = "draft", "sent", "cancelled"
    STATES = [(DRAFT, "Chưa gửi"), (SENT, "Đã gửi"), (CANCELLED, "Đã dừng")]

    station = models.ForeignKey(Station, verbose_name="đài gửi", on_delete=models.CASCADE,
                                related_name="emergencies",
                                help_text="Đài gửi tin khẩn cấp.")
    title = models.CharField("tiêu đề", max_length=255)
    programme = models.ForeignKey(Programme, verbose_name="nội dung phát",
                                  on_delete=models.PROTECT, related_name="emergencies",
                                  help_text=("Chương trình (âm thanh hoặc văn bản) được phát khẩn "
                                             "cấp."))
    to_all = models.BooleanField(
        "mọi cụm loa trong phạm vi", default=False,
        help_text="Mọi cụm loa của đài gửi và của các đơn vị trực thuộc.")
    stations = models.ManyToManyField(Station, verbose_name="các đài", blank=True,
                                      related_name="+",
                                      help_text="Phát tới mọi cụm loa của các đài được chọn.")
    groups = models.ManyToManyField(ClusterGroup, verbose_name="các nhóm cụm loa", blank=True,
                                    related_name="+",
                                    help_text="Phát tới mọi cụm loa trong các nhóm được chọn.")
    clusters = models.ManyToManyField(Cluster, verbose_name="các cụm loa", blank=True,
                                      related_name="+",
                                      help_text="Phát tới từng cụm loa được chọn.")
    repeat_count = models.PositiveSmallIntegerField(
        "số lần phát", default=3, validators=[MinValueValidator(1), MaxValueValidator(20)])
    repeat_gap_seconds = models.PositiveIntegerField(
        "nghỉ giữa hai lần (giây)", default=60, validators=[MaxValueValidator(3600)])
    state = models.CharField("trạng thái", max_length=10, choices=STATES, default=DRAFT,
                             editable=False)
    created_by = models.ForeignKey("auth.User", verbose_name="người tạo", null=True,
                                   blank=True, editable=False, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    sent_by = models.ForeignKey("auth.User", verbose_name="người gửi", null=True, blank=True,
                                editable=False, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField("dừng lúc", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "tin khẩn cấp"
        verbose_name_plural = "tin khẩn cấp"

    def __str__(self) -> str:
        return self.title


class EmergencyDelivery(models.Model):
    """How one cluster took one emergency message: received (command acknowledged),
    started, finished or failed, each with its time."""

    message = models.ForeignKey(EmergencyMessage, on_delete=models.CASCADE,
                                related_name="deliveries")
    cluster = models.ForeignKey(Cluster, verbose_name="cụm loa", on_delete=models.CASCADE,
                                related_name="emergency_deliveries")
    received_at = models.DateTimeField("nhận lúc", null=True, blank=True)
    started_at = models.DateTimeField("bắt đầu phát", null=True, blank=True)
    finished_at = models.DateTimeField("phát xong", null=True, blank=True)
    failed_at = models.DateTimeField("lỗi lúc", null=True, blank=True)
    detail = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "kết quả nhận tin khẩn cấp"
        verbose_name_plural = "kết quả nhận tin khẩn cấp"
        constraints = [models.UniqueConstraint(fields=["message", "cluster"],
                                               name="broadcast_delivery_unique")]

    @property
    def status(self) -> str:
        if self.failed_at:
            return "failed"
        if self.finished_at:
            return "finished"
        if self.started_at:
            return "started"
        if self.received_at:
            return "received"
        return "pending"


class Command(models.Model):
    """A live command for one device: pushed over MQTT when a broker is configured, and
    handed out to the device's next HTTP poll until acknowledged or expired."""

    PLAY_EMERGENCY, STOP, VOLUME, POWER_ON, POWER_OFF, SYNC = (
        "play_emergency", "stop", "volume", "power_on", "power_off", "sync")
    KINDS = [(PLAY_EMERGENCY, "Phát tin khẩn cấp"), (STOP, "Dừng phát"),
             (VOLUME, "Đặt âm lượng"), (POWER_ON, "Bật loa"), (POWER_OFF, "Tắt loa"),
             (SYNC, "Tải lại lịch phát")]

    cluster = models.ForeignKey(Cluster, verbose_name="cụm loa", on_delete=models.CASCADE,
                                related_name="commands")
    kind = models.CharField("lệnh", max_length=16, choices=KINDS)
    payload = models.JSONField("tham số", default=dict, blank=True)
    emergency = models.ForeignKey(EmergencyMessage, null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="commands")
    created_by = models.ForeignKey("auth.User", verbose_name="người ra lệnh", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("ra lệnh lúc", auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField("hết hạn lúc")
    pushed_at = models.DateTimeField("đẩy qua MQTT lúc", null=True, blank=True)
    fetched_at = models.DateTimeField("thiết bị lấy qua HTTP lúc", null=True, blank=True)
    acked_at = models.DateTimeField("thiết bị xác nhận lúc", null=True, blank=True)
    ack_ok = models.BooleanField("thực hiện được", null=True, blank=True)
    ack_detail = models.CharField("thiết bị trả lời", max_length=255, blank=True)
    #: The key shared by the commands issued together (one per cluster). A command pushed
    #: once to a whole station's topic has no per-device id in that message: its device
    #: acknowledges it by this key.
    batch = models.CharField("đợt lệnh", max_length=24, blank=True, default="")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "lệnh điều khiển"
        verbose_name_plural = "lệnh điều khiển"
        indexes = [models.Index(fields=["cluster", "acked_at"]),
                   models.Index(fields=["batch", "cluster"], name="broadcast_command_batch")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.cluster}"


class Alert(models.Model):
    """Something staff should look at: a cluster that stopped sending heartbeats, missed a
    scheduled play, or reported a fault. Resolved by itself when the cause goes away."""

    OFFLINE, MISSED_PLAY, FAULT = "offline", "missed_play", "fault"
    KINDS = [(OFFLINE, "Mất kết nối"), (MISSED_PLAY, "Không phát theo lịch"),
             (FAULT, "Thiết bị báo lỗi")]

    cluster = models.ForeignKey(Cluster, verbose_name="cụm loa", on_delete=models.CASCADE,
                                related_name="alerts")
    kind = models.CharField("loại cảnh báo", max_length=12, choices=KINDS)
    raised_at = models.DateTimeField("phát hiện lúc", db_index=True)
    resolved_at = models.DateTimeField("hết lúc", null=True, blank=True)
    scheduled_start = models.DateTimeField("giờ phát theo lịch", null=True, blank=True)
    detail = models.CharField("chi tiết", max_length=255, blank=True)
    acknowledged_at = models.DateTimeField("đã biết lúc", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "auth.User", verbose_name="người nhận xử lý", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    resolved_by = models.ForeignKey(
        "auth.User", verbose_name="người đóng cảnh báo", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text="Để trống khi cảnh báo tự hết (nguyên nhân không còn).")

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = "cảnh báo"
        verbose_name_plural = "cảnh báo"
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "kind", "scheduled_start"],
                condition=models.Q(resolved_at__isnull=True), name="broadcast_alert_open_once"),
            # NULLs are distinct in a unique index: alerts without a scheduled start
            # (offline, fault) need their own.
            models.UniqueConstraint(
                fields=["cluster", "kind"],
                condition=models.Q(resolved_at__isnull=True, scheduled_start__isnull=True),
                name="broadcast_alert_open_once_unscheduled"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.cluster}"
