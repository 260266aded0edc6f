"""API keys in the admin, as an administrator uses them: the list, a new key shown once on the
page that answers its creation (and never again), revocation after a confirmation. Editors see
none of it."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from dateline.stories.factories import StoryFactory
from dateline.syndication.keys import api_key_create
from dateline.syndication.models import ApiKey

from .api_reading import api_get

pytestmark = pytest.mark.django_db
KEY = re.compile(r"dl_[A-Za-z0-9_-]{43}")


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.org", "pw"))
    return client


def test_a_key_is_created_and_shown_once(admin_client, client, en, ru):
    story = StoryFactory(locale=ru.locale, headline="Мост открыт")
    add = reverse("apikey:add")
    assert admin_client.get(add).status_code == 200

    page = admin_client.post(
        add,
        {
            "name": "Report.az",
            "editions": [str(en.pk), str(ru.pk)],
            "embargo_access": "on",
            "requests_per_minute": "120",
        },
    )

    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    (raw,) = set(KEY.findall(page.content.decode()))
    key = ApiKey.objects.get()
    assert (key.name, key.embargo_access, key.requests_per_minute) == ("Report.az", True, 120)
    assert key.created_by is not None and key.created_by.username == "chief"
    assert api_get(client, f"/api/stories/{story.pk}", raw).status_code == 200
    # Shown once: neither the list nor the key's own page has it again.
    for url in (reverse("apikey:index"), reverse("apikey:edit", args=[key.pk])):
        response = admin_client.get(url)
        assert response.status_code == 200
        assert raw not in response.content.decode()
    assert "Report.az" in admin_client.get(reverse("apikey:index")).content.decode()


def test_a_key_is_revoked_after_a_confirmation(admin_client, client, en):
    key, raw = api_key_create(name="Report.az", editions=[en])
    revoke = reverse("apikey:revoke", args=[key.pk])
    assert revoke in admin_client.get(reverse("apikey:index")).content.decode()

    confirm = admin_client.get(revoke)
    assert confirm.status_code == 200 and "Report.az" in confirm.content.decode()
    assert api_get(client, "/api/stories", raw).status_code == 200  # asking changes nothing

    assert admin_client.post(revoke).status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert api_get(client, "/api/stories", raw).status_code == 401
    assert admin_client.get(revoke).status_code == 404  # nothing left to revoke
    assert revoke not in admin_client.get(reverse("apikey:index")).content.decode()


def test_keys_are_revoked_never_deleted(admin_client, en):
    key, _raw = api_key_create(name="Report.az", editions=[en])
    assert "/delete/" not in admin_client.get(reverse("apikey:index")).content.decode()
    assert admin_client.post(f"/admin/apikey/delete/{key.pk}/").status_code == 404
    assert ApiKey.objects.filter(pk=key.pk).exists()


def test_an_editor_sees_no_key(client, django_user_model, en):
    key, _raw = api_key_create(name="Report.az", editions=[en])
    editor = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)

    for url in (
        reverse("apikey:index"),
        reverse("apikey:add"),
        reverse("apikey:edit", args=[key.pk]),
        reverse("apikey:revoke", args=[key.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Report.az" not in response.content.decode()
    assert client.post(reverse("apikey:revoke", args=[key.pk])).status_code in (302, 403)
    key.refresh_from_db()
    assert key.revoked_at is None
