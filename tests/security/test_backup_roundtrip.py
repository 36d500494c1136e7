"""`python -m bantin backup` then `python -m bantin restore` into a fresh, empty install
(another database, another MEDIA_ROOT, in another process): every page, document, legal
document and media file comes back with the same checksum. Damaged archives and wrong
passphrases are refused by the checks `restore` makes before it writes anything."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from wagtail.models import Page

from bantin.broadcast.models import Programme, Station
from bantin.core.models import CustomDocument, CustomImage
from bantin.interaction.models import Comment
from bantin.laws.models import DocumentType, IssuingBody, LegalAttachment, LegalDocument
from bantin.news.models import ArticlePage, CategoryPage
from bantin.security.backup import MAGIC, BackupError, iter_digest, unpack_and_verify
from bantin.units.provision import create_unit
from tests.conftest import PortalServer, jpeg_bytes

pytestmark = pytest.mark.django_db
PASSPHRASE = "mật-khẩu sao lưu dài 2026"


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    hub = create_unit("Huyện Sao Lưu", "hub.saoluu.vn").unit
    unit = create_unit("Xã Khôi Phục", "xa.saoluu.vn", "hub.saoluu.vn").unit
    image = CustomImage(title="Ảnh trụ sở", collection=unit.collection)
    image.file = ContentFile(jpeg_bytes(), name="tru-so.jpg")
    image.save()
    news = CategoryPage.objects.child_of(unit.site.root_page).get()
    article = ArticlePage(title="Khánh thành trụ sở mới", slug="khanh-thanh", lead="Sapo",
                          featured_image=image)
    news.add_child(instance=article)
    article.save_revision().publish()
    article.title = "Khánh thành trụ sở mới (bản nháp)"
    article.save_revision()
    document = CustomDocument(title="Kế hoạch năm", collection=unit.collection)
    document.file = ContentFile(b"%PDF-1.4\nke hoach\n%%EOF\n", name="ke-hoach.pdf")
    document.save()
    law = LegalDocument.objects.create(
        site=unit.site, number="12/2026/QĐ-UBND", summary="Quyết định về trụ sở",
        doc_type=DocumentType.objects.create(name="Quyết định"),
        issuer=IssuingBody.objects.create(name="UBND xã"), issued_on="2026-02-03")
    LegalAttachment.objects.create(document=law, file=document, title="Toàn văn")
    law.save_revision().publish()
    Comment.objects.create(page=article, name="Người đọc", text="Chúc mừng xã!")
    station = Station.objects.create(site=unit.site, name="Đài xã")
    programme = Programme.objects.create(station=station, title="Bản tin sáng",
                                         kind=Programme.UPLOAD)
    programme.audio.save("ban-tin.mp3", ContentFile(b"ID3\x03fake-audio-bytes"), save=True)
    return {"hub": hub, "unit": unit, "article": article, "law": law}


def _target(tmp_path):
    workdir = tmp_path / "target"
    workdir.mkdir()
    return PortalServer(workdir)  # only its environment and (on PostgreSQL) its database


def _digest_of(server) -> dict:
    return json.loads(server.shell(
        "import json; from bantin.security.backup import iter_digest; "
        "print(json.dumps(dict(iter_digest())))"))


def _restore(server, archive, *extra):
    return server.manage("restore", str(archive), "--skip-search-index", *extra, check=False)


def test_round_trip_restores_every_page_document_and_file(world, tmp_path):
    archive = tmp_path / "backup.tar.gz.enc"
    passphrase_file = tmp_path / "passphrase"
    passphrase_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    call_command("backup", "--output", str(archive), "--encrypt",
                 "--passphrase-file", str(passphrase_file))
    assert archive.read_bytes().startswith(MAGIC)
    source = dict(iter_digest())
    # the world is really in the comparison
    assert f"page {world['article'].path}" in source
    assert f"legal {world['law'].pk}" in source
    assert any(name.startswith("file broadcast/") for name in source)
    assert any(name.startswith("file original_images/") for name in source)
    assert sum(name.startswith("document ") for name in source) == 1

    server = _target(tmp_path)
    try:
        extra = ["--passphrase-file", str(passphrase_file)]
        result = _restore(server, archive, *extra)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "Đã khôi phục" in result.stdout
        assert "%" in result.stderr  # the progress bar
        assert _digest_of(server) == source
        restored = server.shell(
            "from bantin.news.models import ArticlePage; from wagtail.models import Page;"
            "a = ArticlePage.objects.get(slug='khanh-thanh');"
            "print(a.title, a.featured_image.title, a.get_latest_revision().content['title'],"
            " Page.find_problems() == ([], [], [], [], []))")
        assert restored == ("Khánh thành trụ sở mới Ảnh trụ sở Khánh thành trụ sở mới "
                            "(bản nháp) True")
        # A second restore into the now non-empty install is refused.
        again = _restore(server, archive, *extra)
        assert again.returncode != 0 and "không trống" in again.stderr
    finally:
        server.stop()


def test_plain_archive_holds_database_media_and_manifest(world, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive))
    verified = unpack_and_verify(archive, _folder(tmp_path), None)
    manifest = verified.manifest
    media = Path(settings.MEDIA_ROOT)
    on_disk = {"media/" + p.relative_to(media).as_posix() for p in media.rglob("*")
               if p.is_file()}
    assert on_disk and on_disk | {"db/types.json", "db/data.json"} == set(manifest["files"])
    assert manifest["counts"]["laws.legaldocument"] == 1
    assert manifest["counts"]["wagtailcore.page"] == Page.objects.count()
    assert "sessions.session" not in manifest["counts"]
    assert ["security", "0001_initial"] in manifest["migrations"]
    rows = json.loads((verified.folder / "db/data.json").read_text())
    revision = next(r for r in rows if r["model"] == "wagtailcore.revision")
    assert len(revision["fields"]["created_at"]) > 24  # microseconds kept


def _folder(tmp_path):
    folder = tmp_path / f"unpacked-{len(list(tmp_path.glob('unpacked-*')))}"
    folder.mkdir()
    return folder


def test_damaged_archives_and_wrong_passphrases_are_refused(world, tmp_path):
    passphrase_file = tmp_path / "passphrase"
    passphrase_file.write_text(PASSPHRASE, encoding="utf-8")
    plain, sealed = tmp_path / "plain.tar.gz", tmp_path / "sealed.enc"
    call_command("backup", "--output", str(plain))
    call_command("backup", "--output", str(sealed), "--encrypt",
                 "--passphrase-file", str(passphrase_file))
    # a media file changed inside a valid tar.gz: its checksum no longer matches
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(plain) as src, tarfile.open(tampered, "w:gz") as out:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("media/broadcast/"):
                data = data + b"!"
                member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    flipped = tmp_path / "flipped.enc"
    data = bytearray(sealed.read_bytes())
    data[len(data) // 2] ^= 1
    flipped.write_bytes(bytes(data))
    cut = tmp_path / "cut.enc"
    cut.write_bytes(sealed.read_bytes()[:-200])

    cases = [
        (tampered, None, "không toàn vẹn"),
        (flipped, PASSPHRASE.encode(), "Sai mật khẩu"),
        (cut, PASSPHRASE.encode(), "Sai mật khẩu"),
        (sealed, "không phải mật khẩu này".encode(), "Sai mật khẩu"),
        (sealed, None, "cần mật khẩu"),
    ]
    for archive, passphrase, message in cases:
        folder = _folder(tmp_path)
        with pytest.raises(BackupError, match=message):
            unpack_and_verify(archive, folder, passphrase)
    # the intact ones pass the same checks
    assert unpack_and_verify(plain, _folder(tmp_path), None).manifest["files"]
    assert unpack_and_verify(sealed, _folder(tmp_path), PASSPHRASE.encode()).manifest["files"]


def test_backup_refuses_encryption_without_passphrase(world, tmp_path, monkeypatch):
    monkeypatch.delenv("BANTIN_BACKUP_PASSPHRASE", raising=False)
    target = tmp_path / "x.enc"
    with pytest.raises(CommandError, match="cần mật khẩu"):
        call_command("backup", "--output", str(target), "--encrypt")
    assert not target.exists()
    assert Page.objects.exists()  # (nothing else touched)
