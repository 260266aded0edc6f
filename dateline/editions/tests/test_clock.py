from datetime import UTC, date, datetime

import pytest

from dateline.editions.clock import format_day, format_moment, local_day


@pytest.mark.django_db
def test_dateline_in_each_editions_zone_and_language(en, ru):
    moment = datetime(2021, 4, 7, 17, 28, tzinfo=UTC)
    assert format_moment(moment, en, en.dateline_format) == "07 April 2021, 18:28"  # BST
    assert format_moment(moment, ru, ru.dateline_format) == "7 апреля 2021, 20:28"  # MSK


@pytest.mark.django_db
def test_note_time_in_the_originals_zone_with_its_abbreviation(en, ru):
    moment = datetime(2021, 4, 7, 7, 18, tzinfo=UTC)
    assert (
        format_moment(moment, en, en.note_time_format, zone_of=ru)
        == "April 7, 2021 at 10:18 am MSK"
    )
    evening = datetime(2021, 12, 1, 19, 5, tzinfo=UTC)
    assert format_moment(evening, en, en.note_time_format) == "December 1, 2021 at 7:05 pm GMT"


@pytest.mark.django_db
def test_late_evening_utc_is_the_next_day_in_moscow(en, ru):
    moment = datetime(2024, 4, 23, 23, 30, tzinfo=UTC)
    assert local_day(moment, ru) == date(2024, 4, 24)
    assert local_day(moment, en) == date(2024, 4, 24)  # 00:30 BST
    winter = datetime(2024, 1, 23, 23, 30, tzinfo=UTC)
    assert local_day(winter, en) == date(2024, 1, 23)  # GMT: still the same day


@pytest.mark.django_db
def test_day_headings(en, ru):
    assert format_day(date(2024, 4, 24), en) == "April 24, 2024"
    assert format_day(date(2024, 4, 24), ru) == "24 апреля 2024"
