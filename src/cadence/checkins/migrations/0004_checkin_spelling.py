"""One spelling, `checkin`: the foreign keys to a check-in are `checkin` (columns checkin_id, renamed in
place) and a person's check-ins are `employee.checkins`. The reaction's unique constraint is dropped and
made again around the rename, since Django's picture of it names the field."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('checkins', '0003_default_questions'),
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='checkinreaction',
            name='checkin_reaction_once',
        ),
        migrations.RenameField(
            model_name='checkincomment',
            old_name='check_in',
            new_name='checkin',
        ),
        migrations.RenameField(
            model_name='checkinpriority',
            old_name='check_in',
            new_name='checkin',
        ),
        migrations.RenameField(
            model_name='checkinreaction',
            old_name='check_in',
            new_name='checkin',
        ),
        migrations.AlterField(
            model_name='checkin',
            name='author',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checkins', to='people.employee'),
        ),
        migrations.AddConstraint(
            model_name='checkinreaction',
            constraint=models.UniqueConstraint(fields=('checkin', 'person', 'kind'), name='checkin_reaction_once'),
        ),
    ]
