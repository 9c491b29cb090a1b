"""The dashboard over the standard cast: figures against the register, the hierarchy of the
day, the map's boundaries, and who may open each page."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dieuhanh.dashboard.geo import map_layer
from dieuhanh.dashboard.selectors import dashboard_build
from dieuhanh.plans.models import Task
from dieuhanh.reporting.models import Report

pytestmark = pytest.mark.django_db
BEFORE, AFTER = dt.date(2025, 6, 30), dt.date(2025, 8, 1)


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("on", "counts"),
    [
        # Worked out by hand from the cast's four tasks: T-KHCN-1 done 20/03 (due 31/03) on
        # time; T-BQL-2 done 12/06 (due 31/05) late; T-BQL-1 due 30/06, not done; T-TC-1 due 31/12.
        (BEFORE, (4, 1, 1, 0, 2)),  # on 30/06 T-BQL-1 is due that day: due soon, not overdue
        (AFTER, (4, 1, 1, 1, 1)),  # on 01/08 T-BQL-1 is overdue
    ],
)
def test_it_counts_tasks_as_the_register_stands_on_the_day(world, on, counts):
    t = dashboard_build(user=world.users["leader"], on=on, period=None).totals
    assert (t.total, t.on_time, t.late, t.overdue, t.other) == counts


def test_it_puts_a_merged_units_tasks_under_its_successor_after_01_07_2025(world):
    before = {
        line.label for line in dashboard_build(user=world.users["leader"], on=BEFORE, period=None).leads
    }
    after = {line.label for line in dashboard_build(user=world.users["leader"], on=AFTER, period=None).leads}
    assert "Ban Quản lý các khu công nghiệp tỉnh Hải Dương" in before
    assert "Ban Quản lý Khu kinh tế Hải Phòng" in after
    assert "Ban Quản lý các khu công nghiệp tỉnh Hải Dương" not in after


def test_it_ranks_units_half_on_reports_sent_on_time_half_on_tasks_done_on_time(world, reporting):
    u = world.units

    def sent(unit, day):  # type: ignore[no-untyped-def]
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
        Report.objects.create(period=reporting.june, unit=unit, first_submitted_at=at, submitted_at=at)

    sent(u["hd_khcn"], dt.date(2025, 6, 10))  # due 15/06/2025: on time
    sent(u["hd_bql"], dt.date(2025, 6, 15))  # on the due day: on time
    sent(u["hd_tc"], dt.date(2025, 6, 20))  # late
    d = dashboard_build(user=world.users["admin"], on=AFTER, period=reporting.june)
    assert d.board is not None and d.board.expected == 4
    # June is the regime's only period up to June (one expected report each). On 01/08/2025:
    # Sở KH&CN 1/1 on time, its task done on time 1/1 → (100 + 100) / 2 = 100,0;
    # the Board 1/1 on time, two tasks due, none on time → (100 + 0) / 2 = 50,0;
    # Finance late, its task not yet due (no task part) → 0 / 1 = 0,0; the commune: 0,0.
    # Ties by name: "Phường Bình Hàn" before "Sở Tài chính…".
    assert [
        (r.unit.code, r.reports_on_time, r.reports_expected, r.tasks_on_time, r.tasks_due, r.score)
        for r in d.ranking
    ] == [
        ("hd:so-khcn", 1, 1, 1, 1, 100.0),
        ("hd:bql-kcn", 1, 1, 0, 2, 50.0),
        ("vn2024:w:10510", 0, 1, 0, 0, 0.0),
        ("hd:so-tc", 0, 1, 0, 0, 0.0),
    ]


def test_the_map_draws_districts_before_and_the_114_communes_after_the_merger(world, reporting):
    leader = world.users["leader"]
    before = map_layer(user=leader, on=BEFORE, period=reporting.june, colour_by="bao-cao")
    after = map_layer(user=leader, on=AFTER, period=reporting.july, colour_by="bao-cao")
    assert len(before["polygons"]["features"]) == 12
    assert len(after["polygons"]["features"]) == 114
    assert "GPL-3.0" in before["attribution"] and "MIT" in after["attribution"]


def test_the_map_colours_a_commune_by_its_reporting_status(world, reporting):
    u = world.units
    u["commune"].admin_code = "10510"  # Phường Thành Đông: official code (the source had 10507)
    u["commune"].save()
    layer = map_layer(user=world.users["leader"], on=AFTER, period=reporting.july, colour_by="bao-cao")
    feature = next(f for f in layer["polygons"]["features"] if f["properties"]["code"] == "10510")
    # July 2025 was due on 15/07/2025 and nothing was filed: missing.
    assert feature["properties"]["tone"] == "s-missing"
    assert feature["properties"]["url"] == reverse("dashboard:unit", args=[u["commune"].pk])


def urls(world) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        reverse("dashboard:index"),
        reverse("dashboard:wall"),
        reverse("dashboard:map_data"),
        reverse("dashboard:unit", args=[world.units["hp_bql"].pk]),
    ]


def test_anonymous_visitors_go_to_the_login_page(world):
    for url in urls(world):
        response = Client().get(url)
        assert response.status_code == 302 and "dang-nhap" in response["Location"]


@pytest.mark.parametrize("who", ["nobody", "bql", "khcn", "commune", "enterprise"])
def test_it_refuses_the_dashboard_to_users_without_the_right(world, who):
    for url in urls(world):
        assert client_for(world.users[who]).get(url).status_code == 403


@pytest.mark.parametrize("who", ["admin", "leader"])
def test_it_opens_every_dashboard_page_to_the_programme(world, reporting, who):
    client = client_for(world.users[who])
    for url in urls(world):
        assert client.get(url, {"ngay": "30/06/2025"}).status_code == 200
    page = client.get(reverse("dashboard:index"), {"ngay": "30/06/2025"}).content.decode()
    assert "data-tasks-total>4<" in page
    wall = client.get(reverse("dashboard:wall")).content.decode()
    assert '<meta http-equiv="refresh" content="300">' in wall
    data = json.loads(client.get(reverse("dashboard:map_data"), {"ngay": "30/06/2025"}).content)
    assert len(data["polygons"]["features"]) == 12


def test_it_answers_404_for_a_unit_that_does_not_exist(world):
    url = reverse("dashboard:unit", args=[999999])
    assert client_for(world.users["leader"]).get(url).status_code == 404


def test_the_unit_page_drills_down_to_the_tasks_it_took_over(world):
    url = reverse("dashboard:unit", args=[world.units["hp_bql"].pk])
    body = client_for(world.users["leader"]).get(url).content.decode()
    assert "T-BQL-1" in body and reverse("plans:task_detail", args=[world.tasks["bql_overdue"].pk]) in body


def test_the_map_legend_gives_every_reporting_standing_its_own_colour(world, reporting):
    client = client_for(world.users["leader"])
    data = json.loads(client.get(reverse("dashboard:map_data"), {"ngay": "30/06/2025"}).content)
    tones = [item["tone"] for item in data["legend"]]
    assert len(tones) == 7 and len(set(tones)) == 7
    css = (settings.BASE_DIR / "static" / "css" / "app.css").read_text(encoding="utf-8")
    colours = [re.search(rf"\.swatch-{t} {{ background: (#[0-9a-f]+); }}", css) for t in tones]
    assert all(colours) and len({c.group(1) for c in colours if c}) == 7


def test_the_indicator_colouring_has_no_empty_class_when_units_share_a_value(world):
    from dieuhanh.dashboard.geo import _ranges, class_edges
    from dieuhanh.indicators.tests.factories import indicator

    known = [5.0, 5.0, 5.0, 5.0, 8.0, 9.0]
    # Quintile positions 1–4 of six values fall on 5, 5, 5 and 8: one edge, at 8.
    assert class_edges(known) == [8.0]
    lines = _ranges(class_edges(known), known, indicator("DVC_X", unit_of_measure="%", decimals=0))
    assert [line["label"] for line in lines] == [
        "từ 5,0 đến dưới 8,0 %",
        "từ 8,0 đến 9,0 %",
    ]


def test_tasks_led_by_a_ministry_are_a_group_of_their_own_outside_the_provinces_figures(world):
    # Two in-scope tasks of a national plan that a ministry leads (the province takes part), the
    # ministry written two ways, one of them overdue; and one context task that is not the province's.
    task = world.tasks["bql_overdue"]
    common = {"document": task.document, "group": task.group, "text": "Nhiệm vụ của Bộ"}
    Task.objects.create(code="NV-B1", lead_text="Bộ Công An", due=dt.date(2025, 3, 31), **common)
    Task.objects.create(code="NV-B2", lead_text="Bộ Công an (chủ trì)", due=dt.date(2025, 12, 31), **common)
    Task.objects.create(
        code="NV-B3", lead_text="Bộ Tài chính", due=dt.date(2025, 3, 31), in_scope=False, **common
    )
    d = dashboard_build(user=world.users["leader"], on=BEFORE, period=None)
    assert d.totals.total == 4  # the four tasks of the province's own units, as before
    assert [(line.label, line.counts.total, line.counts.overdue) for line in d.outside_leads] == [
        ("Bộ Công an", 2, 1)
    ]
    assert all("Bộ" not in line.label for line in d.leads)
    page = client_for(world.users["leader"]).get(reverse("dashboard:index"), {"ngay": "30/06/2025"})
    html = page.content.decode()
    assert "Cơ quan ngoài tỉnh chủ trì — không tính vào số liệu của tỉnh" in html
    assert "không tính vào số liệu của tỉnh" in html and "data-lead-rule" in html


def test_the_dashboard_opens_on_the_summary_with_the_filters_folded_below_it(world):
    # On 01/08 the cast's one overdue task is T-BQL-1, led by the Board (Hải Phòng's after the merger).
    body = client_for(world.users["leader"]).get(reverse("dashboard:index"), {"ngay": "01/08/2025"})
    page = body.content.decode()
    assert page.index("data-summary") < page.index("data-filters") < page.index("data-tasks-total")
    assert re.search(r"<details [^>]*data-filters>", page), "the filters are folded"
    assert "data-summary-lagging>1<" in page
    assert 'data-summary-lead="' in page and "1 quá hạn" in page


def test_the_filters_unfold_by_themselves_when_a_date_is_refused(world):
    page = client_for(world.users["leader"]).get(reverse("dashboard:index"), {"ngay": "31/02/2025"})
    assert re.search(r"<details [^>]*data-filters open>", page.content.decode())
