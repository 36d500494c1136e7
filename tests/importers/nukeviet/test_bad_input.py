"""Bad input to import_nukeviet gives a clear Vietnamese error and loses nothing stored;
`--dump` loads a dump into a temporary MariaDB and removes it afterwards."""

from __future__ import annotations

import gzip
import io
import subprocess
import tempfile
from pathlib import Path

import pymysql
import pytest
from django.core.management import CommandError, call_command

from bantin.importers.models import ImportedObject
from bantin.importers.nukeviet import dump
from bantin.news.models import ArticlePage
from tests.importers.nukeviet.mariadb import PASSWORD, USER

pytestmark = pytest.mark.django_db




def fails(**options) -> str:
    options.setdefault("site", "testserver")
    with pytest.raises(CommandError) as caught:
        call_command("import_nukeviet", stdout=io.StringIO(), stderr=io.StringIO(), **options)
    return str(caught.value)


@pytest.fixture
def stored(hub, make_article):
    """What the portal held before the failing run."""
    make_article(title="Bài viết có sẵn trên cổng")
    return ArticlePage.objects.count()


def unchanged(count: int) -> None:
    assert ArticlePage.objects.count() == count
    assert ArticlePage.objects.filter(title="Bài viết có sẵn trên cổng").exists()
    assert not ImportedObject.objects.exists()


@pytest.mark.parametrize("url, message", [
    ("postgres://u:p@127.0.0.1/db", "phải có dạng mysql://"),
    ("mysql://u:p@127.0.0.1:99999/db", "không hợp lệ"),
    ("mysql://u:p@/db", "thiếu tên máy chủ"),
    ("mysql://u:p@127.0.0.1", "thiếu tên máy chủ hoặc tên cơ sở dữ liệu"),
])
def test_bad_database_url(stored, source, url, message):
    assert message in fails(database=url, uploads=source["uploads"])
    unchanged(stored)


def test_unreachable_host_and_wrong_password(stored, source):
    port = dump.free_port()
    message = fails(database=f"mysql://u:p@127.0.0.1:{port}/nv", uploads=source["uploads"])
    assert f"Không kết nối được tới MySQL/MariaDB ở 127.0.0.1:{port}" in message
    wrong = source["url"].replace(PASSWORD, "sai-mat-khau")
    assert "sai tài khoản hoặc mật khẩu" in fails(database=wrong, uploads=source["uploads"])
    missing = source["server"].url("khong_co_csdl_nay")
    assert "không có cơ sở dữ liệu" in fails(database=missing, uploads=source["uploads"])
    unchanged(stored)


def test_missing_tables(stored, source):
    message = fails(database=source["url"], uploads=source["uploads"], prefix="nv5")
    assert "Không thấy bảng nv5_vi_modules" in message
    assert "--prefix" in fails(database=source["url"], uploads=source["uploads"],
                               prefix="nv4; DROP TABLE x")
    empty = source["server"].create_database("rong")
    with source["server"].connect(empty) as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE nv4_vi_modules (title varchar(50), module_file varchar(50), "
                    "module_data varchar(50), module_upload varchar(50), "
                    "custom_title varchar(255), weight tinyint)")
    message = fails(database=source["server"].url(empty), uploads=source["uploads"])
    assert "Không thấy module tin tức (news) hay văn bản (laws)" in message
    unchanged(stored)


def test_unknown_site_and_missing_uploads(stored, source, tmp_path):
    assert "Không có trang nào với tên miền 'khong-co.gov.vn'" in fails(
        database=source["url"], uploads=source["uploads"], site="khong-co.gov.vn")
    assert "Không thấy thư mục uploads" in fails(
        database=source["url"], uploads=str(tmp_path / "khong-co"))
    unchanged(stored)


def test_bad_dumps(stored, source, tmp_path):
    assert "Không tìm thấy tệp dump" in fails(dump=str(tmp_path / "khong-co.sql"),
                                              uploads=source["uploads"])
    broken = tmp_path / "hong.sql"
    broken.write_text("CREATE TABLE nv4_vi_modules (title varchar(50);\nrác không phải SQL\n",
                      encoding="utf-8")
    assert "Tệp dump hong.sql không nạp được" in fails(dump=str(broken),
                                                         uploads=source["uploads"])
    truncated = tmp_path / "cut.sql.gz"
    whole = gzip.compress("".join(f"SELECT {n * 7919 % 100003};\n" for n in range(20000))
                          .encode())
    truncated.write_bytes(whole[: len(whole) // 2])
    assert "Không đọc được tệp dump cut.sql.gz" in fails(dump=str(truncated),
                                                         uploads=source["uploads"])
    unchanged(stored)


def test_import_from_a_gzipped_dump(hub, source, tmp_path, monkeypatch):
    server = source["server"]
    dumped = subprocess.run(
        ["mariadb-dump", "--no-defaults", "-h127.0.0.1", f"-P{server.port}", f"-u{USER}",
         f"-p{PASSWORD}", "--default-character-set=utf8mb4", source["name"]],
        capture_output=True, check=True)
    path = tmp_path / "nukeviet.sql.gz"
    path.write_bytes(gzip.compress(dumped.stdout))
    # A temporary directory of this test's own (another run of the suite may be importing
    # at the same moment), one the MariaDB server's user can reach, as it can /tmp.
    private = Path(tempfile.mkdtemp(prefix="bantin-test-tmp-"))
    private.chmod(0o755)
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    made = []
    mkdtemp = tempfile.mkdtemp
    monkeypatch.setattr(tempfile, "mkdtemp",
                        lambda *a, **k: made.append(mkdtemp(*a, **k)) or made[-1])
    out = io.StringIO()
    call_command("import_nukeviet", dump=str(path), uploads=source["uploads"],
                 site="testserver", stdout=out, stderr=io.StringIO())
    assert "article:news: tạo mới 7, không nhập 1" in out.getvalue()
    assert ArticlePage.objects.filter(import_key__startswith="nukeviet:").count() == 9
    # The temporary server and its files are gone.
    assert any(Path(m).name.startswith("bantin-nukeviet-") for m in made)
    assert not any(Path(m).exists() for m in made)
    assert not list(private.iterdir())
    private.rmdir()


def test_a_connection_lost_mid_import_keeps_what_was_imported(hub, source, monkeypatch):
    from bantin.importers.nukeviet import comments

    def lost(*args, **kwargs):
        raise pymysql.err.OperationalError(2013, "Lost connection to server during query")

    monkeypatch.setattr(comments, "import_comments", lost)
    monkeypatch.setattr("bantin.importers.nukeviet.run.import_comments", lost)
    message = fails(database=source["url"], uploads=source["uploads"])
    assert "Lỗi khi đọc cơ sở dữ liệu NukeViet" in message and "chạy lại lệnh" in message
    # The first instance's articles were in before the connection went.
    assert ArticlePage.objects.filter(import_key__startswith="nukeviet:news:").count() == 7


def test_temporary_servers_started_at_once_do_not_break_each_other():
    """Each import of a dump starts a MariaDB of its own, and the two test runs import at
    the same moment. MariaDB deletes the temporary tables it finds in its tmpdir when it
    starts: in a shared /tmp those were the other server's, and its installation failed
    ("Unknown table 'mysql.tmp_user_sys'", one start in three when four ran at once)."""
    from concurrent.futures import ThreadPoolExecutor

    from tests import private_service

    def start_and_stop(_) -> str:
        with private_service.running("mariadb", "BANTIN_MARIADB_PORT") as (_, directory):
            return "ok" if (directory / "tmp").is_dir() else "no tmpdir of its own"

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(start_and_stop, range(4)))
    assert outcomes == ["ok"] * 4
