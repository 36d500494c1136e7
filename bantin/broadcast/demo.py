"""Demo broadcast network: the hub station, one station per unit, 91 loudspeaker clusters,
19 of them on approved daily schedules. Audio is a one-second generated tone."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Site

from bantin.speech.engines import SpeechError

from . import approval, timetable, voicing
from .audio import silent_wav
from .models import Cluster, Programme, Schedule, ScheduleSlot, Station

logger = logging.getLogger(__name__)

TOTAL_CLUSTERS = 91
SCHEDULED_CLUSTERS = 19
VILLAGES = [
    "Bản Nà Phát", "Bản Hua Pầu", "Bản Cốc Pa", "Bản Nậm Bon", "Bản Tát Xối", "Bản Phiêng Lúc",
    "Bản Khuổi Hà", "Bản Pá Khôm", "Bản Lướt", "Bản Chè Sáng", "Bản Hô Ta", "Bản Ngọc Lại",
]
# Around Tân Uyên, Lai Châu: each unit's clusters scattered near its centre.
CENTRE = (22.17, 103.74)


def _wav() -> ContentFile:
    return ContentFile(silent_wav(1.0, tone_hz=440), name="ban-tin.wav")


def _programme(station, title, user, *, priority="normal", approve=True, **kw):
    programme = Programme.objects.filter(station=station, title=title).first()
    if programme is not None:
        return programme
    programme = Programme(station=station, title=title, priority=priority, **kw)
    if programme.kind == Programme.UPLOAD:
        programme.duration_seconds = 1
        programme.audio.save("ban-tin.wav", _wav(), save=False)
    programme.save()
    if approve:
        approval.submit(programme, user)
        approval.approve(programme, user, "Duyệt phát (dữ liệu mẫu)")
    return programme


def _clusters(station: Station, slug: str, count: int, index: int) -> list[Cluster]:
    made = []
    for n in range(1, count + 1):
        village = VILLAGES[(index * 3 + n) % len(VILLAGES)]
        device_id = f"{slug}-{n:02d}"
        cluster = Cluster.objects.filter(device_id=device_id).first()
        if cluster is None:
            cluster = Cluster(
                station=station, name=f"Cụm loa {village} {n}", village=village,
                latitude=round(CENTRE[0] + (index - 5) * 0.02 + n * 0.001, 6),
                longitude=round(CENTRE[1] + (n - 5) * 0.004 + index * 0.01, 6),
                device_id=device_id,
            )
            cluster.set_secret(f"demo-{device_id}-khoa-thiet-bi")
            cluster.save()
        made.append(cluster)
    return made


def _approved_schedule(station, name, programme, clusters, user, slots, **fields) -> None:
    """An approved schedule of `programme` on `clusters` from today; `slots` are
    (start time, minutes) pairs."""
    schedule = Schedule(station=station, name=name, programme=programme,
                        first_date=timezone.localdate(), power_on_lead=2, power_off_lag=1,
                        **fields)
    for start, minutes in slots:
        schedule.slots.add(ScheduleSlot(start_time=start, duration_minutes=minutes))
    schedule.clusters = clusters
    schedule.save()
    approval.submit(schedule, user)
    approval.approve(schedule, user, "Duyệt phát (dữ liệu mẫu)")


def _daily_schedule(station, programme, clusters, user) -> None:
    name = f"Phát thanh hằng ngày - {station.name}"
    if not Schedule.objects.filter(station=station, name=name).exists():
        _approved_schedule(station, name, programme, clusters, user,
                           [(dt.time(6, 0), 30), (dt.time(17, 30), 30)])


# The hub's week: one programme a day at noon, relayed by every scheduled cluster.
WEEK = [
    (1, "Thứ Hai: Chính sách mới và thủ tục hành chính"),
    (2, "Thứ Ba: Khuyến nông - chăm sóc chè mùa đông"),
    (3, "Thứ Tư: Dân số, y tế và vệ sinh môi trường"),
    (4, "Thứ Năm: An ninh trật tự ở thôn bản"),
    (5, "Thứ Sáu: Gương người tốt, việc tốt"),
    (6, "Thứ Bảy: Văn hóa, văn nghệ các dân tộc"),
    (7, "Chủ nhật: Tổng hợp tin trong tuần"),
]


def _week(hub: Station, clusters: list[Cluster], user) -> None:
    for weekday, title in WEEK:
        name = f"Chuyên mục {title.split(':')[0]}"
        if Schedule.objects.filter(station=hub, name=name).exists():
            continue
        programme = _programme(hub, f"Chuyên mục {title}", user)
        _approved_schedule(hub, name, programme, clusters, user, [(dt.time(11, 0), 20)],
                           repeat=timetable.WEEKLY, weekdays=str(weekday))


def _voice(programme: Programme) -> bool:
    """Voice a text or article programme now; False when this machine has no speech engine
    (the worker voices it once one is installed)."""
    try:
        voicing.voice_programme.call(programme.pk)
    except SpeechError as exc:
        logger.warning("demo programme %s not voiced: %s", programme.pk, exc)
        return False
    programme.refresh_from_db()
    return True


def _article_read_aloud(hub: Station, hub_site: Site, clusters: list[Cluster], user) -> None:
    """The hub's newest article, read by the speech engine every evening at 19:00."""
    from bantin.news.models import ArticlePage

    name = "Đọc tin nổi bật buổi tối"
    if Schedule.objects.filter(station=hub, name=name).exists():
        return
    article = (ArticlePage.objects.live().descendant_of(hub_site.root_page)
               .order_by("-published_at").first())
    if article is None:
        return
    programme = Programme.objects.create(station=hub, title=f"Đọc bài: {article.title}"[:255],
                                         kind=Programme.ARTICLE, article=article)
    if not _voice(programme):
        return
    approval.submit(programme, user)
    approval.approve(programme, user, "Duyệt phát (dữ liệu mẫu)")
    _approved_schedule(hub, name, programme, clusters, user, [(dt.time(19, 0), 15)])


def load_demo(hub_site: Site, units: list[tuple[Site, str, str]], user) -> int:
    """`units` lists (site, name, slug) of the unit sites. Returns the clusters made."""
    hub = Station.objects.get_or_create(
        site=hub_site, defaults={"name": "Đài Truyền thanh - Truyền hình huyện"})[0]
    _programme(hub, "Chương trình thời sự huyện", user)
    _programme(hub, "Thông báo phòng, chống cháy rừng mùa khô", user, priority="priority")
    # Text to speech, voiced now and waiting for the hub moderator's approval.
    notice = _programme(hub, "Thông báo lịch tiêm chủng mở rộng", user, kind=Programme.SPEECH,
                        approve=False, text="UBND huyện thông báo: ngày 15/12, các trạm y tế "
                                            "xã tổ chức tiêm chủng mở rộng cho trẻ em dưới 5 "
                                            "tuổi.")
    if _voice(notice) and notice.approval == "draft":
        approval.submit(notice, user)
    per_unit, extra = divmod(TOTAL_CLUSTERS, len(units))
    scheduled, total, on_air = SCHEDULED_CLUSTERS, 0, []
    for index, (site, name, slug) in enumerate(units):
        station = Station.objects.get_or_create(
            site=site, defaults={"name": f"Đài truyền thanh {name[0].lower()}{name[1:]}"})[0]
        clusters = _clusters(station, slug, per_unit + (1 if index < extra else 0), index)
        total += len(clusters)
        programme = _programme(station, f"Bản tin {name}", user)
        take = min(2, scheduled)
        if take:
            _daily_schedule(station, programme, clusters[:take], user)
            on_air += clusters[:take]
            scheduled -= take
    _week(hub, on_air, user)
    _article_read_aloud(hub, hub_site, on_air, user)
    return total
