from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .page import story_page_context
from .selectors import story_for_page


def story_detail(request: HttpRequest, story_id: int, slug: str = "", **kwargs) -> HttpResponse:
    edition = request.edition
    if edition is None:
        raise Http404("No such edition.")
    story = story_for_page(story_id=story_id, locale_id=edition.locale_id)
    if story is None:
        raise Http404("No such story.")
    if slug != story.slug:
        # Old headlines and bare ids keep working; the canonical address carries today's slug.
        return redirect(story.url, permanent=True)
    return TemplateResponse(request, "stories/story_page.html", story_page_context(request, story))
