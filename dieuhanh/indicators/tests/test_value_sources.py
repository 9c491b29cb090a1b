"""A figure opens to its sources: every value recorded behind it, with who, when and what it corrects."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dieuhanh.indicators.tests.factories import indicator, put

pytestmark = pytest.mark.django_db


def _page(user, code: str, unit_id: int) -> str:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    url = reverse("indicators:value_sources", args=[code])
    response = client.get(url, {"nam": "2025", "don_vi": str(unit_id), "ngay": "31/12/2025"})
    assert response.status_code == 200
    return response.content.decode()


def _world_values(world):  # type: ignore[no-untyped-def]
    ind = indicator("HS_Y", periodicity="Y", unit_aggregation="sum")
    first = put(ind, world.units["hp_khcn"], "2025", 40.0, is_current=False)
    put(ind, world.units["hp_khcn"], "2025", 42.0, corrects=first, source="report", source_ref="bao-cao:77")
    put(ind, world.units["hp_bql"], "2025", 15.0)
    put(ind, world.units["hp_bql"], "2024", 9.0)  # another year: not behind the 2025 figure
    return ind


def test_the_leader_sees_every_value_behind_the_province_figure_with_the_correction(world) -> None:  # type: ignore[no-untyped-def]
    ind = _world_values(world)
    html = _page(world.users["leader"], ind.code, world.units["hp"].pk)
    assert html.count("data-value-id=") == 3
    assert "đính chính giá trị 40" in html
    assert 'href="/bao-cao/77/"' in html or 'data-report="77"' in html
    assert "9</td>" not in html


def test_a_reporter_sees_only_its_own_units_values(world) -> None:  # type: ignore[no-untyped-def]
    ind = _world_values(world)
    html = _page(world.users["khcn"], ind.code, world.units["hp"].pk)
    assert html.count("data-value-id=") == 2
    assert world.units["hp_bql"].name not in html
