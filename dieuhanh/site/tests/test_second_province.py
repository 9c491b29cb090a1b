"""A second, small province configured as a record only: the pages, the synthesis, the
dashboard and the API speak of it, with no code naming it (issue #14, item 1)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.rules import is_board_staff
from dieuhanh.indicators.tests.factories import indicator, put
from dieuhanh.plans.models import Document, Task, TaskGroup
from dieuhanh.reporting.models import Frequency, RegimeMembership, Report, ReportRegime, ReportStatus
from dieuhanh.reporting.services import period_ensure
from dieuhanh.units.models import Province, Unit, UnitParent

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 20)  # May 2026 was due on 15/06/2026: closed


@pytest.fixture
def lai_chau(clock):  # type: ignore[no-untyped-def]
    clock(TODAY)
    root = Unit.objects.create(code="t:lc", kind=Unit.Kind.PROVINCE, name="Tỉnh Lai Châu")
    khcn = Unit.objects.create(
        code="t:lc-khcn", kind=Unit.Kind.AGENCY, name="Sở Khoa học và Công nghệ tỉnh Lai Châu"
    )
    board = Unit.objects.create(
        code="t:lc-bql", kind=Unit.Kind.AGENCY, name="Ban Quản lý Khu kinh tế Lai Châu"
    )
    commune = Unit.objects.create(code="t:lc-x1", kind=Unit.Kind.COMMUNE, name="Xã Tam Đường")
    for child in (khcn, board, commune):
        UnitParent.objects.create(child=child, parent=root)
    regime = ReportRegime.objects.create(
        name="Báo cáo tháng của tỉnh Lai Châu",
        content="Kết quả thực hiện",
        receiving_unit=khcn,
        frequency=Frequency.MONTHLY,
        starts_on=dt.date(2026, 1, 1),
    )
    RegimeMembership.objects.create(regime=regime, unit=khcn)
    may = period_ensure(regime=regime, year=2026, number=5)
    sent = timezone.make_aware(dt.datetime(2026, 6, 10, 9))
    Report.objects.create(
        period=may,
        unit=khcn,
        status=ReportStatus.ACCEPTED,
        difficulties="Thiếu cán bộ công nghệ thông tin ở xã vùng cao",
        first_submitted_at=sent,
        submitted_at=sent,
    )
    plan = Document.objects.create(
        kind="plan", number="12/KH-UBND", issued_on=dt.date(2026, 1, 5), title="Kế hoạch chuyển đổi số"
    )
    group = TaskGroup.objects.create(document=plan, number="1", title="Hạ tầng số", order=1)
    Task.objects.create(
        document=plan,
        group=group,
        code="LC-1",
        text="Phủ sóng 4G các bản",
        lead_unit=khcn,
        due=dt.date(2026, 3, 31),
    )
    ind = indicator("LC_HS", name="Hồ sơ trực tuyến")
    put(ind, commune, "202605", 12)
    province = Province.objects.create(
        name="Tỉnh Lai Châu", root_after=root, issuer=khcn, number_symbol="/BC-KHCNLC", monthly_regime=regime
    )
    province.board_units.set([board])
    leader = User.objects.create_user(username="leo", role=Role.LEADER, unit=root)
    board_reporter = User.objects.create_user(username="bao", role=Role.AGENCY_REPORTER, unit=board)
    return leader, board_reporter, may


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _docx_text(data: bytes) -> str:
    """Every paragraph, those of the letterhead's and the annexes' tables too."""
    doc = Docx(io.BytesIO(data))
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_units_page_draws_the_second_provinces_tree(lai_chau) -> None:  # type: ignore[no-untyped-def]
    leader, _, _ = lai_chau
    body = _client(leader).get(reverse("units:unit_tree")).content.decode()
    assert "<h2>Tỉnh Lai Châu" in body and "Xã Tam Đường" in body


def test_the_dashboard_follows_the_records_monthly_regime_and_its_lead_unit(lai_chau) -> None:  # type: ignore[no-untyped-def]
    leader, _, _ = lai_chau
    body = _client(leader).get(reverse("dashboard:index")).content.decode()
    assert "Tháng 5/2026" in body
    assert "Sở Khoa học và Công nghệ tỉnh Lai Châu" in body
    # The record names no map file: no polygons, and no other province's boundaries.
    layer = _client(leader).get(reverse("dashboard:map_data")).json()
    assert layer["polygons"]["features"] == [] and layer["attribution"] == ""


def test_the_synthesis_is_issued_by_the_records_body_with_its_number_symbol(lai_chau) -> None:  # type: ignore[no-untyped-def]
    leader, _, may = lai_chau
    response = _client(leader).get(reverse("synthesis:docx", args=[may.pk]), {"ngay": "20/06/2026"})
    text = _docx_text(response.content)
    assert "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU" in text
    assert "/BC-KHCNLC" in text and "Lai Châu, ngày 20 tháng 6 năm 2026" in text
    assert "Thiếu cán bộ công nghệ thông tin ở xã vùng cao" in text
    assert "Hải Phòng" not in text and "Hải Dương" not in text


def test_the_api_reads_the_second_province_by_default(lai_chau) -> None:  # type: ignore[no-untyped-def]
    leader, _, _ = lai_chau
    response = _client(leader).get(
        "/api/v1/indicators/LC_HS/series", {"first": "202605", "last": "202605", "on": "2026-06-20"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["unit"] == "t:lc"
    assert [(p["period"], p["value"]) for p in body["points"]] == [("202605", 12.0)]


def test_the_records_board_unit_runs_the_zones(lai_chau) -> None:  # type: ignore[no-untyped-def]
    _, board_reporter, _ = lai_chau
    assert is_board_staff(board_reporter)
