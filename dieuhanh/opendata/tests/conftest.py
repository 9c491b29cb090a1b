"""Open-data tests start from a clean slate of process caches, like the indicator tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from dieuhanh.indicators.aggregation import registry_forget, rollup_nodes_forget
from dieuhanh.indicators.hierarchy import hierarchy_forget
from dieuhanh.indicators.tests.factories import indicator, put
from dieuhanh.opendata.models import PublishedIndicator, PublishedTarget
from dieuhanh.plans.models import Target

ON = dt.date(2026, 11, 23)
# Put into the private parts of the register, so a test can show none of it reaches the public.
SECRET_COMMENT = "Số liệu do chị Trần Thị Bí Mật ghi, chờ xác minh"


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    hierarchy_forget()
    registry_forget()
    rollup_nodes_forget()


@dataclass
class Published:
    world: Any
    indicator: Any
    target: Any
    private_indicator: Any
    private_target: Any


def publish_more(world: Any, count: int) -> list[Target]:
    """`count` further published targets, each with its own published indicator and series."""
    made = []
    for n in range(count):
        ind = indicator(f"EXTRA_{n}", name=f"Chỉ số thêm {n}", unit_of_measure="%", periodicity="Y")
        for year, value in ((2022, 10.0), (2023, 20.0), (2024, 30.0), (2025, 40.0)):
            put(ind, world.units["hp"], str(year), value + n)
        t = Target.objects.create(
            document=world.document,
            code=f"CT-EXTRA-{n}",
            name=f"Chỉ tiêu thêm {n}",
            text="…",
            comparator=">=",
            value=90,
            unit_of_measure="%",
            horizon_year=2030,
            order=10 + n,
        )
        ind.targets.add(t)
        PublishedIndicator.objects.create(indicator=ind)
        PublishedTarget.objects.create(target=t)
        made.append(t)
    return made


@pytest.fixture
def published(world) -> Published:  # type: ignore[no-untyped-def]
    """The cast's target CT-DVC (≥ 100 % by 2030) tracked by a yearly indicator with values
    2021–2025 at the city, both published; an indicator and a target that are not."""
    admin = world.users["admin"]
    hp = world.units["hp"]
    ind = indicator(
        "DVC_TT",
        name="Tỷ lệ hồ sơ trực tuyến toàn trình",
        unit_of_measure="%",
        periodicity="Y",
        description="Số hồ sơ trực tuyến toàn trình chia cho tổng số hồ sơ.",
        source_note="Cổng dịch vụ công của thành phố",
        decimals=1,
    )
    for year, value in ((2021, 40.0), (2022, 50.0), (2023, 60.0), (2024, 70.0), (2025, 80.0)):
        put(ind, hp, str(year), value, source="manual", recorded_by=admin, comment=SECRET_COMMENT)
    target = Target.objects.get(code="CT-DVC")
    ind.targets.add(target)
    PublishedIndicator.objects.create(indicator=ind, published_by=admin)
    PublishedTarget.objects.create(target=target, published_by=admin)
    hidden = indicator("NOI_BO", name="Chỉ số nội bộ chưa công khai", unit_of_measure="%", periodicity="Y")
    put(hidden, hp, "2025", 12.0, source="manual", recorded_by=admin)
    hidden_target = Target.objects.create(
        document=world.document,
        code="CT-AN",
        name="Chỉ tiêu chưa công khai",
        text="…",
        comparator=">=",
        value=50,
        unit_of_measure="%",
        horizon_year=2030,
        order=9,
    )
    hidden.targets.add(hidden_target)
    return Published(world, ind, target, hidden, hidden_target)
