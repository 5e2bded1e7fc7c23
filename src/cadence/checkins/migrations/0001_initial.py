"""The check-in models, taken over from the feedback app (its migration 0002 lets go of them). On a
database that has them already nothing is created: the tables keep their feedback_* names and their
rows. Their content types move along, so whatever points at them (admin permissions, the admin log)
keeps pointing at them."""

import django.core.validators
import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models

MODELS = ("checkin", "checkincadence", "checkincomment", "checkinpriority", "checkinquestion", "checkinreaction")


def move_content_types(apps, schema_editor, source="feedback", target="checkins"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    taken = set(ContentType.objects.using(db).filter(app_label=target, model__in=MODELS).values_list("model", flat=True))
    ContentType.objects.using(db).filter(app_label=source, model__in=set(MODELS) - taken).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="checkins", target="feedback")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('feedback', '0002_checkins_move_to_their_own_app'),
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CheckIn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('period_start', models.DateField(verbose_name='period')),
                        ('status', models.CharField(choices=[('due', 'Due'), ('submitted', 'Submitted'), ('skipped', 'Skipped')], default='due', max_length=10)),
                        ('mood', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='How did you feel at work since your last check-in?')),
                        ('answers', models.JSONField(blank=True, default=list)),
                        ('skip_reason', models.CharField(blank=True, max_length=200, verbose_name='reason')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True)),
                        ('reminded_at', models.DateTimeField(blank=True, null=True)),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='check_ins', to='people.employee')),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.employee')),
                    ],
                    options={
                        'db_table': 'feedback_checkin',
                        'ordering': ['-period_start', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='CheckInCadence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('every_weeks', models.PositiveSmallIntegerField(choices=[(1, 'Every week'), (2, 'Every two weeks')], default=1)),
                        ('department', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.department')),
                    ],
                    options={
                        'db_table': 'feedback_checkincadence',
                    },
                ),
                migrations.CreateModel(
                    name='CheckInComment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('body', models.TextField(max_length=2000, verbose_name='comment')),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.employee')),
                        ('check_in', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='checkins.checkin')),
                    ],
                    options={
                        'db_table': 'feedback_checkincomment',
                        'ordering': ['created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='CheckInPriority',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.CharField(max_length=300, verbose_name='priority')),
                        ('status', models.CharField(choices=[('open', 'Open'), ('done', 'Done'), ('carried', 'Carried forward'), ('dropped', 'Dropped')], default='open', max_length=10)),
                        ('order', models.PositiveSmallIntegerField(default=0)),
                        ('carried_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='checkins.checkinpriority')),
                        ('check_in', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='priorities', to='checkins.checkin')),
                    ],
                    options={
                        'db_table': 'feedback_checkinpriority',
                        'ordering': ['order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='CheckInQuestion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('text', models.CharField(max_length=300, verbose_name='question')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('department', models.ForeignKey(blank=True, help_text='Empty: everyone.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.department', verbose_name='department')),
                    ],
                    options={
                        'db_table': 'feedback_checkinquestion',
                        'ordering': ['order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='CheckInReaction',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('clap', '👏'), ('heart', '❤️'), ('party', '🎉'), ('star', '⭐')], max_length=10)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('check_in', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reactions', to='checkins.checkin')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.employee')),
                    ],
                    options={
                        'db_table': 'feedback_checkinreaction',
                    },
                ),
                migrations.AddIndex(
                    model_name='checkin',
                    index=models.Index(fields=['period_start', 'status'], name='checkin_period_status'),
                ),
                migrations.AddConstraint(
                    model_name='checkin',
                    constraint=models.UniqueConstraint(fields=('author', 'period_start'), name='checkin_once_per_period'),
                ),
                migrations.AddConstraint(
                    model_name='checkincadence',
                    constraint=models.UniqueConstraint(django.db.models.functions.comparison.Coalesce('department', models.Value(0)), name='checkin_one_cadence_per_scope'),
                ),
                migrations.AddConstraint(
                    model_name='checkinreaction',
                    constraint=models.UniqueConstraint(fields=('check_in', 'person', 'kind'), name='checkin_reaction_once'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
