"""Random text in every parameter of every reader route: no answer is a server error.

The routes are those Django resolves for an edition (from `get_resolver()`), requested under an
edition's prefix on the main host and at the root of an edition's own host. Every path
parameter and every query parameter the view reads gets either a value real links carry (from
the canary walk's tables, so a route or parameter the walk learns is swept here too) or random
text: control characters, unicode digits, long runs, numbers past any id or year. The live
stream's Last-Event-ID header gets the same. 4xx answers are fine; a 5xx is a fault."""

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from dateline.editions.services import edition_front_page_ensure
from dateline.site.tests.test_canary_walk import (
    JOINT_PARAMETERS,
    QUERY_PARAMETERS,
    READER_PARAMETERS,
    World,
)
from dateline.stories.factories import StoryFactory
from dateline.stories.paging import Cursor
from dateline.taxonomy.factories import region_add, topic_add

RU_HOST = "ru.dateline-fuzz.test"
EDITION_PREFIX = "<slug:edition_slug>/"
EXAMPLES = 400  # about 15 s on SQLite, 25 s on PostgreSQL
_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class ReaderRoute:
    pattern: str  # inside an edition, e.g. "news/<int:story_id>/<str:slug>/"
    view: str  # the view's dotted name, as the canary walk's tables know it

    @property
    def parameters(self) -> list[str]:
        return _PARAMETER.findall(self.pattern)


def _reader_routes() -> list[ReaderRoute]:
    """Every route under an edition's prefix, nested ones included."""

    def walk(patterns: list, prefix: str) -> list[ReaderRoute]:
        routes = []
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                routes += walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "view_class", pattern.callback)
                routes.append(
                    ReaderRoute(
                        prefix + str(pattern.pattern), f"{view.__module__}.{view.__qualname__}"
                    )
                )
        return routes

    (editions,) = [
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and str(p.pattern) == EDITION_PREFIX
    ]
    return walk(editions.url_patterns, "")


ROUTES = _reader_routes()

# Random text, surrogate-free (no reader's browser can send a lone surrogate).
_ANY = st.characters(exclude_categories=("Cs",))
_SHORT = st.text(_ANY, max_size=12)
GARBAGE: SearchStrategy[str] = st.one_of(
    st.text(_ANY, max_size=40),
    st.builds(  # a control character somewhere in ordinary text
        lambda before, control, after: before + control + after,
        _SHORT,
        st.characters(categories=("Cc",)),
        _SHORT,
    ),
    st.text("0123456789", min_size=1, max_size=25),  # past any id, year or 64-bit integer
    st.text(st.characters(categories=("Nd", "No")), min_size=1, max_size=4),  # "²", "١٢"
    st.builds(  # long runs, under and over the length limits
        operator.mul,
        st.sampled_from(["9", "a", "я", "-", "1-", "%", "\x00"]),
        st.integers(min_value=200, max_value=3000),
    ),
    st.sampled_from(["", "0", "-1", "+1", " 1", "1e3", "0x1f", "..", "%00", "a/b", "%2F"]),
)


def _values(real: list[str]) -> SearchStrategy[str]:
    """A value real links carry, the same with random text around it, or random text."""
    if not real:
        return GARBAGE
    known = st.sampled_from(real)
    near = st.builds(lambda value, junk: value + junk, known, _SHORT)
    return st.one_of(known, near, GARBAGE)


def _path_values(route: ReaderRoute, world: World) -> SearchStrategy[dict[str, str]]:
    """Each path parameter: joint ones (a story's id and slug, a day's parts) from one row, so
    real addresses come up, then each value kept or replaced by random text."""
    draws: dict[str, SearchStrategy[str]] = {}
    names = route.parameters
    for joint, rows in JOINT_PARAMETERS.items():
        present = [n for n in joint if n in names]
        if not present:
            continue
        row = st.sampled_from(rows(world))
        for name in present:
            index = joint.index(name)
            draws[name] = st.one_of(row.map(lambda r, i=index: str(r[i])), _values([]))
    for name in names:
        if name not in draws:
            draws[name] = _values([str(v) for v in READER_PARAMETERS[name](world)])
    return st.fixed_dictionaries(draws)


def _query(route: ReaderRoute, world: World) -> SearchStrategy[dict[str, str]]:
    """Any of the query parameters the view reads, and now and then one it does not."""
    table: dict[str, Callable[[World], list]] = QUERY_PARAMETERS.get(route.view, {})
    known = {name: _values([str(v) for v in values(world)]) for name, values in table.items()}
    unknown = st.dictionaries(
        st.one_of(st.sampled_from(["utm_source", "fbclid", "page"]), GARBAGE), GARBAGE, max_size=1
    )
    return st.builds(operator.or_, st.fixed_dictionaries({}, optional=known), unknown)


@st.composite
def _request(draw: st.DrawFn, world: World) -> tuple[str, dict[str, str], dict[str, str]]:
    route = draw(st.sampled_from(ROUTES))
    path = route.pattern
    for name, value in draw(_path_values(route, world)).items():
        path = re.sub(rf"<(?:\w+:)?{name}>", lambda _m, v=value: quote(v, safe=""), path)
    headers: dict[str, str] = {}
    if draw(st.booleans()):
        headers["host"] = RU_HOST
        url = f"/{path}"
    else:
        edition = draw(_values(world.edition_slugs))
        url = f"/{quote(edition, safe='')}/{path}"
    if draw(st.integers(0, 3)) == 0:
        headers["Last-Event-ID"] = draw(_values(["0", "12"]))
    return url, draw(_query(route, world)), headers


def _world(en, ru, en_front) -> World:
    """A small newsroom: two editions, sections, a few stories on two days."""
    ru_front = edition_front_page_ensure(edition=ru)
    azerbaijan = region_add(parent=en_front, title="Azerbaijan", slug="azerbaijan")
    baku = region_add(parent=azerbaijan, title="Baku", slug="baku")
    courts = topic_add(parent=en_front, title="Courts", slug="courts")
    ru_region = region_add(parent=ru_front, title="Азербайджан", slug="azerbaijan")
    stories = [
        StoryFactory(
            locale=en.locale,
            headline="Activists demand explanations",
            regions=[azerbaijan, baku],
            topics=[courts],
            published_at=datetime(2021, 4, 7, 19, 28, tzinfo=UTC),
        ),
        StoryFactory(
            locale=ru.locale,
            headline="Активисты потребовали объяснений",
            regions=[ru_region],
            published_at=datetime(2021, 4, 7, 7, 18, tzinfo=UTC),
        ),
        StoryFactory(locale=en.locale, headline="Court hearing postponed"),
    ]
    days = {s.first_published_at.date() for s in stories}
    return World(
        edition_slugs=[en.slug, ru.slug, "de"],
        public_pages=[azerbaijan, baku, courts, ru_region],
        section_paths=["azerbaijan", "azerbaijan/baku", "courts"],
        story_addresses=[(str(s.pk), s.slug) for s in stories],
        days=[(str(d.year), str(d.month), str(d.day)) for d in sorted(days)],
        cursors=[str(Cursor.of(s)) for s in stories],
    )


def test_the_sweep_covers_every_route_of_an_edition():
    patterns = {route.pattern for route in ROUTES}
    assert {"news/", "news/events/", "archive/<int:year>/<int:month>/<int:day>/"} <= patterns
    assert "<path:path>/" in patterns


@pytest.mark.django_db
def test_no_reader_route_answers_a_server_error(en, ru, en_front, settings):
    settings.ALLOWED_HOSTS = ["testserver", RU_HOST]
    ru.hostname = RU_HOST
    ru.save()
    world = _world(en, ru, en_front)
    client = Client(raise_request_exception=False)

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(_request(world))
    def sweep(request: tuple[str, dict[str, str], dict[str, str]]) -> None:
        url, query, headers = request
        # Each request in a savepoint: a failed query on PostgreSQL must not poison the next.
        savepoint = transaction.savepoint()
        try:
            response = client.get(url, query, headers=headers)
        finally:
            transaction.savepoint_rollback(savepoint)
        assert response.status_code < 500, (
            f"GET {url} {query!r} {headers!r} → {response.status_code}"
        )

    sweep()
