"""A story's sources become links on the reader's page: only web addresses get in, whether the
story comes through the admin, the services or an import, all checked by one validator."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from dateline.core.html import RICH_TEXT_URL_SCHEMES
from dateline.core.validators import WEB_URL_SCHEMES, validate_web_address
from dateline.interchange.parser import LineError, story_line_parse
from dateline.interchange.tests.conftest import story_line
from dateline.stories.factories import StoryFactory
from dateline.stories.models import Story
from dateline.stories.services import story_create, story_update

REFUSED = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "\x01javascript:alert(1)",
    "\x00javascript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD4=",
    " data:,x",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://files.example.org/",
    "mailto:desk@example.org",
    "//example.org/",
    "https://example.org/\njavascript:alert(1)",
]
ACCEPTED = ["https://report.az/", "http://example.org/a?b=c#d", "HTTPS://EXAMPLE.ORG/"]


def test_web_addresses_are_what_a_rich_text_link_may_point_to_too():
    assert set(WEB_URL_SCHEMES) <= RICH_TEXT_URL_SCHEMES


@pytest.mark.parametrize("url", REFUSED)
def test_the_validator_refuses_anything_but_a_web_address(url):
    with pytest.raises(ValidationError):
        validate_web_address(url)


@pytest.mark.parametrize("url", ACCEPTED)
def test_the_validator_takes_web_addresses(url):
    validate_web_address(url)


@pytest.mark.django_db
@pytest.mark.parametrize("url", REFUSED)
def test_story_create_refuses_a_source_that_is_not_a_web_address(en, url):
    with pytest.raises(ValidationError) as error:
        story_create(locale=en.locale, headline="Sources", sources=[{"name": "Trap", "url": url}])

    assert error.value.message_dict["sources"] == [
        "Source 1: Enter a web address that starts with http:// or https://."
    ]
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_story_update_refuses_a_source_that_is_not_a_web_address(en):
    story = StoryFactory(locale=en.locale, headline="Live headline")
    sources = [
        {"type": "source", "value": {"name": "Wire", "url": "https://report.az/"}},
        {"type": "source", "value": {"name": "Trap", "url": "JavaScript:alert(1)"}},
    ]

    with pytest.raises(ValidationError, match="Source 2: Enter a web address"):
        story_update(
            story=story,
            fields={"headline": "Changed", "sources": sources},
            authors=[],
            regions=[],
            topics=[],
        )

    story = Story.objects.get(pk=story.pk)
    assert story.headline == "Live headline"
    assert story.revisions.count() == 1


@pytest.mark.django_db
def test_services_keep_web_addresses(en):
    story = story_create(
        locale=en.locale,
        headline="Sources",
        sources=[{"name": "Report.az", "url": url} for url in ACCEPTED],
    )

    assert [s["value"]["url"] for s in story.sources.raw_data] == ACCEPTED


def _story_form(sources) -> dict:
    return nested_form_data(
        {
            "headline": "Sourced story",
            "lead": "",
            "lead_photo": "",
            "lead_photo_caption": "",
            "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
            "byline": inline_formset([]),
            "sources": streamfield([("source", source) for source in sources]),
            "notes": streamfield([]),
            "translation_of": "",
            "translation_kind": "",
        }
    )


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user(username="editor", password="pw")
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    return client


# Django's own URL check answers first for what is no URL at all; ours for the rest.
NOT_A_URL = "Enter a valid URL."
NOT_A_WEB_ADDRESS = "Enter a web address that starts with http:// or https://."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", NOT_A_URL),
        (" JavaScript:alert(1)", NOT_A_URL),
        ("\x01javascript:alert(1)", NOT_A_URL),
        ("data:text/html,x", NOT_A_URL),
        ("ftp://x.org/", NOT_A_WEB_ADDRESS),
        ("FTPS://x.org/", NOT_A_WEB_ADDRESS),
    ],
)
def test_the_admin_refuses_a_source_that_is_not_a_web_address(editor, en, url, message):
    add_url = reverse("wagtailsnippets_stories_story:add") + "?locale=en"

    response = editor.post(
        add_url,
        _story_form([{"name": "Trap", "url": url}]) | {"action-publish": "publish"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "The story could not be created due to errors." in page
    assert message in page
    assert not Story.objects.exists()


@pytest.mark.django_db
def test_the_admin_keeps_a_web_address(editor, en):
    add_url = reverse("wagtailsnippets_stories_story:add") + "?locale=en"

    response = editor.post(
        add_url,
        _story_form([{"name": "Report.az", "url": "https://report.az/"}])
        | {"action-publish": "publish"},
    )

    assert response.status_code == 302
    assert Story.objects.get().sources.raw_data[0]["value"]["url"] == "https://report.az/"


@pytest.mark.parametrize("url", REFUSED)
def test_the_import_refuses_a_source_that_is_not_a_web_address(url):
    text = json.dumps(story_line(sources=[{"name": "Trap", "url": url}]))

    with pytest.raises(LineError, match="source 1 has an invalid “url”|“sources” holds a NUL"):
        story_line_parse(text)
