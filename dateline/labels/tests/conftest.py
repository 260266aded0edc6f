"""What the labels' tests share: the reference page's notice, registry entries and the note
their kind takes after a mention, and a chief editor signed in."""

from datetime import date

import pytest
from django.contrib.auth.models import Group

from dateline.labels.models import EntityKind, Label, LabelRule, LabelText, RegistryEntity

AGENT_NOTICE = "Настоящий материал произведен иностранным агентом"


@pytest.fixture
def notice(db) -> Label:
    """The reference page's notice: one fixed Russian text for every edition, in capitals,
    twice the body's size."""
    label = Label.objects.create(
        name="Foreign agent notice", fixed_language="ru", upper_case=True, font_scale=2
    )
    LabelText.objects.create(label=label, language="ru", text=AGENT_NOTICE)
    return label


@pytest.fixture
def memorial(db) -> RegistryEntity:
    return RegistryEntity.objects.create(
        external_id="E1",
        name="Мемориал",
        aliases=["Memorial"],
        kind=EntityKind.objects.get(slug="foreign_agent"),
        designated_on=date(2022, 3, 4),
    )


@pytest.fixture
def mention_note(db) -> Label:
    label = Label.objects.create(name="Foreign agent mention", placement="mention")
    LabelRule.objects.create(
        label=label,
        kind=LabelRule.Kind.MENTION,
        entity_kind=EntityKind.objects.get(slug="foreign_agent"),
    )
    return label


@pytest.fixture
def chief(client, django_user_model):
    user = django_user_model.objects.create_user(username="chief", password="pw")
    user.groups.add(Group.objects.get(name="Chief editor"))
    client.force_login(user)
    return user


@pytest.fixture
def ponomarev(db) -> RegistryEntity:
    kind = EntityKind.objects.get(slug="foreign_agent")
    label = Label.objects.create(name="Foreign agent mention", placement="mention")
    LabelRule.objects.create(label=label, kind=LabelRule.Kind.MENTION, entity_kind=kind)
    return RegistryEntity.objects.create(
        external_id="P1", name="Аркадий Пономарёв", kind=kind, designated_on=date(2022, 10, 7)
    )
