"""All news and its live stream refuse malformed parameters with the edition's 400 page, and
answer well-formed ones that name nothing with its 404 page; never with a server error."""

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.core.params import MAX_ID
from dateline.site.tests.error_pages import RU_400, RU_404, assert_russian_error_page
from dateline.stories.factories import StoryFactory
from dateline.stories.paging import BadCursor, Cursor
from dateline.taxonomy.factories import region_add, topic_add

BAD_CURSORS = [
    "²",  # a digit to str.isdigit(), not to int()
    "1-²",
    "²-1",
    "١٢-٣",  # Arabic-Indic digits
    "oops",
    "",
    "-",
    "1-",
    "-1",
    "1-2-3",
    " 1-2",
    "1617780480000000-" + "9" * 20,  # an id no database holds
    "1" + "0" * 30 + "-1",  # a time no calendar holds
    "253402300800000000-1",  # the first microsecond of the year 10000
    "1617780480000000-" + "1" * 5000,  # past int()'s 4300 digits
    "1617780480000000-1\x00",
]
BAD_IDS = ["²", "١", "abc", "-1", "1.5", " 1", "9" * 20, "1\x00", "x" * 2000]


@pytest.fixture
def ru_news(ru, ru_front):
    region = region_add(parent=ru_front, title="Азербайджан", slug="azerbaijan")
    topic_add(parent=ru_front, title="Суды", slug="courts")
    start = datetime(2024, 4, 24, 12, 0, tzinfo=UTC)
    for i in range(3):
        StoryFactory(
            locale=ru.locale,
            headline=f"Новость {i}",
            regions=[region],
            published_at=start - timedelta(hours=i),
        )
    return ru


@pytest.mark.django_db
def test_a_malformed_cursor_is_a_400_in_the_editions_language(client, ru_news):
    for name in ("before", "after"):
        for cursor in BAD_CURSORS:
            response = client.get(f"/ru/news/?{name}={quote(cursor, safe='')}")
            assert_russian_error_page(response, 400, RU_400)


@pytest.mark.django_db
def test_a_control_character_or_an_over_long_slug_is_a_400(client, ru_news):
    for name in ("region", "topic"):
        for value in ("\x00", "azer\x00baijan", "\x1b[31m", "\x7f", "\x85", "a" * 2000):
            assert_russian_error_page(client.get("/ru/news/", {name: value}), 400, RU_400)


@pytest.mark.django_db
def test_a_well_formed_slug_of_no_section_is_a_404(client, ru_news):
    for name in ("region", "topic"):
        for value in ("atlantis", "²", "a" * 300, "Азербайджан"):
            assert_russian_error_page(client.get("/ru/news/", {name: value}), 404, RU_404)


@pytest.mark.django_db
def test_good_cursors_and_harmless_unknown_parameters_still_page(client, ru_news):
    first = client.get("/ru/news/", {"region": "azerbaijan", "utm_source": "рассылка²"})
    assert first.status_code == 200
    assert "Новость 0" in first.content.decode()
    cursor = str(Cursor(datetime(2024, 4, 24, 11, 30, tzinfo=UTC), 1))
    older = client.get("/ru/news/", {"before": cursor, "fbclid": "x" * 200})
    assert older.status_code == 200
    assert "Новость 1" in older.content.decode()
    assert "Новость 0" not in older.content.decode()


@pytest.mark.django_db
def test_the_live_stream_refuses_a_malformed_parameter(client, ru_news):
    for name in ("since", "region", "topic"):
        for value in BAD_IDS:
            assert_russian_error_page(client.get("/ru/news/events/", {name: value}), 400, RU_400)


@pytest.mark.django_db
def test_the_live_stream_refuses_a_malformed_last_event_id(client, ru_news):
    for value in ("²", "abc", "-1", "9" * 20, "1\x00"):
        response = client.get("/ru/news/events/", headers={"Last-Event-ID": value})
        assert_russian_error_page(response, 400, RU_400)


@pytest.mark.django_db
def test_the_live_stream_opens_for_well_formed_parameters(client, ru_news):
    for query, headers in [
        ({"since": "0", "region": "12", "topic": "0034"}, {}),
        ({}, {"Last-Event-ID": "5"}),
        ({"since": "", "utm_source": "x"}, {}),
    ]:
        response = client.get("/ru/news/events/", query, headers=headers)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/event-stream"


@settings(database=None, max_examples=300)
@given(st.text(max_size=60))
def test_any_text_is_a_cursor_or_a_bad_cursor(text):
    try:
        cursor = Cursor.parse(text)
    except BadCursor:
        return
    assert 0 <= cursor.story_id <= MAX_ID
    assert cursor.published_at.year <= 9999


@settings(database=None)
@given(
    st.datetimes(
        min_value=datetime(1970, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59, 999999)
    ),
    st.integers(min_value=0, max_value=MAX_ID),
)
def test_every_feed_position_survives_its_own_url_text(moment, story_id):
    cursor = Cursor(moment.replace(tzinfo=UTC), story_id)
    assert Cursor.parse(str(cursor)) == cursor
