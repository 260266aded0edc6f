from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from dateline.archive.selectors import counts_between, day_start, neighbour_days
from dateline.stories.factories import StoryFactory


def _story(edition, headline, moment):
    return StoryFactory(locale=edition.locale, headline=headline, published_at=moment)


@pytest.mark.django_db
def test_a_late_evening_utc_story_is_on_the_next_moscow_day(client, ru, en):
    _story(ru, "Ночная новость", datetime(2024, 4, 23, 23, 30, tzinfo=UTC))
    _story(en, "Late news", datetime(2024, 1, 23, 23, 30, tzinfo=UTC))

    assert "Ночная новость" in client.get("/ru/archive/2024/04/24/").content.decode()
    assert "Ночная новость" not in client.get("/ru/archive/2024/04/23/").content.decode()
    # London in winter is on UTC: the same day.
    assert "Late news" in client.get("/en/archive/2024/01/23/").content.decode()


@pytest.mark.django_db
def test_days_follow_summer_time_changes(en):
    # London went to BST at 01:00 UTC on 31 March 2024: that day lasted 23 hours.
    assert day_start(date(2024, 3, 31), en) == datetime(2024, 3, 31, 0, 0, tzinfo=UTC)
    assert day_start(date(2024, 4, 1), en) == datetime(2024, 3, 31, 23, 0, tzinfo=UTC)
    _story(en, "Just before midnight BST", datetime(2024, 3, 31, 22, 59, tzinfo=UTC))
    _story(en, "Just after midnight BST", datetime(2024, 3, 31, 23, 1, tzinfo=UTC))
    assert counts_between(en, [date(2024, 3, 31), date(2024, 4, 1), date(2024, 4, 2)]) == [1, 1]


@pytest.mark.django_db
def test_month_calendar_counts_stories_per_local_day(client, ru):
    for hour in (1, 5, 22):  # 22:00 UTC is 01:00 on the 11th in Moscow
        _story(ru, f"Новость {hour}", datetime(2024, 4, 10, hour, 0, tzinfo=UTC))
    page = client.get("/ru/archive/2024/04/")
    assert page.status_code == 200
    weeks = page.context["weeks"]
    counts = {d: n for week in weeks for d, n in week if n}
    assert counts == {date(2024, 4, 10): 2, date(2024, 4, 11): 1}
    assert 'href="http://testserver/ru/archive/2024/04/10/"' in page.content.decode()
    assert "Апрель 2024" in page.content.decode()


@pytest.mark.django_db
def test_day_pages_link_to_the_nearest_days_with_stories(client, en):
    _story(en, "Early", datetime(2024, 4, 1, 12, tzinfo=UTC))
    _story(en, "Middle", datetime(2024, 4, 10, 12, tzinfo=UTC))
    _story(en, "Late", datetime(2024, 4, 20, 12, tzinfo=UTC))
    assert neighbour_days(en, date(2024, 4, 10)) == (date(2024, 4, 1), date(2024, 4, 20))

    page = client.get("/en/archive/2024/04/10/").content.decode()
    assert 'href="http://testserver/en/archive/2024/04/01/">← April 1, 2024' in page
    assert 'href="http://testserver/en/archive/2024/04/20/">April 20, 2024 →' in page
    empty = client.get("/en/archive/2024/04/15/")
    assert (
        empty.status_code == 200 and "No stories were published that day." in empty.content.decode()
    )


@pytest.mark.django_db
def test_day_page_orders_newest_or_oldest_first(client, en):
    _story(en, "Morning", datetime(2024, 4, 10, 8, tzinfo=UTC))
    _story(en, "Evening", datetime(2024, 4, 10, 18, tzinfo=UTC))
    newest = client.get("/en/archive/2024/04/10/").content.decode()
    oldest = client.get("/en/archive/2024/04/10/?order=oldest").content.decode()
    assert newest.index("Evening") < newest.index("Morning")
    assert oldest.index("Morning") < oldest.index("Evening")


@pytest.mark.django_db
def test_impossible_future_and_prehistoric_days_are_clear_404s(client, en):
    _story(en, "First story", datetime(2020, 5, 5, 12, tzinfo=UTC))
    tomorrow = timezone.now() + timedelta(days=2)
    for url in (
        f"/en/archive/{tomorrow:%Y/%m/%d}/",
        "/en/archive/2020/05/04/",
        "/en/archive/2021/02/30/",
        "/en/archive/2021/13/",
        "/en/archive/1999/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.content.decode()
    assert client.get("/en/archive/2020/05/05/").status_code == 200


@pytest.mark.django_db
def test_date_picker_goes_to_the_day_or_says_what_is_wrong(client, en):
    _story(en, "First story", datetime(2020, 5, 5, 12, tzinfo=UTC))
    assert (
        client.get("/en/archive/?date=2020-05-05").headers["Location"]
        == "http://testserver/en/archive/2020/05/05/"
    )
    wrong = client.get("/en/archive/?date=2019-01-01")
    assert wrong.status_code == 400
    assert "Choose a day between 2020-05-05 and" in wrong.content.decode()


@pytest.mark.django_db
def test_archive_pages_are_cacheable_and_drafts_stay_out(client, en):
    _story(en, "Public", datetime(2024, 4, 10, 8, tzinfo=UTC))
    StoryFactory(locale=en.locale, headline="Draft", publish=False)
    page = client.get("/en/archive/2024/04/10/")
    assert (
        "public" in page.headers["Cache-Control"] and "max-age=600" in page.headers["Cache-Control"]
    )
    assert "Draft" not in page.content.decode()
