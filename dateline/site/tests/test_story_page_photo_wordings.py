"""One photo reused by stories of both editions: each page captions and credits it in its own
language, from the photo's wording in that language, else from its defaults."""

import re

import pytest

from dateline.photos.factories import PhotoFactory, PhotographerFactory
from dateline.photos.services import photo_wordings_set
from dateline.stories.factories import StoryFactory


def _figures(client, story) -> list[str]:
    """The lead photo's and the inline photos' figures, in the page's order."""
    response = client.get(story.url)
    assert response.status_code == 200
    page = response.content.decode()
    return re.findall(r'<figure class="(?:lead-photo|photo)">(.*?)</figure>', page, re.S)


def _stories(en, ru, photo, **russian_fields):
    body = [
        {"type": "paragraph", "value": "<p>The shelling lasted two hours.</p>"},
        {"type": "photo", "value": {"image": photo.pk, "caption": ""}},
    ]
    english = StoryFactory(locale=en.locale, lead_photo=photo, body=body)
    russian = StoryFactory(locale=ru.locale, lead_photo=photo, body=body, **russian_fields)
    return english, russian


@pytest.mark.django_db
def test_each_edition_shows_the_photo_caption_and_credit_in_its_language(client, en, ru):
    photo = PhotoFactory(default_caption="Consequences of the shelling.", credit="Aziz Karimov")
    photo_wordings_set(
        photo=photo,
        wordings={
            en.locale.pk: ("Consequences of the shelling in Shusha.", ""),
            ru.locale.pk: ("Последствия обстрела в Шуше.", "Азиз Каримов"),
        },
    )
    english, russian = _stories(en, ru, photo)

    for figure in _figures(client, english):
        assert 'alt="Consequences of the shelling in Shusha."' in figure
        assert "Photo by Aziz Karimov for the “Caucasian Courier”" in figure
    russian_figures = _figures(client, russian)
    assert len(russian_figures) == 2
    for figure in russian_figures:
        assert 'alt="Последствия обстрела в Шуше."' in figure
        assert "Consequences" not in figure
        assert "Фото: Азиз Каримов / «Кавказский вестник»" in figure


@pytest.mark.django_db
def test_a_language_without_a_wording_gets_the_default_caption_and_credit(client, en, ru):
    photo = PhotoFactory(default_caption="Consequences of the shelling.", credit="Aziz Karimov")
    photo_wordings_set(photo=photo, wordings={en.locale.pk: ("In Shusha.", "A. Karimov")})
    english, russian = _stories(en, ru, photo)

    assert "Photo by A. Karimov for" in _figures(client, english)[0]
    for figure in _figures(client, russian):
        assert 'alt="Consequences of the shelling."' in figure
        assert "Фото: Aziz Karimov / «Кавказский вестник»" in figure


@pytest.mark.django_db
def test_the_story_own_caption_wins_over_the_photo_wording(client, en, ru):
    photo = PhotoFactory(default_caption="Consequences of the shelling.")
    photo_wordings_set(photo=photo, wordings={ru.locale.pk: ("Последствия обстрела.", "")})
    _english, russian = _stories(en, ru, photo, lead_photo_caption="Шуша, октябрь 2020 года.")

    lead, inline = _figures(client, russian)

    assert 'alt="Шуша, октябрь 2020 года."' in lead
    assert 'alt="Последствия обстрела."' in inline


@pytest.mark.django_db
def test_a_typed_credit_stands_in_for_a_photographer_without_a_russian_name(client, en, ru):
    photographer = PhotographerFactory(name="Nina Tumanova")  # no Russian spelling yet
    photo = PhotoFactory(photographer=photographer, credit="")
    english, russian = _stories(en, ru, photo)
    assert "Фото: Nina Tumanova / «Кавказский вестник»" in _figures(client, russian)[0]

    photo_wordings_set(photo=photo, wordings={ru.locale.pk: ("", "Нина Туманова")})

    assert "Фото: Нина Туманова / «Кавказский вестник»" in _figures(client, russian)[0]
    assert "Photo by Nina Tumanova for the “Caucasian Courier”" in _figures(client, english)[0]
