"""The zones cast on top of the standard world: two zones, enterprise A (the world's
enterprise, user eve) and enterprise B (the world's second enterprise, user bert), the Board's
departments, the quarterly regime and the draft questionnaire."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client


@dataclass
class Zones:
    world: object
    zone: object
    other_zone: object
    a: object
    b: object
    bert: object
    department: object
    regime: object

    @property
    def users(self) -> dict:
        return {**self.world.users, "bert": self.bert}  # type: ignore[attr-defined]


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def zones(world) -> Zones:  # type: ignore[no-untyped-def]
    return build_zones(world)


def build_zones(world) -> Zones:  # type: ignore[no-untyped-def]
    from dieuhanh.reporting.models import Audience, Frequency, ReportRegime
    from dieuhanh.units.models import Province, Unit
    from dieuhanh.zones.assessment import questionnaire_load_v1
    from dieuhanh.zones.demo import QUARTERLY_REGIME_NAME, demo_tax_code
    from dieuhanh.zones.models import Department, Zone
    from dieuhanh.zones.services import (
        EnterpriseInput,
        ProjectInput,
        enterprise_attach_unit,
        enterprise_upsert,
        project_upsert,
    )

    regime = ReportRegime.objects.create(
        name=QUARTERLY_REGIME_NAME,
        content="Dự án và lao động",
        receiving_unit=world.units["hp_bql"],
        frequency=Frequency.QUARTERLY,
        due_day=20,
        starts_on=dt.date(2025, 7, 1),
        asks_task_updates=False,
        audience=Audience.ENTERPRISES,
    )
    Province.objects.filter(is_deployed=True).update(enterprise_regime=regime)
    zone = Zone.objects.create(
        code="dai-an", name="KCN Đại An", planned_area_ha=174, leasable_area_ha=125, leased_area_ha=100
    )
    other = Zone.objects.create(code="nam-sach", name="KCN Nam Sách", planned_area_ha=63, leased_area_ha=40)
    a = enterprise_attach_unit(
        unit=world.units["enterprise"],
        data=EnterpriseInput(
            tax_code=demo_tax_code(1),
            name="Công ty A Minh họa",
            vsic="2610",
            ownership="fdi",
            investor_country="Nhật Bản",
            zone=zone,
            workers=100,
            foreign_workers=5,
        ),
    )
    b = enterprise_upsert(
        data=EnterpriseInput(
            tax_code=demo_tax_code(2),
            name="Công ty B Minh họa",
            vsic="1410",
            ownership="domestic",
            zone=other,
        )
    )
    project_upsert(enterprise=a, data=ProjectInput(name="Nhà máy A", registered_usd=Decimal(10_000_000)))
    project_upsert(enterprise=b, data=ProjectInput(name="Nhà máy B", registered_vnd=Decimal(50 * 10**9)))
    bert = world.users["enterprise_b"]
    department = Department.objects.create(name="Phòng Quản lý đầu tư", order=1)
    questionnaire_load_v1()
    assert Unit.objects.filter(code=f"dn:{b.tax_code}").exists()
    return Zones(world, zone, other, a, b, bert, department, regime)
