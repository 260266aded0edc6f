"""What browsers and crawlers ask a site for by themselves: /favicon.ico and /robots.txt at the
root of every host, and each edition's web app manifest (the name, language and icon a phone's
home screen shows)."""

from functools import cache
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from dateline.editions import links
from dateline.editions.middleware import EditionRequest
from dateline.editions.registry import all_editions

FAVICON = "dateline/icons/favicon.ico"
APP_ICONS = (("dateline/icons/icon-192.png", 192), ("dateline/icons/icon-512.png", 512))
# Browsers ask for the favicon on every visit; a day spares them and the server.
ICON_MAX_AGE = 24 * 60 * 60
# A renamed agency or a new brand colour reaches home screens within the hour.
MANIFEST_MAX_AGE = 60 * 60


@cache
def _static_bytes(path: str) -> bytes:
    found = finders.find(path)
    if not isinstance(found, str):
        raise FileNotFoundError(path)
    with open(found, "rb") as file:
        return file.read()


def favicon(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_static_bytes(FAVICON), content_type="image/x-icon")
    response.headers["Cache-Control"] = f"public, max-age={ICON_MAX_AGE}"
    return response


def robots_txt(request: EditionRequest) -> HttpResponse:
    """Crawlers may read every reader page; the newsroom's admin and the live stream's event
    endpoints are no pages. The sitemaps named are those of this host's editions: crawlers take
    a sitemap only for addresses on its own host."""
    on_this_host = (
        [request.edition]
        if request.edition is not None
        else [edition for edition in all_editions() if not edition.hostname]
    )
    lines = ["User-agent: *", "Disallow: /admin/"]
    lines += [
        f"Disallow: {urlsplit(links.live_events_url(edition, since=0)).path}"
        for edition in on_this_host
    ]
    for edition in on_this_host:
        lines += [
            "",
            f"Sitemap: {links.sitemap_index_url(edition)}",
            f"Sitemap: {links.news_sitemap_url(edition)}",
        ]
    text = "\n".join(lines) + "\n"
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response.headers["Cache-Control"] = f"public, max-age={MANIFEST_MAX_AGE}"
    return response


def web_manifest(request: EditionRequest, **kwargs: object) -> JsonResponse:
    edition = request.edition
    if edition is None:
        raise Http404("No such edition.")
    manifest = {
        "name": edition.agency_name,
        "short_name": edition.agency_name,
        "lang": edition.language,
        "dir": "ltr",
        "id": links.edition_root(edition),
        "start_url": links.edition_root(edition),
        "scope": links.edition_root(edition),
        "display": "browser",
        "theme_color": edition.masthead_colour,
        "background_color": "#ffffff",
        "icons": [
            {
                "src": links.static_file_url(path),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for path, size in APP_ICONS
        ],
    }
    response = JsonResponse(
        manifest,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
    response.headers["Cache-Control"] = f"public, max-age={MANIFEST_MAX_AGE}"
    return response
