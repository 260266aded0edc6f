import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from dateline.editions.services import edition_create
from dateline.stories.factories import StoryFactory


@pytest.mark.django_db
def test_site_root_sends_readers_to_the_edition_of_their_language(client, en, ru):
    def location(accept_language):
        return client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language).headers["Location"]

    assert location("ru-RU,ru;q=0.9") == "http://testserver/ru/"
    assert location("en-GB") == "http://testserver/en/"
    assert location("fr") == "http://testserver/en/"


@pytest.mark.django_db
def test_each_edition_has_its_front_page_in_its_language(client, en, ru):
    front = client.get("/ru/")
    assert front.status_code == 200
    assert front.headers["Content-Language"] == "ru"
    assert "Кавказский вестник" in front.content.decode()
    assert "МАТЕРИАЛ ИНОАГЕНТА" in front.content.decode()


@pytest.mark.django_db
def test_unknown_edition_gets_a_404_page(client, en):
    response = client.get("/xx/news/1/anything/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_404_inside_an_edition_speaks_its_language(client, ru):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Страница не найдена" in page
    assert '<a href="http://testserver/ru/">На главную</a>' in page


@pytest.mark.django_db
def test_a_new_edition_is_configuration_not_code(client, en):
    uk = edition_create(
        language="uk",
        slug="ua",
        name="Українська",
        agency_name="Кавказький кур'єр",
        time_zone="Europe/Kyiv",
    )
    story = StoryFactory(locale=uk.locale, headline="Новина")
    assert client.get("/ua/").status_code == 200
    assert client.get(story.url).status_code == 200
    assert story.url.startswith("http://testserver/ua/news/")


@pytest.mark.django_db
def test_edition_on_its_own_host(client, en, ru, settings):
    settings.ALLOWED_HOSTS = ["*"]
    ru.hostname = "ru.agency.test"
    ru.save()
    from dateline.editions.services import edition_front_page_ensure

    edition_front_page_ensure(edition=ru)
    story = StoryFactory(locale=ru.locale, headline="Новость на своём домене")
    assert story.url == f"http://ru.agency.test/news/{story.pk}/{story.slug}/"

    page = client.get(f"/news/{story.pk}/{story.slug}/", HTTP_HOST="ru.agency.test")
    assert page.status_code == 200
    assert "Новость на своём домене" in page.content.decode()
    assert client.get("/", HTTP_HOST="ru.agency.test").status_code == 200
    assert Site.objects.filter(hostname="ru.agency.test").exists()


@pytest.mark.django_db
def test_edition_settings_are_validated(en):
    en.time_zone = "Mars/Olympus"
    en.slug = "admin"
    with pytest.raises(ValidationError) as error:
        en.full_clean()
    assert set(error.value.message_dict) == {"time_zone", "slug"}
