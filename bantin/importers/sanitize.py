"""HTML from other systems is untrusted: keep structure and links, drop anything active."""

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "span",
    "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "a", "img", "figure",
    "figcaption", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html: str) -> str:
    """Strip scripts, styles, event handlers and javascript:/data: URLs; links get rel=noopener."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "noscript", "template"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
