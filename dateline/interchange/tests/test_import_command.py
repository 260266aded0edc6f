import io

import pytest
from django.core.management import CommandError, call_command

from dateline.stories.models import Story

from .conftest import stories_file, story_line


@pytest.mark.django_db
def test_the_command_reports_every_line_and_the_counts(editions, tmp_path):
    path = stories_file(tmp_path, [story_line()])
    call_command("import", str(path), stdout=io.StringIO())
    stdout = io.StringIO()

    call_command("import", str(path), stdout=stdout)

    assert f"line 1: unchanged cc-1 (story {Story.objects.get().pk})" in stdout.getvalue()
    assert "0 imported, 0 updated, 1 unchanged, 0 failed" in stdout.getvalue()


@pytest.mark.django_db
def test_the_command_fails_when_a_line_failed_but_imports_the_rest(editions, tmp_path):
    path = stories_file(tmp_path, [story_line(edition="fr"), story_line(external_id="cc-2")])
    stderr = io.StringIO()

    with pytest.raises(CommandError, match="1 imported, 0 updated, 0 unchanged, 1 failed") as error:
        call_command("import", str(path), stdout=io.StringIO(), stderr=stderr)

    assert error.value.returncode == 1
    assert "line 1: failed: unknown edition “fr”" in stderr.getvalue()
    assert Story.objects.get().external_id == "cc-2"


def test_the_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import", str(tmp_path / "nothing.jsonl"))
