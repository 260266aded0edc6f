"""Editions as the reader pages see them: loaded once per process, reloaded when one changes.

Every process keeps its own copy; a version number in the shared cache tells it when an edition
was saved anywhere, so several server processes agree without a query per request.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation.trans_real import parse_accept_lang_header

from .models import Edition, EditionFrontPage

VERSION_KEY = "editions:version"


@dataclass(frozen=True)
class _Loaded:
    version: int
    editions: tuple[Edition, ...]
    by_slug: dict[str, Edition]
    by_host: dict[str, Edition]
    by_locale: dict[int, Edition]
    front_paths: dict[int, str]


_loaded: _Loaded | None = None


def editions_changed() -> None:
    """Tell every process to reload its editions."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _current() -> _Loaded:
    global _loaded
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    if _loaded is None or _loaded.version != version:
        editions = tuple(Edition.objects.select_related("locale"))
        _loaded = _Loaded(
            version=version,
            editions=editions,
            by_slug={e.slug: e for e in editions},
            by_host={e.hostname.lower(): e for e in editions if e.hostname},
            by_locale={e.locale_id: e for e in editions},
            front_paths=dict(EditionFrontPage.objects.values_list("locale_id", "url_path")),
        )
    return _loaded


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
