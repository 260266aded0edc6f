"""What reader pages show, kept per process until the next change.

A story page's document, its Read also and its sidebar, and a front's or section's stories change
only when a story, its photos or its tags change, which writes a row in the change outbox (the
scheduler writes one too when an embargo or an import's later time falls due), or when the
editions, their fronts or sections change, which counts the editions' version up. Between two
such changes every request for a page would build the same data again with a dozen queries; this
keeps it, keyed by the latest change id and the editions' version, so that any change makes every
entry stale at once and a request costs one query for the change id.

Previews never come here: they show what is not saved yet."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.http import HttpRequest

from dateline.editions.registry import editions_version
from dateline.stories.outbox import latest_change_id

# Enough for the pages readers open between two changes; the least recently read go first.
MAX_PAGES = 1000

_kept: "OrderedDict[tuple[Hashable, int, int], dict]" = OrderedDict()
_lock = threading.Lock()


def page_data(page: Hashable, build: Callable[[], dict | None]) -> dict | None:
    """The data `build` makes for `page`, made again only after a change. None (no such page)
    is not kept, so addresses of pages that do not exist cannot push real ones out."""
    key = (page, latest_change_id(), editions_version())
    with _lock:
        if (found := _kept.get(key)) is not None:
            _kept.move_to_end(key)
            return found
    data = build()
    if data is not None:
        with _lock:
            _kept[key] = data
            while len(_kept) > MAX_PAGES:
                _kept.popitem(last=False)
    return data


def page_data_forget() -> None:
    """Drop everything kept (for tests, whose databases reuse change ids)."""
    with _lock:
        _kept.clear()


def kept_by_page(builder: Callable[[Any, HttpRequest], dict]) -> Callable[[Any, HttpRequest], dict]:
    """A page tree's context builder whose data is kept per page, except in previews."""

    def context(page: Any, request: HttpRequest) -> dict:
        if getattr(request, "is_preview", False):
            return builder(page, request)
        return page_data((builder.__name__, page.pk), lambda: builder(page, request)) or {}

    return context
