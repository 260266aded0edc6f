"""With --varied-text every bulk story has words of its own, in its edition's language; --mention
plants a name in a known number of stories."""

import io
import re
from html import unescape
from os.path import commonprefix

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from dateline.demo.bulk import VARIED_MIN_CHARS, stories_bulk_load
from dateline.photos.factories import PhotoFactory
from dateline.stories.models import Story

from .test_bulk_load import newsroom  # noqa: F401 (the two editions the stories go to)

STORIES = 40
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("newsroom", "photos")]

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
LETTER = re.compile(r"[^\W\d_]")


@pytest.fixture
def photos():
    """Photos from the start: the loader makes some on a database without any, which would
    leave its random choices elsewhere on a second run than on the first."""
    return PhotoFactory.create_batch(4)


def _bulk_load(**options) -> str:
    out = io.StringIO()
    call_command("bulk-load", stdout=out, **options)
    return out.getvalue()


def _paragraphs(story: Story) -> list[str]:
    """The body's paragraphs as a reader reads them."""
    return [
        unescape(re.sub(r"<[^>]+>", "", block["value"]))
        for block in story.body.raw_data
        if block["type"] == "paragraph"
    ]


def _text(story: Story) -> str:
    quotes = [block["value"]["text"] for block in story.body.raw_data if block["type"] == "quote"]
    return "\n".join([story.headline, story.lead, *_paragraphs(story), *quotes])


def _words(stories) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(s.headline, s.lead, tuple(_paragraphs(s))) for s in stories]


def test_every_story_has_a_long_body_of_its_own():
    _bulk_load(stories=STORIES, seed=5, varied_text=True)
    stories = list(Story.objects.order_by("pk"))
    assert len(stories) == STORIES
    bodies = [" ".join(_paragraphs(story)) for story in stories]
    assert min(len(body) for body in bodies) >= VARIED_MIN_CHARS
    assert len(set(bodies)) == STORIES
    # Headlines and leads vary as well (the content bank has a dozen and four).
    assert len({story.headline for story in stories}) == STORIES
    assert len({story.lead for story in stories}) == STORIES
    abridged = [s for s in stories if s.translation_kind == "abridged"]
    assert abridged and all(len(" ".join(_paragraphs(s))) >= VARIED_MIN_CHARS for s in abridged)


def test_the_same_seed_writes_the_same_words():
    _bulk_load(stories=STORIES, seed=5, varied_text=True)
    first = list(Story.objects.order_by("pk"))
    _bulk_load(stories=STORIES, seed=5, varied_text=True)
    second = list(Story.objects.order_by("pk"))[STORIES:]
    assert _words(second) == _words(first)
    assert [_text(s) for s in second] == [_text(s) for s in first]

    _bulk_load(stories=STORIES, seed=6, varied_text=True)
    other = list(Story.objects.order_by("pk"))[2 * STORIES :]
    assert not {body for _, _, body in _words(other)} & {body for _, _, body in _words(first)}


def test_russian_stories_are_in_cyrillic_and_english_ones_in_latin(en, ru):
    _bulk_load(stories=STORIES, seed=5, varied_text=True)
    russian = Story.objects.filter(locale=ru.locale)
    english = Story.objects.filter(locale=en.locale)
    assert russian.exists() and english.exists()
    for story in russian:
        letters = LETTER.findall(_text(story))
        cyrillic = sum(1 for letter in letters if CYRILLIC.match(letter))
        # Latin letters only in a few agencies' names (Report.az, OC Media, Telegram).
        assert cyrillic / len(letters) > 0.95, story.headline
    for story in english:
        assert not CYRILLIC.search(_text(story)), story.headline
    translation = (
        russian.exclude(translation_of=None).first() or english.exclude(translation_of=None).first()
    )
    assert _paragraphs(translation) != _paragraphs(translation.translation_of)


def test_varied_stories_are_stored_as_the_models_own_code_would_store_them():
    name = 'O\'Brien & "Partners" <Ltd>'  # written as entities: not the short way to HTML
    out = _bulk_load(stories=10, seed=5, varied_text=True, mention=[name], mention_share=0.5)
    assert "is named in 5 stories" in out
    backend = get_search_backend()
    index_entry = IndexEntry.objects.values("title", "autocomplete", "body")
    for story in Story.objects.all():
        stored = list(index_entry.filter(object_id=str(story.pk), content_type__model="story"))
        backend.add(story)
        assert list(index_entry.filter(object_id=str(story.pk), content_type__model="story")) == (
            stored
        )

        body, slug = story.body.raw_data[:], story.slug
        story.save()  # what save() makes of the headline and body is already there
        story.refresh_from_db()
        assert (list(story.body.raw_data), story.slug) == (body, slug)


@pytest.mark.parametrize("varied_text", [True, False])
def test_mentions_are_planted_in_the_number_of_stories_reported(varied_text):
    names = ["Фонд Зорькина", "Zorkin Fund"]
    out = _bulk_load(
        stories=STORIES, seed=5, varied_text=varied_text, mention=names, mention_share=0.1
    )
    for name in names:
        assert f"'{name}' is named in 4 stories" in out
        assert sum(1 for story in Story.objects.all() if name in _text(story)) == 4


def test_a_mention_adds_its_sentence_and_changes_nothing_else():
    plain = stories_bulk_load(stories=STORIES, seed=5, varied_text=True)
    assert plain.mentions == {}
    result = stories_bulk_load(
        stories=STORIES, seed=5, varied_text=True, mentions=["Zorkin Fund"], mention_share=0.25
    )
    assert result.mentions == {"Zorkin Fund": 10}
    assert result.unplanted_mentions == {"Zorkin Fund": 0}
    stories = list(Story.objects.order_by("pk"))
    for before, after in zip(stories[:STORIES], stories[STORIES:], strict=True):
        assert (after.headline, after.lead) == (before.headline, before.lead)
        text_before, text_after = " ".join(_paragraphs(before)), " ".join(_paragraphs(after))
        if "Zorkin Fund" in text_after:
            # The same text around one sentence more.
            same_start = len(commonprefix([text_before, text_after]))
            same_end = len(commonprefix([text_before[::-1], text_after[::-1]]))
            assert same_start + same_end >= len(text_before)
            assert "Zorkin Fund" in text_after[same_start : len(text_after) - same_end]
        else:
            assert text_after == text_before


def test_mention_share_needs_a_mention():
    with pytest.raises(CommandError, match="--mention-share needs"):
        _bulk_load(stories=5, mention_share=0.1)
