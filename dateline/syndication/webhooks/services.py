"""Writes to webhooks that people make (the admin, and subscribers through the API; the sender
and the outbox's reaction write their own rows)."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from dateline.editions.models import Edition
from dateline.syndication.models import ApiKey, WebhookDelivery, WebhookEndpoint

from .sending import senders_wake

# Endpoints one key may register for itself: enough for a subscriber's systems.
MAX_ENDPOINTS_PER_KEY = 10


class TooManyWebhooks(Exception):
    """A key has as many endpoints as it may have."""


def webhook_endpoint_register(
    *, api_key: ApiKey, url: str, events: Iterable[str], editions: Iterable[Edition], name: str
) -> WebhookEndpoint:
    """A subscriber's own endpoint for its key (its secret is shown to it once). Raises
    ValidationError for an address webhooks may not call, TooManyWebhooks for one too many."""
    if api_key.webhooks.count() >= MAX_ENDPOINTS_PER_KEY:
        raise TooManyWebhooks(
            f"This key has {MAX_ENDPOINTS_PER_KEY} webhooks, the most it may have: delete one "
            "first."
        )
    endpoint = WebhookEndpoint(
        name=name or url, url=url, events=sorted(set(events)), api_key=api_key
    )
    endpoint.full_clean()
    with transaction.atomic():
        endpoint.save()
        endpoint.editions.set(list(editions))
        log(instance=endpoint, action="wagtail.create")
    return endpoint


def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    """Deletes an endpoint and its delivery log; no event is sent to it after."""
    with transaction.atomic():
        log(instance=endpoint, action="wagtail.delete")
        endpoint.delete()


def webhook_delivery_retry(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Makes a failed delivery due now for one attempt more (after which, failing, it has
    failed again); the sender posts it, not the request that asks."""
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at"])
    transaction.on_commit(senders_wake)
    return delivery
