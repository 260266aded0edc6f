"""The masthead's navigation: the sections right under an edition's front page, from the
registry's copy, so a reader page pays nothing for them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.taxonomy.factories import region_add, topic_add


def section_links(page: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="sections"[^>]*>(.*?)</nav>', page, re.DOTALL)
    assert nav is not None
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav.group(1))


def queries_for(client, path: str) -> int:
    client.get(path)  # the registry loads what changed since the last page
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_regions_and_topics_are_in_the_navigation_in_tree_order(client, en, en_front, ru):
    azerbaijan = region_add(parent=en_front, title="Azerbaijan", slug="azerbaijan")
    region_add(parent=azerbaijan, title="Baku", slug="baku")  # inside a section, not beside it
    topic_add(parent=en_front, title="Courts", slug="courts")

    links = section_links(client.get("/en/news/").content.decode())

    assert links == [
        ("http://testserver/en/news/", "All news"),
        ("http://testserver/en/azerbaijan/", "Azerbaijan"),
        ("http://testserver/en/courts/", "Courts"),
        ("http://testserver/en/archive/", "News archive"),
    ]


@pytest.mark.django_db
def test_the_section_being_read_is_marked_current(client, en, en_front):
    region_add(parent=en_front, title="Azerbaijan", slug="azerbaijan")

    page = client.get("/en/azerbaijan/").content.decode()

    assert '<a href="http://testserver/en/azerbaijan/" aria-current="page">Azerbaijan</a>' in page


@pytest.mark.django_db
def test_published_renamed_withdrawn_and_deleted_sections_show_on_the_next_page(
    client, en, en_front
):
    courts = topic_add(parent=en_front, title="Courts", slug="courts")
    elections = topic_add(parent=en_front, title="Elections", slug="elections")
    assert [t for _u, t in section_links(client.get("/en/").content.decode())][1:3] == [
        "Courts",
        "Elections",
    ]

    courts.title = "Trials"
    courts.save_revision().publish()
    elections.unpublish()
    assert [t for _u, t in section_links(client.get("/en/").content.decode())][1:-1] == ["Trials"]

    courts.delete()
    assert [t for _u, t in section_links(client.get("/en/").content.decode())][1:-1] == []


@pytest.mark.django_db
def test_the_navigation_costs_no_query_however_many_sections(client, en, en_front):
    topic_add(parent=en_front, title="Courts", slug="courts")
    with_one = queries_for(client, "/en/news/")

    for number in range(8):
        region_add(parent=en_front, title=f"Region {number}", slug=f"region-{number}")
    with_nine = queries_for(client, "/en/news/")

    assert len(section_links(client.get("/en/news/").content.decode())) == 11
    assert with_nine == with_one
