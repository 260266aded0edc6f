"""The same page in every edition: the edition switcher's targets and the hreflang alternates
of a page's head."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.http import HttpRequest

from dateline.editions import links
from dateline.editions.models import Edition
from dateline.editions.registry import all_editions


@dataclass(frozen=True)
class EditionLink:
    edition: Edition
    url: str


def _archive(edition: Edition, kwargs: dict) -> str:
    return links.archive_url(edition, kwargs.get("year"), kwargs.get("month"), kwargs.get("day"))


# Routes whose page exists in every edition, by the route's name.
_SAME_PAGE: dict[str, Callable[[Edition, dict], str]] = {
    "all_news": lambda edition, kwargs: links.all_news_url(edition),
    "archive": _archive,
    "archive_year": _archive,
    "archive_month": _archive,
    "archive_day": _archive,
    # Another edition's search page, empty: a query in one language seldom finds the other's.
    "search": lambda edition, kwargs: links.search_url(edition),
}


def same_page(request: HttpRequest) -> list[EditionLink]:
    """This page in each edition (the current one first): the same All news, archive or search page,
    else each edition's front page."""
    match = getattr(request, "resolver_match", None)
    route = _SAME_PAGE.get(match.url_name or "") if match is not None else None
    kwargs = match.kwargs if match is not None else {}
    current = getattr(request, "edition", None)
    editions = sorted(all_editions(), key=lambda e: e != current)
    return [EditionLink(e, route(e, kwargs) if route else links.edition_root(e)) for e in editions]


def other_editions(alternates: Sequence[EditionLink], edition: Edition | None) -> list[EditionLink]:
    return [link for link in alternates if link.edition != edition]


def alternates(request: HttpRequest) -> dict:
    """Context processor. Lazy: a page that shows neither costs nothing; a view that knows
    better (a story and its translations, an author) puts its own in the context."""
    found: list[list[EditionLink]] = []

    def page_alternates() -> list[EditionLink]:
        if not found:
            found.append(same_page(request))
        return found[0]

    def edition_links() -> list[EditionLink]:
        return other_editions(page_alternates(), getattr(request, "edition", None))

    def x_default() -> str:
        # The agency's root picks an edition by the reader's languages; elsewhere, the first
        # edition's page.
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name == "edition_front":
            return links.site_root()
        first = all_editions()[:1]
        return next((a.url for a in page_alternates() if a.edition in first), "")

    return {
        "page_alternates": page_alternates,
        "edition_links": edition_links,
        "x_default": x_default,
    }
