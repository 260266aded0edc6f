from importlib import import_module

from django.db import migrations, models

# SQLite adds the column by copying the table, which drops its triggers: they are made again and
# the FTS5 index rebuilt from the entries.
SQLITE = [
    statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS")
    for statement in import_module("dateline.search.migrations.0001_initial").SQLITE[1:]
] + [
    "INSERT INTO search_fts (search_fts) VALUES ('rebuild')",
]

# The edition's configuration is the entry's own, so the vector is made by an immutable function
# (a cast of text to regconfig alone is not immutable). It is stored: ranking reads it for every
# match, and making it again from the terms would cost more than the match itself.
POSTGRESQL = [
    "DROP INDEX search_entry_vector",
    "CREATE FUNCTION search_vector(config text, headline_terms text, text_terms text) "
    "RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT setweight(to_tsvector(config::regconfig, headline_terms), 'A') || "
    "setweight(to_tsvector(config::regconfig, text_terms), 'B') $$",
    "ALTER TABLE search_searchentry ADD COLUMN vector tsvector "
    "GENERATED ALWAYS AS (search_vector(config, headline_terms, text_terms)) STORED",
    "CREATE INDEX search_entry_vector ON search_searchentry USING GIN (vector)",
]
POSTGRESQL_REVERSE = [
    "ALTER TABLE search_searchentry DROP COLUMN vector",
    "DROP FUNCTION search_vector(text, text, text)",
    "CREATE INDEX search_entry_vector ON search_searchentry USING GIN ("
    "(setweight(to_tsvector('simple', headline_terms), 'A') || "
    "setweight(to_tsvector('simple', text_terms), 'B')))",
]


def configured_index(apps, schema_editor):
    """Entries written before are given their edition's configuration, then indexed by it."""
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)
    if schema_editor.connection.vendor != "postgresql":
        return
    from dateline.language.search_terms import SNOWBALL

    Edition = apps.get_model("editions", "Edition")
    SearchEntry = apps.get_model("search", "SearchEntry")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        configs = {name for (name,) in cursor.fetchall()}
    for edition in Edition.objects.select_related("locale"):
        # As dateline.search.matching.text_search_config reads an edition's language.
        config = SNOWBALL.get(edition.locale.language_code, "simple")
        SearchEntry.objects.filter(story__locale_id=edition.locale_id).update(
            config=config if config in configs else "simple"
        )
    for statement in POSTGRESQL:
        schema_editor.execute(statement)


def sqlite_triggers(apps, schema_editor):
    """Going back: where removing the column copies the table (older SQLite), its triggers
    are made again."""
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def configured_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_reindexing"), ("editions", "0001_initial")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, sqlite_triggers),
        migrations.AddField(
            model_name="searchentry",
            name="config",
            field=models.CharField(default="simple", max_length=63),
        ),
        migrations.RunPython(configured_index, configured_index_drop),
    ]
