from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from dateline.editions.middleware import first_path_segment
from dateline.editions.models import Edition
from dateline.editions.registry import edition_for_slug


def _edition(request: HttpRequest) -> Edition | None:
    edition = getattr(request, "edition", None)
    if edition is None:
        edition = edition_for_slug(first_path_segment(request.path_info))
    return edition


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The edition's own 404 page, in its language."""
    context = {"edition": _edition(request), "page_title": "404"}
    return HttpResponse(render_to_string("site/errors/404.html", context, request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context processors: whatever failed may fail again while rendering.
    context = {"edition": _edition(request), "page_title": "500"}
    return HttpResponse(render_to_string("site/errors/500.html", context), status=500)
