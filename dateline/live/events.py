"""Live events: the story outbox as an open page sees it. Each change becomes an event when it is
read, from what the public gate shows at that moment, so replaying the stream from its start
never shows a withdrawn or deleted story, a draft, or the text a correction replaced."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from dateline.editions.clock import format_day, format_moment
from dateline.editions.models import Edition
from dateline.stories.document import StoryDocument, story_documents
from dateline.stories.models import StoryChange
from dateline.stories.outbox import changes_after
from dateline.stories.selectors import stories_for_documents

# A story first published longer ago than this (an archive story brought in today) is news to
# nobody's open page: its publication is announced as an update.
NEW_FOR = timedelta(days=2)
BATCH = 100
GONE = {StoryChange.Kind.WITHDRAWN, StoryChange.Kind.DELETED}


def _payload(story: StoryDocument, edition: Edition) -> dict:
    day = story.published_local.date()
    return {
        "id": story.id,
        "headline": story.headline,
        "lead": story.lead,
        "url": story.url,
        "published_at": story.published_at.isoformat(),
        "time": format_moment(story.published_at, edition, edition.time_format),
        "dateline": format_moment(story.published_at, edition, edition.dateline_format),
        "day": day.isoformat(),
        "day_label": format_day(day, edition),
        "regions": [tag.id for tag in story.regions],
        "topics": [tag.id for tag in story.topics],
    }


def _kind(change: StoryChange, story: StoryDocument) -> str:
    is_new = change.kind == StoryChange.Kind.PUBLISHED and (
        story.published_at > timezone.now() - NEW_FOR
    )
    return "published" if is_new else "updated"


def events_after(change_id: int, *editions: Edition) -> tuple[int, list[dict]]:
    """The editions' events after change `change_id`, oldest first, as readers may see them
    now, and the last change read (where the next call starts)."""
    changes = changes_after(change_id, locale_ids=[e.locale_id for e in editions], limit=BATCH)
    events: list[dict[str, Any]] = []
    for edition in editions:
        ids = {c.story_id for c in changes if c.locale_id == edition.locale_id}
        stories = list(stories_for_documents(edition).filter(pk__in=ids)) if ids else []
        public = {document.id: document for document in story_documents(stories, edition)}
        for change in changes:
            if change.locale_id != edition.locale_id:
                continue
            event = {"id": change.pk, "locale_id": change.locale_id, "story_id": change.story_id}
            if (story := public.get(change.story_id)) is not None:
                events.append(
                    event | {"kind": _kind(change, story), "payload": _payload(story, edition)}
                )
            elif change.kind in GONE:  # open pages should drop it; nothing more is said of it
                events.append(event | {"kind": "removed"})
    events.sort(key=lambda event: event["id"])
    return (changes[-1].pk if changes else change_id), events
