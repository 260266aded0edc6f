import asyncio
import json
from collections.abc import AsyncIterator

from asgiref.sync import sync_to_async
from django.db import close_old_connections
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dateline.taxonomy.models import RegionPage, TopicPage

from .broker import broker
from .cursor import BadCursor, Cursor
from .days import stories_by_day
from .events import events_after, latest_event_id
from .selectors import feed_page

HEARTBEAT_SECONDS = 15
# Sample counts whose plural forms, with the browser's Intl.PluralRules, cover every language.
PLURAL_SAMPLES = (0, 1, 2, 3, 5, 11, 21, 22, 25, 101, 102, 105)


def _section(model, locale_id: int, slug: str | None):
    if not slug:
        return None
    section = (
        model.objects.live().filter(locale_id=locale_id, slug=slug).only("id", "title").first()
    )
    if section is None:
        raise Http404(_("No such region or topic."))
    return section


def _sections(model, locale_id: int):
    return model.objects.live().filter(locale_id=locale_id).only("title", "slug").order_by("title")


def _cursor(request: HttpRequest, name: str) -> Cursor | None:
    text = request.GET.get(name)
    if text is None:
        return None
    try:
        return Cursor.parse(text)
    except BadCursor as error:
        raise Http404(str(error)) from error


def new_stories_labels() -> str:
    """“N new stories” in the page's language for sample counts, for the live script."""
    return json.dumps(
        {
            n: ngettext("%(count)s new story", "%(count)s new stories", n) % {"count": n}
            for n in PLURAL_SAMPLES
        },
        ensure_ascii=False,
    )


def live_url(edition, **filters) -> str:
    query = {name: value for name, value in filters.items() if value}
    query["since"] = latest_event_id()
    return f"{edition.root_url}news/events/?{urlencode(query)}"


def all_news(request: HttpRequest, **kwargs) -> HttpResponse:
    edition = request.edition
    if edition is None:
        raise Http404
    region = _section(RegionPage, edition.locale_id, request.GET.get("region"))
    topic = _section(TopicPage, edition.locale_id, request.GET.get("topic"))
    before, after = _cursor(request, "before"), _cursor(request, "after")
    # Before the stories: an event after this id may repeat a story on the page, never miss one.
    events_url = live_url(
        edition, region=region.pk if region else None, topic=topic.pk if topic else None
    )
    page = feed_page(
        locale_id=edition.locale_id,
        region_id=region.pk if region else None,
        topic_id=topic.pk if topic else None,
        before=before,
        after=after,
    )
    filters = {
        k: v for k, v in (("region", region and region.slug), ("topic", topic and topic.slug)) if v
    }
    base = f"{edition.root_url}news/"
    if after is not None and not page.stories:
        return redirect(f"{base}?{urlencode(filters)}" if filters else base)
    return TemplateResponse(
        request,
        "feed/all_news.html",
        {
            "page_title": _("All news"),
            "days": stories_by_day(page.stories, edition),
            "region": region,
            "topic": topic,
            "regions": _sections(RegionPage, edition.locale_id),
            "topics": _sections(TopicPage, edition.locale_id),
            "older_url": page.older and f"{base}?{urlencode(filters | {'before': page.older})}",
            "newer_url": page.newer and f"{base}?{urlencode(filters | {'after': page.newer})}",
            "is_first_page": before is None and after is None,
            "live_url": events_url if before is None and after is None else "",
            "live_labels": new_stories_labels(),
        },
    )


def _sse(message: dict) -> str:
    data = json.dumps({"story_id": message["story_id"], **message["payload"]}, ensure_ascii=False)
    return f"id: {message['id']}\nevent: {message['kind']}\ndata: {data}\n\n"


def _wanted(message: dict, locale_id: int, region: int | None, topic: int | None) -> bool:
    if message["locale_id"] != locale_id:
        return False
    payload = message["payload"]
    if message["kind"] != "removed" and (
        (region is not None and region not in payload.get("regions", []))
        or (topic is not None and topic not in payload.get("topics", []))
    ):
        return False
    return True


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


async def story_events(request: HttpRequest, **kwargs) -> HttpResponse:
    """Server-Sent Events of the edition's stories: published, updated, removed. A client that
    reconnects with Last-Event-ID (or ?since=) first gets what it missed."""
    edition = request.edition
    if edition is None:
        raise Http404
    since = _int(request.headers.get("Last-Event-ID", request.GET.get("since")))
    region, topic = _int(request.GET.get("region")), _int(request.GET.get("topic"))
    locale_id = edition.locale_id

    async def stream() -> AsyncIterator[str]:
        queue = broker.subscribe(since)  # before the replay, so nothing falls between them
        try:
            last = since or 0
            yield "retry: 3000\n\n"
            missed = await sync_to_async(_missed)(since, locale_id)
            for message in missed:
                last = message["id"]
                if _wanted(message, locale_id, region, topic):
                    yield _sse(message)
            while True:
                try:
                    message = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    yield ": still here\n\n"
                    continue
                if message["id"] > last and _wanted(message, locale_id, region, topic):
                    last = message["id"]
                    yield _sse(message)
        finally:
            broker.unsubscribe(queue)

    return StreamingHttpResponse(
        stream(),
        content_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def _missed(since: int | None, locale_id: int) -> list[dict]:
    # The stream may stay open for hours: give its database connection back at once.
    try:
        return events_after(since, locale_id) if since is not None else []
    finally:
        close_old_connections()
