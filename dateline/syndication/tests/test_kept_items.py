"""A feed's items and an API page's documents are kept between changes, story by story, and
each follows every change it shows at the next request: of its own story, of its photo's
credit, of a translation published later, of a story it links to."""

from datetime import UTC, datetime

import pytest

from dateline.photos.factories import PhotoFactory
from dateline.stories.factories import StoryFactory
from dateline.stories.models import Story
from dateline.stories.services import story_update, story_withdraw, translation_create

from .api_reading import documents, key_made, story_id
from .feed_reading import parsed_feed

T0 = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)


def _edited(story: Story, **fields: object) -> None:
    story_update(
        story=story,
        fields=fields,
        authors=[c.author for c in story.byline.all()],
        regions=story.regions.all(),
        topics=story.topics.all(),
    )


def _by_id(items: list[dict]) -> dict[int, dict]:
    return {story_id(item): item for item in items}


def _relations(document: dict) -> set[tuple[str, str]]:
    return {(a["rel"], a["uri"]) for a in document.get("associations", [])}


@pytest.mark.django_db
def test_a_listed_document_follows_its_story_its_translations_and_its_links(client, en, ru):
    target = StoryFactory(locale=en.locale, headline="Earlier story", published_at=T0)
    linking = StoryFactory(
        locale=en.locale,
        headline="Follow-up",
        body=[{"type": "see_also", "value": {"story": target.pk}}],
        published_at=T0.replace(hour=13),
    )
    other = StoryFactory(locale=en.locale, headline="Unrelated", published_at=T0.replace(hour=14))
    key = key_made(en, ru)
    listed = _by_id(documents(client, key))
    target_uri = listed[target.pk]["uri"]
    assert ("seeAlso", target_uri) in _relations(listed[linking.pk])

    _edited(other, headline="Unrelated, edited")
    translation = translation_create(original=other, locale=ru.locale)
    translation.headline = "Перевод"
    translation.save_revision().publish()
    story_withdraw(story=Story.objects.get(pk=target.pk), reason="Legal request")

    listed = _by_id(documents(client, key))
    assert listed[other.pk]["headlines"][0]["value"] == "Unrelated, edited"
    assert ("hasTranslation", listed[translation.pk]["uri"]) in _relations(listed[other.pk])
    # The withdrawn story left the list, and the story that linked to it says nothing of it.
    assert target.pk not in listed
    assert ("seeAlso", target_uri) not in _relations(listed[linking.pk])


def _item(feed, story: Story):
    (item,) = [e for e in feed.entries if e.id.endswith(f"/{story.pk}/")]
    return item


@pytest.mark.django_db
def test_a_feed_item_follows_its_story_and_its_photos_credit(client, en):
    photo = PhotoFactory(credit="Aziz Karimov")
    story = StoryFactory(locale=en.locale, headline="Protest in Baku", lead_photo=photo)
    StoryFactory(locale=en.locale, headline="Another story")
    item = _item(parsed_feed(client, "/en/feeds/rss.xml"), story)
    assert "Aziz Karimov" in item.media_credit[0]["content"]

    photo.credit = "Leyla Aliyeva"
    photo.save()
    _edited(Story.objects.get(pk=story.pk), lead="The march ended at noon.")

    feed = parsed_feed(client, "/en/feeds/rss.xml")
    item = _item(feed, story)
    assert "Leyla Aliyeva" in item.media_credit[0]["content"]
    assert "The march ended at noon." in item.summary
    assert {e.title for e in feed.entries} == {"Protest in Baku", "Another story"}
