"""Legal documents of a laws instance (`_row` with `_cat`, `_subject`, `_signer`, `_area`,
`_row_area`, `_set_replace`) into LegalDocument, with files, links and counters."""

from __future__ import annotations

import datetime as dt
import html

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from bantin.audience import counting
from bantin.core import text
from bantin.importers.body import image_embeds
from bantin.importers.sanitize import clean_html
from bantin.laws.importing import _legal_field, _named, _validation_reason
from bantin.laws.models import (
    DocumentLink,
    DocumentType,
    IssuingBody,
    LegalAttachment,
    LegalDocument,
    Relation,
    Signer,
    normalize_number,
)

from . import redirects
from .articles import plain, title_text, when
from .media import MediaError, display_name, file_names
from .source import visible_to_all
from .state import checksum, edited_here


def _ids(value) -> list[int]:
    return [int(v) for v in str(value or "").split(",") if v.strip().isdigit() and int(v) > 0]


def _date(timestamp) -> dt.date | None:
    moment = when(timestamp)
    return timezone.localdate(moment) if moment else None


class LawImporter:
    def __init__(self, ctx, module):
        self.ctx, self.module = ctx, module
        db = ctx.db
        self.kind = f"law:{module.data}"
        t = self.t = lambda name: db.table(f"{module.data}_{name}")  # noqa: E731
        self.table = t("row")

        def titles(name, key="id"):
            if not db.has(t(name)):
                return {}
            return {int(r[key]): r for r in db.rows(f"SELECT * FROM `{t(name)}`")}

        self.types = titles("cat")
        self.issuers = titles("subject")
        self.signers = titles("signer")
        self.areas = titles("area")
        self.row_areas: dict[int, list[int]] = {}
        if db.has(t("row_area")):
            for r in db.rows(f"SELECT row_id, area_id FROM `{t('row_area')}`"):
                self.row_areas.setdefault(int(r["row_id"]), []).append(int(r["area_id"]))
        self.replaced_by: dict[int, list[int]] = {}  # new id -> old ids it replaces
        if db.has(t("set_replace")):
            for r in db.rows(f"SELECT oid, nid FROM `{t('set_replace')}`"):
                self.replaced_by.setdefault(int(r["nid"]), []).append(int(r["oid"]))

    def total(self) -> int:
        return self.ctx.db.count(self.table)

    def _area_path(self, area_id: int) -> list[str]:
        path, seen = [], set()
        while area_id and area_id in self.areas and area_id not in seen:
            seen.add(area_id)
            row = self.areas[area_id]
            path.insert(0, title_text(row["title"])[:255])
            area_id = int(row.get("parentid") or 0)
        return [p for p in path if p]

    def run(self, tick) -> None:
        rows_links: list[tuple[int, dict]] = []
        for batch in self.ctx.db.batches(self.table):
            for row in batch:
                self.one(row)
                rows_links.append((int(row["id"]), {
                    "replaces": sorted(set(_ids(row.get("replacement"))
                                           + self.replaced_by.get(int(row["id"]), []))),
                    "related": _ids(row.get("relatement")),
                }))
                tick()
        if not self.ctx.dry_run:
            self.link(rows_links)

    def one(self, row: dict) -> None:
        ctx, kind, row_id, report = self.ctx, self.kind, int(row["id"]), self.ctx.report
        number = " ".join(text.clean(html.unescape(str(row.get("code") or ""))).split())[:100]
        doc_type = self.types.get(int(row.get("cid") or 0))
        issuer = self.issuers.get(int(row.get("sid") or 0))
        issued = _date(row.get("publtime"))
        problems = []
        if not number:
            problems.append("thiếu số hiệu")
        if doc_type is None:
            problems.append(f"loại văn bản {row.get('cid')} không tồn tại")
        if issuer is None:
            problems.append(f"cơ quan ban hành {row.get('sid')} không tồn tại")
        if issued is None:
            problems.append("thiếu ngày ban hành")
        if problems:
            report.skip(kind, row_id, "; ".join(problems))
            return
        area_ids = list(dict.fromkeys(_ids(row.get("area_ids")) + self.row_areas.get(row_id, [])))
        digest = checksum(row, [self._area_path(a) for a in area_ids],
                          self.signers.get(int(row.get("sgid") or 0)))
        existing_id = ctx.state.object_id(kind, row_id)
        if existing_id and ctx.state.unchanged(kind, row_id, digest):
            report.count(kind, "unchanged")
            return
        if existing_id and not ctx.overwrite_edits and edited_here(
                LegalDocument.objects.filter(pk=existing_id).first()):
            report.kept(kind, row_id)
            return
        if ctx.dry_run:
            for name in file_names(row.get("files")):
                try:
                    ctx.media.module_file(self.module.upload, name)
                except MediaError as exc:
                    report.partial(kind, row_id, f"tệp văn bản: {exc}")
            report.count(kind, "would_update" if existing_id else "would_create")
            return
        try:
            with transaction.atomic():
                doc = self._save(row, number, doc_type, issuer, issued, area_ids, existing_id)
                ctx.state.record(kind, row_id, doc, digest)
        except ValidationError as exc:
            ctx.state.forget(kind, row_id)
            report.skip(kind, row_id, _validation_reason(exc))
            return
        except DatabaseError as exc:
            ctx.state.forget(kind, row_id)
            report.skip(kind, row_id, f"không lưu được: {exc}")
            return
        report.count(kind, "updated" if existing_id else "created")

    def _save(self, row, number, doc_type, issuer, issued, area_ids, existing_id):
        ctx, site, row_id = self.ctx, self.ctx.site, int(row["id"])
        issuer_obj = _named(IssuingBody, title_text(issuer["title"])[:255])
        doc = LegalDocument.objects.filter(pk=existing_id).first() if existing_id else None
        if doc is None:  # a document typed in by hand before the import: take it over
            doc = LegalDocument.objects.filter(
                site=site, issuer=issuer_obj, number_key=normalize_number(number)).first()
        doc = doc or LegalDocument(site=site)
        doc.issuer = issuer_obj
        doc.number = number
        doc.doc_type = _named(DocumentType, title_text(doc_type["title"])[:100])
        signer = self.signers.get(int(row.get("sgid") or 0))
        doc.signer = Signer.objects.get_or_create(
            name=title_text(signer["title"])[:255],
            position=title_text(signer.get("positions") or "")[:255],
        )[0] if signer and title_text(signer["title"]) else None
        doc.issued_on = issued
        doc.effective_on = _date(row.get("startvalid"))
        doc.expires_on = _date(row.get("exptime"))
        doc.summary = plain(row.get("introtext")) or title_text(row.get("title"))
        body = clean_html(text.nfc(row.get("bodytext") or ""))
        note = plain(row.get("note"))
        problems: list[str] = []
        body = image_embeds(ctx.media.rewrite(body, number, problems),
                            lambda src, alt: ctx.media.picture(src, problems))
        doc.full_text = body + (f"<p>{html.escape(note)}</p>" if note else "")
        doc.comment_opens_at = when(row.get("start_comm_time"))
        doc.comment_closes_at = when(row.get("end_comm_time"))
        if not (doc.comment_opens_at and doc.comment_closes_at):
            doc.comment_opens_at = doc.comment_closes_at = None
        live = int(row.get("status") or 0) == 1
        if live and not (visible_to_all(row.get("groups_view"))
                         and visible_to_all(row.get("groups_download"))):
            # Documents here are public once published: one NukeViet kept from some
            # visitors waits, unpublished, for an editor to decide.
            live = False
            problems.append("văn bản chỉ dành cho một số nhóm trong NukeViet (xem hoặc tải): "
                            "nhập ở trạng thái chưa đăng")
        now = timezone.now()
        doc.live = live
        doc.has_unpublished_changes = not live
        if live:
            doc.first_published_at = doc.first_published_at or when(row.get("addtime")) or now
            doc.last_published_at = when(row.get("edittime")) or now
        doc.full_clean(exclude=["fields", "full_text"])
        doc.fields.set([_legal_field(path) for path in
                        (self._area_path(a) for a in area_ids) if path])
        attachments = []
        for name in file_names(row.get("files")):
            try:
                stored = ctx.media.document(ctx.media.module_file(self.module.upload, name))
            except (MediaError, OSError) as exc:
                problems.append(f"tệp văn bản: {exc}")
                continue
            attachments.append(LegalAttachment(file=stored, title=display_name(name)))
        doc.attachments = attachments
        doc.save()
        counting.set_totals(doc.pk, {counting.LAW_VIEW: int(row.get("view_hits") or 0),
                                     counting.LAW_DOWNLOAD: int(row.get("download_hits") or 0)})
        if row.get("alias"):
            for path in redirects.point(site, redirects.law_paths(
                    self.module.title, row["alias"], ctx.db.lang), link=doc.get_absolute_url()):
                problems.append(f"địa chỉ cũ quá dài để chuyển hướng: {path}")
        for problem in problems:
            ctx.report.partial(self.kind, row_id, problem)
        return doc

    def link(self, rows_links) -> None:
        """Replacement and related links, once every document of the instance is in."""
        ctx, kind = self.ctx, self.kind
        for row_id, links in rows_links:
            doc_id = ctx.state.object_id(kind, row_id)
            if doc_id is None:
                continue
            wanted = []
            for relation, ids in ((Relation.REPLACES, links["replaces"]),
                                  (Relation.RELATED, links["related"])):
                for other in ids:
                    target = ctx.state.object_id(kind, other)
                    if target is None:
                        ctx.report.partial(kind, row_id,
                                           f"văn bản liên kết {other} không được nhập")
                    elif target != doc_id:
                        wanted.append((relation, target))
            with transaction.atomic():
                current = set(DocumentLink.objects.filter(document_id=doc_id)
                              .values_list("relation", "target_id"))
                for relation, target in wanted:
                    if (relation, target) not in current:
                        DocumentLink.objects.create(document_id=doc_id, relation=relation,
                                                    target_id=target)

