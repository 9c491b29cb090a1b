"""Enterprises' requests become items of the one answering engine (core.answers), shared with
the agencies' proposals: `status` becomes `state` with the engine's values (sent → pending,
received → in progress) and each request gains its response deadline (sent day + 15 days).
Ids, answers and times are kept."""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone

RESPONSE_DAYS = 15  # as core.answers.RESPONSE_DAYS when this migration was written
STATES = [
    ("pending", "Chưa xử lý"),
    ("in_progress", "Đang xử lý"),
    ("answered", "Đã trả lời"),
    ("escalated", "Chuyển cấp trên"),
]
MODELS = ("enterpriserequest", "historicalenterpriserequest")


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    for name in ("EnterpriseRequest", "HistoricalEnterpriseRequest"):
        model = apps.get_model("zones", name)
        model.objects.filter(state="sent").update(state="pending")
        model.objects.filter(state="received").update(state="in_progress")
        for row in model.objects.filter(respond_by__isnull=True).only("pk", "sent_at"):
            day = timezone.localdate(row.sent_at) + dt.timedelta(days=RESPONSE_DAYS)
            model.objects.filter(pk=row.pk).update(respond_by=day)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    for name in ("EnterpriseRequest", "HistoricalEnterpriseRequest"):
        model = apps.get_model("zones", name)
        model.objects.filter(state="pending").update(state="sent")
        model.objects.filter(state__in=["in_progress", "escalated"]).update(state="received")


class Migration(migrations.Migration):
    dependencies = [
        ("zones", "0002_history_ip_address"),
    ]

    operations = [
        *[migrations.RenameField(model_name=m, old_name="status", new_name="state") for m in MODELS],
        *[
            migrations.AlterField(
                model_name=m,
                name="state",
                field=models.CharField(
                    choices=STATES, default="pending", max_length=12, verbose_name="trạng thái"
                ),
            )
            for m in MODELS
        ],
        *[
            migrations.AddField(
                model_name=m,
                name="respond_by",
                field=models.DateField(null=True, verbose_name="hạn trả lời"),
            )
            for m in MODELS
        ],
        migrations.RunPython(forwards, backwards),
        *[
            migrations.AlterField(
                model_name=m,
                name="respond_by",
                field=models.DateField(verbose_name="hạn trả lời"),
            )
            for m in MODELS
        ],
    ]
