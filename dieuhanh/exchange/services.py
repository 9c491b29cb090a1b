"""Writes of the exchange: a DHIS2 file into indicator values (all-or-nothing, through the one
indicator importer), and a mapping file into the mapping tables."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction

from dieuhanh.accounts.models import User
from dieuhanh.core.periods import PeriodError
from dieuhanh.exchange import formats
from dieuhanh.exchange.models import Dhis2Combo
from dieuhanh.exchange.periods import dhis2_period
from dieuhanh.indicators.importers import DEFAULT_COMBOS, ImportReport, RawRow, data_values_import
from dieuhanh.indicators.models import CodeMapping, Indicator
from dieuhanh.units.models import Unit

SYSTEM = "dhis2"


def _is_default(combo: object) -> bool:
    return str(combo or "").strip().lower() in DEFAULT_COMBOS


def _combo_key(combo: object) -> str:
    return "" if _is_default(combo) else str(combo).strip()


def dhis2_import(*, content: bytes, fmt: str, user: User, source: str, name: str = "tệp") -> ImportReport:
    """Read, map and record a DHIS2 file; nothing is recorded unless every value is good.
    ImportFileError when the file as a whole cannot be read."""
    rows = formats.read(content, fmt, name)
    report = ImportReport(total=len(rows))
    rows = _prepare(rows, report)
    if report.errors:
        return report
    return data_values_import(rows=rows, user=user, source=source, source_ref=f"dhis2:{fmt}")


def _prepare(rows: list[RawRow], report: ImportReport) -> list[RawRow]:
    """DHIS2's periods and option-combo pairs into ours; identical repeats into one value (DHIS2
    keeps the last of a repeated key; a repeat with another value stays, and is refused)."""
    combos = {
        (c.category_option_combo, c.attribute_option_combo): c.disaggregation
        for c in Dhis2Combo.objects.all()
    }
    out: list[RawRow] = []
    seen: set[tuple[str, ...]] = set()
    for row in rows:
        problems: list[str] = []
        data = dict(row.data)
        period = str(data.get("period") or "").strip()
        if period:
            try:
                data["period"] = dhis2_period(period).code
            except PeriodError as exc:
                problems.append(str(exc).rstrip("."))
        pair = (_combo_key(data.get("disaggregation")), _combo_key(data.get("attribute")))
        if pair in combos:
            data["disaggregation"], data["attribute"] = combos[pair], ""
        elif pair[1]:
            problems.append(
                f"cặp categoryOptionCombo “{pair[0] or 'default'}” × attributeOptionCombo “{pair[1]}” "
                "chưa có trong bảng ánh xạ tổ hợp phân tổ DHIS2"
            )
        if problems:
            report.errors.append(f"{row.where}: " + "; ".join(problems) + ".")
            continue
        key = tuple(
            str(data.get(k) or "").strip() for k in ("indicator", "unit", "period", "disaggregation", "value")
        )
        if key in seen:
            continue
        seen.add(key)
        out.append(replace(row, data=data))
    return out


# ---- the mapping file -----------------------------------------------------------------------


@dataclass
class MappingReport:
    data_elements: int = 0
    org_units: int = 0
    combos: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _items(payload: dict[str, Any], key: str, errors: list[str]) -> list[dict[str, Any]]:
    items = payload.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        errors.append(f"“{key}” phải là một mảng các đối tượng.")
        return []
    return items


@transaction.atomic
def dhis2_mapping_import(*, payload: Any) -> MappingReport:
    """Apply a mapping file (the shape of `selectors.dhis2_mapping_export`), all-or-nothing."""
    report = MappingReport()
    if not isinstance(payload, dict):
        report.errors.append("Tệp ánh xạ phải là một đối tượng JSON có dataElements, orgUnits, combos.")
        return report
    errors = report.errors
    elements = _items(payload, "dataElements", errors)
    org_units = _items(payload, "orgUnits", errors)
    combos = _items(payload, "combos", errors)
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in=[str(e.get("indicator")) for e in elements])
    }
    units = {u.code: u for u in Unit.objects.filter(code__in=[str(e.get("unit")) for e in org_units])}
    for n, e in enumerate(elements, start=1):
        if not str(e.get("id") or "").strip():
            errors.append(f"dataElements thứ {n}: thiếu “id” (uid hoặc mã DHIS2).")
        elif str(e.get("indicator")) not in indicators:
            errors.append(f"dataElements thứ {n}: không tìm thấy chỉ số “{e.get('indicator')}”.")
    for n, e in enumerate(org_units, start=1):
        if not str(e.get("id") or "").strip():
            errors.append(f"orgUnits thứ {n}: thiếu “id” (uid hoặc mã DHIS2).")
        elif str(e.get("unit")) not in units:
            errors.append(f"orgUnits thứ {n}: không tìm thấy đơn vị “{e.get('unit')}”.")
    seen_disagg: dict[str, int] = {}
    for n, e in enumerate(combos, start=1):
        disagg = str(e.get("disaggregation") or "").strip()
        if not disagg:
            errors.append(f"combos thứ {n}: thiếu “disaggregation” (phân tổ của nền tảng).")
        elif disagg in seen_disagg:
            errors.append(f"combos thứ {n}: phân tổ “{disagg}” trùng với combos thứ {seen_disagg[disagg]}.")
        seen_disagg.setdefault(disagg, n)
    if errors:
        transaction.set_rollback(True)
        return report
    for e in elements:
        indicator = indicators[str(e["indicator"])]
        indicator.dhis2_id = str(e["id"]).strip()[:64]
        indicator.save(update_fields=["dhis2_id"])
        report.data_elements += 1
    for e in org_units:
        CodeMapping.objects.update_or_create(
            system=SYSTEM,
            kind=CodeMapping.Kind.UNIT,
            external_id=str(e["id"]).strip()[:64],
            defaults={"unit": units[str(e["unit"])]},
        )
        report.org_units += 1
    for e in combos:
        coc, aoc = _combo_key(e.get("categoryOptionCombo")), _combo_key(e.get("attributeOptionCombo"))
        disagg = str(e["disaggregation"]).strip()[:80]
        Dhis2Combo.objects.filter(disaggregation=disagg).exclude(
            category_option_combo=coc, attribute_option_combo=aoc
        ).delete()
        Dhis2Combo.objects.update_or_create(
            category_option_combo=coc,
            attribute_option_combo=aoc,
            defaults={"disaggregation": disagg, "note": str(e.get("note") or "")[:255]},
        )
        report.combos += 1
    return report
