"""What was sent, accepted and recorded stays as it was: no edit, no deletion — through the
admin, the pages, the API or the models — and a correction is a new row beside the old."""

from __future__ import annotations

import contextlib
import json

import pytest
from django.db import transaction
from django.test import RequestFactory

from dieuhanh.core.append_only import FrozenRecordError
from dieuhanh.core.middleware import FrozenRecordMiddleware
from dieuhanh.indicators.models import DataValue
from dieuhanh.reporting.models import Evidence, Report, ReportStatus, ReportVersion, TaskUpdate

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def refused(match: str = "Không thể"):  # type: ignore[no-untyped-def]
    """A refused deletion fails its transaction like any database error: a savepoint lets
    the test go on."""
    with pytest.raises(FrozenRecordError, match=match), transaction.atomic():
        yield


def admin_url(obj, action: str) -> str:  # type: ignore[no-untyped-def]
    meta = obj._meta
    return f"/quan-tri/{meta.app_label}/{meta.model_name}/{obj.pk}/{action}/"


def records(sealed):  # type: ignore[no-untyped-def]
    return [sealed.version, sealed.report, sealed.value, sealed.evidence]


def test_the_admin_refuses_to_delete_a_version_an_accepted_report_a_value_or_evidence(client, world, sealed):
    client.force_login(world.users["admin"])
    for obj in records(sealed):
        assert client.get(admin_url(obj, "delete")).status_code == 403, obj
        assert client.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 403, obj
    assert ReportVersion.objects.filter(pk=sealed.version.pk).exists()
    assert Report.objects.filter(pk=sealed.report.pk, status=ReportStatus.ACCEPTED).exists()
    assert DataValue.objects.filter(pk=sealed.value.pk).exists()
    assert Evidence.objects.filter(pk=sealed.evidence.pk).exists()


def test_the_admin_lists_offer_no_bulk_deletion(client, world, sealed):
    client.force_login(world.users["admin"])
    for obj in records(sealed):
        meta = obj._meta
        page = client.get(f"/quan-tri/{meta.app_label}/{meta.model_name}/")
        assert page.status_code == 200
        assert "delete_selected" not in page.content.decode()
        posted = client.post(
            f"/quan-tri/{meta.app_label}/{meta.model_name}/",
            {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
        )
        assert posted.status_code in (200, 302)
        assert type(obj).objects.filter(pk=obj.pk).exists(), obj


def test_the_admin_shows_frozen_records_read_only_and_refuses_a_posted_edit(client, world, sealed):
    client.force_login(world.users["admin"])
    page = client.get(admin_url(sealed.evidence, "change"))
    assert page.status_code == 200
    assert 'name="description"' not in page.content.decode()  # shown, not an input
    client.post(admin_url(sealed.evidence, "change"), {"description": "đã sửa", "original_name": "x.pdf"})
    sealed.evidence.refresh_from_db()
    assert (sealed.evidence.description, sealed.evidence.original_name) == ("", "ke-hoach.pdf")


def test_even_a_superuser_cannot_delete_through_the_admin(client, world, sealed):
    from dieuhanh.accounts.models import User

    root = User.objects.create_superuser("root", "root@example.org", "pw-root")
    client.force_login(root)
    for obj in records(sealed):
        assert client.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 403, obj


def test_history_cannot_be_reverted_through_the_admin(client, world, sealed):
    client.force_login(world.users["admin"])
    row = sealed.report.history.earliest()
    url = f"/quan-tri/reporting/report/{sealed.report.pk}/history/{row.history_id}/"
    client.post(url, {"status": "draft"})
    sealed.report.refresh_from_db()
    assert sealed.report.status == ReportStatus.ACCEPTED


def test_deleting_a_submitted_version_raises_a_vietnamese_domain_error(sealed):
    with refused("Không thể xóa phiên bản đã gửi"):
        sealed.version.delete()
    with refused("Không thể xóa"):
        ReportVersion.objects.all().delete()
    sealed.version.content = {"tasks": []}
    with refused("Không thể sửa phiên bản đã gửi"):
        sealed.version.save()
    assert ReportVersion.objects.get(pk=sealed.version.pk).content["tasks"]


def test_an_accepted_report_and_its_task_updates_cannot_be_edited_or_deleted(sealed):
    report = Report.objects.get(pk=sealed.report.pk)
    report.highlights = "viết lại sau khi duyệt"
    with refused("báo cáo đã được duyệt"):
        report.save()
    with refused():
        report.delete()
    update = TaskUpdate.objects.filter(report=report).first()
    assert update is not None
    update.percent = 5
    with refused("đã được gửi hoặc đã được duyệt"):
        update.save()


def test_a_returned_report_is_edited_again_but_cannot_be_deleted_with_what_was_sent(world, reporting):
    from dieuhanh.reporting import services
    from dieuhanh.reporting.services import ReportInput

    bob = world.users["bql"]
    report = services.report_open(user=bob, period=reporting.july, unit=world.units["hp_bql"])
    services.report_submit(report_id=report.pk, user=bob, version=report.version)
    services.report_return(report_id=report.pk, user=world.users["admin"], comment="Bổ sung kết quả")
    report.refresh_from_db()
    services.report_save(
        report_id=report.pk, user=bob, version=report.version, data=ReportInput(highlights="Đã bổ sung")
    )
    with refused("Không thể xóa phiên bản đã gửi"):
        Report.objects.get(pk=report.pk).delete()
    assert ReportVersion.objects.filter(report=report).count() == 1


def test_evidence_cannot_be_edited_or_deleted(sealed):
    sealed.evidence.description = "thay tệp"
    with refused("minh chứng"):
        sealed.evidence.save()
    with refused():
        Evidence.objects.filter(pk=sealed.evidence.pk).delete()


def test_a_recorded_value_is_corrected_by_a_new_value_never_rewritten(sealed):
    assert sealed.correction.corrects_id == sealed.value.pk
    assert (sealed.value.value, sealed.value.is_current) == (40, False)
    assert (sealed.correction.value, sealed.correction.is_current) == (42, True)
    sealed.correction.value = 99
    with refused("số liệu đã ghi nhận"):
        sealed.correction.save()
    with refused():
        DataValue.objects.filter(pk=sealed.correction.pk).delete()


def test_the_indicator_page_shows_a_correction_as_such(client, world, sealed):
    client.force_login(world.users["admin"])
    page = client.get("/chi-so/HS/").content.decode()
    assert f'data-corrects="{sealed.value.pk}"' in page
    assert "đính chính giá trị 40" in page
    assert "đã được đính chính" in page


def test_history_rows_are_append_only(sealed):
    row = sealed.report.history.first()
    with refused("lịch sử thay đổi chỉ được ghi thêm"):
        row.delete()
    row.history_change_reason = "sửa lịch sử"
    with refused():
        row.save()
    with refused():
        type(row).objects.all().delete()


def test_a_page_that_reaches_a_frozen_record_answers_409_with_the_reason(world):
    def boom(request):  # type: ignore[no-untyped-def]
        raise FrozenRecordError("Không thể xóa minh chứng “x.pdf”: minh chứng đã tải lên được giữ nguyên.")

    request = RequestFactory().get("/bao-cao/1/")
    request.user = world.users["bql"]
    middleware = FrozenRecordMiddleware(boom)
    try:
        boom(request)
    except FrozenRecordError as exc:
        response = middleware.process_exception(request, exc)
    assert response is not None and response.status_code == 409
    assert "minh chứng đã tải lên được giữ nguyên" in response.content.decode()


def test_the_api_answers_409_for_a_frozen_record(world, sealed):
    from dieuhanh.api.urls import frozen_record

    request = RequestFactory().get("/api/v1/")
    response = frozen_record(request, FrozenRecordError("Không thể sửa số liệu “1”: đã chốt."))
    assert response.status_code == 409
    assert "đã chốt" in json.loads(response.content)["detail"]


def test_the_admin_turns_a_frozen_record_it_reaches_into_a_message(world):
    from django.contrib import admin
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    def view(request):  # type: ignore[no-untyped-def]
        raise FrozenRecordError("Không thể xóa phiên bản đã gửi “x”: phiên bản đã gửi được lưu nguyên trạng.")

    request = RequestFactory().get("/quan-tri/reporting/period/1/delete/")
    request.user = world.users["admin"]
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    response = admin.site.admin_view(view)(request)
    assert response.status_code == 302 and response["Location"] == "/quan-tri/reporting/period/1/delete/"
    assert [str(m) for m in get_messages(request)] == [
        "Không thể xóa phiên bản đã gửi “x”: phiên bản đã gửi được lưu nguyên trạng."
    ]


def test_the_report_page_refuses_to_edit_an_accepted_report(client, world, sealed):
    client.force_login(world.users["bql"])
    response = client.post(
        f"/bao-cao/{sealed.report.pk}/luu/", {"version": sealed.report.version, "highlights": "viết lại"}
    )
    # Shown read-only with what happened (reporting: a report that left the draft is not resent).
    assert response.status_code == 302 and response["Location"] == f"/bao-cao/{sealed.report.pk}/"
    assert "trạng thái “Đã duyệt”" in client.get(response["Location"]).content.decode()
    assert Report.objects.get(pk=sealed.report.pk).highlights == ""


def test_the_api_records_a_resent_figure_as_a_correction_not_an_edit(client, world, sealed):
    client.force_login(world.users["admin"])

    def send(value: str):  # type: ignore[no-untyped-def]
        unit = world.units["hd_bql"].code
        payload = {"dataValues": [{"dataElement": "HS", "period": "202506", "orgUnit": unit, "value": value}]}
        response = client.post("/api/v1/dataValueSets", payload, content_type="application/json")
        assert response.status_code == 200, response.content

    send("43")
    first = DataValue.objects.get(source="api")
    send("44")
    newest = DataValue.objects.get(is_current=True)
    assert (newest.source, newest.value, newest.corrects_id) == ("api", 44, first.pk)
    first.refresh_from_db()
    assert (first.value, first.is_current) == (43, False)
    # The imported figures (40, corrected to 42) are still there, no longer counted.
    assert set(DataValue.objects.filter(source="import").values_list("value", "is_current")) == {
        (40, False),
        (42, False),
    }
