"""Files from the NukeViet uploads folder: images and attachments copied into the unit's
collection, and `/uploads/...` links in bodies rewritten to where the copies are served."""

from __future__ import annotations

import io
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from bantin.core import text
from bantin.importers.body import IMAGE_MARK, marked_image_id
from bantin.importers.files import store_image
from bantin.laws.importing import Attachment, RowError, check_content, max_upload_bytes, store_file
from bantin.units import access

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp"}
LINK_RE = re.compile(r'(?P<attr>src|href)="(?P<url>[^"]*)"')


class MediaError(ValueError):
    """Why one file did not come over (Vietnamese)."""


class Media:
    def __init__(self, uploads: Path, site):
        self.root = Path(uploads).resolve()
        self.site = site
        self.collection = access.collection_of(site)
        self._done: dict[str, object] = {}
        self._images: dict[int, object] = {}

    # -- finding files ---------------------------------------------------------------------

    def upload_path(self, reference: str) -> str | None:
        """The path below uploads/ that a link or stored name points at, or None when it
        points elsewhere (another site's page, a mail address)."""
        ref = unquote((reference or "").strip()).replace("\\", "/")
        parts = urlsplit(ref)
        path = parts.path
        if "/uploads/" in path:
            return path.split("/uploads/", 1)[1]
        if path.startswith("uploads/"):
            return path[len("uploads/"):]
        return None

    def find(self, below_uploads: str) -> Path:
        candidate = (self.root / below_uploads.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.root):
            raise MediaError(f"đường dẫn ra ngoài thư mục uploads: {below_uploads}")
        if not candidate.is_file():
            raise MediaError(f"không tìm thấy tệp uploads/{below_uploads}")
        return candidate

    def module_file(self, module_upload: str, name: str) -> Path:
        """A file stored by name relative to uploads/<module_upload>/ (or with an /uploads/
        path of its own)."""
        below = self.upload_path(name)
        if below is None:
            if urlsplit(name).scheme in ("http", "https"):
                raise MediaError(f"tệp ở địa chỉ ngoài, không sao chép: {name}")
            below = f"{module_upload}/{name.lstrip('/')}"
        return self.find(below)

    # -- storing ---------------------------------------------------------------------------

    def image(self, path: Path, title: str, caption: str = ""):
        key = f"img:{path}"
        if key not in self._done:
            data = path.read_bytes()  # once: checked, hashed and stored from memory
            try:
                with PILImage.open(io.BytesIO(data)) as img:
                    img.verify()
            except (UnidentifiedImageError, OSError, SyntaxError) as exc:
                raise MediaError(f"tệp không phải ảnh hợp lệ: {path.name}") from exc
            self._done[key] = store_image(path, title, text.clean(caption), self.collection,
                                          data=data)
            self._images[self._done[key].pk] = self._done[key]
        return self._done[key]

    def picture(self, src: str, problems: list[str]):
        """The stored image a rewritten body's `src` points at (`rewrite`), else None: the
        picture is then left out of the body. A missing upload was reported by `rewrite`;
        a picture on another site is reported here."""
        image = self._images.get(marked_image_id(src))
        if image is None and self.upload_path(src) is None:
            problems.append(f"ảnh ở địa chỉ ngoài, đã bỏ khỏi nội dung bài: {src}")
        return image

    def document(self, path: Path):
        key = f"doc:{path}"
        if key not in self._done:
            limit = max_upload_bytes()
            if path.stat().st_size > limit:
                raise MediaError(f"tệp quá lớn: {path.name}")
            data = path.read_bytes()
            if not data:
                raise MediaError(f"tệp rỗng: {path.name}")
            name = text.nfc(path.name)
            try:
                check_content(name, data)
            except RowError as exc:
                raise MediaError(str(exc)) from exc
            self._done[key] = store_file(Attachment(name=name, data=data), [], self.site)
        return self._done[key]

    def check(self, path: Path) -> None:
        """What a dry run checks: the file is there (done by `find`) and readable."""
        with path.open("rb"):
            pass

    # -- bodies ----------------------------------------------------------------------------

    def rewrite(self, html: str, title: str, problems: list[str], dry_run: bool = False) -> str:
        """Copy every file an /uploads/ link of `html` points at and point the link at the
        copy (a picture's `src` at the stored image: `#bantin-image-<pk>`, for
        `importers.body`); a missing file is listed in `problems` and its link kept as it
        was."""

        def replace(match: re.Match) -> str:
            url = match.group("url")
            below = self.upload_path(url)
            if below is None:
                return match.group(0)
            try:
                path = self.find(below)
                if dry_run:
                    self.check(path)
                    return match.group(0)
                if path.suffix.lower() in IMAGE_SUFFIXES:
                    image = self.image(path, title)
                    if match.group("attr") == "src":  # an image block or embed (body.py)
                        return f'src="{IMAGE_MARK}{image.pk}"'
                    return f'href="{image.file.url}"'
                document = self.document(path)
            except (MediaError, OSError) as exc:
                problems.append(str(exc))
                return match.group(0)
            if match.group("attr") == "href":
                # A document link of Wagtail's rich text: follows the document if it moves.
                return f'linktype="document" id="{document.pk}"'
            return f'{match.group("attr")}="{document.url}"'

        return LINK_RE.sub(replace, html)


def file_names(value: str) -> list[str]:
    """A NukeViet comma list of files, without blanks or repeats."""
    names = []
    for name in (value or "").split(","):
        name = name.strip()
        if name and name not in names:
            names.append(name)
    return names


def display_name(name: str) -> str:
    return text.nfc(PurePosixPath(unquote(name)).name)[:255]
