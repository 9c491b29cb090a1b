"""The enterprise portal end to end through the views: the quarterly report, requests,
the self-assessment; and the Board's import and demo."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from dieuhanh.reporting.models import Report, ReportStatus
from dieuhanh.reporting.selectors import Standing, period_board
from dieuhanh.zones.assessment import assessment_save, assessment_start, assessment_submit
from dieuhanh.zones.importing import ENTERPRISE_COLUMNS, PROJECT_COLUMNS
from dieuhanh.zones.models import Enterprise, EnterpriseRequest, Project, Question
from dieuhanh.zones.services import enterprise_periods
from dieuhanh.zones.tests.conftest import client_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _on_today(clock):  # type: ignore[no-untyped-def]
    # The portal is driven through its views, which read the clock: set it to TODAY.
    clock(TODAY)


def _open_report(zones):  # type: ignore[no-untyped-def]
    period = enterprise_periods(enterprise=zones.a, on=TODAY)[0]
    client = client_for(zones.users["enterprise"])
    assert Report.objects.filter(period=period, unit=zones.a.unit).count() == 0
    assert "Bắt đầu báo cáo" in client.get(reverse("zones:report_open", args=[period.pk])).content.decode()
    assert Report.objects.filter(period=period, unit=zones.a.unit).count() == 0  # GET changes nothing
    response = client.post(reverse("zones:report_open", args=[period.pk]))
    return client, Report.objects.get(period=period, unit=zones.a.unit), response


def test_it_refuses_bad_amounts_in_the_quarterly_report_with_clear_messages(zones):
    client, report, _ = _open_report(zones)
    response = client.post(
        reverse("zones:report_save", args=[report.pk]),
        {
            "version": report.version,
            "workers": "120",
            "foreign_workers": "200",
            "new_hires": "-1",
            "disbursed_vnd": "12,5",
            "disbursed_usd": "mười",
            "revenue_vnd": "-3",
            "export_usd": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Vốn giải ngân trong kỳ (đồng): số tiền đồng phải là số nguyên" in page
    assert "Vốn giải ngân trong kỳ (USD): “mười” không phải số tiền" in page
    assert "Doanh thu trong kỳ (đồng): số tiền không được âm" in page
    assert "Số này không được âm." in page
    report.refresh_from_db()
    assert report.version == 1 and report.status == ReportStatus.DRAFT


def test_the_quarterly_report_is_filed_chased_and_accepted_into_the_registry(zones):
    client, report, _ = _open_report(zones)
    board = period_board(user=zones.users["bql"], period=report.period, on=TODAY)
    assert {r.unit.pk: r.standing for r in board.rows}[zones.b.unit.pk] in (
        Standing.NOT_DUE,
        Standing.MISSING,
    )
    response = client.post(
        reverse("zones:report_save", args=[report.pk]),
        {
            "version": report.version,
            "workers": "1.250",
            "foreign_workers": "12",
            "new_hires": "40",
            "disbursed_vnd": "1.500.000.000",
            "disbursed_usd": "250.000,50",
            "revenue_vnd": "0",
            "export_usd": "0",
            "progress": "Đã lắp đặt dây chuyền 2.",
            "gui": "1",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.zone_figures.disbursed_usd == Decimal(
        "250000.50"
    )
    rows = {
        r.unit.pk: r.standing
        for r in period_board(user=zones.users["bql"], period=report.period, on=TODAY).rows
    }
    assert rows[zones.a.unit.pk] == Standing.ON_TIME
    chasing = client_for(zones.users["bql"]).get(reverse("zones:chasing") + f"?ky={report.period.pk}")
    assert zones.b.name in chasing.content.decode()
    client_for(zones.users["bql"]).post(reverse("zones:report_accept", args=[report.pk]))
    zones.a.refresh_from_db()
    assert zones.a.workers == 1250 and zones.a.foreign_workers == 12


def test_a_returned_report_goes_back_with_the_reason(zones):
    client, report, _ = _open_report(zones)
    client.post(
        reverse("zones:report_save", args=[report.pk]),
        {"version": 1, "workers": "5", "foreign_workers": "0", "new_hires": "0", "gui": "1"},
    )
    bql = client_for(zones.users["bql"])
    assert bql.post(reverse("zones:report_return", args=[report.pk]), {"comment": ""}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    bql.post(reverse("zones:report_return", args=[report.pk]), {"comment": "Thiếu số liệu xuất khẩu."})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert (
        "Thiếu số liệu xuất khẩu." in client.get(reverse("zones:report", args=[report.pk])).content.decode()
    )


def test_a_request_is_answered_and_both_sides_see_status_and_response_time(zones, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    eve = client_for(zones.users["enterprise"])
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = eve.post(
        reverse("zones:request_new"),
        {
            "department": zones.department.pk,
            "kind": "question",
            "subject": "Thủ tục",
            "body": "Hỏi",
            "tep": bad,
        },
    )
    assert "chỉ nhận PDF" in response.content.decode() and not EnterpriseRequest.objects.exists()
    pdf = SimpleUploadedFile("gcn.pdf", b"%PDF-1.7", content_type="application/pdf")
    eve.post(
        reverse("zones:request_new"),
        {
            "department": zones.department.pk,
            "kind": "question",
            "subject": "Gia hạn giấy phép lao động",
            "body": "Hỏi",
            "tep": pdf,
        },
    )
    item = EnterpriseRequest.objects.get()
    assert item.state == "pending" and item.attachments.count() == 1
    bql = client_for(zones.users["bql"])
    assert "Gia hạn giấy phép lao động" in bql.get(reverse("zones:requests")).content.decode()
    bql.post(reverse("zones:request_answer", args=[item.pk]), {"answer": "Nộp hồ sơ trước 45 ngày."})
    item.refresh_from_db()
    assert item.state == "answered" and item.response_time() is not None
    page = eve.get(reverse("zones:request", args=[item.pk])).content.decode()
    assert "Nộp hồ sơ trước 45 ngày." in page and "giờ" in page


def test_the_self_assessment_scores_each_pillar_and_gives_a_level(zones):
    eve = zones.users["enterprise"]
    assessment = assessment_start(user=eve, enterprise=zones.a)
    questions = list(
        Question.objects.filter(pillar__questionnaire=assessment.questionnaire).prefetch_related("choices")
    )
    assert len(questions) == 18
    partial = {q.pk: next(c.pk for c in q.choices.all() if c.score == 4) for q in questions[:-1]}
    assessment_save(user=eve, assessment_id=assessment.pk, answers=partial)
    with pytest.raises(Exception, match="Còn 1 câu chưa trả lời: DL3"):
        assessment_submit(user=eve, assessment_id=assessment.pk)
    assessment_save(
        user=eve,
        assessment_id=assessment.pk,
        answers={questions[-1].pk: questions[-1].choices.get(score=1).pk},
    )
    done = assessment_submit(user=eve, assessment_id=assessment.pk)
    assert done.pillar_scores["KH"] == "4.00" and done.pillar_scores["DL"] == "3.00"
    assert done.level == 3 and done.level_label == "Hình thành"


def test_a_weak_pillar_caps_the_level(zones):
    eve = zones.users["enterprise"]
    assessment = assessment_start(user=eve, enterprise=zones.a)
    answers = {}
    for q in Question.objects.filter(pillar__questionnaire=assessment.questionnaire).prefetch_related(
        "choices"
    ):
        answers[q.pk] = q.choices.get(score=0 if q.pillar.code == "DL" else 5).pk
    assessment_save(user=eve, assessment_id=assessment.pk, answers=answers)
    assert assessment_submit(user=eve, assessment_id=assessment.pk).level == 1


def _workbook(enterprise_rows: list[list], project_rows: list[list]) -> SimpleUploadedFile:  # type: ignore[type-arg]
    wb = Workbook()
    ws = wb.active
    ws.title = "Doanh nghiệp"
    ws.append(ENTERPRISE_COLUMNS)
    for row in enterprise_rows:
        ws.append(row)
    ps = wb.create_sheet("Dự án")
    ps.append(PROJECT_COLUMNS)
    for row in project_rows:
        ps.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("danh-sach.xlsx", out.getvalue())


GOOD = ["0100109106", "Công ty Nhập Khẩu Mẫu", "dai-an", "2610", "FDI", "Hàn Quốc", "Vừa", 300, 5]


def test_the_import_reports_every_error_by_row_and_column_and_saves_nothing(zones):
    bad = _workbook(
        [GOOD, ["0100109107", "Sai MST", "dai-an", "2699", "Liên doanh", "", "Nhỏ", 10, 20]],
        [["0100109106", "Nhà máy", "", "31/02/2025", "", "100", "", "200"]],
    )
    response = client_for(zones.users["bql"]).post(reverse("zones:import"), {"file": bad})
    page = response.content.decode()
    assert response.status_code == 422
    assert (
        "Trang “Doanh nghiệp”, dòng 3, cột A (Mã số thuế): Mã số thuế “0100109107” sai chữ số kiểm tra"
        in page
    )
    assert "dòng 3, cột D (Mã ngành VSIC): Mã ngành “2699” không có trong danh mục" in page
    assert "dòng 3, cột E (Loại hình (FDI/Trong nước)): “Liên doanh” không hợp lệ" in page
    assert "dòng 3, cột I (Lao động nước ngoài)" in page
    assert "Trang “Dự án”, dòng 2, cột D (Ngày cấp): ngày “31/02/2025” không hợp lệ" in page
    assert not Enterprise.objects.filter(tax_code="0100109106").exists()


def test_the_import_refuses_disbursed_above_registered_then_accepts_the_corrected_file(zones):
    bql = client_for(zones.users["bql"])
    over = _workbook([GOOD], [["0100109106", "Nhà máy", "GCN-1", "30/06/2025", "", "100", "", "200"]])
    page = bql.post(reverse("zones:import"), {"file": over}).content.decode()
    assert "Vốn đã giải ngân (USD) không được lớn hơn vốn đăng ký (USD)" in page
    good = _workbook(
        [GOOD], [["0100109106", "Nhà máy", "GCN-1", "30/06/2025", "", "1.200.000", "", "800.000,5"]]
    )
    assert bql.post(reverse("zones:import"), {"file": good}).status_code == 302
    project = Project.objects.get(certificate_number="GCN-1")
    assert project.registered_usd == Decimal("1200000.00") and project.disbursed_usd == Decimal("800000.50")
    assert project.enterprise.zone == zones.zone


def test_the_demo_loads_zones_enterprises_and_attaches_the_demo_account(world):
    from dieuhanh.reporting.models import Frequency, ReportRegime
    from dieuhanh.zones.demo import zones_load_demo

    summary = zones_load_demo()
    assert summary["Khu công nghiệp"] == 15 and summary["Doanh nghiệp trong khu công nghiệp"] == 15
    assert Enterprise.objects.get(unit__code="demo:dn-001").zone.name == "KCN Đại An"
    assert ReportRegime.objects.get(frequency=Frequency.QUARTERLY, receiving_unit__code="hp:bql-kkt")
    assert zones_load_demo()["Doanh nghiệp trong khu công nghiệp"] == 15  # idempotent
    overview = client_for(world.users["bql"]).get(reverse("zones:overview"))
    assert overview.status_code == 200 and "KCN Việt Hòa - Kenmark" in overview.content.decode()


def test_the_overall_score_is_rounded_once_from_the_exact_pillar_means(zones):
    # Four pillars answered 3, 3, 2 (mean 2,666…) and two answered 2, 2, 2, all weighing the same:
    # (4 × 8/3 + 2 × 2) / 6 = 2,444… → 2,44. Rounding the pillars first (2,67) gave 2,45.
    eve = zones.users["enterprise"]
    assessment = assessment_start(user=eve, enterprise=zones.a)
    pillars = list(assessment.questionnaire.pillars.prefetch_related("questions__choices"))
    assert len(pillars) == 6 and len({p.weight for p in pillars}) == 1
    answers = {}
    for i, pillar in enumerate(pillars):
        wanted = (3, 3, 2) if i < 4 else (2, 2, 2)
        for q, score in zip(pillar.questions.all(), wanted, strict=True):
            answers[q.pk] = next(c.pk for c in q.choices.all() if c.score == score)
    assessment_save(user=eve, assessment_id=assessment.pk, answers=answers)
    done = assessment_submit(user=eve, assessment_id=assessment.pk)
    assert str(done.score) == "2.44"
    assert done.pillar_scores[pillars[0].code] == "2.67"
