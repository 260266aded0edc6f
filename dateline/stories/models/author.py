from anyascii import anyascii
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index


def author_slug(name: str) -> str:
    """The address part of an author's page, in Latin letters whatever the name's script."""
    return slugify(anyascii(name))[:90].strip("-") or "author"


class Author(TranslatableMixin, index.Indexed, models.Model):
    """A byline name as one edition spells it; translations share a translation key."""

    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        blank=True,
        help_text=_("The author page's address; made from the name if left empty."),
    )
    photo = models.ForeignKey(
        "photos.Photo",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("biography"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="unique_author_slug_per_locale")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = self._free_slug(author_slug(self.name))
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def _free_slug(self, base: str) -> str:
        # Namesakes in one edition get "-2", "-3": each needs an address of their own.
        taken = set(
            Author.objects.filter(locale_id=self.locale_id, slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug


class StoryAuthor(Orderable):
    story = ParentalKey("stories.Story", on_delete=models.CASCADE, related_name="byline")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("author")]
