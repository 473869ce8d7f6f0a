"""The database cache table whatever cache is configured: with Redis (XXGK_CACHE_URL) it is where
the cache goes on while Redis is unreachable (xxgk/cache.py), so it must exist there too; the first
migration made it only for installs without Redis."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations


def create_fallback_table(apps, schema_editor):
    # create_table does nothing when the table is there already.
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, "xxgk_cache", dry_run=False)


class Migration(migrations.Migration):
    dependencies = [("agencies", "0011_letters_and_service")]
    operations = [migrations.RunPython(create_fallback_table, migrations.RunPython.noop)]
