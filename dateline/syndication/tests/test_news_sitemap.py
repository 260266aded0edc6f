"""The Google News sitemap of each edition: its public stories of the last two days, newest
first, with the edition's agency name and language, at most SITEMAP_NEWS_SIZE (Google's 1,000)
a file, the rest in the files after it."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings as project_settings
from django.utils import timezone

from dateline.editions import links
from dateline.stories.factories import StoryFactory
from dateline.stories.services import story_create

from .sitemap_reading import NS, loc, read_index, read_urlset


def _news(url):
    news = url.find("news:news", NS)
    return {
        "name": news.findtext("news:publication/news:name", namespaces=NS),
        "language": news.findtext("news:publication/news:language", namespaces=NS),
        "published": datetime.fromisoformat(news.findtext("news:publication_date", namespaces=NS)),
        "title": news.findtext("news:title", namespaces=NS),
    }


@pytest.mark.django_db
def test_the_news_sitemap_holds_the_last_two_days_newest_first(client, en, ru):
    now = timezone.now()
    fresh = StoryFactory(
        locale=en.locale, headline="Tom & Jerry <live>", published_at=now - timedelta(hours=1)
    )
    older = StoryFactory(locale=en.locale, published_at=now - timedelta(hours=47))
    StoryFactory(locale=en.locale, published_at=now - timedelta(hours=49))
    StoryFactory(locale=en.locale, published_at=now - timedelta(days=30))
    StoryFactory(locale=ru.locale, published_at=now - timedelta(hours=2))
    embargoed = story_create(locale=en.locale, headline="Embargoed")
    embargoed.embargo_until = now + timedelta(hours=3)
    embargoed.save_revision().publish()

    urls = read_urlset(client, links.news_sitemap_url(en))

    assert [loc(url) for url in urls] == [fresh.url, older.url]
    first = _news(urls[0])
    assert first == {
        "name": "Caucasian Courier",
        "language": "en",
        "published": fresh.first_published_at.replace(microsecond=0),
        "title": "Tom & Jerry <live>",
    }


@pytest.mark.django_db
def test_the_russian_news_sitemap_speaks_for_the_russian_edition(client, en, ru):
    story = StoryFactory(locale=ru.locale, published_at=timezone.now() - timedelta(hours=5))

    (url,) = read_urlset(client, links.news_sitemap_url(ru))

    assert loc(url) == story.url
    assert _news(url)["name"] == "Кавказский вестник"
    assert _news(url)["language"] == "ru"


@pytest.mark.django_db
def test_more_stories_than_a_news_sitemap_may_list_go_on_in_the_next(client, en, settings):
    assert project_settings.SITEMAP_NEWS_SIZE <= 1000  # Google's limit per file
    settings.SITEMAP_NEWS_SIZE = 4
    now = timezone.now()
    stories = [
        StoryFactory(locale=en.locale, published_at=now - timedelta(hours=n)) for n in range(1, 11)
    ]

    index = read_index(client, links.sitemap_index_url(en))
    news = [url for url in index if "/sitemaps/news" in url]
    files = [[loc(url) for url in read_urlset(client, address)] for address in news]

    assert news[0] == links.news_sitemap_url(en)
    assert [len(listed) for listed in files] == [4, 4, 2]
    assert [address for listed in files for address in listed] == [s.url for s in stories]
