from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from dateline.archive import views as archive_views
from dateline.live import views as live_views
from dateline.photos import views as photo_views
from dateline.site import authors as author_views
from dateline.site import views as site_views
from dateline.site import webapp

handler400 = "dateline.site.errors.bad_request"
handler403 = "dateline.site.errors.permission_denied"
handler404 = "dateline.site.errors.page_not_found"
handler500 = "dateline.site.errors.server_error"

# Everything an edition routes itself, under its prefix here or at the root of its own host.
edition_patterns = [
    path("news/", live_views.all_news, name="all_news"),
    path("news/events/", live_views.story_events, name="story_events"),
    path("archive/", archive_views.archive_index, name="archive"),
    path("archive/<int:year>/", archive_views.archive_year, name="archive_year"),
    path("archive/<int:year>/<int:month>/", archive_views.archive_month, name="archive_month"),
    path(
        "archive/<int:year>/<int:month>/<int:day>/",
        archive_views.archive_day,
        name="archive_day",
    ),
    path("manifest.webmanifest", webapp.web_manifest, name="web_manifest"),
    path("authors/<slug:author_slug>/", author_views.author_page, name="author"),
    path("news/<int:story_id>/", site_views.story_detail, name="story_detail_bare"),
    path("news/<int:story_id>/<str:slug>/", site_views.story_detail, name="story_detail"),
    path("", site_views.edition_page, name="edition_front"),
    path("<path:path>/", site_views.edition_page, name="edition_page"),
]

service_patterns: list[URLPattern | URLResolver] = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("favicon.ico", webapp.favicon, name="favicon"),
    path("robots.txt", webapp.robots_txt, name="robots_txt"),
]
if settings.SERVE_MEDIA:
    service_patterns.append(
        # Renditions to everyone, originals only to the newsroom (dateline.photos.views).
        re_path(r"^media/(?P<path>.*)$", photo_views.media_file)
    )

urlpatterns = [
    *service_patterns,
    path("<slug:edition_slug>/", include(edition_patterns)),
    path("", include(wagtail_urls)),
]
