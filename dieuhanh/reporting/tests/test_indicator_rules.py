"""The report form applies the indicators' value rules (indicators.validation), naming the
indicator, and saves nothing of a refused form."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dieuhanh.indicators.models import Indicator
from dieuhanh.reporting import services
from dieuhanh.reporting.models import RegimeIndicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world, reporting):  # type: ignore[no-untyped-def]
    total = Indicator.objects.create(
        code="DVC_HS", name="Số hồ sơ", unit_of_measure="hồ sơ", value_kind="count"
    )
    online = Indicator.objects.create(
        code="DVC_HS_TT", name="Số hồ sơ trực tuyến", unit_of_measure="hồ sơ", value_kind="count", whole=total
    )
    share = Indicator.objects.create(code="TL", name="Tỷ lệ", unit_of_measure="%", value_kind="percent")
    for order, ind in enumerate((total, online, share)):
        RegimeIndicator.objects.create(
            regime=reporting.regime, indicator=ind, unit_kind="commune", order=order
        )
    return services.report_open(
        user=world.users["commune"], period=reporting.june, unit=reporting.old_commune
    )


def post(world, report, values: dict[str, str]):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["commune"])
    report.refresh_from_db()
    fields = {f"iv-{report.indicator_values.get(indicator__code=c).pk}-value": v for c, v in values.items()}
    return client.post(reverse("reporting:save", args=[report.pk]), {"version": report.version, **fields})


def saved(report) -> dict[str, float | None]:  # type: ignore[no-untyped-def]
    return dict(report.indicator_values.values_list("indicator__code", "value"))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"DVC_HS": "1.234", "DVC_HS_TT": "1.300"},
            "Chỉ số DVC_HS_TT (Số hồ sơ trực tuyến): DVC_HS_TT (1.300) không được lớn hơn DVC_HS "
            "“Số hồ sơ” (1.234) của cùng đơn vị, cùng kỳ.",
        ),
        ({"TL": "250"}, "Chỉ số TL (Tỷ lệ): tỷ lệ phải từ 0 đến 100 %, không phải 250."),
        ({"TL": "-5"}, "Chỉ số TL (Tỷ lệ): tỷ lệ phải từ 0 đến 100 %, không phải -5."),
        ({"DVC_HS": "12,5"}, "Chỉ số DVC_HS (Số hồ sơ): số đếm phải là số nguyên, không phải 12,5."),
        (
            {"DVC_HS": "1.000.000.000.000.000.000"},
            "Chỉ số DVC_HS (Số hồ sơ): giá trị 1e+18 vượt quá mức hợp lý (tối đa 1e+15).",
        ),
    ],
)
def test_the_form_refuses_values_that_break_the_rules(world, report, values, message):
    response = post(world, report, values)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert saved(report) == {"DVC_HS": None, "DVC_HS_TT": None, "TL": None}


def test_the_form_takes_values_within_the_rules(world, report):
    response = post(world, report, {"DVC_HS": "1.234", "DVC_HS_TT": "1.234", "TL": "100"})
    assert response.status_code in (200, 302)
    assert saved(report) == {"DVC_HS": 1234.0, "DVC_HS_TT": 1234.0, "TL": 100.0}
