"""Reader pages keep their data between changes, and every change shows on the next request."""

import pytest

from dateline.photos.factories import PhotoFactory, PhotographerFactory, photographer_translate
from dateline.stories.factories import AuthorFactory, StoryFactory
from dateline.stories.models import Story
from dateline.taxonomy.models import RegionPage


@pytest.fixture
def story(en, azerbaijan) -> Story:
    return StoryFactory(
        locale=en.locale, headline="Baku: court frees journalist", regions=[azerbaijan]
    )


@pytest.mark.django_db
def test_a_story_page_read_again_costs_one_query(client, story, django_assert_num_queries):
    assert client.get(story.url).status_code == 200

    with django_assert_num_queries(1):  # the latest change's id
        assert client.get(story.url).status_code == 200


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
