"""An editor publishes under embargo from the story's edit view, with the time typed and shown in
the edition's zone; the Stories listing names the state and filters by it."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from dateline.stories.factories import StoryFactory, story_admin_form
from dateline.stories.models import Story

HEADLINE = "Central bank to cut its rate"
LIST_URL = reverse("wagtailsnippets_stories_story:list")


@pytest.fixture
def chief(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_publishing_under_embargo_from_the_edit_view(chief, ru):
    story = StoryFactory(locale=ru.locale, headline=HEADLINE, publish=False)
    edit_url = reverse("wagtailsnippets_stories_story:edit", args=[story.pk])

    response = chief.post(
        edit_url,
        story_admin_form(headline=HEADLINE)
        | {"embargo_until": "2031-05-01 09:00", "action-publish": "action-publish"},
    )

    assert response.status_code == 302
    story.refresh_from_db()
    until = datetime(2031, 5, 1, 6, 0, tzinfo=UTC)  # 09:00 in Moscow
    assert story.live and story.embargo_until == until and story.first_published_at == until
    assert not Story.objects.public(ru).filter(pk=story.pk).exists()

    page = chief.get(edit_url).content.decode()
    assert "Under embargo: readers see it from 01 May 2031, 09:00 MSK." in page
    listing = chief.get(LIST_URL).content.decode()
    assert "under embargo" in listing
    filtered = chief.get(LIST_URL, {"state": "embargoed"}).content.decode()
    assert HEADLINE in filtered
    assert HEADLINE not in chief.get(LIST_URL, {"state": "live"}).content.decode()


@pytest.mark.django_db
def test_an_embargo_in_the_past_is_refused_with_a_message_and_nothing_published(chief, en):
    story = StoryFactory(locale=en.locale, headline=HEADLINE, publish=False)
    edit_url = reverse("wagtailsnippets_stories_story:edit", args=[story.pk])

    response = chief.post(
        edit_url,
        story_admin_form(headline=HEADLINE)
        | {"embargo_until": "2001-05-01 09:00", "action-publish": "action-publish"},
    )

    assert response.status_code == 200
    assert "An embargo must end in the future." in response.content.decode()
    story.refresh_from_db()
    assert not story.live
