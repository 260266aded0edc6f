"""The admin shows a story's times in its edition's zone, as its readers see them, and says which
zone that is; a time an editor types is read in that zone too."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from dateline.stories.factories import StoryFactory, story_admin_form
from dateline.stories.forms import edition_time
from dateline.stories.models import Story

LIST_URL = reverse("wagtailsnippets_stories_story:list")


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.org", "pw")
    client.force_login(user)
    return client, user


@pytest.fixture
def moscow_story(ru):
    """First published at 10:18 Moscow time (07:18 UTC), scheduled to change in 2031."""
    story = StoryFactory(
        locale=ru.locale,
        headline="Азербайджанские активисты потребовали объяснений",
        published_at=datetime(2021, 4, 7, 7, 18, tzinfo=UTC),
    )
    story.go_live_at = datetime(2031, 4, 7, 7, 18, tzinfo=UTC)
    story.save_revision()
    return story


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.django_db
def test_the_listing_shows_each_story_first_published_in_its_edition_zone(editor, en, moscow_story):
    client, _ = editor
    StoryFactory(
        locale=en.locale,
        headline="Azerbaijan: activists demand explanations from Moscow",
        published_at=datetime(2021, 4, 7, 19, 28, tzinfo=UTC),
    )

    page = client.get(LIST_URL).content.decode()

    assert "07 Apr 2021, 10:18 MSK" in page  # Europe/Moscow
    assert 'title="Europe/Moscow"' in page
    assert "07 Apr 2021, 20:28 BST" in page  # the English edition's Europe/London, in summer
    assert 'title="Europe/London"' in page
    assert "7:18 a.m." not in page and "7:28 p.m." not in page  # no bare UTC anywhere


@pytest.mark.django_db
def test_the_listing_ignores_the_editors_own_time_zone(editor, moscow_story):
    client, user = editor
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(current_time_zone="America/New_York")

    assert "07 Apr 2021, 10:18 MSK" in client.get(LIST_URL).content.decode()


@pytest.mark.django_db
def test_the_listing_sorts_by_first_published_time(editor, en, moscow_story):
    client, _ = editor
    StoryFactory(
        locale=en.locale, headline="Later story", published_at=datetime(2022, 1, 1, tzinfo=UTC)
    )

    page = client.get(LIST_URL, {"ordering": "first_published_at"}).content.decode()

    assert page.index("Азербайджанские") < page.index("Later story")


@pytest.mark.django_db
def test_the_edit_form_shows_and_names_the_edition_zone(editor, moscow_story):
    client, user = editor
    UserProfile.get_for_user(user)  # an editor whose own zone is another one
    UserProfile.objects.filter(user=user).update(current_time_zone="America/New_York")
    edit_url = reverse("wagtailsnippets_stories_story:edit", args=[moscow_story.pk])

    page = client.get(edit_url).content.decode()

    assert 'name="go_live_at" value="2031-04-07 10:18"' in page
    assert (
        "Time in Europe/Moscow, the zone of the edition “Русский”. "
        "First published 07 Apr 2021, 10:18 MSK." in _text(page)
    )
    assert "Time in Europe/Moscow, the zone of the edition “Русский”." in _text(
        page[page.index('id="panel-child-publishing-child-expire_at-helptext"') :]
    )
    # Wagtail's status panel speaks the same zone.
    assert "Go-live: April 7, 2031, 10:18 a.m." in _text(page)
    assert 'datetime="2021-04-07T10:18:00+03:00"' in page


@pytest.mark.django_db
def test_a_time_the_editor_types_is_read_in_the_edition_zone(editor, moscow_story):
    client, user = editor
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(current_time_zone="America/New_York")
    edit_url = reverse("wagtailsnippets_stories_story:edit", args=[moscow_story.pk])

    response = client.post(
        edit_url,
        story_admin_form(headline=moscow_story.headline)
        | {"go_live_at": "2031-05-01 09:00", "expire_at": ""},
    )

    assert response.status_code == 302
    revision = Story.objects.get(pk=moscow_story.pk).latest_revision.as_object()
    assert revision.go_live_at == datetime(2031, 5, 1, 6, 0, tzinfo=UTC)  # 09:00 MSK


@pytest.mark.django_db
def test_a_new_story_reads_times_in_the_zone_of_the_edition_it_is_added_in(editor, ru):
    client, _ = editor
    add_url = reverse("wagtailsnippets_stories_story:add") + "?locale=ru"

    page = client.get(add_url).content.decode()

    assert "Time in Europe/Moscow, the zone of the edition “Русский”." in _text(page)


@pytest.mark.django_db
def test_times_are_in_utc_and_say_so_without_an_edition(ru):
    assert edition_time(datetime(2021, 4, 7, 7, 18, tzinfo=UTC), None) == "07 Apr 2021, 07:18 UTC"
    # The calendar's last hour cannot move east of UTC: it is shown as stored, not an error.
    last_hour = datetime(9999, 12, 31, 23, 0, tzinfo=UTC)
    assert edition_time(last_hour, ru.locale_id) == "31 Dec 9999, 23:00 UTC"


@pytest.mark.django_db
def test_a_copy_reads_times_in_the_zone_of_the_original_edition(editor, moscow_story):
    client, _ = editor
    copy_url = reverse("wagtailsnippets_stories_story:copy", args=[moscow_story.pk])

    page = client.get(copy_url).content.decode()

    assert "Time in Europe/Moscow, the zone of the edition “Русский”." in _text(page)
