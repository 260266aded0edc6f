"""The front page: the editors' lead story large, the other top stories in a row, All news by
day with times, a block per main region; a fixed number of queries however much is there."""

from datetime import UTC, datetime

import pytest

from dateline.editions.models import FrontTopStory
from dateline.photos.factories import PhotoFactory, generated_jpeg
from dateline.stories.factories import StoryFactory
from dateline.taxonomy.factories import region_add


@pytest.mark.django_db
def test_front_shows_lead_top_row_news_by_day_and_regions(client, en, en_front, azerbaijan):
    georgia = region_add(parent=en_front, title="Georgia", slug="georgia")
    photo = PhotoFactory(file=generated_jpeg(1, 1600, 900))
    lead = StoryFactory(locale=en.locale, headline="Lead story", lead_photo=photo)
    second = StoryFactory(locale=en.locale, headline="Second top story", lead_photo=photo)
    FrontTopStory.objects.create(page=en_front, story=lead, sort_order=0)
    FrontTopStory.objects.create(page=en_front, story=second, sort_order=1)
    StoryFactory(
        locale=en.locale,
        headline="Baku news",
        regions=[azerbaijan],
        published_at=datetime(2024, 4, 24, 17, 27, tzinfo=UTC),
    )
    StoryFactory(locale=en.locale, headline="Tbilisi news", regions=[georgia])

    page = client.get("/en/").content.decode()
    lead_block = page.split('<article class="lead-story"')[1].split("</article>")[0]
    assert "Lead story" in lead_block
    assert 'width="1200" height="675"' in lead_block and "640w" in lead_block
    assert "Second top story" in page.split('class="teasers top-row"')[1]
    news = page.split('class="latest all-news-column"')[1]
    assert '<h3 class="day">April 24, 2024</h3>' in news and "18:27" in news
    assert "data-live-events" in page.split('class="latest all-news-column"')[0][-400:] + news[:400]
    blocks = page.split('class="region-block"')[1:]
    assert "Azerbaijan" in blocks[0] and "Baku news" in blocks[0]
    assert "Georgia" in blocks[1] and "Tbilisi news" in blocks[1]


@pytest.mark.django_db
def test_front_page_costs_a_fixed_number_of_queries(
    client, en, en_front, django_assert_max_num_queries
):
    photo = PhotoFactory()
    regions = [region_add(parent=en_front, title=f"R {i}", slug=f"r-{i}") for i in range(8)]
    for i in range(40):
        story = StoryFactory(locale=en.locale, lead_photo=photo, regions=[regions[i % 8]])
        if i < 6:
            FrontTopStory.objects.create(page=en_front, story=story, sort_order=i)
    client.get("/en/")  # renditions are made on the first view
    with django_assert_max_num_queries(10):
        page = client.get("/en/").content.decode()
    assert page.count('class="region-block"') == 8
