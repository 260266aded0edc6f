from django.db import models


class StoryChange(models.Model):
    """One change of a story, written in the same transaction as the change itself: the outbox
    that the live stream, and later cache purges, the search index and webhooks, follow in id
    order. It names the story and what happened, never its text: whoever reacts reads the story
    through the public gate at that moment, so nothing a change replaced can resurface."""

    class Kind(models.TextChoices):
        PUBLISHED = "published"
        UPDATED = "updated"
        CORRECTED = "corrected"
        WITHDRAWN = "withdrawn"
        DELETED = "deleted"
        PHOTO = "photo"
        TAGS = "tags"
        # A byline author or a photographer renamed: what the story says of them changed.
        PEOPLE = "people"
        # The labels it carries changed (a registry entry or a rule), not its text.
        LABELS = "labels"

    story_id = models.BigIntegerField()
    # Not a foreign key: the record outlives a deleted story and a deleted edition.
    locale_id = models.BigIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # How many correction notes the story had, so the next change can tell a correction.
    corrections = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["locale_id", "id"], name="story_change_locale_id"),
            models.Index(fields=["story_id", "-id"], name="story_change_story_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.story_id}"


class OutboxPosition(models.Model):
    """How far one reaction to story changes has got: the last change it has handled."""

    reaction = models.CharField(max_length=100, unique=True)
    change_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.reaction} at {self.change_id}"
