"""The Wagtail admin as the newsroom runs it: its own Content-Security-Policy, and searches of a
sane length."""

from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin


@cache
def _admin_prefix() -> str:
    return reverse("wagtailadmin_home", urlconf=settings.ROOT_URLCONF)


SEARCH_MAX = 1000


class AdminSearchLengthMiddleware(MiddlewareMixin):
    """Cuts an admin search (`?q=`) to SEARCH_MAX characters: Wagtail's user, group and
    workflow listings match with LIKE, which SQLite refuses for a pattern of 50,000."""

    def process_request(self, request: HttpRequest) -> None:
        query = request.GET.get("q")
        if (
            query is not None
            and len(query) > SEARCH_MAX
            and request.path_info.startswith(_admin_prefix())
        ):
            cut = request.GET.copy()
            cut["q"] = query[:SEARCH_MAX]
            request.GET = cut  # type: ignore[assignment]


class AdminContentSecurityPolicyMiddleware(MiddlewareMixin):
    """Gives the admin's responses settings.ADMIN_CSP, which Django's
    ContentSecurityPolicyMiddleware (further out) then sends instead of SECURE_CSP: Wagtail's
    widgets write inline scripts that reader pages never need. A view that chose a policy of its
    own (Django's csp_override) keeps it."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.path_info.startswith(_admin_prefix()) and not hasattr(response, "_csp_config"):
            # The attribute Django's csp_override decorator sets, for the CSP middleware to read.
            setattr(response, "_csp_config", settings.ADMIN_CSP)  # noqa: B010
        return response
