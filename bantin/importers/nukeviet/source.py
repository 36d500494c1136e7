"""The NukeViet database: connection from a mysql:// URL and discovery of module instances."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import pymysql
import pymysql.cursors

NAME_RE = re.compile(r"^[A-Za-z0-9_]+$")
BATCH = 500


class SourceError(Exception):
    """The whole import cannot run (bad URL, unreachable server, not a NukeViet database);
    the message is Vietnamese, for the administrator."""


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    user: str
    password: str
    database: str


# NukeViet's groups: 4 members, 5 guests, 6 everyone (`nv_user_in_groups`).
EVERYONE_GROUPS = {"5", "6"}


def visible_to_all(groups: str | None) -> bool:
    """Whether a `groups_view` / `groups_download` value lets any visitor in. A blank value
    (the column's default before an administrator saves the row) counts as everyone."""
    ids = {g.strip() for g in str(groups or "").split(",") if g.strip()}
    return not ids or bool(ids & EVERYONE_GROUPS)


def parse_url(url: str) -> Target:
    """mysql://USER:PASS@HOST[:PORT]/DB (mariadb:// too)."""
    try:
        parts = urlsplit(url or "")
        port = parts.port or 3306
    except ValueError as exc:
        raise SourceError(f"Địa chỉ --database không hợp lệ: {exc}") from exc
    if parts.scheme not in ("mysql", "mariadb"):
        raise SourceError(
            "Địa chỉ --database phải có dạng mysql://TÀI_KHOẢN:MẬT_KHẨU@MÁY[:CỔNG]/CƠ_SỞ_DỮ_LIỆU"
        )
    database = unquote(parts.path.lstrip("/"))
    if not parts.hostname or not database or "/" in database:
        raise SourceError("Địa chỉ --database thiếu tên máy chủ hoặc tên cơ sở dữ liệu.")
    return Target(parts.hostname, port, unquote(parts.username or ""),
                  unquote(parts.password or ""), database)


@dataclass(frozen=True)
class Module:
    """One instance of a module: `title` is its URL name, `data` its table infix."""

    title: str
    file: str
    data: str
    upload: str
    custom_title: str


class Database:
    def __init__(self, url: str, prefix: str = "nv4", lang: str = "vi"):
        for label, value in (("--prefix", prefix), ("--lang", lang)):
            if not NAME_RE.match(value or ""):
                raise SourceError(f"{label} chỉ gồm chữ, số và dấu gạch dưới: {value!r}")
        self.target = parse_url(url)
        self.prefix, self.lang = prefix, lang
        try:
            self.conn = pymysql.connect(
                host=self.target.host, port=self.target.port, user=self.target.user,
                password=self.target.password, database=self.target.database,
                charset="utf8mb4", cursorclass=pymysql.cursors.DictCursor,
                connect_timeout=10, read_timeout=600,
            )
        except pymysql.err.OperationalError as exc:
            code = exc.args[0] if exc.args else 0
            if code == 1045:
                reason = "sai tài khoản hoặc mật khẩu"
            elif code == 1049:
                reason = f"không có cơ sở dữ liệu {self.target.database!r}"
            else:
                reason = "máy chủ không trả lời"
            raise SourceError(
                f"Không kết nối được tới MySQL/MariaDB ở {self.target.host}:{self.target.port} "
                f"({reason}): {exc.args[-1] if exc.args else exc}"
            ) from exc
        with self.conn.cursor() as cur:
            cur.execute("SHOW TABLES")
            self.tables = {next(iter(row.values())) for row in cur.fetchall()}
        if self.table("modules") not in self.tables:
            self.close()
            raise SourceError(
                f"Không thấy bảng {self.table('modules')}: đây không phải cơ sở dữ liệu "
                "NukeViet, hoặc sai tiền tố (--prefix) hay ngôn ngữ (--lang)."
            )

    @property
    def key(self) -> str:
        """Names the source in the import mapping: the same database imports again over
        what it imported before, wherever it is served from (a dump, the live server)."""
        return f"nukeviet:{self.target.database}:{self.prefix}_{self.lang}"

    def table(self, name: str) -> str:
        return f"{self.prefix}_{self.lang}_{name}"

    def global_table(self, name: str) -> str:
        return f"{self.prefix}_{name}"

    def has(self, table: str) -> bool:
        return table in self.tables

    def rows(self, sql: str, params=()) -> list[dict]:
        with self.conn.cursor() as cur:
            cur.execute(sql, params)
            return list(cur.fetchall())

    def batches(self, table: str, key: str = "id", columns: str = "*", where: str = ""):
        """Every row of a table in key order, BATCH rows per query (bounded memory)."""
        last = None
        while True:
            clause = [where] if where else []
            params = []
            if last is not None:
                clause.append(f"`{key}` > %s")
                params.append(last)
            sql = f"SELECT {columns} FROM `{table}`"
            if clause:
                sql += " WHERE " + " AND ".join(f"({c})" for c in clause)
            rows = self.rows(f"{sql} ORDER BY `{key}` LIMIT {BATCH}", params)
            if not rows:
                return
            yield rows
            last = rows[-1][key]

    def count(self, table: str, where: str = "") -> int:
        sql = f"SELECT COUNT(*) AS n FROM `{table}`" + (f" WHERE {where}" if where else "")
        return int(self.rows(sql)[0]["n"])

    def modules(self, kind: str) -> list[Module]:
        """Every instance of a module (`news`, `laws`) whose tables are present."""
        found = []
        rows = self.rows(f"SELECT * FROM `{self.table('modules')}` WHERE module_file = %s",
                         (kind,))
        # The instance named after the module first (its categories go to the site's root),
        # then in menu order; `weight` is missing from some old copies of the table.
        rows.sort(key=lambda r: (r["title"] != kind, int(r.get("weight") or 0), r["title"]))
        for row in rows:
            data = row.get("module_data") or row["title"]
            if not NAME_RE.match(data):
                continue
            module = Module(
                title=row["title"], file=kind, data=data,
                upload=row.get("module_upload") or data,
                custom_title=row.get("custom_title") or row["title"],
            )
            main_table = self.table(f"{data}_rows" if kind == "news" else f"{data}_row")
            if main_table in self.tables:
                found.append(module)
        return found

    def close(self) -> None:
        try:
            self.conn.close()
        except pymysql.err.Error:  # closing a connection the server already dropped
            return
