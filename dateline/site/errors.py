from contextlib import nullcontext

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from dateline.editions.middleware import first_path_segment
from dateline.editions.models import Edition
from dateline.editions.registry import edition_for_slug


def _edition(request: HttpRequest) -> Edition | None:
    edition = getattr(request, "edition", None)
    if edition is None:
        edition = edition_for_slug(first_path_segment(request.path_info))
    return edition


def _title(status: int) -> str:
    # Called inside the edition's language, so the title is in it too.
    return {
        400: _("This address is not right"),
        403: _("Access denied"),
        404: _("Page not found"),
        500: _("Something went wrong"),
    }[status]


def _error_page(
    request: HttpRequest, status: int, *, with_request_context: bool = True
) -> HttpResponse:
    """The edition's own page for `status`, in its language. The language is switched here, not
    left to EditionMiddleware: an error it raises itself (a malformed address) is rendered after
    its own language switch has ended."""
    edition = _edition(request)
    with translation.override(edition.language) if edition is not None else nullcontext():
        context = {"edition": edition, "page_title": _title(status), "status": status}
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


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The edition's own 403 page: a page this reader may not open."""
    return _error_page(request, 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (an old tab, blocked cookies): the 403 page."""
    return _error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The edition's own 404 page, in its language."""
    return _error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context processors: whatever failed may fail again while rendering.
    return _error_page(request, 500, with_request_context=False)
