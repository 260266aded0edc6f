"""Only what readers may see reaches a feed: no draft, no scheduled or embargoed story, no
withdrawn or expired one, in any format of the edition, its sections or the aggregators'
feed; and a story withdrawn after a feed was read leaves every feed at once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.stories.factories import StoryFactory
from dateline.stories.models import Story
from dateline.stories.services import story_withdraw

from .feed_reading import every_feed, headlines, xml_items

FEEDS = [*every_feed("/en/feeds/"), *every_feed("/en/feeds/azerbaijan/")]


def _everywhere(client) -> list[list[str]]:
    found = [headlines(client, url) for url in FEEDS]
    found.append([item.findtext("title") for item in xml_items(client, "/en/feeds/yandex.xml")])
    return found


@pytest.mark.django_db
def test_no_feed_carries_a_story_readers_may_not_see(client, en, azerbaijan):
    now = timezone.now()
    StoryFactory(locale=en.locale, headline="Public story", regions=[azerbaijan])
    StoryFactory(locale=en.locale, headline="Draft story", regions=[azerbaijan], publish=False)
    scheduled = StoryFactory(
        locale=en.locale, headline="Scheduled story", regions=[azerbaijan], publish=False
    )
    scheduled.go_live_at = now + timedelta(hours=3)
    scheduled.save_revision().publish()
    embargoed = StoryFactory(
        locale=en.locale, headline="Embargoed story", regions=[azerbaijan], publish=False
    )
    embargoed.embargo_until = now + timedelta(hours=3)
    embargoed.save_revision().publish()
    StoryFactory(
        locale=en.locale,
        headline="Future story",
        regions=[azerbaijan],
        published_at=now + timedelta(days=1),
    )
    withdrawn = StoryFactory(locale=en.locale, headline="Withdrawn story", regions=[azerbaijan])
    story_withdraw(story=withdrawn, reason="A court order")
    expired = StoryFactory(locale=en.locale, headline="Expired story", regions=[azerbaijan])
    Story.objects.filter(pk=expired.pk).update(expire_at=now - timedelta(minutes=1))

    assert _everywhere(client) == [["Public story"]] * (len(FEEDS) + 1)


@pytest.mark.django_db
def test_a_withdrawn_story_leaves_every_feed_at_once(client, en, azerbaijan):
    StoryFactory(locale=en.locale, headline="Court hearing postponed", regions=[azerbaijan])
    story = StoryFactory(locale=en.locale, headline="Disputed report", regions=[azerbaijan])
    assert all("Disputed report" in found for found in _everywhere(client))

    story_withdraw(story=story, reason="A court order")

    assert _everywhere(client) == [["Court hearing postponed"]] * (len(FEEDS) + 1)


@pytest.mark.django_db
def test_a_correction_reaches_every_feed(client, en):
    story = StoryFactory(locale=en.locale, headline="Bridge reopened")
    headlines(client, "/en/feeds/rss.xml")  # kept from here on

    story.notes = [
        {
            "type": "correction",
            "value": {"noted_at": timezone.now(), "text": "The bridge is in Ganja, not Baku."},
        }
    ]
    story.save_revision().publish()

    for url in every_feed("/en/feeds/", with_aggregator=True):
        assert "The bridge is in Ganja, not Baku." in client.get(url).content.decode(), url
