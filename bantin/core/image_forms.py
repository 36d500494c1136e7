"""The admin's image form, with an upload field that answers a broken image with a
form error: Wagtail's own field lets an exception from the image library escape when a
file starts like an image but cannot be read (a truncated GIF, say), which the editor
would see as a server error."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class SafeImageField(WagtailImageField):
    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except Exception as exc:  # noqa: BLE001 -- anything the image library raises
            raise ValidationError(self.error_messages["invalid_image"],
                                  code="invalid_image") from exc


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and type(field) is WagtailImageField:
            field.__class__ = SafeImageField
