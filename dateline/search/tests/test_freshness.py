"""The index follows what the newsroom does as it commits: a published story is found as soon as
its publication returns, a withdrawn one is gone as soon as its withdrawal returns, and an
embargoed one is found from the second its embargo lifts, not before."""

from datetime import timedelta
from time import perf_counter

import pytest
from django.utils import timezone

from dateline.search.query import story_search
from dateline.stories.factories import StoryFactory
from dateline.stories.services import story_withdraw

WITHIN_SECONDS = 1.0


def _found(query: str, edition) -> list[int]:
    return [hit.story_id for hit in story_search(query, edition)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_story_is_found_as_its_publication_commits_and_gone_as_its_withdrawal_does(en):
    started = perf_counter()
    story = StoryFactory(locale=en.locale, headline="Ferry service resumes across the lake")
    assert _found("ferries lake", en) == [story.pk]
    assert perf_counter() - started < WITHIN_SECONDS

    story_withdraw(story=story, reason="Wrong lake")
    assert _found("ferries lake", en) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_embargoed_story_is_found_once_its_embargo_lifts(en, monkeypatch):
    story = StoryFactory(locale=en.locale, headline="Budget figures for the year", publish=False)
    story.embargo_until = timezone.now() + timedelta(hours=2)
    story.save_revision().publish()
    assert _found("budget figures", en) == []

    lifted = story.embargo_until + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: lifted)
    assert _found("budget figures", en) == [story.pk]
