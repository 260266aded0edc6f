"""Writes to webhooks that people make (the admin; the sender and the outbox's reaction write
their own rows)."""

from django.db import transaction
from django.utils import timezone

from dateline.syndication.models import WebhookDelivery

from .sending import senders_wake


def webhook_delivery_retry(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Makes a failed delivery due now for one attempt more (after which, failing, it has
    failed again); the sender posts it, not the request that asks."""
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at"])
    transaction.on_commit(senders_wake)
    return delivery
