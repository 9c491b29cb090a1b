"""The same verdict on the targets page, the warnings, the dashboard and the API."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from dieuhanh.indicators.tests.factories import indicator, put
from dieuhanh.plans.models import Target

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def programme(world):  # type: ignore[no-untyped-def]
    """CT-DVC climbs steadily towards 100 % (on track); CT-SOHOA falls away from 90 % (off track)."""
    rate = indicator("DVC_TL", unit_aggregation="none", periodicity="Y", unit_of_measure="%", decimals=1)
    rate.targets.add(world.document.targets.get(code="CT-DVC"))
    for year, v in ((2021, 60.0), (2022, 66.0), (2023, 72.0), (2024, 79.0), (2025, 85.0)):
        put(rate, world.units["hp"], str(year), v)
    falling = Target.objects.create(
        document=world.document,
        code="CT-SOHOA",
        name="Số hóa hồ sơ",
        comparator=">=",
        value=90,
        unit_of_measure="%",
        horizon_year=2030,
    )
    digitised = indicator("SOHOA", unit_aggregation="none", periodicity="Y", unit_of_measure="%", decimals=1)
    digitised.targets.add(falling)
    for year, v in ((2021, 40.0), (2022, 38.0), (2023, 36.5), (2024, 35.0), (2025, 33.0)):
        put(digitised, world.units["hp"], str(year), v)
    return world


def _verdicts(html: str) -> dict[str, str]:
    """Target code → data-verdict, in the order the page shows them."""
    rows = re.findall(r'data-target-code="([^"]+)".*?data-verdict="([^"]+)"', html, flags=re.S)
    return dict(rows)


def test_the_targets_page_and_the_dashboard_give_each_target_the_same_verdict(programme) -> None:  # type: ignore[no-untyped-def]
    leader = _client(programme.users["leader"])
    page = leader.get(reverse("steering:target_progress"), {"ngay": "23/11/2026"}).content.decode()
    dashboard = leader.get(reverse("dashboard:index"), {"ngay": "23/11/2026"}).content.decode()
    assert _verdicts(page) == {"CT-DVC": "on_track", "CT-SOHOA": "off_track"}
    assert _verdicts(dashboard) == _verdicts(page)


def test_only_targets_whose_verdict_needs_attention_are_warned_about(programme) -> None:  # type: ignore[no-untyped-def]
    page = (
        _client(programme.users["leader"])
        .get(reverse("steering:warning_list"), {"ngay": "23/11/2026"})
        .content.decode()
    )
    assert "CT-SOHOA. Số hóa hồ sơ" in page and 'data-verdict="off_track"' in page
    assert "CT-DVC" not in page
    assert "thấp hơn chỉ tiêu 90 %" in page


def test_the_api_gives_the_verdict_reasons_and_probability_on_both_target_endpoints(programme) -> None:  # type: ignore[no-untyped-def]
    api = _client(programme.users["admin"])
    targets = {t["code"]: t for t in api.get("/api/v1/targets", {"on": "2026-11-23"}).json()}
    progress = {p["target"]: p for p in api.get("/api/v1/targets/progress", {"on": "2026-11-23"}).json()}
    assert targets["CT-SOHOA"]["verdict"] == progress["CT-SOHOA"]["verdict"] == "off_track"
    assert targets["CT-DVC"]["verdict"] == progress["CT-DVC"]["verdict"] == "on_track"
    assert targets["CT-SOHOA"]["verdict_label"] == "Chậm, khó đạt"
    assert targets["CT-SOHOA"]["probability"] == progress["CT-SOHOA"]["probability"] < 0.1
    assert any("thấp hơn chỉ tiêu 90 %" in r for r in targets["CT-SOHOA"]["reasons"])
    assert targets["CT-DVC"]["probability"] >= 0.5
