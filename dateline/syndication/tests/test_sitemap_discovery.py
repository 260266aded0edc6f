"""How crawlers find and re-read the sitemaps: robots.txt names each host's own, the index names
every sitemap of its edition, the sections sitemap names the pages besides stories, and a
sitemap read again unchanged is a 304 (by its ETag)."""

from datetime import UTC, datetime

import pytest
from wagtail.models import PageViewRestriction

from dateline.editions import links
from dateline.stories.factories import StoryFactory
from dateline.taxonomy.factories import region_add

from .sitemap_reading import fetch, loc, read_index, read_urlset

RU_HOST = "ru.dateline-sitemaps.test"
PUBLISHED = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)


def _sitemap_lines(response) -> list[str]:
    assert response.status_code == 200
    return [
        line.removeprefix("Sitemap: ")
        for line in response.content.decode().splitlines()
        if line.startswith("Sitemap: ")
    ]


@pytest.mark.django_db
def test_robots_txt_names_the_sitemaps_of_the_editions_on_the_main_host(client, en, ru):
    assert _sitemap_lines(client.get("/robots.txt")) == [
        "http://testserver/en/sitemap.xml",
        "http://testserver/en/sitemaps/news.xml",
        "http://testserver/ru/sitemap.xml",
        "http://testserver/ru/sitemaps/news.xml",
    ]


@pytest.mark.django_db
def test_an_edition_on_its_own_host_names_its_sitemaps_there(client, en, ru, settings):
    settings.ALLOWED_HOSTS = ["testserver", RU_HOST]
    ru.hostname = RU_HOST
    ru.save()
    story = StoryFactory(locale=ru.locale, published_at=PUBLISHED)

    on_ru_host = _sitemap_lines(client.get("/robots.txt", headers={"host": RU_HOST}))
    on_main_host = _sitemap_lines(client.get("/robots.txt"))

    assert on_ru_host == [
        f"http://{RU_HOST}/sitemap.xml",
        f"http://{RU_HOST}/sitemaps/news.xml",
    ]
    assert on_main_host == [
        "http://testserver/en/sitemap.xml",
        "http://testserver/en/sitemaps/news.xml",
    ]
    index = read_index(client, on_ru_host[0])
    assert all(address.startswith(f"http://{RU_HOST}/sitemaps/") for address in index)
    (page,) = [address for address in index if "/sitemaps/stories/" in address]
    assert [loc(url) for url in read_urlset(client, page)] == [story.url]


@pytest.mark.django_db
def test_the_sections_sitemap_names_the_front_page_the_sections_and_the_archive(
    client, en, en_front, azerbaijan, courts
):
    baku = region_add(parent=azerbaijan, title="Baku", slug="baku")
    closed = region_add(parent=en_front, title="Members only", slug="members")
    PageViewRestriction.objects.create(page=closed, restriction_type="login")
    draft = region_add(parent=en_front, title="Draft region", slug="draft-region")
    draft.unpublish()
    story = StoryFactory(locale=en.locale, published_at=PUBLISHED)

    index = read_index(client, links.sitemap_index_url(en))
    assert links.sections_sitemap_url(en) in index
    urls = read_urlset(client, links.sections_sitemap_url(en))

    assert [loc(url) for url in urls] == [
        links.edition_root(en),
        links.all_news_url(en),
        links.page_url(en, azerbaijan),
        links.page_url(en, baku),
        links.page_url(en, courts),
        links.archive_url(en),
    ]
    front_lastmod = urls[0].findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod")
    assert datetime.fromisoformat(front_lastmod) == story.first_published_at.replace(microsecond=0)


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["index", "news", "sections", "stories"])
def test_a_sitemap_read_again_unchanged_is_a_304_until_it_changes(client, en, which):
    StoryFactory(locale=en.locale, published_at=PUBLISHED)
    index = read_index(client, links.sitemap_index_url(en))
    address = {
        "index": links.sitemap_index_url(en),
        "news": links.news_sitemap_url(en),
        "sections": links.sections_sitemap_url(en),
        "stories": next(a for a in index if "/sitemaps/stories/" in a),
    }[which]
    first = fetch(client, address)

    again = fetch(client, address, {"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""

    StoryFactory(locale=en.locale)  # published now: every one of them changes
    changed = fetch(client, address, {"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
