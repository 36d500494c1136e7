from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from bantin.core.admin_menu import PermissionMenuItem
from bantin.units import access
from bantin.units.access import UnitScopedViewSetMixin

from .admin_views import import_register_view
from .models import DocumentType, IssuingBody, LegalDocument, LegalField, Signer


class LegalDocumentViewSet(UnitScopedViewSetMixin, SnippetViewSet):
    model = LegalDocument
    icon = "doc-full-inverse"
    menu_label = "Văn bản"
    list_display = ["number", "doc_type", "issuer", "issued_on", "site",
                    LiveStatusTagColumn(label="Trạng thái"),
                    Column("views", label="Lượt xem"), Column("downloads", label="Lượt tải")]
    filterset_class = access.unit_filterset(LegalDocument, ["doc_type", "issuer", "site", "live"])
    search_fields = ["number", "summary"]
    search_backend_name = None  # plain filters, which keep the listing narrowed to the unit


class DocumentTypeViewSet(SnippetViewSet):
    model = DocumentType
    icon = "list-ul"
    menu_label = "Loại văn bản"
    list_display = ["name", "sort_order"]


class IssuingBodyViewSet(SnippetViewSet):
    model = IssuingBody
    icon = "group"
    menu_label = "Cơ quan ban hành"
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


class SignerViewSet(SnippetViewSet):
    model = Signer
    icon = "user"
    menu_label = "Người ký"
    list_display = ["name", "position"]
    search_fields = ["name", "position"]


class LegalFieldViewSet(SnippetViewSet):
    model = LegalField
    icon = "folder-open-inverse"
    menu_label = "Lĩnh vực"
    list_display = ["__str__"]
    search_fields = ["name"]


class LawsGroup(SnippetViewSetGroup):
    items = (LegalDocumentViewSet, DocumentTypeViewSet, IssuingBodyViewSet, SignerViewSet,
             LegalFieldViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = "Văn bản"
    menu_name = "van-ban"
    menu_order = 250


access.owned_by_site(LegalDocument)
for reference_list in (DocumentType, IssuingBody, Signer, LegalField):
    access.shared(reference_list)
register_snippet(LawsGroup)


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("van-ban/nhap/", import_register_view, name="laws_import")]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return PermissionMenuItem("Nhập văn bản", reverse("laws_import"), icon_name="upload",
                              order=251, permission="laws.add_legaldocument")
