from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dieuhanh.reporting import services
from dieuhanh.reporting.evidence import evidence_add
from dieuhanh.reporting.models import Reminder, ReminderKind
from dieuhanh.reporting.reminders import reminder_kind_on, reminders_send

pytestmark = pytest.mark.django_db
D = dt.date


def test_reminders_go_before_on_and_after_the_due_date(reporting):
    june = reporting.june  # due 15/06/2025
    assert reminder_kind_on(june, D(2025, 6, 11)) is None
    assert reminder_kind_on(june, D(2025, 6, 12)) == ReminderKind.BEFORE
    assert reminder_kind_on(june, D(2025, 6, 15)) == ReminderKind.DUE
    assert reminder_kind_on(june, D(2025, 6, 16)) == ReminderKind.AFTER
    assert reminder_kind_on(june, D(2025, 7, 16)) is None


def test_a_reminder_is_never_sent_twice_and_not_to_units_that_reported(world, reporting, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world.users["bql"].email = "bql@example.vn"
    world.users["bql"].save()
    khcn_report = services.report_open(
        user=world.users["khcn"], period=reporting.june, unit=world.units["hd_khcn"]
    )
    services.report_submit(report_id=khcn_report.pk, user=world.users["khcn"], version=khcn_report.version)

    first = reminders_send(on=D(2025, 6, 15))
    again = reminders_send(on=D(2025, 6, 15))

    reminded = set(Reminder.objects.values_list("unit__code", flat=True))
    assert reminded == {"hd:bql-kcn", "hd:so-tc", "vn2024:w:10510"}  # not hd:so-khcn: it reported
    assert first.sent == 6 and again.sent == 0 and again.skipped_already_sent == 6
    assert len(mail.outbox) == 1 and "Tháng 6/2025" in mail.outbox[0].subject
    notes = list(world.users["bql"].notifications.values_list("text", flat=True))
    assert notes == [
        "Hôm nay (15/06/2025) là hạn gửi báo cáo Tháng 6/2025 của "
        "Ban Quản lý các khu công nghiệp tỉnh Hải Dương."
    ]


def upload(name: str, content: bytes, size: int | None = None) -> SimpleUploadedFile:
    f = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    if size is not None:
        f.size = size
    return f


@pytest.fixture
def update(world, reporting):  # type: ignore[no-untyped-def]
    report = services.report_open(user=world.users["bql"], period=reporting.june, unit=world.units["hd_bql"])
    return report.task_updates.get(task=world.tasks["bql_overdue"])


def test_evidence_takes_a_real_pdf_and_an_issued_document(world, update, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = evidence_add(
        task_update=update, user=world.users["bql"], upload=upload("ke-hoach.pdf", b"%PDF-1.7 ...")
    )
    doc = evidence_add(
        task_update=update, user=world.users["bql"], document_number="123/KH-KCN", document_date=D(2025, 6, 2)
    )
    assert pdf.size == len(b"%PDF-1.7 ...") and pdf.file.name.endswith(".pdf")
    assert str(doc) == "Văn bản số 123/KH-KCN"


@pytest.mark.parametrize(
    ("name", "content", "size", "message"),
    [
        ("virus.exe", b"MZ", None, "chỉ nhận PDF"),
        ("gia.pdf", b"<html>", None, "không phải tệp PDF hợp lệ"),
        ("lon.docx", b"PK\x03\x04", 25 * 1024 * 1024, "25,0 MB, vượt giới hạn 20 MB"),
    ],
)
def test_evidence_of_the_wrong_type_or_size_is_refused_by_name(
    world, update, name, content, size, message, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError, match=message):
        evidence_add(task_update=update, user=world.users["bql"], upload=upload(name, content, size))
    assert not update.evidence.exists()


def test_another_unit_cannot_add_evidence(world, update):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        evidence_add(
            task_update=update, user=world.users["khcn"], document_number="1/KH", document_date=D(2025, 6, 1)
        )


def test_evidence_cannot_land_on_a_report_submitted_after_the_page_was_opened(world, update):
    # The upload request read the report while it was a draft; a submission then won the race.
    assert update.report.is_editable_by_reporter
    services.report_submit(report_id=update.report_id, user=world.users["bql"], version=update.report.version)
    with pytest.raises(ValidationError, match="đã gửi"):
        evidence_add(
            task_update=update, user=world.users["bql"], document_number="9/KH", document_date=D(2025, 6, 9)
        )
    assert not update.evidence.exists()


def test_a_correction_of_evidence_is_a_new_row_that_names_the_one_it_corrects(
    world, update, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    wrong = evidence_add(
        task_update=update, user=world.users["bql"], document_number="12/KH-KCN", document_date=D(2025, 6, 2)
    )
    right = evidence_add(
        task_update=update,
        user=world.users["bql"],
        document_number="123/KH-KCN",
        document_date=D(2025, 6, 2),
        corrects=wrong,
    )
    assert list(update.evidence.order_by("pk")) == [wrong, right]  # nothing overwritten
    assert right.corrects == wrong and list(wrong.corrections.all()) == [right]
    assert str(right) == f"Văn bản số 123/KH-KCN (đính chính minh chứng số {wrong.pk})"
    from dieuhanh.reporting.models import Evidence

    assert Evidence.history.filter(id=right.pk, corrects_id=wrong.pk, history_type="+").exists()


def test_evidence_of_another_task_cannot_be_corrected(world, update, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    other = update.report.task_updates.exclude(pk=update.pk).first()
    theirs = evidence_add(
        task_update=other, user=world.users["bql"], document_number="9/KH", document_date=D(2025, 6, 2)
    )
    with pytest.raises(ValidationError, match="cùng nhiệm vụ"):
        evidence_add(
            task_update=update,
            user=world.users["bql"],
            document_number="10/KH",
            document_date=D(2025, 6, 2),
            corrects=theirs,
        )
