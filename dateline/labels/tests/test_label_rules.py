"""Label rules as readers and subscribers meet them: each kind of rule puts its label on the
stories it names, only while it is in force, and the same text stands on the page, in the
feeds and in the API; a mention of a registry entry takes its kind's note after the first
mention; a registry change relabels the archive in the background."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from dateline.labels.models import (
    EntityKind,
    Label,
    LabelRule,
    LabelText,
    RegistryEntity,
    Relabelling,
    StoryLabel,
)
from dateline.labels.relabelling import relabellings_run
from dateline.stories.factories import AuthorFactory, StoryFactory
from dateline.stories.models import StoryChange
from dateline.syndication.tests.api_reading import api_get, key_made, ninjs_errors

from .conftest import AGENT_NOTICE


def _page(client, story) -> str:
    return re.sub(r"\s+", " ", client.get(story.url).content.decode())


def _label(name: str, placement: str = "top", **texts: str) -> Label:
    label = Label.objects.create(name=name, placement=placement)
    for language, text in texts.items():
        LabelText.objects.create(label=label, language=language, text=text)
    return label


@pytest.mark.django_db
def test_an_edition_rule_labels_every_story_on_page_feed_and_api(client, en, notice):
    LabelRule.objects.create(label=notice, kind=LabelRule.Kind.EDITION, edition=en)
    story = StoryFactory(locale=en.locale, headline="Baku: court hears the activists")
    printed = AGENT_NOTICE.upper()

    page = _page(client, story)
    label = (
        f'<p class="story-label story-label-top label-scale-200" lang="ru" role="note">{printed}'
    )
    assert label in page
    assert page.index("<h1>") < page.index(label) < page.index('class="body"')
    assert f'<meta property="og:description" content="{printed}' in page
    feed = client.get("/en/feeds/rss.xml").content.decode()
    assert printed in feed
    item = api_get(client, f"/api/stories/{story.pk}", key_made(en)).json()
    assert {"role": "label", "contentType": "text/plain", "value": printed} in item["descriptions"]
    assert printed in item["bodies"][0]["value"]
    assert ninjs_errors(item) == []

    row = StoryLabel.objects.get(story=story)
    assert row.rule.kind == LabelRule.Kind.EDITION and row.label == notice
    logged = ModelLogEntry.objects.filter(object_id=str(story.pk), action="dateline.labels.changed")
    assert logged.exists()


@pytest.mark.django_db
def test_an_edition_rule_leaves_the_other_edition_alone(client, en, ru, notice):
    LabelRule.objects.create(label=notice, kind=LabelRule.Kind.EDITION, edition=ru)
    english = StoryFactory(locale=en.locale)
    assert AGENT_NOTICE.upper() not in _page(client, english)


@pytest.mark.django_db
def test_author_source_region_and_topic_rules_label_the_stories_they_name(en, azerbaijan, courts):
    reporter, other = AuthorFactory(locale=en.locale), AuthorFactory(locale=en.locale)
    by_author = _label("Author's label", en="Written by a designated person")
    by_source = _label("Sponsor", en="Sponsored content")
    by_region = _label("Region", en="Region label")
    by_topic = _label("Topic", en="Topic label")
    LabelRule.objects.create(label=by_author, kind=LabelRule.Kind.AUTHOR, author=reporter)
    LabelRule.objects.create(label=by_source, kind=LabelRule.Kind.SOURCE, source="report.az")
    LabelRule.objects.create(label=by_region, kind=LabelRule.Kind.REGION, region=azerbaijan)
    LabelRule.objects.create(label=by_topic, kind=LabelRule.Kind.TOPIC, topic=courts)

    every = StoryFactory(
        locale=en.locale,
        authors=[reporter],
        sources=[{"name": "Report.az", "url": ""}],
        regions=[azerbaijan],
        topics=[courts],
    )
    none = StoryFactory(locale=en.locale, authors=[other])

    carried = {row.label for row in StoryLabel.objects.filter(story=every)}
    assert carried == {by_author, by_source, by_region, by_topic}
    assert not StoryLabel.objects.filter(story=none).exists()


@pytest.mark.django_db
def test_a_rule_applies_only_while_in_force(client, en, notice):
    today = timezone.now().date()
    LabelRule.objects.create(
        label=notice, kind=LabelRule.Kind.EDITION, edition=en, starts_on=today + timedelta(1)
    )
    LabelRule.objects.create(
        label=notice,
        kind=LabelRule.Kind.EDITION,
        edition=en,
        starts_on=today - timedelta(10),
        ends_on=today,
    )
    story = StoryFactory(locale=en.locale)
    assert not StoryLabel.objects.filter(story=story).exists()
    assert AGENT_NOTICE.upper() not in _page(client, story)


@pytest.mark.django_db
def test_a_mention_takes_its_kinds_note_after_the_first_mention_everywhere(
    client, ru, memorial, mention_note
):
    story = StoryFactory(
        locale=ru.locale,
        headline="Суд рассмотрел иск",
        lead="Юристы обжаловали решение.",
        body=[
            {"type": "paragraph", "value": "<p>Сотрудники «Мемориала» подали жалобу.</p>"},
            {"type": "paragraph", "value": "<p>В «Мемориале» ждут ответа.</p>"},
        ],
    )
    noted = "Сотрудники «Мемориала (признан иностранным агентом)» подали жалобу."
    page = _page(client, story)
    assert noted in page
    assert "В «Мемориале» ждут ответа." in page  # only the first mention
    assert noted in client.get("/ru/feeds/rss.xml").content.decode()
    item = api_get(client, f"/api/stories/{story.pk}", key_made(ru)).json()
    assert noted in item["bodies"][0]["value"]

    row = StoryLabel.objects.get(story=story)
    assert (row.entity, row.rule.kind, row.mention) == (memorial, "mention", "Мемориала")


@pytest.mark.django_db
def test_a_registry_entry_added_later_relabels_the_archive(client, ru, mention_note):
    story = StoryFactory(
        locale=ru.locale,
        body=[{"type": "paragraph", "value": "<p>Наблюдатели «Голоса» пришли на участок.</p>"}],
    )
    other = StoryFactory(locale=ru.locale)
    relabellings_run()  # the mention rule's own pass, over an archive without the entry
    assert not StoryLabel.objects.filter(story=story).exists()
    before = StoryChange.objects.filter(story_id=story.pk).count()

    golos = RegistryEntity.objects.create(
        external_id="E3",
        name="Голос",
        kind=EntityKind.objects.get(slug="foreign_agent"),
        designated_on=date(2022, 5, 20),
    )
    relabelling = Relabelling.objects.get(entity=golos)
    assert relabelling.finished_at is None  # waits for the worker
    relabellings_run()

    relabelling.refresh_from_db()
    assert relabelling.finished_at is not None
    assert relabelling.changed == 1 and relabelling.changed_ids == [story.pk]
    assert relabelling.scanned == relabelling.total == 2
    assert StoryLabel.objects.get(story=story).entity == golos
    assert not StoryLabel.objects.filter(story=other).exists()
    assert StoryChange.objects.filter(story_id=story.pk).count() == before + 1
    assert StoryChange.objects.filter(story_id=story.pk).last().kind == "labels"
    assert "«Голоса (признан иностранным агентом)»" in _page(client, story)

    # Taken off the registry from today: the label goes with the next relabelling.
    golos.removed_on = timezone.now().date()
    golos.save()
    relabellings_run()
    assert not StoryLabel.objects.filter(story=story).exists()
    assert "признан иностранным агентом" not in _page(client, story)
