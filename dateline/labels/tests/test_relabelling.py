"""Relabelling the archive as editors meet it: a rule added later labels the stories it names
and no others; a rule or registry entry deleted takes its labels off at once, and each story
says so in its history and to subscribers; a registry imported whole is one pass over the
archive, not one per entry."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from dateline.editions.clock import local_day
from dateline.labels import applying
from dateline.labels.models import LabelRule, Relabelling, StoryLabel
from dateline.labels.registry_import import registry_import
from dateline.labels.relabelling import relabellings_run
from dateline.stories.factories import AuthorFactory, StoryFactory
from dateline.stories.models import StoryChange

from .conftest import AGENT_NOTICE

LABELS_CHANGED = "dateline.labels.changed"


def _page(client, story) -> str:
    return re.sub(r"\s+", " ", client.get(story.url).content.decode())


def _labels_history(story) -> list[dict]:
    entries = ModelLogEntry.objects.filter(object_id=str(story.pk), action=LABELS_CHANGED)
    return [entry.data for entry in entries.order_by("pk")]


def _labels_changes(story) -> int:
    return StoryChange.objects.filter(story_id=story.pk, kind="labels").count()


@pytest.mark.django_db
def test_an_author_rule_added_later_labels_only_that_authors_stories(client, en, notice):
    reporter, other = AuthorFactory(locale=en.locale), AuthorFactory(locale=en.locale)
    theirs = [StoryFactory(locale=en.locale, authors=[reporter]) for _ in range(2)]
    others = StoryFactory(locale=en.locale, authors=[other])

    LabelRule.objects.create(label=notice, kind=LabelRule.Kind.AUTHOR, author=reporter)
    relabelling = Relabelling.objects.get(finished_at__isnull=True)
    assert relabelling.scope == "rule"
    assert not StoryLabel.objects.exists()  # the worker's job
    relabellings_run()

    relabelling.refresh_from_db()
    assert relabelling.finished_at is not None
    assert (relabelling.scanned, relabelling.changed) == (3, 2)
    assert sorted(relabelling.changed_ids) == sorted(s.pk for s in theirs)
    for story in theirs:
        assert AGENT_NOTICE.upper() in _page(client, story)
        assert _labels_changes(story) == 1
        assert "Foreign agent notice" in _labels_history(story)[-1]["added"][0]
    assert AGENT_NOTICE.upper() not in _page(client, others)
    assert _labels_changes(others) == 0


@pytest.mark.django_db
def test_an_edition_rule_added_later_labels_that_edition_only(client, en, ru, notice):
    english = [StoryFactory(locale=en.locale) for _ in range(3)]
    russian = StoryFactory(locale=ru.locale)

    LabelRule.objects.create(label=notice, kind=LabelRule.Kind.EDITION, edition=ru)
    relabellings_run()

    assert AGENT_NOTICE.upper() in _page(client, russian)
    assert not StoryLabel.objects.filter(story__in=english).exists()
    assert Relabelling.objects.get(scope="rule").changed == 1


@pytest.mark.django_db
def test_deleting_a_rule_takes_its_label_off_at_once_and_says_so(client, en, notice, monkeypatch):
    monkeypatch.setattr(applying, "STORIES_AT_ONCE", 1)  # the stories told a few at a time
    rule = LabelRule.objects.create(label=notice, kind=LabelRule.Kind.EDITION, edition=en)
    story = StoryFactory(locale=en.locale)  # labelled at publication
    other = StoryFactory(locale=en.locale)
    relabellings_run()
    assert AGENT_NOTICE.upper() in _page(client, story)
    changes, other_changes = _labels_changes(story), _labels_changes(other)

    rule.delete()

    assert not StoryLabel.objects.filter(story=story).exists()
    assert AGENT_NOTICE.upper() not in _page(client, story)
    assert _labels_changes(story) == changes + 1  # subscribers hear of it
    last = _labels_history(story)[-1]
    assert last["removed"] and "Label rule deleted" in last["why"]
    assert not Relabelling.objects.filter(finished_at__isnull=True).exists()  # no pass needed
    assert _labels_changes(other) == other_changes + 1 and _labels_history(other)[-1]["removed"]


@pytest.mark.django_db
def test_deleting_a_registry_entry_takes_its_notes_off(client, ru, memorial, mention_note):
    story = StoryFactory(
        locale=ru.locale,
        body=[{"type": "paragraph", "value": "<p>Сотрудники «Мемориала» подали жалобу.</p>"}],
    )
    relabellings_run()
    assert "признан иностранным агентом" in _page(client, story)
    changes = _labels_changes(story)

    memorial.delete()

    assert "признан иностранным агентом" not in _page(client, story)
    assert _labels_changes(story) == changes + 1
    assert "Registry entry deleted: Мемориал" in _labels_history(story)[-1]["why"]


@pytest.mark.django_db
def test_a_rule_deleted_before_its_pass_ran_ends_the_pass(en, notice):
    StoryFactory(locale=en.locale)
    rule = LabelRule.objects.create(label=notice, kind=LabelRule.Kind.EDITION, edition=en)
    LabelRule.objects.filter(pk=rule.pk).delete()  # as if between two of the worker's turns
    StoryLabel.objects.all().delete()

    relabellings_run()

    relabelling = Relabelling.objects.get(scope="rule")
    assert relabelling.finished_at is not None and relabelling.changed == 0
    assert not StoryLabel.objects.exists()


@pytest.mark.django_db
def test_a_registry_imported_whole_is_one_pass_over_the_archive(tmp_path, client, ru, mention_note):
    golos = StoryFactory(
        locale=ru.locale,
        body=[{"type": "paragraph", "value": "<p>Наблюдатели «Голоса» пришли на участок.</p>"}],
    )
    memorial = StoryFactory(
        locale=ru.locale,
        body=[{"type": "paragraph", "value": "<p>Суд над «Мемориалом» отложен.</p>"}],
    )
    neither = StoryFactory(locale=ru.locale, headline="В Баку открылась выставка")
    # "голос" is a common word too: unquoted, the name waits for an editor.
    unsure = StoryFactory(locale=ru.locale, headline="Голос заявил о нарушениях")
    relabellings_run()  # the mention rule's own pass: no entries yet
    path = tmp_path / "registry.csv"
    path.write_text(
        "id,name,aliases,kind,designated_on,removed_on,source\n"
        "E1,Мемориал,Memorial,foreign_agent,2016-07-21,,\n"
        "E3,Голос,,foreign_agent,2022-05-20,,\n"
        "E9,Фонд борьбы,FBK,banned,2021-06-09,,\n",
        encoding="utf-8",
    )

    assert registry_import(path).created == 3

    passes = Relabelling.objects.filter(finished_at__isnull=True)
    assert [p.scope for p in passes] == ["mentions"]
    relabellings_run()
    done = Relabelling.objects.get(scope="mentions")
    assert (done.scanned, done.changed) == (4, 2)
    assert (done.flagged, done.flagged_ids) == (1, [unsure.pk])
    assert "«Голоса (признан иностранным агентом)»" in _page(client, golos)
    assert "«Мемориалом (признан иностранным агентом)»" in _page(client, memorial)
    assert not StoryLabel.objects.filter(story=neither).exists()


@pytest.mark.django_db
def test_a_removal_and_a_rule_dated_tomorrow_take_effect_when_the_day_turns(
    client, ru, memorial, mention_note, notice, monkeypatch
):
    today = local_day(timezone.now(), ru)
    story = StoryFactory(
        locale=ru.locale,
        body=[{"type": "paragraph", "value": "<p>Сотрудники «Мемориала» подали жалобу.</p>"}],
    )
    LabelRule.objects.create(
        label=notice, kind=LabelRule.Kind.EDITION, edition=ru, starts_on=today + timedelta(1)
    )
    memorial.removed_on = today + timedelta(1)
    memorial.save()
    relabellings_run()
    page = _page(client, story)
    assert "признан иностранным агентом" in page and AGENT_NOTICE.upper() not in page

    tomorrow = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    relabellings_run()

    page = _page(client, story)
    assert "признан иностранным агентом" not in page and AGENT_NOTICE.upper() in page
    dated = Relabelling.objects.filter(reason__contains="dated").values_list("scope", flat=True)
    assert sorted(dated) == ["entity", "rule"]
    relabellings_run()  # the same day again: nothing more to start
    assert Relabelling.objects.filter(reason__contains="dated").count() == 2
