"""The subscriber API: stories in IPTC ninjs 3.1 for holders of an API key, read-only, under
/api/, with its OpenAPI document (/api/openapi.json) and interactive docs (/api/docs) written
from this module by django-ninja. docs/api.md is the subscriber's guide.

A request names its key (`Authorization: Bearer <key>` or `X-API-Key: <key>`), is counted
against the key's rate, and reads only the key's editions through the public gate (and its
embargoed variant for a key allowed embargoed material). Every refusal is a JSON problem
(RFC 9457) that says what to change: 400 for a bad filter or cursor, 401 without a working
key, 403 outside the key's editions, 404, 429 with Retry-After."""

from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any, cast

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.openapi.docs import Swagger
from ninja.security import APIKeyHeader, HttpBearer

from dateline.core.params import MAX_ID, MAX_VALUE_LENGTH, check_address
from dateline.editions.links import api_stories_url
from dateline.editions.models import Edition
from dateline.editions.registry import edition_for_locale, edition_for_slug
from dateline.stories.document import DocumentSources, document_sources
from dateline.stories.page_data import document_data, documents_data, page_data
from dateline.stories.paging import BadCursor, Cursor
from dateline.taxonomy.models import RegionPage, SectionPage, TopicPage

from .keys import api_key_check, api_key_editions, api_key_used
from .models import ApiKey
from .ninjs import ninjs_stories, ninjs_withdrawn
from .rate_limit import KeyRateLimit
from .subscriber_stories import (
    Entry,
    Gate,
    Sections,
    entries_changed,
    entries_newest,
    section_pages,
    stories_of,
    story_edition_elsewhere,
    story_for_key,
    story_withdrawn_for_key,
)
from .webhooks.api import router as webhooks_router

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
NO_KEY = (
    "This API needs a key: send it as `Authorization: Bearer <key>` or as `X-API-Key: <key>`. "
    "The agency's administrators issue keys."
)
PROBLEM_TYPE = "application/problem+json"

DESCRIPTION = """Stories of the agency's editions as IPTC ninjs 3.1 documents
(http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json), for subscribers with an API key.

Send the key as `Authorization: Bearer <key>` (or `X-API-Key: <key>`). A key reads the editions
it was issued for, a number of requests a minute (429 with Retry-After beyond it), and, if it is
allowed embargoed material, stories under embargo before it ends, marked `embargoedUntil`.

Lists are paged by cursor: follow `next` until it is null. Errors are JSON problems (RFC 9457)
whose `detail` says what to change.

A key may register its own webhooks (`/api/webhooks`): HTTPS endpoints told, by a signed POST,
when a story of its editions is published, updated or withdrawn."""


class _KeyRefused(AuthenticationError):
    """A key was sent, and it is not one that works."""


def _key_for(raw: str) -> ApiKey:
    key = api_key_check(raw.strip())
    if key is None:
        raise _KeyRefused(message="Unknown or revoked API key.")
    api_key_used(key)
    return key


class BearerKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiKey:
        return _key_for(token)


class HeaderKey(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKey | None:
        return _key_for(key) if key else None


api = NinjaAPI(
    title="Dateline subscriber API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="syndication_api",
    auth=[BearerKey(), HeaderKey()],
    throttle=[KeyRateLimit()],
    # The package's own copy of Swagger UI (ninja is an installed app, so its static files are
    # served): nothing is fetched from elsewhere, and no inline script meets the site's CSP.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


class Problem(Schema):
    """An error, as RFC 9457 puts it."""

    title: str = Field(description="The status in words.")
    status: int
    detail: str = Field(description="What went wrong, and what to change.")


class StoryList(Schema):
    items: list[dict[str, Any]] = Field(
        description="ninjs 3.1 documents, in the list's order; a withdrawn story (in a list "
        "with updated_since) says only its uri, version and pubStatus `canceled`."
    )
    next: str | None = Field(
        description="The next page's address (same filters, a cursor), or null on the last page."
    )


class StoryFilters(Schema):
    edition: str | None = Field(
        None,
        max_length=20,
        description="An edition's slug (e.g. `en`); by default every edition the key reads.",
    )
    region: str | None = Field(
        None, max_length=255, description="A region's slug: only stories of that region."
    )
    topic: str | None = Field(
        None, max_length=255, description="A topic's slug: only stories of that topic."
    )
    updated_since: datetime | None = Field(
        None,
        description="An RFC 3339 time with its offset (e.g. `2025-01-10T12:00:00Z`): only "
        "stories published, updated or withdrawn at or after it, oldest change first. Without "
        "it, the list is newest first by publication time.",
    )
    cursor: str | None = Field(
        None, max_length=MAX_VALUE_LENGTH, description="Where a page starts: from `next`."
    )
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Stories per page.")


ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 429: Problem}


def _json(body: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(
        body,
        status=status,
        content_type=PROBLEM_TYPE if status >= 400 else "application/json",
        json_dumps_params={"ensure_ascii": False},
    )
    # What a key reads is the key's: no shared cache may keep it for another.
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Authorization, X-API-Key"
    return response


def _problem(status: int, detail: str) -> JsonResponse:
    return _json({"title": HTTPStatus(status).phrase, "status": status, "detail": detail}, status)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    response = _problem(401, error.message if isinstance(error, _KeyRefused) else NO_KEY)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(Throttled)
def _too_many(request: HttpRequest, error: Throttled) -> HttpResponse:
    key = cast(ApiKey, request.auth)  # type: ignore[attr-defined]
    return _problem(
        429,
        f"This key may make {key.requests_per_minute} requests a minute; the next minute "
        "starts in the seconds Retry-After says.",
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return _problem(error.status_code, error.message)


def _where(location: tuple) -> str:
    # ("query", "limit") is `limit`; ("body", "webhook", "url") is `url`: the names a client sent.
    named = location[2:] if location[0] == "body" else location[1:]
    return ".".join(str(part) for part in named) or str(location[-1])


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    faults = [f"{_where(tuple(fault['loc']))}: {fault['msg']}" for fault in error.errors]
    return _problem(400, "; ".join(faults))


@api.exception_handler(BadRequest)
def _bad_request(request: HttpRequest, error: BadRequest) -> HttpResponse:
    return _problem(400, str(error))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return _problem(404, str(error) or "Not found.")


def _key(request: HttpRequest) -> ApiKey:
    # Every query parameter, not only the ones read: text no database takes is refused here.
    check_address(request.path_info, request.GET)
    return cast(ApiKey, request.auth)  # type: ignore[attr-defined]


def _editions_asked(key: ApiKey, slug: str | None) -> tuple[Edition, ...]:
    own = api_key_editions(key)
    if not own:
        raise HttpError(403, "This key reads no edition (any more): ask the agency.")
    if not slug:
        return own
    edition = edition_for_slug(slug)
    if edition is None:
        raise HttpError(400, f"edition: there is no edition {slug!r}.")
    if edition not in own:
        slugs = ", ".join(e.slug for e in own)
        raise HttpError(403, f"This key reads the editions {slugs}, not {slug}.")
    return (edition,)


def _section(
    kind: type[SectionPage], slug: str | None, editions: tuple[Edition, ...]
) -> dict[int, list[int]] | None:
    if not slug:
        return None
    if not (found := section_pages(kind, slug, editions)):
        name = kind._meta.model_name.removesuffix("page")
        slugs = ", ".join(e.slug for e in editions)
        # The slug is not repeated: an answer says nothing of the pages it looked at.
        raise HttpError(400, f"{name}: no such {name} in the editions {slugs}.")
    return found


def _cursor(text: str | None) -> Cursor | None:
    try:
        return Cursor.from_parameter(text) if text else None
    except BadCursor:
        raise HttpError(
            400, "cursor: not a place in this list; use the `next` address as given."
        ) from None


def _since(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.utcoffset() is None:
        raise HttpError(400, "updated_since: give the time's offset, e.g. 2025-01-10T12:00:00Z.")
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise HttpError(400, "updated_since: the time is out of range.") from None


ItemPage = tuple[str, int, Gate]  # ("ninjs", story id, the gate it came through)


def _items(entries: list[Entry], editions: tuple[Edition, ...]) -> list[dict]:
    """The entries' documents, each kept until one of its sources changes (as a story's own
    document is), and withdrawn ones as `canceled`."""

    def build(missing: list[ItemPage]) -> dict[ItemPage, tuple[dict, DocumentSources]]:
        wanted = {(story_id, gate) for _kind, story_id, gate in missing}
        stories = stories_of([e for e in entries if (e.story_id, e.gate) in wanted], editions)
        built: dict[ItemPage, tuple[dict, DocumentSources]] = {}
        for gate in (Gate.PUBLIC, Gate.EMBARGOED):
            through = [stories[i] for i, g in wanted if g == gate and i in stories]
            documents = ninjs_stories(through, embargoed=gate == Gate.EMBARGOED)
            for story in through:
                if (document := documents.get(story.pk)) is not None:
                    built[("ninjs", story.pk, gate)] = (document, document_sources(story))
        return built

    pages: list[ItemPage] = [
        ("ninjs", e.story_id, e.gate) for e in entries if e.gate != Gate.WITHDRAWN
    ]
    documents = documents_data(pages, build)
    items = []
    for entry in entries:
        if entry.gate == Gate.WITHDRAWN:
            if (edition := edition_for_locale(entry.locale_id)) is not None:
                items.append(ninjs_withdrawn(entry.story_id, edition, entry.at))
        elif (document := documents.get(("ninjs", entry.story_id, entry.gate))) is not None:
            items.append(document)
    return items


@api.get(
    "/stories",
    response={200: StoryList, **ERRORS},
    operation_id="stories_list",
    tags=["stories"],
    summary="List stories",
    description="The key's stories, newest first by publication time; with `updated_since`, "
    "those changed since then, oldest change first, withdrawn stories among them as "
    "`canceled`. Filters combine; `next` keeps them.",
)
def stories_list(request: HttpRequest, filters: Query[StoryFilters]) -> HttpResponse:
    key = _key(request)
    editions = _editions_asked(key, filters.edition)
    sections = Sections(
        regions=_section(RegionPage, filters.region, editions),
        topics=_section(TopicPage, filters.topic, editions),
    )
    cursor = _cursor(filters.cursor)
    since = _since(filters.updated_since)
    query: dict[str, object] = {
        "edition": filters.edition,
        "region": filters.region,
        "topic": filters.topic,
        "updated_since": since.isoformat().replace("+00:00", "Z") if since else None,
        "limit": filters.limit if filters.limit != PAGE_SIZE else None,
    }

    def build() -> dict:
        if since is None:
            page = entries_newest(
                editions=editions,
                embargo=key.embargo_access,
                sections=sections,
                cursor=cursor,
                size=filters.limit,
            )
        else:
            page = entries_changed(
                editions=editions,
                embargo=key.embargo_access,
                since=since,
                sections=sections,
                cursor=cursor,
                size=filters.limit,
            )
        return {
            "items": _items(page.entries, editions),
            "next": api_stories_url(query | {"cursor": page.next}) if page.next else None,
        }

    kept_as = (
        "api-stories",
        tuple(e.pk for e in editions),
        key.embargo_access,
        *query.values(),
        cursor,
    )
    return _json(page_data(kept_as, build) or {})


@api.get(
    "/stories/{story_id}",
    response={200: dict[str, Any], 404: Problem, **ERRORS},
    operation_id="story_get",
    tags=["stories"],
    summary="One story",
    description="A story of the key's editions as a ninjs 3.1 document. A withdrawn story "
    "answers 200 with pubStatus `canceled` and nothing of what it said; a story of another "
    "edition 403; one that is not public 404.",
)
def story_get(request: HttpRequest, story_id: int = Path(..., ge=1, le=MAX_ID)) -> HttpResponse:
    key = _key(request)
    editions = api_key_editions(key)

    def build() -> tuple[dict, DocumentSources] | None:
        found = story_for_key(story_id=story_id, editions=editions, embargo=key.embargo_access)
        if found is None:
            return None
        story, gate = found
        document = ninjs_stories([story], embargoed=gate == Gate.EMBARGOED)[story.pk]
        return document, document_sources(story)

    kept_as = ("api-story", story_id, tuple(e.pk for e in editions), key.embargo_access)
    document, _change_id = document_data(kept_as, build)
    if document is not None:
        return _json(document)
    withdrawn = story_withdrawn_for_key(story_id=story_id, editions=editions)
    if withdrawn is not None and withdrawn.withdrawn_at is not None:
        if (edition := edition_for_locale(withdrawn.locale_id)) is not None:
            return _json(ninjs_withdrawn(story_id, edition, withdrawn.withdrawn_at))
    if (elsewhere := story_edition_elsewhere(story_id=story_id, editions=editions)) is not None:
        slugs = ", ".join(e.slug for e in editions) or "no edition"
        raise HttpError(
            403, f"Story {story_id} is in the edition {elsewhere.slug}; this key reads {slugs}."
        )
    raise Http404(f"No story {story_id} for this key.")


api.add_router("/webhooks", webhooks_router)
