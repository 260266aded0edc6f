"""`dateline reindex` rebuilds the index of every story (readers find only the published) with
its progress, and a rebuild that was stopped resumes where it stopped."""

import io

import pytest
from django.core.management import call_command

from dateline.search import index
from dateline.search.models import Reindexing, SearchEntry
from dateline.search.query import story_search
from dateline.stories.factories import StoryFactory


@pytest.mark.django_db
def test_a_rebuild_indexes_every_story_and_resumes_after_a_stop(en, monkeypatch):
    stories = [StoryFactory(locale=en.locale, headline=f"Flood warning {n}") for n in range(5)]
    StoryFactory(locale=en.locale, headline="Flood draft", publish=False)
    SearchEntry.objects.all().delete()  # an index lost, or never built
    assert story_search("flood", en) == []
    monkeypatch.setattr(index, "REINDEX_BATCH", 2)

    stopped = index.reindexing_resumed(restart=False)
    assert index.reindex_step(stopped)  # then the process was stopped
    out = io.StringIO()
    call_command("reindex", stdout=out)

    printed = out.getvalue()
    assert "Resuming after 2 of 6." in printed
    assert "100% 6/6" in printed and "Indexed 6 stories" in printed
    assert sorted(hit.story_id for hit in story_search("flood", en)) == [s.pk for s in stories]
    assert Reindexing.objects.get().finished_at is not None

    call_command("reindex", "--restart", stdout=io.StringIO())
    assert SearchEntry.objects.count() == 6 and Reindexing.objects.count() == 2
