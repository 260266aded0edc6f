"""A gallery in a story: every photo on the page with its caption and credit in the edition's
language, at a fixed cost in queries however many photos it holds."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text, streamfield

from dateline.photos.factories import PhotoFactory, PhotographerFactory, photographer_translate
from dateline.photos.services import photo_wordings_set
from dateline.stories.document import story_document
from dateline.stories.factories import StoryFactory, story_admin_form
from dateline.stories.models import Story
from dateline.stories.page_data import page_data_forget


def _gallery(photos, *, title: str = "", captions: dict[int, str] | None = None) -> dict:
    captions = captions or {}
    return {
        "type": "gallery",
        "value": {
            "title": title,
            "photos": [{"image": p.pk, "caption": captions.get(p.pk, "")} for p in photos],
        },
    }


def _story(locale, *blocks: dict, **fields):
    body = [{"type": "paragraph", "value": "<p>Residents gathered at the bridge.</p>"}]
    return StoryFactory(locale=locale, body=[*body, *blocks], **fields)


def _gallery_html(page: str) -> str:
    found = re.search(r'<figure class="gallery">.*?</ul>\s*</figure>', page, re.S)
    assert found, "no gallery on the page"
    return found[0]


def _items(gallery: str) -> list[str]:
    return re.findall(r'<figure class="gallery-photo">(.*?)</figure>', gallery, re.S)


@pytest.mark.django_db
def test_gallery_shows_every_photo_with_its_caption_and_credit(client, en):
    photographer = PhotographerFactory(name="Nina Tumanova")
    photos = [
        PhotoFactory(default_caption="Water queue in Sabunchu."),
        PhotoFactory(default_caption="The bridge at night.", photographer=photographer, credit=""),
        PhotoFactory(default_caption="Market day.", credit="Ali Hasanov", copyright_holder="AFP"),
    ]
    story = _story(
        en.locale,
        _gallery(photos, title="A day in Baku", captions={photos[2].pk: "Traders at dawn."}),
    )

    gallery = _gallery_html(client.get(story.url).content.decode())

    assert '<figcaption class="gallery-title">A day in Baku</figcaption>' in gallery
    items = _items(gallery)
    assert len(items) == 3
    # In the editor's order; the story's own caption wins over the photo's.
    assert 'alt="Water queue in Sabunchu."' in items[0]
    assert "Photo by Aziz Karimov for the “Caucasian Courier”" in items[0]
    assert 'alt="The bridge at night."' in items[1]
    assert "Photo by Nina Tumanova for the “Caucasian Courier”" in items[1]
    assert 'alt="Traders at dawn."' in items[2] and "Market day." not in items[2]
    assert "Photo: Ali Hasanov / AFP" in items[2]
    for item in items:
        assert re.search(r'<img src="http://testserver/media/images/[^"]+" srcset="', item)
        assert '<span class="credit">' in item


@pytest.mark.django_db
def test_gallery_speaks_each_edition_language(client, en, ru):
    photos = [PhotoFactory(default_caption="The bridge at night."), PhotoFactory()]
    photo_wordings_set(photo=photos[0], wordings={ru.locale.pk: ("Мост ночью.", "Азиз Каримов")})
    english = _story(en.locale, _gallery(photos))
    russian = _story(ru.locale, _gallery(photos, title="Баку"))

    english_items = _items(_gallery_html(client.get(english.url).content.decode()))
    russian_items = _items(_gallery_html(client.get(russian.url).content.decode()))

    assert 'alt="The bridge at night."' in english_items[0]
    assert "Photo by Aziz Karimov" in english_items[0]
    assert 'alt="Мост ночью."' in russian_items[0]
    assert "Фото: Азиз Каримов / «Кавказский вестник»" in russian_items[0]
    # The second photo has no Russian wording: its default caption and typed credit stand in.
    assert f'alt="{photos[1].default_caption}"' in russian_items[1]
    assert "Фото: Aziz Karimov / «Кавказский вестник»" in russian_items[1]


@pytest.mark.django_db
def test_hostile_gallery_text_is_escaped(client, en):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    photos = [PhotoFactory(default_caption=hostile), PhotoFactory(credit=hostile)]
    story = _story(en.locale, _gallery(photos, title=hostile))

    page = client.get(story.url).content.decode()

    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert page.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 4  # title, alt,
    # caption and credit


def _story_with_galleries(locale, photos):
    """A lead photo, an inline photo and two galleries of `photos`."""
    return _story(
        locale,
        _gallery(photos),
        {"type": "photo", "value": {"image": photos[0].pk, "caption": ""}},
        _gallery(list(reversed(photos)), title="Again"),
        lead_photo=photos[-1],
    )


@pytest.mark.django_db
def test_gallery_costs_the_same_queries_for_two_photos_or_ten(
    client, en, ru, django_assert_max_num_queries
):
    small = _story_with_galleries(en.locale, [PhotoFactory(), PhotoFactory()])
    many = [PhotoFactory() for _ in range(10)]
    for photo in many[:5]:
        photo_wordings_set(photo=photo, wordings={en.locale.pk: ("Own caption", "")})
        photo_wordings_set(photo=photo, wordings={ru.locale.pk: ("Своя подпись", "")})
    large = _story_with_galleries(en.locale, many)
    client.get(small.url)  # renditions are made on the first view
    client.get(large.url)
    page_data_forget()  # built afresh, not read from what was kept
    with CaptureQueriesContext(connection) as small_page:
        assert client.get(small.url).status_code == 200
    page_data_forget()

    with django_assert_max_num_queries(len(small_page.captured_queries)):
        page = client.get(large.url).content.decode()

    assert page.count('<figure class="gallery-photo">') == 20
    assert page.count('alt="Own caption"') == 11  # five photos twice, one inline


@pytest.mark.django_db
def test_the_story_document_lists_gallery_photos(en, ru):
    photos = [PhotoFactory(), PhotoFactory()]
    photo_wordings_set(photo=photos[1], wordings={ru.locale.pk: ("Мост", "Азиз Каримов")})
    story = _story(en.locale, _gallery(photos, title="Baku"))

    document = story_document(story, en)

    [gallery] = [block for block in document.body if block.kind == "gallery"]
    assert gallery.title == "Baku"
    assert [photo.id for photo in gallery.photos] == [p.pk for p in photos]
    assert {"thumb", "lead"} <= gallery.photos[0].renditions.keys()
    # Machines get every edition's own wording of the photo, not only this edition's.
    assert [(w.edition, w.caption, w.credit) for w in gallery.photos[1].wordings] == [
        ("ru", "Мост", "Азиз Каримов")
    ]


@pytest.mark.django_db
def test_a_new_wording_of_a_gallery_photo_reaches_the_page(client, ru):
    photos = [PhotoFactory(default_caption="The bridge at night."), PhotoFactory()]
    story = _story(ru.locale, _gallery(photos))
    assert 'alt="The bridge at night."' in client.get(story.url).content.decode()

    photo_wordings_set(photo=photos[0], wordings={ru.locale.pk: ("Мост ночью.", "")})

    page = client.get(story.url).content.decode()
    assert 'alt="Мост ночью."' in page
    assert "The bridge at night." not in page


def _gallery_form(photos, title: str = "") -> dict:
    """A gallery as the admin's StreamField editor posts it."""
    items = {
        str(i): {"value": {"image": p.pk, "caption": ""}, "deleted": "", "order": str(i), "id": ""}
        for i, p in enumerate(photos)
    }
    return {"title": title, "photos": {"count": len(photos), **items}}


@pytest.mark.django_db
def test_an_editor_publishes_a_gallery_of_two_photos_or_more_but_not_of_one(
    client, django_user_model, en
):
    editor = django_user_model.objects.create_superuser(username="editor", password="pw")
    client.force_login(editor)
    add = reverse("wagtailsnippets_stories_story:add") + f"?locale={en.language}"
    one = PhotoFactory(default_caption="The bridge at night.")
    two = PhotoFactory(default_caption="The market at dawn.")

    def body(*photos):
        return streamfield(
            [
                ("paragraph", rich_text("<p>The bridge reopened.</p>")),
                ("gallery", _gallery_form(photos, title="Baku in two days")),
            ]
        )

    refused = client.post(add, story_admin_form(body=body(one)) | {"action-publish": "1"})
    assert refused.status_code == 200
    assert "The minimum number of items is 2" in refused.content.decode()
    assert not Story.objects.exists()

    response = client.post(add, story_admin_form(body=body(one, two)) | {"action-publish": "1"})

    assert response.status_code == 302
    items = _items(_gallery_html(client.get(Story.objects.get().url).content.decode()))
    assert 'alt="The bridge at night."' in items[0]
    assert 'alt="The market at dawn."' in items[1]


@pytest.mark.django_db
def test_the_russian_credit_names_the_photographer_in_russian(client, en, ru):
    photographer = PhotographerFactory(name="Nina Tumanova")
    photographer_translate(photographer, locale=ru.locale, name="Нина Туманова")
    photos = [PhotoFactory(photographer=photographer, credit=""), PhotoFactory()]
    # A typed Russian credit does not replace the photographer's own Russian name.
    photo_wordings_set(photo=photos[0], wordings={ru.locale.pk: ("", "Н. Туманова")})
    story = _story(ru.locale, _gallery(photos))

    items = _items(_gallery_html(client.get(story.url).content.decode()))

    assert "Фото: Нина Туманова / «Кавказский вестник»" in items[0]
