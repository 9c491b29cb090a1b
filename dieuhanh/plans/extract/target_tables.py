"""Targets in an annex table, "DANH MỤC CÁC CHỈ TIÊU CỤ THỂ":

    TT | Chỉ tiêu | Đơn vị | Kết quả (or Mục tiêu) | Cơ quan chủ trì theo dõi, đánh giá
    I  | Đến năm 2030                                       ← a horizon row
    1  | Xếp hạng chỉ số GII | Thứ hạng | ≤ 3 Đông Nam Á; ≤ 50 Thế giới | Bộ KH&CN

One target per value: a row holding two values ("≤ 3 Đông Nam Á; ≤ 50 Thế giới") gives two.
A rank is comparator `top` with unit `rank`; a share is "%", "% GRDP" or "% budget".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dieuhanh.core.text import fold
from dieuhanh.plans.extract.drafts import TargetDraft
from dieuhanh.plans.extract.targets import NUMBER, heading_year, to_number

_NAME = ("chi tieu", "ten chi tieu", "noi dung chi tieu", "noi dung")
_VALUE = ("ket qua", "muc tieu", "gia tri", "chi tieu nam", "chi tieu den", "dat duoc", "den nam")
_UNIT = ("don vi tinh", "don vi", "dvt")
_MONITOR = ("co quan", "chu tri", "theo doi", "don vi chu tri")
_NUMBER_COLUMN = ("tt", "stt", "so tt", "so thu tu")
_ROMAN = re.compile(r"^(?:[IVXL]{1,6}|[A-H])\.?$")
_YEAR = re.compile(r"\b((?:20|21)\d\d)\b")
_NUM = re.compile(NUMBER)
_RANK_WORDS = (
    "dong nam a", "the gioi", "chau a", "asean", "khu vuc", "ca nuoc", "toan quoc", "dan dau",
    "xep hang", "thu hang", "hang ", "top", "nhom", "thu ",
)  # fmt: skip
_COUNT_UNITS = (
    "doanh nghiep", "san pham", "nguoi", "to chuc", "nhiem vu", "so luong", "bai bao", "bang",
    "don", "phong thi nghiem", "trung tam", "co so", "mo hinh", "de tai", "du an", "cong trinh",
    "sang che", "startup", "xa", "ho", "dich vu", "nen tang", "ung dung", "he thong", "cai",
)  # fmt: skip


@dataclass
class _Columns:
    number: int | None
    name: int
    unit: int | None
    monitor: int | None
    values: list[tuple[int, int | None]]  # (column, the year its header names)


def _key(cell: str) -> str:
    return " ".join(fold(cell).replace("/", " ").replace(",", " ").split())


def _columns(row: list[str]) -> _Columns | None:
    number = name = unit = monitor = None
    values: list[tuple[int, int | None]] = []
    for i, cell in enumerate(row):
        key = _key(cell)
        if not key or len(key) > 90:
            continue
        if key.strip(" .") in _NUMBER_COLUMN and number is None:
            number = i
        elif any(w in key for w in _MONITOR) and monitor is None:
            monitor = i
        elif any(key.startswith(w) for w in _UNIT) and unit is None:
            unit = i
        elif any(w in key for w in _VALUE) or re.fullmatch(r"(?:nam\s+)?(?:20|21)\d\d", key):
            year = _YEAR.search(key)
            values.append((i, int(year.group(1)) if year else None))
        elif any(key.startswith(w) for w in _NAME) and name is None:
            name = i
    if name is None or not values or (unit is None and monitor is None):
        return None
    return _Columns(number, name, unit, monitor, values)


def _find_header(rows: list[list[str]]) -> tuple[int, _Columns] | None:
    for i, row in enumerate(rows[:4]):
        if cols := _columns(row):
            return i, cols
    return None


def is_target_table(rows: list[list[str]]) -> bool:
    return _find_header(rows) is not None


def _cell(row: list[str], index: int | None) -> str:
    return " ".join(row[index].split()) if index is not None and index < len(row) else ""


def read_target_table(rows: list[list[str]], *, horizon: int | None, where: str) -> list[TargetDraft]:
    """Every target of the table; `horizon` is the year the text before the table names."""
    found = _find_header(rows)
    if found is None:
        return []
    start, cols = found
    out: list[TargetDraft] = []
    header = [" ".join(c.split()) for c in rows[start]]
    for n, row in enumerate(rows[start + 1 :], start=start + 2):
        if [" ".join(c.split()) for c in row] == header:
            continue  # the header repeated on the next page
        number, name = _cell(row, cols.number), _cell(row, cols.name)
        # A horizon row merged across the table repeats its text in every column it spans.
        values = [(v if v != name else "", year) for v, year in ((_cell(row, i), y) for i, y in cols.values)]
        if not any(v for v, _ in values):
            # "I | Đến năm 2030": a horizon row; "II | Khoa học, công nghệ": a group of targets.
            year = heading_year(name) or heading_year(number)
            if year and (not number or _ROMAN.match(number) or not name[:1].isdigit()):
                horizon = year
            continue
        if not name:
            continue
        unit = _cell(row, cols.unit)
        monitor = _cell(row, cols.monitor) or None
        for cell, year in values:
            for part in _parts(cell):
                target = _target(name, unit, part, horizon=year or horizon, where=f"{where}, dòng {n}")
                if target is not None:
                    target.monitor = monitor
                    out.append(target)
    return out


def _parts(cell: str) -> list[str]:
    return [p.strip(" .") for p in re.split(r"\s*(?:;|\n)\s*", cell) if p.strip(" .")]


_CMP = (
    (">=", ("≥", ">=", "toi thieu", "it nhat", "tu ", "khong duoi", "khong thap hon")),
    ("<=", ("≤", "<=", "toi da", "khong qua", "khong vuot qua")),
    (">", (">", "tren ", "hon ", "vuot ")),
    ("<", ("<", "duoi ")),
)


def _target(name: str, unit: str, part: str, *, horizon: int | None, where: str) -> TargetDraft | None:
    match = next((m for m in _NUM.finditer(part) if not _is_year(part, m)), None)
    if match is None:
        return None
    value = to_number(match["num"])
    before, after = part[: match.start()], part[match.end() :]
    folded_part, folded_unit, folded_name = fold(part) + " ", _key(unit), fold(name)
    shown = part if not unit or fold(unit) in fold(part) or _unit_hidden(unit) else _with_unit(part, unit)
    text = f"{name}: {shown}"
    rank = any(w in folded_part for w in _RANK_WORDS) or any(
        w in f"{folded_unit} " for w in ("hang", "thu hang", "xep hang")
    )
    if rank and "%" not in part:
        return TargetDraft(text, "top", _plain(value), "rank", horizon, source=where)
    comparator = "="
    folded_before, folded_after = fold(before) + " ", fold(after)
    for symbol, cues in _CMP:
        if any(c in folded_before for c in cues):
            comparator = symbol
            break
    if "tro len" in folded_after:
        comparator = ">="
    elif "tro xuong" in folded_after:
        comparator = "<="
    return TargetDraft(text, comparator, _plain(value), _unit(part, unit, folded_name), horizon, source=where)


def _unit_hidden(unit: str) -> bool:
    # "Thứ hạng" says nothing the value does not ("≤ 3 Đông Nam Á").
    return _key(unit) in {"thu hang", "xep hang", "hang"}


def _with_unit(part: str, unit: str) -> str:
    return (
        f"{part}{unit}" if unit.startswith("%") and part[-1:].isdigit() and unit == "%" else f"{part} {unit}"
    )


def _is_year(text: str, match: re.Match[str]) -> bool:
    raw = match["num"]
    return len(raw) == 4 and raw[:2] in {"19", "20", "21"} and "%" not in text[match.end() : match.end() + 2]


def _plain(value: float) -> float | int:
    return int(value) if value.is_integer() else value


def _unit(part: str, unit: str, folded_name: str) -> str | None:
    folded_unit = _key(unit)
    if "%" in part or "%" in unit or folded_unit.startswith("phan tram"):
        where = f"{folded_unit} {fold(part)} {folded_name}"
        if "gdp" in where or "grdp" in where:
            return "% GRDP"
        if "ngan sach" in where:
            return "% budget"
        return "%"
    if folded_unit.startswith(("chi so", "diem")):
        return "index"
    if any(folded_unit.startswith(w) for w in _COUNT_UNITS):
        return "count"
    return None
