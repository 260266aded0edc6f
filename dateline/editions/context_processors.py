from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.http import HttpRequest

from . import links
from .registry import all_editions, edition_sections


@dataclass(frozen=True)
class SectionLink:
    title: str
    url: str
    is_current: bool


def _section_links(request: HttpRequest) -> Callable[[], list[SectionLink]]:
    def section_links() -> list[SectionLink]:
        edition = getattr(request, "edition", None)
        if edition is None:
            return []
        sections = []
        for page in edition_sections(edition):
            url = links.page_url(edition, page)
            sections.append(SectionLink(page.title, url, urlsplit(url).path == request.path))
        return sections

    return section_links


def edition(request: HttpRequest) -> dict:
    # Callables, so a template that shows none of them costs nothing.
    return {
        "edition": getattr(request, "edition", None),
        "editions": all_editions,
        "edition_sections": _section_links(request),
    }
