"""Explanation requests become items of the one answering engine (core.answers), like the
proposals and the enterprises' requests: `requested_at` becomes `sent_at`, `due_on` becomes
`respond_by`, and each request gains a state (answered where an answer was given, else
pending) and when it was taken up. Ids, questions, answers and times are kept. The issuing
body's choice labels no longer name it (pages take its name from the province record)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

STATES = [
    ("pending", "Chưa xử lý"),
    ("in_progress", "Đang xử lý"),
    ("answered", "Đã trả lời"),
    ("escalated", "Chuyển cấp trên"),
]
ADDRESSEES = [
    ("unit", "Sở, ngành, địa phương của tỉnh"),
    ("so", "Cơ quan tổng hợp báo cáo"),
    ("province", "Lãnh đạo tỉnh"),
    ("central", "Cơ quan Trung ương"),
]
JUDGES = [("lead", "Đơn vị chủ trì"), ("centre", "Cơ quan tổng hợp")]
MODELS = ("explanation", "historicalexplanation")


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    for name in ("Explanation", "HistoricalExplanation"):
        model = apps.get_model("steering", name)
        model.objects.filter(answered_at__isnull=False).update(state="answered")


class Migration(migrations.Migration):
    dependencies = [
        ("steering", "0002_proposal_answerable"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *[migrations.RenameField(model_name=m, old_name="requested_at", new_name="sent_at") for m in MODELS],
        *[migrations.RenameField(model_name=m, old_name="due_on", new_name="respond_by") for m in MODELS],
        *[
            migrations.AlterField(
                model_name=m, name="sent_at", field=models.DateTimeField(verbose_name="gửi lúc")
            )
            for m in MODELS
        ],
        *[
            migrations.AlterField(
                model_name=m, name="respond_by", field=models.DateField(verbose_name="hạn trả lời")
            )
            for m in MODELS
        ],
        *[
            migrations.AddField(
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
                name="received_at",
                field=models.DateTimeField(blank=True, null=True, verbose_name="tiếp nhận lúc"),
            )
            for m in MODELS
        ],
        *[
            migrations.AlterField(
                model_name=m, name="answer", field=models.TextField(blank=True, verbose_name="trả lời")
            )
            for m in MODELS
        ],
        *[
            migrations.AlterField(
                model_name=m,
                name="answered_at",
                field=models.DateTimeField(blank=True, null=True, verbose_name="trả lời lúc"),
            )
            for m in MODELS
        ],
        migrations.AlterField(
            model_name="explanation",
            name="answered_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người trả lời",
            ),
        ),
        migrations.AlterField(
            model_name="historicalexplanation",
            name="answered_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người trả lời",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="explanation",
            options={
                "ordering": ["respond_by", "id"],
                "verbose_name": "yêu cầu giải trình",
                "verbose_name_plural": "yêu cầu giải trình",
            },
        ),
        *[
            migrations.AlterField(
                model_name=m,
                name="addressee",
                field=models.CharField(choices=ADDRESSEES, default="so", max_length=10, verbose_name="gửi tới"),
            )
            for m in ("proposal", "historicalproposal")
        ],
        migrations.AlterField(
            model_name="confidence",
            name="judge",
            field=models.CharField(choices=JUDGES, max_length=6, verbose_name="người đánh giá"),
        ),
    ]
