"""The whole Hải Dương demo in one call, in dependency order."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from dieuhanh.accounts.services import user_load_demo_users
from dieuhanh.audit.demo import audit_load_demo
from dieuhanh.evaluation.demo import evaluation_load_demo
from dieuhanh.indicators.demo import indicators_load_demo
from dieuhanh.plans.demo import programme_load_demo
from dieuhanh.reporting.demo import reminders_load_demo, reporting_load_demo
from dieuhanh.units.admin_data import units_load_administrative
from dieuhanh.units.agencies import units_load_agencies
from dieuhanh.units.models import Unit, UnitParent
from dieuhanh.zones.demo import zones_load_demo

# An illustrative enterprise so the enterprise role has a unit; the registry of zones and
# enterprises is its own issue and will bring real data.
DEMO_ENTERPRISE = {"code": "demo:dn-001", "name": "Công ty TNHH Linh kiện điện tử Minh họa (dữ liệu mẫu)"}


def demo_enterprise_load() -> dict[str, int]:
    enterprise, _ = Unit.objects.update_or_create(
        code=DEMO_ENTERPRISE["code"],
        defaults={
            "kind": Unit.Kind.ENTERPRISE,
            "name": DEMO_ENTERPRISE["name"],
            "subtype": "Doanh nghiệp",
            "source": "Dữ liệu minh họa",
        },
    )
    province = Unit.objects.get(code="vn2025:p:31")
    UnitParent.objects.get_or_create(child=enterprise, parent=province, valid_from=dt.date(2025, 7, 1))
    return {"Doanh nghiệp mẫu": 1}


@transaction.atomic
def demo_load(*, history_until: dt.date | None = None, history: bool = True) -> dict[str, int]:
    """Everything, in dependency order. `history=False` skips the monthly-report history
    (fast, for tests of pages that do not need it)."""
    summary: dict[str, int] = {}
    summary.update(units_load_administrative())
    summary.update(units_load_agencies())
    summary.update(demo_enterprise_load())
    summary.update(programme_load_demo())
    summary.update(indicators_load_demo())
    summary["Người dùng mẫu"] = len(user_load_demo_users())
    summary.update(zones_load_demo())
    if history:
        summary.update(reporting_load_demo(until=history_until))
        summary.update(reminders_load_demo(until=history_until))
        summary.update(evaluation_load_demo())
        summary.update(audit_load_demo())
    return summary
