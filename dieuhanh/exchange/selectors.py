"""Reads of the exchange, scoped like every selector: a reporter exports only the units of
their scope; a unit outside it is a 404 (not a 403: its existence is not told)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_unit_scope
from dieuhanh.core.periods import Period
from dieuhanh.exchange.formats import Dhis2Value, value_text
from dieuhanh.exchange.models import Dhis2Combo
from dieuhanh.indicators.models import CodeMapping, DataValue, Indicator
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import unit_descendant_ids

SYSTEM = "dhis2"


@dataclass(frozen=True)
class ExportFilter:
    """DHIS2's own query parameters: dataElement (many), orgUnit, children, period (many)."""

    data_elements: tuple[str, ...] = ()
    org_unit: str = ""
    periods: tuple[Period, ...] = ()
    # DHIS2's `children=true`: the org unit and every unit below it (today's hierarchy).
    children: bool = False


def _unit_for_ref(ref: str) -> Unit | None:
    """Our unit for a DHIS2 orgUnit uid/code (the mapping) or our own code."""
    mapping = (
        CodeMapping.objects.filter(kind=CodeMapping.Kind.UNIT, external_id=ref).select_related("unit").first()
    )
    if mapping is not None and mapping.unit is not None:
        return mapping.unit
    return Unit.objects.filter(code=ref).first()


def dhis2_values(*, user: User, query: ExportFilter) -> list[Dhis2Value]:
    """The current values the user may see, in DHIS2's identifiers; one per key (the latest
    recorded, whichever source sent it), ordered as DHIS2 lists them."""
    scope = user_unit_scope(user=user)
    qs = DataValue.objects.filter(is_current=True).select_related("indicator", "unit", "recorded_by")
    if scope is not None:
        qs = qs.filter(unit_id__in=scope)
    if query.org_unit:
        unit = _unit_for_ref(query.org_unit)
        if unit is None or (scope is not None and unit.pk not in scope):
            raise Http404(f"Không tìm thấy đơn vị “{query.org_unit}” trong phạm vi của bạn.")
        wanted = {unit.pk}
        if query.children:
            wanted |= unit_descendant_ids(unit=unit, on=timezone.localdate())
        qs = qs.filter(unit_id__in=wanted)
    if query.data_elements:
        refs = set(query.data_elements)
        ids = Indicator.objects.filter(code__in=refs) | Indicator.objects.filter(dhis2_id__in=refs)
        qs = qs.filter(indicator__in=ids)
    if query.periods:
        qs = qs.filter(period__in=[p.code for p in query.periods])
    return _as_dhis2(qs.order_by("recorded_at", "pk"))


def _as_dhis2(values: Iterable[DataValue]) -> list[Dhis2Value]:
    units = _unit_ids()
    combos = _combo_pairs()
    latest: dict[tuple[int, int, str, str], DataValue] = {}
    for v in values:
        latest[(v.indicator_id, v.unit_id, v.period, v.disaggregation)] = v
    out = []
    for v in latest.values():
        coc, aoc = combos.get(v.disaggregation, (v.disaggregation, ""))
        out.append(
            Dhis2Value(
                data_element=v.indicator.dhis2_id or v.indicator.code,
                period=Period.parse(v.period),
                org_unit=units.get(v.unit_id, v.unit.code),
                category_option_combo=coc,
                attribute_option_combo=aoc,
                value=value_text(v.value),
                stored_by=v.recorded_by.username if v.recorded_by else "",
                last_updated=v.recorded_at,
                comment=v.comment,
            )
        )
    return sorted(
        out,
        key=lambda d: (
            d.data_element,
            d.period,
            d.org_unit,
            d.category_option_combo,
            d.attribute_option_combo,
        ),
    )


def _unit_ids() -> dict[int, str]:
    """Unit id → its DHIS2 orgUnit id; the first mapping wins when several point to one unit."""
    out: dict[int, str] = {}
    for unit_id, external in (
        CodeMapping.objects.filter(kind=CodeMapping.Kind.UNIT)
        .order_by("pk")
        .values_list("unit_id", "external_id")
    ):
        if unit_id is not None:
            out.setdefault(unit_id, external)
    return out


def _combo_pairs() -> dict[str, tuple[str, str]]:
    """Disaggregation → (categoryOptionCombo, attributeOptionCombo)."""
    out: dict[str, tuple[str, str]] = {}
    for external, disagg in CodeMapping.objects.filter(kind=CodeMapping.Kind.DISAGGREGATION).values_list(
        "external_id", "disaggregation"
    ):
        out.setdefault(disagg, (external, ""))
    for c in Dhis2Combo.objects.all():
        out[c.disaggregation] = (c.category_option_combo, c.attribute_option_combo)
    return out


def dhis2_mapping_export(*, user: object) -> dict[str, object]:
    """The whole mapping as the file `services.dhis2_mapping_import` reads."""
    rules.require(rules.has_role, user)  # configuration, not any unit's data: every role reads it
    return {
        "system": SYSTEM,
        "dataElements": [
            {"id": i.dhis2_id, "indicator": i.code}
            for i in Indicator.objects.exclude(dhis2_id="").order_by("code")
        ],
        "orgUnits": [
            {"id": m.external_id, "unit": m.unit.code if m.unit else ""}
            for m in CodeMapping.objects.filter(kind=CodeMapping.Kind.UNIT, unit__isnull=False)
            .select_related("unit")
            .order_by("external_id")
        ],
        "combos": [
            {
                "categoryOptionCombo": c.category_option_combo,
                "attributeOptionCombo": c.attribute_option_combo,
                "disaggregation": c.disaggregation,
                "note": c.note,
            }
            for c in Dhis2Combo.objects.all()
        ],
    }
