from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from dateline.core.publishing import PublishesAtomically
from dateline.editions.models import RESERVED_SLUGS, EditionPageMixin


class SectionPage(PublishesAtomically, EditionPageMixin, Page):
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


class RegionPage(SectionPage):
    parent_page_types = ["editions.EditionFrontPage", "taxonomy.RegionPage"]
    subpage_types = ["taxonomy.RegionPage"]
    story_relation = "region"
    template = "site/section_page.html"

    class Meta:
        verbose_name = _("region")


class TopicPage(SectionPage):
    parent_page_types = ["editions.EditionFrontPage"]
    subpage_types: list[str] = []
    story_relation = "topic"
    template = "site/section_page.html"

    class Meta:
        verbose_name = _("topic")
