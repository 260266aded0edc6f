"""Subscribers' own webhooks in the subscriber API (/api/webhooks): a key lists, registers and
deletes the endpoints that hear of its stories. An endpoint registered here is one the admin
lists too, tied to the key: it hears only of what the key may read (docs/webhooks.md)."""

from datetime import datetime
from typing import Literal, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError

from dateline.core.params import MAX_ID
from dateline.editions.registry import edition_for_slug

from ..keys import api_key_editions
from ..models import ApiKey, WebhookEndpoint
from .services import TooManyWebhooks, webhook_endpoint_delete, webhook_endpoint_register

EventName = Literal["published", "updated", "withdrawn"]
ALL_EVENTS: list[EventName] = ["published", "updated", "withdrawn"]

router = Router(tags=["webhooks"])


class WebhookIn(Schema):
    url: str = Field(
        max_length=500,
        description="Where events are posted: an `https://` address on the internet.",
    )
    events: list[EventName] = Field(
        default_factory=lambda: list(ALL_EVENTS),
        min_length=1,
        description="What the endpoint is told of; by default all three.",
    )
    editions: list[str] | None = Field(
        None,
        max_length=20,
        description="Edition slugs (e.g. `en`); by default every edition the key reads.",
    )
    name: str = Field("", max_length=200, description="Your name for it; the address if none.")


class Webhook(Schema):
    id: int
    name: str
    url: str
    events: list[str]
    editions: list[str]
    active: bool = Field(description="False when the agency has paused it.")
    created_at: datetime


class WebhookCreated(Webhook):
    secret: str = Field(
        description="The signing secret (docs/webhooks.md, Verifying the signature); shown only "
        "in this answer."
    )


class WebhookList(Schema):
    items: list[Webhook]


def _key(request: HttpRequest) -> ApiKey:
    return cast(ApiKey, request.auth)  # type: ignore[attr-defined]


def _described(endpoint: WebhookEndpoint) -> dict:
    return {
        "id": endpoint.pk,
        "name": endpoint.name,
        "url": endpoint.url,
        "events": endpoint.events,
        "editions": sorted(edition.slug for edition in endpoint.editions.all()),
        "active": endpoint.active,
        "created_at": endpoint.created_at,
    }


@router.get("", response=WebhookList, operation_id="webhooks_list", summary="Your webhooks")
def webhooks_list(request: HttpRequest) -> dict:
    endpoints = _key(request).webhooks.prefetch_related("editions").order_by("pk")
    return {"items": [_described(endpoint) for endpoint in endpoints]}


@router.post(
    "",
    response={201: WebhookCreated},
    operation_id="webhook_register",
    summary="Register a webhook",
    description="A new endpoint for this key, told of its editions' events from now on. The "
    "answer holds its signing secret, once. A key has at most 10 endpoints (409 beyond).",
)
def webhook_register(request: HttpRequest, webhook: WebhookIn) -> tuple[int, dict]:
    key = _key(request)
    own = api_key_editions(key)
    if not own:
        raise HttpError(403, "This key reads no edition (any more): ask the agency.")
    editions = own
    if webhook.editions is not None:
        asked = [edition_for_slug(slug) for slug in webhook.editions]
        if unread := [s for s, e in zip(webhook.editions, asked, strict=True) if e not in own]:
            slugs = ", ".join(e.slug for e in own)
            raise HttpError(
                400, f"editions: this key reads {slugs}, not {', '.join(unread)[:200]}."
            )
        editions = tuple(e for e in asked if e is not None)
    try:
        endpoint = webhook_endpoint_register(
            api_key=key,
            url=webhook.url,
            events=webhook.events,
            editions=editions,
            name=webhook.name,
        )
    except ValidationError as invalid:
        raise HttpError(400, _message(invalid)) from None
    except TooManyWebhooks as too_many:
        raise HttpError(409, str(too_many)) from None
    return 201, _described(endpoint) | {"secret": endpoint.secret}


def _message(invalid: ValidationError) -> str:
    if hasattr(invalid, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in invalid.message_dict.items()
        )
    return " ".join(invalid.messages)


@router.delete(
    "/{webhook_id}",
    response={204: None},
    operation_id="webhook_delete",
    summary="Delete a webhook",
    description="Deletes one of this key's endpoints; nothing is sent to it after.",
)
def webhook_delete(
    request: HttpRequest, webhook_id: int = Path(..., ge=1, le=MAX_ID)
) -> tuple[int, None]:
    endpoint = _key(request).webhooks.filter(pk=webhook_id).first()
    if endpoint is None:
        raise HttpError(404, f"This key has no webhook {webhook_id}.")
    webhook_endpoint_delete(endpoint=endpoint)
    return 204, None
