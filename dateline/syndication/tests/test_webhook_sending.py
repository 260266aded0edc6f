"""How deliveries reach subscribers: signed so that the documented check accepts them and
nothing else, tried again with backoff until answered, given up after the last attempt, and
never in the way of publishing or of other endpoints."""

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

import dateline
from dateline.stories.factories import StoryFactory
from dateline.syndication.models import WebhookDelivery
from dateline.syndication.webhooks.sending import (
    ATTEMPTS,
    BACKOFF,
    CLAIM,
    Outcome,
    deliveries_claim,
    outcomes_record,
)

from .webhook_receivers import Receiver, dead_url, endpoint_add, send_due, serving, trickling

DOCS = Path(dateline.__file__).parent.parent / "docs" / "webhooks.md"
Status = WebhookDelivery.Status


def documented_check():
    """The subscriber's check of a signature, as docs/webhooks.md gives it."""
    [snippet] = re.findall(r"```python\n(.*?)```", DOCS.read_text(), re.DOTALL)
    scope: dict = {}
    exec(snippet, scope)  # noqa: S102 - the documentation's own code
    return scope["dateline_signature_is_valid"]


class Clock:
    """Django's clock, moved forward by the test."""

    def __init__(self, monkeypatch) -> None:
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.mark.django_db
def test_the_signature_verifies_with_the_documented_check_and_refuses_tampering(
    en, committed, monkeypatch
):
    receiver = Receiver()
    with serving(receiver) as url:
        endpoint = endpoint_add(url, en)
        committed(lambda: StoryFactory(locale=en.locale))
        send_due()
    [request] = receiver.received
    header = request.headers["X-Dateline-Signature"]
    is_valid = documented_check()

    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", header)
    assert is_valid(endpoint.secret, header, request.body)
    assert not is_valid("whsec_someone_else", header, request.body)
    assert not is_valid(endpoint.secret, header, request.body.replace(b"published", b"withdrawn"))
    assert not is_valid(endpoint.secret, header.replace("t=", "t=1"), request.body)
    replayed_at = time.time() + 301
    monkeypatch.setattr(time, "time", lambda: replayed_at)
    assert not is_valid(endpoint.secret, header, request.body)  # too old: a replay


@pytest.mark.django_db
def test_an_error_answer_is_retried_with_backoff_until_delivered(en, committed, monkeypatch):
    clock = Clock(monkeypatch)
    receiver = Receiver(statuses=[500, 503, 200])
    with serving(receiver) as url:
        endpoint_add(url, en)
        committed(lambda: StoryFactory(locale=en.locale))
        send_due()
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
            Status.PENDING,
            1,
            500,
        )
        assert delivery.next_attempt_at == clock.now + BACKOFF[0]

        clock.advance(BACKOFF[0] - timedelta(seconds=1))
        assert send_due() == []  # not yet
        clock.advance(timedelta(seconds=1))
        send_due()
        delivery.refresh_from_db()
        assert (delivery.attempts, delivery.last_status_code) == (2, 503)
        assert "503" in delivery.last_error
        assert delivery.next_attempt_at == clock.now + BACKOFF[1]

        clock.advance(BACKOFF[1])
        send_due()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        Status.DELIVERED,
        3,
        200,
    )
    assert delivery.delivered_at == clock.now and delivery.last_error == ""
    # The subscriber got the same event each time: one id to recognise a repeat by.
    assert len({request.headers["X-Dateline-Delivery"] for request in receiver.received}) == 1


@pytest.mark.django_db
def test_a_dead_endpoint_fails_after_the_last_attempt_and_its_other_events_wait_with_it(
    en, committed, monkeypatch
):
    clock = Clock(monkeypatch)
    endpoint_add(dead_url(), en)
    for _ in range(3):
        committed(lambda: StoryFactory(locale=en.locale))

    tried = [len(send_due())]
    assert WebhookDelivery.objects.filter(attempts=0).count() == 3 - tried[0]
    for wait in BACKOFF:
        clock.advance(wait)
        tried.append(len(send_due()))

    deliveries = list(WebhookDelivery.objects.all())
    # Each round tries what is due, not every event of the dead endpoint at once.
    assert all(count >= 1 for count in tried)
    failed = [d for d in deliveries if d.status == Status.FAILED]
    assert failed and all(d.attempts == ATTEMPTS for d in failed)
    assert all(d.last_status_code is None for d in deliveries)
    assert all("ConnectionRefusedError" in d.last_error for d in deliveries if d.attempts)


@pytest.mark.django_db
def test_an_endpoint_that_answers_too_slowly_fails(en, committed, monkeypatch):
    clock = Clock(monkeypatch)
    receiver = Receiver(delay=1.0)
    with serving(receiver) as url:
        endpoint_add(url, en)
        committed(lambda: StoryFactory(locale=en.locale))
        started = time.monotonic()
        send_due(timeout=0.2)
        assert time.monotonic() - started < 0.9  # the sender stopped waiting
        for wait in BACKOFF:
            clock.advance(wait)
            send_due(timeout=0.2)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Status.FAILED, ATTEMPTS)
    assert delivery.last_error == "no answer within 0.2 s"
    assert len(receiver.received) == ATTEMPTS


@pytest.mark.django_db
def test_an_answer_that_comes_a_byte_at_a_time_is_cut_off_at_the_deadline(en, committed):
    with trickling() as url:
        endpoint_add(url, en)
        committed(lambda: StoryFactory(locale=en.locale))
        started = time.monotonic()
        send_due(timeout=0.5, deadline=1.0)  # no step waits 0.5 s: each byte comes sooner
        assert time.monotonic() - started < 2.0
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Status.PENDING, 1)
    assert delivery.last_error == "no whole answer within 1 s"


@pytest.mark.django_db
def test_a_late_outcome_of_a_lapsed_claim_counts_once(en, committed, monkeypatch):
    clock = Clock(monkeypatch)
    endpoint_add(dead_url(), en)
    committed(lambda: StoryFactory(locale=en.locale))
    (lapsed,) = deliveries_claim(limit=1)
    clock.advance(CLAIM)  # its sender seems gone: another claims the delivery and fails too
    (again,) = deliveries_claim(limit=1)
    outcomes_record([Outcome(again, None, "refused")])
    outcomes_record([Outcome(lapsed, None, "refused late")])
    delivery = WebhookDelivery.objects.get()
    assert (delivery.attempts, delivery.last_error) == (1, "refused")

    # A success counts however late it comes: the endpoint has the event.
    outcomes_record([Outcome(lapsed, 204, "")])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.DELIVERED, 2)


@pytest.mark.django_db
def test_a_redirect_is_not_followed(en, committed):
    receiver = Receiver(statuses=[302])
    with serving(receiver) as url:
        endpoint_add(url, en)
        committed(lambda: StoryFactory(locale=en.locale))
        send_due()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == (Status.PENDING, 302)
    assert "not followed" in delivery.last_error


@pytest.mark.django_db
def test_an_address_webhooks_may_not_call_is_not_called(en, committed, settings):
    receiver = Receiver()
    with serving(receiver) as url:
        endpoint_add("https://10.0.0.7/hooks", en)  # saved around the form's check
        endpoint_add(url, en)
        committed(lambda: StoryFactory(locale=en.locale))
        settings.WEBHOOKS_ALLOW_HTTP_LOCAL = False
        send_due()
    assert receiver.received == []
    errors = sorted(WebhookDelivery.objects.values_list("last_error", flat=True))
    assert "10.0.0.7 is a private or reserved address" in errors[0]
    assert "HTTPS only" in errors[1]
