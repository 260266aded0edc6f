"""Reader pages keep their data between changes, and every change shows on the next request."""

import pytest

from dateline.editions.clock import local_day
from dateline.photos.factories import PhotoFactory, PhotographerFactory, photographer_translate
from dateline.stories.factories import AuthorFactory, StoryFactory
from dateline.stories.models import Story
from dateline.stories.services import translation_create
from dateline.taxonomy.models import RegionPage


@pytest.fixture
def story(en, azerbaijan) -> Story:
    return StoryFactory(
        locale=en.locale, headline="Baku: court frees journalist", regions=[azerbaijan]
    )


@pytest.mark.django_db
def test_a_story_page_read_again_costs_one_query(client, story, django_assert_num_queries):
    assert client.get(story.url).status_code == 200

    # The latest change of the story's own stories, and the latest change of all (the lists).
    with django_assert_num_queries(1):
        assert client.get(story.url).status_code == 200


@pytest.mark.django_db
def test_another_storys_publication_keeps_the_story_but_renews_its_lists(
    client, en, story, azerbaijan, django_assert_max_num_queries
):
    client.get(story.url)
    StoryFactory(locale=en.locale, headline="Ganja: new bridge opens", regions=[azerbaijan])

    with django_assert_max_num_queries(4):  # no story, tags, photos or versions read again
        page = client.get(story.url).content.decode()

    assert "Ganja: new bridge opens" in page  # in Read also and the sidebar
    assert story.headline in page


@pytest.mark.django_db
def test_a_new_translation_shows_on_the_originals_kept_page(client, en, ru, story):
    assert "/ru/news/" not in client.get(story.url).content.decode()

    translation = translation_create(original=story, locale=ru.locale)
    translation.headline = "Баку: суд освободил журналиста"
    translation.save_revision().publish()

    translation.refresh_from_db()
    page = client.get(story.url).content.decode()
    assert f'<link rel="alternate" hreflang="ru" href="{translation.url}">' in page
    assert f'<a href="{translation.url}" hreflang="ru" lang="ru">' in page  # the switcher


@pytest.mark.django_db
def test_a_withdrawn_see_also_story_leaves_the_kept_page(client, en):
    linked = StoryFactory(locale=en.locale, headline="Baku: journalist detained")
    story = StoryFactory(
        locale=en.locale, body=[{"type": "see_also", "value": {"story": linked.pk}}]
    )
    assert "Baku: journalist detained" in client.get(story.url).content.decode()

    linked.unpublish()

    assert "Baku: journalist detained" not in client.get(story.url).content.decode()


@pytest.mark.django_db
def test_an_edited_headline_shows_on_the_next_request(client, story):
    client.get(story.url)
    story.headline = "Baku: court frees two journalists"
    story.save_revision().publish()

    page = client.get(story.url, follow=True)  # to the new slug

    assert "court frees two journalists" in page.content.decode()


@pytest.mark.django_db
def test_a_withdrawn_story_is_gone_from_its_page_and_the_front_at_once(client, en, story):
    assert story.headline in client.get("/en/").content.decode()
    client.get(story.url)

    story.unpublish()

    assert client.get(story.url).status_code == 404
    assert story.headline not in client.get("/en/").content.decode()
    assert story.headline not in client.get("/en/azerbaijan/").content.decode()


@pytest.mark.django_db
def test_a_renamed_agency_shows_on_the_next_request(client, en, story):
    client.get(story.url)
    en.agency_name = "Caucasian Herald"
    en.save()

    assert "Caucasian Herald" in client.get(story.url).content.decode()


@pytest.mark.django_db
def test_a_preview_of_a_section_shows_its_draft_not_the_kept_page(client, en, azerbaijan):
    assert "Azerbaijan" in client.get("/en/azerbaijan/").content.decode()
    region = RegionPage.objects.get(pk=azerbaijan.pk)
    region.title = "Azerbaijan and Nakhchivan"

    preview = region.make_preview_request()

    assert "Azerbaijan and Nakhchivan" in preview.render().content.decode()
    assert "Azerbaijan and Nakhchivan" not in client.get("/en/azerbaijan/").content.decode()


@pytest.mark.django_db
def test_a_renamed_author_shows_on_the_next_request(client, en):
    author = AuthorFactory(locale=en.locale, name="Olga Mironova")
    story = StoryFactory(locale=en.locale, authors=[author])
    assert "Olga Mironova" in client.get(story.url).content.decode()

    author.name = "Olga Mironova-Aliyeva"
    author.save()

    assert "Olga Mironova-Aliyeva" in client.get(story.url).content.decode()


@pytest.mark.django_db
def test_a_photographers_new_spelling_shows_on_the_next_request(client, en, ru):
    photographer = PhotographerFactory(locale=en.locale, name="Nina Tumanova")
    photo = PhotoFactory(photographer=photographer, credit="")
    story = StoryFactory(locale=ru.locale, lead_photo=photo)
    assert "Nina Tumanova" in client.get(story.url).content.decode()

    photographer_translate(photographer, locale=ru.locale, name="Нина Туманова")

    page = client.get(story.url).content.decode()
    assert "Нина Туманова" in page
    assert "Nina Tumanova" not in page


@pytest.mark.django_db
def test_all_news_and_an_archive_day_read_again_cost_one_query_and_show_the_next_story(
    client, en, story, django_assert_num_queries
):
    day = local_day(story.first_published_at, en)
    archive_day = f"/en/archive/{day:%Y/%m/%d}/"
    for url in ("/en/news/", archive_day):
        assert client.get(url).status_code == 200
        with django_assert_num_queries(1):  # the latest change's id
            assert client.get(url).status_code == 200

    StoryFactory(locale=en.locale, headline="Ganja: new bridge opens")

    assert "Ganja: new bridge opens" in client.get("/en/news/").content.decode()
    assert "Ganja: new bridge opens" in client.get(archive_day).content.decode()
