"""The enterprise's quarterly report is a report of the reporting engine: filed by the
enterprise's accounts, reviewed by the Board, with the figures as a section. Every date is
passed in; nothing here reads the real clock."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dieuhanh.reporting.models import Audience, Notification, ReportRegime, ReportStatus
from dieuhanh.reporting.reminders import reminders_send
from dieuhanh.reporting.services import (
    ReportInput,
    StaleReportError,
    report_accept,
    report_open,
    report_return,
    report_save,
    report_submit,
)
from dieuhanh.reporting.versions import Change, version_diff
from dieuhanh.zones.models import QuarterlyFigures
from dieuhanh.zones.report_figures import KEY, FiguresInput
from dieuhanh.zones.services import enterprise_periods

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)
SENT = timezone.make_aware(dt.datetime(2026, 11, 23, 9, 30))
REVIEWED = timezone.make_aware(dt.datetime(2026, 11, 24, 14, 0))


def _open(zones):  # type: ignore[no-untyped-def]
    period = enterprise_periods(enterprise=zones.a, on=TODAY)[0]
    return report_open(user=zones.users["enterprise"], period=period, unit=zones.a.unit)


def _save(zones, report, workers: int, foreign: int = 4, highlights: str = "Dây chuyền 2 chạy thử."):  # type: ignore[no-untyped-def]
    return report_save(
        report_id=report.pk,
        user=zones.users["enterprise"],
        version=report.version,
        data=ReportInput(highlights=highlights, difficulties="Thiếu kỹ sư điện."),
        sections={KEY: FiguresInput(workers=workers, foreign_workers=foreign, new_hires=6)},
        today=TODAY,
    )


def _filed(zones, workers: int = 120):  # type: ignore[no-untyped-def]
    report = _save(zones, _open(zones), workers)
    return report_submit(
        report_id=report.pk, user=zones.users["enterprise"], version=report.version, now=SENT
    )


def _texts(user) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(user=user).values_list("text", "url"))


def test_the_quarter_owed_on_23_11_2026_is_the_fourth_due_on_20_12(zones):
    period = enterprise_periods(enterprise=zones.a, on=TODAY)[0]
    assert (period.label, period.due_on) == ("Quý IV/2026", dt.date(2026, 12, 20))


def test_an_enterprise_files_through_the_engine_and_the_board_is_told(zones):
    report = _filed(zones)
    assert report.status == ReportStatus.SUBMITTED and report.first_submitted_at == SENT
    version = report.versions.get()
    assert version.number == 1 and version.submitted_by == zones.users["enterprise"]
    assert version.content["figures"]["workers"] == "120"
    assert version.content["highlights"] == "Dây chuyền 2 chạy thử."
    url = f"/khu-cong-nghiep/bao-cao/{report.pk}/"
    assert _texts(zones.users["bql"]) == [("Công ty A Minh họa đã gửi báo cáo Quý IV/2026.", url)]
    assert _texts(zones.users["khcn"]) == [] and _texts(zones.users["enterprise"]) == []


def test_it_returns_the_report_to_the_enterprise_with_the_comment(zones):
    report = _filed(zones)
    with pytest.raises(ValidationError, match="để doanh nghiệp biết cần sửa gì"):
        report_return(report_id=report.pk, user=zones.users["bql"], comment="  ", now=REVIEWED)
    returned = report_return(
        report_id=report.pk, user=zones.users["bql"], comment="Thiếu kim ngạch xuất khẩu.", now=REVIEWED
    )
    assert (
        returned.status == ReportStatus.RETURNED and returned.review_comment == "Thiếu kim ngạch xuất khẩu."
    )
    assert returned.reviewed_at == REVIEWED and returned.reviewed_by == zones.users["bql"]
    assert _texts(zones.users["enterprise"]) == [
        (
            "Báo cáo Quý IV/2026 bị trả lại: Thiếu kim ngạch xuất khẩu.",
            f"/khu-cong-nghiep/bao-cao/{report.pk}/",
        )
    ]
    assert _texts(zones.bert) == []  # another enterprise's account hears nothing


def test_a_resubmission_is_a_second_version_and_acceptance_updates_the_registry(zones):
    report = _filed(zones)
    report = report_return(report_id=report.pk, user=zones.users["bql"], comment="Sai số lao động.")
    report = _save(zones, report, workers=125, foreign=7)
    report = report_submit(
        report_id=report.pk, user=zones.users["enterprise"], version=report.version, now=SENT
    )
    first, second = report.versions.order_by("number")
    changes = version_diff(first.content, second.content)
    assert Change("Số liệu", "Tổng số lao động", "120", "125") in changes
    assert Change("Số liệu", "Lao động nước ngoài", "4", "7") in changes
    assert not [c for c in changes if c.where == "Báo cáo"]  # the texts did not change
    accepted = report_accept(report_id=report.pk, user=zones.users["bql"], now=REVIEWED, today=TODAY)
    assert accepted.status == ReportStatus.ACCEPTED and accepted.review_comment == ""
    zones.a.refresh_from_db()
    assert (zones.a.workers, zones.a.foreign_workers) == (125, 7)


@pytest.mark.parametrize("who", ["khcn", "commune", "leader", "enterprise"])
def test_only_the_board_and_the_administrators_review_an_enterprise_report(zones, who):
    report = _filed(zones)
    with pytest.raises(PermissionDenied, match="Ban Quản lý"):
        report_accept(report_id=report.pk, user=zones.users[who])
    with pytest.raises(PermissionDenied):
        report_return(report_id=report.pk, user=zones.users[who], comment="Không đạt.")
    assert report_accept(report_id=report.pk, user=zones.users["admin"]).status == ReportStatus.ACCEPTED


def test_the_board_does_not_review_the_programme_reports(zones, reporting):
    world = zones.world
    report = report_open(user=world.users["khcn"], period=reporting.july, unit=world.units["hp_khcn"])
    report_submit(report_id=report.pk, user=world.users["khcn"], version=report.version, now=SENT)
    with pytest.raises(PermissionDenied, match="Sở Khoa học và Công nghệ"):
        report_accept(report_id=report.pk, user=world.users["bql"])
    assert _texts(world.users["bql"]) == []  # programme submissions go to the Sở, not the Board


def test_nobody_but_the_enterprise_files_its_report(zones, reporting):
    period = enterprise_periods(enterprise=zones.a, on=TODAY)[0]
    for user in (zones.users["bql"], zones.users["admin"], zones.bert):
        with pytest.raises(PermissionDenied):
            report_open(user=user, period=period, unit=zones.a.unit)
    with pytest.raises(PermissionDenied):  # nor does an enterprise file a programme report
        report_open(user=zones.users["enterprise"], period=reporting.july, unit=zones.a.unit)
    report = _open(zones)
    with pytest.raises(PermissionDenied):  # B's account on A's report
        report_save(
            report_id=report.pk,
            user=zones.bert,
            version=report.version,
            data=ReportInput(),
            sections={KEY: FiguresInput(workers=1)},
            today=TODAY,
        )


def test_the_figures_are_checked_whole_and_nothing_is_saved(zones):
    report = _open(zones)
    with pytest.raises(ValidationError) as exc:
        report_save(
            report_id=report.pk,
            user=zones.users["enterprise"],
            version=report.version,
            data=ReportInput(highlights="Có"),
            sections={KEY: FiguresInput(workers=10, foreign_workers=12, new_hires=-1)},
            today=TODAY,
        )
    assert exc.value.messages == [
        "Lao động tuyển mới không được âm.",
        "Lao động nước ngoài (12) không được nhiều hơn tổng số lao động (10).",
    ]
    report.refresh_from_db()
    figures = QuarterlyFigures.objects.get(report=report)
    assert report.version == 1 and report.highlights == "" and figures.workers == 0


def test_an_empty_report_cannot_be_sent(zones):
    report = _open(zones)
    with pytest.raises(ValidationError, match="chưa có số liệu"):
        report_submit(report_id=report.pk, user=zones.users["enterprise"], version=report.version, now=SENT)


def test_a_stale_save_of_the_figures_is_refused(zones):
    report = _open(zones)
    _save(zones, report, workers=50)
    with pytest.raises(StaleReportError):
        _save(zones, report, workers=60)  # still holds version 1
    assert QuarterlyFigures.objects.get(report=report).workers == 50


def test_reminders_reach_the_enterprise_accounts_with_a_link_to_their_portal(zones):
    _filed(zones)  # A has reported: only B is reminded
    period = enterprise_periods(enterprise=zones.a, on=TODAY)[0]
    run = reminders_send(on=dt.date(2026, 12, 20))
    assert run.sent == 2  # B, in the app and by e-mail
    assert _texts(zones.bert) == [
        (
            "Hôm nay (20/12/2026) là hạn gửi báo cáo Quý IV/2026 của Công ty B Minh họa.",
            f"/khu-cong-nghiep/bao-cao/ky/{period.pk}/",
        )
    ]
    assert not Notification.objects.filter(
        user=zones.users["enterprise"], text__startswith="Hôm nay"
    ).exists()


def test_the_migration_marks_existing_enterprise_regimes(zones, reporting):
    migration = importlib.import_module("dieuhanh.reporting.migrations.0003_regime_audience")
    ReportRegime.objects.update(audience=Audience.PROGRAMME)  # as every regime was before it
    migration.mark_enterprise_regimes(apps, None)
    audiences = dict(ReportRegime.objects.values_list("name", "audience"))
    assert audiences == {zones.regime.name: Audience.ENTERPRISES, reporting.regime.name: Audience.PROGRAMME}
