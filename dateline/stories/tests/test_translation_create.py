import pytest
from django.core.exceptions import ValidationError

from dateline.stories.factories import AuthorFactory, StoryFactory
from dateline.stories.models import TranslationKind
from dateline.stories.services import story_publish, translation_create
from dateline.taxonomy.factories import region_add


@pytest.mark.django_db
def test_translation_starts_as_an_unpublished_copy_tagged_for_its_edition(
    client, en, ru, ru_front, azerbaijan
):
    region_ru = region_add(
        parent=ru_front, title="Азербайджан", slug="azerbaijan", translation_of=azerbaijan
    )
    author = AuthorFactory(name="Nina Tumanova", locale=en.locale)
    AuthorFactory(name="Нина Туманова", locale=ru.locale, translation_key=author.translation_key)
    original = StoryFactory(locale=en.locale, regions=[azerbaijan], authors=[author])

    translation = translation_create(
        original=original, locale=ru.locale, kind=TranslationKind.ABRIDGED
    )

    assert translation.translation_of == original
    assert translation.translation_key == original.translation_key
    assert not translation.live and translation.first_published_at is None
    assert list(translation.regions.all()) == [region_ru]
    assert [c.author.name for c in translation.byline.all()] == ["Нина Туманова"]
    assert client.get(f"/ru/news/{translation.pk}/{translation.slug}/").status_code == 404

    story_publish(story=translation)
    page = client.get(translation.url).content.decode()
    assert "Это сокращённый перевод материала" in page
    assert f'<a href="{original.url}">по ссылке</a>' in page


@pytest.mark.django_db
def test_an_edition_holds_one_version_of_a_story(en, ru):
    original = StoryFactory(locale=en.locale)
    translation_create(original=original, locale=ru.locale)
    with pytest.raises(ValidationError, match="already has a version"):
        translation_create(original=original, locale=ru.locale)


@pytest.mark.django_db
def test_a_translation_cannot_be_translated_again(en, ru):
    from dateline.editions.services import edition_create

    uk = edition_create(language="uk", slug="uk", name="UA", agency_name="A", time_zone="UTC")
    original = StoryFactory(locale=en.locale)
    translation = translation_create(original=original, locale=ru.locale)
    translation.translation_of = translation_create(original=original, locale=uk.locale)
    with pytest.raises(ValidationError, match="itself a translation"):
        translation.full_clean()


@pytest.mark.django_db
def test_first_published_time_never_changes_once_published(en):
    story = StoryFactory(locale=en.locale)
    first = story.first_published_at
    story.headline = "A corrected headline"
    story.save_revision().publish()
    story.refresh_from_db()
    assert story.first_published_at == first
    assert story.last_published_at > first


@pytest.mark.django_db
def test_unlinking_a_translation_makes_it_a_story_of_its_own(client, en, ru):
    original = StoryFactory(locale=en.locale)
    translation = StoryFactory(
        locale=ru.locale, translation_of=original, translation_kind=TranslationKind.FULL
    )
    translation.translation_of = None
    translation.translation_kind = ""
    translation.save_revision().publish()
    translation.refresh_from_db()

    assert translation.translation_key != original.translation_key
    assert translation.url not in client.get(original.url).content.decode()
