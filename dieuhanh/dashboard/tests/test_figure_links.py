"""Every figure opens to what it counts: each number of the dashboard is a link, and the list it
opens holds exactly the tasks (or values and reports) behind the number, in the reader's scope."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dieuhanh.indicators.models import DataValue
from dieuhanh.indicators.tests.factories import indicator, put
from dieuhanh.plans.models import Task
from dieuhanh.reporting.models import Report, ReportVersion
from dieuhanh.units.models import Unit

pytestmark = pytest.mark.django_db
AFTER = dt.date(2025, 8, 1)
# Every number cell but a rank's position (a place in the list, not a figure with sources).
NUMBER_CELL = re.compile(r'<td class="num"(?! data-label="Hạng")[^>]*>(.*?)</td>', re.S)


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _dashboard(world, reporting) -> str:  # type: ignore[no-untyped-def]
    url = reverse("dashboard:index")
    response = client_for(world.users["leader"]).get(url, {"ngay": "01/08/2025", "ky": reporting.july.pk})
    assert response.status_code == 200
    return response.content.decode()


def _task_codes(html: str) -> list[str]:
    # The register marks its rows data-task-code, the drill-down data-task.
    return sorted(re.findall(r'data-task(?:-code)?="([^"]+)"', html))


def _outside_task(world):  # type: ignore[no-untyped-def]
    """A task a ministry leads (the province takes part), overdue on 01/08/2025."""
    return Task.objects.create(
        document=world.document,
        group=world.group,
        code="T-BCA-1",
        text="Nhiệm vụ do Bộ Công an chủ trì",
        lead_text="Bộ Công An",
        due=dt.date(2025, 6, 30),
    )


def test_every_number_of_the_dashboard_is_a_link(world, reporting) -> None:  # type: ignore[no-untyped-def]
    _outside_task(world)
    html = _dashboard(world, reporting)
    assert "data-outside-lead=" in html
    tiles = re.findall(r'<(\w+) class="tile-n"', html)
    assert tiles and set(tiles) == {"a"}
    cells = [c for c in NUMBER_CELL.findall(html) if re.search(r"\d", c)]
    assert cells, "the dashboard shows numbers in its tables"
    unlinked = [c for c in cells if "<a " not in c]
    assert unlinked == []


def test_a_lead_units_overdue_count_opens_its_overdue_tasks_only(world, reporting) -> None:  # type: ignore[no-untyped-def]
    html = _dashboard(world, reporting)
    unit = world.units["hp_bql"]  # the Board's successor carries T-BQL-1 (overdue) and T-BQL-2 (late)
    link = f"/dieu-hanh/don-vi/{unit.pk}/?ngay=01/08/2025&amp;trang_thai=overdue"
    assert f'href="{link}">1</a>' in html
    page = client_for(world.users["leader"]).get(link.replace("&amp;", "&")).content.decode()
    assert _task_codes(page) == ["T-BQL-1"]
    assert "quá hạn" in page and "data-status-filter" in page


def test_the_groups_other_count_opens_the_tasks_neither_done_nor_overdue(world, reporting) -> None:  # type: ignore[no-untyped-def]
    html = _dashboard(world, reporting)
    # On 01/08/2025 only T-TC-1 (due 31/12/2025) is neither done nor overdue.
    link = f"/nhiem-vu/?ngay=01/08/2025&amp;nhom={world.group.pk}&amp;trang_thai=khac"
    assert f'href="{link}">1</a>' in html
    page = client_for(world.users["leader"]).get(link.replace("&amp;", "&")).content.decode()
    assert _task_codes(page) == ["T-TC-1"]


def test_a_count_of_a_body_outside_the_province_opens_its_tasks(world, reporting) -> None:  # type: ignore[no-untyped-def]
    _outside_task(world)
    html = _dashboard(world, reporting)
    # The register writes the ministry "Bộ Công an" (plans.national), whatever the plan's casing.
    link = "/nhiem-vu/?ngay=01/08/2025&amp;chu_tri_ngoai=B%E1%BB%99%20C%C3%B4ng%20an&amp;trang_thai=overdue"
    assert f'href="{link}">1</a>' in html
    page = client_for(world.users["leader"]).get(link.replace("&amp;", "&")).content.decode()
    assert _task_codes(page) == ["T-BCA-1"]
    assert "data-outside-lead-filter" in page


def test_the_task_list_a_figure_opens_is_the_readers_own(world) -> None:  # type: ignore[no-untyped-def]
    url = reverse("plans:task_register")
    query = {"ngay": "01/08/2025", "trang_thai": "khac"}
    leader = client_for(world.users["leader"]).get(url, query).content.decode()
    board = client_for(world.users["bql"]).get(url, query).content.decode()
    assert _task_codes(leader) == ["T-TC-1"]
    assert _task_codes(board) == []  # Sở Tài chính's task is not the Board's to see


def test_the_done_bucket_lists_tasks_done_on_time_and_late(world) -> None:  # type: ignore[no-untyped-def]
    url = reverse("plans:task_register")
    page = client_for(world.users["leader"]).get(url, {"ngay": "01/08/2025", "trang_thai": "hoan_thanh"})
    assert _task_codes(page.content.decode()) == ["T-BQL-2", "T-KHCN-1"]


def test_an_unknown_status_in_the_drill_down_lists_every_task_of_the_unit(world) -> None:  # type: ignore[no-untyped-def]
    url = reverse("dashboard:unit", args=[world.units["hp_bql"].pk])
    page = client_for(world.users["leader"]).get(url, {"ngay": "01/08/2025", "trang_thai": "xyz"})
    assert page.status_code == 200
    assert _task_codes(page.content.decode()) == ["T-BQL-1", "T-BQL-2"]


def test_a_value_from_a_report_shows_who_sent_it_and_in_which_version(world, reporting) -> None:  # type: ignore[no-untyped-def]
    khcn = world.units["hp_khcn"]
    report = Report.objects.create(period=reporting.july, unit=khcn)
    at = timezone.make_aware(dt.datetime(2025, 8, 5, 9, 0))
    for number, day in ((1, 5), (2, 7)):
        sent = timezone.make_aware(dt.datetime(2025, 8, day, 9, 0))
        ReportVersion.objects.create(
            report=report, number=number, content={}, submitted_at=sent, submitted_by=world.users["khcn"]
        )
    ind = indicator("HS_M", periodicity="Y", unit_aggregation="sum")
    # Accepted on 08/08 after the second sending: the value came with version 2, sent by kim.
    DataValue.objects.create(
        indicator=ind,
        unit=khcn,
        period="2025",
        value=12.0,
        source="report",
        source_ref=f"bao-cao:{report.pk}",
        recorded_at=at + dt.timedelta(days=3),
    )
    url = reverse("indicators:value_sources", args=[ind.code])
    query = {"nam": "2025", "don_vi": str(khcn.pk), "ngay": "31/12/2025"}
    html = client_for(world.users["leader"]).get(url, query).content.decode()
    assert 'data-sent-version="2"' in html
    assert "kim, lần gửi 2 lúc 09:00 07/08/2025" in html
    other = client_for(world.users["bql"]).get(url, query).content.decode()
    assert "data-value-id=" not in other and "data-sent-version" not in other


def test_a_map_unit_coloured_by_an_indicator_links_to_its_values(world, reporting) -> None:  # type: ignore[no-untyped-def]
    from dieuhanh.dashboard.geo import map_layer

    # The cast's ward carries its official code, as the demo's units do: its polygon is its own.
    Unit.objects.filter(pk=world.units["commune"].pk).update(admin_code="10507")
    ind = indicator("DVC_TL_TT", periodicity="Y", unit_aggregation="sum")
    put(ind, world.units["commune"], "2025", 70.0)
    layer = map_layer(user=world.users["leader"], on=AFTER, period=reporting.july, colour_by=ind.code)
    linked = [f["properties"] for f in layer["polygons"]["features"] if f["properties"]["sources_url"]]
    commune = world.units["commune"]
    assert [p["sources_url"] for p in linked] == [
        f"/chi-so/{ind.code}/nguon/?nam=2025&ngay=01/08/2025&don_vi={commune.pk}"
    ]


def test_the_line_of_tasks_without_a_lead_unit_opens_those_tasks(world, reporting) -> None:  # type: ignore[no-untyped-def]
    _outside_task(world)  # led from outside: not in the line
    Task.objects.create(
        document=world.document,
        group=world.group,
        code="T-CXD-1",
        text="Nhiệm vụ theo phân công",
        lead_text="Theo phân công tại Kế hoạch",
        due=dt.date(2025, 12, 31),
    )
    html = _dashboard(world, reporting)
    link = "/nhiem-vu/?ngay=01/08/2025&amp;chua_gan_chu_tri=1"
    assert f'href="{link}">1</a>' in html  # the line's total
    page = client_for(world.users["leader"]).get(link.replace("&amp;", "&")).content.decode()
    assert _task_codes(page) == ["T-CXD-1"]


def test_overdue_tasks_whose_lead_is_only_a_text_are_not_counted_as_a_unit(world, reporting) -> None:  # type: ignore[no-untyped-def]
    # Two texts, one line: before, the line took the first task's text as if it were a unit's
    # name, and the summary's "lead units with overdue tasks" counted it as one.
    for code, text in (("T-CXD-1", "Theo phân công tại Kế hoạch 726/KH-UBND"), ("T-CXD-2", "Các sở, ngành")):
        Task.objects.create(
            document=world.document,
            group=world.group,
            code=code,
            text="Nhiệm vụ",
            lead_text=text,
            due=dt.date(2025, 6, 30),
        )
    html = _dashboard(world, reporting)
    summary = html.split('class="summary-list"')[2].split("</ul>")[0]  # the lead units' block
    assert "Theo phân công" not in summary and "Các sở, ngành" not in summary
    assert "2 nhiệm vụ quá hạn chưa gắn đơn vị chủ trì" in summary
    assert 'data-lead="?"><td data-label="Đơn vị">Chưa gắn đơn vị chủ trì</td>' in html
    units = int(re.search(r"data-summary-lagging>(\d+)</a>", html).group(1))  # type: ignore[union-attr]
    assert units == len(re.findall(r"data-summary-lead=", summary))
