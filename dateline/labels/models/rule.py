from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from .label import Label
from .registry import EntityKind


class LabelRule(models.Model):
    """Why a label applies: to a whole edition, to stories by an author or a source
    organisation, with a region or topic, that mention an entity on a registry, or where an
    editor chooses it. In force from `starts_on` until before `ends_on` (both optional)."""

    class Kind(models.TextChoices):
        EDITION = "edition", _("every story of an edition")
        AUTHOR = "author", _("stories by an author")
        SOURCE = "source", _("stories attributed to a source organisation")
        REGION = "region", _("stories with a region")
        TOPIC = "topic", _("stories with a topic")
        MENTION = "mention", _("stories that mention an entity on a registry")
        EDITOR = "editor", _("stories an editor chooses it for, with a reason")

    label = models.ForeignKey(
        Label, on_delete=models.CASCADE, related_name="rules", verbose_name=_("label")
    )
    kind = models.CharField(_("applies to"), max_length=10, choices=Kind.choices)
    edition = models.ForeignKey(
        "editions.Edition",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edition"),
        help_text=_("For every kind but an edition's: empty means in every edition."),
    )
    author = models.ForeignKey(
        "stories.Author",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    source = models.CharField(
        _("source organisation"),
        max_length=200,
        blank=True,
        help_text=_("As the story attributes it, e.g. Report.az (letter case does not matter)."),
    )
    region = models.ForeignKey(
        "taxonomy.RegionPage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    topic = models.ForeignKey(
        "taxonomy.TopicPage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    entity_kind = models.ForeignKey(
        EntityKind,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name=_("kind of registry entry"),
    )
    starts_on = models.DateField(_("in force from"), null=True, blank=True)
    ends_on = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("The first day it no longer applies."),
    )
    basis = models.CharField(
        _("basis"), max_length=500, blank=True, help_text=_("The law or decision behind it.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldPanel("edition"),
                FieldPanel("author"),
                FieldPanel("source"),
                FieldPanel("region"),
                FieldPanel("topic"),
                FieldPanel("entity_kind"),
            ],
            heading=_("To which stories"),
        ),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")], heading=_("In force")),
        FieldPanel("basis"),
    ]

    class Meta:
        verbose_name = _("label rule")
        verbose_name_plural = _("label rules")
        ordering = ["label__name", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gt=models.F("starts_on")),
                name="label_rule_ends_after_start",
            )
        ]

    # The field each kind needs, which the others leave empty.
    TARGETS: dict[str, str] = {
        Kind.EDITION: "edition",
        Kind.AUTHOR: "author",
        Kind.SOURCE: "source",
        Kind.REGION: "region",
        Kind.TOPIC: "topic",
        Kind.MENTION: "entity_kind",
    }

    def __str__(self) -> str:
        target = getattr(self, self.TARGETS[self.kind], None) if self.kind in self.TARGETS else None
        described = f"{self.get_kind_display()}: {target}" if target else self.get_kind_display()
        return f"{self.label}: {described}"

    def clean(self) -> None:
        super().clean()
        field = self.TARGETS.get(self.kind)
        if field and not getattr(self, field if field == "source" else f"{field}_id"):
            raise ValidationError({field: _("This kind of rule needs it.")})
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("The rule must end after it starts.")})

    def is_in_force(self, day: date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day < self.ends_on
        )
