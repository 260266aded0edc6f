"""The archive answers a date no calendar holds with the edition's 404 page and a malformed
parameter with its 400 page, never with a server error: years 0 and 10000, twenty-digit numbers,
control characters in the picker or the order."""

from datetime import UTC, datetime

import pytest

from dateline.site.tests.error_pages import RU_400, RU_404, assert_russian_error_page
from dateline.stories.factories import StoryFactory

HUGE = "9" * 20  # past a 64-bit integer, and past any year Python's dates hold


@pytest.fixture
def ru_archive(ru):
    moment = datetime(2021, 4, 7, 7, 18, tzinfo=UTC)
    StoryFactory(locale=ru.locale, headline="Ночная новость", published_at=moment)
    return ru


@pytest.mark.django_db
def test_years_months_and_days_out_of_the_calendar_are_404s(client, ru_archive):
    for year in ("0", "00", "1", "10000", "99999", HUGE):
        for path in (f"{year}/", f"{year}/4/", f"{year}/4/7/", f"{year}/1/1/", f"{year}/12/31/"):
            assert_russian_error_page(client.get(f"/ru/archive/{path}"), 404, RU_404)
    for month in ("0", "13", "99999", HUGE):
        assert_russian_error_page(client.get(f"/ru/archive/2021/{month}/"), 404, RU_404)
        assert_russian_error_page(client.get(f"/ru/archive/2021/{month}/7/"), 404, RU_404)
    for day in ("0", "32", "99999", HUGE):
        assert_russian_error_page(client.get(f"/ru/archive/2021/4/{day}/"), 404, RU_404)
    assert client.get("/ru/archive/2021/04/07/").status_code == 200


@pytest.mark.django_db
def test_the_date_picker_refuses_a_malformed_date_with_a_400(client, ru_archive):
    for picked in ("²", "2021-0²-07", "0000-01-01", "10000-01-01", HUGE, "x" * 1000):
        response = client.get("/ru/archive/", {"date": picked})
        assert_russian_error_page(response, 400, "Выберите день между")
    for picked in ("\x00", "2021-04-07\x00", "\x1b", "2" * 2000):
        assert_russian_error_page(client.get("/ru/archive/", {"date": picked}), 400, RU_400)
    assert client.get("/ru/archive/", {"date": "2021-04-07"}).status_code == 302


@pytest.mark.django_db
def test_the_order_of_a_day_refuses_control_characters_and_ignores_other_words(client, ru_archive):
    for order in ("\x00", "oldest\x00", "\x7f", "o" * 2000):
        assert_russian_error_page(
            client.get("/ru/archive/2021/4/7/", {"order": order}), 400, RU_400
        )
    for order in ("newest", "²", "старые", "o" * 300):
        assert client.get("/ru/archive/2021/4/7/", {"order": order}).status_code == 200
