"""Fewer indexes on the values and the roll-ups: each is paid by every recorded, displaced or
rolled-up row (bench/aggregation.py --national; docs/scaling.md).

- values: no index by recorder (accounts are never deleted) nor by indicator alone (the two
  below lead with it); corrections indexed only where there is one; the current values' index
  carries the figure, so a roll-up reads the index alone (PostgreSQL).
- roll-ups: keyed by their cell (a composite primary key: no id, no second unique index) and
  without database foreign keys. Django cannot turn an id into a composite key, so the table is
  made anew; roll-ups are derived data, so their states go too and they are rebuilt on demand."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def forget_rollups(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("indicators", "RollupState").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_datavalue_history_fewer_indexes"),
        ("units", "0003_province"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(forget_rollups, migrations.RunPython.noop),
        migrations.DeleteModel(name="Rollup"),
        migrations.CreateModel(
            name="Rollup",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "version",
                        "epoch",
                        "node",
                        "indicator",
                        "period",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("version", models.CharField(max_length=40)),
                ("epoch", models.DateField()),
                (
                    "node",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="units.unit",
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="indicators.indicator",
                    ),
                ),
                ("period", models.CharField(max_length=8)),
                ("total", models.FloatField()),
                ("weight_sum", models.FloatField()),
                ("count", models.PositiveIntegerField()),
            ],
        ),
        migrations.RemoveIndex(model_name="datavalue", name="datavalue_current"),
        migrations.RemoveIndex(model_name="datavalue", name="datavalue_period"),
        migrations.AlterField(
            model_name="datavalue",
            name="corrects",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="corrections",
                to="indicators.datavalue",
                verbose_name="đính chính cho giá trị",
            ),
        ),
        migrations.AlterField(
            model_name="datavalue",
            name="indicator",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="values",
                to="indicators.indicator",
            ),
        ),
        migrations.AlterField(
            model_name="datavalue",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="datavalue",
            index=models.Index(
                condition=models.Q(("is_current", True)),
                fields=["indicator", "period", "unit"],
                include=("disaggregation", "value"),
                name="datavalue_current",
            ),
        ),
        migrations.AddIndex(
            model_name="datavalue",
            index=models.Index(fields=["indicator", "period"], name="datavalue_period"),
        ),
        migrations.AddIndex(
            model_name="datavalue",
            index=models.Index(
                condition=models.Q(("corrects__isnull", False)),
                fields=["corrects"],
                name="datavalue_corrects",
            ),
        ),
    ]
