from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail.models import Page
from wagtail.views import serve as wagtail_serve

from dateline.editions.middleware import EditionRequest
from dateline.editions.registry import front_page_path
from dateline.stories.document import DocumentSources, document_sources
from dateline.stories.page_data import document_data, page_data
from dateline.stories.selectors import story_for_page, story_withdrawn

from .story_page import story_document_context, story_lists_context


def story_detail(
    request: EditionRequest, story_id: int, slug: str = "", **kwargs: object
) -> HttpResponse:
    edition = request.edition
    if edition is None:
        raise Http404("No such edition.")

    def build() -> tuple[dict, DocumentSources] | None:
        story = story_for_page(story_id=story_id, edition=edition)
        if story is None or not (context := story_document_context(story)):
            return None
        return context, document_sources(story)

    page = ("story", edition.pk, story_id)
    context, change_id = document_data(page, build)
    if context is None:
        if (withdrawn := story_withdrawn(story_id=story_id, edition=edition)) is not None:
            notice = {"edition": edition, "withdrawn_at": withdrawn.withdrawn_at}
            return TemplateResponse(request, "site/story_withdrawn.html", notice, status=410)
        raise Http404("No such story.")
    if slug != context["story"].slug:
        # Old headlines and bare ids keep working; the canonical address carries today's slug.
        return redirect(context["story"].url, permanent=True)
    lists = page_data(page, lambda: story_lists_context(context), change_id=change_id)
    return TemplateResponse(request, "site/story_page.html", context | (lists or {}))


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
