"""Small helpers to make indicators and values in tests."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from dieuhanh.indicators.aggregation import rollup_invalidate
from dieuhanh.indicators.models import DataValue, Indicator
from dieuhanh.units.models import Unit


def indicator(code: str, **extra: Any) -> Indicator:
    defaults: dict[str, Any] = {"name": f"Chỉ số {code}", "unit_of_measure": "hồ sơ"}
    return Indicator.objects.create(code=code, **{**defaults, **extra})


def put(
    ind: Indicator, unit: Unit, period: str, value: float, source: str = "demo", **extra: Any
) -> DataValue:
    """Store a value as it would be after recording (bypasses the service on purpose: fast, no checks)."""
    obj = DataValue.objects.create(
        indicator=ind,
        unit=unit,
        period=period,
        value=value,
        source=source,
        recorded_at=timezone.now(),
        **extra,
    )
    rollup_invalidate(indicator_ids=[ind.pk])
    return obj
