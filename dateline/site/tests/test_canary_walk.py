"""The canary walk: text that no reader may see is planted in every non-public state a story, a
photo, a tag or an author can be in, and every URL pattern Django resolves is requested with
every parameter filled from the planted world, anonymously, on the main host and on an
edition's own host; the subscriber API once more with a key of every edition, with and without
embargo scope. No response, no live event and no exported line may carry a canary (a key with
embargo scope gets the embargoed story's, and only those).

The tables below are explicit: a new route, a new route parameter or a new query parameter that
a view reads makes the walk fail until it is filled here, so no route can be forgotten."""

import asyncio
import functools
import inspect
import io
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import chain, product
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from asgiref.sync import async_to_sync, iscoroutinefunction
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.management import call_command
from django.test import AsyncClient, Client
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone
from wagtail.models import Page

from dateline.editions.factories import EditionFactory
from dateline.editions.models import Edition, EditionFrontPage, FrontTopStory
from dateline.editions.services import edition_front_page_ensure
from dateline.live import views as live_views
from dateline.photos.factories import PhotoFactory, generated_jpeg
from dateline.photos.models import READER_FILTERS, Photo
from dateline.search.cursor import SearchCursor, cursor_text, search_fingerprint
from dateline.stories.factories import AuthorFactory, StoryFactory
from dateline.stories.models import Author, Story, StoryAuthor
from dateline.stories.paging import Cursor
from dateline.stories.services import story_create, story_publish, story_withdraw
from dateline.syndication.api import api as subscriber_api
from dateline.syndication.keys import api_key_create
from dateline.taxonomy.factories import region_add, topic_add
from dateline.taxonomy.models import RegionPage, TopicPage

# Every canary starts with this; searched case-insensitively, since slugs are lower case.
CANARY = "CANARY"
_TOKEN = re.compile(r"canary-\w+-\w+-[0-9a-f]{8}", re.IGNORECASE)
_ANY = re.compile(CANARY, re.IGNORECASE)
RU_HOST = "ru.dateline-walk.test"
STREAM_BYTES = 256 * 1024  # how much of a streamed file is read
STREAM_TIMEOUT = 5.0  # seconds to wait for the next event of the live stream
HEARTBEAT = 0.05  # the live stream's heartbeat in this test: it ends the read after the replay
MAX_FINDINGS = 300  # findings listed one by one in a failure; the summary counts them all
# Where every public story must show (each edition's stories on their own edition's routes).
SEEN_ON = {
    "/<slug:edition_slug>/news/<int:story_id>/<str:slug>/",
    "/<slug:edition_slug>/news/",
    "/<slug:edition_slug>/news/events/",
    "/<slug:edition_slug>/feeds/rss.xml",
    "/<slug:edition_slug>/feeds/atom.xml",
    "/<slug:edition_slug>/feeds/feed.json",
    "export",
}


# The planted world


@dataclass
class World:
    edition_slugs: list[str] = field(default_factory=list)
    canaries: dict[str, tuple[str, str]] = field(default_factory=dict)  # lower case → state, part
    stories: dict[str, Story] = field(default_factory=dict)  # state → its story
    public: list[Story] = field(default_factory=list)
    timed: list[Story] = field(default_factory=list)  # stories with a publication time
    canary_pages: list[Page] = field(default_factory=list)  # draft tags carrying canaries
    public_pages: list[Page] = field(default_factory=list)
    canary_photos: list[Photo] = field(default_factory=list)
    story_addresses: list[tuple[str, str]] = field(default_factory=list)
    days: list[tuple[str, str, str]] = field(default_factory=list)
    section_paths: list[str] = field(default_factory=list)
    tree_paths: list[str] = field(default_factory=list)
    media_files: list[str] = field(default_factory=list)
    cursors: list[str] = field(default_factory=list)
    search_cursors: list[str] = field(default_factory=list)  # signed, of the companion's query
    author_slugs: list[str] = field(default_factory=list)
    revision_id: int = 0

    def canary(self, state: str, part: str) -> str:
        text = f"{CANARY}-{state}-{part}-{uuid4().hex[:8]}"
        self.canaries[text.lower()] = (state, part)
        return text

    def slugs(self, kind: type[Page], pages: list[Page]) -> list[str]:
        return [p.slug for p in pages if isinstance(p.specific, kind)]

    def ids(self, kind: type[Page], pages: list[Page]) -> list[str]:
        return [str(p.pk) for p in pages if isinstance(p.specific, kind)]


def _draft_section(kind: type[RegionPage | TopicPage], front: Page, title: str) -> Page:
    """A region or topic page that was never published."""
    page = kind(title=title, slug=title.lower(), locale_id=front.locale_id, live=False)
    front.add_child(instance=page)
    page.save_revision()
    return page


def _canary_photo(world: World, state: str) -> Photo:
    name = world.canary(state, "photo_file")
    upload = generated_jpeg(len(world.canary_photos), 640, 360)
    upload.name = f"{name}.jpg"
    photo = PhotoFactory(
        title=world.canary(state, "photo_title"),
        file=upload,
        credit=world.canary(state, "photo_credit"),
        copyright_holder=world.canary(state, "photo_holder"),
        default_caption=world.canary(state, "photo_default_caption"),
    )
    world.canary_photos.append(photo)
    return photo


def _canary_content(world: World, state: str, front: Page) -> dict:
    """Everything a story says, each part its own canary: tags are draft pages, the photo and
    the author are used by this story only."""
    photo = _canary_photo(world, state)
    region = _draft_section(RegionPage, front, world.canary(state, "region"))
    topic = _draft_section(TopicPage, front, world.canary(state, "topic"))
    world.canary_pages += [region, topic]
    author = AuthorFactory(
        name=world.canary(state, "author"),
        title=world.canary(state, "author_title"),
        locale_id=front.locale_id,
    )
    return {
        "headline": world.canary(state, "headline"),
        "lead": world.canary(state, "lead"),
        "body": [
            {"type": "paragraph", "value": f"<p>{world.canary(state, 'body')}</p>"},
            {
                "type": "photo",
                "value": {"image": photo.pk, "caption": world.canary(state, "inline_caption")},
            },
            {
                "type": "quote",
                "value": {
                    "text": world.canary(state, "quote"),
                    "attribution": world.canary(state, "attribution"),
                },
            },
        ],
        "lead_photo": photo,
        "lead_photo_caption": world.canary(state, "lead_photo_caption"),
        "sources": [{"name": world.canary(state, "source"), "url": ""}],
        "notes": [
            {
                "type": "correction",
                "value": {"noted_at": "2025-01-10T12:00:00Z", "text": world.canary(state, "note")},
            }
        ],
        "regions": [region],
        "topics": [topic],
        "authors": [author],
    }


def _canary_story(world: World, state: str, front: Page, **kwargs) -> Story:
    story = story_create(locale=front.locale, **_canary_content(world, state, front), **kwargs)
    world.stories[state] = story
    return story


def _change_in_revision(world: World, story: Story, state: str, front: Page) -> Story:
    """Canaries in a new revision of a live story, the row left as readers see it (what the
    admin does when an editor saves a live story)."""
    content = _canary_content(world, state, front)
    story.byline = [StoryAuthor(author=author) for author in content.pop("authors")]
    story.sources = [{"type": "source", "value": source} for source in content.pop("sources")]
    for name, value in content.items():
        setattr(story, name, value)
    return story


def _public_story(world: World, front: Page, headline: str, **kwargs) -> Story:
    story = StoryFactory(locale=front.locale, headline=headline, **kwargs)
    world.public.append(story)
    return story


def _plant(en: Edition, ru: Edition, en_front: EditionFrontPage) -> World:
    world = World()
    now = timezone.now()
    ru.hostname = RU_HOST
    ru.save()
    ru_front = edition_front_page_ensure(edition=ru)

    # What the pages show when nothing leaks.
    public_photo = PhotoFactory(credit="Aziz Karimov", default_caption="The old town at dawn")
    azerbaijan = region_add(parent=en_front, title="Azerbaijan", slug="azerbaijan")
    baku = region_add(parent=azerbaijan, title="Baku", slug="baku")
    courts = topic_add(parent=en_front, title="Courts", slug="courts")
    ru_region = region_add(parent=ru_front, title="Азербайджан", slug="azerbaijan")
    world.public_pages += [azerbaijan, baku, courts, ru_region]
    reporter = AuthorFactory(name="Public Reporter", locale_id=en.locale_id)
    full_body = [
        {"type": "paragraph", "value": "<p>Residents told the agency what they saw.</p>"},
        {"type": "photo", "value": {"image": public_photo.pk, "caption": "The square"}},
        {"type": "quote", "value": {"text": "We waited all night.", "attribution": "A resident"}},
    ]
    original = _public_story(
        world,
        ru_front,
        "Активисты потребовали объяснений",
        regions=[ru_region],
        lead_photo=public_photo,
        published_at=datetime(2021, 4, 7, 7, 18, tzinfo=UTC),
    )
    first = _public_story(
        world,
        en_front,
        "Activists demand explanations",
        lead="Activists in Baku asked for answers.",
        body=full_body,
        lead_photo=public_photo,
        regions=[azerbaijan, baku],
        topics=[courts],
        authors=[reporter],
        sources=[{"name": "Public source", "url": "https://example.org/"}],
        translation_of=original,
        translation_kind="abridged",
        published_at=datetime(2021, 4, 7, 19, 28, tzinfo=UTC),
    )
    _public_story(
        world,
        en_front,
        "Court hearing postponed",
        regions=[azerbaijan],
        published_at=datetime(2025, 1, 10, 12, 0, tzinfo=UTC),
    )
    _public_story(world, ru_front, "Слушание отложено", published_at=now - timedelta(hours=2))
    latest = _public_story(
        world, en_front, "Bridge reopened", published_at=now - timedelta(hours=1)
    )

    # Each state no reader may see, each with canaries in every part.
    draft = _canary_story(world, "draft", en_front)

    live_with_changes = _public_story(world, en_front, "Dam inspected", lead_photo=public_photo)
    _change_in_revision(world, live_with_changes, "draft_change", en_front).save_revision()
    world.revision_id = live_with_changes.latest_revision_id

    scheduled = _canary_story(world, "scheduled", en_front)
    scheduled.go_live_at = now + timedelta(days=2)
    scheduled.save_revision().publish()  # Wagtail schedules it

    live_with_schedule = _public_story(world, en_front, "Road closed for repairs")
    changed = _change_in_revision(world, live_with_schedule, "scheduled_change", en_front)
    changed.go_live_at = now + timedelta(days=2)
    changed.save_revision().publish()

    story_publish(
        story=_canary_story(world, "future", en_front), published_at=now + timedelta(days=3)
    )

    under_embargo = _canary_story(world, "embargoed", en_front)
    under_embargo.embargo_until = now + timedelta(days=3)
    under_embargo.save_revision().publish()  # live, held from readers until then

    withdrawn = _canary_story(world, "withdrawn", en_front)
    story_publish(story=withdrawn, published_at=datetime(2025, 1, 10, 9, 0, tzinfo=UTC))
    withdrawn.unpublish()

    # A legal kill: its address answers with a notice, subscribers who had it are told it is
    # canceled; neither says anything of the story, nor the reason.
    killed = _canary_story(world, "killed", en_front)
    story_publish(story=killed, published_at=datetime(2025, 1, 10, 9, 30, tzinfo=UTC))
    story_withdraw(story=killed, reason=world.canary("killed", "reason"))

    expired = _canary_story(world, "expired", en_front)
    story_publish(story=expired, published_at=datetime(2025, 1, 10, 10, 0, tzinfo=UTC))
    Story.objects.filter(pk=expired.pk).update(expire_at=now - timedelta(hours=1))

    deleted = _canary_story(world, "deleted", en_front)
    story_publish(story=deleted, published_at=datetime(2025, 1, 11, 10, 0, tzinfo=UTC))

    _canary_story(
        world, "ru_draft", ru_front, translation_of=latest, translation_kind="full"
    )  # another edition's draft, a translation of a public story

    # A public translation whose original, in the other edition, was withdrawn.
    original_withdrawn = _canary_story(world, "ru_withdrawn", ru_front)
    story_publish(story=original_withdrawn, published_at=datetime(2025, 1, 9, 8, 0, tzinfo=UTC))
    original_withdrawn.unpublish()
    _public_story(
        world,
        en_front,
        "Translated from a withdrawn original",
        translation_of=original_withdrawn,
        translation_kind="full",
        published_at=datetime(2025, 1, 9, 12, 0, tzinfo=UTC),
    )

    german = EditionFactory(language="de", slug="de", name="Deutsch", agency_name="Kurier")
    german_front = EditionFrontPage.objects.get(locale=german.locale)
    orphan = _canary_story(world, "orphan", german_front)
    story_publish(story=orphan, published_at=datetime(2025, 1, 10, 11, 0, tzinfo=UTC))

    # Canaries around public stories: a draft tag, a see-also link to a draft story, a link in
    # the text to a draft page.
    draft_region = _draft_section(RegionPage, en_front, world.canary("draft_tag", "region"))
    draft_topic = _draft_section(TopicPage, en_front, world.canary("draft_tag", "topic"))
    world.canary_pages += [draft_region, draft_topic]
    _public_story(world, en_front, "Election results announced", regions=[draft_region, azerbaijan])
    _public_story(world, en_front, "Protest in the capital", topics=[draft_topic])
    linked_page = _draft_section(RegionPage, en_front, world.canary("linked_draft", "page"))
    world.canary_pages.append(linked_page)
    _public_story(
        world,
        en_front,
        "Earlier coverage",
        body=[
            {
                "type": "paragraph",
                "value": f'<p>Read more <a linktype="page" id="{linked_page.pk}">here</a>.</p>',
            },
            {"type": "see_also", "value": {"story": draft.pk}},
            {"type": "see_also", "value": {"story": withdrawn.pk}},
            {"type": "see_also", "value": {"story": first.pk}},
        ],
    )
    # An author whose only story is a draft, apart from the canary stories' own authors.
    draft_only = AuthorFactory(name=world.canary("draft_only", "author"), locale_id=en.locale_id)
    story_create(
        locale=en_front.locale,
        headline=world.canary("draft_only", "headline"),
        lead=world.canary("draft_only", "lead"),
        authors=[draft_only],
    )
    # Editors placed a draft among the top stories, next to a public one.
    FrontTopStory.objects.create(page=en_front, story=draft, sort_order=0)
    FrontTopStory.objects.create(page=en_front, story=first, sort_order=1)

    for photo in world.canary_photos:  # rendition files exist, so the media route serves them
        photo.get_renditions(*READER_FILTERS)

    # The tables' values, read before the deleted story and edition go.
    world.public = list(Story.objects.filter(pk__in=[s.pk for s in world.public]))  # as live
    stories = [*world.stories.values(), *world.public]
    world.timed = [s for s in Story.objects.filter(pk__in=[s.pk for s in stories]) if s.live]
    world.story_addresses = [(str(s.pk), s.slug) for s in stories]
    world.story_addresses += [(str(latest.pk), s.slug) for s in world.stories.values()]
    world.cursors = [str(Cursor.of(s)) for s in world.timed]
    # Pages after and before each story's place, in each edition's search.
    world.search_cursors = [
        cursor_text(
            SearchCursor(now, s.pk, backwards),
            search_fingerprint(edition.language, "headline", "", "", "", ""),
        )
        for edition in (en, ru, german)
        for s in world.timed
        for backwards in (False, True)
    ]
    world.author_slugs = sorted(Author.objects.values_list("slug", flat=True))
    moments = [s.first_published_at for s in world.timed] + [scheduled.go_live_at, now]
    zones = [UTC, ZoneInfo(en.time_zone), ZoneInfo(ru.time_zone), ZoneInfo(german.time_zone)]
    days = sorted({moment.astimezone(zone).date() for moment in moments for zone in zones})
    world.days = [(str(d.year), str(d.month), str(d.day)) for d in days]
    pages = Page.objects.exclude(depth__lte=1)
    world.tree_paths = sorted(
        {""}
        | {p.url_path.removeprefix("/home/") for p in pages}
        | {"/".join(p.url_path.strip("/").split("/")[2:]) + "/" for p in pages}
    )
    world.section_paths = sorted(
        "/".join(p.url_path.strip("/").split("/")[2:]) for p in pages.type(RegionPage, TopicPage)
    )
    world.media_files = [
        name
        for photo in world.canary_photos
        for name in [photo.file.name, *(r.file.name for r in photo.renditions.all())]
    ] + [public_photo.file.name]

    deleted.delete()
    german.delete()
    world.edition_slugs = [en.slug, ru.slug, german.slug]
    return world


# How each route is filled


class Unfillable(LookupError):
    pass


@dataclass(frozen=True)
class Route:
    levels: tuple  # the pattern of each level of the resolver, outermost first
    callback: Callable
    name: str | None

    @property
    def pattern(self) -> str:
        return "".join(str(level) for level in self.levels)

    @property
    def view_function(self) -> Callable:
        view = getattr(self.callback, "view_class", self.callback)
        # django-ninja's OpenAPI and docs views are partials of a function.
        return view.func if isinstance(view, functools.partial) else view

    @property
    def view(self) -> str:
        view = self.view_function
        return f"{view.__module__}.{view.__qualname__}"

    @property
    def is_api_operation(self) -> bool:
        """A django-ninja operation of the subscriber API: its query parameters are the ones
        the API's OpenAPI document declares, and one view function serves every operation."""
        return self.view.startswith("ninja.operation.")

    @property
    def is_admin(self) -> bool:
        return self.pattern.startswith("admin/")


def _routes(urlconf: str | None = None) -> Iterator[Route]:
    def walk(patterns, levels):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, (*levels, pattern.pattern))
            else:
                yield Route((*levels, pattern.pattern), pattern.callback, pattern.name)

    yield from walk(get_resolver(urlconf).url_patterns, ())


Values = Callable[[World], list]

# Reader routes: every value a parameter takes, from the planted world.
READER_PARAMETERS: dict[str, Values] = {
    "edition_slug": lambda w: w.edition_slugs,  # every edition, and the deleted one
    "path": lambda w: w.section_paths,  # region and topic pages, draft canary tags among them
    "section_path": lambda w: w.section_paths,  # the same, for their feeds
    "page_view_restriction_id": lambda w: ["1"],
    "page_id": lambda w: [str(p.pk) for p in w.canary_pages],
    "author_slug": lambda w: w.author_slugs,  # canary authors of drafts, the public reporter
    "restriction_id": lambda w: ["1"],
    # Story sitemap pages start at a story's place, news sitemaps go on after one: every
    # timed story's, canary stories' among them, and the first public one's of each edition.
    "sitemap_page": lambda w: w.cursors,
    # A subscriber's own webhook (only DELETE answers): the walk's keys have none.
    "webhook_id": lambda w: ["1"],
}
# Parameters that only make sense together: a story's id and slug, a day's parts.
JOINT_PARAMETERS: dict[tuple[str, ...], Values] = {
    ("story_id", "slug"): lambda w: w.story_addresses,
    ("year", "month", "day"): lambda w: w.days,
}
# Admin routes are requested once each, with placeholders (ids of canary objects).
ADMIN_PARAMETERS: dict[str, Callable[[World], str]] = {
    "pk": lambda w: str(w.stories["draft"].pk),
    "object_id": lambda w: str(w.stories["draft"].pk),
    "story_id": lambda w: str(w.stories["draft"].pk),
    "edition": lambda w: w.edition_slugs[0],
    "revision_id": lambda w: str(w.revision_id),
    "page_id": lambda w: str(w.canary_pages[0].pk),
    "page_pk": lambda w: str(w.canary_pages[0].pk),
    "parent_page_id": lambda w: str(w.canary_pages[0].pk),
    "page_to_move_id": lambda w: str(w.canary_pages[0].pk),
    "destination_id": lambda w: str(w.public_pages[0].pk),
    "image_id": lambda w: str(w.canary_photos[0].pk),
    "document_id": lambda w: "1",
    "doc_id": lambda w: "1",
    "uploaded_file_id": lambda w: "1",
    "collection_id": lambda w: "1",
    "redirect_id": lambda w: "1",
    "restriction_id": lambda w: "1",
    "session_id": lambda w: "1",
    "task_id": lambda w: "1",
    "task_state_id": lambda w: "1",
    "workflow_pk": lambda w: "1",
    "workflow_state_id": lambda w: "1",
    "app_label": lambda w: "stories",
    "app_name": lambda w: "stories",
    "model_name": lambda w: "story",
    "content_type_app_name": lambda w: "taxonomy",
    "content_type_model_name": lambda w: "regionpage",
    "action": lambda w: "delete",
    "action_name": lambda w: "approve",
    "filter_spec": lambda w: "original",
    "uidb64": lambda w: "MQ",
    "token": lambda w: "set-password",
}
# Regular-expression levels, which cannot be filled by parameter name.
REGEX_LEVELS: dict[str, Values] = {
    r"^media/(?P<path>.*)$": lambda w: [f"media/{name}" for name in w.media_files],
    r"^(\d+)/(.*)$": lambda w: ["1/report.pdf"],  # documents: the newsroom keeps none
    r"^((?:[\w\-]+/)*)$": lambda w: w.tree_paths,  # Wagtail's pages, draft tags among them
    r"^(?P<pk>\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\d+)\.\.\."
    r"(?P<revision_id_b>live|latest|\d+)/$": lambda w: [
        f"{w.canary_pages[0].pk}/revisions/compare/earliest...latest/"
    ],
    r"history/(?P<pk>.+)/revisions/compare/(?P<revision_id_a>live|earliest|\d+)\.\.\."
    r"(?P<revision_id_b>live|latest|\d+)/$": lambda w: [
        f"history/{w.stories['draft'].pk}/revisions/compare/earliest...latest/"
    ],
    r"^.*/$": lambda w: ["nowhere/"],
}
# Every query parameter each view reads, filled with canary-bearing values.
QUERY_PARAMETERS: dict[str, dict[str, Values]] = {
    "dateline.live.views.all_news": {
        "region": lambda w: [*w.slugs(RegionPage, w.canary_pages), "azerbaijan"],
        "topic": lambda w: [*w.slugs(TopicPage, w.canary_pages), "courts"],
        "before": lambda w: w.cursors,  # read through _cursor(request, "before")
        "after": lambda w: w.cursors,
    },
    "dateline.live.views.story_events": {
        "since": lambda w: ["0"],
        "region": lambda w: w.ids(RegionPage, w.canary_pages + w.public_pages),
        "topic": lambda w: w.ids(TopicPage, w.canary_pages + w.public_pages),
    },
    "dateline.archive.views.archive_index": {
        "date": lambda w: [date(*map(int, day)).isoformat() for day in w.days],
    },
    "dateline.archive.views.archive_day": {"order": lambda w: ["oldest", "newest"]},
    "dateline.site.authors.author_page": {
        "before": lambda w: w.cursors,
        "after": lambda w: w.cursors,
    },
    # Queries that match the canary stories (every canary's state and part are words of it, and
    # its hex tail one of its own) without the word that marks a canary, which the page repeats.
    "dateline.site.search_page.search": {
        "q": lambda w: [
            "headline",
            "lead body quote",
            *sorted({f"{state} {part}" for state, part in w.canaries.values()}),
            *sorted(token.rpartition("-")[2] for token in w.canaries),
            *(story.headline for story in w.public),
        ],
        "from": lambda w: ["2021-04-07", "2025-01-10"],
        "to": lambda w: [date(*map(int, day)).isoformat() for day in w.days[-2:]],
        "region": lambda w: [*w.slugs(RegionPage, w.canary_pages), "azerbaijan"],
        "topic": lambda w: [*w.slugs(TopicPage, w.canary_pages), "courts"],
        "cursor": lambda w: [*w.cursors, *w.search_cursors],
    },
    "django.contrib.auth.views.LoginView": {
        "next": lambda w: [f"/en/news/{w.stories['draft'].pk}/"]  # read as redirect_field_name
    },
}
# Sent along with each query parameter: the live stream replays only from `since`.
QUERY_COMPANIONS: dict[str, dict[str, str]] = {
    "dateline.live.views.story_events": {"since": "0"},
    # Filters and cursors with a query that finds every canary story were it let through.
    "dateline.site.search_page.search": {"q": "headline"},
}
# The subscriber API's query parameters, by route: the ones its OpenAPI document declares.
API_QUERY_PARAMETERS: dict[str, dict[str, Values]] = {
    "api/stories": {
        "edition": lambda w: w.edition_slugs,
        "region": lambda w: [*w.slugs(RegionPage, w.canary_pages), "azerbaijan"],
        "topic": lambda w: [*w.slugs(TopicPage, w.canary_pages), "courts"],
        "updated_since": lambda w: [
            "1970-01-01T00:00:00Z",
            *(s.first_published_at.isoformat() for s in w.timed),
        ],
        "cursor": lambda w: w.cursors,
        "limit": lambda w: ["1", "100"],
    },
}
# Modules that read a query parameter by a name held in a variable: the names, from the source.
INDIRECT_READS: dict[str, Callable[[str], set[str]]] = {
    "dateline.live.views": lambda source: set(re.findall(r"_cursor\(request, \"(\w+)\"\)", source)),
    "django.contrib.auth.views": lambda source: {REDIRECT_FIELD_NAME},  # redirect_field_name
}
# Admin routes an anonymous visitor may open; every other admin route sends them to log in.
PUBLIC_ADMIN_ROUTES = {
    "admin/login/",
    "admin/logout/",
    "admin/password_reset/",
    "admin/password_reset/done/",
    "admin/password_reset/confirm/<uidb64>/<token>/",
    "admin/password_reset/complete/",
    "admin/jsi18n/",
    "admin/sprite/",
}

_GET_LITERAL = re.compile(
    r"""request\.GET(?:\.get|\.getlist)?[(\[]\s*["'](\w+)["']""",
)
_GET_VARIABLE = re.compile(r"""request\.GET(?:\.get|\.getlist)?[(\[]\s*[A-Za-z_]""")
_ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def _fill_route(route: str, world: World, admin: bool) -> list[str]:
    names = _ROUTE_PARAMETER.findall(route)
    if admin:
        missing = [n for n in names if n not in ADMIN_PARAMETERS]
        if missing:
            raise Unfillable(f"no placeholder for {missing}")
        values = {n: ADMIN_PARAMETERS[n](world) for n in names}
        return [_ROUTE_PARAMETER.sub(lambda m: values[m.group(1)], route)]
    groups: list[tuple[tuple[str, ...], list[tuple]]] = []
    left = set(names)
    for joint, rows in JOINT_PARAMETERS.items():
        present = tuple(n for n in joint if n in left)
        if present:
            indexes = [joint.index(n) for n in present]
            projected = list(dict.fromkeys(tuple(row[i] for i in indexes) for row in rows(world)))
            groups.append((present, projected))
            left -= set(present)
    for name in sorted(left):
        if name not in READER_PARAMETERS:
            raise Unfillable(f"no values for <{name}>")
        groups.append(((name,), [(v,) for v in READER_PARAMETERS[name](world)]))
    urls = []
    for combination in product(*(rows for _names, rows in groups)):
        values = {
            n: str(v)
            for (names_, _rows), row in zip(groups, combination, strict=True)
            for n, v in zip(names_, row, strict=True)
        }
        urls.append(_ROUTE_PARAMETER.sub(lambda m, values=values: values[m.group(1)], route))
    return urls


def _literal(regex: str) -> str | None:
    """The text a regular expression matches if it matches only that, else None."""
    text = regex.removeprefix("^").removesuffix("$")
    return None if re.search(r"[\\()\[\]{}.*+?|]", text) else text


def _fill_level(level, world: World, admin: bool) -> list[str]:
    if isinstance(level, RoutePattern):
        return _fill_route(str(level), world, admin)
    if isinstance(level, RegexPattern):
        regex = level._regex
        if (literal := _literal(regex)) is not None:
            return [literal]
        if regex not in REGEX_LEVELS:
            raise Unfillable(f"no values for the regular expression {regex!r}")
        values = REGEX_LEVELS[regex](world)
        return values[:1] if admin else values
    raise Unfillable(f"unknown kind of pattern {type(level).__name__}")


def _urls(route: Route, world: World) -> list[str]:
    parts = [_fill_level(level, world, route.is_admin) for level in route.levels]
    return ["/" + "".join(combination) for combination in product(*parts)]


def _api_parameters(route: Route) -> set[str]:
    """The query parameters the subscriber API's OpenAPI document declares for the route."""
    path = "/" + _ROUTE_PARAMETER.sub(r"{\1}", route.pattern)
    operations = subscriber_api.get_openapi_schema()["paths"].get(path, {})
    return {
        parameter["name"]
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }


def _query_parameters_read(route: Route) -> set[str]:
    """The query parameters the view's module reads, found in its source."""
    if route.is_api_operation:
        return _api_parameters(route)
    view = route.view_function
    module = inspect.getmodule(view)
    source = inspect.getsource(module)
    names = set(_GET_LITERAL.findall(source))
    if _GET_VARIABLE.search(source):
        indirect = INDIRECT_READS.get(module.__name__)
        if indirect is None:
            raise Unfillable(
                f"{module.__name__} reads a query parameter by a variable's name: "
                "add to INDIRECT_READS how its calls name it"
            )
        names |= indirect(source)
    return names


def _queries(route: Route, world: World) -> list[dict[str, str]]:
    """No query, then each parameter the view reads with each of its values."""
    table = QUERY_PARAMETERS.get(route.view, {})
    companions = QUERY_COMPANIONS.get(route.view, {})
    if route.is_api_operation:
        table = API_QUERY_PARAMETERS.get(route.pattern, {})
    queries: list[dict[str, str]] = [{}]
    for name, values in table.items():
        queries += [companions | {name: value} for value in values(world)]
    return list({tuple(sorted(q.items())): q for q in queries}.values())


def _check_query_table(route: Route) -> None:
    read = _query_parameters_read(route)
    if route.is_api_operation:
        if missing := read - set(API_QUERY_PARAMETERS.get(route.pattern, {})):
            raise Unfillable(f"{route.pattern} declares the query parameters {sorted(missing)}")
        return
    module = route.view.rpartition(".")[0]
    known = {
        name
        for view, table in QUERY_PARAMETERS.items()
        if view.rpartition(".")[0] == module
        for name in table
    }
    own = set(_GET_LITERAL.findall(inspect.getsource(route.view_function)))
    if missing := (read - known) | (own - set(QUERY_PARAMETERS.get(route.view, {}))):
        raise Unfillable(f"{route.view} reads the query parameters {sorted(missing)}")


# Requests


@dataclass
class Walk:
    world: World
    requested: int = 0
    findings: list[str] = field(default_factory=list)
    streams: list[tuple[Route, str, str]] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    seen: dict[int, set[str]] = field(default_factory=dict)  # public story → routes showing it
    leaks: dict[str, set[str]] = field(default_factory=dict)  # canary state → routes showing it

    def look(self, route: str, where: str, text: str) -> None:
        for story in self.world.public:
            if story.headline in text:
                self.seen.setdefault(story.pk, set()).add(route)
        if not _ANY.search(text):
            return
        tokens = sorted({t.lower() for t in _TOKEN.findall(text)})
        if not tokens:
            at = _ANY.search(text).start()
            self.leaks.setdefault("unknown", set()).add(route)
            self.findings.append(f"{where}: …{text[max(0, at - 80) : at + 80]!r}…")
        for token in tokens:
            at = text.lower().index(token)
            context = text[max(0, at - 80) : at + len(token) + 40]
            state, part = self.world.canaries.get(token, ("unplanted", "canary"))
            self.leaks.setdefault(state, set()).add(route)
            self.findings.append(f"{where}: canary [{state}: {part}] in …{context!r}…")

    def summary(self) -> list[str]:
        return [
            f"{state}: {len(routes)} routes: {', '.join(sorted(routes))}"
            for state, routes in sorted(self.leaks.items())
        ]


def _text(response, body: bytes, url: str = "") -> str:
    """Headers and body. Parts of the requested URL echoed in a header (a served file's name in
    Content-Disposition) are taken out: the requester knew them already."""
    split = urlsplit(url)
    values = [value for values in parse_qs(split.query).values() for value in values]
    echoes = [part for part in (*split.path.split("/"), *values) if part]
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    for echo in sorted(echoes, key=len, reverse=True):
        headers = headers.replace(echo, "<echo>")
    return f"{headers}\n\n{body.decode('utf-8', errors='replace')}"


def _body(response) -> bytes:
    if not response.streaming:
        return response.content
    read = b""
    for chunk in response.streaming_content:
        read += chunk
        if len(read) >= STREAM_BYTES:
            break
    response.close()
    return read


def _with_query(url: str, query: dict[str, str]) -> str:
    return f"{url}?{urlencode(query)}" if query else url


def _label(route: Route, host: str) -> str:
    """The route as a finding names it: its pattern, after the edition's own host if not the
    main one."""
    return ("" if host == "testserver" else host) + "/" + route.pattern


def _request(
    walk: Walk, client: Client, route: Route, url: str, host: str, key: str | None = None
) -> None:
    label = _label(route, host)
    where = f"{label} ← GET {url}"
    walk.requested += 1
    headers = {"host": host} | ({"authorization": f"Bearer {key}"} if key else {})
    try:
        response = client.get(url, headers=headers)
    except Exception as error:  # noqa: BLE001 - a crash is a finding, the walk goes on
        walk.findings.append(f"{where}: raised {type(error).__name__}: {error}")
        return
    text = _text(response, _body(response), url)
    walk.statuses[response.status_code] += 1
    if response.status_code >= 500:
        walk.findings.append(f"{where}: status {response.status_code}")
    if route.is_admin and route.pattern not in PUBLIC_ADMIN_ROUTES:
        login = reverse("wagtailadmin_login")
        if response.status_code != 302 or login not in response.get("Location", ""):
            walk.findings.append(
                f"{where}: an anonymous visitor got {response.status_code} "
                f"{response.get('Location', '')}, not a redirect to {login}"
            )
    walk.look(label, where, text)


class _HostClient(AsyncClient):
    """An AsyncClient whose Host header replaces the test server's instead of joining it."""

    async def request(self, **request):
        headers = request["headers"]
        if sum(name == b"host" for name, _value in headers) > 1:
            headers.remove((b"host", b"testserver"))
        return await super().request(**request)


async def _read_streams(walk: Walk) -> None:
    """Each live stream until its first heartbeat, which comes once the replay has been sent."""
    for route, url, host in walk.streams:
        label = _label(route, host)
        where = f"{label} ← GET {url} (live stream)"
        walk.requested += 1
        try:
            response = await _HostClient().get(url, headers={"host": host})
        except Exception as error:  # noqa: BLE001 - a crash is a finding, the walk goes on
            walk.findings.append(f"{where}: raised {type(error).__name__}: {error}")
            continue
        walk.statuses[response.status_code] += 1
        if not response.streaming:
            walk.look(label, where, _text(response, response.content, url))
            continue
        chunks = []
        stream = aiter(response.streaming_content)
        try:
            while True:
                chunk = await asyncio.wait_for(anext(stream), timeout=STREAM_TIMEOUT)
                chunks.append(chunk if isinstance(chunk, bytes) else chunk.encode())
                if chunks[-1].startswith(b": still here"):
                    break
        except (TimeoutError, StopAsyncIteration):
            walk.findings.append(f"{where}: ended or stalled before its first heartbeat")
        finally:
            await stream.aclose()
        walk.look(label, where, _text(response, b"".join(chunks), url))


def _unfilled(route: Route) -> str | None:
    """Why the tables cannot fill the route or the query parameters its view reads, or None."""
    if route.is_admin:
        known = set(ADMIN_PARAMETERS)
    else:
        known = {*READER_PARAMETERS, *chain(*JOINT_PARAMETERS)}
    for level in route.levels:
        if isinstance(level, RoutePattern):
            if missing := set(_ROUTE_PARAMETER.findall(str(level))) - known:
                return f"no values for the route parameters {sorted(missing)}"
        elif isinstance(level, RegexPattern):
            if _literal(level._regex) is None and level._regex not in REGEX_LEVELS:
                return f"no values for the regular expression {level._regex!r}"
        else:
            return f"unknown kind of pattern {type(level).__name__}"
    if not route.is_admin:
        try:
            _check_query_table(route)
        except Unfillable as error:
            return str(error)
    return None


URLCONFS = [(None, "testserver"), ("dateline.urls_hosted", RU_HOST)]


def _walk_resolver(walk: Walk, urlconf: str | None, host: str, unfillable: list[str]) -> None:
    client = Client()
    for route in _routes(urlconf):
        if why := _unfilled(route):
            unfillable.append(f"{_label(route, host)} ({route.view}): {why}")
            continue
        urls = _urls(route, walk.world)
        queries = [{}] if route.is_admin else _queries(route, walk.world)
        for url in urls:
            for query in queries:
                if iscoroutinefunction(route.callback):
                    walk.streams.append((route, _with_query(url, query), host))
                else:
                    _request(walk, client, route, _with_query(url, query), host)


def _export(walk: Walk, folder: Path) -> None:
    target = folder / "stories.jsonl"
    walk.requested += 1
    try:
        call_command("export", str(target), stdout=io.StringIO(), stderr=io.StringIO())
    except Exception as error:  # noqa: BLE001 - a crash is a finding, the report goes on
        walk.findings.append(f"export: raised {type(error).__name__}: {error}")
        return
    walk.look("export", "export: stories.jsonl", target.read_text(encoding="utf-8"))
    copied = sorted(p.name for p in (folder / "stories-photos").glob("*"))
    walk.look("export", "export: the copied photos' file names", "\n".join(copied))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_route_shows_a_canary(en, ru, en_front, settings, monkeypatch, tmp_path):
    world = _plant(en, ru, en_front)
    settings.ALLOWED_HOSTS = ["testserver", RU_HOST]
    monkeypatch.setattr(live_views, "HEARTBEAT_SECONDS", HEARTBEAT)
    started = time.monotonic()

    walk = Walk(world)
    unfillable: list[str] = []
    for urlconf, host in URLCONFS:
        _walk_resolver(walk, urlconf, host, unfillable)
    async_to_sync(_read_streams)(walk)
    _export(walk, tmp_path)

    print(
        f"\ncanary walk: {walk.requested} requests ({len(walk.streams)} of them live streams, "
        f"1 the export) in {time.monotonic() - started:.1f} s, "
        f"statuses {dict(sorted(walk.statuses.items()))}"
    )
    # The walk saw what readers see: every public story on its page, in the list, in the
    # stream and in the export; else a page that shows nothing would pass for one that leaks
    # nothing.
    blind = [
        f"the walk never saw the public story “{story.headline}” on {sorted(missing)}"
        for story in world.public
        if (missing := SEEN_ON - walk.seen.get(story.pk, set()))
    ]
    problems = [
        *(f"the walk cannot fill {route}" for route in unfillable),
        *(f"leaked: {line}" for line in walk.summary()),
        *walk.findings[:MAX_FINDINGS],
        *blind,
    ]
    if len(walk.findings) > MAX_FINDINGS:
        problems.append(f"… and {len(walk.findings) - MAX_FINDINGS} more findings")
    assert not problems, f"{walk.requested} URLs walked:\n" + "\n".join(problems)


# The subscriber API walked with a key of every edition, in both of its orders: a key without
# embargo scope sees no canary, a key with it the embargoed story's only.
API_KEY_LEAKS = {"public": set(), "embargo": {"embargoed"}}
API_SEEN_ON = {"/api/stories", "/api/stories/<story_id>"}
API_ORDERS = [{}, {"updated_since": "1970-01-01T00:00:00Z"}]  # newest first; by change


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_api_answer_shows_a_canary_to_a_key(en, ru, en_front):
    world = _plant(en, ru, en_front)
    routes = [route for route in _routes() if route.pattern.startswith("api/")]
    assert {"api/stories", "api/stories/<story_id>"} <= {route.pattern for route in routes}
    problems: list[str] = []
    for scope, allowed in API_KEY_LEAKS.items():
        _key, raw = api_key_create(
            name=scope,
            editions=[en, ru],
            embargo_access=scope == "embargo",
            requests_per_minute=1_000_000,
        )
        walk = Walk(world)
        for route in routes:
            if why := _unfilled(route):
                problems.append(f"the walk cannot fill {route.pattern}: {why}")
                continue
            orders = API_ORDERS if "updated_since" in _query_parameters_read(route) else [{}]
            for url, query, order in product(_urls(route, world), _queries(route, world), orders):
                _request(walk, Client(), route, _with_query(url, order | query), "testserver", raw)
        print(f"\nAPI walk, {scope} key: {walk.requested} requests, {dict(walk.statuses)}")
        problems += [
            f"{scope} key: leaked: {state}: {', '.join(sorted(where))}"
            for state, where in sorted(walk.leaks.items())
            if state not in allowed
        ]
        problems += [
            f"{scope} key: {finding}"
            for finding in walk.findings[:MAX_FINDINGS]
            if not any(f"canary [{state}:" in finding for state in allowed)
        ]
        problems += [
            f"{scope} key: the walk never saw “{story.headline}” on {sorted(missing)}"
            for story in world.public
            if (missing := API_SEEN_ON - walk.seen.get(story.pk, set()))
        ]
        if unseen := allowed - set(walk.leaks):  # what the key may have, it got
            problems.append(f"{scope} key: never got the {', '.join(sorted(unseen))} story")
    assert not problems, "\n".join(problems)


def test_the_tables_fill_every_route_and_every_query_parameter_its_view_reads():
    unfilled = [
        f"{_label(route, host)} ({route.view}): {why}"
        for urlconf, host in URLCONFS
        for route in _routes(urlconf)
        if (why := _unfilled(route))
    ]
    assert not unfilled, "Fill these in the canary walk's tables:\n" + "\n".join(unfilled)


def _view_of_tomorrow(request):  # a view the tables have not heard of
    return request.GET.get("fresh")


def test_a_new_route_parameter_or_query_parameter_stops_the_walk():
    new_parameter = Route((RoutePattern("news/<int:fresh_id>/"),), live_views.all_news, None)
    new_query = Route((RoutePattern("tomorrow/"),), _view_of_tomorrow, None)
    new_regex = Route((RegexPattern(r"^tomorrow/(\d+)/$"),), live_views.all_news, None)

    assert "fresh_id" in _unfilled(new_parameter)
    assert "fresh" in _unfilled(new_query)
    assert "tomorrow" in _unfilled(new_regex)
