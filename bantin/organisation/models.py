"""Organisation pages of a site (Decree 42/2022, article 4), in Vietnamese and English.

`OrganisationPage` ("Giới thiệu") holds the functions and duties, the leadership and the
organisation chart; `ContactPage` ("Liên hệ") the contact point, address, office hours and
position on a map. Each page answers at its own URL in Vietnamese and at the sub-route
`en/` in English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Prefetch
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page
from wagtail.search import index

from bantin.core import text
from bantin.core.pages import BasePage

from . import language
from .language import ENGLISH, VIETNAMESE, localised, plain_decimal

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link"]
MAP_ZOOM = 16

PHONE_VALIDATOR = RegexValidator(
    r"^(?=(?:\D*\d){6})\+?[\d .()-]+$",
    message=(
        "Số điện thoại không hợp lệ: dùng ít nhất 6 chữ số, có thể kèm dấu cách, dấu chấm, "
        "dấu gạch ngang, dấu ngoặc và dấu + ở đầu."
    ),
)


def phone_field(verbose_name: str = "điện thoại") -> models.CharField:
    return models.CharField(verbose_name, max_length=50, blank=True, validators=[PHONE_VALIDATOR])


def email_field(verbose_name: str) -> models.EmailField:
    return models.EmailField(
        verbose_name, blank=True,
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )


def coordinate_field(verbose_name: str, limit: int) -> models.DecimalField:
    message = f"{verbose_name.capitalize()} phải nằm trong khoảng từ -{limit} đến {limit}."
    return models.DecimalField(
        verbose_name, max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[
            MinValueValidator(Decimal(-limit), message=message),
            MaxValueValidator(Decimal(limit), message=message),
        ],
        help_text="Độ thập phân, ví dụ 22.170000 (bắc và đông là số dương).",
    )


def initials(name: str) -> str:
    """`Lò Văn Pọm` → `LP`: the family name's and the given name's first letters."""
    words = name.split()
    if not words:
        return ""
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


class NormalisedTextMixin:
    """Text is stored in the project's one form (NFC, traditional tone marks, no stray
    spaces) in both languages, however it was typed or pasted.

    Normalised before field validation, so a name of spaces only counts as empty, and
    again on save, for rows written by code rather than through a form.
    """

    line_fields: tuple[str, ...] = ()
    multiline_fields: tuple[str, ...] = ()
    rich_text_fields: tuple[str, ...] = ()

    def normalise_text(self) -> None:
        for name in self.line_fields:
            setattr(self, name, text.clean(getattr(self, name) or ""))
        for name in self.multiline_fields:
            lines = (text.clean(line) for line in (getattr(self, name) or "").splitlines())
            setattr(self, name, "\n".join(line for line in lines if line))
        for name in self.rich_text_fields:
            setattr(self, name, text.nfc(getattr(self, name) or "").strip())

    def clean_fields(self, exclude=None):
        self.normalise_text()
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs):
        self.normalise_text()
        return super().save(*args, **kwargs)


# --------------------------------------------------------------------------------------------
# People and departments
# --------------------------------------------------------------------------------------------


class PersonBase(NormalisedTextMixin, Orderable):
    name = models.CharField(
        "họ và tên", max_length=255, error_messages={"blank": "Cần nhập họ và tên."}
    )
    position = models.CharField("chức vụ", max_length=255, blank=True)
    position_en = models.CharField("chức vụ (tiếng Anh)", max_length=255, blank=True)
    photo = models.ForeignKey(
        get_image_model_string(), verbose_name="ảnh chân dung", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    phone = phone_field()
    email = email_field("thư điện tử công vụ")

    line_fields = ("name", "position", "position_en", "phone", "email")
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("photo")]),
        FieldRowPanel([FieldPanel("position"), FieldPanel("position_en")]),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        return self.name


class Leader(PersonBase):
    page = ParentalKey(
        "organisation.OrganisationPage", related_name="leaders", on_delete=models.CASCADE
    )

    class Meta(PersonBase.Meta):
        verbose_name = "lãnh đạo"
        verbose_name_plural = "lãnh đạo"


class Department(NormalisedTextMixin, Orderable, ClusterableModel):
    """A phòng ban; one marked `subordinate` belongs to the nearest department above it
    that is not, which gives the chart its second (and last) level."""

    page = ParentalKey(
        "organisation.OrganisationPage", related_name="departments", on_delete=models.CASCADE
    )
    name = models.CharField(
        "tên phòng ban", max_length=255, error_messages={"blank": "Cần nhập tên phòng ban."}
    )
    name_en = models.CharField("tên phòng ban (tiếng Anh)", max_length=255, blank=True)
    duties = models.TextField("nhiệm vụ", blank=True)
    duties_en = models.TextField("nhiệm vụ (tiếng Anh)", blank=True)
    email = models.EmailField(
        "thư điện tử nhận liên hệ", blank=True,
        help_text="Thư gửi qua biểu mẫu liên hệ cho phòng ban này được chuyển đến địa chỉ "
                  "này. Để trống nếu phòng ban không nhận thư liên hệ.",
    )
    subordinate = models.BooleanField(
        "trực thuộc phòng ban phía trên", default=False,
        help_text="Đánh dấu nếu đây là bộ phận trực thuộc phòng ban gần nhất phía trên "
                  "(sơ đồ có tối đa hai cấp).",
    )

    line_fields = ("name", "name_en")
    multiline_fields = ("duties", "duties_en")
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("duties"), FieldPanel("duties_en")]),
        FieldPanel("email"),
        FieldPanel("subordinate"),
        InlinePanel("members", heading="Cán bộ", label="cán bộ"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "phòng ban"
        verbose_name_plural = "phòng ban"

    def __str__(self) -> str:
        return self.name


class DepartmentMember(PersonBase):
    department = ParentalKey(Department, related_name="members", on_delete=models.CASCADE)

    class Meta(PersonBase.Meta):
        verbose_name = "cán bộ"
        verbose_name_plural = "cán bộ"


@dataclass(frozen=True)
class PersonCard:
    """A person as one language shows them: plain values, cheap to cache."""

    name: str
    position: str
    photo: object | None
    photo_alt: str
    phone: str
    email: str
    initials: str

    @classmethod
    def of(cls, person: PersonBase, lang: str) -> PersonCard:
        return cls(
            name=person.name,
            position=localised(person, "position", lang),
            photo=person.photo,
            photo_alt=f"{language.labels(lang)['portrait']} {person.name}",
            phone=person.phone,
            email=person.email,
            initials=initials(person.name),
        )


@dataclass
class DepartmentCard:
    name: str
    duties: str
    members: list[PersonCard]
    children: list[DepartmentCard] = field(default_factory=list)

    @classmethod
    def of(cls, department: Department, lang: str) -> DepartmentCard:
        return cls(
            name=localised(department, "name", lang),
            duties=localised(department, "duties", lang),
            members=[PersonCard.of(m, lang) for m in department.members.all()],
        )


def nest_departments(departments, lang: str) -> list[DepartmentCard]:
    """Departments in order, each subordinate one under the last top-level one before it."""
    cards: list[DepartmentCard] = []
    for department in departments:
        card = DepartmentCard.of(department, lang)
        if department.subordinate and cards:
            cards[-1].children.append(card)
        else:
            cards.append(card)
    return cards


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


class BilingualPage(NormalisedTextMixin, RoutablePageMixin, BasePage):
    """A page served in Vietnamese at its URL and in English at `en/` below it."""

    title_en = models.CharField("tiêu đề (tiếng Anh)", max_length=255, blank=True)

    parent_page_types = ["units.HubHomePage", "units.UnitHomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    preview_modes = [("", "Tiếng Việt"), (ENGLISH, "English")]
    line_fields = ("title", "title_en")

    class Meta:
        abstract = True

    def content_context(self, request, lang: str) -> dict:
        """What the page's own template shows, in `lang`."""
        return {}

    def language_urls(self, request=None) -> dict[str, str | None]:
        url = self.get_url(request)
        return {
            VIETNAMESE: url,
            ENGLISH: url + self.reverse_subpage("english") if url else None,
        }

    def get_context(self, request, *args, lang: str = VIETNAMESE, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        urls = self.language_urls(request)
        other = ENGLISH if lang == VIETNAMESE else VIETNAMESE
        context.update(
            page_lang=lang,
            labels=language.labels(lang),
            page_title=localised(self, "title", lang),
            language_urls=urls,
            language_switch=language.switch_link(urls[other], other),
            **self.content_context(request, lang),
        )
        return context

    @path("en/", name="english")
    def english(self, request):
        return self.render(request, lang=ENGLISH)

    def serve_preview(self, request, mode_name):
        return self.render(request, lang=mode_name or VIETNAMESE)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        english = self.reverse_subpage("english")
        return [*urls, *({**entry, "location": entry["location"] + english} for entry in urls)]


class OrganisationPage(BilingualPage):
    functions = RichTextField(
        "chức năng, nhiệm vụ", blank=True, features=RICH_TEXT_FEATURES,
        help_text="Chức năng, nhiệm vụ của đơn vị theo quyết định thành lập.")
    functions_en = RichTextField(
        "chức năng, nhiệm vụ (tiếng Anh)", blank=True, features=RICH_TEXT_FEATURES,
        help_text="Bản tiếng Anh (không bắt buộc); để trống nếu không có.")

    rich_text_fields = ("functions", "functions_en")
    content_panels = [
        *Page.content_panels,
        FieldPanel("title_en"),
        FieldPanel("functions"),
        FieldPanel("functions_en"),
        InlinePanel("leaders", heading="Lãnh đạo", label="lãnh đạo"),
        InlinePanel("departments", heading="Cơ cấu tổ chức", label="phòng ban"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("functions"),
        index.SearchField("functions_en"),
    ]

    class Meta:
        verbose_name = "trang giới thiệu"
        verbose_name_plural = "trang giới thiệu"

    def chart(self, lang: str) -> dict:
        """Leadership and departments with their people: three queries, whatever the size."""
        members = Prefetch("members", queryset=DepartmentMember.objects.select_related("photo"))
        return {
            "leaders": [PersonCard.of(p, lang) for p in self.leaders.select_related("photo")],
            "departments": nest_departments(self.departments.prefetch_related(members), lang),
        }

    def content_context(self, request, lang: str) -> dict:
        def build():
            return self.chart(lang)

        # A preview shows the draft's unsaved people, so it never reads or fills the cache.
        preview = getattr(request, "is_preview", False)
        return {
            "functions": localised(self, "functions", lang),
            "chart": build() if preview else self.cached(f"chart:{lang}", build),
        }


class ContactPage(BilingualPage):
    contact_name = models.CharField("họ và tên người liên hệ", max_length=255, blank=True)
    contact_position = models.CharField("chức vụ", max_length=255, blank=True)
    contact_position_en = models.CharField("chức vụ (tiếng Anh)", max_length=255, blank=True)
    contact_phone = phone_field()
    contact_email = email_field("thư điện tử")
    address = models.CharField("địa chỉ", max_length=500, blank=True)
    address_en = models.CharField("địa chỉ (tiếng Anh)", max_length=500, blank=True)
    office_hours = models.TextField("giờ làm việc", blank=True)
    office_hours_en = models.TextField("giờ làm việc (tiếng Anh)", blank=True)
    latitude = coordinate_field("vĩ độ", 90)
    longitude = coordinate_field("kinh độ", 180)

    line_fields = (
        *BilingualPage.line_fields, "contact_name", "contact_position", "contact_position_en",
        "contact_phone", "contact_email", "address", "address_en",
    )
    multiline_fields = ("office_hours", "office_hours_en")
    content_panels = [
        *Page.content_panels,
        FieldPanel("title_en"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_phone"),
                               FieldPanel("contact_email")]),
                FieldRowPanel([FieldPanel("contact_position"),
                               FieldPanel("contact_position_en")]),
            ],
            heading="Đầu mối liên hệ",
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("address_en"), FieldPanel("office_hours"),
             FieldPanel("office_hours_en")],
            heading="Địa chỉ và giờ làm việc",
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
            heading="Vị trí trên bản đồ",
        ),
    ]

    class Meta:
        verbose_name = "trang liên hệ"
        verbose_name_plural = "trang liên hệ"

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            missing = "latitude" if self.latitude is None else "longitude"
            raise ValidationError({missing: "Cần nhập cả vĩ độ và kinh độ để hiện bản đồ."})

    def _contact_form(self, lang: str) -> dict:
        """The form that sends a message to one of the unit's departments (Vietnamese
        pages; only when someone takes the messages)."""
        if lang != "vi":
            return {}
        from bantin.interaction import comments, contact
        from bantin.interaction.forms import ContactForm

        choices, routes = contact.recipients(self)
        if not routes:
            return {}
        site = self.get_site()
        return {"contact_form": ContactForm(
            recipients=choices, captcha_required=comments.captcha_required_on(site.pk))}

    @property
    def has_map(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def map_url(self) -> str:
        lat, lon = plain_decimal(self.latitude), plain_decimal(self.longitude)
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={MAP_ZOOM}/{lat}/{lon}"

    def geo_uri(self) -> str:
        return f"geo:{plain_decimal(self.latitude)},{plain_decimal(self.longitude)}"

    def content_context(self, request, lang: str) -> dict:
        return {
            **self._contact_form(lang),
            "contact_position": localised(self, "contact_position", lang),
            "address": localised(self, "address", lang),
            "office_hours": localised(self, "office_hours", lang),
            "coordinates": (
                language.coordinates_text(self.latitude, self.longitude, lang)
                if self.has_map else ""
            ),
        }
