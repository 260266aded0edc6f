from contextlib import nullcontext

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from dateline.editions.middleware import first_path_segment
from dateline.editions.models import Edition
from dateline.editions.registry import edition_for_slug


def _edition(request: HttpRequest) -> Edition | None:
    edition = getattr(request, "edition", None)
    if edition is None:
        edition = edition_for_slug(first_path_segment(request.path_info))
    return edition


def _error_page(
    request: HttpRequest, status: int, *, with_request_context: bool = True
) -> HttpResponse:
    """The edition's own page for `status`, in its language. The language is switched here, not
    left to EditionMiddleware: an error it raises itself (a malformed address) is rendered after
    its own language switch has ended."""
    edition = _edition(request)
    context = {"edition": edition, "page_title": str(status)}
    with translation.override(edition.language) if edition is not None else nullcontext():
        page = render_to_string(
            f"site/errors/{status}.html", context, request if with_request_context else None
        )
    response = HttpResponse(page, status=status)
    if edition is not None:
        response.headers["Content-Language"] = edition.language
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The edition's own 400 page: an address no reader could have meant (a damaged link)."""
    return _error_page(request, 400)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The edition's own 404 page, in its language."""
    return _error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context processors: whatever failed may fail again while rendering.
    return _error_page(request, 500, with_request_context=False)
