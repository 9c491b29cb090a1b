"""The header of the programme's documents (Nghị định 30/2020): the parent body, the issuing
body, the number symbol and the place, from the province record. The synthesis, the meeting pack
and the evaluation reports share it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dieuhanh.reporting.models import Period
from dieuhanh.units.models import Province, Unit
from dieuhanh.units.structure import name_without_place, province_current, province_issuer, unit_successors


@dataclass(frozen=True)
class Letterhead:
    """Who issues a document of the programme, as its header says (ND 30/2020)."""

    parent_body: str
    issuer: str
    issuer_short: str
    number_symbol: str
    place: str


def letterhead(*, period: Period | None, issued_on: dt.date) -> Letterhead:
    """The header of a document of `period` issued on `issued_on`, from the province record:
    the synthesis, the meeting pack and the evaluation report (which has no period) share it."""
    record = province_current()
    issuer_unit = _issuer(period, issued_on, record)
    province = record.root_on(issued_on) if record else None
    return Letterhead(
        parent_body=f"Ủy ban nhân dân {province.name[:1].lower()}{province.name[1:]}"
        if province
        else "Ủy ban nhân dân",
        issuer=name_without_place(issuer_unit.name) if issuer_unit else "",
        issuer_short=(issuer_unit.short_name or issuer_unit.name) if issuer_unit else "",
        number_symbol=record.number_symbol if record else "",
        place=_place(province),
    )


def _issuer(period: Period | None, on: dt.date, province: Province | None) -> Unit | None:
    """The province record's issuing body, else the regime's receiving body (the period's,
    else the province's monthly regime's); whoever carries its work on the issue date."""
    if period is not None and not (province and province.issuer):
        carriers = unit_successors(unit=period.regime.receiving_unit, on=on)
        return carriers[0][0] if carriers else period.regime.receiving_unit
    return province_issuer(on=on, province=province)


def _place(province: Unit | None) -> str:
    """ "Thành phố Hải Phòng" → "Hải Phòng", the place name written before the date."""
    if province is None:
        return ""
    return province.short_name or re.sub(r"^(Tỉnh|Thành phố)\s+", "", province.name)
