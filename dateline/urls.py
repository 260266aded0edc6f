from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from dateline.archive import views as archive_views
from dateline.editions.links import AGGREGATOR_FEED_FILE, FEED_FILES
from dateline.live import views as live_views
from dateline.photos import views as photo_views
from dateline.site import authors as author_views
from dateline.site import search_page, webapp
from dateline.site import views as site_views
from dateline.syndication import feed_views
from dateline.syndication.api import api as subscriber_api
from dateline.syndication.sitemaps import views as sitemap_views

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
    path("search/", search_page.search, name="search"),
    path("manifest.webmanifest", webapp.web_manifest, name="web_manifest"),
    path("sitemap.xml", sitemap_views.sitemap_index, name="sitemap_index"),
    path("sitemaps/sections.xml", sitemap_views.sections_sitemap, name="sections_sitemap"),
    path("sitemaps/news.xml", sitemap_views.news_sitemap, name="news_sitemap"),
    path(
        "sitemaps/news/<str:sitemap_page>.xml",
        sitemap_views.news_sitemap,
        name="news_sitemap_part",
    ),
    path(
        "sitemaps/stories/<str:sitemap_page>.xml",
        sitemap_views.stories_sitemap,
        name="stories_sitemap",
    ),
    # The edition's feeds and each region's and topic's, under the section's own path.
    *(
        path(f"feeds/{file}", feed_views.feed, {"feed_format": name}, name=f"feed_{name}")
        for name, file in FEED_FILES.items()
    ),
    *(
        path(
            f"feeds/<path:section_path>/{file}",
            feed_views.feed,
            {"feed_format": name},
            name=f"section_feed_{name}",
        )
        for name, file in FEED_FILES.items()
    ),
    path(
        f"feeds/{AGGREGATOR_FEED_FILE}",
        feed_views.feed,
        {"feed_format": feed_views.AGGREGATOR},
        name="aggregator_feed",
    ),
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
    # The subscriber API (ninjs), its OpenAPI document and docs: dateline.syndication.api.
    path("api/", subscriber_api.urls),
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
