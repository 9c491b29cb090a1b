"""Import of the Board's enterprise spreadsheet (.xlsx): checked whole first, every problem
reported by sheet, row and column in Vietnamese, and written all-or-nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl.utils import get_column_letter

from dieuhanh.accounts.models import User
from dieuhanh.core.dates import DateError
from dieuhanh.core.spreadsheets import (
    Limits,
    SafeWorkbook,
    append_row,
    cell_date,
    cell_text,
    new_workbook,
    open_workbook,
    workbook_bytes,
)
from dieuhanh.zones.models import Enterprise, Ownership, Size, Zone
from dieuhanh.zones.services import (
    ContactInput,
    EnterpriseInput,
    ProjectInput,
    enterprise_errors,
    enterprise_upsert,
    project_errors,
    project_upsert,
)
from dieuhanh.zones.validators import parse_amount, validate_tax_code

ENTERPRISE_SHEET = "Doanh nghiệp"
PROJECT_SHEET = "Dự án"
ENTERPRISE_COLUMNS = (
    "Mã số thuế",
    "Tên doanh nghiệp",
    "Khu công nghiệp",
    "Mã ngành VSIC",
    "Loại hình (FDI/Trong nước)",
    "Quốc gia nhà đầu tư",
    "Quy mô (Siêu nhỏ/Nhỏ/Vừa/Lớn)",
    "Tổng số lao động",
    "Lao động nước ngoài",
    "Địa chỉ",
    "Người liên hệ",
    "Điện thoại",
    "Thư điện tử",
)
PROJECT_COLUMNS = (
    "Mã số thuế",
    "Tên dự án",
    "Số GCNĐKĐT",
    "Ngày cấp",
    "Vốn đăng ký (đồng)",
    "Vốn đăng ký (USD)",
    "Vốn đã giải ngân (đồng)",
    "Vốn đã giải ngân (USD)",
)
GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
OWNERSHIP = {"fdi": Ownership.FDI, "trong nước": Ownership.DOMESTIC, "trong nuoc": Ownership.DOMESTIC}
SIZES = {"siêu nhỏ": Size.MICRO, "nhỏ": Size.SMALL, "vừa": Size.MEDIUM, "lớn": Size.LARGE}
# Which enterprise field each column's message belongs to, to point at the right cell.
FIELD_COLUMN = {"tax_code": 0, "name": 1, "vsic": 3, "ownership": 4, "investor_country": 5, "size": 6}
FIELD_COLUMN |= {"workers": 7, "foreign_workers": 8}
# A registry of some thousand enterprises and their projects, hidden sheets counted.
LIMITS = Limits(file_bytes=5 * 1024 * 1024, rows=50_000, cells=300_000)


@dataclass(frozen=True)
class ImportResult:
    enterprises: int
    projects: int


class Errors(list[str]):
    def add(self, sheet: str, row: int, col: int, columns: tuple[str, ...], message: str) -> None:
        self.append(
            f"Trang “{sheet}”, dòng {row}, cột {get_column_letter(col + 1)} ({columns[col]}): {message}"
        )


def _text(value: Any) -> str:
    return cell_text(value).strip()


MAX_COUNT = 10_000_000  # far above any enterprise's workforce; keeps the column's integer safe


def _count(value: Any, add: Callable[[str], None]) -> int:
    """A head count: a whole number cell, or text like "1.250" (dots group thousands)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        shown = f"{value:g}".replace(".", ",")
        if not float(value).is_integer() or value < 0:
            add(f"“{shown}” không phải số nguyên không âm.")
            return 0
        number = int(value)
    else:
        text = _text(value)
        if not text:
            return 0
        shown = text
        if not (text.isdigit() or GROUPED.match(text)):
            add(f"“{text}” không phải số nguyên không âm.")
            return 0
        number = int(text.replace(".", "")) if len(text) <= 12 else MAX_COUNT + 1
    if number > MAX_COUNT:
        add(f"“{shown}” lớn bất thường (tối đa {MAX_COUNT:,}).".replace(",", "."))
        return 0
    return number


def _rows(
    workbook: SafeWorkbook, sheet: str, columns: tuple[str, ...], errors: Errors
) -> list[tuple[int, tuple]]:  # type: ignore[type-arg]
    if sheet not in workbook.sheetnames:
        return []
    rows = workbook.rows(sheet)
    first = next(rows, None)
    header = [_text(c) for c in first[1]] if first and first[0] == 1 else []
    for i, name in enumerate(columns):
        if i >= len(header) or header[i].casefold() != name.casefold():
            found = header[i] if i < len(header) else "trống"
            errors.append(
                f"Trang “{sheet}”, dòng 1, cột {get_column_letter(i + 1)}: tiêu đề phải là “{name}”, "
                f"tệp đang ghi “{found}”. Hãy dùng tệp mẫu."
            )
            return []
    out = []
    for number, row in rows:
        cells = tuple(row[: len(columns)]) + (None,) * (len(columns) - len(row))
        if any(_text(c) for c in cells):
            out.append((number, cells))
    return out


def _enterprise_input(
    number: int, cells: tuple, zones: dict[str, Zone], errors: Errors
) -> EnterpriseInput | None:  # type: ignore[type-arg]
    def add(col: int) -> Callable[[str], None]:
        return lambda msg: errors.add(ENTERPRISE_SHEET, number, col, ENTERPRISE_COLUMNS, msg)

    before = len(errors)
    zone_text = _text(cells[2])
    zone = zones.get(zone_text.casefold())
    if zone_text and zone is None:
        add(2)(f"không có khu công nghiệp “{zone_text}” trong danh mục (ghi mã hoặc tên đúng như danh mục).")
    ownership = OWNERSHIP.get(_text(cells[4]).casefold())
    if ownership is None:
        add(4)(f"“{_text(cells[4])}” không hợp lệ; ghi “FDI” hoặc “Trong nước”.")
    size = SIZES.get(_text(cells[6]).casefold() or "nhỏ")
    if size is None:
        add(6)(f"“{_text(cells[6])}” không hợp lệ; ghi Siêu nhỏ, Nhỏ, Vừa hoặc Lớn.")
    data = EnterpriseInput(
        tax_code=_text(cells[0]),
        name=_text(cells[1]),
        vsic=_text(cells[3]),
        ownership=ownership or Ownership.DOMESTIC,
        zone=zone,
        investor_country=_text(cells[5]),
        size=size or Size.SMALL,
        workers=_count(cells[7], add(7)),
        foreign_workers=_count(cells[8], add(8)),
        address=_text(cells[9]),
        contacts=[
            ContactInput(
                full_name=_text(cells[10]), phone=_text(cells[11]), email=_text(cells[12]), is_primary=True
            )
        ]
        if _text(cells[10])
        else [],
    )
    for field, messages in enterprise_errors(data).items():
        if field == "ownership" and ownership is None:
            continue
        for message in messages:
            add(FIELD_COLUMN.get(field, 0))(message)
    return data if len(errors) == before else None


def _date(value: Any, add: Callable[[str], None]) -> dt.date | None:
    try:
        return cell_date(value)
    except DateError as exc:
        add(str(exc))
        return None


def _project_input(
    number: int, cells: tuple, known: set[str], errors: Errors
) -> tuple[str, ProjectInput] | None:  # type: ignore[type-arg]
    def add(col: int) -> Callable[[str], None]:
        return lambda msg: errors.add(PROJECT_SHEET, number, col, PROJECT_COLUMNS, msg)

    before = len(errors)
    try:
        tax_code = validate_tax_code(_text(cells[0]))
        if tax_code not in known:
            add(0)(
                f"doanh nghiệp mã số thuế {tax_code} chưa có trong danh mục hoặc trang “{ENTERPRISE_SHEET}”."
            )
    except ValidationError as exc:
        add(0)(exc.messages[0])
        tax_code = ""
    amounts = []
    for col in range(4, 8):
        try:
            currency = "VND" if "đồng" in PROJECT_COLUMNS[col] else "USD"
            amounts.append(parse_amount(cells[col], label="Số tiền", currency=currency))
        except ValidationError as exc:
            add(col)(exc.messages[0].removeprefix("Số tiền: "))
            amounts.append(None)
    data = ProjectInput(
        name=_text(cells[1]),
        certificate_number=_text(cells[2]),
        certificate_date=_date(cells[3], add(3)),
        registered_vnd=amounts[0],
        registered_usd=amounts[1],
        disbursed_vnd=amounts[2],
        disbursed_usd=amounts[3],
    )
    if len(errors) == before:
        for message in project_errors(data):
            add(4)(message)
    return (tax_code, data) if len(errors) == before else None


def _zones_by_key() -> dict[str, Zone]:
    zones: dict[str, Zone] = {}
    for z in Zone.objects.all():
        zones[z.code.casefold()] = z
        zones[z.name.casefold()] = z
    return zones


def enterprises_import(*, file: IO[bytes], filename: str, user: User) -> ImportResult:
    """Check the whole workbook; write nothing unless every row is right."""
    workbook = open_workbook(file, filename, LIMITS)
    try:
        return _import(workbook, filename, user)
    finally:
        workbook.close()


def _import(workbook: SafeWorkbook, filename: str, user: User) -> ImportResult:
    errors = Errors()
    if ENTERPRISE_SHEET not in workbook.sheetnames:
        raise ValidationError(f"Tệp “{filename}” thiếu trang “{ENTERPRISE_SHEET}”. Hãy dùng tệp mẫu.")
    zones = _zones_by_key()
    enterprises: list[EnterpriseInput] = []
    seen: dict[str, int] = {}
    for number, cells in _rows(workbook, ENTERPRISE_SHEET, ENTERPRISE_COLUMNS, errors):
        data = _enterprise_input(number, cells, zones, errors)
        if data is None:
            continue
        code = validate_tax_code(data.tax_code)
        if code in seen:
            errors.add(
                ENTERPRISE_SHEET,
                number,
                0,
                ENTERPRISE_COLUMNS,
                f"mã số thuế {code} trùng với dòng {seen[code]}.",
            )
        seen[code] = number
        enterprises.append(data)
    known = set(seen) | set(Enterprise.objects.values_list("tax_code", flat=True))
    projects = [
        p
        for number, cells in _rows(workbook, PROJECT_SHEET, PROJECT_COLUMNS, errors)
        if (p := _project_input(number, cells, known, errors)) is not None
    ]
    if errors:
        raise ValidationError(errors)
    if not enterprises and not projects:
        raise ValidationError(f"Tệp “{filename}” không có dòng dữ liệu nào.")
    return _write(enterprises, projects, user)


@transaction.atomic
def _write(
    enterprises: list[EnterpriseInput], projects: list[tuple[str, ProjectInput]], user: User
) -> ImportResult:
    for data in enterprises:
        enterprise_upsert(data=data, user=user)
    by_code = {e.tax_code: e for e in Enterprise.objects.filter(tax_code__in={c for c, _ in projects})}
    for code, project in projects:
        project_upsert(enterprise=by_code[code], data=project, user=user)
    return ImportResult(enterprises=len(enterprises), projects=len(projects))


def import_template() -> bytes:
    wb, ws = new_workbook(ENTERPRISE_SHEET)
    append_row(ws, ENTERPRISE_COLUMNS)
    append_row(
        ws,
        [
            "0100109106",
            "Công ty TNHH Ví dụ",
            "dai-an",
            "2610",
            "FDI",
            "Nhật Bản",
            "Vừa",
            250,
            4,
            "Lô A1",
            "Nguyễn Văn A",
        ],
    )
    projects = wb.create_sheet(PROJECT_SHEET)
    append_row(projects, PROJECT_COLUMNS)
    append_row(
        projects,
        ["0100109106", "Nhà máy linh kiện", "1234567890", "30/06/2025", "", "12.000.000", "", "8.500.000"],
    )
    for sheet in (ws, projects):
        for col in range(1, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 22
    return workbook_bytes(wb)
