from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from dateline.stories.models import Story

from .events import story_event_record


def _after_commit(instance: Story, removed: bool = False) -> None:
    # After commit, so the event tells what readers can now see, never a rolled-back write.
    transaction.on_commit(
        partial(
            story_event_record, story_id=instance.pk, locale_id=instance.locale_id, removed=removed
        )
    )


@receiver(published, sender=Story)
def story_published(instance: Story, **kwargs) -> None:
    _after_commit(instance)


@receiver(unpublished, sender=Story)
def story_unpublished(instance: Story, **kwargs) -> None:
    _after_commit(instance, removed=True)


@receiver(post_delete, sender=Story)
def story_deleted(instance: Story, **kwargs) -> None:
    if instance.live:
        _after_commit(instance, removed=True)
