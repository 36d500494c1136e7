"""Approved comments (`{prefix}_{lang}_comment`, status 1) of a news instance into
interaction's Comment, replies kept under their parent.

Only what a published comment shows comes over: the name and the text. The sender's
email and address stay behind (Decree 13/2023: no purpose here once it is published).
"""

from __future__ import annotations

from django.db import DatabaseError, transaction

from bantin.interaction.models import Comment

from .articles import plain, when
from .state import checksum

MAX_TEXT = Comment._meta.get_field("text").max_length


def import_comments(ctx, module) -> None:
    db, report = ctx.db, ctx.report
    table = db.table("comment")
    if not db.has(table):
        return
    kind, article_kind = f"comment:{module.data}", f"article:{module.data}"
    for batch in db.batches(table, key="cid", where=f"module = {db.conn.escape(module.title)}"):
        for row in batch:
            cid = int(row["cid"])
            if int(row.get("status") or 0) != 1:
                continue  # not approved: stays behind
            page_id = ctx.state.object_id(article_kind, row["id"])
            if page_id is None:
                report.skip(kind, cid, f"bài {row['id']} không được nhập")
                continue
            body = plain(row.get("content"))[:MAX_TEXT]
            if not body:
                report.skip(kind, cid, "bình luận rỗng")
                continue
            parent_id = ctx.state.object_id(kind, row["pid"]) if int(row.get("pid") or 0) else None
            digest = checksum(row.get("content"), row.get("post_name"), page_id, parent_id,
                              row.get("post_time"))
            existing_id = ctx.state.object_id(kind, cid)
            if existing_id and ctx.state.unchanged(kind, cid, digest):
                report.count(kind, "unchanged")
                continue
            if ctx.dry_run:
                report.count(kind, "would_update" if existing_id else "would_create")
                continue
            try:
                with transaction.atomic():
                    comment = Comment.objects.filter(pk=existing_id).first() or Comment()
                    comment.page_id = page_id
                    comment.parent_id = parent_id
                    comment.name = (plain(row.get("post_name")) or "Bạn đọc")[:100]
                    comment.text = body
                    comment.status = Comment.APPROVED
                    comment.save()
                    # Its first revision, as for a comment sent here: "Lịch sử" starts from it.
                    comment.save_revision(clean=False)
                    posted = when(row.get("post_time"))
                    if posted:
                        Comment.objects.filter(pk=comment.pk).update(created_at=posted)
                    ctx.state.record(kind, cid, comment, digest)
            except DatabaseError as exc:
                ctx.state.forget(kind, cid)
                report.skip(kind, cid, f"không lưu được: {exc}")
                continue
            report.count(kind, "updated" if existing_id else "created")
