"""Credits, translation notes and counts read right in both editions' languages."""

import re
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from dateline.photos.factories import PhotoFactory, PhotographerFactory, photographer_translate
from dateline.stories.document import story_document
from dateline.stories.factories import StoryFactory
from dateline.stories.models import TranslationKind
from dateline.stories.templatetags.story_tags import new_stories_labels


@pytest.fixture
def nina(en, ru):
    person = PhotographerFactory(name="Nina Tumanova", locale=en.locale)
    photographer_translate(
        person, locale=ru.locale, name="Нина Туманова", name_genitive="Нины Тумановой"
    )
    return person


def _credit(story, edition) -> str:
    return story_document(story, edition).photo.credit


@pytest.mark.django_db
def test_each_edition_credits_the_photographer_in_its_own_language(en, ru, nina):
    photo = PhotoFactory(photographer=nina, credit="")
    english = StoryFactory(locale=en.locale, lead_photo=photo)
    russian = StoryFactory(locale=ru.locale, lead_photo=photo)

    assert _credit(english, en) == "Photo by Nina Tumanova for the “Caucasian Courier”"
    assert _credit(russian, ru) == "Фото: Нина Туманова / «Кавказский вестник»"
    assert story_document(russian, ru).photo.photographer == "Нина Туманова"


@pytest.mark.django_db
def test_a_russian_edition_may_choose_the_declined_credit(en, ru, nina):
    ru.photo_credit_own = "Фото {credit_genitive} для «{agency_genitive}»"
    ru.agency_name_genitive = "Кавказского вестника"
    ru.full_clean()
    ru.save()
    story = StoryFactory(locale=ru.locale, lead_photo=PhotoFactory(photographer=nina, credit=""))

    assert _credit(story, ru) == "Фото Нины Тумановой для «Кавказского вестника»"


@pytest.mark.django_db
def test_photos_from_others_keep_their_typed_credit_and_holder(en, ru):
    photo = PhotoFactory(credit="Giorgi Abdaladze", copyright_holder="Sputnik Georgia")
    story = StoryFactory(locale=ru.locale, lead_photo=photo)

    assert _credit(story, ru) == "Фото: Giorgi Abdaladze / Sputnik Georgia"


@pytest.mark.django_db
def test_a_person_without_a_translation_is_credited_as_spelled(en, ru):
    person = PhotographerFactory(name="Levan Beridze", locale=en.locale)
    story = StoryFactory(locale=ru.locale, lead_photo=PhotoFactory(photographer=person, credit=""))

    assert _credit(story, ru) == "Фото: Levan Beridze / «Кавказский вестник»"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "wording", "unknown"),
    [
        ("photo_credit_own", "Фото {credit} для «{agnecy}»", "{agnecy}"),
        ("photo_credit_other", "Photo: {credit} / {agency} / {owner}", "{agency}, {owner}"),
        ("translation_note_full", "Published on the {lang} page. [Read]", "{lang}"),
    ],
)
def test_unknown_placeholders_are_refused_with_what_may_be_used(en, field, wording, unknown):
    setattr(en, field, wording)
    with pytest.raises(ValidationError) as refused:
        en.full_clean()
    message = " ".join(refused.value.message_dict[field])
    assert f"Unknown placeholder{'s' if ',' in unknown else ''} {unknown}." in message
    assert "{credit}" in message or "{language}" in message


def _translation_of_english(en, ru):
    original = StoryFactory(
        locale=en.locale, headline="Original", published_at=datetime(2021, 4, 7, 7, tzinfo=UTC)
    )
    return StoryFactory(
        locale=ru.locale,
        headline="Перевод",
        translation_of=original,
        translation_kind=TranslationKind.FULL,
        published_at=datetime(2021, 4, 7, 9, tzinfo=UTC),
    )


@pytest.mark.django_db
def test_the_russian_note_names_the_language_in_lower_case(en, ru):
    note = str(story_document(_translation_of_english(en, ru), ru).translation.note)

    assert "(язык: английский)" in note
    assert "7 апреля 2021 в 08:00" in note


@pytest.mark.django_db
def test_the_page_language_agrees_with_page_in_russian(en, ru):
    ru.translation_note_full = (
        "Материал впервые опубликован на {language_adjective} странице «{agency_genitive}» "
        "{published}."
    )
    ru.agency_name_genitive = "Кавказского вестника"
    ru.save()
    note = str(story_document(_translation_of_english(en, ru), ru).translation.note)

    assert note.startswith("Материал впервые опубликован на английской странице «Кавказского")


@pytest.mark.django_db
def test_the_english_note_says_on_the_russian_page(en, ru):
    original = StoryFactory(locale=ru.locale, published_at=datetime(2021, 4, 7, 7, tzinfo=UTC))
    story = StoryFactory(locale=en.locale, translation_of=original, translation_kind="full")

    assert "on the Russian page of Caucasian Courier" in str(
        story_document(story, en).translation.note
    )


def _year_counts(client, edition_slug: str) -> list[str]:
    page = client.get(f"/{edition_slug}/archive/2021/").content.decode()
    return re.findall(r'<span class="count">([^<]+)</span>', page)


@pytest.mark.django_db
def test_russian_counts_take_the_three_plural_forms(client, en, ru):
    for month, count in ((1, 1), (2, 2), (3, 5), (4, 21)):
        for i in range(count):
            StoryFactory(locale=ru.locale, published_at=datetime(2021, month, 3, 9, i, tzinfo=UTC))

    assert _year_counts(client, "ru") == [
        "1 материал",
        "2 материала",
        "5 материалов",
        "21 материал",
    ]
    assert "Январь" in client.get("/ru/archive/2021/").content.decode()


@pytest.mark.django_db
def test_english_counts_are_singular_and_plural(client, en):
    for month, count in ((1, 1), (2, 2)):
        for i in range(count):
            StoryFactory(locale=en.locale, published_at=datetime(2021, month, 3, 9, i, tzinfo=UTC))

    assert _year_counts(client, "en") == ["1 story", "2 stories"]


def test_the_live_banner_gets_every_russian_plural_form():
    with translation.override("ru"):
        labels = new_stories_labels()
    for form in ("1 новый материал", "2 новых материала", "5 новых материалов"):
        assert form in labels
    assert "21 новый материал" in labels


def test_large_counts_are_grouped_in_the_languages_way():
    template = Template("{% load numbers %}{{ n|grouped }}")
    with translation.override("ru"):
        assert template.render(Context({"n": 12345})) == "12\xa0345"
    with translation.override("en"):
        assert template.render(Context({"n": 12345})) == "12,345"
