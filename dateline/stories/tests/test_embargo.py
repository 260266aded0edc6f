from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from dateline.stories.factories import StoryFactory


@pytest.mark.django_db
def test_embargoed_story_goes_live_when_its_time_comes(client, en, monkeypatch):
    story = StoryFactory(locale=en.locale, headline="Embargoed until noon", publish=False)
    story.go_live_at = timezone.now() + timedelta(minutes=5)
    story.save_revision().publish()
    story.refresh_from_db()

    call_command("publish_scheduled", verbosity=0)  # before its time: nothing happens
    assert client.get(f"/en/news/{story.pk}/{story.slug}/").status_code == 404
    assert "Embargoed until noon" not in client.get("/en/").content.decode()

    later = timezone.now() + timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled", verbosity=0)
    story.refresh_from_db()
    assert story.live
    assert "Embargoed until noon" in client.get(story.url).content.decode()
