import io
import json

import pytest
from django.core.management import CommandError, call_command

from dateline.photos.factories import PhotoFactory
from dateline.stories.services import story_create, story_publish


@pytest.mark.django_db
def test_the_command_writes_the_file_and_copies_photos_beside_it(editions, tmp_path):
    english, _ = editions
    story = story_create(locale=english.locale, headline="Bridge", lead_photo=PhotoFactory())
    story_publish(story=story)
    stdout = io.StringIO()

    call_command("export", str(tmp_path / "out.jsonl"), stdout=stdout)

    (line,) = (tmp_path / "out.jsonl").read_text().splitlines()
    assert (tmp_path / json.loads(line)["photo"]["file"]).parent == tmp_path / "out-photos"
    assert "1 stories exported, 1 photos copied." in stdout.getvalue()


@pytest.mark.django_db
def test_the_command_writes_to_standard_output_by_default(editions, capsys):
    english, russian = editions
    story_publish(story=story_create(locale=english.locale, headline="Bridge"))
    story_publish(story=story_create(locale=russian.locale, headline="Мост"))

    call_command("export", "--edition", "ru", stderr=io.StringIO())

    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["headline"] == "Мост"


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_edition(editions):
    with pytest.raises(CommandError, match="Unknown edition: fr"):
        call_command("export", "--edition", "fr")
