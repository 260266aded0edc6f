"""Each reader page's head: "Title — Agency", a description, an absolute canonical address,
the page in the other editions (hreflang), Open Graph; error pages in the edition's language."""

import re

import pytest
from django.test import Client

from dateline.stories.factories import StoryFactory


def _head(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode().split("</head>")[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/en/", "Latest news — Caucasian Courier"),
        ("/en/news/", "All news — Caucasian Courier"),
        ("/en/archive/", "News archive — Caucasian Courier"),
        ("/en/archive/2021/", "2021 — Caucasian Courier"),
        ("/en/archive/2021/04/", "April 2021 — Caucasian Courier"),
        ("/en/archive/2021/04/07/", "April 7, 2021 — Caucasian Courier"),
    ],
)
def test_every_page_has_title_description_canonical_and_alternates(
    client, reference_pair, url, title
):
    head = _head(client, url)
    assert f"<title>{title}</title>" in head
    assert re.search(r'<meta name="description" content="[^"]{20,}">', head)
    assert f'<link rel="canonical" href="http://testserver{url}">' in head
    russian = url.replace("/en/", "/ru/", 1)
    assert f'<link rel="alternate" hreflang="ru" href="http://testserver{russian}">' in head
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{url}">' in head
    assert 'hreflang="x-default"' in head
    assert '<meta property="og:site_name" content="Caucasian Courier">' in head
    assert f'<meta property="og:url" content="http://testserver{url}">' in head


@pytest.mark.django_db
def test_russian_pages_describe_themselves_in_russian(client, reference_pair):
    head = _head(client, "/ru/news/")
    assert "<title>Все новости — Кавказский вестник</title>" in head
    assert "Все новости «Кавказский вестник»" in head


@pytest.mark.django_db
def test_story_head_lists_its_versions_and_the_switcher_leads_to_them(client, reference_pair):
    original, translation = reference_pair
    response = client.get(translation.url)
    head = response.content.decode().split("</head>")[0]
    assert f"<title>{translation.headline} — Caucasian Courier</title>" in head
    assert f'<link rel="alternate" hreflang="ru" href="{original.url}">' in head
    assert f'<link rel="alternate" hreflang="x-default" href="{original.url}">' in head
    assert '<meta property="og:type" content="article">' in head
    switcher = {link.edition.slug: link.url for link in response.context["edition_links"]}
    assert switcher == {"ru": original.url}


@pytest.mark.django_db
def test_story_without_translation_switches_to_the_other_front(client, en, ru):
    story = StoryFactory(locale=en.locale)
    links = client.get(story.url).context["edition_links"]
    assert [(link.edition.slug, link.url) for link in links] == [("ru", "http://testserver/ru/")]


@pytest.mark.django_db
def test_all_news_switcher_leads_to_the_same_page(client, en, ru):
    links = client.get("/en/news/").context["edition_links"]()  # lazy, from the processor
    assert [(link.edition.slug, link.url) for link in links] == [
        ("ru", "http://testserver/ru/news/")
    ]


@pytest.mark.django_db
def test_csrf_failure_is_the_editions_403_page_in_russian(ru_front):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/ru/news/", {})
    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="ru">' in page
    assert "<title>Доступ запрещён — Кавказский вестник</title>" in page
    assert "МАТЕРИАЛ ИНОАГЕНТА" in page


@pytest.mark.django_db
def test_bad_request_page_is_in_russian(client, ru_front):
    response = client.get("/ru/news/?before=not-a-cursor")
    assert response.status_code == 400
    assert "С этим адресом что-то не так — Кавказский вестник" in response.content.decode()
