"""Each API key's requests per minute, counted in Django's cache (the process's own, or Redis
when REDIS_URL is set, so that every server counts together): one counter per key and clock
minute, which the cache forgets after the minute."""

import time

from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from .models import ApiKey

WINDOW_SECONDS = 60
# What time it is, in seconds since 1970 (the tests move it).
clock = time.time


def seconds_to_next_window() -> float:
    return WINDOW_SECONDS - clock() % WINDOW_SECONDS


def request_count(key: ApiKey) -> int:
    """Counts a request of `key` in this minute; the count so far, this one included."""
    # By prefix, not id: an id comes again after a database is restored, a prefix does not.
    counter = f"syndication:api-rate:{key.prefix}:{int(clock() // WINDOW_SECONDS)}"
    cache.add(counter, 0, timeout=WINDOW_SECONDS * 2)
    try:
        return cache.incr(counter)
    except ValueError:  # the counter went between the two calls: this is the first again
        cache.set(counter, 1, timeout=WINDOW_SECONDS * 2)
        return 1


class KeyRateLimit(BaseThrottle):
    """django-ninja's throttle, per key at the key's own rate. It keeps nothing of a request:
    one instance serves every thread."""

    def allow_request(self, request: HttpRequest) -> bool:
        key = getattr(request, "auth", None)
        if not isinstance(key, ApiKey):
            return True  # not an operation that needs a key
        return request_count(key) <= key.requests_per_minute

    def wait(self) -> float:
        return seconds_to_next_window()
