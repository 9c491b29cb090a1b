"""Indicator values in reports: asked of communes, typed the Vietnamese way, required to
submit, and recorded as the indicator's data when Sở KH&CN accepts the report."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dieuhanh.indicators.models import DataValue, Indicator
from dieuhanh.reporting import services
from dieuhanh.reporting.models import RegimeIndicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(reporting):  # type: ignore[no-untyped-def]
    dossiers = Indicator.objects.create(code="DVC_HS", name="Số hồ sơ dịch vụ công", unit_of_measure="hồ sơ")
    share = Indicator.objects.create(
        code="TL_TT", name="Tỷ lệ hồ sơ trực tuyến", unit_of_measure="%", value_kind="percent"
    )
    for order, indicator in enumerate((dossiers, share)):
        RegimeIndicator.objects.create(
            regime=reporting.regime, indicator=indicator, unit_kind="commune", order=order
        )
    return dossiers, share


@pytest.fixture
def commune_report(world, reporting, asked):  # type: ignore[no-untyped-def]
    return services.report_open(
        user=world.users["commune"], period=reporting.june, unit=reporting.old_commune
    )


def post(world, report, data):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users["commune"])
    report.refresh_from_db()
    return client.post(reverse("reporting:save", args=[report.pk]), {"version": report.version, **data})


def field(report, code: str) -> str:  # type: ignore[no-untyped-def]
    return f"iv-{report.indicator_values.get(indicator__code=code).pk}-value"


def test_communes_are_asked_for_their_indicators_and_agencies_are_not(world, reporting, commune_report):
    assert list(commune_report.indicator_values.values_list("indicator__code", flat=True)) == [
        "DVC_HS",
        "TL_TT",
    ]
    agency = services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])
    assert not agency.indicator_values.exists()


def test_values_are_read_the_vietnamese_way(world, commune_report):
    response = post(
        world,
        commune_report,
        {field(commune_report, "DVC_HS"): "1.234", field(commune_report, "TL_TT"): "87,5"},
    )
    assert response.status_code == 302
    values = dict(commune_report.indicator_values.values_list("indicator__code", "value"))
    assert values == {"DVC_HS": 1234.0, "TL_TT": 87.5}


def test_bad_values_are_refused_whole_with_the_indicator_named(world, commune_report):
    response = post(
        world,
        commune_report,
        {field(commune_report, "DVC_HS"): "nhiều", field(commune_report, "TL_TT"): "120"},
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Chỉ số DVC_HS: “nhiều” không phải là số" in body
    response = post(world, commune_report, {field(commune_report, "TL_TT"): "120"})
    assert (
        "Chỉ số TL_TT (Tỷ lệ hồ sơ trực tuyến): tỷ lệ phải từ 0 đến 100 %, không phải 120"
        in response.content.decode()
    )
    assert not commune_report.indicator_values.exclude(value=None).exists()


def test_a_report_without_its_figures_cannot_be_submitted(world, commune_report):
    response = post(world, commune_report, {field(commune_report, "DVC_HS"): "1.234", "gui": "1"})
    assert response.status_code == 422
    assert "Chỉ số TL_TT (Tỷ lệ hồ sơ trực tuyến): chưa nhập số liệu." in response.content.decode()


def test_accepted_figures_become_the_indicators_data_for_the_month(world, reporting, commune_report):
    post(
        world,
        commune_report,
        {field(commune_report, "DVC_HS"): "1.234", field(commune_report, "TL_TT"): "87,5", "gui": "1"},
    )
    services.report_accept(report_id=commune_report.pk, user=world.users["admin"])
    value = DataValue.objects.get(indicator__code="DVC_HS", unit=reporting.old_commune, period="202506")
    assert (value.value, value.source, value.source_ref) == (1234.0, "report", f"bao-cao:{commune_report.pk}")


def test_the_excel_round_trip_carries_the_figures(world, commune_report):
    import io

    from openpyxl import load_workbook

    client = Client()
    client.force_login(world.users["commune"])
    url = reverse("reporting:excel", args=[commune_report.pk])
    wb = load_workbook(io.BytesIO(client.get(url).content))
    ws = wb["Chỉ số"]
    ws["D2"], ws["D3"] = "2.500", 91.5
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    data.name = "bao-cao.xlsx"
    assert client.post(url, {"tep": data}).status_code == 302
    assert dict(commune_report.indicator_values.values_list("indicator__code", "value")) == {
        "DVC_HS": 2500.0,
        "TL_TT": 91.5,
    }


def test_the_report_page_has_an_input_per_indicator(world, commune_report):
    client = Client()
    client.force_login(world.users["commune"])
    body = client.get(reverse("reporting:report", args=[commune_report.pk])).content.decode()
    assert "Số liệu chỉ số (2)" in body
    assert f'name="{field(commune_report, "DVC_HS")}"' in body
