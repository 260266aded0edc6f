"""The search page as readers use it: a box in every page's masthead, results in the edition's
language ranked by relevance and recency with the query's words marked, filters by dates, region
and topic, pages by a cursor that cannot be forged, a page that explains when nothing is found,
and nothing that the public gate holds back."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from lxml import html

from dateline.editions.links import search_url
from dateline.site import search_page
from dateline.stories.factories import StoryFactory
from dateline.stories.outbox import reactions_run
from dateline.stories.services import story_withdraw
from dateline.taxonomy.factories import region_add, topic_add


def _paragraph(text: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def _get(client, url: str, query: dict | None = None, status: int = 200):
    reactions_run()  # the index follows the outbox after commit; a test never commits
    response = client.get(url, query or {})
    assert response.status_code == status, response.content.decode()[:2000]
    return response


def _results(response) -> list[str]:
    """The headlines of the results, as a reader reads them."""
    page = html.fromstring(response.content)
    return [a.text_content() for a in page.xpath('//ol[contains(@class, "search-results")]/li/a')]


def _main(response) -> str:
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


@pytest.mark.django_db
def test_an_inflected_russian_query_finds_the_story_and_marks_the_form_it_holds(client, ru):
    story = StoryFactory(
        locale=ru.locale,
        headline="Суд над «Мемориалом» отложен",
        body=_paragraph("Сотрудники «Мемориала» подали жалобу в Верховный суд."),
    )
    StoryFactory(locale=ru.locale, headline="В Баку открылась выставка")

    response = _get(client, "/ru/search/", {"q": "мемориале"})

    assert _results(response) == [story.headline]
    main = _main(response)
    assert f'href="{story.url}"' in main
    assert "Суд над «<mark>Мемориалом</mark>» отложен" in main
    assert "Сотрудники «<mark>Мемориала</mark>» подали жалобу" in main


@pytest.mark.django_db
def test_an_english_singular_finds_the_plural_and_the_plural_the_singular(client, en):
    StoryFactory(locale=en.locale, headline="Missiles hit a fuel depot")
    StoryFactory(locale=en.locale, headline="A missile fell near the border")

    singular = _get(client, "/en/search/", {"q": "missile"})
    plural = _get(client, "/en/search/", {"q": "missiles"})

    expected = {"Missiles hit a fuel depot", "A missile fell near the border"}
    assert set(_results(singular)) == set(_results(plural)) == expected
    assert "<mark>Missiles</mark> hit" in _main(singular)


@pytest.mark.django_db
def test_each_edition_finds_only_its_own_stories(client, en, ru):
    StoryFactory(locale=en.locale, headline="Memorial hearing postponed")
    StoryFactory(locale=ru.locale, headline="Memorial: слушания отложены")

    assert _results(_get(client, "/en/search/", {"q": "memorial"})) == [
        "Memorial hearing postponed"
    ]
    assert _results(_get(client, "/ru/search/", {"q": "memorial"})) == [
        "Memorial: слушания отложены"
    ]


@pytest.mark.django_db
def test_of_two_equally_relevant_stories_the_recent_one_comes_first(client, en):
    now = timezone.now()
    StoryFactory(
        locale=en.locale, headline="Flood in the valley", published_at=now - timedelta(days=400)
    )
    StoryFactory(locale=en.locale, headline="Flood in the delta", published_at=now - timedelta(1))

    assert _results(_get(client, "/en/search/", {"q": "flood"})) == [
        "Flood in the delta",
        "Flood in the valley",
    ]


@pytest.mark.django_db
def test_dates_narrow_the_results_by_the_editions_day(client, ru):
    # 23:30 UTC on 6 April is 02:30 on 7 April in Moscow.
    StoryFactory(
        locale=ru.locale,
        headline="Выборы: первый день",
        published_at=datetime(2021, 4, 6, 20, 0, tzinfo=UTC),
    )
    StoryFactory(
        locale=ru.locale,
        headline="Выборы: второй день",
        published_at=datetime(2021, 4, 6, 23, 30, tzinfo=UTC),
    )
    StoryFactory(
        locale=ru.locale,
        headline="Выборы: итоги",
        published_at=datetime(2021, 4, 9, 9, 0, tzinfo=UTC),
    )

    def found(**dates: str) -> set[str]:
        return set(_results(_get(client, "/ru/search/", {"q": "выборы", **dates})))

    assert found() == {"Выборы: первый день", "Выборы: второй день", "Выборы: итоги"}
    assert found(**{"from": "2021-04-07"}) == {"Выборы: второй день", "Выборы: итоги"}
    assert found(to="2021-04-06") == {"Выборы: первый день"}
    assert found(**{"from": "2021-04-07", "to": "2021-04-07"}) == {"Выборы: второй день"}


@pytest.mark.django_db
def test_a_region_and_a_topic_narrow_the_results_and_are_offered_in_the_form(client, en, en_front):
    azerbaijan = region_add(parent=en_front, title="Azerbaijan", slug="azerbaijan")
    georgia = region_add(parent=en_front, title="Georgia", slug="georgia")
    courts = topic_add(parent=en_front, title="Courts", slug="courts")
    StoryFactory(locale=en.locale, headline="Protest in Baku", regions=[azerbaijan])
    StoryFactory(
        locale=en.locale, headline="Protest at the court", regions=[azerbaijan], topics=[courts]
    )
    StoryFactory(locale=en.locale, headline="Protest in Tbilisi", regions=[georgia])

    by_region = _get(client, "/en/search/", {"q": "protest", "region": "azerbaijan"})
    by_both = _get(
        client, "/en/search/", {"q": "protest", "region": "azerbaijan", "topic": "courts"}
    )

    assert set(_results(by_region)) == {"Protest in Baku", "Protest at the court"}
    assert _results(by_both) == ["Protest at the court"]
    form = html.fromstring(by_region.content).xpath('//form[contains(@class, "search-form")]')[0]
    assert [o.text for o in form.xpath('.//select[@name="region"]/option')] == [
        "All regions",
        "Azerbaijan",
        "Georgia",
    ]
    assert form.xpath('.//select[@name="region"]/option[@selected]')[0].text == "Azerbaijan"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "2021-02-30"}, "“2021-02-30” is not a date: write it as YYYY-MM-DD."),
        ({"to": "yesterday"}, "“yesterday” is not a date: write it as YYYY-MM-DD."),
        ({"from": "0001-01-01"}, "Choose dates between 1900-01-01 and 9998-12-31."),
        ({"from": "2021-05-01", "to": "2021-04-01"}, "The first day comes after the last one"),
        ({"region": "atlantis"}, "There is no such region in this edition"),
        ({"topic": "astrology"}, "There is no such topic in this edition"),
    ],
)
def test_a_filter_that_cannot_be_used_is_explained_on_the_page(client, en, query, message):
    StoryFactory(locale=en.locale, headline="Protest in Baku")

    response = _get(client, "/en/search/", {"q": "protest", **query}, status=400)

    assert message in _main(response)
    assert _results(response) == []
    assert 'name="q" value="protest"' in _main(response)  # the form keeps what was typed


@pytest.mark.django_db
def test_a_hostile_headline_and_body_are_escaped_around_the_marks(client, en):
    story = StoryFactory(locale=en.locale, headline="Blockade <script>alert(1)</script> ends")
    story.body = _paragraph("Villagers ended the blockade &lt;img src=x onerror=alert(2)&gt;.")
    story.save_revision().publish()

    main = _main(_get(client, "/en/search/", {"q": "blockade"}))

    assert "<script>" not in main and "<img src=x" not in main
    assert "<mark>Blockade</mark> &lt;script&gt;alert(1)&lt;/script&gt; ends" in main
    assert "ended the <mark>blockade</mark> &lt;img src=x onerror=alert(2)&gt;." in main


@pytest.mark.django_db
def test_the_snippet_is_the_passage_that_holds_the_query(client, en):
    filler = " ".join(f"word{i}" for i in range(80))
    StoryFactory(
        locale=en.locale,
        headline="Harvest report",
        body=_paragraph(f"{filler}. The drought ruined the wheat harvest. {filler}."),
    )

    snippet = html.fromstring(_get(client, "/en/search/", {"q": "drought wheat"}).content)
    text = snippet.xpath('//p[@class="snippet"]')[0]

    assert [mark.text for mark in text.xpath(".//mark")] == ["drought", "wheat"]
    assert text.text_content().startswith("…") and text.text_content().endswith("…")
    assert len(text.text_content().split()) <= 32


@pytest.mark.django_db
def test_next_and_previous_pages_hold_the_rest_once_each(client, en, monkeypatch):
    monkeypatch.setattr(search_page, "RESULTS_PER_PAGE", 4)
    for n in range(10):
        StoryFactory(locale=en.locale, headline=f"Storm warning number {n}")

    seen: list[str] = []
    pages = []
    url, query = "/en/search/", {"q": "storm"}
    while True:
        response = _get(client, url, query)
        pages.append(response)
        seen += _results(response)
        next_link = html.fromstring(response.content).xpath('//a[@rel="next"]')
        if not next_link:
            break
        url, query = next_link[0].get("href"), None

    assert len(pages) == 3
    assert sorted(seen) == sorted(f"Storm warning number {n}" for n in range(10))
    previous = html.fromstring(pages[2].content).xpath('//a[@rel="prev"]')[0].get("href")
    assert _results(_get(client, previous)) == _results(pages[1])
    assert not html.fromstring(pages[0].content).xpath('//a[@rel="prev"]')


@pytest.mark.django_db
def test_a_story_published_between_two_pages_does_not_shift_them(client, en, monkeypatch):
    monkeypatch.setattr(search_page, "RESULTS_PER_PAGE", 2)
    for n in range(4):
        StoryFactory(locale=en.locale, headline=f"Storm warning number {n}")
    first = _get(client, "/en/search/", {"q": "storm"})
    StoryFactory(locale=en.locale, headline="Storm warning lifted")

    second = _get(client, html.fromstring(first.content).xpath('//a[@rel="next"]')[0].get("href"))

    assert len(set(_results(first) + _results(second))) == 4
    assert "Storm warning lifted" not in _results(second)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "WzE3OTY1NzQyNjU5NzE5NDYsMy45LDcsMSwiYyJd:1xaF2I:forged-signature",
        "",
        "%00",
        "a" * 900,
    ],
)
def test_a_forged_or_garbled_cursor_gives_the_first_page(client, en, cursor):
    StoryFactory(locale=en.locale, headline="Storm warning")

    response = _get(client, "/en/search/", {"q": "storm", "cursor": cursor})

    assert _results(response) == ["Storm warning"]


@pytest.mark.django_db
def test_a_cursor_of_another_search_gives_the_first_page_of_this_one(client, en, monkeypatch):
    monkeypatch.setattr(search_page, "RESULTS_PER_PAGE", 1)
    StoryFactory(locale=en.locale, headline="Storm warning and flood")
    StoryFactory(locale=en.locale, headline="Storm warning")
    storm = _get(client, "/en/search/", {"q": "storm"})
    cursor = re.search(
        r"cursor=([^&\"]+)", html.fromstring(storm.content).xpath('//a[@rel="next"]')[0].get("href")
    ).group(1)

    flood = _get(client, f"/en/search/?q=flood&cursor={cursor}")

    assert _results(flood) == ["Storm warning and flood"]


@pytest.mark.django_db
def test_nothing_found_explains_what_to_try(client, en, ru, en_front):
    region_add(parent=en_front, title="Azerbaijan", slug="azerbaijan")
    StoryFactory(locale=en.locale, headline="Storm warning")

    response = _get(client, "/en/search/", {"q": "hurricane", "region": "azerbaijan"})
    main = _main(response)

    assert "No stories in this edition hold “hurricane”." in main
    assert "Check the spelling." in main
    assert "Use fewer words" in main
    assert f'href="{search_url(en, query="hurricane")}"' in main  # without the filters
    assert f'href="{search_url(ru, query="hurricane")}"' in main  # the other edition
    assert 'href="http://testserver/en/news/"' in main
    assert 'href="http://testserver/en/archive/"' in main


@pytest.mark.django_db
def test_russian_readers_are_answered_in_russian(client, ru):
    main = _main(_get(client, "/ru/search/", {"q": "ураган"}))

    assert "Поиск: ураган" in _get(client, "/ru/search/", {"q": "ураган"}).content.decode()
    assert "Проверьте написание." in main


@pytest.mark.django_db
def test_an_empty_query_shows_the_form_with_a_hint(client, en):
    response = _get(client, "/en/search/")

    assert "Type one or more words" in _main(response)
    assert response["Cache-Control"] == "public, max-age=600"
    assert _results(response) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        '"storm',
        "NEAR(storm warning)",
        "storm*",
        "*",
        "col:x",
        "headline:storm",
        "AND OR NOT",
        "a* ^b -c",
        "",
        "   ",
        "x" * 1000,
    ],
)
def test_hostile_queries_are_answered_with_a_page(client, en, query):
    StoryFactory(locale=en.locale, headline="Storm warning")

    response = _get(client, "/en/search/", {"q": query})

    assert "<h1>" in _main(response)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["storm\x00", "x" * 10_000])
def test_text_no_reader_could_type_gets_the_400_page(client, en, query):
    # The edition's address check refuses control characters and over-long values before any
    # view reads them; the box itself takes no more than 1000 characters.
    response = _get(client, "/en/search/", {"q": query}, status=400)

    assert "This address is not right" in response.content.decode()


@pytest.mark.django_db
def test_drafts_and_embargoed_stories_never_show_until_their_embargo_ends(client, en, monkeypatch):
    StoryFactory(locale=en.locale, headline="Blockade draft", publish=False)
    embargoed = StoryFactory(locale=en.locale, headline="Blockade figures", publish=False)
    embargoed.embargo_until = timezone.now() + timedelta(hours=2)
    embargoed.save_revision().publish()
    published = StoryFactory(locale=en.locale, headline="Villagers end the blockade")

    assert _results(_get(client, "/en/search/", {"q": "blockade"})) == [published.headline]

    later = timezone.now() + timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert set(_results(_get(client, "/en/search/", {"q": "blockade"}))) == {
        published.headline,
        "Blockade figures",
    }
    story_withdraw(story=published, reason="A court order")
    assert _results(_get(client, "/en/search/", {"q": "blockade"})) == ["Blockade figures"]


@pytest.mark.django_db
def test_every_reader_page_has_the_search_box_in_its_language(client, en, ru, en_front):
    story = StoryFactory(locale=ru.locale, headline="Суд отложен")
    for url in ("/en/", "/en/news/", "/en/archive/", "/en/no-such-page/", story.url, "/ru/"):
        response = client.get(url)
        page = html.fromstring(response.content)
        (form,) = page.xpath('//header[@class="masthead"]//form[@role="search"]')
        edition = "ru" if "/ru/" in url else "en"
        assert form.get("action") == f"http://testserver/{edition}/search/"
        assert form.get("method") == "get"
        field = form.xpath('.//input[@name="q"]')[0]
        label = page.xpath(f'//label[@for="{field.get("id")}"]')[0].text_content()
        assert label == {"en": "Search the news", "ru": "Поиск по новостям"}[edition]


@pytest.mark.django_db
def test_a_results_page_is_not_indexed_and_is_cached_briefly(client, en):
    StoryFactory(locale=en.locale, headline="Storm warning")

    response = _get(client, "/en/search/", {"q": "storm"})
    head = response.content.decode().split("</head>")[0]

    assert '<meta name="robots" content="noindex, follow">' in head
    assert "<title>Search: storm — Caucasian Courier</title>" in head
    assert response["Cache-Control"] == "public, max-age=60"


@pytest.mark.django_db
def test_a_results_page_costs_a_fixed_number_of_queries(client, en, django_assert_max_num_queries):
    for n in range(15):
        StoryFactory(locale=en.locale, headline=f"Storm warning number {n}")
    reactions_run()

    with django_assert_max_num_queries(12):
        response = client.get("/en/search/", {"q": "storm"})

    assert len(_results(response)) == 15
