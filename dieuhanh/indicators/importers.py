"""Imports of indicator values: CSV, Excel and DHIS2 dataValueSets JSON.

Every import is read whole, validated whole and applied all-or-nothing: one bad row and
nothing is saved; the user gets every problem with its row and column, in Vietnamese.

Columns (header names are matched without case or diacritics): DHIS2's own —
dataelement, period, orgunit, categoryoptioncombo, attributeoptioncombo, value, storedby,
timestamp, comment, followup — or ours — ma_chi_so, ma_don_vi, ky, gia_tri, phan_to, ghi_chu.
Values are read as DHIS2 writes them (1234.5) in DHIS2 files and as Vietnamese write them
(1.234,5) in our template.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_unit_scope
from dieuhanh.core.periods import Period, PeriodError
from dieuhanh.core.spreadsheets import Limits, SpreadsheetError, cell_text, open_workbook, read_csv
from dieuhanh.core.text import fold, parse_vi_number
from dieuhanh.indicators.models import CodeMapping, Indicator
from dieuhanh.indicators.services import ValueInput, data_values_apply, value_problem
from dieuhanh.indicators.validation import Candidate, value_problems, values_check
from dieuhanh.units.models import Unit

MAX_ROWS = 100_000
MAX_ERRORS = 200
# Up to MAX_ROWS rows of the seven columns above, hidden sheets counted.
LIMITS = Limits(file_bytes=5 * 1024 * 1024, rows=MAX_ROWS + 1, cells=500_000)
# DHIS2's built-in "default" category option combo: no disaggregation.
DEFAULT_COMBOS = {"", "default", "hllvx50cxc0"}
FIELDS = {
    "indicator": ("dataelement", "ma_chi_so", "chi_so"),
    "unit": ("orgunit", "ma_don_vi", "don_vi"),
    "period": ("period", "ky", "ky_so_lieu"),
    "value": ("value", "gia_tri"),
    "disaggregation": ("categoryoptioncombo", "phan_to"),
    "attribute": ("attributeoptioncombo",),
    "comment": ("comment", "ghi_chu"),
}
LABELS = {"indicator": "mã chỉ số", "unit": "mã đơn vị", "period": "kỳ", "value": "giá trị"}
MACHINE = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


@dataclass(frozen=True)
class RawRow:
    where: str  # "Dòng 3" or "Phần tử 1"
    data: dict[str, Any]


@dataclass
class ImportReport:
    total: int = 0
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    more_errors: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(ValueError):
    """The file as a whole cannot be read."""


# ---- reading --------------------------------------------------------------------------------


def rows_from_csv(content: bytes, name: str = "tệp.csv") -> tuple[list[RawRow], bool]:
    """Rows of a CSV file and whether it is DHIS2's layout (machine number format)."""
    try:
        return _rows_from_table(read_csv(content, name, LIMITS))
    except SpreadsheetError as exc:
        raise ImportFileError(_file_message(exc, name)) from None


def rows_from_xlsx(content: bytes, name: str = "tệp.xlsx") -> tuple[list[RawRow], bool]:
    """Rows of the workbook's first sheet; the whole workbook is checked (formulas, sizes)."""
    try:
        book = open_workbook(content, name, LIMITS)
        try:
            return _rows_from_table(book.rows(book.sheetnames[0]))
        finally:
            book.close()
    except SpreadsheetError as exc:
        raise ImportFileError(_file_message(exc, name)) from None


def _file_message(exc: SpreadsheetError, name: str) -> str:
    """The reader's messages, without the file name the page puts in front."""
    return " ".join(m.removeprefix(f"Tệp “{name}”: ") for m in exc.messages)


def rows_from_dhis2(payload: Any) -> list[RawRow]:
    """The `dataValues` of a DHIS2 dataValueSet (JSON already parsed)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("dataValues"), list):
        raise ImportFileError("Dữ liệu phải là một dataValueSet của DHIS2 có mảng “dataValues”.")
    rows = []
    for n, item in enumerate(payload["dataValues"], start=1):
        if not isinstance(item, dict):
            raise ImportFileError(f"Phần tử {n} của “dataValues” không phải một đối tượng.")
        data = {
            "indicator": item.get("dataElement"),
            "unit": item.get("orgUnit", payload.get("orgUnit")),
            "period": item.get("period", payload.get("period")),
            "value": item.get("value"),
            "disaggregation": item.get("categoryOptionCombo"),
            "attribute": item.get("attributeOptionCombo", payload.get("attributeOptionCombo")),
            "comment": item.get("comment"),
        }
        # A database holds no NUL and no lone UTF-16 surrogate: such characters are shown as "�",
        # and the row is then refused (or kept) by the usual checks, by element.
        data = {k: _storable(v) if isinstance(v, str) else v for k, v in data.items()}
        rows.append(RawRow(f"Phần tử {n}", data))
    return rows


def _storable(text: str) -> str:
    """Text a database can hold: NUL and lone UTF-16 surrogates (PostgreSQL refuses both) become "�"."""
    return "".join("\ufffd" if c == "\x00" or "\ud800" <= c <= "\udfff" else c for c in text)


def _rows_from_table(lines: Iterable[tuple[int, Sequence[Any]]]) -> tuple[list[RawRow], bool]:
    """`lines` are (row number, cells), empty rows already left out or kept as empty cells."""
    iterator = iter(lines)
    first = next(iterator, None)
    if first is None:
        raise ImportFileError("Tệp trống.")
    header = first[1]
    columns = _columns([str(h or "") for h in header])
    rows = []
    for n, line in iterator:
        cells = list(line)
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        data = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        rows.append(RawRow(f"Dòng {n}", data))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(f"Tệp có hơn {MAX_ROWS:,} dòng; hãy chia nhỏ tệp.".replace(",", "."))
    dhis2 = any(fold(str(h or "")).strip() == "dataelement" for h in header)
    return rows, dhis2


def _columns(header: list[str]) -> dict[str, int]:
    normalised = [re.sub(r"[\s\-]+", "_", fold(h).strip()) for h in header]
    found: dict[str, int] = {}
    for name, aliases in FIELDS.items():
        for i, h in enumerate(normalised):
            if h in aliases and name not in found:
                found[name] = i
    missing = [LABELS[n] for n in ("indicator", "unit", "period", "value") if n not in found]
    if missing:
        raise ImportFileError(
            "Thiếu cột: "
            + ", ".join(missing)
            + " (dòng tiêu đề cần có ví dụ ma_chi_so, ma_don_vi, ky, gia_tri "
            "hoặc dataelement, orgunit, period, value)."
        )
    return found


# ---- validating and applying ----------------------------------------------------------------


@dataclass
class _Lookups:
    indicators: dict[str, Indicator]
    units: dict[str, Unit]
    combos: dict[str, str]
    scope: set[int] | None
    today: dt.date
    # What a file repeats on every row is worked out once: a million rows name a few periods.
    periods: dict[str, Period | str] = field(default_factory=dict)  # text → period or problem
    period_rules: dict[tuple[int, str], str] = field(default_factory=dict)  # the regime's answer


def data_values_import(
    *, rows: list[RawRow], user: User, source: str, source_ref: str = "", machine_numbers: bool = True
) -> ImportReport:
    """Validate every row; if all are good, record them all (else record nothing)."""
    report = ImportReport(total=len(rows))
    if not rows:
        report.errors.append("Không có dòng số liệu nào.")
        return report
    lookups = _lookups(rows, user)
    items: list[tuple[RawRow, ValueInput]] = []
    seen: dict[tuple[int, int, str, str], str] = {}
    for row in rows:
        item = _validate(row, lookups, machine_numbers, report, seen)
        if item is not None:
            items.append((row, item))
    _check_pairs(items, report)
    if report.errors:
        return report
    result = data_values_apply(items=[i for _, i in items], source=source, user=user, source_ref=source_ref)
    report.created, report.updated = result.created, result.updated
    return report


def _check_pairs(items: list[tuple[RawRow, ValueInput]], report: ImportReport) -> None:
    """A part above its whole, within the file or against recorded values (validation.py)."""
    candidates = [
        Candidate(i.indicator, i.value, i.unit.pk, i.period.code, i.disaggregation) for _, i in items
    ]
    for (row, _), problems in zip(items, values_check(candidates), strict=True):
        if problems:
            _error(report, f"{row.where}: " + "; ".join(problems) + ".")


def _lookups(rows: list[RawRow], user: User) -> _Lookups:
    refs = {str(r.data.get("indicator") or "").strip() for r in rows}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=refs)}
    for i in Indicator.objects.filter(dhis2_id__in=refs).exclude(dhis2_id=""):
        indicators.setdefault(i.dhis2_id, i)
    unit_refs = {str(r.data.get("unit") or "").strip() for r in rows}
    units: dict[str, Unit] = {}
    for m in CodeMapping.objects.filter(kind=CodeMapping.Kind.UNIT, external_id__in=unit_refs).select_related(
        "unit"
    ):
        if m.unit is not None:
            units[m.external_id] = m.unit
    for u in Unit.objects.filter(code__in=unit_refs - set(units)):
        units[u.code] = u
    combo_rows = CodeMapping.objects.filter(kind=CodeMapping.Kind.DISAGGREGATION)
    combos = dict(combo_rows.values_list("external_id", "disaggregation"))
    return _Lookups(indicators, units, combos, user_unit_scope(user=user), timezone.localdate())


def _validate(
    row: RawRow, lk: _Lookups, machine: bool, report: ImportReport, seen: dict[tuple[int, int, str, str], str]
) -> ValueInput | None:
    problems: list[str] = []
    ind_ref = _text(row.data.get("indicator"))
    unit_ref = _text(row.data.get("unit"))
    indicator = lk.indicators.get(ind_ref)
    unit = lk.units.get(unit_ref)
    if not ind_ref:
        problems.append("thiếu mã chỉ số")
    elif indicator is None:
        problems.append(f"không tìm thấy chỉ số “{ind_ref}” (mã chỉ số hoặc mã DHIS2)")
    if not unit_ref:
        problems.append("thiếu mã đơn vị")
    elif unit is None:
        problems.append(f"không tìm thấy đơn vị “{unit_ref}” (mã đơn vị hoặc ánh xạ orgUnit)")
    elif lk.scope is not None and unit.pk not in lk.scope:
        problems.append(f"bạn không được nhập số liệu cho đơn vị “{unit.name}”")
    period = _period_of(row.data.get("period"), lk, problems)
    value = _number(row.data.get("value"), machine, problems)
    disaggregation = _disaggregation(row.data, lk, problems)
    if indicator is not None and period is not None:
        rule = (indicator.pk, period.code)
        if rule not in lk.period_rules:
            problem = value_problem(indicator=indicator, period=period, on=lk.today)
            lk.period_rules[rule] = problem[0].lower() + problem[1:].rstrip(".") if problem else ""
        if lk.period_rules[rule]:
            problems.append(lk.period_rules[rule])
    if indicator is not None and value is not None:
        problems += value_problems(indicator, value)
    if not problems and indicator and unit and period and value is not None:
        key = (indicator.pk, unit.pk, period.code, disaggregation)
        if key in seen:
            problems.append(f"trùng chỉ số, đơn vị, kỳ và phân tổ với {seen[key].lower()}")
        seen[key] = row.where
    if problems:
        _error(report, f"{row.where}: " + "; ".join(problems) + ".")
        return None
    assert indicator and unit and period and value is not None
    return ValueInput(indicator, unit, period, value, disaggregation, _text(row.data.get("comment"))[:500])


def _text(value: Any) -> str:
    return cell_text(value).strip()


def _period_of(raw: Any, lk: _Lookups, problems: list[str]) -> Period | None:
    """The row's period, parsed once per distinct text of the file."""
    text = _text(raw)
    if text not in lk.periods:
        found: list[str] = []
        lk.periods[text] = _period(text, found) or found[0]
    period = lk.periods[text]
    if isinstance(period, str):
        problems.append(period)
        return None
    return period


def _period(raw: Any, problems: list[str]) -> Period | None:
    text = _text(raw)
    if not text:
        problems.append("thiếu kỳ")
        return None
    try:
        return Period.parse(text)
    except PeriodError as exc:
        problems.append(str(exc)[0].lower() + str(exc)[1:].rstrip("."))
        return None


def _number(raw: Any, machine: bool, problems: list[str]) -> float | None:
    if isinstance(raw, bool):
        problems.append("giá trị phải là số")
        return None
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = _text(raw).replace(" ", "").replace("\u00a0", "")
        parsed = _parse_number(text, machine)
        if parsed is None:
            problems.append("thiếu giá trị" if not text else f"giá trị “{text}” không phải là số")
            return None
        number = parsed
    if not math.isfinite(number):
        problems.append("giá trị phải là số hữu hạn")
        return None
    return number


def _parse_number(text: str, machine: bool) -> float | None:
    if not text:
        return None
    if machine:
        return float(text) if MACHINE.match(text) else None
    return parse_vi_number(text)


def _disaggregation(data: dict[str, Any], lk: _Lookups, problems: list[str]) -> str:
    attribute = _text(data.get("attribute"))
    if attribute.lower() not in DEFAULT_COMBOS:
        problems.append(f"chưa hỗ trợ attributeOptionCombo “{attribute}” khác mặc định")
    combo = _text(data.get("disaggregation"))
    if combo.lower() in DEFAULT_COMBOS:
        return ""
    return lk.combos.get(combo, combo)[:80]


def _error(report: ImportReport, message: str) -> None:
    if len(report.errors) < MAX_ERRORS:
        report.errors.append(message)
    else:
        report.more_errors += 1
