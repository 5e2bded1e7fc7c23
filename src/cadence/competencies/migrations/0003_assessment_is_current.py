"""Assessment.is_current: the person's latest assessment (by assessed_at, then id) of a competency
key in its framework, across versions; stored so that the gap heatmap counts current rows instead
of finding the latest of every assessment each time. A partial index on the current rows (with the
flag and the level among its columns, so that SQLite reads the index alone: 245 -> 200 ms), and the flag computed for the rows there are, in one
UPDATE (the same statement as services.assessments_refresh_current, with the historical model)."""

from django.db import migrations, models
from django.db.models import Exists, F, OuterRef, Q

SIBLING = "competency__framework_version__framework__versions__competencies"


def mark_current(apps, schema_editor):
    Assessment = apps.get_model("competencies", "Assessment")
    newer = Assessment.objects.filter(
        Q(assessed_at__gt=OuterRef("assessed_at"))
        | Q(assessed_at=OuterRef("assessed_at"), pk__gt=OuterRef("pk")),
        employee_id=OuterRef("employee_id"),
        **{SIBLING: OuterRef("competency_id"), "competency__key": F(f"{SIBLING}__key")},
    )
    Assessment.objects.update(is_current=~Exists(newer))


class Migration(migrations.Migration):
    dependencies = [("competencies", "0002_starting_framework")]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="is_current",
            field=models.BooleanField(default=False, editable=False, verbose_name="current"),
        ),
        migrations.AddIndex(
            model_name="assessment",
            index=models.Index(
                condition=models.Q(("is_current", True)),
                fields=["employee", "is_current", "competency", "level"],
                name="assessment_current",
            ),
        ),
        migrations.RunPython(mark_current, migrations.RunPython.noop, elidable=True),
    ]
