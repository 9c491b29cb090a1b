"""Quantified targets in a plan's "Chỉ tiêu" / "Mục tiêu" section.

A target is a clause with a number and what it is compared with: "đạt 12% trở lên" (≥),
"trên 40%" (>), "phấn đấu đạt 0,8" (=), "thuộc nhóm 20 địa phương dẫn đầu" (top 20),
"ít nhất 01 tổ chức" (≥ 1). The horizon is the year the clause or its heading names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dieuhanh.plans.extract.drafts import TargetDraft

_I = re.IGNORECASE
# "1.717.420", "0,8", "12", "01"; not part of "5G", "06/CP", "2025-2030".
NUMBER = r"(?<![\w/.,-])(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\w/]|[.,]\d)"
_GTE = r"(?:từ|ít\s+nhất|tối\s+thiểu|không\s+dưới|không\s+thấp\s+hơn)\s+"
_GT = r"(?:trên|hơn|vượt|cao\s+hơn)\s+"
_LTE = r"(?:không\s+quá|tối\s+đa|không\s+vượt\s+quá|không\s+cao\s+hơn|dưới\s+hoặc\s+bằng)\s+"
_LT = r"(?:dưới|thấp\s+hơn|ít\s+hơn)\s+"
_CMP = rf"(?:(?P<gte>{_GTE})|(?P<lte>{_LTE})|(?P<gt>{_GT})|(?P<lt>{_LT}))?"
_PERCENT = re.compile(
    _CMP + NUMBER + r"\s*%(?P<of>\s*(?:GRDP|GDP|tổng\s+chi\s+ngân\s+sách|chi\s+ngân\s+sách|ngân\s+sách))?"
    r"(?P<up>\s+trở\s+lên)?(?P<down>\s+trở\s+xuống)?",
    _I,
)
_TOP = re.compile(
    r"(?:nhóm|top|tốp)\s+(?P<num>\d{1,3})\s+(?:[^\d,.;]{0,40}?\s)?(?:dẫn\s+đầu|đứng\s+đầu|hàng\s+đầu|cao\s+nhất|"
    r"tốt\s+nhất)|(?:top|tốp)\s+(?P<num2>\d{1,3})\b",
    _I,
)
_INDEX = re.compile(
    r"(?:đạt|là|lên|mức)\s+" + _CMP + NUMBER + r"(?!\s*(?:%|năm|tháng|ngày))(?=\s*(?:[,;.)]|$))", _I
)
_COUNT = re.compile(
    r"(?:(?P<gte>ít\s+nhất|tối\s+thiểu|từ)|(?P<gt>trên|hơn)|(?P<lte>tối\s+đa|không\s+quá)|tại|có|đạt|thu\s+hút|"
    r"xây\s+dựng|hình\s+thành|phát\s+triển|thành\s+lập|công\s+nhận)\s+"
    + NUMBER
    + r"\s+(?P<noun>[a-zà-ỹđ][\wà-ỹđ]*)",
    _I,
)
_COVERAGE = re.compile(
    r"(?:phủ\s+sóng|phủ\s+kín|bao\s+phủ)\b[^,;.]{0,40}?\btoàn\s+(?:tỉnh|thành\s+phố|quốc)", _I
)
_YEAR_AFTER = re.compile(r"^[^;.]{0,50}?\b(?:vào\s+|đến\s+|trong\s+)?năm\s+(?P<y>(?:20|21)\d\d)\b", _I)
_YEAR_IN = re.compile(r"\b(?:đến|vào|trong|tới)\s+năm\s+(?P<y>(?:20|21)\d\d)\b", _I)
_RANGE_END = re.compile(r"(?:19|20)\d\d\s*[-–]\s*(?P<y>(?:20|21)\d\d)")
_NOT_COUNT = {"năm", "tháng", "ngày", "giờ", "lần", "bước", "g", "nội", "số"}


@dataclass
class _Hit:
    start: int
    end: int
    comparator: str
    value: float | None
    unit: str | None


def to_number(raw: str) -> float:
    """ "1.717.420" → 1717420, "0,8" → 0.8, "01" → 1 (Vietnamese separators)."""
    return float(raw.replace(".", "").replace(",", "."))


def _value(number: float) -> float | int:
    return int(number) if number.is_integer() else number


def _comparator(match: re.Match[str], *, up: bool = False, down: bool = False) -> str:
    groups = match.groupdict()
    if groups.get("gte") or up:
        return ">="
    if groups.get("lte") or down:
        return "<="
    if groups.get("gt"):
        return ">"
    if groups.get("lt"):
        return "<"
    return "="


def _percent_unit(of: str | None) -> str:
    if not of:
        return "%"
    return "% GRDP" if "dp" in of.lower() else "% budget"


def _hits(clause: str) -> list[_Hit]:
    hits: list[_Hit] = []
    for m in _TOP.finditer(clause):
        hits.append(_Hit(m.start(), m.end(), "top", float(m["num"] or m["num2"]), "rank"))
    for m in _PERCENT.finditer(clause):
        cmp = _comparator(m, up=bool(m["up"]), down=bool(m["down"]))
        hits.append(_Hit(m.start(), m.end(), cmp, to_number(m["num"]), _percent_unit(m["of"])))
    for m in _INDEX.finditer(clause):
        unit = "index" if "chỉ số" in clause.lower() else None
        hits.append(_Hit(m.start(), m.end(), _comparator(m), to_number(m["num"]), unit))
    for m in _COUNT.finditer(clause):
        if m["noun"].lower() not in _NOT_COUNT and not _is_year(m["num"]):
            hits.append(_Hit(m.start(), m.end(), _comparator(m), to_number(m["num"]), "count"))
    if m2 := _COVERAGE.search(clause):
        hits.append(_Hit(m2.start(), m2.end(), "=", 100.0, "%"))
    return _without_overlaps(hits)


def _is_year(raw: str) -> bool:
    return len(raw) == 4 and raw[:2] in {"19", "20", "21"}


def _without_overlaps(hits: list[_Hit]) -> list[_Hit]:
    kept: list[_Hit] = []
    for hit in hits:  # earlier kinds win: a rank or a percentage before a bare number
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)


_CLAUSE_SPLIT = re.compile(r"\s*;\s*|(?<=[^.])\.\s+(?=[A-ZĐ\"“])|\s+-\s+(?=[A-ZĐ])|,\s+(?=trong\s+đó\b)")


def clauses(paragraph: str) -> list[str]:
    return [c.strip(" .;") for c in _CLAUSE_SPLIT.split(paragraph) if c and c.strip(" .;")]


def targets_in(paragraph: str, *, horizon: int | None, where: str = "") -> list[TargetDraft]:
    """Every quantified target in a paragraph of the targets section."""
    found: list[TargetDraft] = []
    for clause in clauses(paragraph):
        for hit in _hits(clause):
            year = _horizon(clause, hit.end, default=horizon)
            value = _value(hit.value) if hit.value is not None else None
            found.append(TargetDraft(clause, hit.comparator, value, hit.unit, year, source=where))
    return found


def _horizon(clause: str, after: int, *, default: int | None) -> int | None:
    if match := _YEAR_AFTER.search(clause[after:]):
        return int(match["y"])
    if default is not None:
        return default
    if match := _YEAR_IN.search(clause):
        return int(match["y"])
    match = _RANGE_END.search(clause)
    return int(match["y"]) if match else None


_HEADING_YEAR = re.compile(
    r"(?:đến|tới|vào|trong)?\s*(?:năm|giai\s+đoạn)\s+(?:(?:19|20)\d\d\s*[-–]\s*)?(?P<y>(?:20|21)\d\d)", _I
)


def heading_year(text: str) -> int | None:
    """ "Đến năm 2030" → 2030; "Giai đoạn 2026-2030" → 2030."""
    match = _HEADING_YEAR.search(text)
    return int(match["y"]) if match else None
