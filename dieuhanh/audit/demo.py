"""The demo's audit material: evidence files attached to accepted reports (what a backup must
carry), and a correction — Sở KH&CN revises one figure an agency reported and that was accepted,
as a new value that corrects the old one (which stays, shown as corrected)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from dieuhanh.accounts.models import Role, User
from dieuhanh.indicators.models import DataValue, Source
from dieuhanh.indicators.services import data_value_record
from dieuhanh.reporting.models import Evidence, ReportStatus, TaskProgress, TaskUpdate

EVIDENCE_REPORTS = 40
NOTE = "Đính chính sau rà soát của Sở KH&CN (Công văn số 215/SKHCN-QLKH, dữ liệu mẫu)"


def demo_pdf(title: str) -> bytes:
    """A one-page PDF saying `title` (ASCII), valid enough for any reader."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 56 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _evidence_load() -> int:
    """One minutes-of-acceptance PDF on a done task of each of the latest accepted reports."""
    updates = (
        TaskUpdate.objects.filter(report__status=ReportStatus.ACCEPTED, progress=TaskProgress.DONE)
        .select_related("task", "report__period", "report__unit", "report__submitted_by")
        .order_by("-report__period__due_on", "report__unit__name", "task__code")
    )
    done: set[int] = set(Evidence.objects.values_list("task_update__report_id", flat=True))
    made = 0
    for update in updates:
        report = update.report
        if report.pk in done or len(done) >= EVIDENCE_REPORTS:
            continue
        name = f"bien-ban-nghiem-thu-{update.task.code}.pdf"
        title = f"Bien ban nghiem thu nhiem vu {update.task.code} - {report.period.label} (du lieu mau)"
        data = demo_pdf(title)
        evidence = Evidence(
            task_update=update,
            uploaded_by=report.submitted_by,
            original_name=name,
            content_type="application/pdf",
            size=len(data),
            description="Biên bản nghiệm thu kết quả (dữ liệu mẫu)",
        )
        evidence.file.save(name, ContentFile(data), save=False)
        evidence._history_user = report.submitted_by  # type: ignore[attr-defined]  # who uploaded it
        evidence.save()
        done.add(report.pk)
        made += 1
    return made


@transaction.atomic
def audit_load_demo() -> dict[str, int]:
    evidence = {"Minh chứng (mẫu)": _evidence_load() or Evidence.objects.count()}
    return evidence | _correction_load()


def _correction_load() -> dict[str, int]:
    if DataValue.objects.filter(source=Source.REPORT, corrects__isnull=False).exists():
        return {"Số liệu được đính chính (mẫu)": 1}
    original = (
        DataValue.objects.filter(source=Source.REPORT, is_current=True, value__gt=1)
        .exclude(indicator__unit_of_measure="%")
        .select_related("indicator", "unit")
        .order_by("-period", "indicator__order", "unit__name")
        .first()
    )
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    if original is None:
        return {"Số liệu được đính chính (mẫu)": 0}
    data_value_record(
        indicator=original.indicator,
        unit=original.unit,
        period=original.period,
        value=original.value - 1,
        source=Source.REPORT,
        user=admin,
        disaggregation=original.disaggregation,
        comment=NOTE,
        source_ref=original.source_ref,
    )
    return {"Số liệu được đính chính (mẫu)": 1}
