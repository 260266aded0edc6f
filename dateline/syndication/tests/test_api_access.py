"""Who may read what: a working key of the right editions, at its rate; every refusal a JSON
problem that says what to change (401 without a working key, 403 outside its editions, 400
for a bad filter or cursor, 404, 429 with Retry-After)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.stories.factories import StoryFactory
from dateline.syndication import rate_limit
from dateline.syndication.keys import api_key_check, api_key_create, api_key_revoke
from dateline.syndication.models import ApiKey

from .api_reading import api_get, documents, key_made, story_id


def _problem(response, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and problem["title"]
    return problem["detail"]


@pytest.fixture
def story(en):
    return StoryFactory(locale=en.locale, headline="Bridge reopened")


@pytest.mark.django_db
def test_without_a_key_the_answer_says_how_to_send_one(client, story):
    response = api_get(client, "/api/stories")
    assert "Authorization: Bearer" in _problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Bridge reopened" not in response.content.decode()
    assert "Bearer" in _problem(api_get(client, f"/api/stories/{story.pk}"), 401)
    basic = client.get("/api/stories", headers={"authorization": "Basic dXNlcjpwdw=="})
    assert "Bearer" in _problem(basic, 401)


@pytest.mark.django_db
def test_an_unknown_a_malformed_or_a_revoked_key_is_refused(client, en, story):
    key, raw = api_key_create(name="Report.az", editions=[en])
    assert api_get(client, "/api/stories", raw).status_code == 200
    forged = raw[:-4] + ("AAAA" if not raw.endswith("AAAA") else "BBBB")
    for wrong in (forged, "dl_short", "x" * 5000, "dl_" + "é" * 43):
        assert "Unknown or revoked" in _problem(api_get(client, "/api/stories", wrong), 401)

    api_key_revoke(key=key)
    assert "Unknown or revoked" in _problem(api_get(client, "/api/stories", raw), 401)
    assert api_key_check(raw) is None


@pytest.mark.django_db
def test_the_key_may_come_in_its_own_header(client, en, story):
    raw = key_made(en)
    response = client.get("/api/stories", headers={"x-api-key": raw})
    assert response.status_code == 200
    assert [story_id(item) for item in response.json()["items"]] == [story.pk]
    assert "Unknown" in _problem(client.get("/api/stories", headers={"x-api-key": "dl_x"}), 401)


@pytest.mark.django_db
def test_a_key_reads_its_own_editions_only(client, en, ru, story):
    russian = StoryFactory(locale=ru.locale, headline="Мост открыт")
    raw = key_made(en)

    assert [story_id(item) for item in documents(client, raw)] == [story.pk]
    assert "reads the editions en, not ru" in _problem(
        api_get(client, "/api/stories", raw, edition="ru"), 403
    )
    assert "in the edition ru" in _problem(api_get(client, f"/api/stories/{russian.pk}", raw), 403)
    assert "Мост" not in api_get(client, f"/api/stories/{russian.pk}", raw).content.decode()
    assert [story_id(item) for item in documents(client, key_made(en, ru), edition="ru")] == [
        russian.pk
    ]


@pytest.mark.django_db
def test_bad_filters_and_cursors_are_told_apart(client, en, story):
    raw = key_made(en)
    cases = {
        "edition": ({"edition": "xx"}, "no edition 'xx'"),
        "region": ({"region": "atlantis"}, "region: no such region in the editions en"),
        "topic": ({"topic": "weather"}, "topic: no such topic in the editions en"),
        "cursor": ({"cursor": "yesterday"}, "cursor: not a place in this list"),
        "limit": ({"limit": "1000"}, "limit"),
        "not a number": ({"limit": "ten"}, "limit"),
        "no offset": ({"updated_since": "2025-01-10T12:00:00"}, "give the time's offset"),
        "not a time": ({"updated_since": "last week"}, "updated_since"),
        "out of range": ({"updated_since": "9999-12-31T23:59:59-23:59"}, "out of range"),
        "control character": ({"region": "baku\x00"}, "control character"),
    }
    for name, (params, told) in cases.items():
        assert told in _problem(api_get(client, "/api/stories", raw, **params), 400), name
    assert "story_id" in _problem(api_get(client, "/api/stories/latest", raw), 400)
    assert "story_id" in _problem(api_get(client, "/api/stories/0", raw), 400)
    assert "No story 999999" in _problem(api_get(client, "/api/stories/999999", raw), 404)


@pytest.mark.django_db
def test_drafts_and_embargoed_stories_reach_no_key_without_embargo_scope(client, en, story):
    draft = StoryFactory(locale=en.locale, headline="A draft", publish=False)
    held = StoryFactory(locale=en.locale, headline="Held until noon", publish=False)
    held.embargo_until = timezone.now() + timedelta(hours=1)
    held.save_revision().publish()
    raw = key_made(en)

    for listing in (
        documents(client, raw),
        documents(client, raw, updated_since="2000-01-01T00:00:00Z"),
    ):
        assert [story_id(item) for item in listing] == [story.pk]
    for hidden in (draft, held):
        assert api_get(client, f"/api/stories/{hidden.pk}", raw).status_code == 404
    embargo_key = key_made(en, embargo=True)
    assert api_get(client, f"/api/stories/{draft.pk}", embargo_key).status_code == 404
    assert api_get(client, f"/api/stories/{held.pk}", embargo_key).status_code == 200
    assert {story_id(item) for item in documents(client, embargo_key)} == {story.pk, held.pk}


@pytest.mark.django_db
def test_the_rate_limit_answers_429_until_the_next_minute(client, en, story, monkeypatch):
    now = [1_800_000_000.0]  # at the start of a minute
    monkeypatch.setattr(rate_limit, "clock", lambda: now[0])
    raw = key_made(en, per_minute=3)

    assert [api_get(client, "/api/stories", raw).status_code for _ in range(3)] == [200] * 3
    now[0] += 45
    refused = api_get(client, "/api/stories", raw)
    assert "3 requests a minute" in _problem(refused, 429)
    assert refused["Retry-After"] == "15"
    assert api_get(client, f"/api/stories/{story.pk}", raw).status_code == 429
    assert api_get(client, "/api/stories", key_made(en, per_minute=3)).status_code == 200

    now[0] += 15  # the next minute
    assert api_get(client, "/api/stories", raw).status_code == 200


@pytest.mark.django_db
def test_last_used_is_written_at_most_once_a_minute(client, en, story, monkeypatch):
    key, raw = api_key_create(name="Report.az", editions=[en])
    assert key.last_used_at is None
    start = timezone.now()
    moments = iter([start, start + timedelta(seconds=30), start + timedelta(seconds=61)])
    written = []
    for moment in moments:
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        api_get(client, "/api/stories", raw)
        written.append(ApiKey.objects.get(pk=key.pk).last_used_at)
    assert written == [start, start, start + timedelta(seconds=61)]
