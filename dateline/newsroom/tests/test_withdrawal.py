"""A withdrawal (legal kill): the chief editor says why, readers of the story's address get a
notice instead of the story, no list shows it, and the story's history keeps the reason."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from dateline.stories.factories import StoryFactory
from dateline.stories.models import Story
from dateline.stories.services import story_publish, story_withdraw

HEADLINE = "Baku: court frees journalist"


@pytest.fixture
def chief(client, django_user_model):
    user = django_user_model.objects.create_user(username="chief", password="pw")
    user.groups.add(Group.objects.get(name="Chief editor"))
    client.force_login(user)
    return user


def _withdraw(client, story, reason: str):
    return client.post(
        reverse("wagtailsnippets_stories_story:unpublish", args=[story.pk]), {"reason": reason}
    )


@pytest.mark.django_db
def test_a_withdrawal_without_a_reason_is_refused_and_the_story_stays(client, en, chief):
    story = StoryFactory(locale=en.locale, headline=HEADLINE)

    response = _withdraw(client, story, "  ")

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    story.refresh_from_db()
    assert story.live


@pytest.mark.django_db
def test_a_withdrawn_storys_address_says_so_and_nothing_of_what_it_said(client, en, chief):
    story = StoryFactory(locale=en.locale, headline=HEADLINE, lead="A secret lead.")
    url = story.url

    assert _withdraw(client, story, "Court order of 3 May").status_code == 302

    client.logout()
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 410
    assert "This story has been withdrawn" in text
    assert HEADLINE not in text and "A secret lead." not in text
    assert "Court order" not in text  # the reason is the newsroom's
    for listing in ("/en/", "/en/news/"):
        assert HEADLINE not in client.get(listing).content.decode()


@pytest.mark.django_db
def test_the_storys_history_keeps_who_withdrew_it_and_why(client, en, chief):
    story = StoryFactory(locale=en.locale, headline=HEADLINE)
    _withdraw(client, story, "Court order of 3 May")

    history = client.get(reverse("wagtailsnippets_stories_story:history", args=[story.pk]))

    text = history.content.decode()
    assert "Withdrawn: Court order of 3 May" in text
    assert "chief" in text
    story.refresh_from_db()
    assert story.withdrawal_reason == "Court order of 3 May"


@pytest.mark.django_db
def test_a_story_published_again_after_a_withdrawal_is_a_story_again(client, en, chief):
    story = StoryFactory(locale=en.locale, headline=HEADLINE)
    _withdraw(client, story, "Mistaken identity")
    story.refresh_from_db()

    story.save_revision()
    story = story_publish(story=story)

    assert story.withdrawn_at is None
    assert client.get(story.url).status_code == 200


@pytest.mark.django_db
def test_a_draft_nobody_published_is_a_404_not_a_withdrawal(client, en):
    draft = StoryFactory(locale=en.locale, headline=HEADLINE, publish=False)

    assert client.get(f"/en/news/{draft.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_notice_speaks_the_editions_language(client, ru):
    story = StoryFactory(locale=ru.locale, headline="Баку: суд освободил журналиста")
    story_withdraw(story=story, reason="Решение суда")

    page = client.get(story.url).content.decode()

    assert "Материал отозван" in page
    assert "Баку: суд" not in page


def _bulk(client, action: str, stories, data=None):
    url = reverse("wagtail_bulk_action", args=("stories", "story", action))
    query = "&".join(f"id={story.pk}" for story in stories)
    return client.post(f"{url}?{query}&next=/admin/", data or {})


@pytest.mark.django_db
def test_a_chief_editor_withdraws_several_stories_at_once_with_one_reason(client, en, chief):
    stories = [StoryFactory(locale=en.locale, headline=f"Story {i}") for i in range(3)]

    refused = _bulk(client, "withdraw", stories[:2])
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    _bulk(client, "withdraw", stories[:2], {"reason": "Court order of 3 May"})

    for story in stories:
        story.refresh_from_db()
    assert [story.live for story in stories] == [False, False, True]
    assert stories[0].withdrawal_reason == "Court order of 3 May"
    assert client.get(stories[1].url).status_code == 410


@pytest.mark.django_db
def test_bulk_publish_is_the_chief_editors_and_not_an_editors(client, django_user_model, en, chief):
    drafts = [StoryFactory(locale=en.locale, publish=False) for _ in range(2)]
    editor = django_user_model.objects.create_user(username="ed", password="pw")
    editor.groups.add(Group.objects.get(name="Editor"))

    client.force_login(editor)
    _bulk(client, "publish", drafts)
    assert not any(Story.objects.get(pk=d.pk).live for d in drafts)

    client.force_login(chief)
    _bulk(client, "publish", drafts)
    assert all(Story.objects.get(pk=d.pk).live for d in drafts)
