"""Admin forms: choices limited to the editor's own stations, bad input refused in
Vietnamese, schedule clashes shown before anything is saved."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from bantin.units import access

from . import audio, plays, timetable
from .models import WEEKDAYS, Cluster, ClusterGroup, Playlist, Programme, Station
from .recording import RecordingFileInput

SCOPED = (Station, Cluster, ClusterGroup, Programme, Playlist)
MAX_CLASHES_SHOWN = 3


def _narrow(form, user) -> None:
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and queryset.model in SCOPED:
            field.queryset = access.scope(queryset, user)


class BroadcastForm(access.UnitOwnedForm):
    """Stations, clusters, groups, programmes and playlists offered are the user's own,
    in this form and in its inline forms."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        _narrow(self, for_user)
        if "station" in self.fields and not self.instance.pk and not self.initial.get("station"):
            first = self.fields["station"].queryset.first()
            if first is not None:
                self.initial["station"] = first.pk
        for formset in getattr(self, "formsets", {}).values():
            base = formset.form

            def init(inner, *a, _base=base, **kw):
                _base.__init__(inner, *a, **kw)
                _narrow(inner, for_user)

            formset.form = type(base.__name__, (base,), {"__init__": init})

    def _same_station(self, station, field: str, objects) -> None:
        if station is None:
            return
        strangers = [str(o) for o in objects if o.station_id != station.pk]
        if strangers:
            self.add_error(field, "Không thuộc đài đã chọn: " + ", ".join(strangers) + ".")


class ClusterForm(BroadcastForm):
    new_secret = forms.CharField(
        label="Khóa thiết bị mới", required=False, min_length=20, max_length=128,
        widget=forms.PasswordInput(render_value=False),
        help_text="Ít nhất 20 ký tự ngẫu nhiên; chỉ lưu bản băm. Để trống khi sửa để giữ khóa cũ.")

    def clean(self):
        cleaned = super().clean()
        if not self.instance.secret_hash and not cleaned.get("new_secret") \
                and "new_secret" not in self.errors:
            self.add_error("new_secret", "Cụm loa mới cần một khóa thiết bị.")
        return cleaned

    def save(self, commit=True):
        secret = self.cleaned_data.get("new_secret")
        if secret:
            self.instance.set_secret(secret)
        return super().save(commit=commit)


class ClusterGroupForm(BroadcastForm):
    def clean(self):
        cleaned = super().clean()
        self._same_station(cleaned.get("station"), "clusters", cleaned.get("clusters") or [])
        return cleaned


class ProgrammeForm(BroadcastForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "audio" in self.fields:  # the "Ghi âm" recorder beside the file input
            self.fields["audio"].widget = RecordingFileInput(
                attrs=self.fields["audio"].widget.attrs)

    def clean_audio(self):
        upload = self.cleaned_data.get("audio")
        if isinstance(upload, UploadedFile):
            self._audio_info = audio.check(upload)
            # Stored under the extension of what it contains, so it is served as that.
            stem = upload.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "am-thanh"
            upload.name = f"{stem}.{self._audio_info.extension}"
        return upload

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        upload = cleaned.get("audio")
        info = getattr(self, "_audio_info", None)
        if kind == Programme.UPLOAD and not upload and "audio" not in self.errors:
            self.add_error("audio", "Chọn tệp âm thanh để tải lên.")
        if kind == Programme.SPEECH and not (cleaned.get("text") or "").strip():
            self.add_error("text", "Nhập văn bản cần đọc.")
        if kind == Programme.ARTICLE:
            article = cleaned.get("article")
            if article is None:
                self.add_error("article", "Chọn bài viết cần đọc.")
            elif not article.live:
                self.add_error("article", "Bài viết chưa xuất bản.")
        if kind == Programme.RELAY and not cleaned.get("stream_url") \
                and "stream_url" not in self.errors:
            self.add_error("stream_url", "Nhập địa chỉ luồng cần tiếp sóng.")
        if info is not None and info.duration_seconds and not cleaned.get("duration_seconds"):
            cleaned["duration_seconds"] = info.duration_seconds
            self.instance.duration_seconds = info.duration_seconds
        if kind == Programme.UPLOAD and upload and not cleaned.get("duration_seconds") \
                and "duration_seconds" not in self.errors:
            self.add_error("duration_seconds", "Nhập thời lượng của tệp (giây).")
        return cleaned


class PlaylistForm(BroadcastForm):
    def clean(self):
        cleaned = super().clean()
        station = cleaned.get("station")
        formset = self.formsets.get("items")
        if station is not None and formset is not None and formset.is_valid():
            chosen = [f.cleaned_data["programme"] for f in formset.forms
                      if f.cleaned_data.get("programme") and not f.cleaned_data.get("DELETE")]
            self._same_station(station, "station", chosen)
        return cleaned


def _hhmm(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M")


def _describe(conflict: timetable.Conflict, cluster_names: dict[int, str], own_id) -> str:
    mine, other = conflict.first, conflict.second
    if mine.schedule != own_id:
        mine, other = other, mine
    return (f"Trùng giờ với lịch «{other.schedule_name}» tại cụm loa "
            f"«{cluster_names.get(conflict.cluster, conflict.cluster)}» ngày "
            f"{mine.start:%d/%m/%Y}: lịch này {_hhmm(mine.start)}–{_hhmm(mine.end)}, "
            f"lịch kia {_hhmm(other.start)}–{_hhmm(other.end)}"
            f"{'' if other.start.date() == mine.start.date() else f' ({other.start:%d/%m})'}.")


class ScheduleForm(BroadcastForm):
    weekdays = forms.TypedMultipleChoiceField(
        label="Các thứ phát", choices=WEEKDAYS, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Với lịch theo tuần.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["weekdays"] = sorted(self.instance.weekday_set())

    def clean_weekdays(self):
        return ",".join(str(d) for d in sorted(set(self.cleaned_data.get("weekdays") or [])))

    def _live_forms(self, name: str):
        formset = self.formsets.get(name)
        if formset is None or not formset.is_valid():
            return None
        return [f.cleaned_data for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")]

    def clean(self):
        cleaned = super().clean()
        station = cleaned.get("station")
        programme, playlist = cleaned.get("programme"), cleaned.get("playlist")
        if bool(programme) == bool(playlist):
            self.add_error("programme", "Chọn một chương trình hoặc một danh sách phát "
                                        "(không chọn cả hai).")
        clusters = list(cleaned.get("clusters") or [])
        groups = list(cleaned.get("groups") or [])
        if not clusters and not groups and "clusters" not in self.errors:
            self.add_error("clusters", "Chọn ít nhất một cụm loa hoặc một nhóm cụm loa.")
        self._same_station(station, "programme", [programme] if programme else [])
        self._same_station(station, "playlist", [playlist] if playlist else [])
        self._same_station(station, "clusters", clusters)
        self._same_station(station, "groups", groups)
        if cleaned.get("repeat") == timetable.WEEKLY and not cleaned.get("weekdays") \
                and "weekdays" not in self.errors:
            self.add_error("weekdays", "Lịch theo tuần cần chọn ít nhất một thứ.")
        first, last = cleaned.get("first_date"), cleaned.get("last_date")
        if first and last and last < first:
            self.add_error("last_date", "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
        slots = self._live_forms("slots")
        exceptions = self._live_forms("exceptions")
        if slots is not None and not slots:
            raise ValidationError("Lịch cần ít nhất một khung giờ.")
        if self.errors or slots is None or exceptions is None:
            return cleaned
        self._check_clashes(cleaned, slots, exceptions, clusters, groups)
        return cleaned

    def _check_clashes(self, cleaned, slots, exceptions, clusters, groups) -> None:
        programmes = ([cleaned["programme"]] if cleaned.get("programme")
                      else cleaned["playlist"].programmes())
        target = {c.pk: str(c) for c in clusters if c.active}
        for group in groups:
            target.update({c.pk: str(c) for c in group.clusters.all() if c.active})
        name = cleaned.get("name") or "lịch này"
        spec = timetable.ScheduleSpec(
            id=self.instance.pk, name=name, clusters=frozenset(target),
            slots=tuple(timetable.SlotSpec(s["start_time"], s["duration_minutes"])
                        for s in slots),
            first_date=cleaned["first_date"], last_date=cleaned.get("last_date"),
            repeat=cleaned["repeat"],
            weekdays=frozenset(int(d) for d in cleaned["weekdays"].split(",") if d),
            exceptions=frozenset(e["date"] for e in exceptions),
            lead_minutes=cleaned.get("power_on_lead") or 0,
            lag_minutes=cleaned.get("power_off_lag") or 0,
            priority=plays.priority_of(programmes),
        )
        own = timetable.self_overlaps(spec)
        if own:
            first = own[0]
            raise ValidationError(
                f"Các khung giờ của lịch chồng lên nhau: {_hhmm(first.first.start)}–"
                f"{_hhmm(first.first.end)} và {_hhmm(first.second.start)}–"
                f"{_hhmm(first.second.end)}.")
        clashes = plays.clashes_for(spec, self.instance.pk)
        if clashes:
            names = {c.pk: str(c) for c in Cluster.objects.filter(
                pk__in={c.cluster for c in clashes})}
            seen, messages = set(), []
            for clash in clashes:
                key = (clash.first.schedule_name, clash.second.schedule_name, clash.cluster)
                if key in seen:
                    continue
                seen.add(key)
                messages.append(_describe(clash, names, self.instance.pk))
            more = len(messages) - MAX_CLASHES_SHOWN
            shown = messages[:MAX_CLASHES_SHOWN]
            if more > 0:
                shown.append(f"Và {more} chỗ trùng khác.")
            raise ValidationError(shown)


class EmergencyForm(BroadcastForm):
    """An emergency message: at least one target (or every cluster in reach), only
    approved programmes, targets within the sending station's reach; a sent message can
    no longer be changed."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("programme")
        if field is not None:
            field.queryset = field.queryset.filter(approval="approved")
            field.help_text = "Chỉ chương trình đã được duyệt, có âm thanh."

    def clean(self):
        from bantin.core.sites import under

        from .models import EmergencyMessage

        cleaned = super().clean()
        if self.instance.pk and self.instance.state != EmergencyMessage.DRAFT:
            raise ValidationError("Tin đã gửi, không sửa được nữa.")
        station = cleaned.get("station")
        chosen = {name: list(cleaned.get(name) or []) for name in
                  ("stations", "groups", "clusters")}
        if not cleaned.get("to_all") and not any(chosen.values()):
            raise ValidationError("Chọn nơi nhận tin: mọi cụm loa trong phạm vi, hoặc ít nhất "
                                  "một đài, một nhóm hay một cụm loa.")
        programme = cleaned.get("programme")
        if programme is not None and not programme.is_approved:
            self.add_error("programme", "Chương trình chưa được duyệt.")
        elif programme is not None and not programme.playable:
            self.add_error("programme", "Chương trình chưa có âm thanh.")
        if station is not None:
            path = station.site.root_page.path
            reach = under([path], "site__root_page__path")
            for name, objects in chosen.items():
                rule = reach if name == "stations" else under(
                    [path], "station__site__root_page__path")
                model = type(objects[0]) if objects else None
                if model is None:
                    continue
                inside = set(model.objects.filter(rule, pk__in=[o.pk for o in objects])
                             .values_list("pk", flat=True))
                outside = [str(o) for o in objects if o.pk not in inside]
                if outside:
                    self.add_error(name, "Ngoài phạm vi của đài gửi: " + ", ".join(outside)
                                   + ".")
        return cleaned


    def save(self, commit=True):
        if not self.instance.pk and self.for_user is not None:
            self.instance.created_by = self.for_user
        return super().save(commit=commit)


class ControlForm(forms.Form):
    """A live command for a cluster or a group."""

    kind = forms.ChoiceField(label="Lệnh", choices=[
        ("stop", "Dừng phát"), ("volume", "Đặt âm lượng"), ("power_on", "Bật loa"),
        ("power_off", "Tắt loa"), ("sync", "Tải lại lịch phát")])
    volume = forms.IntegerField(label="Âm lượng (%)", required=False, min_value=0,
                                max_value=100, help_text="Chỉ với lệnh đặt âm lượng.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "volume" and cleaned.get("volume") is None \
                and "volume" not in self.errors:
            self.add_error("volume", "Nhập âm lượng từ 0 đến 100.")
        return cleaned
