"""Recording in the browser: the programme form's audio input with a "Ghi âm" recorder.

`static/broadcast/recorder.js` (no library) records from the microphone with
MediaRecorder as audio/webm (Opus), lets staff listen to the take, and on "Dùng bản ghi
này" puts it into the file input through a DataTransfer, so it is uploaded and checked like
any chosen file. Without MediaRecorder or a microphone the plain file input stays as it is.
"""

from __future__ import annotations

from django import forms


class StaffFileLink:
    """The current file as the widget shows it: its name, linked to the staff-only audio
    view instead of /media/ (where broadcast audio is not served)."""

    def __init__(self, fieldfile, url: str):
        self.fieldfile, self.url = fieldfile, url

    def __str__(self) -> str:
        return self.fieldfile.name

    def __bool__(self) -> bool:
        return bool(self.fieldfile)


class RecordingFileInput(forms.ClearableFileInput):
    template_name = "broadcast/widgets/recording_file_input.html"

    def format_value(self, value):
        value = super().format_value(value)
        instance = getattr(value, "instance", None)
        if value and getattr(instance, "pk", None):
            from .admin_views import programme_audio_url

            return StaffFileLink(value, programme_audio_url(instance, "goc"))
        return value

    class Media:
        js = ["broadcast/recorder.js"]
        css = {"all": ["broadcast/recorder.css"]}
