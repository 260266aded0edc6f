import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from dateline.photos.factories import PhotoFactory
from dateline.stories.factories import AuthorFactory, StoryFactory
from dateline.stories.services import story_create, story_publish
from dateline.taxonomy.factories import region_add


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.django_db
def test_translated_story_shows_every_part_of_the_reference_page(client, reference_pair, ru):
    original, translation = reference_pair
    response = client.get(translation.url)
    page = _text(response)

    assert response.status_code == 200
    assert "Consequences of the shelling" in page
    assert "Photo by Aziz Karimov for the “Caucasian Courier”" in page
    assert '<time datetime="2021-04-07T19:28:00+00:00">07 April 2021, 20:28</time>' in page
    assert "<h1>Azerbaijan: activists demand explanations from Moscow</h1>" in page
    assert (
        "This article was originally published on the Russian page of Caucasian Courier on "
        "April 7, 2021 at 10:18 am MSK. To access the full text of the article, click "
        f'<a href="{original.url}">here</a>.'
    ) in page
    assert "FOREIGN AGENT LABEL" in page
    assert f'hreflang="ru" lang="ru">{ru.name}</a>' in page


@pytest.mark.django_db
def test_russian_original_speaks_russian_in_moscow_time(client, reference_pair, en):
    original, translation = reference_pair
    page = _text(client.get(original.url))

    assert '<html lang="ru">' in page
    assert "7 апреля 2021, 10:18" in page
    assert "Фото: Aziz Karimov / «Кавказский вестник»" in page
    assert "Последние новости" in page
    assert "translation-note" not in page  # an original carries no translation note
    assert f'href="{translation.url}"' in page


@pytest.mark.django_db
def test_full_translation_uses_the_full_wording(client, en, ru):
    original = StoryFactory(locale=ru.locale, headline="Оригинал", published_at=timezone.now())
    translation = StoryFactory(
        locale=en.locale,
        headline="Translation",
        translation_of=original,
        translation_kind="full",
        published_at=timezone.now(),
    )
    page = _text(client.get(translation.url))
    assert "[Read the original.]" not in page
    assert f'<a href="{original.url}">Read the original.</a>' in page


@pytest.mark.django_db
def test_address_without_or_with_old_slug_redirects_to_the_canonical_one(client, en):
    story = StoryFactory(locale=en.locale, headline="Georgia: first headline")
    assert client.get(f"/en/news/{story.pk}/").headers["Location"] == story.url
    story.headline = "Georgia: corrected headline"
    story.save_revision().publish()
    story.refresh_from_db()
    response = client.get(f"/en/news/{story.pk}/georgia-first-headline/")
    assert response.status_code == 301
    assert (
        response.headers["Location"]
        == f"http://testserver/en/news/{story.pk}/georgia-corrected-headline/"
    )


@pytest.mark.django_db
def test_story_is_only_found_in_its_own_edition(client, en, ru):
    story = StoryFactory(locale=en.locale)
    assert client.get(f"/ru/news/{story.pk}/{story.slug}/").status_code == 404


@pytest.mark.django_db
def test_drafts_and_embargoed_stories_are_not_found(client, en):
    draft = StoryFactory(locale=en.locale, headline="Secret draft", publish=False)
    scheduled = StoryFactory(locale=en.locale, headline="Scheduled story", publish=False)
    scheduled.go_live_at = timezone.now() + timedelta(hours=3)
    scheduled.save_revision().publish()
    embargoed = StoryFactory(locale=en.locale, headline="Embargoed story", publish=False)
    embargoed.embargo_until = timezone.now() + timedelta(hours=3)
    embargoed.save_revision().publish()
    embargoed.refresh_from_db()
    assert embargoed.live and embargoed.is_embargoed

    for story in (draft, scheduled, embargoed):
        assert client.get(f"/en/news/{story.pk}/{story.slug}/").status_code == 404
    front = client.get("/en/").content.decode()
    for headline in ("Secret draft", "Scheduled story", "Embargoed story"):
        assert headline not in front


@pytest.mark.django_db
def test_unpublished_edit_of_a_live_story_does_not_reach_readers(client, en):
    story = StoryFactory(locale=en.locale, headline="Published headline")
    story.headline = "Unpublished rewrite"
    story.save_revision()  # a draft revision, not published

    page = client.get(story.url).content.decode()
    assert "Published headline" in page
    assert "Unpublished rewrite" not in page


@pytest.mark.django_db
def test_see_also_to_an_unpublished_story_shows_nothing(client, en):
    draft = StoryFactory(locale=en.locale, headline="Not yet out", publish=False)
    earlier = StoryFactory(locale=en.locale, headline="Earlier report")
    story = StoryFactory(
        locale=en.locale,
        body=[
            {"type": "see_also", "value": {"story": draft.pk}},
            {"type": "see_also", "value": {"story": earlier.pk}},
        ],
    )
    page = client.get(story.url).content.decode()
    assert "Not yet out" not in page
    assert f'<a href="{earlier.url}">Earlier report</a>' in page


@pytest.mark.django_db
def test_hostile_headline_is_escaped_everywhere(client, en):
    hostile = '</script><script>alert("x")</script><b>bold</b>'
    story = StoryFactory(locale=en.locale, headline=hostile, lead=hostile)
    page = client.get(story.url).content.decode()

    assert "<script>alert" not in page
    assert "<b>bold</b>" not in page
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(payload.group(1))["headline"] == hostile


@pytest.mark.django_db
def test_rich_text_keeps_only_safe_html(client, en):
    story = StoryFactory(
        locale=en.locale,
        body=[
            {
                "type": "paragraph",
                "value": '<p onclick="steal()">Text <script>alert(1)</script><b>bold</b></p>',
            }
        ],
    )
    page = client.get(story.url).content.decode()
    assert "onclick" not in page
    assert "<script>alert(1)" not in page


@pytest.mark.django_db
def test_page_shows_byline_sources_notes_and_tags(client, en, azerbaijan, courts):
    author = AuthorFactory(name="Nina Tumanova", locale=en.locale)
    story = story_create(
        locale=en.locale,
        headline="Azerbaijan: court hearing",
        authors=[author],
        regions=[azerbaijan],
        topics=[courts],
        sources=[{"name": "Report.az", "url": "https://report.az/"}, {"name": "Court", "url": ""}],
        notes=[
            {
                "type": "correction",
                "value": {"noted_at": "2021-04-08T10:00:00+00:00", "text": "The date was wrong."},
            },
            {
                "type": "update",
                "value": {
                    "noted_at": "2021-04-08T11:00:00+00:00",
                    "text": "Adds the verdict.",
                    "reason": "The court <b>ruled</b>",
                },
            },
        ],
    )
    story = story_publish(story=story, published_at=datetime(2021, 4, 7, 12, tzinfo=UTC))
    page = _text(client.get(story.url))

    assert (
        '<a class="author" href="http://testserver/en/authors/nina-tumanova/">Nina Tumanova</a>'
        in page
    )
    assert '<a href="https://report.az/" rel="nofollow noopener">Report.az</a>' in page
    assert "<li>Court</li>" in page
    assert "Correction</strong>" in page and "The date was wrong." in page
    assert "Update</strong>" in page and "Adds the verdict." in page
    assert "Reason: The court &lt;b&gt;ruled&lt;/b&gt;" in page  # the reason, escaped
    assert page.count("Reason:") == 1  # the correction gave none
    assert (
        '<a class="tag tag-region" href="http://testserver/en/azerbaijan/">Azerbaijan</a>' in page
    )
    assert '<a class="tag tag-topic" href="http://testserver/en/courts/">Courts</a>' in page


@pytest.mark.django_db
def test_latest_news_sidebar_lists_the_edition_newest_first(client, en, ru):
    now = timezone.now()
    older = StoryFactory(locale=en.locale, headline="Older news", published_at=now - timedelta(1))
    newer = StoryFactory(locale=en.locale, headline="Newer news", published_at=now)
    StoryFactory(locale=ru.locale, headline="Русская новость", published_at=now)
    story = StoryFactory(locale=en.locale, published_at=now - timedelta(2))

    sidebar = client.get(story.url).content.decode().split('class="latest"')[1]
    assert sidebar.index("Newer news") < sidebar.index("Older news")
    assert "Русская новость" not in sidebar
    assert older.url in sidebar and newer.url in sidebar


@pytest.mark.django_db
def test_query_count_does_not_grow_with_blocks_tags_authors_or_editions(
    client, en, ru, en_front, django_assert_max_num_queries
):
    photos = [PhotoFactory() for _ in range(4)]
    regions = [
        region_add(parent=en_front, title=f"Region {i}", slug=f"region-{i}") for i in range(6)
    ]
    earlier = [StoryFactory(locale=en.locale) for _ in range(5)]
    body = []
    for i in range(30):
        body.append({"type": "paragraph", "value": f"<p>Paragraph {i}</p>"})
        body.append({"type": "photo", "value": {"image": photos[i % 4].pk, "caption": ""}})
        body.append({"type": "see_also", "value": {"story": earlier[i % 5].pk}})
        body.append({"type": "quote", "value": {"text": "Quoted", "attribution": "Someone"}})
    original = StoryFactory(locale=ru.locale)
    story = StoryFactory(
        locale=en.locale,
        body=body,
        lead_photo=photos[0],
        authors=[AuthorFactory(locale=en.locale) for _ in range(6)],
        regions=regions,
        translation_of=original,
        translation_kind="full",
    )
    client.get(story.url)  # renditions are made on the first view
    with django_assert_max_num_queries(10):
        response = client.get(story.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="photo"') == 30


@pytest.mark.django_db
def test_front_and_region_pages_stay_within_ten_queries(
    client, en, azerbaijan, photo, django_assert_max_num_queries
):
    for i in range(25):
        StoryFactory(locale=en.locale, lead_photo=photo, regions=[azerbaijan], headline=f"S {i}")
    client.get("/en/")
    client.get("/en/azerbaijan/")
    with django_assert_max_num_queries(10):
        assert client.get("/en/").status_code == 200
    with django_assert_max_num_queries(10):
        page = client.get("/en/azerbaijan/")
    assert page.content.decode().count('class="story-item"') == 25
