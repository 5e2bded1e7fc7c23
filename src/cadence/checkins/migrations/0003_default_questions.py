"""The questions a check-in asks until HR changes them, created with the database so that
reading the questions never has to (a read that writes on first use would be a selector that writes).
A database that has questions already keeps them."""

from django.db import migrations

DEFAULT_QUESTIONS = (
    "What went well?",
    "What was hard?",
    "What do you need?",
    # Priorities are asked for by the check-in's own field (kept, ordered, carried forward): a new
    # database no longer gets "What are your priorities for the next week?"; 0005 turns it off.
)


def add_default_questions(apps, schema_editor):
    CheckInQuestion = apps.get_model("checkins", "CheckInQuestion")
    db = schema_editor.connection.alias
    if not CheckInQuestion.objects.using(db).exists():
        CheckInQuestion.objects.using(db).bulk_create(
            CheckInQuestion(text=text, order=i) for i, text in enumerate(DEFAULT_QUESTIONS)
        )


class Migration(migrations.Migration):
    dependencies = [("checkins", "0002_version")]

    operations = [migrations.RunPython(add_default_questions, migrations.RunPython.noop)]
