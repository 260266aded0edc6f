from django.http import Http404, HttpRequest, HttpResponse
from wagtail import hooks
from wagtail.models import Page
from wagtail.views import serve as wagtail_serve

from .registry import front_page_path


def edition_page(request: HttpRequest, path: str = "", **kwargs) -> HttpResponse:
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
