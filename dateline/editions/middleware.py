from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from dateline.core.params import check_address

from .registry import edition_for_host, edition_for_slug

if TYPE_CHECKING:
    from .models import Edition


class EditionRequest(HttpRequest):
    """A request as EditionMiddleware leaves it: with the edition it is for, if any."""

    edition: "Edition | None"


def first_path_segment(path: str) -> str:
    return path.lstrip("/").partition("/")[0]


class EditionMiddleware:
    """Finds the edition a request is for, by host name or by the first path segment, and speaks
    its language. Requests outside any edition (the admin) keep Django's defaults.

    An edition's address is checked here, once for every reader view: a path or query parameter
    that no reader could send (a control character, an over-long value) is a 400 before any
    view reads it, rendered by the main URLconf's handler400 on every host."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: EditionRequest) -> HttpResponse:
        edition = edition_for_host(request.get_host().split(":")[0])
        if edition is not None:
            request.urlconf = "dateline.urls_hosted"
        else:
            edition = edition_for_slug(first_path_segment(request.path_info))
        request.edition = edition
        if edition is None:
            return self.get_response(request)
        check_address(request.path_info, request.GET)
        with translation.override(edition.language):
            request.LANGUAGE_CODE = edition.language
            response = self.get_response(request)
            response.headers.setdefault("Content-Language", edition.language)
            return response
