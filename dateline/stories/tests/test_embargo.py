"""Two ways to hold a story until a time. Scheduled: unpublished until its go-live time, when
the scheduler publishes it. Under embargo: published now to subscribers allowed embargoed
material (the gate's `embargoed` variant), held from readers until the embargo ends, and
dated at that time for good."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from dateline.stories.factories import StoryFactory
from dateline.stories.models import Story, StoryChange


@pytest.mark.django_db
def test_a_scheduled_story_goes_live_when_its_time_comes(client, en, monkeypatch):
    story = StoryFactory(locale=en.locale, headline="Scheduled for noon", publish=False)
    story.go_live_at = timezone.now() + timedelta(minutes=5)
    story.save_revision().publish()
    story.refresh_from_db()

    call_command("publish_scheduled", verbosity=0)  # before its time: nothing happens
    assert client.get(f"/en/news/{story.pk}/{story.slug}/").status_code == 404
    assert "Scheduled for noon" not in client.get("/en/").content.decode()
    assert not Story.objects.embargoed(en).exists()  # nothing to share early either

    later = timezone.now() + timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled", verbosity=0)
    story.refresh_from_db()
    assert story.live
    assert "Scheduled for noon" in client.get(story.url).content.decode()


def _under_embargo(edition, headline: str, until) -> Story:
    story = StoryFactory(locale=edition.locale, headline=headline, publish=False)
    story.embargo_until = until
    story.save_revision().publish()
    story.refresh_from_db()
    return story


@pytest.mark.django_db
def test_an_embargoed_story_is_held_from_readers_until_its_end_and_dated_then(
    client, en, ru, monkeypatch
):
    until = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    story = _under_embargo(en, "Budget figures under embargo", until)

    assert story.live and story.is_embargoed
    assert story.first_published_at == until
    assert not Story.objects.public(en).filter(pk=story.pk).exists()
    assert list(Story.objects.embargoed(en)) == [story]
    assert not Story.objects.embargoed(ru).exists()  # another edition's subscribers: no
    assert client.get(story.url).status_code == 404
    assert "Budget figures" not in client.get("/en/news/").content.decode()

    later = until + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert list(Story.objects.public(en)) == [story]
    assert not Story.objects.embargoed(en).exists()
    page = client.get(story.url)
    assert page.status_code == 200 and "Budget figures under embargo" in page.content.decode()
    assert until.isoformat() in page.content.decode()  # the dateline is the embargo's end

    story.headline = "Budget figures, with reactions"  # an update after the embargo
    story.save_revision().publish()
    story.refresh_from_db()
    assert story.first_published_at == until
    assert not story.is_embargoed


@pytest.mark.django_db
def test_moving_an_embargo_moves_the_date_and_clearing_it_lets_the_story_out_now(en):
    now = timezone.now()
    story = _under_embargo(en, "Report under embargo", now + timedelta(hours=2))

    story.embargo_until = now + timedelta(hours=5)
    story.full_clean(exclude=["translation_key"])
    story.save_revision().publish()
    story.refresh_from_db()
    assert story.first_published_at == now + timedelta(hours=5)
    assert not Story.objects.public(en).filter(pk=story.pk).exists()

    story.embargo_until = None
    story.save_revision().publish()
    story.refresh_from_db()
    assert story.first_published_at <= timezone.now()
    assert Story.objects.public(en).filter(pk=story.pk).exists()
    # Told as its publication, to the live stream and to subscribers.
    latest = StoryChange.objects.filter(story_id=story.pk).order_by("-pk").first()
    assert latest.kind == StoryChange.Kind.PUBLISHED


@pytest.mark.django_db
def test_an_embargo_must_end_later_cannot_hold_a_seen_story_nor_join_a_go_live_time(en):
    now = timezone.now()
    draft = StoryFactory(locale=en.locale, publish=False)
    draft.embargo_until = now - timedelta(minutes=1)
    with pytest.raises(ValidationError, match="must end in the future"):
        draft.full_clean(exclude=["translation_key"])

    draft.embargo_until = now + timedelta(hours=1)
    draft.go_live_at = now + timedelta(hours=2)
    with pytest.raises(ValidationError, match="Clear one of the two"):
        draft.full_clean(exclude=["translation_key"])

    seen = StoryFactory(locale=en.locale, published_at=now - timedelta(hours=1))
    seen.embargo_until = now + timedelta(hours=1)
    with pytest.raises(ValidationError, match="Readers have seen this story already"):
        seen.full_clean(exclude=["translation_key"])
