"""Each story in the sitemap names its versions in the other editions, itself among them, and
each version names it back, on whichever host each edition lives."""

from datetime import UTC, datetime

import pytest

from dateline.editions import links
from dateline.stories.factories import StoryFactory
from dateline.stories.services import story_create

from .sitemap_reading import alternates, loc, story_entries

RU_HOST = "ru.dateline-sitemaps.test"
PUBLISHED = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_versions_in_other_editions_link_each_other_both_ways(client, en, ru, settings):
    settings.ALLOWED_HOSTS = ["testserver", RU_HOST]
    ru.hostname = RU_HOST
    ru.save()
    russian_original = StoryFactory(locale=ru.locale, published_at=PUBLISHED)
    english_version = StoryFactory(
        locale=en.locale,
        translation_of=russian_original,
        translation_kind="abridged",
        published_at=PUBLISHED,
    )
    english_original = StoryFactory(locale=en.locale, published_at=PUBLISHED)
    russian_version = StoryFactory(
        locale=ru.locale,
        translation_of=english_original,
        translation_kind="full",
        published_at=PUBLISHED,
    )
    alone = StoryFactory(locale=en.locale, published_at=PUBLISHED)
    # A translation still in the desk's hands is no version yet.
    story_create(
        locale=ru.locale, headline="Черновик", translation_of=alone, translation_kind="full"
    )

    english = {loc(e): e for e in story_entries(client, links.sitemap_index_url(en))}
    russian = {loc(e): e for e in story_entries(client, links.sitemap_index_url(ru))}

    assert all(url.startswith(f"http://{RU_HOST}/news/") for url in russian)
    for en_story, ru_story in [
        (english_version, russian_original),
        (english_original, russian_version),
    ]:
        pair = {"en": en_story.url, "ru": ru_story.url}
        assert alternates(english[en_story.url]) == pair
        assert alternates(russian[ru_story.url]) == pair
    assert alternates(english[alone.url]) == {}
