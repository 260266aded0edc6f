from datetime import UTC, datetime, timedelta

import pytest

from dateline.live.selectors import feed_page
from dateline.stories.factories import StoryFactory
from dateline.stories.page_data import page_data_forget
from dateline.stories.paging import BadCursor, Cursor
from dateline.taxonomy.factories import region_add, topic_add

T0 = datetime(2024, 4, 24, 12, 0, tzinfo=UTC)


def _stories(edition, count, start=T0, **kwargs):
    return [
        StoryFactory(
            locale=edition.locale,
            headline=f"Story {i}",
            published_at=start - timedelta(minutes=i),
            **kwargs,
        )
        for i in range(count)
    ]


def _walk(edition, size, **filters):
    """Every page from the newest, older and older, as a reader would click."""
    seen, cursor = [], None
    while True:
        page = feed_page(edition=edition, before=cursor, size=size, **filters)
        seen += [s.pk for s in page.stories]
        if page.older is None:
            return seen
        cursor = page.older


@pytest.mark.django_db
def test_cursor_pages_cover_every_story_once_newest_first(en):
    stories = _stories(en, 23)
    assert _walk(en, size=5) == [s.pk for s in stories]


@pytest.mark.django_db
def test_stories_published_while_reading_neither_skip_nor_repeat(en):
    stories = _stories(en, 12)
    first = feed_page(edition=en, size=5)
    for i in range(7):  # the newsroom publishes while the reader reads page one
        StoryFactory(
            locale=en.locale, headline=f"New {i}", published_at=T0 + timedelta(minutes=i + 1)
        )
    second = feed_page(edition=en, before=first.older, size=5)
    third = feed_page(edition=en, before=second.older, size=5)

    read = [s.pk for s in first.stories + second.stories + third.stories]
    assert read == [s.pk for s in stories]
    back = feed_page(edition=en, after=second.newer, size=5)
    assert [s.pk for s in back.stories] == [s.pk for s in first.stories]


@pytest.mark.django_db
def test_stories_of_the_same_microsecond_are_told_apart_by_id(en):
    same = [StoryFactory(locale=en.locale, published_at=T0) for _ in range(7)]
    assert _walk(en, size=3) == sorted((s.pk for s in same), reverse=True)


@pytest.mark.django_db
def test_filters_by_region_and_topic_combine(en, en_front):
    georgia = region_add(parent=en_front, title="Georgia", slug="georgia")
    armenia = region_add(parent=en_front, title="Armenia", slug="armenia")
    courts = topic_add(parent=en_front, title="Courts", slug="courts")
    both = _stories(en, 3, regions=[georgia], topics=[courts])
    _stories(en, 3, start=T0 - timedelta(hours=1), regions=[georgia])
    _stories(en, 3, start=T0 - timedelta(hours=2), regions=[armenia], topics=[courts])

    assert _walk(en, 2, region_id=georgia.pk, topic_id=courts.pk) == [s.pk for s in both]
    assert len(_walk(en, 2, region_id=georgia.pk)) == 6
    assert len(_walk(en, 2, topic_id=courts.pk)) == 6


def test_cursor_text_round_trips_and_rejects_garbage():
    cursor = Cursor(datetime(2021, 4, 7, 7, 18, 0, 123456, tzinfo=UTC), 42)
    assert Cursor.parse(str(cursor)) == cursor
    for bad in ("", "abc", "1-", "-1", "1.5-2", "9" * 30 + "-1", "12-34-56"):
        with pytest.raises(BadCursor):
            Cursor.parse(bad)


@pytest.mark.django_db
def test_all_news_page_groups_by_day_in_the_editions_zone(client, en, ru):
    # 23:30 UTC on 23 April is already 24 April in Moscow.
    StoryFactory(
        locale=ru.locale,
        headline="Поздняя новость",
        published_at=datetime(2024, 4, 23, 23, 30, tzinfo=UTC),
    )
    StoryFactory(
        locale=ru.locale,
        headline="Дневная новость",
        published_at=datetime(2024, 4, 23, 12, 0, tzinfo=UTC),
    )
    page = client.get("/ru/news/").content.decode()

    assert page.index("24 апреля 2024") < page.index("Поздняя новость")
    assert (
        page.index("Поздняя новость") < page.index("23 апреля 2024") < page.index("Дневная новость")
    )
    assert '<time datetime="2024-04-23T23:30:00+00:00">02:30</time>' in page


@pytest.mark.django_db
def test_all_news_links_page_by_page_and_survive_bad_input(client, en, azerbaijan):
    _stories(en, 35, regions=[azerbaijan])
    first = client.get("/en/news/?region=azerbaijan")
    assert first.status_code == 200
    older = first.context["older_url"]
    assert older.startswith("http://testserver/en/news/?region=azerbaijan&before=")
    second = client.get(older).content.decode()
    assert "Story 34" in second and "Story 0" not in second and "Newer" in second

    assert client.get("/en/news/?before=oops").status_code == 400
    assert client.get("/en/news/?region=atlantis").status_code == 404


@pytest.mark.django_db
def test_all_news_never_lists_drafts_or_embargoed_stories(client, en):
    StoryFactory(locale=en.locale, headline="Draft story", publish=False)
    embargoed = StoryFactory(locale=en.locale, headline="Embargoed story", publish=False)
    embargoed.go_live_at = T0 + timedelta(days=3650)
    embargoed.save_revision().publish()
    page = client.get("/en/news/").content.decode()
    assert "Draft story" not in page and "Embargoed story" not in page


@pytest.mark.django_db
def test_deep_pages_cost_the_same_queries_as_the_first(client, en, django_assert_max_num_queries):
    _stories(en, 90)
    client.get("/en/news/")
    page_data_forget()  # built afresh, as after a change
    with django_assert_max_num_queries(6) as first:
        page = client.get("/en/news/")
        first_page_queries = len(first)  # now: the next request clears Django's query log
    cursor = client.get(page.context["older_url"]).context["older_url"]  # the third page
    page_data_forget()
    with django_assert_max_num_queries(first_page_queries):
        assert "Story 89" in client.get(cursor).content.decode()
