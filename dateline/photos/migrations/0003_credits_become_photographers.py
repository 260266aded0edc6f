"""The typed credits of the agency's own photos become photographers, one per distinct name, in
the default language; editors add each person's other spellings as translations. Credits of
photos from others (with a copyright holder) stay as typed."""

from django.conf import settings
from django.db import migrations


def credits_to_photographers(apps, schema_editor):
    Photo = apps.get_model("photos", "Photo")
    Photographer = apps.get_model("photos", "Photographer")
    Locale = apps.get_model("wagtailcore", "Locale")
    own = Photo.objects.filter(copyright_holder="", photographer__isnull=True).exclude(credit="")
    if not own.exists():
        return
    locale = (
        Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
        or Locale.objects.order_by("pk").first()
    )
    if locale is None:
        return
    people: dict[str, object] = {}
    for photo in own.iterator():
        name = photo.credit.strip()
        if name not in people:
            people[name] = Photographer.objects.create(name=name, locale=locale)
        photo.photographer = people[name]
        photo.credit = ""
        photo.save(update_fields=["photographer", "credit"])


def photographers_to_credits(apps, schema_editor):
    Photo = apps.get_model("photos", "Photo")
    for photo in Photo.objects.filter(photographer__isnull=False).select_related("photographer"):
        photo.credit = photo.credit or photo.photographer.name
        photo.photographer = None
        photo.save(update_fields=["photographer", "credit"])


class Migration(migrations.Migration):
    dependencies = [
        ("photos", "0002_photographers"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(credits_to_photographers, photographers_to_credits)]
