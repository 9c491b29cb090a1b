"""The header of the programme's documents (Nghị định 30/2020): the parent body, the issuing
body, the number symbol and the place, from the province record. The synthesis, the meeting pack
and the evaluation reports share it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dieuhanh.reporting.models import Period
from dieuhanh.units.models import Province, Unit
from dieuhanh.units.structure import province_current, unit_successors


@dataclass(frozen=True)
class Letterhead:
    """Who issues a document of the programme, as its header says (ND 30/2020)."""

    parent_body: str
    issuer: str
    issuer_short: str
    number_symbol: str
    place: str


def letterhead(*, period: Period, issued_on: dt.date) -> Letterhead:
    """The header of a document of `period` issued on `issued_on`, from the province record:
    the synthesis and the meeting pack share it."""
    record = province_current()
    issuer_unit = _issuer(period, issued_on, record)
    province = record.root_on(issued_on) if record else None
    return Letterhead(
        parent_body=f"Ủy ban nhân dân {province.name[:1].lower()}{province.name[1:]}"
        if province
        else "Ủy ban nhân dân",
        issuer=_strip_place(issuer_unit.name),
        issuer_short=issuer_unit.short_name or issuer_unit.name,
        number_symbol=record.number_symbol if record else "",
        place=_place(province),
    )


def _issuer(period: Period, on: dt.date, province: Province | None) -> Unit:
    """The province record's issuing body, else the regime's receiving body; whoever carries
    its work on the issue date."""
    receiver = province.issuer if province and province.issuer else period.regime.receiving_unit
    carriers = unit_successors(unit=receiver, on=on)
    return carriers[0][0] if carriers else receiver


def _place(province: Unit | None) -> str:
    """ "Thành phố Hải Phòng" → "Hải Phòng", the place name written before the date."""
    if province is None:
        return ""
    return province.short_name or re.sub(r"^(Tỉnh|Thành phố)\s+", "", province.name)


def _strip_place(name: str) -> str:
    # "Sở Khoa học và Công nghệ thành phố Hải Phòng" → "Sở Khoa học và Công nghệ": the
    # line above it (the parent body) already names the place, as Nghị định 30 lays out.
    return re.sub(r"\s+(tỉnh|thành phố)\s+\S.*$", "", name)
