"""The whole Hải Dương / Hải Phòng demo in one call, in dependency order: one line per app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from dieuhanh.accounts.demo import DEMO_TOKENS, api_tokens_load_demo, user_load_demo_users
from dieuhanh.accounts.services import IssuedToken
from dieuhanh.audit.demo import audit_load_demo
from dieuhanh.evaluation.demo import evaluation_load_demo
from dieuhanh.exchange.demo import exchange_load_demo
from dieuhanh.indicators.demo import indicators_load_demo
from dieuhanh.opendata.demo import opendata_load_demo
from dieuhanh.plans.demo import programme_load_demo
from dieuhanh.reporting.demo import reminders_load_demo, reporting_load_demo
from dieuhanh.steering.demo import load_steering_demo
from dieuhanh.units.admin_data import units_load_administrative
from dieuhanh.units.agencies import units_load_agencies
from dieuhanh.units.demo import province_load_demo
from dieuhanh.units.models import Unit, UnitParent
from dieuhanh.units.structure import province_root_on
from dieuhanh.zones.demo import zones_load_demo

REORGANISED_ON = dt.date(2025, 7, 1)
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
    province = province_root_on(on=REORGANISED_ON)
    assert province is not None, "province_load_demo() comes first"
    UnitParent.objects.get_or_create(child=enterprise, parent=province, valid_from=REORGANISED_ON)
    return {"Doanh nghiệp mẫu": 1}


@transaction.atomic
def demo_load(
    *,
    history_until: dt.date | None = None,
    history: bool = True,
    on_token: Callable[[IssuedToken], None] | None = None,
) -> dict[str, int]:
    """Everything, in dependency order. `history=False` skips the monthly-report history
    (fast, for tests of pages that do not need it). `on_token` is told each API token made
    now, with the secret that is never shown again."""
    summary: dict[str, int] = {}
    summary.update(units_load_administrative())
    summary.update(units_load_agencies())
    summary.update(province_load_demo())
    summary.update(demo_enterprise_load())  # after the province record: it hangs under its root
    summary.update(programme_load_demo())
    summary.update(indicators_load_demo())
    summary.update(opendata_load_demo())
    summary.update(exchange_load_demo())  # DHIS2 mapping (exchange app)
    summary["Người dùng mẫu"] = len(user_load_demo_users())
    for issued in api_tokens_load_demo():
        if on_token is not None:
            on_token(issued)
    summary["Mã truy cập API mẫu"] = len(DEMO_TOKENS)
    summary.update(zones_load_demo())
    if history:
        summary.update(reporting_load_demo(until=history_until))
        summary.update(reminders_load_demo(until=history_until))
        summary.update(evaluation_load_demo())
        summary.update(audit_load_demo())
        summary.update(load_steering_demo(today=history_until))
    return summary
