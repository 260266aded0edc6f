"""What browsers and crawlers fetch by themselves: the favicon, robots.txt and each edition's web
app manifest."""

import io
import json
import re

import pytest
from PIL import Image

RU_HOST = "ru.dateline-webapp.test"


@pytest.mark.django_db
@pytest.mark.parametrize("edition_path", ["/en/", "/ru/"])
def test_the_manifest_names_the_edition_and_its_icons_load(client, en, ru, edition_path):
    edition = {"/en/": en, "/ru/": ru}[edition_path]
    response = client.get(f"{edition_path}manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == edition.agency_name
    assert manifest["lang"] == edition.language
    assert manifest["start_url"] == f"http://testserver{edition_path}"
    assert manifest["theme_color"] == edition.masthead_colour
    sizes = set()
    for icon in manifest["icons"]:
        assert icon["src"].startswith("http://testserver/static/")
        image = client.get(icon["src"])
        assert image.status_code == 200
        with Image.open(io.BytesIO(b"".join(image.streaming_content))) as png:
            assert f"{png.width}x{png.height}" == icon["sizes"]
        sizes.add(icon["sizes"])
    assert sizes == {"192x192", "512x512"}


@pytest.mark.django_db
def test_every_page_links_its_editions_manifest_and_icons(client, en):
    page = client.get("/en/").content.decode()

    assert '<link rel="manifest" href="http://testserver/en/manifest.webmanifest">' in page
    for icon in re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', page):
        assert client.get(icon).status_code == 200


@pytest.mark.django_db
def test_a_renamed_agency_is_in_the_manifest_at_once(client, en):
    en.agency_name = "Caucasian Knot"
    en.save()

    assert json.loads(client.get("/en/manifest.webmanifest").content)["name"] == "Caucasian Knot"


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["testserver", RU_HOST])
def test_the_favicon_is_at_the_root_of_every_host(client, en, ru, settings, host):
    settings.ALLOWED_HOSTS = ["testserver", RU_HOST]
    ru.hostname = RU_HOST
    ru.save()

    response = client.get("/favicon.ico", headers={"host": host})

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content.startswith(b"\x00\x00\x01\x00")  # an icon directory


@pytest.mark.django_db
def test_an_edition_on_its_own_host_has_its_manifest_there(client, en, ru, settings):
    settings.ALLOWED_HOSTS = ["testserver", RU_HOST]
    ru.hostname = RU_HOST
    ru.save()

    manifest = json.loads(
        client.get("/manifest.webmanifest", headers={"host": RU_HOST}).content.decode()
    )

    assert manifest["start_url"] == f"http://{RU_HOST}/"
    assert manifest["lang"] == "ru"


@pytest.mark.django_db
def test_crawlers_may_read_the_reader_pages_but_not_the_admin(client, en):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    rules = response.content.decode().splitlines()
    assert rules[0] == "User-agent: *"
    assert "Disallow: /admin/" in rules
    assert "Disallow: /en/news/events/" in rules  # the live stream's events are no page
    assert not any(rule in ("Disallow: /", "Disallow: /en/") for rule in rules)


@pytest.mark.django_db
def test_an_edition_on_its_own_host_keeps_crawlers_off_its_live_stream(client, en, ru, settings):
    settings.ALLOWED_HOSTS = ["testserver", RU_HOST]
    ru.hostname = RU_HOST
    ru.save()

    rules = client.get("/robots.txt", headers={"host": RU_HOST}).content.decode().splitlines()

    assert "Disallow: /news/events/" in rules
    assert "Disallow: /en/news/events/" not in rules  # the main host's own
