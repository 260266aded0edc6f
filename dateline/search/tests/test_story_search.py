"""Readers search their edition in its language: a Russian name in any case finds its stories,
an English singular finds the plural; a story is searchable as soon as it is published and gone
as soon as it is withdrawn; drafts, embargoed stories and the other edition's never show; any
text typed into the box is answered, never an error."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dateline.search.query import story_search
from dateline.stories.factories import StoryFactory
from dateline.stories.outbox import reactions_run
from dateline.stories.services import story_withdraw


def _paragraph(text: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def _found(query: str, edition) -> list[int]:
    # The outbox's reactions run after commit; a test's transaction never commits.
    reactions_run()
    return [hit.story_id for hit in story_search(query, edition)]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Мемориал", "мемориала", "«Мемориалом»", "МЕМОРИАЛЕ"])
def test_a_russian_name_in_any_case_finds_its_stories(ru, query):
    trial = StoryFactory(locale=ru.locale, headline="Суд над «Мемориалом» отложен")
    staff = StoryFactory(locale=ru.locale, body=_paragraph("Сотрудники «Мемориала» подали жалобу."))
    StoryFactory(locale=ru.locale, headline="В Баку открылась выставка")

    assert sorted(_found(query, ru)) == sorted([trial.pk, staff.pk])


@pytest.mark.django_db
def test_a_headline_match_ranks_above_a_mention_in_the_text(ru):
    mention = StoryFactory(locale=ru.locale, body=_paragraph("В Шуше прошла встреча."))
    headline = StoryFactory(locale=ru.locale, headline="Шуша: открыт новый музей")

    assert _found("Шуша", ru) == [headline.pk, mention.pk]


@pytest.mark.django_db
def test_a_word_finds_the_words_it_begins_below_its_own_forms(ru):
    district = StoryFactory(locale=ru.locale, headline="Шушинский район ждёт туристов")
    town = StoryFactory(locale=ru.locale, headline="В Шушу вернулись жители")
    StoryFactory(locale=ru.locale, headline="Шамахинский район ждёт туристов")

    assert _found("Шуша", ru) == [town.pk, district.pk]


@pytest.mark.django_db
def test_an_english_singular_finds_the_plural_and_every_word_counts(en):
    strike = StoryFactory(locale=en.locale, headline="Missiles hit a fuel depot near the border")
    StoryFactory(locale=en.locale, headline="Border crossing reopens")

    assert _found("missile", en) == [strike.pk]
    assert _found("missile border", en) == [strike.pk]
    assert _found("missile airport", en) == []


@pytest.mark.django_db
def test_each_edition_searches_its_own_stories(en, ru):
    english = StoryFactory(locale=en.locale, headline="Memorial hearing postponed")
    russian = StoryFactory(locale=ru.locale, headline="Memorial: слушания отложены")

    assert _found("memorial", en) == [english.pk]
    assert _found("memorial", ru) == [russian.pk]


@pytest.mark.django_db
def test_drafts_and_embargoed_stories_never_show_and_withdrawn_ones_go_at_once(en):
    StoryFactory(locale=en.locale, headline="Draft about the blockade", publish=False)
    embargoed = StoryFactory(locale=en.locale, headline="Blockade figures", publish=False)
    embargoed.embargo_until = timezone.now() + timedelta(hours=2)
    embargoed.save_revision().publish()
    published = StoryFactory(locale=en.locale, headline="Villagers end the blockade")
    assert _found("blockade", en) == [published.pk]

    story_withdraw(story=published, reason="A court order")

    assert _found("blockade", en) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        "(",
        "AND OR NOT",
        "NEAR(a b)",
        "a* ^b -c",
        "col:x",
        "",
        "   ",
        "\x00",
        "x" * 10_000,
    ],
)
def test_hostile_or_empty_queries_are_answered_without_error(en, query):
    StoryFactory(locale=en.locale, headline="Villagers end the blockade")
    reactions_run()

    assert isinstance(story_search(query, en), list)
    assert story_search(" ".join(["blockade"] * 5_000) + query, en)[0].headline.startswith("Vill")


@pytest.mark.django_db
def test_the_shell_prints_the_readers_results_as_json_lines(ru):
    story = StoryFactory(locale=ru.locale, headline="Суд над «Мемориалом» отложен")
    reactions_run()
    out = io.StringIO()

    call_command("search", "мемориал", edition="ru", stdout=out)

    line = json.loads(out.getvalue())
    assert (line["id"], line["headline"]) == (story.pk, story.headline)
    assert line["score"] > 0
    with pytest.raises(CommandError, match="No edition 'xx'"):
        call_command("search", "x", edition="xx")
