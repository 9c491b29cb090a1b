"""Copied from dieuhanh/reporting/tests/conftest.py (fixtures do not cross app test folders):
a monthly regime over the standard cast: the Hải Dương agencies and one old commune until
30/06/2025, their Hải Phòng successors from 01/07/2025."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from dieuhanh.reporting.models import Frequency, Period, RegimeMembership, ReportRegime
from dieuhanh.reporting.services import period_ensure
from dieuhanh.units.models import Unit, UnitParent, UnitSuccession

END = dt.date(2025, 6, 30)
MERGER = dt.date(2025, 7, 1)


@dataclass
class Reporting:
    regime: ReportRegime
    june: Period
    july: Period
    old_commune: Unit


@pytest.fixture
def reporting(world) -> Reporting:  # type: ignore[no-untyped-def]
    u = world.units
    old_commune = Unit.objects.create(
        code="vn2024:w:10510", kind="commune", name="Phường Bình Hàn", valid_to=END
    )
    UnitParent.objects.create(child=old_commune, parent=u["hd"], valid_to=END)
    UnitSuccession.objects.create(predecessor=old_commune, successor=u["commune"], effective_on=MERGER)
    regime = ReportRegime.objects.create(
        name="Báo cáo tháng",
        content="Kết quả thực hiện",
        receiving_unit=u["hp_khcn"],
        frequency=Frequency.MONTHLY,
        starts_on=dt.date(2025, 2, 1),
    )
    for key in ("hd_bql", "hd_khcn", "hd_tc"):
        RegimeMembership.objects.create(regime=regime, unit=u[key], valid_to=END)
    RegimeMembership.objects.create(regime=regime, unit=old_commune, valid_to=END)
    for key in ("hp_bql", "hp_khcn", "commune"):
        RegimeMembership.objects.create(regime=regime, unit=u[key], valid_from=MERGER)
    return Reporting(
        regime=regime,
        june=period_ensure(regime=regime, year=2025, number=6),
        july=period_ensure(regime=regime, year=2025, number=7),
        old_commune=old_commune,
    )
