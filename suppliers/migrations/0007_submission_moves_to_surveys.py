"""Submissions move to the new `surveys` app, keeping every row (Django's documented way to move a model:
rename the table for real, then drop the model from this app's state only; surveys 0001 adds it to its own
state without touching the database)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("suppliers", "0006_submission_delivery_bookkeeping"),
    ]

    operations = [
        migrations.AlterModelTable(name="submission", table="surveys_submission"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Submission")],
            database_operations=[],
        ),
    ]
