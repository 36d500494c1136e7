"""The library's filters: one reading of the query string for the list page, the Atom feed,
the JSON API and the XLSX export, so that all four always select the same documents.

Parameters (all optional; empty values are ignored, as a GET form sends them):

    q          number (case and spacing forgiven) or words of the summary (accents folded)
    loai       document type id             co-quan   issuing body id
    linh-vuc   field id (and its sub-fields) nguoi-ky  signer id
    nam        year of the issue date       hieu-luc  a `Validity` code
    sap-xep    ngay-moi (default) | ngay-cu | so-hieu

`filter_documents` is the entry point. Pages ignore invalid values (and say so); the API
refuses them, using `clean_filters` to name them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from bantin.core.sites import sites_within

from . import cache as library_cache
from .models import DocumentType, IssuingBody, LegalDocument, LegalField, Signer, Validity

Q_PARAM = "q"
TYPE, ISSUER, FIELD, SIGNER = "loai", "co-quan", "linh-vuc", "nguoi-ky"
YEAR, VALIDITY, SORT = "nam", "hieu-luc", "sap-xep"
ID_PARAMS = (TYPE, ISSUER, FIELD, SIGNER)
# Every filter parameter, in the order query strings are written.
PARAMS = (Q_PARAM, TYPE, ISSUER, FIELD, SIGNER, YEAR, VALIDITY, SORT)

SORTS = {
    "ngay-moi": ("-issued_on", "-pk"),
    "ngay-cu": ("issued_on", "pk"),
    "so-hieu": ("number_key", "pk"),
}
SORT_LABELS = {"ngay-moi": "Mới nhất", "ngay-cu": "Cũ nhất", "so-hieu": "Theo số hiệu"}
DEFAULT_SORT = "ngay-moi"

MAX_QUERY_LENGTH = 200
_ID_RE = re.compile(r"[0-9]{1,18}")
_YEAR_RE = re.compile(r"[0-9]{4}")

_COLUMNS = {TYPE: "doc_type_id", ISSUER: "issuer_id", SIGNER: "signer_id"}

Through = LegalDocument.fields.through


def _querydict(request_or_querydict) -> Mapping:
    return getattr(request_or_querydict, "GET", request_or_querydict)


def clean_filters(request_or_querydict) -> tuple[dict, list[str]]:
    """The valid filters, keyed by parameter name, and the names of the invalid ones.

    `cleaned` always holds `sap-xep`; the other keys are present only when set and valid.
    """
    data = _querydict(request_or_querydict)
    cleaned: dict = {}
    invalid: list[str] = []

    def raw(name: str) -> str:
        value = data.get(name)
        return value.strip() if isinstance(value, str) else ""

    query = " ".join(raw(Q_PARAM).split())[:MAX_QUERY_LENGTH]
    if query:
        cleaned[Q_PARAM] = query
    for name in ID_PARAMS:
        value = raw(name)
        if not value:
            continue
        if _ID_RE.fullmatch(value) and int(value) > 0:
            cleaned[name] = int(value)
        else:
            invalid.append(name)
    year = raw(YEAR)
    if year:
        if _YEAR_RE.fullmatch(year) and 1000 <= int(year) <= 9999:
            cleaned[YEAR] = int(year)
        else:
            invalid.append(YEAR)
    validity = raw(VALIDITY)
    if validity:
        if validity in Validity.values:
            cleaned[VALIDITY] = validity
        else:
            invalid.append(VALIDITY)
    sort = raw(SORT)
    if sort and sort not in SORTS:
        invalid.append(SORT)
        sort = ""
    cleaned[SORT] = sort or DEFAULT_SORT
    return cleaned, invalid


def querystring(cleaned: Mapping, **extra) -> str:
    """The query string of `cleaned` (without defaults), plus `extra` parameters."""
    pairs = [
        (name, cleaned[name]) for name in PARAMS
        if name in cleaned and not (name == SORT and cleaned[name] == DEFAULT_SORT)
    ]
    pairs += [(name, value) for name, value in extra.items() if value not in (None, "")]
    return urlencode(pairs)


class FieldTree:
    """Every LegalField, read in one query on first use: paths and sub-trees without N+1."""

    def __init__(self):
        self._nodes: dict[int, tuple[str, int | None]] | None = None
        self._children: dict[int | None, list[int]] | None = None

    @property
    def nodes(self) -> dict[int, tuple[str, int | None]]:
        if self._nodes is None:
            self._nodes = {
                pk: (name, parent_id)
                for pk, name, parent_id in LegalField.objects.values_list("pk", "name", "parent_id")
            }
        return self._nodes

    def __contains__(self, pk) -> bool:
        return pk in self.nodes

    def lineage(self, pk: int) -> list[int]:
        chain, seen = [], set()
        while pk is not None and pk in self.nodes and pk not in seen:
            seen.add(pk)
            chain.append(pk)
            pk = self.nodes[pk][1]
        return list(reversed(chain))

    def name(self, pk: int) -> str:
        return self.nodes[pk][0]

    def path(self, pk: int) -> str:
        return " › ".join(self.nodes[p][0] for p in self.lineage(pk))

    def depth(self, pk: int) -> int:
        return len(self.lineage(pk)) - 1

    def children(self) -> dict[int | None, list[int]]:
        if self._children is None:
            kids: dict[int | None, list[int]] = {}
            for pk, (_name, parent_id) in self.nodes.items():
                kids.setdefault(parent_id if parent_id in self.nodes else None, []).append(pk)
            for ids in kids.values():
                ids.sort(key=lambda pk: (self.nodes[pk][0].casefold(), pk))
            self._children = kids
        return self._children

    def subtree(self, pk: int) -> list[int]:
        """`pk` and all its descendants."""
        kids = self.children()
        found, seen, stack = [], set(), [pk]
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            found.append(node)
            stack.extend(kids.get(node, []))
        return found

    def ordered(self) -> list[int]:
        """All ids, depth first, siblings by name: the order of an indented select."""
        kids = self.children()
        out: list[int] = []
        seen: set[int] = set()
        stack = list(reversed(kids.get(None, [])))
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            out.append(node)
            stack.extend(reversed(kids.get(node, [])))
        return out


def site_documents(site, today: dt.date | None = None):
    """The public documents of `site` and of the units under it, annotated with their
    validity on `today`."""
    # A literal list of site ids (not a subquery) lets SQLite use the per-site indexes.
    site_ids = list(sites_within(site).values_list("pk", flat=True))
    return LegalDocument.objects.public().filter(site_id__in=site_ids).with_validity(
        today or timezone.localdate()
    )


def apply_filters(queryset, cleaned: Mapping, tree: FieldTree | None = None,
                  exclude: Iterable[str] = ()):
    """`queryset` narrowed by `cleaned` (see `clean_filters`), skipping the `exclude` names."""
    exclude = set(exclude)
    wanted = {k: v for k, v in cleaned.items() if k not in exclude}
    if Q_PARAM in wanted:
        queryset = queryset.search(wanted[Q_PARAM])
    for name, column in _COLUMNS.items():
        if name in wanted:
            queryset = queryset.filter(**{column: wanted[name]})
    if FIELD in wanted:
        tree = tree or FieldTree()
        ids = tree.subtree(wanted[FIELD]) if wanted[FIELD] in tree else [wanted[FIELD]]
        tagged = Through.objects.filter(legalfield_id__in=ids)
        if wanted.keys() & {TYPE, ISSUER, SIGNER}:
            # With an indexed column filter too, walk that index newest first and test each
            # row's fields: the page's rows come without sorting every tagged document.
            queryset = queryset.filter(Exists(tagged.filter(legaldocument_id=OuterRef("pk"))))
        else:
            queryset = queryset.filter(pk__in=tagged.values("legaldocument_id"))
    if YEAR in wanted:
        queryset = queryset.filter(issued_on__year=wanted[YEAR])
    if VALIDITY in wanted:
        queryset = queryset.filter(validity_code=wanted[VALIDITY])
    return queryset


def filter_documents(request_or_querydict, site, *, today: dt.date | None = None,
                     tree: FieldTree | None = None):
    """(queryset, cleaned_filters, had_invalid) for a request's (or QueryDict's) filters.

    The queryset holds the site's public documents matching the valid filters, sorted as
    asked, with `validity_code` annotated and type, issuer and signer selected. Invalid
    values are left out; `had_invalid` says whether there were any.
    """
    cleaned, invalid = clean_filters(request_or_querydict)
    queryset = (
        apply_filters(site_documents(site, today), cleaned, tree)
        .select_related("doc_type", "issuer", "signer")
        .order_by(*SORTS[cleaned[SORT]])
    )
    return queryset, cleaned, bool(invalid)


# --------------------------------------------------------------------------------------------
# Facets
# --------------------------------------------------------------------------------------------


def _option(value, label: str, count: int, selected) -> dict:
    return {"value": value, "label": label, "count": count, "selected": value == selected}


def _by_column(base, cleaned, tree, name, model) -> list[dict]:
    column = _COLUMNS[name]
    relation = column.removesuffix("_id")
    rows = (
        apply_filters(base, cleaned, tree, exclude={name})
        .filter(**{f"{column}__isnull": False})
        .values(column, f"{relation}__name")
        .annotate(n=Count("pk"))
        .order_by(*(f"{relation}__{key}" for key in model._meta.ordering))
    )
    selected = cleaned.get(name)
    options = [_option(r[column], r[f"{relation}__name"], r["n"], selected) for r in rows]
    if selected and not any(o["selected"] for o in options):
        # The chosen value has no documents left under the other filters: keep it selectable.
        chosen = model.objects.filter(pk=selected).first()
        if chosen is not None:
            options.insert(0, _option(chosen.pk, chosen.name, 0, selected))
    return options


def _signer_label(name: str, position: str) -> str:
    return f"{name} ({position})" if position else name


def facets(site, cleaned: Mapping, *, today: dt.date | None = None,
           tree: FieldTree | None = None) -> dict[str, list[dict]]:
    """Options with document counts for each filter, in seven grouped queries.

    Each filter's counts apply all the *other* filters, so the count shown next to an
    option is the number of documents the list would show on choosing it.
    Options are dicts: value, label, count, selected.
    """
    tree = tree or FieldTree()
    base = site_documents(site, today)
    result = {
        TYPE: _by_column(base, cleaned, tree, TYPE, DocumentType),
        ISSUER: _by_column(base, cleaned, tree, ISSUER, IssuingBody),
    }

    selected = cleaned.get(SIGNER)
    rows = (
        apply_filters(base, cleaned, tree, exclude={SIGNER})
        .filter(signer_id__isnull=False)
        .values("signer_id", "signer__name", "signer__position")
        .annotate(n=Count("pk"))
        .order_by("signer__name", "signer__position")
    )
    signers = [
        _option(r["signer_id"], _signer_label(r["signer__name"], r["signer__position"]),
                r["n"], selected)
        for r in rows
    ]
    if selected and not any(o["selected"] for o in signers):
        chosen = Signer.objects.filter(pk=selected).first()
        if chosen is not None:
            signers.insert(0, _option(chosen.pk, str(chosen), 0, selected))
    result[SIGNER] = signers

    selected = cleaned.get(YEAR)
    rows = (
        apply_filters(base, cleaned, tree, exclude={YEAR})
        .annotate(year=ExtractYear("issued_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
    )
    years = [_option(r["year"], str(r["year"]), r["n"], selected) for r in rows]
    if selected and not any(o["selected"] for o in years):
        years.insert(0, _option(selected, str(selected), 0, selected))
    result[YEAR] = years

    counts = dict(
        apply_filters(base, cleaned, tree, exclude={VALIDITY})
        .values("validity_code")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("validity_code", "n")
    )
    result[VALIDITY] = [
        _option(code, label, counts.get(code, 0), cleaned.get(VALIDITY))
        for code, label in Validity.choices
    ]

    result[FIELD] = _field_options(base, cleaned, tree)
    return result


def _field_options(base, cleaned, tree: FieldTree) -> list[dict]:
    """Distinct documents per field, counting those of its sub-fields, in one query."""
    ordered = tree.ordered()
    if not ordered:
        return []
    matching = apply_filters(base, cleaned, tree, exclude={FIELD}).values("pk")
    counts = Through.objects.filter(legaldocument_id__in=matching).aggregate(**{
        f"f{pk}": Count(
            "legaldocument_id", distinct=True, filter=Q(legalfield_id__in=tree.subtree(pk))
        )
        for pk in ordered
    })
    selected = cleaned.get(FIELD)
    options = []
    for pk in ordered:
        count = counts[f"f{pk}"] or 0
        if count or pk == selected:
            label = "– " * tree.depth(pk) + tree.name(pk)
            options.append(_option(pk, label, count, selected))
    return options


def cached_count(queryset, site, today: dt.date, cleaned: Mapping) -> int:
    """How many documents match: counting 100,000 filtered rows costs more than listing a
    page of them, so the total is cached until the library's data changes."""
    return library_cache.get_or_build(
        "count", (site.pk, today, querystring(cleaned)), queryset.count
    )
