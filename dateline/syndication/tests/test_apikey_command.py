"""`dateline apikey`: create prints a key once, which then works and is stored only hashed;
list shows keys without them; revoke stops one at once."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from dateline.stories.factories import StoryFactory
from dateline.syndication.models import ApiKey

from .api_reading import api_get


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("apikey", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _stored_text() -> str:
    """Everything the database holds about keys, as text."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiKey._meta.db_table}")  # noqa: S608 - a model's table
        return repr(cursor.fetchall())


@pytest.mark.django_db
def test_create_prints_a_working_key_once_and_keeps_only_its_hash(client, en, ru):
    story = StoryFactory(locale=ru.locale, headline="Мост открыт")
    out, err = _run("create", "--name", "Report.az", "--editions", "en,ru", "--embargo")

    raw = out.strip()
    assert raw.startswith("dl_") and "\n" not in raw
    assert "Report.az" in err and raw not in err
    response = api_get(client, f"/api/stories/{story.pk}", raw)
    assert response.status_code == 200
    key = ApiKey.objects.get()
    assert {e.slug for e in key.editions.all()} == {"en", "ru"} and key.embargo_access
    assert raw not in _stored_text() and raw[len(key.prefix) :] not in _stored_text()
    listed, _ = _run("list")
    assert "Report.az" in listed and key.prefix in listed and raw not in listed


@pytest.mark.django_db
def test_create_refuses_an_unknown_edition(en):
    with pytest.raises(CommandError, match="Unknown edition: xx"):
        _run("create", "--name", "Report.az", "--editions", "en,xx")
    assert not ApiKey.objects.exists()


@pytest.mark.django_db
def test_revoke_by_name_or_prefix_stops_the_key(client, en):
    first, _ = _run("create", "--name", "Report.az", "--editions", "en")
    second, _ = _run("create", "--name", "Caucasus Weekly", "--editions", "en")

    out, _ = _run("revoke", "--name", "Report.az")
    assert "Revoked “Report.az”" in out
    assert api_get(client, "/api/stories", first.strip()).status_code == 401
    assert api_get(client, "/api/stories", second.strip()).status_code == 200

    _run("revoke", "--prefix", second.strip()[:12])
    assert api_get(client, "/api/stories", second.strip()).status_code == 401
    with pytest.raises(CommandError, match="No working key"):
        _run("revoke", "--name", "Report.az")
    assert "revoked" in _run("list")[0]
