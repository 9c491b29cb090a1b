"""Proposals become items of the one answering engine (core.answers): they gain when they were
sent (the report's acceptance) and when they were taken up. Existing rows keep their ids,
states and answers; a proposal without an acceptance time is dated from its deadline."""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone

RESPONSE_DAYS = 15  # as core.answers.RESPONSE_DAYS when this migration was written


def _sent_at(report_reviewed_at, respond_by):  # type: ignore[no-untyped-def]
    if report_reviewed_at is not None:
        return report_reviewed_at
    day = respond_by - dt.timedelta(days=RESPONSE_DAYS)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8)))


def fill_sent_at(apps, schema_editor):  # type: ignore[no-untyped-def]
    Report = apps.get_model("reporting", "Report")
    for name in ("Proposal", "HistoricalProposal"):
        model = apps.get_model("steering", name)
        reviewed = dict(
            Report.objects.filter(pk__in=model.objects.values("report_id")).values_list("pk", "reviewed_at")
        )
        for row in model.objects.filter(sent_at__isnull=True).only("pk", "report_id", "respond_by"):
            model.objects.filter(pk=row.pk).update(sent_at=_sent_at(reviewed.get(row.report_id), row.respond_by))


class Migration(migrations.Migration):
    dependencies = [
        ("steering", "0001_initial"),
        ("reporting", "0001_initial"),
    ]

    operations = [
        *[
            migrations.AddField(
                model_name=name,
                name="sent_at",
                field=models.DateTimeField(null=True, verbose_name="gửi lúc"),
            )
            for name in ("proposal", "historicalproposal")
        ],
        *[
            migrations.AddField(
                model_name=name,
                name="received_at",
                field=models.DateTimeField(blank=True, null=True, verbose_name="tiếp nhận lúc"),
            )
            for name in ("proposal", "historicalproposal")
        ],
        migrations.RunPython(fill_sent_at, migrations.RunPython.noop),
        *[
            migrations.AlterField(
                model_name=name,
                name="sent_at",
                field=models.DateTimeField(verbose_name="gửi lúc"),
            )
            for name in ("proposal", "historicalproposal")
        ],
    ]
