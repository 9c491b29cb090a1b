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
_DATE_LINE = re.compile(r"(?:^|\|)\s*(?P<place>[^\d|,]{2,40}),\s*ngày\b", _I)
# Centrally-governed cities: their bodies are "… thành phố Hải Phòng", not "… tỉnh".
CITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}
KINDS = {
    "KẾ HOẠCH HÀNH ĐỘNG": "plan",
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


def read_document(
    lines: list[str], *, title_end: int = 40, bold: list[bool] | None = None
) -> tuple[DocumentDraft, list[str]]:
    """The document draft from the first lines, and warnings about what was left blank.
    `bold` says which lines are set in bold (Word), where the title sits under the kind."""
    warnings: list[str] = []
    doc = DocumentDraft()
    left, right, marks = header_lines(lines[:title_end], bold or [])
    head = left + right
    doc.number = _number(head, warnings)
    doc.date = _date(right + left, warnings)
    place = _place(right + left)
    doc.kind, doc.title = _title(lines[:title_end], marks, place)
    doc.issuer, doc.issuer_alias = _issuer(lines[:80], left, place)
    if doc.issuer is None:
        warnings.append("Không xác định được cơ quan ban hành; hãy nhập khi rà soát.")
    return doc, warnings


# The national motto and the Party's name in the header's right column, and the rules under them.
_MOTTO = re.compile(
    r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI(?:\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM)?|CHỦ\s+NGHĨA\s+VIỆT\s+NAM|"
    r"Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM",
    _I,
)
_RULE = re.compile(r"^[\s\-–—_*=.]*$")


def header_lines(lines: list[str], bold: list[bool]) -> tuple[list[str], list[str], list[bool]]:
    """The header's left column (issuer, "Số: …") and right column (motto, place and date),
    whether it was a two-column table, "A | B" lines or stacked lines; and, for every line of
    `lines`, whether it is bold."""
    left: list[str] = []
    right: list[str] = []
    for line in lines:
        cells = [c.strip() for c in line.split("|")] if "|" in line else [line]
        for i, cell in enumerate(cells):
            for piece in _MOTTO.split(cell):
                piece = piece.strip(" |")
                if piece and not _RULE.match(piece):
                    (left if i == 0 else right).append(piece)
    marks = [bold[i] if i < len(bold) else False for i in range(len(lines))]
    return left, right, marks


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


def _title(lines: list[str], bold: list[bool], place: str | None) -> tuple[str | None, str | None]:
    """The kind ("KẾ HOẠCH") and the title under it: the bold lines that follow (Word), the
    capitalised lines that follow (text), or the one line that follows."""
    for i, line in enumerate(lines):
        upper = line.strip().rstrip(".:")
        for word, kind in KINDS.items():
            if upper == word or upper.startswith(word + " "):
                rest = upper[len(word) :].strip()
                if rest and not rest.isupper():
                    return kind, f"{_sentence_case(word)} {_lower_first(rest)}"
                parts = [rest] if rest else []
                for j in range(i + 1, min(i + 8, len(lines))):
                    nxt = lines[j].strip()
                    if not nxt or _RULE.match(nxt):
                        if parts:
                            break
                        continue
                    follows = bold[j] if any(bold) else nxt.isupper()
                    if parts and (not follows or nxt in lines[:i]):
                        break  # the opening paragraph, or the issuer's name again ("CHÍNH PHỦ")
                    parts.append(nxt)
                    if not follows:
                        break
                if not parts:
                    return kind, None
                text = " ".join(" ".join(parts).split())
                if text.isupper():
                    text = caps_to_text(text, place)
                return kind, f"{_sentence_case(word)} {_lower_first(text)}".strip()
    return None, None


def _place(lines: list[str]) -> str | None:
    """ "Bắc Ninh, ngày 11 tháng 8 năm 2025" → "Bắc Ninh"."""
    for line in lines:
        if match := _DATE_LINE.search(line):
            place = re.sub(r"^(?:TP\.?|Thành\s+phố|Tp\.?)\s*", "", match["place"].strip(), flags=_I)
            return " ".join(place.split()) or None
    return None


def _issuer(lines: list[str], left: list[str], place: str | None) -> tuple[str | None, str | None]:
    """The header's name when there is one ("ỦY BAN NHÂN DÂN / TỈNH HẢI DƯƠNG"), else the name
    the opening paragraph gives; the short name in brackets is kept as an alias. A local body
    named without its place ("ỦY BAN NHÂN DÂN" over "Số: …") takes the place of the date line."""
    intro, alias = None, None
    for line in lines:
        matches = list(_INTRO_ISSUER.finditer(line))
        if matches:
            match = matches[-1]
            alias = match["alias"].strip(" *") if match["alias"] else None
            intro = " ".join(match["issuer"].split())
            break
    header = _header_name(left)
    if header and place and _LOCAL_BODY.match(fold(header)) and not _HAS_PLACE.search(fold(header)):
        level = "thành phố" if fold(place) in CITIES else "tỉnh"
        header = f"{header} {level} {place}"
    return (header or intro), alias


_LOCAL_BODY = re.compile(r"^(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)$")
_HAS_PLACE = re.compile(r"\b(?:tinh|thanh pho|huyen|xa|phuong|quan|thi xa)\b")


def _header_name(head: list[str]) -> str | None:
    names: list[str] = []
    for line in head:
        line = line.strip().strip("*").strip()
        if _HEADER_STOP.match(line) or line in KINDS or _DATE_LINE.search(line):
            break
        if not (line and line.isupper() and len(line) < 120):
            continue
        # "TỈNH HẢI DƯƠNG" under "ỦY BAN NHÂN DÂN" ends that name; under "UBND TỈNH" a new
        # line names the issuing body itself ("SỞ KHOA HỌC VÀ CÔNG NGHỆ"). A Party header
        # reads "ĐẢNG BỘ TỈNH X" over "BAN CHẤP HÀNH": the body is "Ban Chấp hành Đảng bộ tỉnh X".
        if names and re.match(r"^(?:TỈNH|THÀNH PHỐ|HUYỆN|XÃ|PHƯỜNG|QUẬN|THỊ XÃ)\b", line):
            names[-1] = f"{names[-1]} {line}"
        elif names and names[-1].startswith("ĐẢNG BỘ") and line.startswith("BAN "):
            names[-1] = f"{line} {names[-1]}"
        else:
            names.append(line)
    return org_case(names[-1]) if names else None


# Capitalised as Vietnamese writes them, whatever the case they were typed in.
_PROPER = (
    ("ban chấp hành trung ương", "Ban Chấp hành Trung ương"),
    ("ban chấp hành", "Ban Chấp hành"),
    ("ban thường vụ", "Ban Thường vụ"),
    ("ban chỉ đạo", "Ban Chỉ đạo"),
    ("ban quản lý", "Ban Quản lý"),
    ("bộ chính trị", "Bộ Chính trị"),
    ("ban bí thư", "Ban Bí thư"),
    ("đảng bộ", "Đảng bộ"),
    ("đảng ủy", "Đảng ủy"),
    ("tỉnh ủy", "Tỉnh ủy"),
    ("thành ủy", "Thành ủy"),
    ("huyện ủy", "Huyện ủy"),
    ("thủ tướng chính phủ", "Thủ tướng Chính phủ"),
    ("chính phủ", "Chính phủ"),
    ("quốc hội", "Quốc hội"),
    ("trung ương", "Trung ương"),
    ("mặt trận tổ quốc", "Mặt trận Tổ quốc"),
    ("việt nam", "Việt Nam"),
    ("đảng", "Đảng"),
)
_ADMIN = {"tỉnh", "huyện", "xã", "phường", "quận"}


def org_case(text: str) -> str:
    """ "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH HẢI DƯƠNG" → "Ban Quản lý các khu công nghiệp tỉnh
    Hải Dương"; "SỞ KHOA HỌC VÀ CÔNG NGHỆ" → "Sở Khoa học và Công nghệ"; "BAN CHẤP HÀNH ĐẢNG BỘ
    TỈNH NGHỆ AN" → "Ban Chấp hành Đảng bộ tỉnh Nghệ An"; "CHÍNH PHỦ" → "Chính phủ"."""
    words = text.lower().split()
    out: list[str] = []
    capital, place = True, False
    for i, word in enumerate(words):
        out.append(word[:1].upper() + word[1:] if capital or place else word)
        if word in _ADMIN or (word == "phố" and i and words[i - 1] == "thành"):
            out[-1], place = word, True
            if word == "phố":
                out[-2] = "thành"
        capital = word in {"và", "sở", "bộ", "cục"} or (i == 0 and word in {"ban", "ủy", "uỷ", "văn"})
    name = _proper(" ".join(out))
    for short, full in (("Ubnd", "UBND"), ("Hđnd", "HĐND"), ("Ủy Ban", "Ủy ban"), ("Uỷ Ban", "Uỷ ban")):
        name = name.replace(short, full)
    name = name[:1].upper() + name[1:]
    return re.sub(r", (\w)", lambda m: ", " + m.group(1).upper(), name)


def _proper(text: str) -> str:
    for low, proper in _PROPER:
        text = re.sub(rf"(?<!\w){low}(?!\w)", proper, text, flags=_I)
    return text


_DOCUMENT_WORDS = re.compile(
    r"(?<!\w)(nghị quyết|chỉ thị|kết luận|quyết định|luật|chương trình hành động|kế hoạch hành động|"
    r"kế hoạch|chương trình|thông báo|nghị định)(?=\s+(?:số|\d))"
    r"|(?<!\w)(chương trình hành động|kế hoạch hành động)(?=\s+của\b)",
)


def caps_to_text(text: str, place: str | None = None) -> str:
    """A title typed in capitals, in the case Vietnamese prints it: "TRIỂN KHAI NGHỊ QUYẾT SỐ
    57-NQ/TW … CỦA BỘ CHÍNH TRỊ … TRÊN ĐỊA BÀN TỈNH BẮC NINH" → "triển khai Nghị quyết số
    57-NQ/TW … của Bộ Chính trị … trên địa bàn tỉnh Bắc Ninh". Symbols keep their capitals."""
    words = [w if any(ch.isdigit() for ch in w) else w.lower() for w in text.split()]
    low = " ".join(words)
    low = _DOCUMENT_WORDS.sub(lambda m: m.group(0)[:1].upper() + m.group(0)[1:], low)
    low = _proper(low)
    places = [place] if place else []
    for name in places:
        low = re.sub(rf"(?<!\w){re.escape(name.lower())}(?!\w)", name, low)
    # "… tỉnh nghệ an" at the very end: the place the plan is for.
    low = re.sub(
        r"(\b(?:tỉnh|thành phố|huyện|xã|phường)\s+)((?:\w+\s*){1,3})$",
        lambda m: m.group(1) + " ".join(w[:1].upper() + w[1:] for w in m.group(2).split()),
        low,
    )
    return low


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
