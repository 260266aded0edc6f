"""URLs for a request to an edition's own host: the edition's routes at the root."""

from django.urls import include, path
from wagtail import urls as wagtail_urls

from dateline.urls import (
    edition_patterns,
    handler400,
    handler403,
    handler404,
    handler500,
    service_patterns,
)

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [*service_patterns, *edition_patterns, path("", include(wagtail_urls))]
