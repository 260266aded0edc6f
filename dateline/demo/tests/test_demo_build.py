import pytest
from django.core.management import CommandError, call_command

from dateline.stories.models import Story


@pytest.mark.django_db
def test_demo_builds_a_two_edition_agency_readers_can_browse(client, capsys):
    call_command("demo", stories=24, days=10)
    out = capsys.readouterr().out
    assert "Admin login: admin / " in out

    stories = Story.objects.filter(live=True)
    translations = stories.exclude(translation_of=None)
    assert stories.count() >= 20
    assert translations.filter(translation_kind="abridged").exists()
    assert stories.filter(locale__language_code="en").exists()
    assert stories.filter(locale__language_code="ru").exists()

    reference = stories.get(
        headline__startswith="Azerbaijan: activists demand explanations from Moscow"
    )
    page = client.get(reference.url).content.decode()
    assert "07 April 2021, 20:28" in page
    assert "April 7, 2021 at 10:18 am MSK" in page
    assert "ИНОСТРАННЫМ АГЕНТОМ" in page
    assert "Photo by Aziz Karimov for the “Caucasian Courier”" in page
    for url in ("/en/", "/ru/", "/en/azerbaijan/", "/ru/courts/"):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_demo_refuses_a_database_with_stories(capsys):
    call_command("demo", stories=6, days=3)
    with pytest.raises(CommandError, match="already has stories"):
        call_command("demo", stories=6, days=3)
    call_command("demo", stories=6, days=3, if_empty=True)  # make run's second time: a no-op
    assert "Admin login" in capsys.readouterr().out
