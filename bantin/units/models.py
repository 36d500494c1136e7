"""Home pages: the hub (province, former district, party committee) and its unit sites."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from bantin.core.pages import BasePage, FastRouteMixin
from bantin.news import sharing
from bantin.news.models import ArticlePage, CategoryPage

LATEST_COUNT = 10
FEATURED_COUNT = 5
PER_CATEGORY_COUNT = 4


class HomePageBase(FastRouteMixin, BasePage):
    """Featured and latest news of the site, then a block per category."""

    intro = models.TextField("lời giới thiệu", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["news.CategoryPage", "units.UnitHomePage"]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.cached("home-blocks", self._news_blocks))
        return context

    def _news_blocks(self) -> dict:
        """Featured, latest and per-category news: derived from the tree, so cached with it."""
        categories = list(CategoryPage.objects.live().child_of(self))
        # Only this site's own categories: unit sites nested below a hub keep their news apart.
        in_own_categories = models.Q(pk__in=[])
        for category in categories:
            in_own_categories |= models.Q(path__startswith=category.path)
        articles = (
            ArticlePage.objects.live().filter(in_own_categories)
            .select_related("featured_image").order_by("-published_at", "-pk")
        )
        featured = list(articles.filter(featured=True)[:FEATURED_COUNT])
        if not featured:
            featured = list(articles[:1])
        shown = {a.pk for a in featured}
        latest = [a for a in articles[: LATEST_COUNT + len(shown)] if a.pk not in shown]
        blocks = []
        for category in (c for c in categories if c.show_on_home):
            items = list(category.articles().select_related("featured_image")[:PER_CATEGORY_COUNT])
            if items:
                blocks.append((category, items))
        return {"featured": featured, "latest": latest[:LATEST_COUNT], "category_blocks": blocks,
                **sharing.home_blocks(self)}


class HubHomePage(sharing.HubSharingMixin, HomePageBase):
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = "trang chủ cấp trên"
        verbose_name_plural = "trang chủ cấp trên"


class UnitHomePage(HomePageBase):
    parent_page_types = ["wagtailcore.Page", "units.HubHomePage", "units.UnitHomePage"]

    class Meta:
        verbose_name = "trang chủ đơn vị"
        verbose_name_plural = "trang chủ đơn vị"
