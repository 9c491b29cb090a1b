"""The demo's audit material: evidence on accepted reports, one corrected figure; idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from dieuhanh.indicators.models import DataValue
from dieuhanh.reporting.models import Evidence

pytestmark = pytest.mark.django_db


def test_the_demo_adds_evidence_and_a_correction_once(world, reporting, settings, tmp_path):
    from dieuhanh.audit.demo import audit_load_demo
    from dieuhanh.indicators.models import Indicator
    from dieuhanh.indicators.services import data_value_record
    from dieuhanh.reporting import services
    from dieuhanh.reporting.services import ReportInput, TaskUpdateInput

    settings.MEDIA_ROOT = tmp_path
    bob, alice = world.users["bql"], world.users["admin"]
    task = world.tasks["bql_overdue"]
    report = services.report_open(user=bob, period=reporting.june, unit=world.units["hd_bql"])
    done = TaskUpdateInput(
        task_id=task.pk, progress="done", percent=100, result="Đã ban hành", completed_on=dt.date(2025, 6, 20)
    )
    report = services.report_save(
        report_id=report.pk, user=bob, version=report.version, data=ReportInput(updates=[done]),
        today=dt.date(2025, 7, 1),
    )  # fmt: skip
    services.report_submit(report_id=report.pk, user=bob, version=report.version)
    services.report_accept(report_id=report.pk, user=alice)
    indicator = Indicator.objects.create(code="HS", name="Hồ sơ", periodicity="M", unit_of_measure="hồ sơ")
    original = data_value_record(
        indicator=indicator,
        unit=world.units["hd_bql"],
        period="202506",
        value=12,
        source="report",
        user=alice,
    )

    assert audit_load_demo() == {"Minh chứng (mẫu)": 1, "Số liệu được đính chính (mẫu)": 1}
    evidence = Evidence.objects.get()
    assert evidence.task_update.task == task and evidence.uploaded_by == bob
    assert evidence.file.read().startswith(b"%PDF-1.4") and evidence.original_name.endswith(".pdf")
    correction = DataValue.objects.get(is_current=True)
    assert (correction.value, correction.corrects) == (11, original)

    audit_load_demo()
    assert Evidence.objects.count() == 1 and DataValue.objects.count() == 2
