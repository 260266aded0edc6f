"""An author's page in an edition: their name in its script, photo, bio and stories."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from dateline.editions import links
from dateline.editions.middleware import EditionRequest
from dateline.photos.models import THUMB_FILTER
from dateline.stories.models import Author
from dateline.stories.paging import Cursor, stories_by_day
from dateline.stories.selectors import author_for_page, stories_by_author

from .alternates import EditionLink

STORIES_PER_PAGE = 20


def _photo(author: Author) -> dict | None:
    if author.photo is None:
        return None
    rendition = author.photo.get_rendition(THUMB_FILTER)
    return {
        "url": links.media_url(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
    }


def author_page(request: EditionRequest, author_slug: str, **kwargs: object) -> HttpResponse:
    edition = request.edition
    if edition is None:
        raise Http404
    author = author_for_page(edition=edition, slug=author_slug)
    if author is None:
        raise Http404(_("No such author."))
    before = Cursor.from_parameter(request.GET.get("before"))
    after = Cursor.from_parameter(request.GET.get("after"))
    page = stories_by_author(
        edition=edition, author=author, before=before, after=after, size=STORIES_PER_PAGE
    )
    if not page.stories:
        if after is not None:
            return redirect(links.author_url(edition, author.slug))
        # No public story (drafts only, or none in this edition): no page a reader could find.
        raise Http404(_("No such author."))
    url = links.author_url(edition, author.slug)
    return TemplateResponse(
        request,
        "site/author_page.html",
        {
            "edition": edition,
            "author": author,
            "photo": _photo(author),
            "page_title": author.name,
            "canonical_url": url,
            "days": stories_by_day(page.stories, edition),
            "is_first_page": before is None and after is None,
            "older_url": page.older and links.author_url(edition, author.slug, before=page.older),
            "newer_url": page.newer and links.author_url(edition, author.slug, after=page.newer),
            # An author's translations may have no stories in their editions: no alternates;
            # the switcher (from the context processor) leads to the other fronts.
            "page_alternates": [EditionLink(edition, url)],
        },
    )
