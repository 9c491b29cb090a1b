"""Evidence files: only the formats agencies exchange, checked by content as well as name,
and of a bounded size."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from dieuhanh.accounts.models import User
from dieuhanh.core.packages import check_package
from dieuhanh.core.text import format_number
from dieuhanh.reporting.models import Evidence, TaskUpdate
from dieuhanh.reporting.selectors import reporting_units_for
from dieuhanh.reporting.services import lock_report

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls
ZIP = b"PK\x03\x04"  # .docx / .xlsx
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".doc": (OLE,),
    ".xls": (OLE,),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
ALLOWED = ", ".join(ext.lstrip(".").upper() for ext in SIGNATURES)


def check_evidence_file(upload: UploadedFile) -> str:
    """The one check of kept evidence files (reports, evaluations): type by name and content,
    size, and a bounded package for Word/Excel; returns the extension."""
    name = upload.name or "tệp"
    ext = PurePath(name).suffix.lower()
    if ext not in SIGNATURES:
        raise ValidationError(f"Tệp “{name}”: chỉ nhận {ALLOWED}.")
    if upload.size and upload.size > MAX_EVIDENCE_BYTES:
        size_mb = format_number(round(upload.size / 1024 / 1024, 1), 1)
        raise ValidationError(f"Tệp “{name}” nặng {size_mb} MB, vượt giới hạn 20 MB.")
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(SIGNATURES[ext]):
        kind = ext.lstrip(".").upper()
        raise ValidationError(
            f"Tệp “{name}” không phải tệp {kind} hợp lệ (nội dung không khớp với đuôi tệp)."
        )
    if ext in (".docx", ".xlsx"):
        # Kept files are opened by others later: refuse a package that unpacks without bound.
        check_package(upload.file, label=f"Tệp “{name}”")  # type: ignore[arg-type]
    return ext


@transaction.atomic
def evidence_add(
    *,
    task_update: TaskUpdate,
    user: User,
    upload: UploadedFile | None = None,
    document_number: str = "",
    document_date: dt.date | None = None,
    description: str = "",
    corrects: Evidence | None = None,
) -> Evidence:
    """Attach evidence to a task's update; with `corrects`, as the correction of an earlier
    piece of the same task (which stays, marked as corrected)."""
    # Lock and re-read the report inside this transaction: a submission that won the race
    # is seen here, so evidence never lands on a submitted report.
    report = lock_report(task_update.report_id)
    if report.unit not in reporting_units_for(user=user, period=report.period):
        raise PermissionDenied("Bạn không được thêm minh chứng vào báo cáo của đơn vị khác.")
    if not report.is_editable_by_reporter:
        raise ValidationError("Báo cáo đã gửi hoặc đã duyệt: không thể thêm minh chứng.")
    if upload is None and not document_number.strip():
        raise ValidationError("Hãy chọn tệp minh chứng hoặc nhập số, ngày của văn bản đã ban hành.")
    if document_number.strip() and document_date is None:
        raise ValidationError("Văn bản minh chứng cần có ngày ban hành (dd/mm/yyyy).")
    if corrects is not None and corrects.task_update.task_id != task_update.task_id:
        raise ValidationError("Chỉ đính chính được minh chứng của cùng nhiệm vụ.")
    if corrects is not None and corrects.task_update.report.unit_id != report.unit_id:
        raise PermissionDenied("Bạn không được đính chính minh chứng của đơn vị khác.")
    evidence = Evidence(
        task_update=task_update,
        uploaded_by=user,
        corrects=corrects,
        document_number=document_number.strip(),
        document_date=document_date,
        description=description.strip(),
    )
    if upload is not None:
        check_evidence_file(upload)
        evidence.original_name = upload.name or ""
        evidence.content_type = upload.content_type or ""
        evidence.size = upload.size or 0
        evidence.file.save(evidence.original_name, upload, save=False)
    evidence.save()
    return evidence
