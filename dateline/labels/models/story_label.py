from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .label import Label
from .registry import RegistryEntity
from .rule import LabelRule


class StoryLabel(models.Model):
    """A label a story carries as published, and the rule that put it there: for a mention
    rule, the entity mentioned and how the first mention reads (the note goes after it); for an
    editor's choice, who chose it and why."""

    story = models.ForeignKey(
        "stories.Story", on_delete=models.CASCADE, related_name="applied_labels"
    )
    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey(LabelRule, on_delete=models.CASCADE, related_name="+")
    entity = models.ForeignKey(
        RegistryEntity, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    mention = models.CharField(max_length=300, blank=True)
    reason = models.TextField(blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    applied_at = models.DateTimeField()

    class Meta:
        verbose_name = _("story label")
        verbose_name_plural = _("story labels")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "rule", "entity"],
                condition=models.Q(entity__isnull=False),
                name="story_label_per_entity",
            ),
            models.UniqueConstraint(
                fields=["story", "rule"],
                condition=models.Q(entity__isnull=True),
                name="story_label_per_rule",
            ),
        ]
        indexes = [models.Index(fields=["label", "story"], name="story_label_by_label")]

    def __str__(self) -> str:
        return f"{self.label} on {self.story_id}"


class MentionDecision(models.Model):
    """An editor's decision on an entity a story may mention (a surname alone, a name that is
    also a common word, or a label they disagree with): it is the entity, and takes its label,
    or it is not (a namesake, the common word), and the story goes out without it. With the
    reason, kept, shown to editors and written to the story's history."""

    story = models.ForeignKey(
        "stories.Story", on_delete=models.CASCADE, related_name="mention_decisions"
    )
    entity = models.ForeignKey(RegistryEntity, on_delete=models.CASCADE, related_name="+")
    is_mention = models.BooleanField(_("it is a mention"))
    reason = models.TextField(_("reason"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mention decision")
        verbose_name_plural = _("mention decisions")
        constraints = [
            models.UniqueConstraint(fields=["story", "entity"], name="mention_decision_per_entity")
        ]

    def __str__(self) -> str:
        said = "a mention" if self.is_mention else "not a mention"
        return f"{self.entity} {said} in {self.story_id}"


class Relabelling(models.Model):
    """One pass over the archive after a registry or rule change: how far it has got and
    which stories it changed, for the admin's progress view."""

    class Scope(models.TextChoices):
        ENTITY = "entity", _("one registry entry's labels")
        RULE = "rule", _("one rule's labels")
        MENTIONS = "mentions", _("every registry entry's labels")
        ALL = "all", _("every label")

    reason = models.CharField(_("reason"), max_length=300)
    scope = models.CharField(
        _("labels it looks at"), max_length=10, choices=Scope.choices, default=Scope.ALL
    )
    entity = models.ForeignKey(
        RegistryEntity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rule = models.ForeignKey(
        LabelRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    total = models.PositiveIntegerField(_("stories to look at"), default=0)
    scanned = models.PositiveIntegerField(_("looked at"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    # The first changed stories (ids), for the list of what changed.
    changed_ids = models.JSONField(default=list, blank=True)
    flagged = models.PositiveIntegerField(_("flagged for review"), default=0)
    # The first stories with a name the detector could not settle, for editors to decide on.
    flagged_ids = models.JSONField(default=list, blank=True)
    last_story_id = models.BigIntegerField(default=0)  # where it resumes

    class Meta:
        verbose_name = _("relabelling")
        verbose_name_plural = _("relabellings")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return self.reason


class DayChecked(models.Model):
    """A day of an edition on which the registry entries and rules dated that day (taking
    effect or lapsing) were given their relabellings, so each day is looked at once."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "day"], name="labels_day_checked_once")
        ]

    def __str__(self) -> str:
        return f"{self.edition_id} {self.day}"
