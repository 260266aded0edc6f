"""What follows a change the labels depend on: a publication brings the story's labels in line
in its own transaction; a registry entry or a rule saved or deleted starts a relabelling of the
archive, which the worker runs in the background."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import published

from dateline.stories.models import Story

from .models import Label, LabelRule, RegistryEntity
from .relabelling import edition_banners_sync, label_stories_touch, relabelling_start
from .services import story_labels_apply


@receiver(published, sender=Story)
def story_published(instance: Story, **kwargs: Any) -> None:
    if instance.live:
        story_labels_apply(story=instance, record_change=False)


@receiver(post_save, sender=RegistryEntity)
def entity_saved(instance: RegistryEntity, created: bool, **kwargs: Any) -> None:
    verb = "added" if created else "changed"
    relabelling_start(reason=f"Registry entry {verb}: {instance.name}", entity=instance)


@receiver(post_delete, sender=RegistryEntity)
def entity_deleted(instance: RegistryEntity, **kwargs: Any) -> None:
    # Its labels went with it (cascade); the stories that carried them must say so.
    relabelling_start(reason=f"Registry entry deleted: {instance.name}", entity=None)


@receiver(post_save, sender=LabelRule)
@receiver(post_delete, sender=LabelRule)
def rule_changed(instance: LabelRule, **kwargs: Any) -> None:
    if instance.kind != LabelRule.Kind.EDITOR:
        relabelling_start(reason=f"Label rule changed: {instance}", entity=None)
    if instance.kind == LabelRule.Kind.EDITION:
        transaction.on_commit(edition_banners_sync)


# Texts are edited with their label, whose save (before theirs) schedules this once, after commit.
@receiver(post_save, sender=Label)
def label_changed(instance: Label, **kwargs: Any) -> None:
    transaction.on_commit(lambda: label_stories_touch(instance.pk))
