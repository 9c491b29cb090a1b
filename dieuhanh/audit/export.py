"""The audit log as CSV (UTF-8 with BOM, so Excel opens it with its diacritics) or XLSX."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Font

from dieuhanh.audit.selectors import AuditEntry
from dieuhanh.core.spreadsheets import append_row, csv_bytes, new_workbook, workbook_bytes

HEADER = (
    "Thời điểm",
    "Người thực hiện",
    "Tài khoản",
    "Địa chỉ IP",
    "Loại hồ sơ",
    "Mã hồ sơ",
    "Hồ sơ",
    "Thao tác",
    "Nội dung thay đổi",
)


def _row(e: AuditEntry) -> list[str]:
    at = e.at.strftime("%d/%m/%Y %H:%M:%S")
    return [at, e.user, e.username, e.ip_address, e.kind, e.object_id, e.object, e.action, e.changes]


def audit_csv(entries: Sequence[AuditEntry]) -> bytes:
    # The shared writer: a logged text that starts like a formula ("=…", "+…") is never
    # evaluated by the spreadsheet that opens the export.
    return csv_bytes([HEADER, *(_row(e) for e in entries)])


def audit_xlsx(entries: Sequence[AuditEntry], *, title: str) -> bytes:
    wb, ws = new_workbook("Nhật ký")
    ws.append([title])
    ws["A1"].font = Font(bold=True)
    ws.append(list(HEADER))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for e in entries:
        append_row(ws, _row(e))  # logged text stays text, whatever it starts with
    for column, width in zip("ABCDEFGHI", (20, 24, 14, 16, 24, 10, 40, 10, 80), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A3"
    return workbook_bytes(wb)
