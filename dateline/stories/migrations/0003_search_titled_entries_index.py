"""An index for Wagtail's database search backend, which on every indexed save averages title
lengths and renormalises titles over rows with a non-empty title. Stories are indexed into body
text, so those rows are few; without this index both statements scan the whole index table,
which at a million stories made every publish take over a second."""

from django.db import migrations

INDEX = "wagtailsearch_indexentry_titled"


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0002_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry (id) "
            "WHERE length(title) > 0",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
