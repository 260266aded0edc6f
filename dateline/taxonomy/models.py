from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from dateline.editions.models import RESERVED_SLUGS, EditionPageMixin


class SectionPage(EditionPageMixin, Page):
    """A page that gathers the edition's stories tagged with it, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    story_relation: str = ""

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is reserved for the edition.")})

    def get_context(self, request, *args, **kwargs):
        from dateline.feed.views import live_url, new_stories_labels
        from dateline.stories.selectors import stories_latest

        context = super().get_context(request, *args, **kwargs)
        context["live_url"] = live_url(request.edition, **{self.story_relation: self.pk})
        context["live_labels"] = new_stories_labels()
        context["stories"] = stories_latest(
            locale_id=self.locale_id, limit=30, **{self.story_relation: self}
        )
        return context


class RegionPage(SectionPage):
    parent_page_types = ["editions.EditionFrontPage", "taxonomy.RegionPage"]
    subpage_types = ["taxonomy.RegionPage"]
    story_relation = "region"
    template = "taxonomy/section_page.html"

    class Meta:
        verbose_name = _("region")


class TopicPage(SectionPage):
    parent_page_types = ["editions.EditionFrontPage"]
    subpage_types: list[str] = []
    story_relation = "topic"
    template = "taxonomy/section_page.html"

    class Meta:
        verbose_name = _("topic")
