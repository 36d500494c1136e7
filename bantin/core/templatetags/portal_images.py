"""Wagtail's image tags (`image`, `srcset_image`, `picture`), remembering their HTML.

Wagtail looks every rendition of a tag up again on each render: for a `picture` of three
formats and three widths that is nine filter specs parsed and nine cache lookups, about
a third of an article page's rendering time. The HTML a tag produces depends only on the
image file, its focal point, the filter specs and the attributes, all of which are part
of the key here, so it is kept in a bounded in-process memory and reused. Replacing an
image's file or moving its focal point changes the key; the `as` form, which hands
renditions to the template, is not remembered.

Use `{% load portal_images %}` instead of `{% load wagtailimages_tags %}`; the syntax is
Wagtail's.
"""

from __future__ import annotations

from django import template
from wagtail.images.templatetags import wagtailimages_tags as wagtail_tags

from bantin.core.content_cache import LRU
from bantin.pagecache import collector

register = template.Library()

#: How many distinct tag outputs each server process keeps.
MAX_ENTRIES = 4000


memory = LRU(MAX_ENTRIES)


def _image_key(image) -> tuple:
    return (
        image.pk,
        image.file.name,
        getattr(image, "file_hash", ""),
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
    )


class _Remembered:
    def render(self, context):
        if self.output_var_name:
            return super().render(context)
        image = self.validate_image(context)
        if not image or image.pk is None:
            return super().render(context)
        attrs = tuple((name, str(value.resolve(context))) for name, value in self.attrs.items())
        key = (type(self).__name__, _image_key(image), tuple(self.filter_specs), attrs)
        html = memory.get(key)
        # The page cache learns which images a page shows, as a rendition lookup tells it.
        collector.tag(f"image:{image.pk}")
        if html is None:
            html = super().render(context)
            memory.set(key, html)
        return html


class ImageNode(_Remembered, wagtail_tags.ImageNode):
    pass


class SrcsetImageNode(_Remembered, wagtail_tags.SrcsetImageNode):
    pass


class PictureNode(_Remembered, wagtail_tags.PictureNode):
    pass


_NODES = {
    wagtail_tags.ImageNode: ImageNode,
    wagtail_tags.SrcsetImageNode: SrcsetImageNode,
    wagtail_tags.PictureNode: PictureNode,
}


def _tag(parser, token):
    node = wagtail_tags.image(parser, token)
    remembered = _NODES[type(node)].__new__(_NODES[type(node)])
    remembered.__dict__.update(node.__dict__)
    return remembered


register.tag("image", _tag)
register.tag("srcset_image", _tag)
register.tag("picture", _tag)
register.simple_tag(wagtail_tags.image_url, name="image_url")
