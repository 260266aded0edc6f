"""What reader pages show, kept per process until a change that alters it.

What pages show changes only when a story, its photos, its tags or its people change, which
writes a row in the change outbox (the scheduler writes one too when an embargo or an import's
later time falls due), or when the editions, their fronts or sections change, which counts the
editions' version up. Between such changes every request for a page would build the same data
again with a dozen queries; this keeps it.

Lists (a front, a section, a story's Read also and sidebar) show many stories, so any change
makes them stale: they are keyed by the latest change id. A story's document says only what its
own stories say (stories.document.DocumentSources), so it is kept until one of those changes and
survives the publication of every other story: the busiest hour of the newsroom does not make
every story page of the archive be built again. Feeds and the subscriber API keep each story's
item the same way, so a list built again after a change builds only the items that changed.

Previews never come here: they show what is not saved yet."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from dateline.editions.registry import editions_version

from .document import DocumentSources
from .outbox import latest_change_id, latest_changes, latest_changes_by_source

# Enough for the pages readers open between two changes; the least recently read go first.
MAX_PAGES = 1000
# Stories' documents: a story page each, and each item of the feeds and the API's lists.
MAX_DOCUMENTS = 3000

_kept: "OrderedDict[tuple[Hashable, int, int], dict]" = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class _Document:
    data: Any
    sources: DocumentSources
    as_of: int  # the latest change id read before it was built
    editions_version: int


_documents: "OrderedDict[Hashable, _Document]" = OrderedDict()
# The change id a page's data is being built for: data it is built from (a story page's lists
# from the edition's latest stories) is kept under the same id, without reading it again.
_building_as_of: ContextVar[int | None] = ContextVar("building_as_of", default=None)


def page_data(
    page: Hashable, build: Callable[[], dict | None], *, change_id: int | None = None
) -> dict | None:
    """The data `build` makes for `page`, made again only after a change (the latest change's
    id, read here unless given). None (no such page) is not kept, so addresses of pages that do
    not exist cannot push real ones out."""
    if change_id is None:
        change_id = latest_change_seen()
    key = (page, change_id, editions_version())
    with _lock:
        if (found := _kept.get(key)) is not None:
            _kept.move_to_end(key)
            return found
    building = _building_as_of.set(change_id)
    try:
        data = build()
    finally:
        _building_as_of.reset(building)
    if data is not None:
        with _lock:
            _kept[key] = data
            while len(_kept) > MAX_PAGES:
                _kept.popitem(last=False)
    return data


def latest_change_seen() -> int:
    """The latest change's id: the one the data being built is kept under, else read now."""
    change_id = _building_as_of.get()
    return latest_change_id() if change_id is None else change_id


def document_data(
    page: Hashable, build: Callable[[], tuple[dict, DocumentSources] | None]
) -> tuple[dict | None, int]:
    """The data `build` makes from a story's document, made again only after a change of one of
    the stories the document says something of (or of the editions); and the latest change's id,
    read in the same query, for the page's lists. A change committed while the data is built has
    an id above the one read before, so it is never missed."""
    version = editions_version()
    with _lock:
        kept = _documents.get(page)
    if kept is not None and kept.editions_version == version:
        latest, latest_of_sources = latest_changes(
            story_ids=kept.sources.story_ids, translation_keys=kept.sources.translation_keys
        )
        if latest_of_sources <= kept.as_of:
            with _lock:
                if page in _documents:
                    _documents.move_to_end(page)
            return kept.data, latest
    as_of = latest_change_id()
    if (built := build()) is None:
        with _lock:  # withdrawn or deleted: nothing to check against its sources any more
            _documents.pop(page, None)
        return None, as_of
    data, sources = built
    _documents_keep({page: built}, as_of, version)
    return data, as_of


def _documents_keep[Page: Hashable](
    built: dict[Page, tuple[Any, DocumentSources]], as_of: int, version: int
) -> None:
    with _lock:
        for page, (data, sources) in built.items():
            _documents[page] = _Document(data, sources, as_of, version)
            _documents.move_to_end(page)
        while len(_documents) > MAX_DOCUMENTS:
            _documents.popitem(last=False)


def _still_current[Page: Hashable](kept: dict[Page, _Document]) -> dict[Page, Any]:
    """The data of the kept documents none of whose sources changed since they were built."""
    sources = [document.sources for document in kept.values()]
    by_story, by_key = latest_changes_by_source(
        story_ids={i for of in sources for i in of.story_ids},
        translation_keys={k for of in sources for k in of.translation_keys},
    )
    current = {}
    for page, document in kept.items():
        latest = max(
            (
                *(by_story.get(story_id, 0) for story_id in document.sources.story_ids),
                *(by_key.get(key, 0) for key in document.sources.translation_keys),
            ),
            default=0,
        )
        if latest <= document.as_of:
            current[page] = document.data
    return current


def documents_data[Page: Hashable](
    pages: Sequence[Page],
    build: Callable[[list[Page]], dict[Page, tuple[Any, DocumentSources]]],
) -> dict[Page, Any]:
    """document_data for many pages at once, such as a feed's items or a page of the API: the
    kept ones are checked against their sources' changes in two queries, and `build` makes the
    others in one call, by page. A page `build` leaves out (a story no longer public) is left
    out of the answer."""
    version = editions_version()
    with _lock:
        kept = {
            page: document
            for page in pages
            if (document := _documents.get(page)) is not None
            and document.editions_version == version
        }
    current: dict[Page, Any] = _still_current(kept) if kept else {}
    if missing := [page for page in pages if page not in current]:
        as_of = latest_change_id()
        built = build(missing)
        _documents_keep(built, as_of, version)
        with _lock:
            for page in missing:
                if page not in built:
                    _documents.pop(page, None)
        current |= {page: data for page, (data, _sources) in built.items()}
    with _lock:
        for page in current:
            if page in _documents:
                _documents.move_to_end(page)
    return {page: current[page] for page in pages if page in current}


def page_data_forget() -> None:
    """Drop everything kept (for tests, whose databases reuse change ids)."""
    with _lock:
        _kept.clear()
        _documents.clear()


def kept_by_page(builder: Callable[[Any, HttpRequest], dict]) -> Callable[[Any, HttpRequest], dict]:
    """A page tree's context builder whose data is kept per page, except in previews."""

    def context(page: Any, request: HttpRequest) -> dict:
        if getattr(request, "is_preview", False):
            return builder(page, request)
        return page_data((builder.__name__, page.pk), lambda: builder(page, request)) or {}

    return context
