"""The newsroom's own Content-Security-Policy in the Wagtail admin."""

from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin


@cache
def _admin_prefix() -> str:
    return reverse("wagtailadmin_home", urlconf=settings.ROOT_URLCONF)


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
