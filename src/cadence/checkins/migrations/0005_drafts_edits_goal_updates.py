"""Drafts, edits after submitting and the goal check-ins recorded from a check-in; and the default
questions stop asking for priorities, which the check-in's own priorities field asks for already."""

from django.db import migrations, models
from django.db.models import F

# As migration 0003 created it. Turned off only where HR has not touched it: still this text, for
# everyone, at its place, active and at its first version (turning it off or on raises the version).
PRIORITIES_QUESTION = "What are your priorities for the next week?"


def turn_off_priorities_question(apps, schema_editor):
    CheckInQuestion = apps.get_model("checkins", "CheckInQuestion")
    CheckInQuestion.objects.using(schema_editor.connection.alias).filter(
        text=PRIORITIES_QUESTION, department=None, order=3, is_active=True, version=1
    ).update(is_active=False, version=F("version") + 1)


class Migration(migrations.Migration):
    dependencies = [("checkins", "0004_checkin_spelling"), ("goals", "0005_key_result_update")]

    operations = [
        migrations.AddField(
            model_name="checkin", name="draft", field=models.JSONField(blank=True, default=dict)
        ),
        migrations.AddField(
            model_name="checkin", name="draft_saved_at", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="checkin", name="edited_at", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="checkin",
            name="goal_updates",
            field=models.ManyToManyField(
                blank=True,
                db_table="feedback_checkin_goal_updates",
                related_name="+",
                to="goals.keyresultupdate",
            ),
        ),
        migrations.RunPython(turn_off_priorities_question, migrations.RunPython.noop),
    ]
