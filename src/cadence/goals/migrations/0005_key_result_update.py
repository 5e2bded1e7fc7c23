"""The goals app's CheckIn is a key-result update: the model becomes KeyResultUpdate and its table
goals_keyresultupdate (renamed in place, rows kept), so it is not mistaken for a weekly check-in.
Goals and key results reach them as `.updates`."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("goals", "0004_version"),
    ]

    operations = [
        migrations.RenameModel(old_name='CheckIn', new_name='KeyResultUpdate'),
        migrations.AlterField(
            model_name='keyresultupdate',
            name='goal',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='goals.goal'),
        ),
        migrations.AlterField(
            model_name='keyresultupdate',
            name='key_result',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='goals.keyresult'),
        ),
    ]
