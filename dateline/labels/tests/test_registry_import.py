"""A registry is imported from CSV or JSON, from the shell too: every good row becomes an entry
(or updates the entry with its registry id), every bad row is reported by its line, and the
rest are imported all the same."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dateline.labels.models import EntityKind, RegistryEntity
from dateline.labels.registry_import import RegistryFileError, registry_import

HEADER = "id,name,aliases,kind,designated_on,removed_on,source\n"

pytestmark = pytest.mark.django_db


def _file(tmp_path, text: str, name: str = "registry.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_registry_is_imported_with_aliases_dates_and_kinds(tmp_path):
    path = _file(
        tmp_path,
        HEADER
        + "fa-1,Мемориал,Memorial|«Мемориал»,foreign_agent,2016-07-21,,https://minjust.gov.ru/\n"
        + "ba-7,Фонд борьбы,FBK,banned,2021-06-09,2030-01-01,\n",
    )

    result = registry_import(path)

    assert (result.created, result.updated, result.failed) == (2, 0, [])
    memorial = RegistryEntity.objects.get(external_id="fa-1")
    assert memorial.name == "Мемориал"
    assert memorial.aliases == ["Memorial", "«Мемориал»"]
    assert memorial.kind.slug == "foreign_agent"
    assert memorial.designated_on == date(2016, 7, 21) and memorial.removed_on is None
    assert RegistryEntity.objects.get(external_id="ba-7").removed_on == date(2030, 1, 1)


def test_each_kind_carries_its_mention_note_in_both_languages():
    notes = EntityKind.objects.get(slug="foreign_agent").mention_notes
    assert notes["ru"] == "(признан иностранным агентом)"
    assert notes["en"] == "(designated a foreign agent)"
    assert {kind.slug for kind in EntityKind.objects.all()} >= {"undesirable", "banned"}


def test_bad_rows_are_reported_by_line_and_the_rest_imported(tmp_path):
    path = _file(
        tmp_path,
        HEADER
        + "fa-1,Мемориал,,foreign_agent,2016-07-21,,\n"  # line 2
        + "fa-2,,,foreign_agent,2020-01-01,,\n"  # line 3: no name
        + "fa-3,Иванов Иван,,spy,2020-01-01,,\n"  # line 4: unknown kind
        + "fa-4,Петров Пётр,,foreign_agent,21.07.2016,,\n"  # line 5: not ISO
        + "fa-5,Сидоров,,foreign_agent,2020-01-01,2019-01-01,\n"  # line 6: removed before
        + "fa-6,Медуза,Meduza,undesirable,2023-01-26,,\n",  # line 7
    )

    result = registry_import(path)

    assert (result.created, result.updated) == (2, 0)
    lines = dict(result.failed)
    assert sorted(lines) == [3, 4, 5, 6]
    assert "missing name" in lines[3]
    assert "'spy' is none of" in lines[4]
    assert "not a date" in lines[5]
    assert "removed" in lines[6] or "constraint" in lines[6].lower()
    assert set(RegistryEntity.objects.values_list("external_id", flat=True)) == {"fa-1", "fa-6"}


def test_importing_the_registry_again_updates_its_entries(tmp_path):
    registry_import(_file(tmp_path, HEADER + "fa-1,Мемориал,,foreign_agent,2016-07-21,,\n"))
    result = registry_import(
        _file(tmp_path, HEADER + "fa-1,Мемориал,Memorial,foreign_agent,2016-07-21,2026-01-01,\n")
    )

    assert (result.created, result.updated) == (0, 1)
    (entity,) = RegistryEntity.objects.all()
    assert entity.aliases == ["Memorial"] and entity.removed_on == date(2026, 1, 1)


def test_a_json_registry_is_imported_the_same_way(tmp_path):
    rows = [
        {
            "id": "fa-1",
            "name": "Memorial",
            "aliases": ["Мемориал"],
            "kind": "foreign_agent",
            "designated_on": "2016-07-21",
        },
        {"id": "fa-2", "name": "No date", "kind": "foreign_agent"},
        "not an object",
    ]
    result = registry_import(_file(tmp_path, json.dumps(rows), "registry.json"))

    assert result.created == 1
    assert [number for number, _why in result.failed] == [2, 3]


@pytest.mark.parametrize(
    "text",
    ["name,kind\nМемориал,foreign_agent\n", "[not json", ""],
)
def test_a_file_that_is_no_registry_is_refused_whole(tmp_path, text):
    with pytest.raises(RegistryFileError):
        registry_import(_file(tmp_path, text))
    assert not RegistryEntity.objects.exists()


def test_the_shell_command_imports_and_reports_bad_lines(tmp_path):
    path = _file(tmp_path, HEADER + "fa-1,Мемориал,,foreign_agent,2016-07-21,,\nfa-2,,,banned,,,\n")
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="1 rows were not imported"):
        call_command("registry", "import", str(path), stdout=out, stderr=err)

    assert "1 created, 0 updated, 1 failed" in out.getvalue()
    assert "line 3: missing name, designated_on" in err.getvalue()
    assert RegistryEntity.objects.filter(external_id="fa-1").exists()
