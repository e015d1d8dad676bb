"""Submissions, moved here from `suppliers` with their rows: the table was renamed by suppliers 0007, so
this adds the model to the state only, and carries its content type (and so the permissions granted on
it) across."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


def _content_type_follows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="suppliers", model="submission").update(app_label="surveys")


def _content_type_goes_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="surveys", model="submission").update(app_label="suppliers")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('suppliers', '0007_submission_moves_to_surveys'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[migrations.CreateModel(
            name='Submission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('file', models.FileField(max_length=255, upload_to='submissions/')),
                ('original_name', models.CharField(max_length=255)),
                ('size', models.PositiveIntegerField()),
                ('sha256', models.CharField(max_length=64)),
                ('status', models.CharField(choices=[('pending', 'Waiting to be checked'), ('checking', 'Being checked'), ('valid', 'Valid'), ('invalid', 'Needs corrections'), ('refused', 'Refused'), ('failed', 'Could not be checked'), ('duplicate', 'Same file as an earlier one')], db_index=True, default='pending', max_length=16)),
                ('template', models.CharField(blank=True, max_length=8)),
                ('version', models.CharField(blank=True, max_length=16)),
                ('company_name', models.CharField(blank=True, max_length=255)),
                ('error_count', models.PositiveIntegerField(default=0)),
                ('warning_count', models.PositiveIntegerField(default=0)),
                ('result', models.JSONField(blank=True, help_text='What was read and found (cmrt_inspect JSON).', null=True)),
                ('failure', models.TextField(blank=True, help_text='User-safe reason when checking itself failed.')),
                ('checked_at', models.DateTimeField(blank=True, null=True)),
                ('enqueued_at', models.DateTimeField(blank=True, null=True)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('duplicate_of', models.ForeignKey(blank=True, help_text='The earlier submission of the same supplier with the very same file (SHA-256).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='duplicates', to='surveys.submission')),
                ('supplier', models.ForeignKey(blank=True, help_text='Empty for a workbook checked on the checker page without a supplier.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='suppliers.supplier')),
                ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='submissions', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['supplier', '-created_at'], name='suppliers_s_supplie_8aa69d_idx'), models.Index(fields=['supplier', 'sha256'], name='submission_supplier_sha256')],
                'constraints': [models.CheckConstraint(condition=models.Q(('duplicate_of__isnull', True), ('status', 'duplicate'), _connector='OR'), name='submission_duplicate_has_duplicate_status')],
            },
        )]),
        migrations.RunPython(_content_type_follows, _content_type_goes_back),
    ]
