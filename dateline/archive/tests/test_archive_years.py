from datetime import UTC, datetime

import pytest

from dateline.stories.factories import StoryFactory


@pytest.mark.django_db
def test_the_archive_lists_only_years_and_months_with_news(
    client, en, django_assert_max_num_queries
):
    StoryFactory(locale=en.locale, published_at=datetime(2019, 3, 5, 12, tzinfo=UTC))
    StoryFactory(locale=en.locale, published_at=datetime(2022, 6, 5, 12, tzinfo=UTC))
    StoryFactory(locale=en.locale, published_at=datetime(2022, 8, 5, 12, tzinfo=UTC))
    StoryFactory(locale=en.locale, headline="Draft", publish=False)
    client.get("/en/archive/")

    with django_assert_max_num_queries(3):
        index = client.get("/en/archive/").content.decode()
    assert 'href="http://testserver/en/archive/2022/"' in index
    assert 'href="http://testserver/en/archive/2019/"' in index
    for empty in ("2020", "2021", "2023"):
        assert f"archive/{empty}/" not in index
        assert client.get(f"/en/archive/{empty}/").status_code == 404

    year = client.get("/en/archive/2022/").content.decode()
    assert 'rel="prev" href="http://testserver/en/archive/2019/"' in year
    assert 'href="http://testserver/en/archive/2022/07/"' not in year
    assert client.get("/en/archive/2022/07/").status_code == 404
    june = client.get("/en/archive/2022/06/").content.decode()
    assert 'rel="next" href="http://testserver/en/archive/2022/08/"' in june
    assert 'rel="prev" href="http://testserver/en/archive/2019/03/"' in june
