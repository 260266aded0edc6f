"""Every document the subscriber API serves is valid IPTC ninjs 3.1 (the official JSON Schema,
data/ninjs/), in the list and one by one, and says what the story says: its photo with
renditions, its translation links both ways, its corrections, its embargo, its withdrawal."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from dateline.photos.factories import PhotoFactory
from dateline.stories.factories import AuthorFactory, StoryFactory
from dateline.stories.models import Story
from dateline.stories.services import story_withdraw

from .api_reading import api_get, documents, key_made, ninjs_errors, story_id

NOTES = [
    {
        "type": "update",
        "value": {"noted_at": "2021-04-08T09:00:00Z", "text": "Added the reply of the ministry."},
    },
    {
        "type": "correction",
        "value": {
            "noted_at": "2021-04-08T10:00:00Z",
            "text": "The protest took place on Tuesday.",
            "reason": "a source corrected the date",
        },
    },
]


@pytest.fixture
def world(en, ru, en_front, reference_pair, azerbaijan, courts):
    """The reference pair (a Russian original, its abridged English translation with a photo),
    a corrected English story with tags, an author and a source, an embargoed story and a
    withdrawn one."""
    original, translation = reference_pair
    photo = PhotoFactory(
        title="Protest in Baku",
        credit="Aziz Karimov",
        copyright_holder="Caucasian Courier",
        usage_terms="Editorial use only.",
    )
    reporter = AuthorFactory(name="Nina Tumanova", locale=en.locale)
    corrected = StoryFactory(
        locale=en.locale,
        headline="Protest in Baku ends peacefully",
        lead="Police let the march pass.",
        lead_photo=photo,
        lead_photo_caption="Marchers on Neftchilar Avenue",
        regions=[azerbaijan],
        topics=[courts],
        authors=[reporter],
        sources=[{"name": "Interior ministry", "url": "https://example.org/statement"}],
        notes=NOTES,
        body=[
            {"type": "paragraph", "value": "<p>About two hundred people marched.</p>"},
            {"type": "quote", "value": {"text": "We were heard.", "attribution": "A marcher"}},
            {"type": "see_also", "value": {"story": translation.pk}},
        ],
        published_at=datetime(2021, 4, 8, 8, 0, tzinfo=UTC),
    )
    embargoed = StoryFactory(locale=en.locale, headline="Budget under embargo", publish=False)
    embargoed.embargo_until = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)
    embargoed.save_revision().publish()
    withdrawn = StoryFactory(
        locale=en.locale,
        headline="A story taken down",
        published_at=datetime(2021, 4, 9, 8, 0, tzinfo=UTC),
    )
    story_withdraw(story=withdrawn, reason="Legal request")
    return {
        "original": original,
        "translation": translation,
        "corrected": corrected,
        "embargoed": Story.objects.get(pk=embargoed.pk),
        "withdrawn": Story.objects.get(pk=withdrawn.pk),
        "azerbaijan": azerbaijan,
    }


def _by_id(items: list[dict]) -> dict[int, dict]:
    return {story_id(item): item for item in items}


@pytest.mark.django_db
def test_every_document_in_every_list_and_alone_is_valid_ninjs(client, en, ru, world):
    key = key_made(en, ru, embargo=True)
    listed = documents(client, key, limit=2)  # every page validated as it is read
    changed = documents(client, key, updated_since="2000-01-01T00:00:00Z", limit=2)
    for region_list in (documents(client, key, region="azerbaijan"),):
        assert region_list

    ids = {story_id(item) for item in listed + changed}
    assert world["withdrawn"].pk in ids and world["embargoed"].pk in ids
    for each in ids:
        response = api_get(client, f"/api/stories/{each}", key)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert ninjs_errors(response.json()) == [], response.json()


@pytest.mark.django_db
def test_the_schema_refuses_what_ninjs_does_not_allow(client, en, world):
    document = api_get(client, f"/api/stories/{world['corrected'].pk}", key_made(en)).json()
    assert ninjs_errors(document) == []
    assert ninjs_errors(document | {"corrections": []})  # the root has no properties of ours
    assert ninjs_errors(document | {"versionCreated": "yesterday"})
    assert ninjs_errors(document | {"associations": [{"rel": "leadPhoto"}]})  # no name, no uri


@pytest.mark.django_db
def test_a_story_says_its_text_tags_people_sources_and_notes(client, en, world):
    story = world["corrected"]
    document = api_get(client, f"/api/stories/{story.pk}", key_made(en)).json()

    assert document["uri"] == f"http://testserver/en/news/{story.pk}/"
    assert document["version"] == str(story.live_revision_id)
    assert document["pubStatus"] == "usable"
    assert "embargoedUntil" not in document
    assert document["language"] == "en"
    assert document["firstCreated"] == "2021-04-08T08:00:00Z"
    assert document["headlines"] == [{"role": "main", "value": "Protest in Baku ends peacefully"}]
    assert document["descriptions"] == [
        {"role": "label", "contentType": "text/plain", "value": "FOREIGN AGENT LABEL"},
        {"role": "summary", "contentType": "text/plain", "value": "Police let the march pass."},
    ]
    main, update, correction = document["bodies"]
    assert main["role"] == "main" and main["contentType"] == "text/html"
    assert "<p>About two hundred people marched.</p>" in main["value"]
    assert "We were heard." in main["value"]
    assert update["role"] == "update" and "Added the reply of the ministry." in update["value"]
    assert correction["role"] == "correction"
    assert "The protest took place on Tuesday." in correction["value"]
    assert "a source corrected the date" in correction["value"]
    assert document["by"] == "Nina Tumanova"
    assert document["people"][0]["name"] == "Nina Tumanova"
    assert document["people"][0]["uri"].startswith("http://testserver/en/authors/")
    assert {(s["rel"], s["literal"], s["uri"]) for s in document["subjects"]} == {
        ("region", "azerbaijan", "http://testserver/en/azerbaijan/"),
        ("topic", "courts", "http://testserver/en/courts/"),
    }
    assert document["infoSources"] == [
        {"name": "Interior ministry", "role": "source", "uri": "https://example.org/statement"}
    ]
    (web,) = document["renditions"]
    assert web["href"] == story.url and web["contentType"] == "text/html"


@pytest.mark.django_db
def test_the_lead_photo_is_an_association_with_its_renditions(client, en, world):
    document = api_get(client, f"/api/stories/{world['corrected'].pk}", key_made(en)).json()
    (photo,) = [a for a in document["associations"] if a["rel"] == "leadPhoto"]

    assert photo["type"] == "picture"
    assert photo["name"] == "Protest in Baku"
    assert photo["descriptions"] == [{"role": "caption", "value": "Marchers on Neftchilar Avenue"}]
    assert photo["by"] == "Photo: Aziz Karimov / Caucasian Courier"  # the credit line
    assert photo["copyrightHolder"] == "Caucasian Courier"
    assert photo["usageTerms"] == "Editorial use only."
    assert {r["name"] for r in photo["renditions"]} >= {"lead", "thumb"}
    for rendition in photo["renditions"]:
        assert rendition["href"].startswith("http://testserver/media/")
        assert rendition["contentType"] == "image/jpeg"
        assert rendition["width"] > 0 and rendition["height"] > 0
        # The rendition is there, for anyone, at that address.
        assert client.get(rendition["href"].removeprefix("http://testserver")).status_code == 200


@pytest.mark.django_db
def test_an_original_and_its_translation_point_at_each_other(client, en, ru, world):
    original, translation = world["original"], world["translation"]
    key = key_made(en, ru)
    of_original = api_get(client, f"/api/stories/{original.pk}", key).json()
    of_translation = api_get(client, f"/api/stories/{translation.pk}", key).json()

    links = {(a["rel"], a["uri"]) for a in of_original["associations"]}
    assert ("hasTranslation", of_translation["uri"]) in links
    links = {(a["rel"], a["uri"]) for a in of_translation["associations"]}
    assert ("translationOf", of_original["uri"]) in links
    assert ("hasTranslation", of_original["uri"]) not in links
    (to_original,) = [a for a in of_translation["associations"] if a["rel"] == "translationOf"]
    assert to_original["language"] == "ru"
    assert to_original["name"] == original.headline


@pytest.mark.django_db
def test_a_see_also_block_is_an_association(client, en, world):
    document = api_get(client, f"/api/stories/{world['corrected'].pk}", key_made(en)).json()
    (see_also,) = [a for a in document["associations"] if a["rel"] == "seeAlso"]
    assert see_also["uri"] == f"http://testserver/en/news/{world['translation'].pk}/"


@pytest.mark.django_db
def test_an_embargoed_story_reaches_an_embargo_key_marked_with_its_end(client, en, world):
    story = world["embargoed"]
    document = api_get(client, f"/api/stories/{story.pk}", key_made(en, embargo=True)).json()

    assert document["embargoedUntil"] == story.embargo_until.isoformat().replace("+00:00", "Z")
    assert document["pubStatus"] == "usable"
    # Out to subscribers now, not at the embargo's end.
    created = datetime.fromisoformat(document["versionCreated"])
    assert created <= timezone.now() < story.embargo_until


@pytest.mark.django_db
def test_a_withdrawn_story_says_it_is_canceled_and_nothing_else(client, en, world):
    story = world["withdrawn"]
    document = api_get(client, f"/api/stories/{story.pk}", key_made(en)).json()

    assert document["pubStatus"] == "canceled"
    assert document["uri"] == f"http://testserver/en/news/{story.pk}/"
    assert document["versionCreated"] == story.withdrawn_at.isoformat().replace("+00:00", "Z")
    assert document["version"]
    assert not {"headlines", "bodies", "descriptions", "associations", "subjects"} & set(document)
    assert "taken down" not in str(document) and "Legal request" not in str(document)
