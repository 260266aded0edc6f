import django.db.models.deletion
from django.db import migrations, models

# An FTS5 index over the entries' own rows, kept by triggers (a flush's DELETE included).
SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(headline_terms, text_terms, "
    "content='search_searchentry', content_rowid='story_id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_entry_added AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts (rowid, headline_terms, text_terms) "
    "VALUES (new.story_id, new.headline_terms, new.text_terms); END",
    "CREATE TRIGGER search_entry_removed AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts (search_fts, rowid, headline_terms, text_terms) "
    "VALUES ('delete', old.story_id, old.headline_terms, old.text_terms); END",
    "CREATE TRIGGER search_entry_changed AFTER UPDATE ON search_searchentry BEGIN "
    "INSERT INTO search_fts (search_fts, rowid, headline_terms, text_terms) "
    "VALUES ('delete', old.story_id, old.headline_terms, old.text_terms); "
    "INSERT INTO search_fts (rowid, headline_terms, text_terms) "
    "VALUES (new.story_id, new.headline_terms, new.text_terms); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_entry_added",
    "DROP TRIGGER search_entry_removed",
    "DROP TRIGGER search_entry_changed",
    "DROP TABLE search_fts",
]
POSTGRESQL = [
    "CREATE INDEX search_entry_vector ON search_searchentry USING GIN ("
    "(setweight(to_tsvector('simple', headline_terms), 'A') || "
    "setweight(to_tsvector('simple', text_terms), 'B')))",
]
POSTGRESQL_REVERSE = ["DROP INDEX search_entry_vector"]


def full_text_index(apps, schema_editor):
    """The database's own full-text index over the entries' terms."""
    vendor = schema_editor.connection.vendor
    for statement in SQLITE if vendor == "sqlite" else POSTGRESQL if vendor == "postgresql" else []:
        schema_editor.execute(statement)


def full_text_index_drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    reverse = SQLITE_REVERSE if vendor == "sqlite" else POSTGRESQL_REVERSE
    for statement in reverse if vendor in ("sqlite", "postgresql") else []:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    initial = True

    dependencies = [("stories", "0012_change_of_labels")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "story",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="stories.story",
                    ),
                ),
                ("headline_terms", models.TextField()),
                ("text_terms", models.TextField()),
            ],
            options={"verbose_name_plural": "search entries"},
        ),
        migrations.RunPython(full_text_index, full_text_index_drop),
    ]
