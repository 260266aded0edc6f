"""Subscribers' API keys: made, checked and revoked here only.

A key is "dl_" and 43 random URL-safe characters. Its first 12 characters are kept as its
prefix, to find its row and to name it in the admin; of the whole key only a SHA-256 hash is
kept, so a copy of the database gives no working key. A key has that much randomness that a
fast hash is enough: nobody can guess one, so nobody needs to be slowed down."""

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from dateline.editions.models import Edition
from dateline.editions.registry import all_editions

from .models import ApiKey

KEY_START = "dl_"
PREFIX_LENGTH = 12  # "dl_" and nine random characters: shown in the admin, unique
_KEY = re.compile(r"dl_[A-Za-z0-9_-]{43}")
# How stale "last used" may be: one write a minute per key, not one per request.
LAST_USED_EVERY = timedelta(minutes=1)
REVOKE_ACTION = "syndication.revoke_api_key"  # in the key's history (wagtail_hooks)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_key_create(
    *,
    name: str,
    editions: Iterable[Edition],
    embargo_access: bool = False,
    requests_per_minute: int | None = None,
    user: AbstractBaseUser | None = None,
) -> tuple[ApiKey, str]:
    """A new key for `editions` and the key itself, which is not kept: show it once."""
    while True:
        raw = KEY_START + secrets.token_urlsafe(32)
        if not ApiKey.objects.filter(prefix=raw[:PREFIX_LENGTH]).exists():
            break
    key = ApiKey(
        name=name,
        prefix=raw[:PREFIX_LENGTH],
        key_hash=_hash(raw),
        embargo_access=embargo_access,
        created_by_id=user.pk if user is not None else None,
    )
    if requests_per_minute is not None:
        key.requests_per_minute = requests_per_minute
    key.full_clean(exclude=["editions"])
    key.save()
    key.editions.set(list(editions))
    log(instance=key, action="wagtail.create", user=user)
    return key, raw


@transaction.atomic
def api_key_revoke(*, key: ApiKey, user: AbstractBaseUser | None = None) -> ApiKey:
    """Stops the key from working at once; its row stays, with when it was revoked."""
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        log(instance=key, action=REVOKE_ACTION, user=user)
    return key


def api_key_check(raw: str) -> ApiKey | None:
    """The working key `raw` is, or None: unknown, malformed or revoked."""
    if not _KEY.fullmatch(raw):
        return None  # nothing else reaches a query: no stray byte, no over-long text
    key = ApiKey.objects.filter(prefix=raw[:PREFIX_LENGTH], revoked_at__isnull=True).first()
    # Compared in constant time, so the answer's timing tells nothing of the stored hash.
    if key is None or not hmac.compare_digest(key.key_hash, _hash(raw)):
        return None
    return key


def api_key_used(key: ApiKey) -> None:
    """Notes that the key was used now, writing at most once a minute."""
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_EVERY:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now


def api_key_editions(key: ApiKey) -> tuple[Edition, ...]:
    """The editions the key reads, as the registry has them (deleted ones are gone)."""
    ids = set(key.editions.values_list("pk", flat=True))
    return tuple(edition for edition in all_editions() if edition.pk in ids)
