from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


class Placement(models.TextChoices):
    BANNER = "banner", _("site-wide banner, on every page of the edition")
    TOP = "top", _("top of the material, under the headline")
    MENTION = "mention", _("after the first mention")
    END = "end", _("end of the material")


class Label(ClusterableModel):
    """A label the law (or the agency) demands: its text by language, or one fixed text printed
    in every edition, where it stands and how it looks. Rules (LabelRule) say which stories
    carry it; nothing prints a label by hand."""

    name = models.CharField(_("name"), max_length=200, help_text=_("For editors, never printed."))
    placement = models.CharField(
        _("placement"), max_length=10, choices=Placement.choices, default=Placement.TOP
    )
    fixed_language = models.CharField(
        _("one text for every edition"),
        max_length=10,
        blank=True,
        help_text=_(
            "A language code (e.g. ru): its text is printed in every edition, as the law's "
            "fixed wording. Empty: each edition prints the text in its own language."
        ),
    )
    upper_case = models.BooleanField(
        _("in capitals"), default=False, help_text=_("On every surface: pages, feeds, the API.")
    )
    font_scale = models.DecimalField(
        _("size relative to the body text"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.75")), MaxValueValidator(Decimal("4.00"))],
        help_text=_("2 is twice the body text's size. Pages only."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("placement"),
        InlinePanel("texts", label=_("Texts"), min_num=0),
        FieldPanel("fixed_language"),
        MultiFieldPanel([FieldPanel("upper_case"), FieldPanel("font_scale")], _("Presentation")),
    ]

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.fixed_language and self.placement == Placement.MENTION:
            raise ValidationError(
                {
                    "fixed_language": _(
                        "A note after a mention is written in each edition's language."
                    )
                }
            )


class LabelText(Orderable):
    label = ParentalKey(Label, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, help_text=_("e.g. ru or en"))
    text = models.TextField(
        _("text"),
        help_text=_(
            "For a note after mentions, {name} is the entity's name and {note} its kind's "
            "mention note; left empty there, the kind's note is printed."
        ),
        blank=True,
    )

    panels = [FieldPanel("language"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("label text")
        constraints = [
            models.UniqueConstraint(fields=["label", "language"], name="label_text_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.text[:60]}"
