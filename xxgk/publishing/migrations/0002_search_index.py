"""The full-text index behind portal search, in each database's own way."""

from django.db import migrations

SQLITE = "CREATE VIRTUAL TABLE IF NOT EXISTS publishing_fts USING fts5(tokens, tokenize='unicode61')"
SQLITE_DROP = "DROP TABLE IF EXISTS publishing_fts"
POSTGRES = (
    "CREATE INDEX IF NOT EXISTS publishing_search_gin ON publishing_searchentry "
    "USING gin (to_tsvector('simple', tokens))"
)
POSTGRES_DROP = "DROP INDEX IF EXISTS publishing_search_gin"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
