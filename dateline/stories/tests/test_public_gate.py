"""The public gate, `Story.objects.public(*editions, at=None)`, one story state at a time: which
stories a reader or subscriber of these editions gets back."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.editions.factories import EditionFactory
from dateline.editions.registry import all_editions
from dateline.stories.factories import StoryFactory
from dateline.stories.models import Story
from dateline.stories.services import story_publish, story_withdraw


def _public(*editions, at=None) -> set[int]:
    return set(Story.objects.public(*editions, at=at).values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_published_story_is_public(en):
    story = StoryFactory(locale=en.locale, headline="Bridge reopened")

    assert _public(en) == {story.pk}


@pytest.mark.django_db
def test_a_draft_never_published_is_not(en):
    StoryFactory(locale=en.locale, headline="Draft", publish=False)

    assert _public(en) == set()


@pytest.mark.django_db
def test_a_live_story_with_draft_changes_shows_its_live_version(en):
    story = StoryFactory(locale=en.locale, headline="Live headline")
    # What the admin does for a live object: a new revision, the row left alone.
    story.headline = "Draft headline nobody may read yet"
    story.save_revision()

    (public,) = Story.objects.public(en)
    assert public.pk == story.pk
    assert public.headline == "Live headline"
    assert public.has_unpublished_changes


@pytest.mark.django_db
def test_a_scheduled_story_is_not_public_before_its_time(en):
    story = StoryFactory(locale=en.locale, headline="Embargoed", publish=False)
    story.go_live_at = timezone.now() + timedelta(hours=2)
    story.save_revision().publish()  # Wagtail schedules it rather than publishing it
    story.refresh_from_db()

    assert not story.live
    assert _public(en) == set()
    assert _public(en, at=timezone.now() + timedelta(hours=3)) == set()  # until it goes live


@pytest.mark.django_db
def test_a_story_dated_later_is_public_only_from_that_time(en):
    later = timezone.now() + timedelta(days=1)
    story = StoryFactory(locale=en.locale, publish=False)
    story_publish(story=story, published_at=later)
    story.refresh_from_db()

    assert story.live
    assert _public(en) == set()
    assert _public(en, at=later - timedelta(seconds=1)) == set()
    assert _public(en, at=later) == {story.pk}
    assert _public(en, at=later + timedelta(hours=1)) == {story.pk}


@pytest.mark.django_db
def test_a_story_published_earlier_is_not_public_at_a_time_before_that(en):
    story = StoryFactory(locale=en.locale)

    assert _public(en, at=story.first_published_at - timedelta(seconds=1)) == set()
    assert _public(en, at=story.first_published_at) == {story.pk}


@pytest.mark.django_db
def test_a_withdrawn_story_is_not(en):
    story = StoryFactory(locale=en.locale, headline="Withdrawn")
    story.unpublish()

    assert _public(en) == set()


@pytest.mark.django_db
def test_an_expired_story_is_not_even_while_still_marked_live(en):
    story = StoryFactory(
        locale=en.locale, headline="Expired", published_at=timezone.now() - timedelta(days=1)
    )
    expired_at = timezone.now() - timedelta(minutes=1)
    # Live with a past expiry: the moment between expiry and the scheduler's run.
    Story.objects.filter(pk=story.pk).update(expire_at=expired_at)

    assert Story.objects.get(pk=story.pk).live
    assert _public(en) == set()
    assert _public(en, at=expired_at - timedelta(seconds=1)) == {story.pk}


@pytest.mark.django_db
def test_a_story_expiring_later_is_public_until_then(en):
    story = StoryFactory(locale=en.locale)
    expire_at = timezone.now() + timedelta(hours=1)
    Story.objects.filter(pk=story.pk).update(expire_at=expire_at)

    assert _public(en) == {story.pk}
    assert _public(en, at=expire_at) == set()


@pytest.mark.django_db
def test_a_deleted_story_is_not(en):
    story = StoryFactory(locale=en.locale, headline="Deleted")
    story.delete()

    assert _public(en) == set()


@pytest.mark.django_db
def test_another_editions_story_is_public_only_to_that_edition(en, ru):
    english = StoryFactory(locale=en.locale, headline="English")
    russian = StoryFactory(locale=ru.locale, headline="Русский")

    assert _public(en) == {english.pk}
    assert _public(ru) == {russian.pk}
    assert _public(en, ru) == {english.pk, russian.pk}
    assert _public() == set()  # no edition: nothing


@pytest.mark.django_db
def test_a_story_of_a_deleted_edition_is_public_to_no_edition(en):
    # Deleting an edition is allowed (nothing references Edition with PROTECT; only its
    # Locale is protected), and its stories stay behind in their locale.
    german = EditionFactory(language="de", slug="de", name="Deutsch")
    english = StoryFactory(locale=en.locale)
    orphan = StoryFactory(locale=german.locale, headline="Verwaist")
    german.delete()

    assert Story.objects.get(pk=orphan.pk).live
    assert _public(*all_editions()) == {english.pk}


@pytest.mark.django_db
def test_published_by_narrows_to_earlier_stories_but_judges_expiry_now(en):
    now = timezone.now()
    old = StoryFactory(locale=en.locale, headline="Old", published_at=now - timedelta(days=3))
    recent = StoryFactory(
        locale=en.locale, headline="Recent", published_at=now - timedelta(hours=1)
    )
    expired = StoryFactory(locale=en.locale, headline="Gone", published_at=now - timedelta(days=4))
    Story.objects.filter(pk=expired.pk).update(expire_at=now - timedelta(days=2))

    by_two_days_ago = Story.objects.public(en, published_by=now - timedelta(days=2))
    # The expired story was public two days before its expiry, but not any more.
    assert set(by_two_days_ago.values_list("pk", flat=True)) == {old.pk}
    assert set(Story.objects.public(en).values_list("pk", flat=True)) == {old.pk, recent.pk}
    # A bound later than now does not reach beyond now.
    later = Story.objects.public(en, published_by=now + timedelta(days=1))
    assert set(later.values_list("pk", flat=True)) == {old.pk, recent.pk}


# The named variant for withdrawn stories: ids and times of what a withdrawal took down.


def _withdrawn(*editions) -> set[int]:
    return set(Story.objects.withdrawn(*editions).values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_withdrawn_story_is_withdrawn_in_its_edition_only(en, ru):
    story = StoryFactory(locale=en.locale)
    story_withdraw(story=story, reason="Court order")

    assert _withdrawn(en) == {story.pk}
    assert _withdrawn(ru) == set()
    assert _public(en) == set()


@pytest.mark.django_db
def test_no_other_state_counts_as_withdrawn(en):
    StoryFactory(locale=en.locale)  # live
    StoryFactory(locale=en.locale, publish=False)  # a draft
    StoryFactory(locale=en.locale).unpublish()  # taken down without a withdrawal
    gone = StoryFactory(locale=en.locale)
    story_withdraw(story=gone, reason="Court order")
    gone.delete()

    assert _withdrawn(en) == set()


@pytest.mark.django_db
def test_the_withdrawn_variant_reads_no_text_of_the_story(en):
    story = StoryFactory(locale=en.locale, headline="Nothing of this may show")
    story_withdraw(story=story, reason="Court order")

    found = Story.objects.withdrawn(en).get()

    assert found.get_deferred_fields() >= {"headline", "lead", "body"}
