"""Writes to stories. Every path (admin, import, demo) goes through Wagtail's revisions."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.unpublish import UnpublishAction
from wagtail.log_actions import log
from wagtail.models import Locale

from dateline.core.validators import validate_web_address
from dateline.editions.registry import edition_for_locale
from dateline.photos.models import Photo

from .models import Author, Story, StoryAuthor, TranslationKind


def _sources_check(story: Story) -> None:
    """Raises ValidationError unless every source's address is a web address: the reader's page
    links to it. The admin's source block and the import apply the same validator."""
    reasons = []
    for number, block in enumerate(story.sources.raw_data, 1):
        value = block.get("value")
        url = value.get("url") if isinstance(value, dict) else None
        if url:
            try:
                validate_web_address(url)
            except ValidationError as error:
                reasons += [
                    _("Source %(number)s: %(reason)s") % {"number": number, "reason": reason}
                    for reason in error.messages
                ]
    if reasons:
        raise ValidationError({"sources": reasons})


@transaction.atomic
def story_create(
    *,
    locale: Locale,
    headline: str,
    lead: str = "",
    body: Sequence[dict] = (),
    lead_photo: Photo | None = None,
    lead_photo_caption: str = "",
    authors: Iterable[Author] = (),
    regions: Iterable = (),
    topics: Iterable = (),
    sources: Iterable[dict] = (),
    notes: Iterable[dict] = (),
    translation_of: Story | None = None,
    translation_kind: str = "",
    external_id: str = "",
    user: AbstractBaseUser | None = None,
) -> Story:
    """A draft story with its first revision. Raises ValidationError on bad input.

    `body` and `notes` are StreamField data ({"type": ..., "value": ...}); `sources` are
    {"name": ..., "url": ...}."""
    story = Story(
        locale=locale,
        headline=headline,
        lead=lead,
        body=list(body),
        lead_photo=lead_photo,
        lead_photo_caption=lead_photo_caption,
        sources=[{"type": "source", "value": source} for source in sources],
        notes=list(notes),
        translation_of=translation_of,
        translation_kind=translation_kind,
        external_id=external_id,
        live=False,
    )
    story.byline = [StoryAuthor(author=author) for author in authors]
    story.regions = list(regions)
    story.topics = list(topics)
    _sources_check(story)
    story.full_clean(exclude=["translation_key"])
    story.save()
    story.save_revision(user=user)
    return story


@transaction.atomic
def story_publish(
    *, story: Story, user: AbstractBaseUser | None = None, published_at: datetime | None = None
) -> Story:
    """Publishes the story's latest revision. `published_at` dates the first publication of a
    story brought in from an archive; once published, a story keeps its first-published time."""
    first_publication = story.first_published_at is None
    story.latest_revision.publish(user=user)
    if published_at is not None and first_publication:
        Story.objects.filter(pk=story.pk).update(
            first_published_at=published_at, last_published_at=published_at
        )
    story.refresh_from_db()
    return story


@transaction.atomic
def story_update(
    *,
    story: Story,
    fields: dict,
    authors: Iterable[Author],
    regions: Iterable,
    topics: Iterable,
    user: AbstractBaseUser | None = None,
) -> Story:
    """A new revision of a published story with these contents, published at once; the story
    keeps its first-published time. Raises ValidationError on bad input."""
    for name, value in fields.items():
        setattr(story, name, value)
    story.byline = [StoryAuthor(author=author) for author in authors]
    story.regions = list(regions)
    story.topics = list(topics)
    _sources_check(story)
    story.full_clean(exclude=["translation_key"])
    story.save_revision(user=user)
    return story_publish(story=story, user=user)


WITHDRAW_ACTION = "stories.withdraw"


@transaction.atomic
def story_withdraw(*, story: Story, reason: str, user: AbstractBaseUser | None = None) -> Story:
    """Takes a published story down for good (a legal kill): readers of its address get a
    notice instead, every list and feed drops it, and its history says who did it and why."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the story is withdrawn.")})
    UnpublishAction(story, user=user).execute(skip_permission_checks=True)
    Story.objects.filter(pk=story.pk).update(
        withdrawn_at=timezone.now(), withdrawal_reason=reason.strip()
    )
    log(instance=story, action=WITHDRAW_ACTION, user=user, data={"reason": reason.strip()})
    story.refresh_from_db()
    return story


@transaction.atomic
def translation_create(
    *,
    original: Story,
    locale: Locale,
    kind: str = TranslationKind.FULL,
    translator: AbstractBaseUser | None = None,
    user: AbstractBaseUser | None = None,
) -> Story:
    """A draft translation of `original` in another edition, to be translated and published,
    in `translator`'s queue."""
    translation = original.copy_for_translation(locale)
    translation.translation_kind = kind
    translation.translator = translator
    translation.full_clean(exclude=["translation_key"])
    translation.save()
    translation.save_revision(user=user)
    return translation


EXTERNAL_ID_BATCH = 1000


def _external_id_free(external_id: str, taken: set[str]) -> str:
    candidate, number = external_id, 1
    while candidate in taken or (
        candidate != external_id and Story.objects.filter(external_id=candidate).exists()
    ):
        number += 1
        candidate = f"{external_id}-{number}"
    return candidate


@transaction.atomic
def story_external_ids_assign(*, stories: QuerySet[Story]) -> None:
    """These stories and their originals, where they have no external id, get
    `<edition>-<id>` (or `<edition>-<id>-<n>` if taken), so that a file they are exported to
    finds them again when imported back into this database."""
    missing = Story.objects.filter(external_id="").filter(
        Q(pk__in=stories.values("pk")) | Q(pk__in=stories.values("translation_of"))
    )
    while batch := list(missing.values_list("pk", "locale_id")[:EXTERNAL_ID_BATCH]):
        wanted = {}
        for pk, locale_id in batch:
            edition = edition_for_locale(locale_id)
            wanted[pk] = f"{edition.slug if edition else 'story'}-{pk}"
        taken = set(
            Story.objects.filter(external_id__in=wanted.values()).values_list(
                "external_id", flat=True
            )
        )
        for pk, external_id in wanted.items():
            wanted[pk] = _external_id_free(external_id, taken)
        Story.objects.bulk_update(
            [Story(pk=pk, external_id=external_id) for pk, external_id in wanted.items()],
            ["external_id"],
        )
