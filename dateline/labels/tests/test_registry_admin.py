"""Administrators keep the registries in the admin: they add an entry with its other spellings
one a line, find it by name, and edit a kind's mention notes; an editor sees none of it."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from dateline.labels.models import EntityKind, RegistryEntity

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_an_entry_with_its_aliases_and_finds_it(admin_client):
    kind = EntityKind.objects.get(slug="foreign_agent")
    response = admin_client.post(
        reverse("registry_entry:add"),
        {
            "external_id": "fa-1",
            "name": "Мемориал",
            "aliases": "Memorial\n\n«Мемориал»\nMemorial\n",
            "kind": kind.pk,
            "designated_on": "2016-07-21",
            "removed_on": "",
            "source": "https://minjust.gov.ru/",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entity = RegistryEntity.objects.get(external_id="fa-1")
    assert entity.aliases == ["Memorial", "«Мемориал»"]

    RegistryEntity.objects.create(
        external_id="un-9", name="Медуза", kind=kind, designated_on="2023-01-26"
    )
    listing = admin_client.get(reverse("registry_entry:index"), {"q": "Мемориал"}).content.decode()
    assert "Мемориал" in listing and "Медуза" not in listing
    form = admin_client.get(reverse("registry_entry:edit", args=[entity.pk])).content.decode()
    assert "Memorial\n«Мемориал»" in form


def test_an_entry_removed_before_it_was_designated_is_refused(admin_client):
    response = admin_client.post(
        reverse("registry_entry:add"),
        {
            "external_id": "fa-2",
            "name": "Иванов Иван",
            "aliases": "",
            "kind": EntityKind.objects.get(slug="foreign_agent").pk,
            "designated_on": "2020-01-01",
            "removed_on": "2019-01-01",
            "source": "",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert not RegistryEntity.objects.exists()


def test_an_editor_sees_no_registry(client, django_user_model, en):
    editor = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)

    for url in (reverse("registry_entry:index"), reverse("registry_kind:index")):
        assert client.get(url).status_code in (302, 403), url
