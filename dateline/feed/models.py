from django.db import models
from wagtail.models import Locale


class StoryEvent(models.Model):
    """What happened to a live story, in order: the log live pages follow and replay from.

    A withdrawn story's event carries its id only, never its content."""

    class Kind(models.TextChoices):
        PUBLISHED = "published"
        UPDATED = "updated"
        REMOVED = "removed"

    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    story_id = models.BigIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["locale", "id"], name="story_event_locale_id")]

    def __str__(self) -> str:
        return f"{self.kind} {self.story_id}"
