"""`dateline labels detect --lang ru|en` reads a text on standard input and prints each mention
of a registry entry in force as a JSON line: the registry id and name, the offsets, the text
as written, and whether it is only for review."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dateline.labels.models import EntityKind, RegistryEntity

pytestmark = pytest.mark.django_db


def _entry(external_id: str, name: str, aliases: list[str], removed_on: date | None = None):
    return RegistryEntity.objects.create(
        external_id=external_id,
        name=name,
        aliases=aliases,
        kind=EntityKind.objects.get(slug="foreign_agent"),
        designated_on=date(2020, 1, 1),
        removed_on=removed_on,
    )


def _detect(text: str, language: str) -> list[dict]:
    out = StringIO()
    call_command("labels", "detect", "--lang", language, stdin=StringIO(text), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture
def registry():
    _entry("E1", "Мемориал", ["Memorial"])
    _entry("P1", "Аркадий Пономарёв", ["Arkady Ponomarev"])


def test_each_mention_is_a_json_line_with_offsets_into_the_text(registry):
    text = "Суд ликвидировал «Мемориал».\nАркадия Пономарёва нет, Пономарёв молчит."

    lines = _detect(text, "ru")

    assert lines == [
        {
            "entity": "E1",
            "name": "Мемориал",
            "start": 18,
            "end": 26,
            "text": "Мемориал",
            "review": False,
        },
        {
            "entity": "P1",
            "name": "Аркадий Пономарёв",
            "start": 29,
            "end": 47,
            "text": "Аркадия Пономарёва",
            "review": False,
        },
        {
            "entity": "P1",
            "name": "Аркадий Пономарёв",
            "start": 53,
            "end": 62,
            "text": "Пономарёв",
            "review": True,
        },
    ]
    assert all(text[line["start"] : line["end"]] == line["text"] for line in lines)


def test_english_text_is_read_by_the_latin_aliases(registry):
    lines = _detect("Police searched Memorial. Arkady Ponomarev's flat too.", "en")

    assert [(line["entity"], line["text"], line["review"]) for line in lines] == [
        ("E1", "Memorial", False),
        ("P1", "Arkady Ponomarev", False),
    ]


def test_an_entry_removed_from_the_registry_is_no_longer_found(registry):
    today = timezone.localdate()
    _entry("E3", "Голос", ["Golos"], removed_on=today - timedelta(days=1))
    _entry("E4", "Новая волна", [], removed_on=today + timedelta(days=30))

    lines = _detect("Отчёт «Голоса» и «Новой волны» опубликован.", "ru")

    assert [(line["entity"], line["text"]) for line in lines] == [("E4", "Новой волны")]


def test_a_text_without_mentions_prints_nothing(registry):
    assert _detect("В Москве прошёл дождь.", "ru") == []


def test_a_language_other_than_russian_or_english_is_refused(registry):
    with pytest.raises(CommandError, match="--lang must be one of ru, en"):
        _detect("Memorial", "de")


def test_an_empty_registry_is_refused():
    with pytest.raises(CommandError, match="no entries in force"):
        _detect("Мемориал", "ru")
