"""The report as an Excel workbook, for filling in offline, and reading it back.

The workbook carries the report's id and the version it was made from (in a hidden sheet),
so an upload of a stale or foreign file is refused rather than overwriting newer work.
Reading checks every row and column and reports every mistake at once; nothing is saved
unless the whole file is right."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import IO, Any

from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dieuhanh.core.text import parse_vi_number
from dieuhanh.reporting.models import Report, TaskProgress
from dieuhanh.reporting.services import IndicatorValueInput, ReportInput, TaskUpdateInput

SHEET, META, INDICATORS = "Báo cáo", "_meta", "Chỉ số"
INDICATOR_COLUMNS = ("Mã chỉ số", "Tên chỉ số", "Đơn vị tính", "Giá trị", "Ghi chú")
HEADER_ROW, FIRST_ROW = 6, 7
COLUMNS = (
    "Mã nhiệm vụ",
    "Nội dung nhiệm vụ",
    "Thời hạn",
    "Tình hình",
    "Tiến độ (%)",
    "Ngày hoàn thành",
    "Kết quả đạt được",
)
WIDTHS = (14, 60, 24, 30, 11, 16, 60)
SUMMARY = (
    ("highlights", "Kết quả nổi bật trong kỳ"),
    ("difficulties", "Khó khăn, vướng mắc"),
    ("proposals", "Đề xuất, kiến nghị"),
)
PROGRESS_BY_LABEL = {label: value for value, label in TaskProgress.choices}
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DCE9F7")


def _title(ws: Worksheet, report: Report) -> None:
    ws["A1"] = f"BÁO CÁO {report.period.label.upper()} — {report.unit.name.upper()}"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = (
        f"Số liệu từ {report.period.starts_on:%d/%m/%Y} đến {report.period.ends_on:%d/%m/%Y}; "
        f"hạn gửi {report.period.due_on:%d/%m/%Y}."
    )
    ws["A3"] = (
        "Điền cột Tình hình (chọn trong danh sách), Tiến độ (0–100), Ngày hoàn thành (dd/mm/yyyy), Kết quả; "
        "không sửa cột Mã nhiệm vụ. Tải tệp lên tại trang báo cáo."
    )
    ws["A4"] = f"Tệp lập từ phiên bản {report.version} của báo cáo."


def _task_rows(ws: Worksheet, report: Report) -> int:
    for col, (name, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
        cell = ws.cell(HEADER_ROW, col, name)
        cell.font, cell.fill = BOLD, HEAD_FILL
        ws.column_dimensions[get_column_letter(col)].width = width
    row = FIRST_ROW
    for update in report.task_updates.select_related("task"):
        values = (
            update.task.code,
            update.task.text,
            update.task.deadline_text,
            update.get_progress_display(),
            update.percent,
            update.completed_on.strftime("%d/%m/%Y") if update.completed_on else "",
            update.result,
        )
        for col, value in enumerate(values, start=1):
            ws.cell(row, col, value).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    choices = DataValidation(type="list", formula1='"' + ",".join(PROGRESS_BY_LABEL) + '"', allow_blank=False)
    ws.add_data_validation(choices)
    choices.add(f"D{FIRST_ROW}:D{max(row - 1, FIRST_ROW)}")
    return row


def _summary(ws: Worksheet, report: Report, row: int) -> None:
    for offset, (field, label) in enumerate(SUMMARY):
        ws.cell(row + 1 + offset, 1, label).font = BOLD
        ws.cell(row + 1 + offset, 2, getattr(report, field)).alignment = Alignment(
            wrap_text=True, vertical="top"
        )


def _indicator_sheet(wb: Workbook, report: Report) -> None:
    rows = list(report.indicator_values.select_related("indicator"))
    if not rows:
        return
    ws = wb.create_sheet(INDICATORS)
    for col, (name, width) in enumerate(zip(INDICATOR_COLUMNS, (14, 60, 14, 16, 40), strict=True), start=1):
        cell = ws.cell(1, col, name)
        cell.font, cell.fill = BOLD, HEAD_FILL
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, row in enumerate(rows, start=2):
        values = (
            row.indicator.code,
            row.indicator.name,
            row.indicator.unit_of_measure,
            row.value,
            row.comment,
        )
        for col, value in enumerate(values, start=1):
            ws.cell(r, col, value)


def report_workbook(report: Report) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    _title(ws, report)
    _summary(ws, report, _task_rows(ws, report))
    _indicator_sheet(wb, report)
    meta = wb.create_sheet(META)
    meta.append(["report_id", report.pk])
    meta.append(["version", report.version])
    meta.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- reading it back ---------------------------------------------------------------------


def _open(upload: IO[bytes], name: str) -> Any:
    if not name.lower().endswith(".xlsx"):
        raise ValidationError(
            f"Tệp “{name}” không phải Excel .xlsx; hãy dùng tệp đã tải xuống từ trang báo cáo."
        )
    try:
        return load_workbook(upload, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError(f"Không đọc được tệp “{name}”: tệp hỏng hoặc không phải Excel .xlsx.") from exc


def _check_meta(wb: Any, report: Report, name: str) -> int:
    if SHEET not in wb.sheetnames or META not in wb.sheetnames:
        raise ValidationError(f"Tệp “{name}” không phải mẫu báo cáo của hệ thống (thiếu trang “{SHEET}”).")
    meta = {row[0]: row[1] for row in wb[META].iter_rows(values_only=True) if row and row[0]}
    if meta.get("report_id") != report.pk:
        raise ValidationError(f"Tệp “{name}” là của một báo cáo khác, không phải {report}.")
    return int(meta.get("version") or 0)


def _cell_date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
    except ValueError:
        raise ValidationError(f"{where}: ngày “{value}” không hợp lệ, hãy nhập dd/mm/yyyy.") from None


def _cell_percent(value: Any, where: str) -> int:
    if value in (None, ""):
        return 0
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        raise ValidationError(f"{where}: “{value}” không phải là số (nhập từ 0 đến 100).") from None
    if not number.is_integer() or not 0 <= number <= 100:
        raise ValidationError(f"{where}: tiến độ phải là số nguyên từ 0 đến 100, không phải “{value}”.")
    return int(number)


def _read_row(row: int, cells: tuple[Any, ...], task_ids: dict[str, int]) -> TaskUpdateInput:
    code, _, _, progress, percent, completed, result = (list(cells) + [None] * 7)[:7]
    at = f"Dòng {row}"
    if str(code or "").strip() not in task_ids:
        raise ValidationError(f"{at}, cột A (Mã nhiệm vụ): “{code}” không phải nhiệm vụ của báo cáo này.")
    errors: list[str] = []
    value = PROGRESS_BY_LABEL.get(str(progress or "").strip())
    if value is None:
        errors.append(f"{at}, cột D (Tình hình): “{progress}” không có trong danh sách.")
    parsed: dict[str, Any] = {}
    for key, col, reader, raw in (
        ("percent", "E (Tiến độ)", _cell_percent, percent),
        ("completed_on", "F (Ngày hoàn thành)", _cell_date, completed),
    ):
        try:
            parsed[key] = reader(raw, f"{at}, cột {col}")
        except ValidationError as exc:
            errors += exc.messages
    if errors:
        raise ValidationError(errors)
    return TaskUpdateInput(
        task_id=task_ids[str(code).strip()], progress=value or "", result=str(result or ""), **parsed
    )


def _read_summary(ws: Worksheet, start: int) -> dict[str, str]:
    labels = {label: field for field, label in SUMMARY}
    out = {field: "" for field, _ in SUMMARY}
    for row in ws.iter_rows(min_row=start, values_only=True):
        if row and row[0] in labels:
            out[labels[row[0]]] = str(row[1] or "")
    return out


def parse_report_workbook(upload: IO[bytes], name: str, report: Report) -> tuple[int, ReportInput]:
    """(the version the file was made from, the report's content) — or every mistake at once."""
    wb = _open(upload, name)
    version = _check_meta(wb, report, name)
    ws = wb[SHEET]
    task_ids = {u.task.code: u.task_id for u in report.task_updates.select_related("task")}
    updates, errors, row = [], [], FIRST_ROW
    for row, cells in enumerate(ws.iter_rows(min_row=FIRST_ROW, values_only=True), start=FIRST_ROW):
        if not cells or cells[0] in (None, ""):
            break
        try:
            updates.append(_read_row(row, cells, task_ids))
        except ValidationError as exc:
            errors += exc.messages
    indicator_values = _read_indicators(wb, report, errors)
    if errors:
        raise ValidationError(errors)
    return version, ReportInput(updates=updates, indicator_values=indicator_values, **_read_summary(ws, row))


def _read_indicators(wb: Any, report: Report, errors: list[str]) -> list[IndicatorValueInput]:
    if INDICATORS not in wb.sheetnames:
        return []
    ids = {v.indicator.code: v.indicator_id for v in report.indicator_values.select_related("indicator")}
    out: list[IndicatorValueInput] = []
    for row, cells in enumerate(wb[INDICATORS].iter_rows(min_row=2, values_only=True), start=2):
        code, _, _, value, comment = (list(cells) + [None] * 5)[:5]
        if code in (None, ""):
            break
        at = f"Trang “{INDICATORS}”, dòng {row}"
        if code not in ids:
            errors.append(f"{at}, cột A (Mã chỉ số): “{code}” không phải chỉ số của báo cáo này.")
            continue
        number = value if isinstance(value, int | float) else parse_vi_number(str(value or ""))
        if value not in (None, "") and number is None:
            errors.append(f"{at}, cột D (Giá trị): “{value}” không phải là số.")
            continue
        out.append(
            IndicatorValueInput(
                indicator_id=ids[code],
                value=None if number is None else float(number),
                comment=str(comment or ""),
            )
        )
    return out
