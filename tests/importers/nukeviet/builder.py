"""A NukeViet 4.x database as a district or commune portal leaves it: the real column
types, Vietnamese rows written for these tests, and an uploads/ folder.

What it holds is described by the constants below, which the tests check against.
"""

from __future__ import annotations

import base64
import hashlib
import time
import unicodedata
import warnings
from pathlib import Path

from tests.conftest import jpeg_bytes

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import crypt

NOW = int(time.time())
DAY = 86400
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
MEDIUMINT_MAX = 16777215
PASSWORD = "Mật-khẩu-cũ-2019"
TOTAL_VISITS = 9876543


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def ssha(password: str, algo, size: int, prefix: str, salt=b"a1b2") -> str:
    return prefix + base64.b64encode(algo(password.encode() + salt).digest() + salt).decode()


def plain_hash(password: str, algo, prefix: str) -> str:
    return prefix + base64.b64encode(algo(password.encode()).digest()).decode()


USERS = {  # username -> stored hash (all of PASSWORD)
    "bientap.ssha": ssha(PASSWORD, hashlib.sha1, 20, "{SSHA}"),
    "bientap.ssha256": ssha(PASSWORD, hashlib.sha256, 32, "{SSHA256}"),
    "bientap.ssha512": ssha(PASSWORD, hashlib.sha512, 64, "{SSHA512}"),
    "bientap.sha": plain_hash(PASSWORD, hashlib.sha1, "{SHA}"),
    "bientap.md5": plain_hash(PASSWORD, hashlib.md5, "{MD5}"),
    "bientap.crypt": crypt.crypt(PASSWORD, "$2y$05$" + "QuanTriXaPhucKhoa2019u"),
    "bientap.sha512crypt": crypt.crypt(PASSWORD, "$6$XaPhucKhoa$"),
    "bientap.cu": "9f2c1e0b7d6a5e4f3c2b1a0998877665544332211",  # NukeViet 3's keyed hash
}

SCHEMA = """
CREATE TABLE {p}_vi_modules (
  title varchar(50) NOT NULL, module_file varchar(50) NOT NULL DEFAULT '',
  module_data varchar(50) NOT NULL DEFAULT '', module_upload varchar(50) NOT NULL DEFAULT '',
  module_theme varchar(50) NOT NULL DEFAULT '', custom_title varchar(255) NOT NULL,
  admin_title varchar(255) NOT NULL DEFAULT '', set_time int(11) unsigned NOT NULL DEFAULT 0,
  main_file tinyint(1) unsigned NOT NULL DEFAULT 0, admin_file tinyint(1) unsigned NOT NULL DEFAULT 0,
  theme varchar(100) DEFAULT '', mobile varchar(100) DEFAULT '', description varchar(255) DEFAULT '',
  keywords text, groups_view varchar(255) NOT NULL, weight tinyint(3) unsigned NOT NULL DEFAULT 1,
  act tinyint(1) unsigned NOT NULL DEFAULT 0, admins varchar(4000) DEFAULT '',
  rss tinyint(4) NOT NULL DEFAULT 1, sitemap tinyint(4) NOT NULL DEFAULT 1,
  PRIMARY KEY (title)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {p}_vi_comment (
  cid mediumint(8) unsigned NOT NULL AUTO_INCREMENT, module varchar(50) NOT NULL,
  area int(11) NOT NULL DEFAULT 0, id mediumint(8) unsigned NOT NULL DEFAULT 0,
  pid mediumint(8) unsigned NOT NULL DEFAULT 0, content text NOT NULL,
  attach varchar(255) NOT NULL DEFAULT '', post_time int(11) unsigned NOT NULL DEFAULT 0,
  userid mediumint(8) unsigned NOT NULL DEFAULT 0, post_name varchar(100) NOT NULL,
  post_email varchar(100) NOT NULL, post_ip varchar(39) NOT NULL DEFAULT '',
  status tinyint(1) unsigned NOT NULL DEFAULT 0, likes mediumint(9) NOT NULL DEFAULT 0,
  dislikes mediumint(9) NOT NULL DEFAULT 0, PRIMARY KEY (cid)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {p}_counter (
  c_type varchar(100) NOT NULL, c_val varchar(100) NOT NULL,
  last_update int(11) NOT NULL DEFAULT 0, c_count int(11) unsigned NOT NULL DEFAULT 0,
  vi_count int(11) unsigned NOT NULL DEFAULT 0, UNIQUE KEY c_type (c_type, c_val)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {p}_users (
  userid mediumint(8) unsigned NOT NULL AUTO_INCREMENT, group_id smallint(5) unsigned NOT NULL DEFAULT 0,
  username varchar(100) NOT NULL, md5username char(32) NOT NULL DEFAULT '',
  password varchar(150) NOT NULL DEFAULT '', email varchar(100) NOT NULL DEFAULT '',
  first_name varchar(100) NOT NULL DEFAULT '', last_name varchar(100) NOT NULL DEFAULT '',
  gender char(1) DEFAULT '', photo varchar(255) DEFAULT '', birthday int(11) NOT NULL DEFAULT 0,
  regdate int(11) NOT NULL DEFAULT 0, question varchar(255) NOT NULL DEFAULT '',
  answer varchar(255) NOT NULL DEFAULT '', passlostkey varchar(50) DEFAULT '',
  view_mail tinyint(1) unsigned NOT NULL DEFAULT 0, remember tinyint(1) unsigned NOT NULL DEFAULT 0,
  in_groups varchar(255) DEFAULT '', active tinyint(1) unsigned NOT NULL DEFAULT 0,
  active2step tinyint(1) unsigned NOT NULL DEFAULT 0, secretkey varchar(20) DEFAULT '',
  checknum varchar(40) DEFAULT '', last_login int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (userid), UNIQUE KEY username (username)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {p}_authors (
  admin_id mediumint(8) unsigned NOT NULL, editor varchar(100) DEFAULT '',
  lev tinyint(1) unsigned NOT NULL DEFAULT 0, files_level varchar(255) DEFAULT '',
  position varchar(255) NOT NULL, addtime int(11) NOT NULL DEFAULT 0,
  edittime int(11) NOT NULL DEFAULT 0, is_suspend tinyint(1) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (admin_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
"""

NEWS_SCHEMA = """
CREATE TABLE {t}_cat (
  catid smallint(5) unsigned NOT NULL AUTO_INCREMENT, parentid smallint(5) unsigned NOT NULL DEFAULT 0,
  title varchar(250) NOT NULL, titlesite varchar(250) DEFAULT '', alias varchar(250) NOT NULL DEFAULT '',
  description text, descriptionhtml text, image varchar(255) DEFAULT '',
  viewdescription tinyint(2) NOT NULL DEFAULT 0, weight smallint(5) unsigned NOT NULL DEFAULT 0,
  sort smallint(5) NOT NULL DEFAULT 0, lev smallint(5) NOT NULL DEFAULT 0,
  viewcat varchar(50) NOT NULL DEFAULT 'viewcat_page_new', numsubcat smallint(5) NOT NULL DEFAULT 0,
  subcatid varchar(255) DEFAULT '', numlinks tinyint(2) unsigned NOT NULL DEFAULT 3,
  newday tinyint(2) unsigned NOT NULL DEFAULT 2, featured int(11) NOT NULL DEFAULT 0,
  ad_block_cat varchar(255) NOT NULL DEFAULT '', keywords text, admins text,
  add_time int(11) unsigned NOT NULL DEFAULT 0, edit_time int(11) unsigned NOT NULL DEFAULT 0,
  groups_view varchar(255) DEFAULT '', status smallint(4) NOT NULL DEFAULT 1,
  PRIMARY KEY (catid), UNIQUE KEY alias (alias)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {t}_rows (
  id int(11) unsigned NOT NULL AUTO_INCREMENT, catid smallint(5) unsigned NOT NULL DEFAULT 0,
  listcatid varchar(255) NOT NULL DEFAULT '', topicid smallint(5) unsigned NOT NULL DEFAULT 0,
  admin_id mediumint(8) unsigned NOT NULL DEFAULT 0, author varchar(250) DEFAULT '',
  sourceid mediumint(8) NOT NULL DEFAULT 0, addtime int(11) unsigned NOT NULL DEFAULT 0,
  edittime int(11) unsigned NOT NULL DEFAULT 0, status tinyint(4) NOT NULL DEFAULT 1,
  weight int(11) NOT NULL DEFAULT 0, publtime int(11) unsigned NOT NULL DEFAULT 0,
  exptime int(11) unsigned NOT NULL DEFAULT 0, archive tinyint(1) unsigned NOT NULL DEFAULT 0,
  title varchar(250) NOT NULL DEFAULT '', alias varchar(250) NOT NULL DEFAULT '',
  hometext text NOT NULL, homeimgfile varchar(255) DEFAULT '', homeimgalt varchar(255) DEFAULT '',
  homeimgthumb tinyint(4) NOT NULL DEFAULT 0, inhome tinyint(1) unsigned NOT NULL DEFAULT 0,
  allowed_comm varchar(255) DEFAULT '', allowed_rating tinyint(1) unsigned NOT NULL DEFAULT 0,
  external_link tinyint(1) unsigned NOT NULL DEFAULT 0,
  hitstotal mediumint(8) unsigned NOT NULL DEFAULT 0, hitscm mediumint(8) unsigned NOT NULL DEFAULT 0,
  total_rating int(11) NOT NULL DEFAULT 0, click_rating int(11) NOT NULL DEFAULT 0,
  instant_active tinyint(1) NOT NULL DEFAULT 0, instant_template varchar(100) NOT NULL DEFAULT '',
  instant_creatauto tinyint(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (id), KEY catid (catid)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {t}_sources (
  sourceid mediumint(8) unsigned NOT NULL AUTO_INCREMENT, title varchar(250) NOT NULL DEFAULT '',
  link varchar(255) DEFAULT '', logo varchar(255) DEFAULT '', weight mediumint(8) unsigned NOT NULL DEFAULT 0,
  add_time int(11) unsigned NOT NULL DEFAULT 0, edit_time int(11) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY (sourceid)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {t}_topics (
  topicid smallint(5) unsigned NOT NULL AUTO_INCREMENT, title varchar(250) NOT NULL DEFAULT '',
  alias varchar(250) NOT NULL DEFAULT '', image varchar(255) DEFAULT '', description varchar(255) DEFAULT '',
  weight smallint(5) NOT NULL DEFAULT 0, keywords text, add_time int(11) NOT NULL DEFAULT 0,
  edit_time int(11) NOT NULL DEFAULT 0, PRIMARY KEY (topicid)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {t}_block_cat (
  bid smallint(5) unsigned NOT NULL AUTO_INCREMENT, adddefault tinyint(4) NOT NULL DEFAULT 0,
  numbers smallint(5) NOT NULL DEFAULT 10, title varchar(250) NOT NULL DEFAULT '',
  alias varchar(250) NOT NULL DEFAULT '', image varchar(255) DEFAULT '', description varchar(255) DEFAULT '',
  weight smallint(5) NOT NULL DEFAULT 0, keywords text, add_time int(11) NOT NULL DEFAULT 0,
  edit_time int(11) NOT NULL DEFAULT 0, PRIMARY KEY (bid)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {t}_block (
  bid smallint(5) unsigned NOT NULL, id int(11) unsigned NOT NULL, weight int(11) unsigned NOT NULL,
  UNIQUE KEY bid (bid, id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {t}_tags (
  tid mediumint(8) unsigned NOT NULL AUTO_INCREMENT, numnews mediumint(8) NOT NULL DEFAULT 0,
  title varchar(250) NOT NULL DEFAULT '', alias varchar(250) NOT NULL DEFAULT '',
  image varchar(255) DEFAULT '', description text, keywords varchar(255) DEFAULT '',
  PRIMARY KEY (tid)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {t}_tags_id (
  id int(11) NOT NULL, tid mediumint(9) NOT NULL, keyword varchar(65) NOT NULL,
  UNIQUE KEY id_tid (id, tid)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {t}_author (
  id int(11) unsigned NOT NULL AUTO_INCREMENT, uid int(11) unsigned NOT NULL,
  alias varchar(100) NOT NULL DEFAULT '', pseudonym varchar(100) NOT NULL DEFAULT '',
  image varchar(255) DEFAULT '', description text, add_time int(11) unsigned NOT NULL DEFAULT 0,
  edit_time int(11) unsigned NOT NULL DEFAULT 0, active tinyint(1) unsigned NOT NULL DEFAULT 1,
  numnews mediumint(8) unsigned NOT NULL DEFAULT 0, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {t}_authorlist (
  id int(11) NOT NULL, aid mediumint(8) NOT NULL, alias varchar(100) NOT NULL DEFAULT '',
  pseudonym varchar(100) NOT NULL DEFAULT '', UNIQUE KEY id_aid (id, aid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
"""

DETAIL_SCHEMA = """
CREATE TABLE {t}_detail (
  id int(11) unsigned NOT NULL, titlesite varchar(255) NOT NULL DEFAULT '',
  description text NOT NULL, bodyhtml longtext NOT NULL, keywords varchar(255) DEFAULT '',
  sourcetext varchar(255) DEFAULT '', files text, imgposition tinyint(1) NOT NULL DEFAULT 1,
  layout_func varchar(100) DEFAULT '', copyright tinyint(1) NOT NULL DEFAULT 0,
  allowed_send tinyint(1) NOT NULL DEFAULT 0, allowed_print tinyint(1) NOT NULL DEFAULT 0,
  allowed_save tinyint(1) NOT NULL DEFAULT 0, auto_nav tinyint(1) NOT NULL DEFAULT 0,
  group_view varchar(255) DEFAULT '', localization text, related_ids varchar(255) NOT NULL DEFAULT '',
  related_pos tinyint(1) NOT NULL DEFAULT 2, schema_type varchar(20) NOT NULL DEFAULT 'newsarticle',
  voicedata text, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
"""

OLD_BODY_SCHEMA = """
CREATE TABLE {t}_bodyhtml_{n} (
  id int(11) unsigned NOT NULL, bodyhtml longtext NOT NULL, sourcetext varchar(255) NOT NULL DEFAULT '',
  imgposition tinyint(1) NOT NULL DEFAULT 1, copyright tinyint(1) NOT NULL DEFAULT 0,
  allowed_send tinyint(1) NOT NULL DEFAULT 0, allowed_print tinyint(1) NOT NULL DEFAULT 0,
  allowed_save tinyint(1) NOT NULL DEFAULT 0, gid mediumint(9) NOT NULL DEFAULT 0,
  PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
"""

LAWS_SCHEMA = """
CREATE TABLE {t}_cat (
  id smallint(4) NOT NULL AUTO_INCREMENT, parentid smallint(4) NOT NULL DEFAULT 0,
  alias varchar(250) NOT NULL DEFAULT '', title varchar(250) NOT NULL DEFAULT '',
  introduction mediumtext, keywords varchar(255) DEFAULT '', newday tinyint(2) NOT NULL DEFAULT 5,
  addtime int(11) NOT NULL DEFAULT 0, weight smallint(4) NOT NULL DEFAULT 0,
  PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {t}_subject (
  id smallint(4) NOT NULL AUTO_INCREMENT, alias varchar(250) NOT NULL DEFAULT '',
  title varchar(250) NOT NULL DEFAULT '', introduction mediumtext, keywords varchar(255) DEFAULT '',
  numcount int(10) NOT NULL DEFAULT 0, numlink tinyint(2) NOT NULL DEFAULT 5,
  addtime int(11) NOT NULL DEFAULT 0, weight smallint(4) NOT NULL DEFAULT 0,
  PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {t}_signer (
  id smallint(4) NOT NULL AUTO_INCREMENT, title varchar(250) NOT NULL DEFAULT '',
  offices varchar(250) DEFAULT '', positions varchar(250) DEFAULT '',
  addtime int(11) NOT NULL DEFAULT 0, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {t}_area (
  id smallint(4) NOT NULL AUTO_INCREMENT, parentid smallint(4) NOT NULL DEFAULT 0,
  alias varchar(250) NOT NULL DEFAULT '', title varchar(250) NOT NULL DEFAULT '',
  introduction mediumtext, keywords varchar(255) DEFAULT '', addtime int(11) NOT NULL DEFAULT 0,
  weight smallint(4) NOT NULL DEFAULT 0, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {t}_row (
  id int(10) unsigned NOT NULL AUTO_INCREMENT, replacement varchar(255) NOT NULL DEFAULT '',
  relatement varchar(255) NOT NULL DEFAULT '', title varchar(255) NOT NULL,
  alias varchar(255) NOT NULL, code varchar(50) NOT NULL, cid smallint(4) NOT NULL,
  sid smallint(4) NOT NULL, eid smallint(4) NOT NULL DEFAULT 0, sgid smallint(4) NOT NULL DEFAULT 0,
  note text, introtext text NOT NULL, bodytext mediumtext, area_ids varchar(255) NOT NULL DEFAULT '',
  keywords varchar(255) DEFAULT '', groups_view varchar(255) NOT NULL DEFAULT '6',
  groups_download varchar(255) NOT NULL DEFAULT '6', files text, status tinyint(1) NOT NULL DEFAULT 1,
  approval tinyint(1) NOT NULL DEFAULT 1, addtime int(11) NOT NULL DEFAULT 0,
  edittime int(11) NOT NULL DEFAULT 0, publtime int(11) NOT NULL DEFAULT 0,
  start_comm_time int(11) NOT NULL DEFAULT 0, end_comm_time int(11) NOT NULL DEFAULT 0,
  startvalid int(11) NOT NULL DEFAULT 0, exptime int(11) NOT NULL DEFAULT 0,
  view_hits int(10) NOT NULL DEFAULT 0, download_hits int(10) NOT NULL DEFAULT 0,
  admin_add int(11) NOT NULL DEFAULT 0, admin_edit int(11) NOT NULL DEFAULT 0,
  PRIMARY KEY (id), UNIQUE KEY alias (alias)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {t}_row_area (
  row_id int(10) unsigned NOT NULL, area_id smallint(4) unsigned NOT NULL,
  UNIQUE KEY alias (row_id, area_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE {t}_set_replace (
  oid int(10) unsigned NOT NULL, nid int(10) unsigned NOT NULL,
  UNIQUE KEY oid (oid, nid)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
"""

HUGE_BODY = "<p>" + ("Nhân dân xã Phúc Khoa chung tay xây dựng nông thôn mới. " * 6000) + "</p>"


def _insert(cur, table: str, rows: list[dict]) -> None:
    for row in rows:
        columns = ", ".join(f"`{c}`" for c in row)
        marks = ", ".join(["%s"] * len(row))
        cur.execute(f"INSERT INTO `{table}` ({columns}) VALUES ({marks})", list(row.values()))


def _script(cur, sql: str) -> None:
    for statement in sql.split(";"):
        if statement.strip():
            cur.execute(statement)


def article(id, catid, title, alias, status=1, publtime=None, **extra) -> dict:
    row = {"id": id, "catid": catid, "listcatid": str(catid), "title": title, "alias": alias,
           "status": status, "addtime": NOW - 30 * DAY, "edittime": NOW - 29 * DAY,
           "publtime": NOW - 30 * DAY if publtime is None else publtime,
           "hometext": "", "allowed_comm": "4", "allowed_rating": 1}
    row.update(extra)
    return row


NEWS_ROWS = [
    article(1, 2, "Bộ GD&amp;ĐT hướng dẫn tuyển sinh lớp 10 năm học 2024&#x2013;2025",
            "bo-gd-dt-huong-dan-tuyen-sinh-lop-10", listcatid="2,3", topicid=1, sourceid=1,
            author="Phòng Văn hóa", hometext="Thông tin &quot;mới nhất&quot; về kỳ thi.",
            homeimgfile="2024_05/tuyen-sinh.jpg", homeimgalt="Thí sinh dự thi",
            homeimgthumb=1, hitstotal=MEDIUMINT_MAX, hitscm=2, total_rating=45,
            click_rating=10),
    article(2, 3, nfd("Xã hoà bình tổ chức lễ hội văn hoá dân gian"), "xa-hoa-binh-to-chuc-le-hoi",
            homeimgfile="2023_01/khong-co.jpg", homeimgthumb=1, hitstotal=321),
    article(3, 2, "Lịch tiếp công dân tháng tới", "lich-tiep-cong-dan", status=2,
            publtime=NOW + 10 * DAY),
    article(4, 2, "Thông báo nghỉ lễ đã hết hạn", "thong-bao-nghi-le", status=3,
            exptime=NOW - 2 * DAY),
    article(5, 2, "Bản nháp: kế hoạch chuyển đổi số", "ban-nhap-chuyen-doi-so", status=4),
    article(6, 1, "Báo cáo tổng kết năm (bản đầy đủ)", "bao-cao-tong-ket-nam", hitstotal=7),
    article(7, 99, "Tin trong chuyên mục đã xóa", "tin-chuyen-muc-da-xoa"),
    article(8, 1, "Tuyển dụng viên chức năm nay", "tuyen-dung-vien-chuc",
            exptime=NOW + 60 * DAY, homeimgfile="/uploads/news/2024_05/hinh-2.png",
            homeimgthumb=2),
]
NEWS_DETAIL = [
    {"id": 1, "description": "", "sourcetext": "https://moet.gov.vn/tuyen-sinh",
     "files": "2024_05/ke-hoach.pdf",
     "bodyhtml": ('<p>Kỳ thi diễn ra trong <strong>hai ngày</strong>.</p>'
                  '<p><img src="/uploads/news/2024_05/hinh-1.jpg" alt="Phòng thi"></p>'
                  '<p><img src="http://phuckhoa.gov.vn/uploads/news/2024_05/hinh-2.png"></p>'
                  '<p><a href="uploads/news/2024_05/ke-hoach.pdf">Tải kế hoạch</a></p>')},
    {"id": 2, "description": "", "files": "2023_01/mat-tep.pdf",
     "bodyhtml": (nfd("<p>Lễ hội thu hút đông đảo người dân tham gia.</p>")
                  + "<script>alert('xss')</script><p onclick=\"steal()\">Ảnh: "
                  '<img src="/uploads/news/2023_01/mat-anh.jpg"></p>')},
    {"id": 3, "description": "", "bodyhtml": "<p>Lịch tiếp công dân của lãnh đạo xã.</p>"
                                             '<p><img src="https://anh.example.org/lich.jpg"></p>'},
    {"id": 4, "description": "", "bodyhtml": "<p>Nghỉ lễ từ ngày 30/4 đến hết ngày 1/5.</p>"},
    {"id": 5, "description": "", "bodyhtml": "<p>Đang soạn.</p>"},
    {"id": 6, "description": "", "bodyhtml": HUGE_BODY},
    {"id": 7, "description": "", "bodyhtml": "<p>Không có chuyên mục.</p>"},
    {"id": 8, "description": "", "bodyhtml": "<p>Hạn nộp hồ sơ trong 60 ngày.</p>"},
]
NEWS_CATS = [
    {"catid": 1, "parentid": 0, "title": "Tin tức &amp; Sự kiện", "alias": "tin-tuc", "lev": 0,
     "weight": 1, "status": 1, "groups_view": "6"},
    {"catid": 2, "parentid": 1, "title": "Giáo dục", "alias": "giao-duc", "lev": 1,
     "weight": 1, "status": 1, "groups_view": "6"},
    {"catid": 3, "parentid": 0, "title": nfd("Văn hoá - Xã hội"), "alias": "van-hoa-xa-hoi",
     "lev": 0, "weight": 2, "status": 1},
    {"catid": 4, "parentid": 0, "title": "Lưu trữ", "alias": "luu-tru", "lev": 0,
     "weight": 3, "status": 0},
    {"catid": 5, "parentid": 0, "title": "Tài liệu nội bộ", "alias": "tai-lieu-noi-bo",
     "lev": 0, "weight": 4, "status": 1, "groups_view": "4"},
]
NOTICE_ROWS = [
    article(1, 1, "Thông báo lịch tiêm chủng mở rộng", "thong-bao-lich-tiem-chung",
            hitstotal=55),
    article(2001, 1, "Thông báo thu thuế đất phi nông nghiệp", "thong-bao-thu-thue-dat",
            hitstotal=66),
]
COMMENTS = [
    {"cid": 1, "module": "news", "id": 1, "pid": 0, "content": "Thông tin rất hữu ích, cảm ơn!",
     "post_name": "Nguyễn Văn Bình", "post_email": "binh@example.com", "status": 1,
     "post_time": NOW - 20 * DAY},
    {"cid": 2, "module": "news", "id": 1, "pid": 1,
     "content": "<script>alert('x')</script>Đồng ý với &quot;bác&quot; Bình",
     "post_name": "Trần Thị Hoa", "post_email": "", "status": 1, "post_time": NOW - 19 * DAY},
    {"cid": 3, "module": "news", "id": 1, "pid": 0, "content": "Quảng cáo chờ duyệt",
     "post_name": "Spam", "post_email": "", "status": 0, "post_time": NOW - 18 * DAY},
    {"cid": 4, "module": "thong-bao", "id": 1, "pid": 0, "content": "Lịch tiêm ở đâu ạ?",
     "post_name": "Lê Văn Cường", "post_email": "", "status": 1, "post_time": NOW - 10 * DAY},
]
LAW_ROWS = [
    {"id": 1, "title": "Quyết định về quy chế làm việc", "alias": "quyet-dinh-12-2020",
     "code": "12/2020/QĐ-UBND", "cid": 1, "sid": 1, "sgid": 1, "introtext":
     "Ban hành quy chế làm việc của Ủy ban nhân dân xã", "files": "2020/qd-12.pdf",
     "bodytext": '<p>Điều 1. Ban hành quy chế.</p><p><img src="/uploads/vanban/2020/so-do.jpg" '
                 'alt="Sơ đồ tổ chức"></p>',
     "publtime": NOW - 1500 * DAY, "startvalid": NOW - 1490 * DAY, "view_hits": 120,
     "download_hits": 30, "area_ids": "1", "status": 1},
    {"id": 2, "title": "Quyết định thay thế quy chế làm việc", "alias": "quyet-dinh-05-2024",
     "code": "05/2024/QĐ-UBND", "cid": 1, "sid": 1, "sgid": 1, "replacement": "1",
     "relatement": "3", "introtext": "Quy chế làm việc mới của Ủy ban nhân dân xã",
     "files": "2024/qd-05.pdf,2024/mat-phu-luc.pdf", "publtime": NOW - 200 * DAY,
     "view_hits": 77, "download_hits": 5, "status": 1},
    {"id": 3, "title": "Dự thảo quy định quản lý chợ", "alias": "du-thao-quan-ly-cho",
     "code": "DT-01/2026", "cid": 2, "sid": 1, "introtext": "Dự thảo quy định quản lý chợ xã",
     "publtime": NOW - 5 * DAY, "start_comm_time": NOW - 5 * DAY,
     "end_comm_time": NOW + 25 * DAY, "status": 1},
    {"id": 4, "title": "Văn bản thiếu số hiệu", "alias": "van-ban-thieu-so-hieu", "code": "",
     "cid": 1, "sid": 1, "introtext": "Thiếu số hiệu", "publtime": NOW - 50 * DAY,
     "status": 1},    {"id": 5, "title": "Kế hoạch kiểm tra nội bộ", "alias": "ke-hoach-kiem-tra-noi-bo",
     "code": "07/KH-UBND", "cid": 1, "sid": 1, "introtext": "Kế hoạch kiểm tra nội bộ năm",
     "publtime": NOW - 30 * DAY, "groups_view": "6", "groups_download": "3,4", "status": 1},
]


def build(conn, uploads: Path, prefix: str = "nv4") -> None:
    """Create the NukeViet tables and rows in `conn`'s database and the files in `uploads`."""
    p = prefix
    news_dir, notice_dir, laws_dir = uploads / "news", uploads / "thongbao", uploads / "vanban"
    for d in (news_dir / "2024_05", notice_dir, laws_dir / "2020", laws_dir / "2024"):
        d.mkdir(parents=True, exist_ok=True)
    (news_dir / "2024_05" / "tuyen-sinh.jpg").write_bytes(jpeg_bytes(color=(200, 30, 30)))
    (news_dir / "2024_05" / "hinh-1.jpg").write_bytes(jpeg_bytes(color=(30, 200, 30)))
    (news_dir / "2024_05" / "hinh-2.png").write_bytes(_png())
    (news_dir / "2024_05" / "ke-hoach.pdf").write_bytes(PDF)
    (laws_dir / "2020" / "qd-12.pdf").write_bytes(PDF)
    (laws_dir / "2020" / "so-do.jpg").write_bytes(jpeg_bytes(color=(200, 30, 30)))
    (laws_dir / "2024" / "qd-05.pdf").write_bytes(PDF.replace(b"1.4", b"1.5"))

    with conn.cursor() as cur:
        _script(cur, SCHEMA.format(p=p))
        for data in ("news", "thongbao"):
            _script(cur, NEWS_SCHEMA.format(t=f"{p}_vi_{data}"))
        _script(cur, DETAIL_SCHEMA.format(t=f"{p}_vi_news"))
        for n in (1, 2):
            _script(cur, OLD_BODY_SCHEMA.format(t=f"{p}_vi_thongbao", n=n))
        _script(cur, LAWS_SCHEMA.format(t=f"{p}_vi_vanban"))
        # A per-category copy of _rows, which the import must leave alone.
        cur.execute(f"CREATE TABLE {p}_vi_news_1 LIKE {p}_vi_news_rows")
        _insert(cur, f"{p}_vi_modules", [
            {"title": "news", "module_file": "news", "module_data": "news",
             "module_upload": "news", "custom_title": "Tin tức", "groups_view": "6", "weight": 1},
            {"title": "thong-bao", "module_file": "news", "module_data": "thongbao",
             "module_upload": "thongbao", "custom_title": "Thông báo", "groups_view": "6",
             "weight": 2},
            {"title": "van-ban", "module_file": "laws", "module_data": "vanban",
             "module_upload": "vanban", "custom_title": "Văn bản", "groups_view": "6",
             "weight": 3},
            {"title": "about", "module_file": "page", "module_data": "about",
             "module_upload": "about", "custom_title": "Giới thiệu", "groups_view": "6",
             "weight": 4},
        ])
        t = f"{p}_vi_news"
        _insert(cur, f"{t}_cat", NEWS_CATS)
        _insert(cur, f"{t}_rows", NEWS_ROWS)
        _insert(cur, f"{t}_1", [NEWS_ROWS[5]])
        _insert(cur, f"{t}_detail", NEWS_DETAIL)
        _insert(cur, f"{t}_sources", [{"sourceid": 1, "title": "Bộ Giáo dục &amp; Đào tạo",
                                       "link": "https://moet.gov.vn"}])
        _insert(cur, f"{t}_topics", [{"topicid": 1, "title": "Kỳ thi tuyển sinh",
                                      "alias": "ky-thi-tuyen-sinh"}])
        _insert(cur, f"{t}_block_cat", [{"bid": 1, "title": "Tin nổi bật", "alias": "tin-noi-bat"}])
        _insert(cur, f"{t}_block", [{"bid": 1, "id": 1, "weight": 1}])
        _insert(cur, f"{t}_tags", [{"tid": 1, "title": "tuyển sinh", "alias": "tuyen-sinh"},
                                   {"tid": 2, "title": nfd("giáo dục"), "alias": "giao-duc"}])
        _insert(cur, f"{t}_tags_id", [{"id": 1, "tid": 1, "keyword": "tuyển sinh"},
                                      {"id": 1, "tid": 2, "keyword": "giáo dục"}])
        _insert(cur, f"{t}_author", [{"id": 1, "uid": 1, "alias": "minh-chau",
                                      "pseudonym": "Minh Châu"}])
        _insert(cur, f"{t}_authorlist", [{"id": 1, "aid": 1, "alias": "minh-chau",
                                          "pseudonym": "Minh Châu"}])
        t = f"{p}_vi_thongbao"
        _insert(cur, f"{t}_cat", [{"catid": 1, "parentid": 0, "title": "Thông báo chung",
                                   "alias": "thong-bao-chung", "status": 1}])
        _insert(cur, f"{t}_rows", NOTICE_ROWS)
        _insert(cur, f"{t}_bodyhtml_1", [{"id": 1, "bodyhtml": "<p>Tiêm chủng vào thứ Bảy.</p>"}])
        _insert(cur, f"{t}_bodyhtml_2", [{"id": 2001,
                                          "bodyhtml": "<p>Hạn nộp thuế ngày 31/10.</p>"}])
        _insert(cur, f"{p}_vi_comment", COMMENTS)
        t = f"{p}_vi_vanban"
        _insert(cur, f"{t}_cat", [{"id": 1, "title": "Quyết định", "alias": "quyet-dinh"},
                                  {"id": 2, "title": "Dự thảo", "alias": "du-thao"}])
        _insert(cur, f"{t}_subject", [{"id": 1, "title": "UBND xã Phúc Khoa",
                                       "alias": "ubnd-xa"}])
        _insert(cur, f"{t}_signer", [{"id": 1, "title": "Lò Văn Minh", "offices": "UBND xã",
                                      "positions": "Chủ tịch"}])
        _insert(cur, f"{t}_area", [{"id": 1, "parentid": 0, "title": "Hành chính",
                                    "alias": "hanh-chinh"},
                                   {"id": 2, "parentid": 1, "title": "Tổ chức bộ máy",
                                    "alias": "to-chuc-bo-may"}])
        _insert(cur, f"{t}_row", LAW_ROWS)
        _insert(cur, f"{t}_row_area", [{"row_id": 2, "area_id": 2}])
        _insert(cur, f"{t}_set_replace", [{"oid": 1, "nid": 2}])
        _insert(cur, f"{p}_counter", [
            {"c_type": "total", "c_val": "hits", "c_count": TOTAL_VISITS},
            {"c_type": "year", "c_val": "2026", "c_count": 12345},
            {"c_type": "month", "c_val": "Nov", "c_count": 678},
        ])
        users, authors = [], []
        for n, (username, hashed) in enumerate(USERS.items(), start=1):
            users.append({"userid": n, "username": username, "password": hashed,
                          "email": f"{username}@phuckhoa.gov.vn", "first_name": "Chi",
                          "last_name": f"Nguyễn Thị {n}", "active": 1, "regdate": NOW - 900 * DAY})
            authors.append({"admin_id": n, "lev": 3, "position": "Biên tập viên"})
        users.append({"userid": 50, "username": "ban.doc", "password": USERS["bientap.sha"],
                      "email": "bandoc@example.com", "active": 1})
        users.append({"userid": 51, "username": "ten có dấu cách", "password": "",
                      "email": "x@example.com", "active": 1})
        authors.append({"admin_id": 51, "lev": 3, "position": "Biên tập viên"})
        _insert(cur, f"{p}_users", users)
        _insert(cur, f"{p}_authors", authors)
    conn.commit()


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (320, 200), (20, 20, 160)).save(buf, "PNG")
    return buf.getvalue()
