"""The shared cache table (sign-in rate limits) is created with the schema, so no extra step exists."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name('cadence_cache')}")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_user_language")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
