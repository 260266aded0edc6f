"""Editions as the reader pages see them: one copy per process, checked against the database.

The copy holds the editions, their front pages' paths and the sections under each front page
(for the masthead's navigation), so a reader page costs no query for any of them.

A change to an edition or a front page counts EditionsVersion's number up in the transaction that
makes it, and drops this process's copy once that transaction commits. Every process compares its
copy's number with the stored one at most once per CHECK_SECONDS, so all of them see a committed
change within a second, without Redis or any other shared cache, and a request between two checks
costs neither a query nor a cache read.

Until it commits, the transaction that made a change reads its own copy of the editions, which no
other request sees and which goes away with the transaction if it is rolled back.
"""

import itertools
import time
import weakref
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils.translation.trans_real import parse_accept_lang_header
from wagtail.models import Page

from .models import Edition, EditionFrontPage, EditionsVersion

# Half the second within which every process must see a change, so a check always falls inside it.
CHECK_SECONDS = 0.5
_VERSION_PK = 1


@dataclass(frozen=True)
class _Loaded:
    number: int
    editions: tuple[Edition, ...]
    by_slug: dict[str, Edition]
    by_host: dict[str, Edition]
    by_locale: dict[int, Edition]
    front_paths: dict[int, str]
    sections: dict[int, tuple[Page, ...]]


_numbers_in_transaction = itertools.count(1)


class _ChangeInTransaction:
    """A change to the editions in the open transaction, and the copy of the editions that the
    transaction reads after it, until it commits."""

    def __init__(self) -> None:
        self.loaded: _Loaded | None = None
        self.committed = False
        # Negative, never a stored number, and new with each change: what is kept by version
        # (stories.page_data) sees each change in the transaction too.
        self.number = -next(_numbers_in_transaction)

    def __call__(self) -> None:  # transaction.on_commit
        self.committed = True
        forget_editions()


_loaded: _Loaded | None = None
_checked_at = float("-inf")
# Connections whose transaction may have changed the editions (each thread has its own), so the
# others never look through their commit callbacks.
_changing: "weakref.WeakSet[BaseDatabaseWrapper]" = weakref.WeakSet()


def forget_editions() -> None:
    """Drop this process's copy; the next lookup loads the editions again."""
    global _loaded, _checked_at
    _loaded = None
    _checked_at = float("-inf")


def editions_changed() -> None:
    """Count a change to the editions in the open transaction (or right away in autocommit).

    This process forgets its copy once the change is committed, every other one within a second;
    a rolled-back change is counted for no one.
    """
    if not EditionsVersion.objects.filter(pk=_VERSION_PK).update(number=F("number") + 1):
        try:
            with transaction.atomic():  # a savepoint: another writer may create the row first
                EditionsVersion.objects.create(pk=_VERSION_PK, number=1)
        except IntegrityError:
            EditionsVersion.objects.filter(pk=_VERSION_PK).update(number=F("number") + 1)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        _changing.add(connection)
    # One callback a change, so rolling back a savepoint takes back only the changes inside it.
    transaction.on_commit(_ChangeInTransaction())


def _change_in_transaction(connection: BaseDatabaseWrapper) -> _ChangeInTransaction | None:
    """The latest change this connection's open transaction made to the editions, if any."""
    if connection not in _changing:
        return None
    # Django drops the callbacks of a rolled-back transaction or savepoint from run_on_commit,
    # so a change stands exactly as long as its callback is still waiting there.
    if connection.in_atomic_block:
        for entry in reversed(connection.run_on_commit):
            if isinstance(change := entry[1], _ChangeInTransaction) and not change.committed:
                return change
    _changing.discard(connection)
    return None


def _stored_number() -> int:
    number = EditionsVersion.objects.filter(pk=_VERSION_PK).values_list("number", flat=True).first()
    return number or 0


def _load_sections(fronts: list[tuple[int, str, str, int]]) -> dict[int, tuple[Page, ...]]:
    """The live pages right under each front page (its regions and topics), in the order
    editors gave them in the tree."""
    if not fronts:
        return {}
    below_a_front = Q()
    for _locale_id, _url_path, path, depth in fronts:
        below_a_front |= Q(path__startswith=path, depth=depth + 1)
    locale_by_path = {path: locale_id for locale_id, _url_path, path, _depth in fronts}
    sections: dict[int, list[Page]] = {locale_id: [] for locale_id in locale_by_path.values()}
    pages = Page.objects.live().filter(below_a_front).order_by("path")
    for page in pages.only("title", "url_path", "path", "depth"):
        sections[locale_by_path[page.path[: -Page.steplen]]].append(page)
    return {locale_id: tuple(found) for locale_id, found in sections.items()}


def _load(number: int) -> _Loaded:
    editions = tuple(Edition.objects.select_related("locale"))
    fronts = list(EditionFrontPage.objects.values_list("locale_id", "url_path", "path", "depth"))
    return _Loaded(
        number=number,
        editions=editions,
        by_slug={e.slug: e for e in editions},
        by_host={e.hostname.lower(): e for e in editions if e.hostname},
        by_locale={e.locale_id: e for e in editions},
        front_paths={locale_id: url_path for locale_id, url_path, *_rest in fronts},
        sections=_load_sections(fronts),
    )


def _current() -> _Loaded:
    global _loaded, _checked_at
    # Reader pages ask many times a request; only a connection that changed the editions pays
    # for looking up the open transaction.
    if _changing and (change := _change_in_transaction(transaction.get_connection())) is not None:
        if change.loaded is None:
            change.loaded = _load(number=change.number)
        return change.loaded
    now = time.monotonic()
    loaded = _loaded
    if loaded is not None and now - _checked_at < CHECK_SECONDS:
        return loaded
    # The number before the editions: a change committed in between is then loaded early and
    # loaded again at the next check, never labelled with a number it does not belong to.
    number = _stored_number()
    if loaded is None or loaded.number != number:
        loaded = _loaded = _load(number)
    _checked_at = now
    return loaded


def editions_version() -> int:
    """The number of the editions' copy this process reads: it changes with any edition, front
    page or section change (negative inside the transaction that made one)."""
    return _current().number


def all_editions() -> tuple[Edition, ...]:
    return _current().editions


def edition_for_slug(slug: str) -> Edition | None:
    return _current().by_slug.get(slug)


def edition_for_host(host: str) -> Edition | None:
    return _current().by_host.get(host.lower())


def edition_for_locale(locale_id: int) -> Edition | None:
    return _current().by_locale.get(locale_id)


def front_page_path(edition: Edition) -> str | None:
    """The url_path of the edition's front page in the tree, e.g. "/home/en/"."""
    return _current().front_paths.get(edition.locale_id)


def edition_sections(edition: Edition) -> tuple[Page, ...]:
    """The edition's sections for its navigation: the live pages right under its front page."""
    return _current().sections.get(edition.locale_id, ())


def is_section_path(url_path: str) -> bool:
    """Whether a page at this url_path sits right under a front page (so it is in a navigation)."""
    parent = url_path.rstrip("/").rpartition("/")[0] + "/"
    return parent in _current().front_paths.values()


def edition_for_request_language(request: HttpRequest) -> Edition:
    """The edition that best fits the reader's Accept-Language, else the first edition."""
    editions = all_editions()
    if not editions:
        raise Edition.DoesNotExist("No edition is configured.")
    by_language = {e.language.lower(): e for e in editions}
    for language, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        language = language.lower()
        if edition := by_language.get(language) or by_language.get(language.split("-")[0]):
            return edition
    return editions[0]
