"""The report as an Excel workbook, for filling in offline, and reading it back.

The workbook carries the report's id and the version it was made from (in a hidden sheet),
so an upload of a stale or foreign file is refused rather than overwriting newer work.
Every text is written as text (core.spreadsheets), so a re-upload of the downloaded file
reads back exactly what was downloaded. Reading goes through the same bounded reader as
every upload (no formula, no bloat); it checks every row and column and reports every
mistake at once; nothing is saved unless the whole file is right."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.core.exceptions import ValidationError
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dieuhanh.core.dates import DateError
from dieuhanh.core.spreadsheets import (
    Limits,
    SafeWorkbook,
    cell_date,
    cell_number,
    cell_text,
    new_workbook,
    open_workbook,
    workbook_bytes,
    write_cell,
)
from dieuhanh.indicators.validation import value_problems
from dieuhanh.reporting.models import Report, TaskProgress
from dieuhanh.reporting.services import IndicatorValueInput, ReportInput, TaskUpdateInput

SHEET, META, INDICATORS, LISTS = "Báo cáo", "_meta", "Chỉ số", "_danh_muc"
# A report is a few hundred rows; anything much larger is not a report of ours.
LIMITS = Limits(file_bytes=5 * 1024 * 1024, package_bytes=20 * 1024 * 1024, rows=5_000, cells=50_000)
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
    write_cell(ws, 1, 1, f"BÁO CÁO {report.period.label.upper()} — {report.unit.name.upper()}")
    ws["A1"].font = Font(bold=True, size=13)
    write_cell(
        ws,
        2,
        1,
        f"Số liệu từ {report.period.starts_on:%d/%m/%Y} đến {report.period.ends_on:%d/%m/%Y}; "
        f"hạn gửi {report.period.due_on:%d/%m/%Y}.",
    )
    write_cell(
        ws,
        3,
        1,
        "Điền cột Tình hình (chọn trong danh sách), Tiến độ (0–100), Ngày hoàn thành (dd/mm/yyyy), Kết quả; "
        "không sửa cột Mã nhiệm vụ, không dùng công thức. Tải tệp lên tại trang báo cáo.",
    )
    write_cell(ws, 4, 1, f"Tệp lập từ phiên bản {report.version} của báo cáo.")


def _task_rows(ws: Worksheet, report: Report) -> int:
    for col, (name, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
        cell = write_cell(ws, HEADER_ROW, col, name)
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
            write_cell(ws, row, col, value).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    _progress_choices(ws, row)
    return row


def _progress_choices(ws: Worksheet, end: int) -> None:
    """The drop-down of column D. Its list lives in a hidden sheet: a list typed into the
    validation itself is split on commas, and one of the labels has a comma."""
    wb = ws.parent
    lists = wb.create_sheet(LISTS)
    for r, label in enumerate(PROGRESS_BY_LABEL, start=1):
        write_cell(lists, r, 1, label)
    lists.sheet_state = "hidden"
    source = f"{quote_sheetname(LISTS)}!$A$1:$A${len(PROGRESS_BY_LABEL)}"
    choices = DataValidation(type="list", formula1=source, allow_blank=False)
    choices.error = "Hãy chọn một tình hình trong danh sách."
    choices.errorTitle = "Tình hình không hợp lệ"
    ws.add_data_validation(choices)
    choices.add(f"D{FIRST_ROW}:D{max(end - 1, FIRST_ROW)}")


def _summary(ws: Worksheet, report: Report, row: int) -> None:
    for offset, (field, label) in enumerate(SUMMARY):
        write_cell(ws, row + 1 + offset, 1, label).font = BOLD
        write_cell(ws, row + 1 + offset, 2, getattr(report, field)).alignment = Alignment(
            wrap_text=True, vertical="top"
        )


def _indicator_sheet(wb: Workbook, report: Report) -> None:
    rows = list(report.indicator_values.select_related("indicator"))
    if not rows:
        return
    ws = wb.create_sheet(INDICATORS)
    for col, (name, width) in enumerate(zip(INDICATOR_COLUMNS, (14, 60, 14, 16, 40), strict=True), start=1):
        cell = write_cell(ws, 1, col, name)
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
            write_cell(ws, r, col, value)


def report_workbook(report: Report) -> bytes:
    wb, ws = new_workbook(SHEET)
    _title(ws, report)
    _summary(ws, report, _task_rows(ws, report))
    _indicator_sheet(wb, report)
    meta = wb.create_sheet(META)
    for r, (key, value) in enumerate((("report_id", report.pk), ("version", report.version)), start=1):
        write_cell(meta, r, 1, key)
        write_cell(meta, r, 2, value)
    meta.sheet_state = "hidden"
    return workbook_bytes(wb)


# --- reading it back ---------------------------------------------------------------------


def _check_meta(book: SafeWorkbook, report: Report, name: str) -> int:
    if SHEET not in book.sheetnames or META not in book.sheetnames:
        raise ValidationError(f"Tệp “{name}” không phải mẫu báo cáo của hệ thống (thiếu trang “{SHEET}”).")
    meta = {cells[0]: cells[1] if len(cells) > 1 else None for _, cells in book.rows(META)}
    if meta.get("report_id") != report.pk:
        raise ValidationError(f"Tệp “{name}” là của một báo cáo khác, không phải {report}.")
    version = meta.get("version")
    if not isinstance(version, int):
        raise ValidationError(f"Tệp “{name}”: trang ẩn “{META}” đã bị sửa; hãy tải lại tệp từ trang báo cáo.")
    return version


def _cell_date(value: Any, where: str) -> dt.date | None:
    try:
        return cell_date(value)
    except DateError as exc:
        raise ValidationError(f"{where}: {exc}") from None


def _cell_percent(value: Any, where: str) -> int:
    if value in (None, ""):
        return 0
    number = cell_number(value)
    if number is None:
        raise ValidationError(f"{where}: “{cell_text(value)}” không phải là số (nhập từ 0 đến 100).")
    if not number.is_integer() or not 0 <= number <= 100:
        raise ValidationError(f"{where}: tiến độ phải là số nguyên từ 0 đến 100, không phải “{value}”.")
    return int(number)


def _read_row(row: int, cells: tuple[Any, ...], task_ids: dict[str, int]) -> TaskUpdateInput:
    code, _, _, progress, percent, completed, result = (list(cells) + [None] * 7)[:7]
    at = f"Dòng {row}"
    code_text = cell_text(code).strip()
    if not code_text:
        raise ValidationError(f"{at}, cột A (Mã nhiệm vụ): thiếu mã nhiệm vụ; không xoá hay sửa cột này.")
    if code_text not in task_ids:
        raise ValidationError(
            f"{at}, cột A (Mã nhiệm vụ): “{code_text}” không phải nhiệm vụ của báo cáo này."
        )
    errors: list[str] = []
    value = PROGRESS_BY_LABEL.get(cell_text(progress).strip())
    if value is None:
        errors.append(f"{at}, cột D (Tình hình): “{cell_text(progress)}” không có trong danh sách.")
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
        task_id=task_ids[code_text], progress=value or "", result=cell_text(result), **parsed
    )


def _read_tasks(
    rows: list[tuple[int, tuple[Any, ...]]], report: Report, errors: list[str]
) -> tuple[list[TaskUpdateInput], int]:
    """The task table: from the first row under the header to the first empty row."""
    task_ids = {u.task.code: u.task_id for u in report.task_updates.select_related("task")}
    labels = {label for _, label in SUMMARY}
    updates: list[TaskUpdateInput] = []
    seen: dict[int, int] = {}
    expected = FIRST_ROW
    for number, cells in rows:
        if number < FIRST_ROW:
            continue
        if number != expected or cell_text(cells[0]).strip() in labels:
            return updates, number  # an empty row (rows() skips them) or the summary ends the table
        expected += 1
        try:
            update = _read_row(number, cells, task_ids)
        except ValidationError as exc:
            errors += exc.messages
            continue
        if update.task_id in seen:
            errors.append(
                f"Dòng {number}, cột A (Mã nhiệm vụ): nhiệm vụ đã có ở dòng {seen[update.task_id]}."
            )
        seen[update.task_id] = number
        updates.append(update)
    return updates, expected


def _read_summary(rows: list[tuple[int, tuple[Any, ...]]], start: int) -> dict[str, str]:
    labels = {label: field for field, label in SUMMARY}
    out = {field: "" for field, _ in SUMMARY}
    for number, cells in rows:
        label = cell_text(cells[0]).strip()
        if number >= start and label in labels:
            out[labels[label]] = cell_text(cells[1] if len(cells) > 1 else None)
    return out


def parse_report_workbook(upload: IO[bytes], name: str, report: Report) -> tuple[int, ReportInput]:
    """(the version the file was made from, the report's content) — or every mistake at once."""
    book = open_workbook(upload, name, LIMITS)
    try:
        version = _check_meta(book, report, name)
        rows = list(book.rows(SHEET))
        errors: list[str] = []
        updates, end = _read_tasks(rows, report, errors)
        indicator_values = _read_indicators(book, report, errors)
    finally:
        book.close()
    if errors:
        raise ValidationError(errors)
    return version, ReportInput(
        updates=updates, indicator_values=indicator_values, **_read_summary(rows, end)
    )


def _read_indicators(book: SafeWorkbook, report: Report, errors: list[str]) -> list[IndicatorValueInput]:
    if INDICATORS not in book.sheetnames:
        return []
    rows = {v.indicator.code: v for v in report.indicator_values.select_related("indicator")}
    out: list[IndicatorValueInput] = []
    for row, cells in book.rows(INDICATORS, min_row=2):
        code, _, _, value, comment = (list(cells) + [None] * 5)[:5]
        code_text = cell_text(code).strip()
        at = f"Trang “{INDICATORS}”, dòng {row}"
        if code_text not in rows:
            errors.append(f"{at}, cột A (Mã chỉ số): “{code_text}” không phải chỉ số của báo cáo này.")
            continue
        number = cell_number(value)
        if value not in (None, "") and number is None:
            errors.append(f"{at}, cột D (Giá trị): “{cell_text(value)}” không phải là số.")
            continue
        problems = value_problems(rows[code_text].indicator, number)
        if problems:
            errors.append(f"{at}, cột D (Giá trị): " + "; ".join(problems) + ".")
            continue
        out.append(
            IndicatorValueInput(
                indicator_id=rows[code_text].indicator_id, value=number, comment=cell_text(comment)
            )
        )
    return out
