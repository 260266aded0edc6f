"""An edition's label banner, typed on the edition until now, becomes a label of its own with a
rule for that edition: the label rules keep the banner from here on."""

from django.db import migrations


def banners_to_labels(apps, schema_editor):
    Edition = apps.get_model("editions", "Edition")
    Label = apps.get_model("labels", "Label")
    LabelText = apps.get_model("labels", "LabelText")
    LabelRule = apps.get_model("labels", "LabelRule")
    for edition in Edition.objects.exclude(label_banner="").select_related("locale"):
        language = edition.locale.language_code
        label = Label.objects.create(
            name=f"Banner: {edition.name}"[:200], placement="banner", fixed_language=language
        )
        LabelText.objects.create(label=label, language=language, text=edition.label_banner)
        LabelRule.objects.create(label=label, kind="edition", edition=edition)


class Migration(migrations.Migration):
    dependencies = [("labels", "0003_labels"), ("editions", "0006_edition_feed_text")]

    operations = [migrations.RunPython(banners_to_labels, migrations.RunPython.noop)]
