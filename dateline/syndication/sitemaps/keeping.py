"""Cuts every edition's sitemap pages ahead of the crawlers, in `dateline worker` (and so in
`dateline serve` with the in-process task backend): the first cut of an edition walks its whole
archive (seconds for a million stories), which should not be a crawler's request to wait on,
and the last page is cut as it grows past the size between crawls."""

from dateline.editions.registry import all_editions

from .pages import page_starts

KEEP_SECONDS = 60.0


def sitemap_pages_cut() -> None:
    for edition in all_editions():
        page_starts(edition)
