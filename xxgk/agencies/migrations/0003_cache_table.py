"""The shared cache's table (settings.CACHES without XXGK_CACHE_URL): made with the schema, so
that a fresh install, every app process and the test databases have it."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("agencies", "0002_agency_court_agency_review_body")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
