import asyncio
import json
from collections.abc import AsyncIterator

from asgiref.sync import sync_to_async
from django.db import close_old_connections
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from dateline.core.params import id_parameter
from dateline.editions.links import all_news_url
from dateline.editions.middleware import EditionRequest
from dateline.editions.models import Edition
from dateline.stories.page_data import latest_change_seen, page_data
from dateline.stories.paging import Cursor, stories_by_day
from dateline.taxonomy.models import RegionPage, SectionPage, TopicPage

from .broker import broker
from .events import events_after
from .selectors import feed_page

HEARTBEAT_SECONDS = 15


def _section(model: type[SectionPage], edition: Edition, slug: str | None) -> SectionPage | None:
    if not slug:
        return None
    section = (
        model.objects.live()
        .filter(locale_id=edition.locale_id, slug=slug)
        .only("id", "title", "slug", "url_path")
        .first()
    )
    if section is None:
        raise Http404(_("No such region or topic."))
    return section


def _sections(model: type[SectionPage], edition: Edition) -> list[SectionPage]:
    return list(
        model.objects.live()
        .filter(locale_id=edition.locale_id)
        .only("title", "slug")
        .order_by("title")
    )


def all_news(request: EditionRequest, **kwargs: object) -> HttpResponse:
    edition = request.edition
    if edition is None:
        raise Http404
    region_slug, topic_slug = request.GET.get("region"), request.GET.get("topic")
    before = Cursor.from_parameter(request.GET.get("before"))
    after = Cursor.from_parameter(request.GET.get("after"))

    def build() -> dict:
        region = _section(RegionPage, edition, region_slug)
        topic = _section(TopicPage, edition, topic_slug)
        live_since = latest_change_seen()  # before the stories: see live_attributes
        page = feed_page(
            edition=edition,
            region_id=region.pk if region else None,
            topic_id=topic.pk if topic else None,
            before=before,
            after=after,
        )
        if after is not None and not page.stories:  # nothing newer: the first page
            return {"redirect": all_news_url(edition, region=region, topic=topic)}
        return {
            "page_title": _("All news"),
            "days": stories_by_day(page.stories, edition),
            "region": region,
            "topic": topic,
            "regions": _sections(RegionPage, edition),
            "topics": _sections(TopicPage, edition),
            "canonical_url": all_news_url(edition, region=region, topic=topic),
            "older_url": page.older
            and all_news_url(edition, region=region, topic=topic, before=page.older),
            "newer_url": page.newer
            and all_news_url(edition, region=region, topic=topic, after=page.newer),
            "is_first_page": before is None and after is None,
            "live_since": live_since,
        }

    key = ("all-news", edition.pk, region_slug, topic_slug, before, after)
    context = page_data(key, build) or {}
    if "redirect" in context:
        return redirect(context["redirect"])
    return TemplateResponse(request, "live/all_news.html", context)


def _sse(message: dict) -> str:
    data = json.dumps(
        {"story_id": message["story_id"], **message.get("payload", {})}, ensure_ascii=False
    )
    return f"id: {message['id']}\nevent: {message['kind']}\ndata: {data}\n\n"


def _wanted(message: dict, region: int | None, topic: int | None) -> bool:
    payload = message.get("payload")
    if payload is None:  # removals concern every page that may show the story
        return True
    return (region is None or region in payload["regions"]) and (
        topic is None or topic in payload["topics"]
    )


async def story_events(request: EditionRequest, **kwargs: object) -> StreamingHttpResponse:
    """Server-Sent Events of the edition's stories: published, updated, removed. A client that
    reconnects with Last-Event-ID (or ?since=) first gets what it missed."""
    edition = request.edition
    if edition is None:
        raise Http404
    since = id_parameter("since", request.headers.get("Last-Event-ID", request.GET.get("since")))
    region = id_parameter("region", request.GET.get("region"))
    topic = id_parameter("topic", request.GET.get("topic"))

    async def stream() -> AsyncIterator[str]:
        # Subscribed before the replay, so nothing falls between them.
        subscription = broker.subscribe(edition.locale_id, since)
        try:
            last = since or 0
            yield "retry: 3000\n\n"
            while since is not None:  # the replay, in batches
                position, missed = await sync_to_async(_missed)(last, edition)
                for message in missed:
                    if _wanted(message, region, topic):
                        yield _sse(message)
                if position == last:
                    break
                last = position
            while True:
                try:
                    message = await asyncio.wait_for(subscription.queue.get(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    yield ": still here\n\n"
                    continue
                if message["id"] > last and _wanted(message, region, topic):
                    last = message["id"]
                    yield _sse(message)
        except asyncio.CancelledError:
            # The reader left, or the server is stopping (`dateline serve` tells every open
            # stream so): end the response whole, between two events, and the page's
            # EventSource reconnects after `retry:`, to a server that is up.
            return
        finally:
            broker.unsubscribe(subscription)

    return StreamingHttpResponse(
        stream(),
        content_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def _missed(since: int, edition: Edition) -> tuple[int, list[dict]]:
    # The stream may stay open for hours: give its database connection back at once.
    try:
        return events_after(since, edition)
    finally:
        close_old_connections()
