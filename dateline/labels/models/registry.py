from django.db import models
from django.utils.translation import gettext_lazy as _


class EntityKind(models.Model):
    """A kind of registry entry (a foreign agent, an undesirable or a banned organisation), and
    the note a mention of one takes, by language: the law's wording changes, so it is data."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    mention_notes = models.JSONField(
        _("mention notes"),
        default=dict,
        blank=True,
        help_text=_("What follows a mention, by language code, e.g. ru: (признан иноагентом)."),
    )

    class Meta:
        verbose_name = _("kind of registry entry")
        verbose_name_plural = _("kinds of registry entries")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class RegistryEntity(models.Model):
    """A person or organisation on an official registry, by the registry's own id: its name,
    the other spellings it is mentioned by, and from when (until when) it is listed."""

    external_id = models.CharField(_("registry id"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=500)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    kind = models.ForeignKey(
        EntityKind, on_delete=models.PROTECT, related_name="entities", verbose_name=_("kind")
    )
    designated_on = models.DateField(_("designated on"))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    source = models.CharField(
        _("source document"), max_length=1000, blank=True, help_text=_("Where it was published.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("registry entry")
        verbose_name_plural = _("registry entries")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(removed_on__isnull=True)
                | models.Q(removed_on__gte=models.F("designated_on")),
                name="registry_entity_removed_after_designated",
            )
        ]

    def __str__(self) -> str:
        return self.name
