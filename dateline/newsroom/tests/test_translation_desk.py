"""The translation desk as the newsroom uses it: what waits for translation into an edition, one
action that starts a translation for a translator, their queue, stale translations with what
changed, and the lag per day."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from dateline.stories.factories import StoryFactory
from dateline.stories.models import Story, TranslationKind
from dateline.stories.outbox import reactions_run
from dateline.stories.services import story_publish, translation_create


def _member(django_user_model, role: str, name: str = ""):
    user = django_user_model.objects.create_user(
        username=name or role.lower().replace(" ", "-"), password="pw"
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def _desk(client, edition) -> str:
    return client.get(reverse("dateline_newsroom:desk", args=[edition.slug])).content.decode()


@pytest.mark.django_db
def test_the_desk_lists_published_originals_without_a_version_newest_first(
    admin_client, en, ru, azerbaijan
):
    now = timezone.now()
    older = StoryFactory(
        locale=en.locale, headline="Older original", published_at=now - timedelta(hours=5)
    )
    newer = StoryFactory(
        locale=en.locale,
        headline="Newer original",
        regions=[azerbaijan],
        published_at=now - timedelta(hours=1),
    )
    translated = StoryFactory(locale=en.locale, headline="Already translated")
    translation_create(original=translated, locale=ru.locale)  # a draft counts: work started
    StoryFactory(locale=en.locale, headline="Still a draft", publish=False)

    page = _desk(admin_client, ru)

    assert page.index("Newer original") < page.index("Older original")
    assert "Already translated" not in page and "Still a draft" not in page
    assert "Azerbaijan" in page  # the region
    assert "hours ago" in page  # the age
    assert newer.headline not in _desk(admin_client, en)  # its own edition has it
    assert older.pk


@pytest.mark.django_db
def test_one_action_makes_a_linked_draft_for_a_translator(
    client, django_user_model, en, ru, azerbaijan
):
    original = StoryFactory(
        locale=en.locale, headline="Baku: court frees journalist", regions=[azerbaijan]
    )
    translator = _member(django_user_model, "Translator", "nina")
    client.force_login(_member(django_user_model, "Editor"))

    response = client.post(
        reverse("dateline_newsroom:translate", args=[original.pk]),
        {"edition": "ru", "kind": TranslationKind.ABRIDGED, "translator": translator.pk},
    )

    draft = Story.objects.get(locale=ru.locale)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailsnippets_stories_story:edit", args=[draft.pk])
    assert not draft.live
    assert draft.translation_of == original
    assert draft.translation_kind == TranslationKind.ABRIDGED
    assert draft.translator == translator
    assert draft.translated_from == original.live_revision
    client.force_login(translator)
    queue = client.get(reverse("dateline_newsroom:queue")).content.decode()
    assert "Baku: court frees journalist" in queue
    assert "abridged translation" in queue


@pytest.mark.django_db
def test_translate_is_an_action_on_the_storys_edit_view(admin_client, en, ru):
    original = StoryFactory(locale=en.locale)

    edit = admin_client.get(reverse("wagtailsnippets_stories_story:edit", args=[original.pk]))

    assert reverse("dateline_newsroom:translate", args=[original.pk]) in edit.content.decode()


@pytest.mark.django_db
def test_a_translation_into_an_edition_that_has_one_is_refused(admin_client, en, ru):
    original = StoryFactory(locale=en.locale)
    translation_create(original=original, locale=ru.locale)

    response = admin_client.post(
        reverse("dateline_newsroom:translate", args=[original.pk]),
        {"edition": "ru", "kind": TranslationKind.FULL},
    )

    assert response.status_code == 400
    assert Story.objects.filter(locale=ru.locale).count() == 1


@pytest.mark.django_db
def test_a_reporter_cannot_be_handed_a_translation_and_nobody_without_rights_starts_one(
    client, django_user_model, en, ru
):
    original = StoryFactory(locale=en.locale)
    reporter = _member(django_user_model, "Reporter")
    client.force_login(_member(django_user_model, "Editor"))

    response = client.post(
        reverse("dateline_newsroom:translate", args=[original.pk]),
        {"edition": "ru", "kind": TranslationKind.FULL, "translator": reporter.pk},
    )

    assert response.status_code == 400
    assert not Story.objects.filter(locale=ru.locale).exists()


@pytest.mark.django_db
def test_a_corrected_original_makes_its_translation_stale_until_checked(admin_client, en, ru):
    original = StoryFactory(locale=en.locale, headline="Baku: court frees journalist")
    translation = translation_create(original=original, locale=ru.locale)
    translation.headline = "Баку: суд освободил журналиста"
    translation.save_revision()
    story_publish(story=translation)
    stale_url = reverse("dateline_newsroom:stale")
    assert "Баку: суд освободил журналиста" not in admin_client.get(stale_url).content.decode()

    original.headline = "Baku: court frees two journalists"
    original.save_revision().publish()

    assert "Баку: суд освободил журналиста" in admin_client.get(stale_url).content.decode()
    detail_url = reverse("dateline_newsroom:stale_translation", args=[translation.pk])
    detail = admin_client.get(detail_url).content.decode()
    assert "Baku:&nbsp;court&nbsp;frees&nbsp;journalist</td>" in detail  # as it was
    assert '<span class="diff_add">&nbsp;two</span>' in detail  # what it says now
    admin_client.post(detail_url)
    assert "Баку: суд освободил журналиста" not in admin_client.get(stale_url).content.decode()


@pytest.mark.django_db
def test_the_lag_chart_shows_the_median_hours_per_day(admin_client, en, ru):
    now = timezone.now()
    for hours in (2, 4, 6):
        original = StoryFactory(locale=en.locale, published_at=now - timedelta(hours=hours + 1))
        translation = translation_create(original=original, locale=ru.locale)
        story_publish(story=translation, published_at=now - timedelta(hours=1))

    page = admin_client.get(reverse("dateline_newsroom:lag", args=["ru"])).content.decode()

    assert "<svg" in page and "<rect" in page
    assert "<td>3</td><td>4.0</td>" in page.replace("\n", "")


def _correct(original: Story, text: str) -> None:
    original.notes = [
        {"type": "correction", "value": {"noted_at": timezone.now().isoformat(), "text": text}}
    ]
    original.save_revision().publish()


@pytest.fixture
def translated(django_user_model, en, ru):
    """An original, its published translation and the translator; an editor with a mailbox."""
    translator = _member(django_user_model, "Translator", "nina")
    translator.email = "nina@example.org"
    translator.save()
    editor = _member(django_user_model, "Editor")
    editor.email = "desk@example.org"
    editor.save()
    original = StoryFactory(locale=en.locale, headline="Baku: court frees journalist")
    translation = translation_create(original=original, locale=ru.locale, translator=translator)
    translation.headline = "Баку: суд освободил журналиста"
    translation.save_revision()
    story_publish(story=translation)
    reactions_run()  # what happened before is no news
    return original, translation


@pytest.mark.django_db
def test_a_corrected_original_mails_the_translator_and_the_editors(translated, mailoutbox):
    original, translation = translated

    _correct(original, "The court freed two journalists, not one.")
    reactions_run()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sorted(mail.to) == ["desk@example.org", "nina@example.org"]
    assert "Baku: court frees journalist" in mail.subject
    assert reverse("dateline_newsroom:stale_translation", args=[translation.pk]) in mail.body


@pytest.mark.django_db
def test_an_update_without_a_correction_mails_nobody(translated, mailoutbox):
    original, _translation = translated

    original.lead = "A new lead."
    original.save_revision().publish()
    reactions_run()

    assert mailoutbox == []


@pytest.mark.django_db
def test_a_stale_translation_says_so_on_its_edit_view_and_the_dashboard(admin_client, translated):
    original, translation = translated
    edit_url = reverse("wagtailsnippets_stories_story:edit", args=[translation.pk])
    assert "The original was published again" not in admin_client.get(edit_url).content.decode()

    _correct(original, "The court freed two journalists, not one.")

    assert "The original was published again" in admin_client.get(edit_url).content.decode()
    assert (
        "Translations to check" in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    )


@pytest.mark.django_db
def test_the_diff_shows_a_corrected_paragraph_and_the_correction_note(admin_client, translated):
    original, translation = translated
    original.body = [
        {"type": "paragraph", "value": "<p>The court freed <b>two</b> journalists.</p>"}
    ]

    _correct(original, "The court freed two journalists, not one.")

    detail_url = reverse("dateline_newsroom:stale_translation", args=[translation.pk])
    detail = admin_client.get(detail_url).content.decode()
    assert "<h2>Body</h2>" in detail and "freed" in detail
    assert "<h2>Notes</h2>" in detail and "correction:" in detail
    assert "&lt;b&gt;" not in detail and "<b>two" not in detail  # text, not markup


@pytest.mark.django_db
def test_a_translation_that_follows_no_known_revision_is_not_called_stale(admin_client, en, ru):
    original = StoryFactory(locale=en.locale, headline="Baku: court frees journalist")
    imported = StoryFactory(
        locale=ru.locale,
        headline="Баку: суд освободил журналиста",
        translation_of=original,
        translation_kind=TranslationKind.FULL,
    )
    Story.objects.filter(pk=imported.pk).update(translated_from=None)  # as an import leaves it

    _correct(original, "The court freed two journalists, not one.")

    assert "Баку: суд" not in admin_client.get(reverse("dateline_newsroom:stale")).content.decode()
