from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail.models import Page
from wagtail.views import serve as wagtail_serve

from dateline.editions.middleware import EditionRequest
from dateline.editions.registry import front_page_path
from dateline.stories.selectors import story_for_page

from .page_data import page_data
from .story_page import story_page_context


def story_detail(
    request: EditionRequest, story_id: int, slug: str = "", **kwargs: object
) -> HttpResponse:
    edition = request.edition
    if edition is None:
        raise Http404("No such edition.")

    def build() -> dict | None:
        story = story_for_page(story_id=story_id, edition=edition)
        return (story_page_context(story, request) or None) if story is not None else None

    context = page_data(("story", edition.pk, story_id), build)
    if context is None:
        raise Http404("No such story.")
    if slug != context["story"].slug:
        # Old headlines and bare ids keep working; the canonical address carries today's slug.
        return redirect(context["story"].url, permanent=True)
    return TemplateResponse(request, "site/story_page.html", context)


def edition_page(request: EditionRequest, path: str = "", **kwargs: object) -> HttpResponse:
    """An edition's front, region, topic or other page, found by its address in one step rather
    than by Wagtail's walk down the tree (two queries a level); anything else, such as a route
    inside a page, still goes through Wagtail."""
    edition = request.edition
    front_path = front_page_path(edition) if edition is not None else None
    if front_path is None:
        raise Http404("No such edition.")
    page = (
        Page.objects.live()
        .filter(url_path=f"{front_path}{path}/" if path else front_path)
        .specific()
        .first()
    )
    if page is None:
        return wagtail_serve(request, request.path_info)
    for hook in hooks.get_hooks("before_serve_page"):  # privacy and other checks
        if isinstance(result := hook(page, request, [], {}), HttpResponse):
            return result
    return page.serve(request)
