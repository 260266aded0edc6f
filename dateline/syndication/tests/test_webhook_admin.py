"""Webhooks in the admin, as an administrator uses them: an endpoint registered for a
subscriber, its secret shown once; addresses webhooks may not call refused with a reason; the
delivery log with its filters and "retry now". Nobody else sees any of it."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dateline.stories.factories import StoryFactory
from dateline.syndication.keys import api_key_create
from dateline.syndication.models import WebhookDelivery, WebhookEndpoint

from .webhook_receivers import Receiver, dead_url, endpoint_add, send_due, serving

pytestmark = pytest.mark.django_db
Status = WebhookDelivery.Status
SECRET = re.compile(r"whsec_[0-9a-f]{48}")


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.org", "pw"))
    return client


def listing(response) -> str:
    """The listing's rows (the filters around them name every endpoint)."""
    found = re.search(r'<table class="listing.*?</table>', response.content.decode(), re.DOTALL)
    return found.group() if found else ""


def form(en, **fields) -> dict:
    return {
        "name": "Report.az",
        "url": "https://hooks.example.com/dateline",
        "api_key": "",
        "editions": [str(en.pk)],
        "events": ["published", "withdrawn"],
        "active": "on",
    } | fields


def test_an_endpoint_is_registered_and_its_secret_shown_once(admin_client, en):
    add = reverse("webhookendpoint:add")
    assert admin_client.get(add).status_code == 200

    page = admin_client.post(add, form(en), follow=True)

    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.name, endpoint.url, endpoint.events) == (
        "Report.az",
        "https://hooks.example.com/dateline",
        ["published", "withdrawn"],
    )
    assert list(endpoint.editions.all()) == [en]
    assert SECRET.fullmatch(endpoint.secret)
    assert endpoint.secret in page.content.decode()
    again = admin_client.get(reverse("webhookendpoint:edit", args=[endpoint.pk]))
    assert again.status_code == 200 and endpoint.secret not in again.content.decode()
    index = listing(admin_client.get(reverse("webhookendpoint:index")))
    assert "Report.az" in index and endpoint.secret not in index


def test_a_new_secret_replaces_the_old_and_is_shown_once(admin_client, en):
    endpoint = endpoint_add("https://hooks.example.com/dateline", en)
    old = endpoint.secret
    edit = reverse("webhookendpoint:edit", args=[endpoint.pk])

    page = admin_client.post(edit, form(en, new_secret="on"), follow=True)
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret in page.content.decode()

    page = admin_client.post(edit, form(en, active=""), follow=True)
    endpoint.refresh_from_db()
    assert not endpoint.active  # deactivated, secret kept and not shown
    assert SECRET.search(page.content.decode()) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://hooks.example.com/dateline", "HTTPS only"),
        ("https://192.168.1.20/hooks", "private or reserved"),
        ("https://localhost/hooks", "private or reserved"),
        ("https://[::1]/hooks", "private or reserved"),
        ("https://169.254.169.254/latest", "private or reserved"),
    ],
)
def test_an_address_webhooks_may_not_call_is_refused_with_a_reason(
    admin_client, en, settings, url, reason
):
    settings.WEBHOOKS_ALLOW_HTTP_LOCAL = False
    page = admin_client.post(reverse("webhookendpoint:add"), form(en, url=url))

    assert page.status_code == 200
    assert reason in page.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_plain_http_to_the_local_machine_only_where_allowed(admin_client, en, settings):
    local = "http://127.0.0.1:8765/hooks"
    settings.WEBHOOKS_ALLOW_HTTP_LOCAL = True
    admin_client.post(reverse("webhookendpoint:add"), form(en, url=local))
    assert WebhookEndpoint.objects.get().url == local

    settings.WEBHOOKS_ALLOW_HTTP_LOCAL = False
    page = admin_client.post(reverse("webhookendpoint:add"), form(en, url=local, name="Other"))
    assert "HTTPS only" in page.content.decode()


def test_editions_the_key_does_not_read_are_refused(admin_client, en, ru):
    key, _raw = api_key_create(name="Russian only", editions=[ru])
    page = admin_client.post(
        reverse("webhookendpoint:add"), form(en, api_key=str(key.pk), editions=[en.pk, ru.pk])
    )
    assert "does not read English" in page.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log_shows_filters_and_retries_deliveries(
    admin_client, en, django_capture_on_commit_callbacks, monkeypatch
):
    receiver = Receiver()
    with serving(receiver) as url:
        endpoint_add(url, en, name="Healthy partner")
        endpoint_add(dead_url(), en, name="Gone partner")
        with django_capture_on_commit_callbacks(execute=True):
            story = StoryFactory(locale=en.locale)
        send_due()
    dead = WebhookDelivery.objects.get(endpoint__name="Gone partner")
    WebhookDelivery.objects.filter(pk=dead.pk).update(status=Status.FAILED, next_attempt_at=None)

    index = reverse("webhookdelivery:index")
    page = listing(admin_client.get(index))
    assert "Healthy partner" in page and "Gone partner" in page
    assert str(story.pk) in page and "ConnectionRefusedError" in page
    assert "delivered" in page and "failed" in page

    failed = listing(admin_client.get(index, {"status": "failed"}))
    assert "Gone partner" in failed and "Healthy partner" not in failed
    by_endpoint = listing(admin_client.get(index, {"endpoint": dead.endpoint_id}))
    assert "Gone partner" in by_endpoint and "Healthy partner" not in by_endpoint

    inspect = admin_client.get(reverse("webhookdelivery:inspect", args=[dead.pk]))
    assert dead.payload["id"] in inspect.content.decode()

    retry = reverse("webhookdelivery:retry", args=[dead.pk])
    assert retry in failed  # offered for failed deliveries only
    assert admin_client.get(retry).status_code == 200
    admin_client.post(retry)
    dead.refresh_from_db()
    assert dead.status == Status.PENDING and dead.next_attempt_at <= timezone.now()
    delivered = WebhookDelivery.objects.get(endpoint__name="Healthy partner")
    assert (
        admin_client.post(reverse("webhookdelivery:retry", args=[delivered.pk])).status_code == 404
    )


def test_only_administrators_see_webhooks(client, django_user_model, en):
    endpoint = endpoint_add("https://hooks.example.com/dateline", en, name="Report.az")
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, change_id=1, story_id=1, event="published", payload={}, status="failed"
    )
    for url in [
        reverse("webhookendpoint:index"),
        reverse("webhookendpoint:add"),
        reverse("webhookendpoint:edit", args=[endpoint.pk]),
        reverse("webhookdelivery:index"),
        reverse("webhookdelivery:inspect", args=[delivery.pk]),
        reverse("webhookdelivery:retry", args=[delivery.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("wagtailadmin_login")), url

    editor = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Chief editor"))
    client.force_login(editor)

    assert "Webhooks" not in client.get(reverse("wagtailadmin_home")).content.decode()
    for url in [
        reverse("webhookendpoint:index"),
        reverse("webhookendpoint:edit", args=[endpoint.pk]),
        reverse("webhookdelivery:index"),
        reverse("webhookdelivery:retry", args=[delivery.pk]),
    ]:
        response = client.get(url, follow=True)
        assert "Report.az" not in response.content.decode(), url
        assert endpoint.secret not in response.content.decode(), url


def test_the_delivery_log_costs_the_same_queries_however_many_rows_it_shows(admin_client, en):
    def log_queries(deliveries: int) -> int:
        for n in range(deliveries):
            endpoint = endpoint_add(f"https://hooks{n}.example.com/dateline", en, name=f"P{n}")
            WebhookDelivery.objects.create(
                endpoint=endpoint, change_id=n, story_id=n, event="published", payload={}
            )
        with CaptureQueriesContext(connection) as queries:
            page = admin_client.get(reverse("webhookdelivery:index"))
        assert page.status_code == 200
        return len(queries)

    few = log_queries(2)
    assert log_queries(12) == few
