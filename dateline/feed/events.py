"""The story event log: written after a publish, unpublish or deletion commits; read by the live
streams, which replay from it by event id."""

from datetime import timedelta

from django.utils import timezone

from dateline.editions.clock import format_day, format_moment, local_day
from dateline.editions.registry import edition_for_locale
from dateline.stories.models import Story

from .models import StoryEvent

# How far back a reconnecting page can catch up; older events are pruned.
REPLAY_WINDOW = timedelta(days=2)
PRUNE_EVERY = 500


def _payload(story: Story) -> dict:
    edition = edition_for_locale(story.locale_id)
    published_at = story.first_published_at
    day = local_day(published_at, edition)
    return {
        "id": story.pk,
        "headline": story.headline,
        "lead": story.lead,
        "url": story.url,
        "published_at": published_at.isoformat(),
        "time": format_moment(published_at, edition, edition.time_format),
        "dateline": format_moment(published_at, edition, edition.dateline_format),
        "day": day.isoformat(),
        "day_label": format_day(day, edition),
        "regions": list(story.regions.values_list("id", flat=True)),
        "topics": list(story.topics.values_list("id", flat=True)),
    }


def story_event_record(
    *, story_id: int, locale_id: int, removed: bool = False
) -> StoryEvent | None:
    """Logs what readers may now know of the story: its live content if it is live (published
    or updated), else only that it is gone. A story that never went live (a draft, an
    embargoed story) leaves no event."""
    story = Story.objects.filter(pk=story_id, live=True).first() if not removed else None
    if story is not None:
        # "New" only for a story published for the first time and dated now; an archive story
        # brought in today is dated years back and is news to nobody's open page.
        is_new = story.last_published_at == story.first_published_at and (
            story.first_published_at > timezone.now() - REPLAY_WINDOW
        )
        kind = StoryEvent.Kind.PUBLISHED if is_new else StoryEvent.Kind.UPDATED
        event = StoryEvent.objects.create(
            locale_id=locale_id, story_id=story_id, kind=kind, payload=_payload(story)
        )
    elif StoryEvent.objects.filter(story_id=story_id).exists():
        # Only pages that may show it need telling; a story never announced stays unspoken.
        event = StoryEvent.objects.create(
            locale_id=locale_id, story_id=story_id, kind=StoryEvent.Kind.REMOVED, payload={}
        )
    else:
        return None
    if event.pk % PRUNE_EVERY == 0:
        StoryEvent.objects.filter(created_at__lt=timezone.now() - REPLAY_WINDOW).delete()
    from .broker import broker

    broker.announce(event)
    return event


def event_as_message(event: StoryEvent) -> dict:
    return {
        "id": event.pk,
        "locale_id": event.locale_id,
        "story_id": event.story_id,
        "kind": event.kind,
        "payload": event.payload,
    }


def events_after(event_id: int, locale_id: int | None = None, limit: int = 500) -> list[dict]:
    events = StoryEvent.objects.filter(pk__gt=event_id).order_by("pk")
    if locale_id is not None:
        events = events.filter(locale_id=locale_id)
    return [event_as_message(e) for e in events[:limit]]


def latest_event_id() -> int:
    return StoryEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
