from django.db import migrations


def seed(apps, schema_editor):
    from cadence.goals.library import TEMPLATES

    GoalTemplate = apps.get_model("goals", "GoalTemplate")
    for item in TEMPLATES:
        GoalTemplate.objects.get_or_create(
            function=item["function"],
            title=item["title"],
            defaults={
                "description": item["description"],
                "level": item["level"],
                "key_results": item["key_results"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("goals", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
