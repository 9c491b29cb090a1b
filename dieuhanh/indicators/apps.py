from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "dieuhanh.indicators"
    label = "indicators"
    verbose_name = "Chỉ số, số liệu"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from dieuhanh.units.models import Unit, UnitParent, UnitSuccession

        # Edits made in this process are seen at once; other processes notice within seconds
        # through the units fingerprint (hierarchy.VERSION_TTL).
        for model in (Unit, UnitParent, UnitSuccession):
            post_save.connect(_units_changed, sender=model, dispatch_uid=f"indicators-{model.__name__}-save")
            post_delete.connect(
                _units_changed, sender=model, dispatch_uid=f"indicators-{model.__name__}-delete"
            )


def _units_changed(**_: Any) -> None:
    from dieuhanh.indicators.aggregation import rollup_nodes_forget
    from dieuhanh.indicators.hierarchy import hierarchy_forget

    hierarchy_forget()
    rollup_nodes_forget()
