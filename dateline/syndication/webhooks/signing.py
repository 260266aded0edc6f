"""How a webhook is signed, in the manner of Stripe's: `X-Dateline-Signature: t=<unix time>,
v1=<hex HMAC-SHA256 of "<t>.<body>" with the endpoint's secret>`. The time is signed with the
body, so a subscriber can refuse a replayed request (docs/webhooks.md shows how to check)."""

import hashlib
import hmac
import json
from typing import Any

SIGNATURE_HEADER = "X-Dateline-Signature"
EVENT_HEADER = "X-Dateline-Event"
DELIVERY_HEADER = "X-Dateline-Delivery"


def body_encode(payload: dict[str, Any]) -> bytes:
    """The request body: the payload as compact UTF-8 JSON, the bytes that are signed."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The value of the signature header for `body` sent at `timestamp`."""
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"
