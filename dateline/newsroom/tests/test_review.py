"""The newsroom's review, through the admin as each role uses it: reporters submit, editors
approve (which publishes) or send back with a comment, chief editors publish at once and
withdraw; who did what is on the story's history."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from dateline.stories.factories import StoryFactory, story_admin_form
from dateline.stories.models import Story

HEADLINE = "Dagestan: villagers block road demanding gas supply"


def _member(django_user_model, role: str, name: str = ""):
    user = django_user_model.objects.create_user(
        username=name or role.lower().replace(" ", "-"),
        password="pw",
        email=f"{role[0]}@example.org",
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def _add(client, edition, action: str = "") -> Story | None:
    url = reverse("wagtailsnippets_stories_story:add") + f"?locale={edition.language}"
    client.post(url, story_admin_form(headline=HEADLINE) | ({action: action} if action else {}))
    return Story.objects.filter(headline=HEADLINE).first()


def _edit(client, story: Story, action: str) -> None:
    url = reverse("wagtailsnippets_stories_story:edit", args=[story.pk])
    client.post(url, story_admin_form(headline=HEADLINE) | {action: action})


def _task_state(story: Story) -> TaskState:
    return TaskState.objects.for_instance(story).get(status=TaskState.STATUS_IN_PROGRESS)


def _review(client, story: Story, action: str, comment: str = "") -> int:
    url = reverse(
        "wagtailsnippets_stories_story:workflow_action",
        args=[story.pk, action, _task_state(story).pk],
    )
    return client.post(url, {"comment": comment}).status_code


def _submitted(client, django_user_model, en) -> Story:
    client.force_login(_member(django_user_model, "Reporter"))
    story = _add(client, en, "action-submit")
    assert story is not None
    return story


def _page_status(client, story: Story) -> int:
    return client.get(f"/{story.edition.slug}/news/{story.pk}/").status_code


@pytest.mark.django_db
def test_a_reporters_story_waits_for_review_and_an_editors_approval_publishes_it(
    client, django_user_model, en
):
    story = _submitted(client, django_user_model, en)
    assert not story.live
    assert WorkflowState.objects.for_instance(story).get().status == "in_progress"
    assert _page_status(client, story) == 404

    client.force_login(_member(django_user_model, "Editor"))
    _review(client, story, "approve", "Checked with the source.")

    story.refresh_from_db()
    assert story.live
    assert client.get(story.url).status_code == 200


@pytest.mark.django_db
def test_an_editor_sends_a_draft_back_with_a_comment_the_reporter_reads(
    client, django_user_model, en
):
    story = _submitted(client, django_user_model, en)
    reporter = django_user_model.objects.get(username="reporter")
    client.force_login(_member(django_user_model, "Editor"))

    _review(client, story, "reject", "Name the second source, please.")

    story.refresh_from_db()
    assert not story.live
    client.force_login(reporter)
    history = client.get(reverse("wagtailsnippets_stories_story:workflow_history", args=[story.pk]))
    detail_url = reverse(
        "wagtailsnippets_stories_story:workflow_history_detail",
        args=[story.pk, WorkflowState.objects.for_instance(story).get().pk],
    )
    assert history.status_code == 200
    assert "Name the second source, please." in client.get(detail_url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "publishes_at_once"),
    [("Reporter", False), ("Translator", False), ("Editor", False), ("Chief editor", True)],
)
def test_only_a_chief_editor_publishes_without_review(
    client, django_user_model, en, role, publishes_at_once
):
    client.force_login(_member(django_user_model, role))

    story = _add(client, en, "action-publish")

    assert story is not None
    assert story.live is publishes_at_once
    assert (_page_status(client, story) != 404) is publishes_at_once


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "may_review"),
    [("Reporter", False), ("Translator", False), ("Editor", True), ("Chief editor", True)],
)
def test_only_editors_and_chief_editors_approve(client, django_user_model, en, role, may_review):
    story = _submitted(client, django_user_model, en)
    client.force_login(_member(django_user_model, role, name="second"))

    _review(client, story, "approve")

    story.refresh_from_db()
    assert story.live is may_review


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "may_withdraw"),
    [("Reporter", False), ("Translator", False), ("Editor", False), ("Chief editor", True)],
)
def test_only_a_chief_editor_withdraws_a_published_story(
    client, django_user_model, en, role, may_withdraw
):
    story = StoryFactory(locale=en.locale)
    client.force_login(_member(django_user_model, role))

    client.post(
        reverse("wagtailsnippets_stories_story:unpublish", args=[story.pk]), {"reason": "Court"}
    )

    story.refresh_from_db()
    assert story.live is not may_withdraw


@pytest.mark.django_db
def test_the_storys_history_says_who_submitted_approved_and_published_it(
    client, django_user_model, en
):
    story = _submitted(client, django_user_model, en)
    editor = _member(django_user_model, "Editor")
    client.force_login(editor)
    _review(client, story, "approve")

    history = client.get(reverse("wagtailsnippets_stories_story:history", args=[story.pk]))

    page = history.content.decode()
    assert history.status_code == 200
    for said in ("reporter", "editor", "Published", "Approved at", "review&#x27; started"):
        assert said in page, said
