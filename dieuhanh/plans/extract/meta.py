"""The document's own facts: number, date, issuer, title; and its reporting rule.

Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) put them in fixed places: the
issuer and "Số: 726/KH-UBND" top left, "Hải Dương, ngày 20 tháng 02 năm 2025" top right, the
kind in capitals ("KẾ HOẠCH") over the title, and often "…, <issuer> (<short name>) ban hành
Kế hoạch…" in the opening paragraph.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dieuhanh.core.text import fold
from dieuhanh.plans.extract.clauses import ORG
from dieuhanh.plans.extract.drafts import DocumentDraft, ReportingRule

_I = re.IGNORECASE
_NUMBER = re.compile(r"^\s*Số\s*[:.]?\s*(?P<num>[\w.\-]*\s*/\s*[\wĐđ.\-/]+)", _I)
_DATE = re.compile(
    r"ngày\s+(?P<d>\d{1,2})?\s*(?:tháng\s+)?(?:/\s*)?(?P<m>\d{1,2})\s*(?:năm|/)\s*(?P<y>(?:19|20)\d\d)", _I
)
_DATE_LINE = re.compile(r"^[^\d]{2,40},\s*ngày\b", _I)
KINDS = {
    "KẾ HOẠCH": "plan",
    "CHƯƠNG TRÌNH HÀNH ĐỘNG": "programme",
    "CHƯƠNG TRÌNH": "programme",
    "NGHỊ QUYẾT": "resolution",
    "QUYẾT ĐỊNH": "decision",
    "ĐỀ ÁN": "other",
}
_INTRO_ISSUER = re.compile(
    r"(?:^|[,;.]\s+)(?P<issuer>" + ORG + r"\b[^,;()]{2,140}?)\s*(?:\((?P<alias>[^()]{2,60})\)\s*)?"
    r"(?:xây\s+dựng\s+và\s+)?ban\s+hành\s+(?:Kế\s+hoạch|Chương\s+trình|Quyết\s+định|Đề\s+án)",
)
_HEADER_STOP = re.compile(r"^(?:CỘNG\s+HÒA|CỘNG\s+HOÀ|Độc\s+lập|Số\s*[:.]?)", _I)


def read_document(lines: list[str], *, title_end: int = 40) -> tuple[DocumentDraft, list[str]]:
    """The document draft from the first lines, and warnings about what was left blank."""
    warnings: list[str] = []
    doc = DocumentDraft()
    head = lines[:title_end]
    doc.number = _number(head, warnings)
    doc.date = _date(head, warnings)
    doc.kind, doc.title = _title(head)
    doc.issuer, doc.issuer_alias = _issuer(lines[:80], head)
    if doc.issuer is None:
        warnings.append("Không xác định được cơ quan ban hành; hãy nhập khi rà soát.")
    return doc, warnings


def _number(head: list[str], warnings: list[str]) -> str | None:
    for line in head:
        if match := _NUMBER.match(line):
            number = match["num"].replace(" ", "").rstrip(".")
            if number.startswith("/"):
                warnings.append(f"Số văn bản để trống (“{line.strip()}”): chưa có số, ký hiệu đầy đủ.")
                return None
            return number
    return None


def _date(head: list[str], warnings: list[str]) -> dt.date | None:
    for line in head:
        if not (_DATE_LINE.search(line) or line.lower().startswith("ngày")):
            continue
        match = _DATE.search(line)
        if not match:
            continue
        year, month = int(match["y"]), int(match["m"])
        if not 1 <= month <= 12:
            continue
        if match["d"] is None:
            last = calendar.monthrange(year, month)[1]
            warnings.append(
                f"Ngày ban hành để trống (“{line.strip()}”): "
                f"tạm lấy ngày cuối tháng {last:02d}/{month:02d}/{year}."
            )
            return dt.date(year, month, last)
        try:
            return dt.date(year, month, int(match["d"]))
        except ValueError:
            warnings.append(f"Ngày ban hành không hợp lệ: “{line.strip()}”.")
            return None
    return None


def _title(head: list[str]) -> tuple[str | None, str | None]:
    for i, line in enumerate(head):
        upper = line.strip().rstrip(".:")
        for word, kind in KINDS.items():
            if upper == word or (upper.startswith(word + " ") and upper[len(word) + 1 :][:1].isupper()):
                rest = upper[len(word) :].strip()
                if rest and not rest.isupper():
                    return kind, f"{_sentence_case(word)} {_lower_first(rest)}"
                nxt = head[i + 1].strip() if i + 1 < len(head) else ""
                return kind, f"{_sentence_case(word)} {_lower_first(nxt)}".strip() if nxt else None
    return None, None


def _issuer(lines: list[str], head: list[str]) -> tuple[str | None, str | None]:
    """The header's name when there is one ("ỦY BAN NHÂN DÂN / TỈNH HẢI DƯƠNG"), else the name
    the opening paragraph gives; the short name in brackets is kept as an alias."""
    intro, alias = None, None
    for line in lines:
        matches = list(_INTRO_ISSUER.finditer(line))
        if matches:
            match = matches[-1]
            alias = match["alias"].strip(" *") if match["alias"] else None
            intro = " ".join(match["issuer"].split())
            break
    header = _header_name(head)
    return (header or intro), alias


def _header_name(head: list[str]) -> str | None:
    names: list[str] = []
    for line in head:
        line = line.strip()
        if _HEADER_STOP.match(line) or line in KINDS:
            break
        if not (line and line.isupper() and len(line) < 120):
            continue
        # "TỈNH HẢI DƯƠNG" under "ỦY BAN NHÂN DÂN" ends that name; under "UBND TỈNH" a new
        # line names the issuing body itself ("SỞ KHOA HỌC VÀ CÔNG NGHỆ").
        if names and re.match(r"^(?:TỈNH|THÀNH PHỐ|HUYỆN|XÃ|PHƯỜNG|QUẬN|THỊ XÃ)\b", line):
            names[-1] = f"{names[-1]} {line}"
        else:
            names.append(line)
    return org_case(names[-1]) if names else None


def org_case(text: str) -> str:
    """ "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH HẢI DƯƠNG" → "Ban Quản lý các khu công nghiệp tỉnh
    Hải Dương"; "SỞ KHOA HỌC VÀ CÔNG NGHỆ" → "Sở Khoa học và Công nghệ"."""
    words = text.lower().split()
    out: list[str] = []
    capital, place = True, False
    for i, word in enumerate(words):
        out.append(word[:1].upper() + word[1:] if capital or place else word)
        if word in {"tỉnh", "huyện", "xã", "phường", "quận"} or (word == "phố" and words[i - 1] == "thành"):
            out[-1], place = word, True
        capital = word in {"và", "sở", "bộ"} or (i == 0 and word in {"ban", "ủy", "uỷ", "văn"})
    name = " ".join(out)
    for short, full in (("Ubnd", "UBND"), ("Ủy Ban", "Ủy ban"), ("Uỷ Ban", "Uỷ ban")):
        name = name.replace(short, full)
    return re.sub(r", (\w)", lambda m: ", " + m.group(1).upper(), name)


def _sentence_case(word: str) -> str:
    return word[:1] + word[1:].lower()


def _lower_first(text: str) -> str:
    # "Thực hiện Nghị quyết …" → "thực hiện Nghị quyết …"; acronyms ("UBND") stay.
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


# --- the reporting rule -----------------------------------------------------------------

_MONTHLY_DAY = re.compile(
    r"ngày\s+(?P<d>\d{1,2})\s+(?:h[ằà]ng\s+tháng|của\s+(?:mỗi|các)\s+tháng|mỗi\s+tháng)", _I
)
_FREQUENCIES = (
    ("monthly", re.compile(r"h[ằà]ng\s+tháng|định\s+kỳ\s+tháng|mỗi\s+tháng|báo\s+cáo\s+tháng", _I)),
    ("quarterly", re.compile(r"h[ằà]ng\s+quý|định\s+kỳ\s+(?:hằng\s+)?quý|mỗi\s+quý|báo\s+cáo\s+quý", _I)),
    ("half-yearly", re.compile(r"(?:6|sáu)\s+tháng|nửa\s+năm", _I)),
    ("yearly", re.compile(r"h[ằà]ng\s+năm|định\s+kỳ\s+năm|báo\s+cáo\s+năm", _I)),
)
_TO = re.compile(
    r"gửi\s+(?:về\s+)?(?P<to>" + ORG + r"\b[^,.;()]*?)(?=\s+(?:trước|vào|chậm|định|để|theo|h[ằà]ng|qua|trong|"
    r"tổng\s+hợp|trên)\b|[,.;()]|$)"
)


def reporting_rule(lines: list[str]) -> ReportingRule | None:
    """The first rule a "báo cáo … định kỳ / hằng tháng" sentence states."""
    for line in lines:
        if "báo cáo" not in line.lower():
            continue
        day_match = _MONTHLY_DAY.search(line)
        frequency = "monthly" if day_match else _frequency(line)
        if frequency is None or not ("định kỳ" in line.lower() or day_match or "gửi" in line.lower()):
            continue
        to = _TO.search(line)
        return ReportingRule(
            frequency=frequency,
            day=int(day_match["d"]) if day_match else _day(line),
            to=" ".join(to["to"].split()) if to else None,
        )
    return None


def _frequency(line: str) -> str | None:
    for name, pattern in _FREQUENCIES:
        if pattern.search(line):
            return name
    return None


def _day(line: str) -> int | None:
    match = re.search(r"(?:trước|vào)\s+ngày\s+(\d{1,2})(?![/\d])", line, _I)
    return int(match.group(1)) if match else None


def folded_has(line: str, *words: str) -> bool:
    folded = fold(line)
    return any(w in folded for w in words)
