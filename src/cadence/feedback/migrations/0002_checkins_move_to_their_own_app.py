"""Check-ins moved to their own app (cadence.checkins). Only Django's picture of the models changes:
the tables stay where they are, with their data, under the names they have always had; the
checkins app's first migration takes the models over."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(
                    model_name='checkin',
                    name='checkin_period_status',
                ),
                migrations.RemoveConstraint(
                    model_name='checkin',
                    name='checkin_once_per_period',
                ),
                migrations.RemoveField(
                    model_name='checkinpriority',
                    name='check_in',
                ),
                migrations.RemoveField(
                    model_name='checkincomment',
                    name='check_in',
                ),
                migrations.RemoveConstraint(
                    model_name='checkincadence',
                    name='checkin_one_cadence_per_scope',
                ),
                migrations.RemoveField(
                    model_name='checkincomment',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='checkinpriority',
                    name='carried_from',
                ),
                migrations.RemoveField(
                    model_name='checkinquestion',
                    name='department',
                ),
                migrations.RemoveConstraint(
                    model_name='checkinreaction',
                    name='checkin_reaction_once',
                ),
                migrations.RemoveField(
                    model_name='checkin',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='checkin',
                    name='reviewed_by',
                ),
                migrations.RemoveField(
                    model_name='checkincadence',
                    name='department',
                ),
                migrations.DeleteModel(
                    name='CheckInComment',
                ),
                migrations.DeleteModel(
                    name='CheckInPriority',
                ),
                migrations.DeleteModel(
                    name='CheckInQuestion',
                ),
                migrations.RemoveField(
                    model_name='checkinreaction',
                    name='check_in',
                ),
                migrations.RemoveField(
                    model_name='checkinreaction',
                    name='person',
                ),
                migrations.DeleteModel(
                    name='CheckInCadence',
                ),
                migrations.DeleteModel(
                    name='CheckIn',
                ),
                migrations.DeleteModel(
                    name='CheckInReaction',
                ),
            ],
            database_operations=[],
        ),
    ]
