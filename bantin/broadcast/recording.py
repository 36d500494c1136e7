"""Recording in the browser: the programme form's audio input with a "Ghi âm" recorder.

`static/broadcast/recorder.js` (no library) records from the microphone with
MediaRecorder as audio/webm (Opus), lets staff listen to the take, and on "Dùng bản ghi
này" puts it into the file input through a DataTransfer, so it is uploaded and checked like
any chosen file. Without MediaRecorder or a microphone the plain file input stays as it is.
"""

from __future__ import annotations

from django import forms


class RecordingFileInput(forms.ClearableFileInput):
    template_name = "broadcast/widgets/recording_file_input.html"

    class Media:
        js = ["broadcast/recorder.js"]
        css = {"all": ["broadcast/recorder.css"]}
