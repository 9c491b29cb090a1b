"""What the steering pages that list every proposal cost: their queries do not grow with the
number of proposals (each row names its addressee, whose label names the province's issuer)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dieuhanh.reporting.models import Report, ReportStatus
from dieuhanh.steering import services

pytestmark = pytest.mark.django_db
ACCEPTED = dt.datetime(2025, 8, 12, 2, 0, tzinfo=dt.UTC)


def _proposals(world, reporting, unit: str, count: int) -> None:  # type: ignore[no-untyped-def]
    report = Report.objects.create(
        period=reporting.july,
        unit=world.units[unit],
        status=ReportStatus.ACCEPTED,
        proposals="\n\n".join(f"Đề nghị Sở hướng dẫn việc {n}" for n in range(count)),
        reviewed_at=ACCEPTED,
    )
    assert len(services.proposals_from_report(report=report, today=dt.date(2025, 8, 12))) == count


def _warm_cost(user, url: str) -> int:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["loop:proposals", "reporting:chasing"])
def test_a_page_listing_proposals_costs_as_many_queries_for_twelve_proposals_as_for_two(
    world, reporting, url_name
) -> None:  # type: ignore[no-untyped-def]
    url = reverse(url_name)
    _proposals(world, reporting, "hp_bql", 2)
    few = _warm_cost(world.users["leader"], url)
    _proposals(world, reporting, "hp_ubnd", 10)
    assert _warm_cost(world.users["leader"], url) == few
