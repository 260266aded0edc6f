"""The kinds of registry entries Russian law names today, with the notes their mentions take;
administrators edit the wording as the rules change."""

from django.db import migrations

KINDS = [
    (
        "foreign_agent",
        "Foreign agent",
        {"ru": "(признан иностранным агентом)", "en": "(designated a foreign agent)"},
    ),
    (
        "undesirable",
        "Undesirable organisation",
        {
            "ru": "(деятельность организации признана нежелательной на территории РФ)",
            "en": "(designated an undesirable organisation in Russia)",
        },
    ),
    (
        "banned",
        "Banned organisation",
        {
            "ru": "(организация, деятельность которой в Российской Федерации запрещена)",
            "en": "(an organisation banned in the Russian Federation)",
        },
    ),
]


def kinds_add(apps, schema_editor):
    EntityKind = apps.get_model("labels", "EntityKind")
    for slug, name, notes in KINDS:
        EntityKind.objects.get_or_create(slug=slug, defaults={"name": name, "mention_notes": notes})


def kinds_remove(apps, schema_editor):
    apps.get_model("labels", "EntityKind").objects.filter(slug__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("labels", "0001_registry")]
    operations = [migrations.RunPython(kinds_add, kinds_remove)]
