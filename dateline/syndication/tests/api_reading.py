"""Reading the subscriber API as a subscriber does: with a key made through the service, every
answer parsed, every ninjs document validated against IPTC's ninjs 3.1 JSON Schema
(data/ninjs/SOURCE.md) with strict checks of its date-time and uri formats."""

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker

from dateline.editions.models import Edition
from dateline.syndication.keys import api_key_create

SCHEMA_FILE = Path(__file__).parent / "data" / "ninjs" / "ninjs-schema_3.1.json"
_RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")

# jsonschema checks these formats only with optional packages; these checks are stricter still.
formats = FormatChecker()


@formats.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339.fullmatch(value):
        raise ValueError(f"not an RFC 3339 time: {value!r}")
    return datetime.fromisoformat(value).tzinfo is not None


@formats.checks("uri", raises=ValueError)
def _uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    if not parts.scheme or not (parts.netloc or parts.path) or " " in value:
        raise ValueError(f"not an absolute URI: {value!r}")
    return True


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=formats)


def ninjs_errors(document: dict[str, Any]) -> list[str]:
    """Why `document` is not valid ninjs 3.1 (nothing if it is)."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator().iter_errors(document)
    ]


def key_made(*editions: Edition, embargo: bool = False, per_minute: int = 10_000) -> str:
    _key, raw = api_key_create(
        name="Subscriber",
        editions=editions,
        embargo_access=embargo,
        requests_per_minute=per_minute,
    )
    return raw


def api_get(client: Client, url: str, key: str | None = None, **params: Any):
    """GET an API address (absolute, as `next` gives it, or a path) with the key as a bearer."""
    parts = urlsplit(url)
    path = f"{parts.path}?{parts.query}" if parts.query else parts.path
    headers = {"authorization": f"Bearer {key}"} if key is not None else {}
    return client.get(path, params or None, headers=headers)


def documents(client: Client, key: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of every page of a list, following `next`, each checked against the schema."""
    return follow(client, key, api_get(client, "/api/stories", key, **params))


def follow(client: Client, key: str, response: Any) -> list[dict[str, Any]]:
    """The items of this page of a list and of every next one, each checked against the
    schema."""
    items: list[dict[str, Any]] = []
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        for item in body["items"]:
            assert ninjs_errors(item) == [], item
        items += body["items"]
        if body["next"] is None:
            return items
        response = api_get(client, body["next"], key)


def story_id(document: dict[str, Any]) -> int:
    (alt,) = [alt for alt in document["altIds"] if alt["role"] == "storyId"]
    return int(alt["value"])
