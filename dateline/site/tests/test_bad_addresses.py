"""An address no reader could send (a control character, an over-long path or value) gets the
edition's 400 page, in its language and design, on its prefix and on its own host; a
well-formed address of nothing gets its 404 page. Neither is ever a server error, on SQLite or
PostgreSQL (which refuses NUL in any text)."""

from urllib.parse import quote

import pytest

from dateline.editions.services import edition_front_page_ensure
from dateline.stories.factories import StoryFactory
from dateline.taxonomy.factories import region_add

RU_HOST = "ru.dateline-bad-addresses.test"
RU_400 = "С этим адресом что-то не так"
RU_404 = "Страница не найдена"
CONTROL = ["\x00", "\x01", "\t", "\n", "\x1b", "\x7f", "\x85"]


def _russian(response, status: int, heading: str, front: str = "http://testserver/ru/") -> None:
    where = response.request["PATH_INFO"][:80], response.request["QUERY_STRING"][:80]
    assert response.status_code == status, where
    assert response["Content-Language"] == "ru", where
    page = response.content.decode()
    assert '<html lang="ru">' in page, where
    assert f"<title>{heading} — Кавказский вестник</title>" in page, where
    assert heading in page, where
    assert f'<a href="{front}">На главную</a>' in page, where
    assert "МАТЕРИАЛ ИНОАГЕНТА" in page, where  # the edition's design, its label banner too


@pytest.fixture
def ru_site(ru, ru_front):
    region_add(parent=ru_front, title="Азербайджан", slug="azerbaijan")
    return StoryFactory(locale=ru.locale, headline="Новость дня")


@pytest.mark.django_db
def test_control_characters_in_any_part_of_the_path_are_a_400(client, ru_site):
    story = ru_site
    for character in CONTROL:
        c = quote(character)
        for path in (
            f"/ru/{c}/",
            f"/ru/azerbaijan/{c}/",
            f"/ru/news/{story.pk}/{c}/",
            f"/ru/news/{story.pk}/{story.slug}{c}/",
            f"/ru/news/{c}/",
            f"/ru/archive/{c}/",
            f"/ru/archive/2021/{c}/",
            f"/ru/{c}",
        ):
            _russian(client.get(path), 400, RU_400)


@pytest.mark.django_db
def test_control_characters_in_any_query_parameter_are_a_400(client, ru_site):
    for character in CONTROL:
        for path in ("/ru/", "/ru/azerbaijan/", "/ru/news/", "/ru/archive/"):
            _russian(client.get(path, {"utm_source": character}), 400, RU_400)
            _russian(client.get(path, {character: "1"}), 400, RU_400)


@pytest.mark.django_db
def test_an_over_long_path_or_value_is_a_400(client, ru_site):
    _russian(client.get("/ru/" + "a" * 3000 + "/"), 400, RU_400)
    _russian(client.get(f"/ru/news/{ru_site.pk}/" + "я" * 3000 + "/"), 400, RU_400)
    _russian(client.get("/ru/", {"utm_campaign": "x" * 5000}), 400, RU_400)


@pytest.mark.django_db
def test_well_formed_addresses_of_nothing_are_404s(client, ru_site):
    for path in (
        "/ru/no-such-section/",
        "/ru/azerbaijan/no-such-page/",
        "/ru/" + "a" * 1000 + "/",
        "/ru/²/",
        f"/ru/news/{'9' * 20}/",
        f"/ru/news/{'9' * 20}/{ru_site.slug}/",
        "/ru/news/0/x/",
    ):
        _russian(client.get(path), 404, RU_404)


@pytest.mark.django_db
def test_harmless_unknown_parameters_are_ignored(client, ru_site):
    for query in ({"utm_source": "рассылка"}, {"fbclid": "IwAR" + "x" * 300}, {"²": "²"}):
        assert client.get("/ru/", query).status_code == 200
        assert client.get("/ru/azerbaijan/", query).status_code == 200
        assert client.get(ru_site.url, query).status_code == 200


@pytest.mark.django_db
def test_an_edition_on_its_own_host_answers_bad_addresses_in_its_language(client, ru, settings):
    settings.ALLOWED_HOSTS = ["testserver", RU_HOST]
    ru.hostname = RU_HOST
    ru.save()
    edition_front_page_ensure(edition=ru)
    front = f"http://{RU_HOST}/"
    for path, query in (("/%00/", {}), ("/news/", {"region": "\x00"}), ("/", {"x": "y" * 5000})):
        _russian(client.get(path, query, headers={"host": RU_HOST}), 400, RU_400, front)
    _russian(client.get("/nowhere/", headers={"host": RU_HOST}), 404, RU_404, front)


@pytest.mark.django_db
def test_the_400_page_speaks_english_in_the_english_edition(client, en):
    response = client.get("/en/%00/")
    assert response.status_code == 400
    assert response["Content-Language"] == "en"
    page = response.content.decode()
    assert "This address is not right" in page
    assert "Caucasian Courier" in page
