"""Whatever a client sends, the API answers it without a server error: random query strings
(known parameters with random values, random names, raw text) and random paths under
/api/stories/ get a 2xx or a 4xx, and every 4xx of the API's operations is a JSON problem; so
do random bodies posted to register a webhook."""

import json
import re
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.stories.factories import StoryFactory
from dateline.stories.paging import Cursor

from .api_reading import key_made

# An address of the operation for one story: /api/stories/<one segment>.
_API_STORY = re.compile(r"/api/stories/[^/]+", re.DOTALL)
PARAMETERS = ["edition", "region", "topic", "updated_since", "cursor", "limit"]
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["en", "ru", "de", "azerbaijan", "courts", "", "0", "-1", "101"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
    st.builds(
        lambda micros, story: f"{micros}-{story}",
        st.integers(min_value=-(2**64), max_value=2**80),
        st.integers(min_value=-5, max_value=2**70),
    ),
)
queries = st.one_of(
    st.dictionaries(st.sampled_from(PARAMETERS), values, max_size=6).map(urlencode),
    st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=4).map(urlencode),
    st.text(max_size=60),  # as typed, not encoded
)


@pytest.fixture
def key(en, ru, azerbaijan, courts):
    StoryFactory(locale=en.locale, headline="Bridge reopened", regions=[azerbaijan])
    StoryFactory(
        locale=ru.locale, headline="Мост открыт", published_at=datetime(2025, 1, 10, tzinfo=UTC)
    )
    return key_made(en, ru, embargo=True)


def _answered(client, key: str, url: str) -> None:
    response = client.get(url, headers={"authorization": f"Bearer {key}"})
    assert response.status_code < 500, (url, response.status_code)
    # What names one of the API's operations is answered by it; any other address gets the
    # site's 404 page.
    if response.status_code >= 400 and response["Content-Type"] != "text/html; charset=utf-8":
        problem = response.json()
        assert problem["status"] == response.status_code and problem["detail"], url
    elif response.status_code >= 400:
        path = response.wsgi_request.path
        assert response.status_code == 404 and _API_STORY.fullmatch(path) is None, url


@pytest.mark.django_db
@SETTINGS
@given(query=queries)
def test_no_query_string_makes_the_list_fail(client, key, query):
    _answered(client, key, f"/api/stories?{query}")


@pytest.mark.django_db
@SETTINGS
@given(
    segment=st.one_of(
        st.text(min_size=1, max_size=40).map(lambda text: quote(text, safe="")),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.text(alphabet="0123456789/.%", min_size=1, max_size=30),
    ),
    query=queries,
)
def test_no_path_under_stories_makes_the_api_fail(client, key, segment, query):
    _answered(client, key, f"/api/stories/{segment}?{query}")


@pytest.mark.django_db
def test_a_cursor_of_the_far_past_or_future_is_a_place_not_an_error(client, key):
    for cursor in (
        Cursor(datetime(1970, 1, 1, tzinfo=UTC), 1),
        Cursor(datetime(9999, 1, 1, tzinfo=UTC), 1),
    ):
        for since in ("", "&updated_since=1970-01-01T00:00:00Z"):
            _answered(client, key, f"/api/stories?cursor={cursor}{since}")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
webhook_bodies = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "url": st.one_of(
                st.text(max_size=60),
                st.sampled_from(["https://hooks.example.org/a", "https://10.0.0.1/", "http://x"]),
            ),
            "events": st.lists(st.sampled_from(["published", "updated", "withdrawn", "x"])),
            "editions": st.lists(st.sampled_from(["en", "ru", "de", ""])) | json_values,
            "name": st.text(max_size=250) | json_values,
        },
    ).map(lambda body: json.dumps(body)),
    json_values.map(json.dumps),
    st.text(max_size=80),  # not JSON at all
)


@pytest.mark.django_db
@SETTINGS
@given(body=webhook_bodies)
def test_no_body_makes_a_webhook_registration_fail(client, key, body):
    response = client.post(
        "/api/webhooks",
        body,
        content_type="application/json",
        headers={"authorization": f"Bearer {key}"},
    )
    assert response.status_code in (201, 400, 409), (body, response.status_code)
    if response.status_code != 201:
        problem = response.json()
        assert problem["status"] == response.status_code and problem["detail"], body
