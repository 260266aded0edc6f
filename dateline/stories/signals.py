"""Every write path (admin, import, scheduler, scripts) records its story changes here, inside
the write's transaction."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import ReferenceIndex
from wagtail.signals import page_published, page_unpublished, published, unpublished

from dateline.photos.models import Photo, Photographer, PhotoWording
from dateline.taxonomy.models import RegionPage, TopicPage

from .models import Author, Story, StoryChange
from .outbox import story_change_record, story_changes_record


@receiver(published, sender=Story)
def story_published(instance: Story, **kwargs: Any) -> None:
    # Wagtail sends `published` when it schedules a first publication too; the scheduler's
    # publication at go-live time is the one change readers see.
    if instance.live:
        if instance.withdrawn_at is not None:  # back after a withdrawal: it stands again
            Story.objects.filter(pk=instance.pk).update(withdrawn_at=None, withdrawal_reason="")
            instance.withdrawn_at, instance.withdrawal_reason = None, ""
        story_change_record(story=instance)


@receiver(unpublished, sender=Story)
def story_withdrawn(instance: Story, **kwargs: Any) -> None:
    story_change_record(story=instance, kind=StoryChange.Kind.WITHDRAWN)


@receiver(post_delete, sender=Story)
def story_deleted(instance: Story, **kwargs: Any) -> None:
    if instance.first_published_at is not None:  # a draft nobody saw needs no telling
        story_change_record(story=instance, kind=StoryChange.Kind.DELETED)


def _stories_showing(photos: QuerySet[Photo]) -> list[Story]:
    """The live stories that show any of `photos`, as lead photo or in their bodies."""
    in_bodies = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(Photo),
        to_object_id__in=[str(pk) for pk in photos.values_list("pk", flat=True)],
        base_content_type=ContentType.objects.get_for_model(Story),
    ).values_list("object_id", flat=True)
    return list(
        Story.objects.filter(live=True)
        .filter(Q(lead_photo__in=photos) | Q(pk__in=[int(i) for i in in_bodies]))
        .only("id", "locale_id", "notes")
    )


@receiver(post_save, sender=Photo)
def photo_changed(instance: Photo, created: bool, **kwargs: Any) -> None:
    if not created:
        story_changes_record(
            stories=_stories_showing(Photo.objects.filter(pk=instance.pk)),
            kind=StoryChange.Kind.PHOTO,
        )


@receiver(pre_delete, sender=Photo)
def photo_deleted(instance: Photo, **kwargs: Any) -> None:
    story_changes_record(
        stories=_stories_showing(Photo.objects.filter(pk=instance.pk)),
        kind=StoryChange.Kind.PHOTO,
    )


@receiver(post_save, sender=PhotoWording)
@receiver(post_delete, sender=PhotoWording)
def photo_wording_changed(instance: PhotoWording, origin: Any = None, **kwargs: Any) -> None:
    # A deleted photo takes its wordings along: photo_deleted has told its stories already.
    if isinstance(origin, Photo) or getattr(origin, "model", None) is Photo:
        return
    story_changes_record(
        stories=_stories_showing(Photo.objects.filter(pk=instance.photo_id)),
        kind=StoryChange.Kind.PHOTO,
    )


@receiver([page_published, page_unpublished], sender=RegionPage)
@receiver([page_published, page_unpublished], sender=TopicPage)
def section_changed(instance: RegionPage | TopicPage, **kwargs: Any) -> None:
    tagged = instance.stories.filter(live=True).only("id", "locale_id", "notes")
    story_changes_record(stories=tagged, kind=StoryChange.Kind.TAGS)


@receiver(pre_delete, sender=RegionPage)
@receiver(pre_delete, sender=TopicPage)
def section_deleted(instance: RegionPage | TopicPage, **kwargs: Any) -> None:
    # Wagtail unpublishes a live page before deleting it, and that sends page_unpublished.
    if not instance.live:
        section_changed(instance)


@receiver(post_save, sender=Author)
def author_changed(instance: Author, created: bool, **kwargs: Any) -> None:
    if not created:  # a new author is in no byline yet
        bylined = Story.objects.filter(live=True, byline__author=instance)
        story_changes_record(
            stories=bylined.only("id", "locale_id", "notes"), kind=StoryChange.Kind.PEOPLE
        )


@receiver(post_save, sender=Photographer)
def photographer_changed(instance: Photographer, **kwargs: Any) -> None:
    # A new translation changes the credit too: the edition of its language prints it.
    photos = Photo.objects.filter(photographer__translation_key=instance.translation_key)
    story_changes_record(stories=_stories_showing(photos), kind=StoryChange.Kind.PEOPLE)
