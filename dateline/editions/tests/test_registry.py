"""What readers see of an edition right after an editor changes it, and what that costs a request.

These tests commit for real (transaction=True), so the registry's copy is loaded, dropped and
reloaded as it is on a server. test_editions_across_processes.py runs two server processes.
"""

import time
from collections import Counter
from contextlib import nullcontext

import pytest
from django.core.cache import caches
from django.db import transaction
from django.db.models import F

from dateline.editions import registry
from dateline.editions.links import edition_root
from dateline.editions.models import Edition, EditionsVersion
from dateline.editions.services import edition_front_page_ensure

committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


class Abandoned(Exception):
    """An editor's change that does not go through."""


@committed
@pytest.mark.parametrize("in_transaction", [True, False], ids=["atomic", "autocommit"])
def test_a_saved_label_banner_is_on_the_next_page(client, en, in_transaction):
    assert "FOREIGN AGENT LABEL" in page(client, "/en/")

    with transaction.atomic() if in_transaction else nullcontext():
        en.label_banner = "NEW LEGAL LABEL"
        en.save()

    front = page(client, "/en/")
    assert "NEW LEGAL LABEL" in front
    assert "FOREIGN AGENT LABEL" not in front


@committed
def test_a_change_rolled_back_is_never_seen(client, en, monkeypatch):
    monkeypatch.setattr(registry, "CHECK_SECONDS", 0)  # look at the stored version every time
    assert "FOREIGN AGENT LABEL" in page(client, "/en/")

    with pytest.raises(Abandoned), transaction.atomic():
        en.label_banner = "WITHDRAWN LABEL"
        en.save()
        # The editor's own transaction reads its change; nobody else can until it commits.
        assert "WITHDRAWN LABEL" in page(client, "/en/")
        raise Abandoned

    for _ in range(3):
        front = page(client, "/en/")
        assert "WITHDRAWN LABEL" not in front
        assert "FOREIGN AGENT LABEL" in front


@committed
def test_a_savepoint_rolled_back_takes_back_only_its_own_change(client, en):
    with transaction.atomic():
        en.agency_name = "Kept Courier"
        en.save()
        with pytest.raises(Abandoned), transaction.atomic():
            en.label_banner = "WITHDRAWN LABEL"
            en.save()
            raise Abandoned
        en.refresh_from_db()
        front = page(client, "/en/")
        assert "Kept Courier" in front
        assert "WITHDRAWN LABEL" not in front

    front = page(client, "/en/")
    assert "Kept Courier" in front
    assert "WITHDRAWN LABEL" not in front


@committed
def test_a_change_committed_by_another_process_shows_within_a_second(client, en):
    assert "FOREIGN AGENT LABEL" in page(client, "/en/")

    # What another server process's save leaves in the database, without this process's signals.
    with transaction.atomic():
        Edition.objects.filter(pk=en.pk).update(label_banner="NEW LEGAL LABEL")
        EditionsVersion.objects.filter(pk=1).update(number=F("number") + 1)

    deadline = time.monotonic() + 1
    while "NEW LEGAL LABEL" not in (front := page(client, "/en/")):
        assert time.monotonic() < deadline, "the change did not show within a second"
        time.sleep(0.05)
    assert "FOREIGN AGENT LABEL" not in front


@pytest.fixture
def cache_reads(monkeypatch) -> Counter:
    """Every read of the default cache in this thread, by method."""
    cache = caches["default"]
    reads: Counter = Counter()

    def counting(name: str):
        read = getattr(cache, name)

        def counted(*args, **kwargs):
            reads[name] += 1
            return read(*args, **kwargs)

        return counted

    for name in ("get", "get_many", "has_key"):
        monkeypatch.setattr(cache, name, counting(name))
    return reads


@committed
def test_a_request_reads_the_cache_at_most_three_times(client, en, ru, azerbaijan, cache_reads):
    from dateline.stories.factories import StoryFactory

    story = StoryFactory(locale=en.locale, headline="Courts: a verdict is read out")
    for path in ["/en/", "/en/", "/en/azerbaijan/", story.url, "/ru/"]:
        cache_reads.clear()
        page(client, path)
        assert cache_reads.total() <= 3, (path, cache_reads)


@committed
def test_between_checks_editions_cost_no_query(en, ru, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(registry, "CHECK_SECONDS", 60)
    registry.all_editions()
    with django_assert_num_queries(0):
        for _ in range(30):
            assert registry.edition_for_slug("ru") == ru
            assert registry.edition_for_locale(en.locale_id) == en
            assert registry.front_page_path(en) == "/home/en/"


@committed
def test_deleting_an_edition_leaves_the_other_editions_pages_up(client, en, ru, reference_pair):
    _original, translation = reference_pair
    assert "Кавказский вестник" in page(client, "/ru/")
    assert 'hreflang="ru"' in page(client, "/en/")
    assert 'hreflang="ru"' in page(client, translation.url)

    ru.delete()

    front = page(client, "/en/")
    assert "Caucasian Courier" in front
    assert 'hreflang="ru"' not in front  # no longer offered among the editions
    story = page(client, translation.url)  # a translation of a story in the deleted edition
    assert translation.headline in story
    assert 'hreflang="ru"' not in story
    assert client.get("/ru/").status_code == 404
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru").headers["Location"] == edition_root(en)


@committed
def test_a_new_prefix_moves_the_front_page_at_once(client, en):
    page(client, "/en/")
    with transaction.atomic():
        en.slug = "english"
        en.save()
        edition_front_page_ensure(edition=en)

    assert "Caucasian Courier" in page(client, "/english/")
    old_address = client.get("/en/")  # Wagtail keeps a redirect from the old slug
    assert (old_address.status_code, old_address.headers["Location"]) == (301, "/english/")
