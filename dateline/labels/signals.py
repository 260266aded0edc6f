"""What follows a change the labels depend on: a publication brings the story's labels in line
in its own transaction; a registry entry or a rule saved starts a relabelling of the archive,
which the worker runs in the background; one deleted takes its labels with it, and the stories
that carried them say so at once."""

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.signals import published

from dateline.stories.models import Story

from .applying import stories_dropping_labels
from .models import Label, LabelRule, RegistryEntity, Relabelling
from .relabelling import (
    edition_banners_sync,
    entity_changed,
    label_stories_touch,
    relabelling_start,
)
from .services import story_labels_apply


@receiver(published, sender=Story)
def story_published(instance: Story, **kwargs: Any) -> None:
    if instance.live:
        story_labels_apply(story=instance, record_change=False)


@receiver(post_save, sender=RegistryEntity)
def entity_saved(instance: RegistryEntity, created: bool, **kwargs: Any) -> None:
    entity_changed(instance, "added" if created else "changed")


@receiver(pre_delete, sender=RegistryEntity)
def entity_deleting(instance: RegistryEntity, **kwargs: Any) -> None:
    stories_dropping_labels(Q(entity=instance), f"Registry entry deleted: {instance.name}")


@receiver(post_save, sender=LabelRule)
def rule_saved(instance: LabelRule, **kwargs: Any) -> None:
    if instance.kind != LabelRule.Kind.EDITOR:
        relabelling_start(
            reason=f"Label rule changed: {instance}", scope=Relabelling.Scope.RULE, rule=instance
        )
    if instance.kind == LabelRule.Kind.EDITION:
        transaction.on_commit(edition_banners_sync)


@receiver(pre_delete, sender=LabelRule)
def rule_deleting(instance: LabelRule, **kwargs: Any) -> None:
    stories_dropping_labels(Q(rule=instance), f"Label rule deleted: {instance}")


@receiver(post_delete, sender=LabelRule)
def rule_deleted(instance: LabelRule, **kwargs: Any) -> None:
    if instance.kind == LabelRule.Kind.EDITION:
        transaction.on_commit(edition_banners_sync)


# Texts are edited with their label, whose save (before theirs) schedules this once, after commit.
@receiver(post_save, sender=Label)
def label_changed(instance: Label, **kwargs: Any) -> None:
    transaction.on_commit(lambda: label_stories_touch(instance.pk))
