"""The publish guard in the story form: a name the detector flags for review (a surname alone)
stops publication until an editor decides, with a reason, whether it is the registry's entry;
the decision and the labels editors choose are kept in the story's history."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import rich_text, streamfield

from dateline.labels.models import (
    Label,
    LabelRule,
    LabelText,
    MentionDecision,
    StoryLabel,
)
from dateline.stories.factories import story_admin_form
from dateline.stories.models import Story

SURNAME_ALONE = "<p>Пономарёв заявил, что обжалует решение суда.</p>"


def _add(client, edition, body: str, **extra: str):
    url = reverse("wagtailsnippets_stories_story:add") + f"?locale={edition.language}"
    form = story_admin_form(body=streamfield([("paragraph", rich_text(body))]))
    return client.post(url, form | {"action-publish": "publish"} | extra)


@pytest.mark.django_db
def test_a_flagged_name_stops_publication_until_an_editor_decides(client, chief, ru, ponomarev):
    refused = _add(client, ru, SURNAME_ALONE)
    assert refused.status_code == 200
    assert "cannot be published until an editor decides" in refused.content.decode()
    assert "Пономарёв" in refused.content.decode()
    assert not Story.objects.filter(live=True).exists()

    no_reason = _add(client, ru, SURNAME_ALONE, labels_decision="not")
    assert no_reason.status_code == 200 and not Story.objects.filter(live=True).exists()

    published = _add(
        client, ru, SURNAME_ALONE, labels_decision="not", labels_reason="Another Ponomarev, a judge"
    )
    assert published.status_code == 302
    story = Story.objects.get(live=True)
    decision = MentionDecision.objects.get(story=story)
    assert (decision.entity, decision.is_mention, decision.user) == (ponomarev, False, chief)
    assert not StoryLabel.objects.filter(story=story).exists()
    logged = ModelLogEntry.objects.get(object_id=str(story.pk), action="dateline.labels.decided")
    assert logged.data["reason"] == "Another Ponomarev, a judge"


@pytest.mark.django_db
def test_an_editor_says_a_flagged_name_is_the_entry_and_it_is_labelled(
    client, chief, ru, ponomarev
):
    published = _add(
        client, ru, SURNAME_ALONE, labels_decision="label", labels_reason="He is the activist"
    )
    assert published.status_code == 302
    story = Story.objects.get(live=True)
    assert StoryLabel.objects.get(story=story).entity == ponomarev
    page = client.get(story.url).content.decode()
    assert "Пономарёв (признан иностранным агентом) заявил" in page


@pytest.mark.django_db
def test_a_full_name_is_labelled_without_stopping_anyone(client, chief, ru, ponomarev):
    published = _add(client, ru, "<p>Аркадий Пономарёв заявил о давлении.</p>")
    assert published.status_code == 302
    assert StoryLabel.objects.get(story__live=True).entity == ponomarev


@pytest.mark.django_db
def test_an_editor_chooses_a_label_with_a_reason(client, chief, en):
    sponsored = Label.objects.create(name="Sponsored", placement="top")
    LabelText.objects.create(label=sponsored, language="en", text="Sponsored content")
    LabelRule.objects.create(label=sponsored, kind=LabelRule.Kind.EDITOR)

    refused = _add(client, en, "<p>A text.</p>", labels_chosen=str(sponsored.pk))
    assert refused.status_code == 200 and "Say why" in refused.content.decode()

    published = _add(
        client, en, "<p>A text.</p>", labels_chosen=str(sponsored.pk), labels_reason="Paid by X"
    )
    assert published.status_code == 302
    story = Story.objects.get(live=True)
    row = StoryLabel.objects.get(story=story)
    assert (row.label, row.reason, row.applied_by) == (sponsored, "Paid by X", chief)
    assert "Sponsored content" in client.get(story.url).content.decode()
    edit = client.get(reverse("wagtailsnippets_stories_story:edit", args=[story.pk]))
    assert "chosen by chief: Paid by X" in edit.content.decode()
