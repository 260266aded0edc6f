"""A subscriber registers its own webhooks with its key (/api/webhooks): it gets the signing
secret once, its endpoint then hears of its editions' stories, it lists and deletes only its
own, and every bad request gets a clear 4xx."""

import json

import pytest

from dateline.stories.factories import StoryFactory
from dateline.syndication.models import ApiKey, WebhookEndpoint
from dateline.syndication.webhooks.services import MAX_ENDPOINTS_PER_KEY
from dateline.syndication.webhooks.signing import SIGNATURE_HEADER, signature

from .api_reading import api_get, key_made
from .webhook_receivers import Receiver, send_due, serving

pytestmark = pytest.mark.django_db


def _post(client, key: str | None, body: object):
    headers = {"authorization": f"Bearer {key}"} if key else {}
    text = body if isinstance(body, str) else json.dumps(body)
    return client.post("/api/webhooks", text, content_type="application/json", headers=headers)


def _delete(client, key: str, webhook_id: int):
    return client.delete(f"/api/webhooks/{webhook_id}", headers={"authorization": f"Bearer {key}"})


def test_a_registered_endpoint_hears_of_the_keys_stories_signed_with_its_secret(
    client, en, ru, committed
):
    key = key_made(en, ru)
    receiver = Receiver()
    with serving(receiver) as url:
        created = _post(client, key, {"url": url, "events": ["published"], "editions": ["en"]})
        assert created.status_code == 201, created.content
        webhook = created.json()
        assert webhook["secret"].startswith("whsec_")
        assert (webhook["url"], webhook["events"], webhook["editions"]) == (
            url,
            ["published"],
            ["en"],
        )

        story = committed(lambda: StoryFactory(locale=en.locale, headline="Heard"))
        committed(lambda: StoryFactory(locale=ru.locale, headline="Не услышан"))
        send_due()

    (event,) = receiver.received
    assert event.payload["story"]["id"] == story.pk
    stamp = event.headers[SIGNATURE_HEADER].split(",")[0].removeprefix("t=")
    assert event.headers[SIGNATURE_HEADER] == signature(webhook["secret"], int(stamp), event.body)


def test_a_key_lists_and_deletes_only_its_own_webhooks(client, en):
    mine, theirs = key_made(en), key_made(en)
    webhook_id = _post(client, mine, {"url": "https://hooks.example.org/a"}).json()["id"]

    listed = api_get(client, "/api/webhooks", mine).json()["items"]
    assert [w["id"] for w in listed] == [webhook_id]
    assert "secret" not in listed[0]  # shown once, when registered
    assert listed[0]["events"] == ["published", "updated", "withdrawn"]
    assert api_get(client, "/api/webhooks", theirs).json() == {"items": []}

    assert _delete(client, theirs, webhook_id).status_code == 404
    assert _delete(client, mine, webhook_id).status_code == 204
    assert not WebhookEndpoint.objects.exists()
    assert _delete(client, mine, webhook_id).status_code == 404


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"url": "http://hooks.example.org/a"}, "HTTPS"),
        ({"url": "https://10.0.0.7/hook"}, "private or reserved"),
        ({"url": "https://localhost/hook"}, "private or reserved"),
        ({"url": "not an address"}, "address"),
        ({"url": "https://hooks.example.org/a", "events": ["deleted"]}, "events"),
        ({"url": "https://hooks.example.org/a", "events": []}, "events"),
        ({"url": "https://hooks.example.org/a", "editions": ["ru"]}, "this key reads en, not ru"),
        ({"url": "https://hooks.example.org/a", "editions": ["xx"]}, "not xx"),
        ({"events": ["published"]}, "url"),
        ("{not json", "Cannot parse request body"),
        ([1, 2], "url: Field required"),
    ],
)
def test_a_bad_registration_is_a_400_that_says_why(client, en, ru, settings, body, says):
    settings.WEBHOOKS_ALLOW_HTTP_LOCAL = False
    response = _post(client, key_made(en), body)

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert says in response.json()["detail"]
    assert not WebhookEndpoint.objects.exists()


def test_a_key_may_have_a_bounded_number_of_webhooks(client, en):
    key = key_made(en)
    for n in range(MAX_ENDPOINTS_PER_KEY):
        assert _post(client, key, {"url": f"https://hooks.example.org/{n}"}).status_code == 201

    response = _post(client, key, {"url": "https://hooks.example.org/more"})

    assert response.status_code == 409
    assert "delete one first" in response.json()["detail"]


def test_without_a_working_key_nothing_is_registered(client, en):
    assert _post(client, None, {"url": "https://hooks.example.org/a"}).status_code == 401
    assert _post(client, "dl_not_a_key", {"url": "https://hooks.example.org/a"}).status_code == 401
    key = key_made(en)
    ApiKey.objects.update(revoked_at="2026-01-01T00:00:00Z")
    assert _post(client, key, {"url": "https://hooks.example.org/a"}).status_code == 401
    assert not WebhookEndpoint.objects.exists()
