"""What a reader notices on a story page: the lead said once, a sharp photo at any width, what
to read next, the latest news by day."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from dateline.photos.factories import PhotoFactory, generated_jpeg
from dateline.stories.factories import AuthorFactory, StoryFactory
from dateline.taxonomy.factories import region_add, topic_add

LEAD = "Activists in Baku asked Moscow for answers."


def _page(client, story) -> str:
    response = client.get(story.url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_lead_imported_as_first_paragraph_is_shown_once(client, en):
    story = StoryFactory(
        locale=en.locale,
        lead=LEAD,
        body=[
            {"type": "paragraph", "value": f"<p>{LEAD} </p>"},
            {"type": "paragraph", "value": "<p>The appeal was signed by 26 people.</p>"},
        ],
    )
    page = _page(client, story)
    article = page.split('<article class="story"')[1].split("</article>")[0]
    assert article.count("asked Moscow for answers") == 1
    assert f'<p class="lead">{LEAD}</p>' in page
    assert "<p>The appeal was signed by 26 people.</p>" in page


@pytest.mark.django_db
def test_first_paragraph_that_differs_from_the_lead_stays(client, en):
    story = StoryFactory(
        locale=en.locale,
        lead=LEAD,
        body=[{"type": "paragraph", "value": "<p>Activists in Baku asked again.</p>"}],
    )
    assert "<p>Activists in Baku asked again.</p>" in _page(client, story)


def _srcset_widths(page: str) -> list[int]:
    figure = page.split('<figure class="lead-photo">')[1].split("</figure>")[0]
    srcset = re.search(r'srcset="([^"]+)"', figure).group(1)
    return [int(w) for w in re.findall(r" (\d+)w", srcset)]


@pytest.mark.django_db
def test_lead_photo_srcset_never_asks_for_more_than_the_original(client, en):
    wide = PhotoFactory(file=generated_jpeg(1, 1600, 900))
    narrow = PhotoFactory(file=generated_jpeg(2, 900, 600))
    tiny = PhotoFactory(file=generated_jpeg(3, 320, 240))

    assert _srcset_widths(_page(client, StoryFactory(locale=en.locale, lead_photo=wide))) == [
        480,
        800,
        1200,
    ]
    page = _page(client, StoryFactory(locale=en.locale, lead_photo=narrow))
    assert _srcset_widths(page) == [480, 800]
    # The largest source gives the image its size, so its box keeps the photo's proportions.
    assert 'width="800" height="533"' in page
    assert _srcset_widths(_page(client, StoryFactory(locale=en.locale, lead_photo=tiny))) == [320]


@pytest.mark.django_db
def test_read_also_offers_linked_and_related_stories_never_drafts(client, en, en_front):
    region = region_add(parent=en_front, title="Georgia", slug="georgia")
    topic = topic_add(parent=en_front, title="Elections", slug="elections")
    now = timezone.now()
    linked = StoryFactory(
        locale=en.locale, headline="Linked report", published_at=now - timedelta(9)
    )
    see_also = StoryFactory(
        locale=en.locale, headline="Earlier story", published_at=now - timedelta(8)
    )
    StoryFactory(locale=en.locale, headline="Georgia news", regions=[region])
    StoryFactory(locale=en.locale, headline="Election news", topics=[topic])
    StoryFactory(locale=en.locale, headline="Unrelated news")
    draft = StoryFactory(
        locale=en.locale, headline="Draft in Georgia", regions=[region], publish=False
    )
    story = StoryFactory(
        locale=en.locale,
        regions=[region],
        topics=[topic],
        body=[
            {"type": "paragraph", "value": f'<p>As <a href="{linked.url}">reported</a>.</p>'},
            {"type": "paragraph", "value": f'<p>Not <a href="{draft.url}">out</a> yet.</p>'},
            {"type": "see_also", "value": {"story": see_also.pk}},
            {"type": "see_also", "value": {"story": draft.pk}},
        ],
    )
    page = _page(client, story)
    read_also = page.split('class="read-also"')[1].split("</section>")[0]
    for shown in ("Linked report", "Earlier story", "Georgia news", "Election news"):
        assert shown in read_also
    assert read_also.index("Linked report") < read_also.index("Georgia news")
    assert "Draft in Georgia" not in page
    assert "Unrelated news" not in read_also
    assert story.headline not in read_also


@pytest.mark.django_db
def test_sidebar_groups_latest_news_under_days_with_times(client, en):
    StoryFactory(
        locale=en.locale,
        headline="Yesterday",
        published_at=datetime(2024, 4, 23, 21, 43, tzinfo=UTC),
    )
    StoryFactory(
        locale=en.locale, headline="Today", published_at=datetime(2024, 4, 24, 17, 27, tzinfo=UTC)
    )
    story = StoryFactory(locale=en.locale, published_at=datetime(2024, 4, 22, 9, tzinfo=UTC))
    aside = _page(client, story).split('<aside class="latest"')[1]
    assert re.search(
        r'<h3 class="day">April 24, 2024</h3>.*18:27.*Today.*<h3 class="day">April 23, 2024</h3>',
        aside,
        re.S,
    )


@pytest.mark.django_db
def test_heavy_story_page_costs_a_fixed_number_of_queries(
    client, en, ru, en_front, django_assert_max_num_queries
):
    photos = [PhotoFactory() for _ in range(4)]
    regions = [region_add(parent=en_front, title=f"R {i}", slug=f"r-{i}") for i in range(6)]
    topics = [topic_add(parent=en_front, title=f"T {i}", slug=f"t-{i}") for i in range(4)]
    earlier = [StoryFactory(locale=en.locale, regions=regions[:2]) for _ in range(8)]
    body = []
    for i in range(30):
        body.append(
            {"type": "paragraph", "value": f'<p><a href="{earlier[i % 8].url}">{i}</a></p>'}
        )
        body.append({"type": "photo", "value": {"image": photos[i % 4].pk, "caption": ""}})
        body.append({"type": "see_also", "value": {"story": earlier[i % 5].pk}})
    story = StoryFactory(
        locale=en.locale,
        body=body,
        lead_photo=photos[0],
        authors=[AuthorFactory(locale=en.locale) for _ in range(6)],
        regions=regions,
        topics=topics,
        translation_of=StoryFactory(locale=ru.locale),
        translation_kind="full",
    )
    client.get(story.url)  # renditions are made on the first view
    with django_assert_max_num_queries(10):
        page = client.get(story.url).content.decode()
    assert page.count('class="author"') == 6
    assert 'class="read-also"' in page


@pytest.mark.django_db
def test_a_story_lists_the_public_stories_that_link_to_it(client, en):
    earlier = StoryFactory(locale=en.locale, headline="Baku: journalist detained")
    StoryFactory(
        locale=en.locale,
        headline="Baku: court frees journalist",
        body=[{"type": "see_also", "value": {"story": earlier.pk}}],
    )
    StoryFactory(
        locale=en.locale,
        headline="Draft follow-up nobody may read",
        body=[{"type": "see_also", "value": {"story": earlier.pk}}],
        publish=False,
    )

    page = client.get(earlier.url).content.decode()

    linked_from = page.split('id="linked-from-heading"')[1].split("</section>")[0]
    assert "Baku: court frees journalist" in linked_from
    assert "Draft follow-up" not in page
