"""The admin's image form, with an upload field that answers a broken image with a
form error: Wagtail's own field lets an exception from the image library escape when a
file starts like an image but cannot be read (a truncated GIF, say), which the editor
would see as a server error.

The same field prepares phone photos (`core.photos`): turned upright, stripped of their
location and other metadata and scaled down, before Wagtail records the image's size,
dimensions and hash, so those describe the stored file. Its messages say, in
Vietnamese, what to do.
"""

from __future__ import annotations

import willow
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from . import files, photos

MESSAGES = {
    "invalid_image": (
        "Không đọc được ảnh này: tệp không phải là ảnh hoặc bị hỏng (có thể tải lên chưa "
        "hết). Hãy mở ảnh trên máy để kiểm tra rồi tải lên lại."
    ),
    "invalid_image_extension": (
        "Định dạng ảnh không được nhận. Hãy dùng ảnh %(formats)s (ảnh chụp điện thoại "
        "thường là JPG)."
    ),
    "invalid_image_known_format": (
        "Tệp có đuôi .%(extension)s nhưng nội dung là ảnh %(image_format)s. Hãy đổi "
        "đuôi tệp cho đúng hoặc lưu lại ảnh bằng phần mềm xem ảnh."
    ),
    "file_too_large": (
        "Ảnh quá lớn (%(file_size)s). Ảnh tải lên tối đa %(max_filesize)s: hãy chọn ảnh "
        "nhỏ hơn hoặc giảm kích thước ảnh trước khi tải lên."
    ),
    "file_too_large_unknown_size": (
        "Ảnh quá lớn. Ảnh tải lên tối đa %(max_filesize)s: hãy chọn ảnh nhỏ hơn."
    ),
    "file_too_many_pixels": (
        "Ảnh có quá nhiều điểm ảnh (%(num_pixels)s, tối đa %(max_pixels_count)s). Hãy "
        "giảm kích thước ảnh trước khi tải lên."
    ),
}


class SafeImageField(WagtailImageField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.localise()

    def localise(self) -> None:
        """Vietnamese messages and help text in place of Wagtail's."""
        self.error_messages.update(MESSAGES)
        self.error_messages["invalid_image_extension"] = MESSAGES[
            "invalid_image_extension"] % {"formats": self.supported_formats_text}
        self.error_messages["file_too_large_unknown_size"] = MESSAGES[
            "file_too_large_unknown_size"] % {"max_filesize": self.max_upload_size_text}
        self.help_text = (
            f"Định dạng: {self.supported_formats_text}; tối đa {self.max_upload_size_text}. "
            "Ảnh chụp bằng điện thoại được tự xoay đúng chiều, bỏ thông tin vị trí và thu "
            "nhỏ khi lưu."
        )

    def to_python(self, data):
        try:
            uploaded = super().to_python(data)
        except ValidationError:
            raise
        except Exception as exc:  # noqa: BLE001 -- anything the image library raises
            raise ValidationError(self.error_messages["invalid_image"],
                                  code="invalid_image") from exc
        if uploaded is None:
            return None
        return self._prepared(uploaded)

    def _prepared(self, uploaded):
        # The gate judges the upload as sent: re-encoding would hide what it refuses
        # (a script appended to a JPEG) from the model's own check of the stored file.
        files.check(uploaded, uploaded.name, extensions=settings.WAGTAILIMAGES_EXTENSIONS)
        uploaded.seek(0)
        try:
            result = photos.prepare(uploaded.read())
        except photos.UnreadablePhoto as exc:
            raise ValidationError(self.error_messages["invalid_image"],
                                  code="invalid_image") from exc
        uploaded.seek(0)
        if not result.changed:
            return uploaded
        prepared = SimpleUploadedFile(uploaded.name, result.data,
                                      content_type=uploaded.content_type)
        prepared.image = willow.Image.open(prepared)
        prepared.seek(0)
        return prepared


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and type(field) is WagtailImageField:
            field.__class__ = SafeImageField
            # The class changed after Wagtail's __init__ ran: set its messages now.
            field.localise()
