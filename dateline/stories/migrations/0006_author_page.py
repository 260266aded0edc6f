import django.db.models.deletion
from anyascii import anyascii
from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    """Every existing author gets an address, unique in their edition (namesakes numbered)."""
    Author = apps.get_model("stories", "Author")
    taken: set[tuple[int, str]] = set()
    for author in Author.objects.order_by("pk"):
        base = slugify(anyascii(author.name))[:90].strip("-") or "author"
        slug, number = base, 1
        while (author.locale_id, slug) in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add((author.locale_id, slug))
        Author.objects.filter(pk=author.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("photos", "0001_initial"),
        ("stories", "0005_scheduler"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="author",
            name="bio",
            field=models.TextField(blank=True, verbose_name="biography"),
        ),
        migrations.AddField(
            model_name="author",
            name="photo",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="photos.photo",
                verbose_name="photo",
            ),
        ),
        migrations.AddField(
            model_name="author",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="The author page's address; made from the name if left empty.",
                max_length=100,
                verbose_name="slug",
            ),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="author",
            constraint=models.UniqueConstraint(
                fields=("locale", "slug"), name="unique_author_slug_per_locale"
            ),
        ),
    ]
