"""What the pages that show every target cost, and that what they remember between requests
follows the data: a new value, a change of which value counts, a rolled-back write."""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dieuhanh.indicators.models import Source
from dieuhanh.indicators.services import data_value_record
from dieuhanh.indicators.tests.factories import indicator, put
from dieuhanh.plans.models import Target

pytestmark = pytest.mark.django_db
DAY = {"ngay": "23/11/2026"}
# Measured on the standard cast once the page is warm, with room for a few more queries:
# the point is that they do not grow with the number of targets.
DASHBOARD_QUERIES = 45
TARGET_PAGE_QUERIES = 15
WARNING_PAGE_QUERIES = 18


class Rollback(Exception):
    pass


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _add_targets(world, count: int, prefix: str = "T") -> None:  # type: ignore[no-untyped-def]
    """`count` targets, each measured by its own yearly indicator with five years of values."""
    for n in range(count):
        target = Target.objects.create(
            document=world.document,
            code=f"CT-{prefix}{n}",
            name=f"Chỉ tiêu thử {n}",
            comparator=">=",
            value=90,
            unit_of_measure="%",
            horizon_year=2030,
        )
        ind = indicator(f"{prefix}{n}", unit_aggregation="none", periodicity="Y", unit_of_measure="%")
        ind.targets.add(target)
        for year in range(2021, 2026):
            put(ind, world.units["hp"], str(year), 40.0 + 5 * (year - 2021) + n)


def _warm_cost(client: Client, url: str) -> int:
    client.get(url, DAY)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, DAY).status_code == 200
    return len(queries)


@pytest.mark.parametrize("targets", [2, 12])
def test_the_dashboard_costs_at_most_45_queries_whatever_the_number_of_targets(world, targets) -> None:  # type: ignore[no-untyped-def]
    _add_targets(world, targets)
    assert _warm_cost(_client(world.users["leader"]), reverse("dashboard:index")) <= DASHBOARD_QUERIES


@pytest.mark.parametrize("targets", [2, 12])
def test_the_targets_page_costs_at_most_15_queries_whatever_the_number_of_targets(world, targets) -> None:  # type: ignore[no-untyped-def]
    _add_targets(world, targets)
    cost = _warm_cost(_client(world.users["leader"]), reverse("steering:target_progress"))
    assert cost <= TARGET_PAGE_QUERIES


@pytest.mark.parametrize("targets", [2, 12])
def test_the_warnings_page_costs_at_most_18_queries_whatever_the_number_of_targets(world, targets) -> None:  # type: ignore[no-untyped-def]
    _add_targets(world, targets)
    cost = _warm_cost(_client(world.users["leader"]), reverse("steering:warning_list"))
    assert cost <= WARNING_PAGE_QUERIES


def test_the_dashboard_costs_the_same_for_twelve_targets_as_for_two(world) -> None:  # type: ignore[no-untyped-def]
    leader = _client(world.users["leader"])
    _add_targets(world, 2)
    two = _warm_cost(leader, reverse("dashboard:index"))
    Target.objects.filter(code__startswith="CT-T").delete()
    _add_targets(world, 12, prefix="U")
    assert _warm_cost(leader, reverse("dashboard:index")) == two


@pytest.fixture
def digitised(world):  # type: ignore[no-untyped-def]
    """CT-SOHOA: 90 % by 2030, its indicator falling from 40 % to 33 % (off track)."""
    target = Target.objects.create(
        document=world.document,
        code="CT-SOHOA",
        name="Số hóa hồ sơ",
        comparator=">=",
        value=90,
        unit_of_measure="%",
        horizon_year=2030,
    )
    ind = indicator("SOHOA", unit_aggregation="none", periodicity="Y", unit_of_measure="%", decimals=1)
    ind.targets.add(target)
    for year, v in ((2021, 40.0), (2022, 38.0), (2023, 36.5), (2024, 35.0)):
        put(ind, world.units["hp"], str(year), v)
    data_value_record(
        indicator=ind, unit=world.units["hp"], period="2025", value=33.0, source=Source.REPORT, user=None
    )
    return ind


def _record(world, ind, value: float, source: str) -> None:  # type: ignore[no-untyped-def]
    """Through the service, as a report or a form records it (history rows included)."""
    hp = world.units["hp"]
    data_value_record(indicator=ind, unit=hp, period="2025", value=value, source=source, user=None)


def _verdict(client: Client) -> str:
    html = client.get(reverse("steering:target_progress"), DAY).content.decode()
    found = re.search(r'data-target-code="CT-SOHOA".*?data-verdict="([^"]+)"', html, flags=re.S)
    assert found is not None
    return found.group(1)


def test_a_value_recorded_after_a_read_changes_the_verdict_on_the_next_read(world, digitised) -> None:  # type: ignore[no-untyped-def]
    leader = _client(world.users["leader"])
    assert _verdict(leader) == "off_track"
    # 2025 corrected to 95 % by another source, over the 90 % target: reached.
    _record(world, digitised, 95.0, Source.MANUAL)
    assert _verdict(leader) == "achieved"


def test_a_change_of_which_value_counts_alone_is_seen_on_the_next_read(world, digitised) -> None:  # type: ignore[no-untyped-def]
    leader = _client(world.users["leader"])
    _record(world, digitised, 95.0, Source.MANUAL)
    assert _verdict(leader) == "achieved"
    # The report's 33 % sent again: no new row, the old one counts again (only its flag moves).
    _record(world, digitised, 33.0, Source.REPORT)
    assert _verdict(leader) == "off_track"


def test_a_page_read_inside_a_rolled_back_write_leaves_nothing_behind(world, digitised) -> None:  # type: ignore[no-untyped-def]
    leader = _client(world.users["leader"])
    assert _verdict(leader) == "off_track"
    with pytest.raises(Rollback), transaction.atomic():
        put(digitised, world.units["hp"], "2026", 96.0)
        assert _verdict(leader) == "achieved"
        raise Rollback
    assert _verdict(leader) == "off_track"


def test_the_dashboard_reads_the_province_record_once_per_request(world) -> None:  # type: ignore[no-untyped-def]
    client = _client(world.users["leader"])
    client.get(reverse("dashboard:index"), DAY)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard:index"), DAY).status_code == 200
    province_reads = [q for q in queries.captured_queries if 'FROM "units_province"' in q["sql"]]
    assert len(province_reads) == 1  # four selectors ask for it (period, map, root, regime)


def test_outside_a_request_the_province_record_is_read_afresh(world) -> None:  # type: ignore[no-untyped-def]
    from dieuhanh.units.models import Province
    from dieuhanh.units.structure import province_current

    first = province_current()
    assert first is not None
    Province.objects.filter(pk=first.pk).update(name="Tỉnh đổi tên")
    again = province_current()
    assert again is not None and again.name == "Tỉnh đổi tên"
