"""Roll-up choices and planned cycles.

Goals get `rollup` (where their progress comes from) and `rollup_excluded` (left out of the
parent's roll-up by the parent's owner). Existing goals *with* key results become "from its key
results only": the key results are what their owners wrote down to measure them, and mixing in
aligned goals is what let one new 0% goal pull a team objective (and every objective above it)
down. Goals without key results keep rolling up their aligned objectives (or their hand-set
percentage), which was the only source of their progress already. The goals whose progress did mix
in aligned goals are recomputed from their key results, and then their ancestors that roll up
aligned goals, deepest first, each with a timeline point, so stored progress stays true.

Cycles get a *planned* status, the new default: nobody is asked to write goals until HR opens the
cycle for drafting. Existing drafting cycles that start more than two weeks from today had not asked
anyone yet under the old rule (reminders began two weeks before the start), so they become planned;
the others have asked people already and stay drafting."""

import datetime

from django.db import migrations, models
from django.utils import timezone

from cadence.goals.progress import weighted_progress

KEY_RESULTS, WITH_CHILDREN = "key_results", "with_children"


def _counted(Goal, goal_id):
    return list(
        Goal.objects.filter(parent_id=goal_id, state="active", approval="approved").values_list(
            "weight", "progress"
        )
    )


def _store(Goal, ProgressPoint, goal, new, now):
    if abs(new - goal.progress) < 1e-9:
        return False
    Goal.objects.filter(pk=goal.pk).update(progress=new)
    ProgressPoint.objects.create(goal_id=goal.pk, progress=new, recorded_at=now)
    return True


def forwards(apps, schema_editor):
    Goal = apps.get_model("goals", "Goal")
    KeyResult = apps.get_model("goals", "KeyResult")
    ProgressPoint = apps.get_model("goals", "ProgressPoint")
    GoalCycle = apps.get_model("goals", "GoalCycle")
    now = timezone.now()
    with_key_results = KeyResult.objects.values("goal_id")
    Goal.objects.filter(pk__in=with_key_results).update(rollup=KEY_RESULTS)
    mixed = Goal.objects.filter(
        pk__in=with_key_results, children__state="active", children__approval="approved"
    ).distinct()
    ancestors: set[int] = set()
    for goal in mixed.iterator():
        items = list(KeyResult.objects.filter(goal_id=goal.pk).values_list("weight", "progress"))
        rolled = weighted_progress(items)
        if _store(Goal, ProgressPoint, goal, goal.manual_progress if rolled is None else rolled, now):
            ancestors |= {int(part) for part in goal.path.strip("/").split("/")[:-1] if part}
    above = Goal.objects.filter(pk__in=ancestors, rollup=WITH_CHILDREN)
    for goal in sorted(above, key=lambda g: -g.path.count("/")):  # deepest first
        rolled = weighted_progress(_counted(Goal, goal.pk))
        _store(Goal, ProgressPoint, goal, goal.manual_progress if rolled is None else rolled, now)
    later = timezone.localdate() + datetime.timedelta(days=14)
    GoalCycle.objects.filter(status="drafting", start_date__gt=later).update(status="planned")


class Migration(migrations.Migration):
    dependencies = [("goals", "0005_key_result_update")]

    operations = [
        migrations.AddField(
            model_name="goal",
            name="rollup",
            field=models.CharField(
                choices=[
                    ("key_results", "From its key results only"),
                    ("with_children", "From its key results and aligned objectives"),
                    ("manual", "Set by hand"),
                ],
                default="with_children",
                max_length=16,
                verbose_name="progress comes",
            ),
        ),
        migrations.AddField(
            model_name="goal",
            name="rollup_excluded",
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name="goalcycle",
            name="status",
            field=models.CharField(
                choices=[
                    ("planned", "Planned"),
                    ("drafting", "Drafting"),
                    ("active", "Active"),
                    ("closed", "Closed"),
                ],
                db_index=True,
                default="planned",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
