"""The recording service's refusals, and what the pages show for a small programme."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from dieuhanh.indicators.models import DataValue
from dieuhanh.indicators.tests.factories import indicator, put

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_a_computed_indicator_is_not_recorded(world) -> None:  # type: ignore[no-untyped-def]
    indicator("A")
    share = indicator("B", formula="A * 2")
    with pytest.raises(ValidationError, match="được tính theo công thức"):
        from dieuhanh.indicators.services import data_value_record

        data_value_record(
            indicator=share, unit=world.units["hd_khcn"], period="202501", value=1, source="report", user=None
        )


@pytest.mark.parametrize(
    ("period", "message"),
    [("2025", "kỳ số liệu hằng tháng"), ("2999" + "01", "chưa bắt đầu"), ("25-01", "không hợp lệ")],
)
def test_a_period_of_the_wrong_kind_or_in_the_future_is_refused(world, period, message) -> None:  # type: ignore[no-untyped-def]
    from dieuhanh.indicators.services import data_value_record

    with pytest.raises(ValidationError, match=message):
        data_value_record(
            indicator=indicator("HS"),
            unit=world.units["hd_khcn"],
            period=period,
            value=1,
            source="report",
            user=None,
        )
    assert DataValue.objects.count() == 0


def _programme(world):  # type: ignore[no-untyped-def]
    rate = indicator("DVC_TL", unit_aggregation="none", periodicity="Y", unit_of_measure="%", decimals=1)
    rate.targets.add(world.document.targets.get(code="CT-DVC"))
    for year, v in ((2021, 60.0), (2022, 66.0), (2023, 72.0), (2024, 79.0)):
        put(rate, world.units["hd"], str(year), v)
    return rate


def test_the_target_table_shows_the_verdict_with_the_open_sdg_status_and_the_projection(world) -> None:  # type: ignore[no-untyped-def]
    _programme(world)
    # The verdict depends on the day (data freshness): ask for one, never the machine's clock.
    page = (
        client_for(world.users["leader"])
        .get(reverse("steering:target_progress"), {"ngay": "23/11/2025"})
        .content.decode()
    )
    assert "CT-DVC" in page
    # 60 → 79 in 3 years (≈ 9,6 %/yr); 100 by 2030 needs ≈ 5,2 %/yr from 2021; the trend passes 100.
    assert 'data-verdict="on_track"' in page
    assert "Đúng tiến độ" in page and "phương pháp Open SDG" in page


def test_the_indicator_page_carries_its_chart_data_without_inline_script(world) -> None:  # type: ignore[no-untyped-def]
    _programme(world)
    page = client_for(world.users["admin"]).get(reverse("indicators:indicator_detail", args=["DVC_TL"]))
    html = page.content.decode()
    assert '<script id="indicator-chart-data" type="application/json">' in html
    assert "vendor/echarts/echarts.min.js" in html and "js/indicators.js" in html
    assert "79,0" in html  # Vietnamese decimals


def test_the_list_reads_values_under_the_hierarchy_of_the_chosen_day(world) -> None:  # type: ignore[no-untyped-def]
    ind = indicator("HS", decimals=1)
    put(ind, world.units["hd_khcn"], "202506", 1234.5)
    client = client_for(world.users["admin"])
    page = client.get(reverse("indicators:indicator_list"), {"ngay": "30/06/2025"}).content.decode()
    assert "1.234,5" in page and "Tháng 6/2025" in page
    bad = client.get(reverse("indicators:indicator_list"), {"ngay": "31/02/2025"}).content.decode()
    assert "Ngày không hợp lệ" in bad


def test_the_warning_list_names_an_anomalous_month(world) -> None:  # type: ignore[no-untyped-def]
    ind = indicator("CC", unit_of_measure="hồ sơ")
    for month in range(1, 13):
        put(ind, world.units["hp_khcn"], f"2025{month:02d}", 1000 + 10 * month + (month % 2))
    put(ind, world.units["hp_khcn"], "202601", 5000)
    page = client_for(world.users["leader"]).get(reverse("steering:warning_list")).content.decode()
    assert "Số liệu bất thường" in page
    assert "Tháng 1/2026: tăng" in page


def test_the_chart_axis_reaches_the_target_line_even_when_the_data_stays_far_below(world) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from dieuhanh.indicators.charts import detail_chart
    from dieuhanh.indicators.selectors import aggregation

    rate = _programme(world)  # 60 → 79 %, target 100 %
    on = dt.date(2026, 11, 23)
    latest = aggregation.latest_period(indicator=rate, on=on)
    chart = detail_chart(
        user=world.users["leader"], indicator=rate, unit=world.units["hp"], latest=latest, on=on
    )
    assert chart["target"]["value"] == 100.0
    assert chart["axis"]["min"] <= 60.0 and chart["axis"]["max"] > 100.0


def test_a_change_that_rounds_to_nothing_reads_zero_not_minus_zero() -> None:
    from dieuhanh.indicators.models import Indicator
    from dieuhanh.indicators.templatetags.indicators_tags import signed

    rate = Indicator(code="X", decimals=1, unit_of_measure="%")
    assert signed(-0.04, rate) == "0,0"
    assert signed(0.04, rate) == "0,0"
    assert signed(-0.3, rate) == "-0,3" and signed(1.25, rate) == "+1,2"
