"""The pages of an edition's story sitemap: every public story exactly once, no page over the
size however the archive grows, nothing a reader may not see, a few queries a page."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from dateline.editions import links
from dateline.stories.factories import StoryFactory
from dateline.stories.models import Story
from dateline.stories.services import story_create, story_publish, story_withdraw
from dateline.syndication.models import SitemapPage
from dateline.syndication.sitemaps.keeping import sitemap_pages_cut

from .sitemap_reading import (
    alternates,
    fetch,
    loc,
    read_index,
    read_urlset,
    story_entries,
    story_pages,
)

START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def _stories(edition, count, *, start=START, step=timedelta(hours=5)):
    return [
        StoryFactory(locale=edition.locale, published_at=start + step * n) for n in range(count)
    ]


def _crawl(client, edition, size):
    """Every page the index lists, each within the size: the addresses they list, in order."""
    pages = story_pages(read_index(client, links.sitemap_index_url(edition)))
    addresses = []
    for page in pages:
        entries = read_urlset(client, page)
        assert 0 < len(entries) <= size, page
        addresses += [loc(entry) for entry in entries]
    return pages, addresses


@pytest.mark.django_db
def test_every_public_story_is_on_exactly_one_page_of_at_most_the_size(client, en, ru, settings):
    settings.SITEMAP_PAGE_SIZE = 7
    public = _stories(en, 30)
    # Stories of the same microsecond: the pages' bounds tell them apart by id.
    same_moment = START + timedelta(days=2, minutes=1)
    public += [StoryFactory(locale=en.locale, published_at=same_moment) for _ in range(3)]
    _stories(ru, 4)

    pages, addresses = _crawl(client, en, size=7)

    assert len(pages) == 5  # 33 stories in pages of 7
    assert sorted(addresses) == sorted(s.url for s in public)
    assert len(set(addresses)) == len(addresses)


@pytest.mark.django_db
def test_no_story_a_reader_may_not_see_is_listed(client, en, settings):
    settings.SITEMAP_PAGE_SIZE = 3
    now = timezone.now()
    public = _stories(en, 4)
    StoryFactory(locale=en.locale, headline="Draft", publish=False)
    scheduled = story_create(locale=en.locale, headline="Scheduled")
    scheduled.go_live_at = now + timedelta(days=2)
    scheduled.save_revision().publish()
    embargoed = story_create(locale=en.locale, headline="Embargoed")
    embargoed.embargo_until = now + timedelta(days=1)
    embargoed.save_revision().publish()
    story_publish(
        story=story_create(locale=en.locale, headline="Future"),
        published_at=now + timedelta(days=3),
    )
    withdrawn = StoryFactory(locale=en.locale, headline="Withdrawn", published_at=START)
    story_withdraw(story=withdrawn, reason="A court order.")
    expired = StoryFactory(locale=en.locale, headline="Expired", published_at=START)
    Story.objects.filter(pk=expired.pk).update(expire_at=now - timedelta(hours=1))
    StoryFactory(locale=en.locale, headline="Deleted", published_at=START).delete()

    _pages, addresses = _crawl(client, en, size=3)

    assert sorted(addresses) == sorted(s.url for s in public)


@pytest.mark.django_db
def test_stories_dated_into_old_pages_never_make_a_page_too_large(client, en, settings):
    settings.SITEMAP_PAGE_SIZE = 5
    stories = _stories(en, 12)
    first_pages, _addresses = _crawl(client, en, size=5)
    # Back issues imported into the archive's first days, before and among its stories.
    stories += _stories(en, 9, start=START - timedelta(days=1), step=timedelta(hours=2))

    pages, addresses = _crawl(client, en, size=5)  # pages that grew are cut where read
    assert set(first_pages) <= set(pages)
    pages, addresses = _crawl(client, en, size=5)  # and the index lists their new parts

    assert sorted(addresses) == sorted(s.url for s in stories)
    assert set(first_pages) <= set(pages)  # the pages' addresses stayed


@pytest.mark.django_db
def test_a_page_whose_stories_have_all_gone_leaves_the_index(client, en, settings):
    settings.SITEMAP_PAGE_SIZE = 3
    stories = _stories(en, 7)
    pages, _addresses = _crawl(client, en, size=3)
    for story in stories[3:6]:
        story_withdraw(story=story, reason="Taken down.")

    assert fetch(client, pages[1]).status_code == 404
    left, addresses = _crawl(client, en, size=3)
    assert left == [pages[0], pages[2]]
    assert sorted(addresses) == sorted(s.url for s in stories[:3] + stories[6:])


@pytest.mark.django_db
def test_a_bad_page_name_is_a_400_and_an_unknown_one_a_404(client, en):
    _stories(en, 2)
    read_index(client, links.sitemap_index_url(en))

    assert client.get("/en/sitemaps/stories/yesterday.xml").status_code == 400
    assert client.get("/en/sitemaps/stories/1700000000000000-1.xml").status_code == 404


@pytest.mark.django_db
def test_a_page_costs_the_same_few_queries_however_many_stories_it_lists(
    client, en, ru, settings, django_assert_max_num_queries
):
    settings.SITEMAP_PAGE_SIZE = 30
    originals = _stories(en, 20)
    for original in originals[::2]:
        StoryFactory(locale=ru.locale, translation_of=original, translation_kind="full")
    (page,) = story_pages(read_index(client, links.sitemap_index_url(en)))

    with django_assert_max_num_queries(2):  # the pages' starts; the stories with their versions
        entries = read_urlset(client, page)

    assert len(entries) == 20
    assert sum(1 for entry in entries if alternates(entry)) == 10


@pytest.mark.django_db
def test_the_index_costs_a_few_queries_over_many_pages(
    client, en, settings, django_assert_max_num_queries
):
    settings.SITEMAP_PAGE_SIZE = 2
    _stories(en, 20)
    read_index(client, links.sitemap_index_url(en))
    # A change, so the index is built again, and the last page grows past the size: the most
    # an index costs, as many queries with ten pages as with ten thousand.
    StoryFactory(locale=en.locale)

    with django_assert_max_num_queries(9):
        index = read_index(client, links.sitemap_index_url(en))

    assert len(story_pages(index)) == 11
    entries = story_entries(client, links.sitemap_index_url(en))
    assert len(entries) == 21


@pytest.mark.django_db
def test_the_worker_cuts_an_editions_pages_before_the_first_crawl(client, en, ru, settings):
    settings.SITEMAP_PAGE_SIZE = 2
    _stories(en, 20)
    assert not SitemapPage.objects.exists()

    sitemap_pages_cut()  # as the worker's keeper does every minute

    starts = SitemapPage.objects.filter(locale_id=en.locale_id)
    assert starts.count() == 10
    assert not SitemapPage.objects.filter(locale_id=ru.locale_id).exists()  # no stories
    # The first crawl finds the pages the keeper cut.
    assert len(story_pages(read_index(client, links.sitemap_index_url(en)))) == 10
    assert starts.count() == 10
