from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import DocumentType, IssuingBody, LegalDocument, LegalField, Signer


class LegalDocumentViewSet(SnippetViewSet):
    model = LegalDocument
    icon = "doc-full-inverse"
    menu_label = "Văn bản"
    list_display = ["number", "doc_type", "issuer", "issued_on", "site", "live",
                    Column("views", label="Lượt xem"), Column("downloads", label="Lượt tải")]
    list_filter = ["doc_type", "issuer", "site", "live"]
    search_fields = ["number", "summary"]


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


register_snippet(LawsGroup)
