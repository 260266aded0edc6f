"""The outbox's reaction "webhooks": each story change becomes a delivery row for every endpoint
that should hear of it, in the reaction's transaction, so nothing is sent twice or lost. No
request is made here: the sender (`sending`) posts the rows, off the publishing request and the
scheduler's thread.

What an endpoint hears is read through the gate when the change is handled, as the live stream
does: a story that is public (or, for a key allowed embargoed material, under embargo) is told
as published or updated; a withdrawn or deleted story is told as withdrawn only to endpoints
that were told of it or when it had been public, and nothing is told of drafts."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Min, Q

from dateline.editions.links import api_story_url, story_permalink
from dateline.editions.models import Edition
from dateline.editions.registry import all_editions
from dateline.stories.document import StoryDocument, story_documents
from dateline.stories.models import StoryChange
from dateline.stories.selectors import stories_for_documents
from dateline.syndication.models import WebhookDelivery, WebhookEndpoint

from .sending import senders_wake

Event = WebhookEndpoint.Event
Kind = StoryChange.Kind
GONE = {Kind.WITHDRAWN, Kind.DELETED}
# A story first published this long before its publication was recorded (an archive brought
# in today) is news to no subscriber: it is not announced. Its later updates are.
ARCHIVE_AGE = timedelta(days=2)
INSERT_BATCH = 1000


@dataclass(frozen=True)
class Listener:
    """An active endpoint as the reaction needs it: the editions it hears of (those its key,
    if any, may read too), its events, and whether it hears of embargoed stories."""

    endpoint_id: int
    created_at: datetime
    locale_ids: frozenset[int]
    events: frozenset[str]
    embargo: bool


def listeners() -> list[Listener]:
    endpoints = (
        WebhookEndpoint.objects.filter(active=True)
        .filter(Q(api_key=None) | Q(api_key__revoked_at=None))
        .select_related("api_key")
        .prefetch_related("editions", "api_key__editions")
    )
    found = []
    for endpoint in endpoints:
        locale_ids = {edition.locale_id for edition in endpoint.editions.all()}
        key = endpoint.api_key
        if key is not None:
            locale_ids &= {edition.locale_id for edition in key.editions.all()}
        found.append(
            Listener(
                endpoint_id=endpoint.pk,
                created_at=endpoint.created_at,
                locale_ids=frozenset(locale_ids),
                events=frozenset(endpoint.events),
                embargo=key is not None and key.embargo_access,
            )
        )
    return found


def _documents(
    edition: Edition, story_ids: set[int], *, embargoed: bool
) -> dict[int, StoryDocument]:
    stories = list(stories_for_documents(edition, embargoed=embargoed).filter(pk__in=story_ids))
    documents = story_documents(stories, edition, with_renditions=False) if stories else []
    return {document.id: document for document in documents}


def _last_told(endpoint_ids: Iterable[int], story_ids: Iterable[int]) -> dict[tuple[int, int], str]:
    """What each endpoint was told last of each story."""
    told: dict[tuple[int, int], str] = {}
    rows = (
        WebhookDelivery.objects.filter(story_id__in=list(story_ids), endpoint_id__in=endpoint_ids)
        .order_by("pk")
        .values_list("endpoint_id", "story_id", "event")
    )
    for endpoint_id, story_id, event in rows:
        told[endpoint_id, story_id] = event
    return told


def _first_public(story_ids: set[int]) -> dict[int, int]:
    """The id of each story's first recorded publication to readers: the change made when it
    went out, or, for a story published under embargo or dated later, when its time came."""
    if not story_ids:
        return {}
    rows = (
        StoryChange.objects.filter(story_id__in=story_ids, kind=Kind.PUBLISHED)
        .values("story_id")
        .annotate(first=Min("pk"))
        .values_list("story_id", "first")
    )
    return dict(rows)


def _payload(
    delivery_id: str,
    event: str,
    change: StoryChange,
    edition: Edition,
    document: StoryDocument | None,
    is_embargoed: bool,
) -> dict[str, Any]:
    story: dict[str, Any] = {
        "id": change.story_id,
        "edition": edition.slug,
        "uri": story_permalink(edition, change.story_id),
        "api": api_story_url(change.story_id),
    }
    if document is not None:  # a withdrawn story is named, nothing more
        story |= {"url": document.url, "version": document.version}
        if is_embargoed:  # told early: readers see it then
            story["embargo_until"] = document.published_at.isoformat()
    payload: dict[str, Any] = {
        "id": delivery_id,
        "event": event,
        "occurred_at": change.created_at.isoformat(),
        "story": story,
    }
    if change.kind == Kind.CORRECTED:
        payload["correction"] = True
    return payload


def _event(
    change: StoryChange,
    prior: str | None,
    document: StoryDocument | None,
    is_embargoed: bool,
    first_public: int | None,
) -> str | None:
    """What the listener is told of `change` (None: nothing), given what it was told last of
    the story (`prior`), the story's document as it may see it now (None: it may not) and the
    id of the story's first publication to readers."""
    if change.kind in GONE:
        if prior == Event.WITHDRAWN:
            return None
        was_seen = prior is not None or (first_public is not None and first_public < change.pk)
        return Event.WITHDRAWN if was_seen else None
    if document is None:
        return None
    if change.kind == Kind.PUBLISHED:
        if document.published_at < change.created_at - ARCHIVE_AGE:
            return None
        return Event.PUBLISHED
    if prior == Event.WITHDRAWN or (prior is None and is_embargoed):
        return Event.PUBLISHED  # back after a withdrawal, or news to a key allowed embargoes
    return Event.UPDATED


def _edition_deliveries(
    edition: Edition, changes: Sequence[StoryChange], audience: Sequence[Listener]
) -> list[WebhookDelivery]:
    story_ids = {change.story_id for change in changes}
    public = _documents(edition, story_ids, embargoed=False)
    early = (
        _documents(edition, story_ids, embargoed=True)
        if any(listener.embargo for listener in audience)
        else {}
    )
    told = _last_told([listener.endpoint_id for listener in audience], story_ids)
    first_public = _first_public({c.story_id for c in changes if c.kind in GONE})
    deliveries = []
    for change in changes:
        for listener in audience:
            if change.created_at < listener.created_at:
                continue  # an endpoint hears of what happens once it is registered
            key = (listener.endpoint_id, change.story_id)
            document = public.get(change.story_id)
            is_embargoed = document is None and listener.embargo and change.story_id in early
            if is_embargoed:
                document = early[change.story_id]
            event = _event(
                change, told.get(key), document, is_embargoed, first_public.get(change.story_id)
            )
            if event is None or event not in listener.events:
                continue
            told[key] = event
            delivery_id = str(uuid.uuid4())
            deliveries.append(
                WebhookDelivery(
                    endpoint_id=listener.endpoint_id,
                    change_id=change.pk,
                    story_id=change.story_id,
                    event=event,
                    payload=_payload(delivery_id, event, change, edition, document, is_embargoed),
                    next_attempt_at=change.created_at,
                )
            )
    return deliveries


def webhook_deliveries_record(changes: Sequence[StoryChange]) -> None:
    """The outbox reaction: a pending delivery per endpoint and event that `changes` make."""
    audience = listeners()
    if not audience:
        return
    since = min(listener.created_at for listener in audience)
    changes = [change for change in changes if change.created_at >= since]
    deliveries: list[WebhookDelivery] = []
    for edition in all_editions():
        mine = [change for change in changes if change.locale_id == edition.locale_id]
        hearing = [listener for listener in audience if edition.locale_id in listener.locale_ids]
        if mine and hearing:
            deliveries += _edition_deliveries(edition, mine, hearing)
    if deliveries:
        # A batch handled again after a crash finds its rows there already.
        WebhookDelivery.objects.bulk_create(
            deliveries, batch_size=INSERT_BATCH, ignore_conflicts=True
        )
        transaction.on_commit(senders_wake)
