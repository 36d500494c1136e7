from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import DocumentType, LegalDocument


class LegalDocumentViewSet(SnippetViewSet):
    model = LegalDocument
    icon = "doc-full-inverse"
    menu_label = "Văn bản"
    list_display = ["number", "doc_type", "issuer", "issued_on", "site", "published",
                    Column("views", label="Lượt xem"), Column("downloads", label="Lượt tải")]
    list_filter = ["doc_type", "site", "published"]
    search_fields = ["number", "summary", "issuer"]


class DocumentTypeViewSet(SnippetViewSet):
    model = DocumentType
    icon = "list-ul"
    menu_label = "Loại văn bản"
    list_display = ["name", "sort_order"]


class LawsGroup(SnippetViewSetGroup):
    items = (LegalDocumentViewSet, DocumentTypeViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = "Văn bản"
    menu_name = "van-ban"
    menu_order = 250


register_snippet(LawsGroup)
