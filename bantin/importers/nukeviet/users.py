"""Editor accounts (`{prefix}_users` joined with `{prefix}_authors`): usernames, names and
email addresses; the password hash is kept for a single check (`hashers`) or dropped
(`--users reset`: the editor sets a new password through "Quên mật khẩu"). Imported
editors join the unit's editors group; the admin still asks each of them to enrol a
second factor at the first login, as for every account."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from bantin.core import text

from . import hashers
from .articles import title_text
from .state import checksum

KIND = "user"


def import_users(ctx, mode: str) -> None:
    db, report = ctx.db, ctx.report
    users, authors = db.global_table("users"), db.global_table("authors")
    if not db.has(users) or not db.has(authors):
        report.skip(KIND, "*", f"không có bảng {users} hoặc {authors}")
        return
    User = get_user_model()
    unit = getattr(ctx.site, "unit", None)
    validate = UnicodeUsernameValidator()
    rows = db.rows(f"SELECT u.* FROM `{users}` u JOIN `{authors}` a ON a.admin_id = u.userid "
                   "ORDER BY u.userid")
    for row in rows:
        userid = int(row["userid"])
        username = text.nfc(str(row.get("username") or "")).strip()[:150]
        try:
            validate(username)
        except ValidationError:
            report.skip(KIND, userid, f"tên đăng nhập không dùng được: {username!r}")
            continue
        digest = checksum(row, mode)
        existing_id = ctx.state.object_id(KIND, userid)
        if existing_id and ctx.state.unchanged(KIND, userid, digest):
            report.count(KIND, "unchanged")
            continue
        if ctx.dry_run:
            report.count(KIND, "would_update" if existing_id else "would_create")
            continue
        try:
            with transaction.atomic():
                user = (User.objects.filter(pk=existing_id).first() if existing_id else None) \
                    or User.objects.filter(username=username).first()
                created = user is None
                user = user or User(username=username)
                user.first_name = title_text(row.get("first_name"))[:150]
                user.last_name = title_text(row.get("last_name"))[:150]
                user.email = (row.get("email") or "").strip()[:254]
                user.is_active = bool(int(row.get("active") or 0))
                old_hash = row.get("password") or ""
                if created or not user.has_usable_password() \
                        or user.password.startswith("nukeviet$"):
                    # Never undo a password the editor already set here.
                    if mode == "import" and hashers.supported(old_hash):
                        user.password = f"nukeviet${old_hash}"
                    else:
                        if mode == "import":
                            report.partial(KIND, userid, "kiểu mã hóa mật khẩu không hỗ trợ: "
                                                         "cần đặt lại mật khẩu")
                        user.set_unusable_password()
                user.full_clean(exclude=["password"])
                user.save()
                if unit is not None:
                    user.groups.add(unit.editors)
                ctx.state.record(KIND, userid, user, digest)
        except (ValidationError, DatabaseError) as exc:
            ctx.state.forget(KIND, userid)
            report.skip(KIND, userid, f"không lưu được: {exc}")
            continue
        report.count(KIND, "created" if created else "updated")
