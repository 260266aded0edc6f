"""Stories written in bulk are read, searched, edited and republished like stories made by hand."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from dateline.demo import content
from dateline.editions.models import Edition
from dateline.labels.models import Label, LabelRule, LabelText, StoryLabel
from dateline.labels.relabelling import relabellings_run
from dateline.search.index import stories_index
from dateline.search.models import SearchEntry
from dateline.search.query import story_search
from dateline.stories.factories import AuthorFactory
from dateline.stories.models import Story
from dateline.taxonomy.factories import region_add, topic_add

STORIES = 50


@pytest.fixture
def newsroom(en, ru, en_front, ru_front, azerbaijan, courts):
    """Two editions with a region, a topic and three reporters each, versions of each other."""
    region_add(parent=ru_front, title="Азербайджан", slug="azerbaijan", translation_of=azerbaijan)
    topic_add(parent=ru_front, title="Суды", slug="courts", translation_of=courts)
    for english, russian in content.AUTHORS[:3]:
        author = AuthorFactory(name=english, locale=en.locale)
        AuthorFactory(name=russian, locale=ru.locale, translation_key=author.translation_key)


def _bulk_load(**options) -> str:
    out = io.StringIO()
    call_command("bulk-load", stdout=out, **options)
    return out.getvalue()


def _as_stored(data: dict) -> dict:
    """Revision data as JSON gives it back, with the streams' JSON text read (PostgreSQL's jsonb
    reorders the keys of a stream's blocks)."""
    data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return data | {name: json.loads(data[name]) for name in ("body", "sources", "notes")}


def _newest(stories):
    return stories.order_by("-first_published_at", "-id").first()


@pytest.mark.django_db
def test_bulk_stories_are_published_across_both_editions(newsroom, en, ru):
    out = _bulk_load(stories=STORIES, seed=7)
    assert re.search(
        rf"^{STORIES} stories in [\d.]+ s \(\d+ stories/s\), database size [\d.]+ MB", out, re.M
    )

    stories = Story.objects.all()
    assert stories.count() == STORIES
    assert set(stories.values_list("live", "has_unpublished_changes").distinct()) == {(True, False)}
    assert stories.filter(locale=en.locale).exists() and stories.filter(locale=ru.locale).exists()
    assert stories.exclude(lead_photo=None).exists()
    translations = stories.exclude(translation_of=None).select_related("translation_of")
    assert translations.count() == round(STORIES / 3)
    assert {t.translation_kind for t in translations} == {"full", "abridged"}
    for translation in translations:
        original = translation.translation_of
        assert translation.translation_key == original.translation_key
        assert translation.locale_id != original.locale_id
        assert translation.first_published_at > original.first_published_at
    for story in stories:
        assert story.first_published_at == story.last_published_at
        assert story.latest_revision_id == story.live_revision_id is not None
        assert story.revisions.count() == 1
        assert story.latest_revision.created_at == story.first_published_at
    oldest = stories.order_by("first_published_at").first().first_published_at
    newest = _newest(stories).first_published_at
    assert (newest - oldest).days > 365 * 10  # spread over the years, not one day


@pytest.mark.django_db
def test_bulk_stories_are_stored_as_the_models_own_code_would_store_them(newsroom):
    _bulk_load(stories=STORIES, seed=7)
    backend = get_search_backend()
    for story in Story.objects.all():
        # The admin's revision of the story as it is now, but for the revision pointers that
        # only exist once the revision does.
        admin_data = story.serializable_data() | {"latest_revision": None, "live_revision": None}
        assert _as_stored(story.latest_revision.content) == _as_stored(admin_data)
        log = ModelLogEntry.objects.for_instance(story).get()
        assert (log.action, log.revision_id, log.label) == (
            "wagtail.publish",
            story.latest_revision_id,
            story.headline,
        )

        references = set(ReferenceIndex.get_references_for_object(story).values_list())
        ReferenceIndex.create_or_update_for_object(story)
        assert set(ReferenceIndex.get_references_for_object(story).values_list()) == references

        index_entry = IndexEntry.objects.values("title", "autocomplete", "body")
        stored = list(index_entry.filter(object_id=str(story.pk), content_type__model="story"))
        backend.add(story)
        assert list(index_entry.filter(object_id=str(story.pk), content_type__model="story")) == (
            stored
        )
        entry = SearchEntry.objects.filter(story=story).values()
        bulk_entry = list(entry)
        stories_index([story])
        assert list(entry) == bulk_entry != []

        body, slug = story.body.raw_data[:], story.slug
        story.save()  # what save() makes of the headline and body is already there
        story.refresh_from_db()
        assert (list(story.body.raw_data), story.slug) == (body, slug)
    assert ReferenceIndex.objects.filter(model_path="byline.item.author").exists()
    assert ReferenceIndex.objects.filter(model_path="lead_photo").exists()


@pytest.mark.django_db
def test_readers_find_bulk_stories_on_pages_and_in_search(client, newsroom, en, azerbaijan):
    _bulk_load(stories=STORIES, seed=7)
    story = _newest(Story.objects.filter(locale=en.locale))
    page = client.get(story.url)
    assert page.status_code == 200
    assert story.headline in page.content.decode()
    assert story.url in client.get("/en/").content.decode()

    in_region = _newest(Story.objects.filter(regions=azerbaijan))
    assert in_region.url in client.get("/en/azerbaijan/").content.decode()

    word = max(story.headline.split(), key=len)
    found = get_search_backend().search(word, Story.objects.filter(locale=en.locale))
    assert story in list(found[:STORIES])
    assert story.pk in [hit.story_id for hit in story_search(word, en, limit=STORIES)]

    translation = Story.objects.exclude(translation_of=None).select_related("translation_of")[0]
    page = client.get(translation.url).content.decode()
    assert 'class="translation-note' in page
    assert translation.translation_of.url in page


@pytest.mark.django_db
def test_no_index_leaves_search_to_update_index(newsroom, en):
    out = _bulk_load(stories=10, seed=3, index=False)  # --no-index
    assert "not indexed for search" in out
    story = Story.objects.filter(locale=en.locale).first()
    word = max(story.headline.split(), key=len)
    assert list(get_search_backend().search(word, Story.objects.all())) == []
    assert story_search(word, en) == []
    call_command("update_index", stdout=io.StringIO())
    call_command("reindex", stdout=io.StringIO())
    assert story in get_search_backend().search(word, Story.objects.all())
    assert story.pk in [hit.story_id for hit in story_search(word, en, limit=10)]


def _block_form_value(block):
    if block.block_type == "paragraph":
        return rich_text(block.value.source)
    if block.block_type == "photo":
        return {"image": str(block.value["image"].pk), "caption": block.value["caption"]}
    if block.block_type == "see_also":
        return {"story": str(block.value["story"].pk)}
    return dict(block.value)


def _edit_form(story: Story, **overrides) -> dict:
    """The edit form as the admin posts it for the story, with `overrides` changed."""
    byline = story.byline.all()
    fields = {
        "headline": story.headline,
        "lead": story.lead,
        "lead_photo": str(story.lead_photo_id or ""),
        "lead_photo_caption": story.lead_photo_caption,
        "body": streamfield([(b.block_type, _block_form_value(b)) for b in story.body]),
        "byline": inline_formset(
            [{"id": str(credit.pk), "author": str(credit.author_id)} for credit in byline],
            initial=len(byline),
        ),
        "sources": streamfield([("source", dict(b.value)) for b in story.sources]),
        "notes": streamfield([]),
        "translation_of": str(story.translation_of_id or ""),
        "translation_kind": story.translation_kind,
    }
    return nested_form_data(fields | overrides) | {
        "regions": [str(pk) for pk in story.regions.values_list("pk", flat=True)],
        "topics": [str(pk) for pk in story.topics.values_list("pk", flat=True)],
    }


@pytest.mark.django_db
def test_editor_edits_and_republishes_a_bulk_story(client, django_user_model, newsroom):
    _bulk_load(stories=STORIES, seed=7)
    story = next(
        s
        for s in Story.objects.exclude(translation_of=None).order_by("pk")
        if s.byline.exists() and s.regions.exists() and not s.notes
    )
    first_published_at, bulk_revision = story.first_published_at, story.latest_revision
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.com", "pw"))

    edit_url = reverse("wagtailsnippets_stories_story:edit", args=[story.pk])
    form = client.get(edit_url)
    assert form.status_code == 200
    assert story.headline in form.content.decode()

    response = client.post(
        edit_url,
        _edit_form(story, headline="Azerbaijan: court releases the blogger")
        | {"action-publish": "publish"},
    )
    assert response.status_code == 302, response.context["form"].errors

    story.refresh_from_db()
    assert story.headline == "Azerbaijan: court releases the blogger"
    assert story.first_published_at == first_published_at
    assert story.last_published_at > first_published_at
    assert story.revisions.count() == 2
    assert story.translation_of_id is not None and story.byline.exists()
    page = client.get(story.url)
    assert "Azerbaijan: court releases the blogger" in page.content.decode()

    views = "wagtailsnippets_stories_story"
    history = client.get(reverse(f"{views}:history", args=[story.pk]))
    assert history.status_code == 200
    revert = client.get(reverse(f"{views}:revisions_revert", args=[story.pk, bulk_revision.pk]))
    assert revert.status_code == 200
    compare = client.get(
        reverse(
            f"{views}:revisions_compare",
            args=[story.pk, bulk_revision.pk, story.latest_revision_id],
        )
    )
    assert compare.status_code == 200
    assert "court releases the blogger" in compare.content.decode()


@pytest.mark.django_db
def test_empty_database_gets_the_demo_editions_first(client):
    out = _bulk_load(stories=30, seed=1)
    assert out.startswith("30 stories in ")
    assert sorted(e.language for e in Edition.objects.all()) == ["en", "ru"]
    stories = Story.objects.all()
    assert stories.exclude(translation_of=None).count() == 10
    assert stories.filter(regions__isnull=False, topics__isnull=False, byline__isnull=False)
    assert Revision.objects.filter(base_content_type=Story.get_base_content_type()).count() == 30
    story = _newest(stories)
    assert story.headline in client.get(story.url).content.decode()


@pytest.mark.django_db
def test_bulk_stories_take_their_labels_when_the_worker_runs_the_rules_passes(newsroom, ru):
    notice = Label.objects.create(name="Notice", fixed_language="ru", upper_case=True)
    LabelText.objects.create(label=notice, language="ru", text="Материал иностранного агента")
    LabelRule.objects.create(label=notice, kind=LabelRule.Kind.EDITION, edition=ru)
    relabellings_run()

    _bulk_load(stories=STORIES, seed=3)
    russian = Story.objects.filter(locale=ru.locale)
    assert not StoryLabel.objects.exists()  # no publish signal: the passes are queued

    relabellings_run()
    assert StoryLabel.objects.filter(label=notice).count() == russian.count() > 0
    assert not StoryLabel.objects.exclude(story__in=russian).exists()
