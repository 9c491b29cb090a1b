"""Pieces of a task's sentence: the trailing deadline clause, the role cue, unit names,
labelled fields ("Cơ quan chủ trì: …").

Plans put the deadline last ("…, hoàn thành trong tháng 6/2025."); the clause is cut off the
task's text and read by plans.deadlines.parse_deadline.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dieuhanh.core.text import fold
from dieuhanh.plans.deadlines import Deadline
from dieuhanh.plans.deadlines import parse_deadline as _parse_deadline

# Plans repeat the same few clauses hundreds of times; Deadline is frozen, so sharing is safe.
parse_deadline = lru_cache(maxsize=4096)(_parse_deadline)

_I = re.IGNORECASE
_H = r"h[ằà]ng"
# Words a deadline clause starts with. Strong ones may follow a plain space ("… cấp tỉnh hoàn
# thành trong tháng 5/2025"); the others need a comma, semicolon, dash or bracket before them.
_STRONG = (
    r"hoàn\s+thành|thực\s+hiện\s+(?:thường\s+xuyên|trước|trong\s+(?:tháng|quý|năm)|" + _H + r"|liên\s+tục)"
    r"|trong\s+(?:tháng|quý)\s+[\dIV]|trước\s+(?:ngày|tháng|quý)\s+[\dIV]|chậm\s+nhất"
)
_WEAK = (
    r"thực\s+hiện|triển\s+khai\s+(?:thường\s+xuyên|trong|từ|" + _H + r")|thường\s+xuyên|liên\s+tục"
    r"|" + _H + r"\s+(?:năm|quý|tháng)|định\s+kỳ|trong\s+(?:năm|giai\s+đoạn|6\s+tháng)|trước\s+\d"
    r"|quý\s+[IV\d]|tháng\s+\d|năm\s+(?:19|20)\d\d|giai\s+đoạn\s+(?:19|20)|từ\s+(?:năm\s+)?(?:19|20)\d\d"
    r"|(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d|\d{1,2}/(?:19|20)\d\d|theo\s+(?:hướng\s+dẫn|chỉ\s+đạo|lộ\s+trình|"
    r"yêu\s+cầu|kế\s+hoạch\s+của|tiến\s+độ)|sau\s+khi|\d{1,3}\s+ngày\s+(?:làm\s+việc\s+)?(?:sau|kể)"
)
_STARTER = re.compile(r"(?<!\w)(?:(?P<strong>" + _STRONG + r")|(?:" + _WEAK + r"))", _I)
_SEPARATOR = re.compile(r"[,;(–—:]\s*$|\s-\s*$")
_MAX_WORDS = 16
_MAX_CHARS = 130


def informative(deadline: Deadline) -> bool:
    return deadline.due is not None or deadline.recurring or deadline.external


@lru_cache(maxsize=8192)
def split_deadline(sentence: str) -> tuple[str, str | None]:
    """(the task's text, the trailing deadline clause or None)."""
    body = sentence.strip().rstrip(" ;,:")
    body = body[:-1] if body.endswith(".") and not body.endswith("..") else body
    if found := _bracketed(body):
        return found
    best: tuple[str, str] | None = None
    # A clause is at most _MAX_CHARS long, so only the tail can hold its first word.
    for match in _STARTER.finditer(body, max(0, len(body) - _MAX_CHARS - 1)):
        before, clause = body[: match.start()], body[match.start() :]
        if not _clause_ok(clause) or not before.strip(" ,;:-–—("):
            continue
        if _SEPARATOR.search(before):
            return _tidy(before), clause.rstrip(" )")
        if match["strong"] and best is None:
            best = (_tidy(before), clause)
    return best if best else (_tidy(body), None)


def _bracketed(body: str) -> tuple[str, str] | None:
    match = re.search(r"\(([^()]{4,120})\)$", body)
    if match and _clause_ok(match.group(1)) and body[: match.start()].strip():
        return _tidy(body[: match.start()]), match.group(1).strip()
    return None


def _clause_ok(clause: str) -> bool:
    clause = clause.strip()
    if len(clause) > _MAX_CHARS or len(clause.split()) > _MAX_WORDS or ";" in clause:
        return False
    if re.search(r"\.\s+\w", clause):
        return False
    # "định kỳ công bố kết quả, hoàn thành …": every comma piece must be about time.
    first = clause.split(",", 1)[0]
    return informative(parse_deadline(first)) and informative(parse_deadline(clause))


def _tidy(text: str) -> str:
    text = text.strip().rstrip(" ,;:–—-(").strip()
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


# --- sentences --------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?[A-ZĐÀ-Ỹ])")
_ABBREVIATION = re.compile(r"(?:\b(?:TP|Tp|tp|TS|ThS|PGS|GS|ông|bà|St|v\.v)\.|\.\.\.)$")


def sentences(text: str) -> list[str]:
    """Split a paragraph at sentence ends (". X"), keeping "TP. Hải Dương" and "..." whole."""
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[start : match.start()]
        if _ABBREVIATION.search(piece) or not text[match.end() : match.end() + 1].isupper():
            continue
        parts.append(piece.strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


# --- roles ------------------------------------------------------------------------------

_COORDINATE_START = re.compile(r"^(?:tham\s+gia\s+)?phối\s+hợp\b|^tham\s+gia\s+phối\s+hợp", _I)


def heading_role(text: str) -> str | None:
    """The issuer's role named by a heading: "Ban Quản lý thực hiện:" → lead; "… thực hiện phối
    hợp trong các công tác:", "Phối hợp tham gia công tác:", "… phối hợp … để Sở X thực hiện:" →
    coordinate."""
    low = text.lower()
    lead_at = _first(low, ("chủ trì", "chủ động"))
    coord_at = _first(low, ("phối hợp", "góp ý", "tham gia"))
    if coord_at is not None and (lead_at is None or coord_at < lead_at):
        return "coordinate"
    if lead_at is not None or re.search(r"thực\s+hiện|triển\s+khai|nhiệm\s+vụ", low):
        return "lead"
    return None


def _first(text: str, words: tuple[str, ...]) -> int | None:
    found = [i for w in words if (i := text.find(w)) >= 0]
    return min(found) if found else None


def item_role(text: str) -> str | None:
    """A task's own cue: it starts with "Phối hợp…" (the issuer assists)."""
    return "coordinate" if _COORDINATE_START.search(text) else None


# Words that open a unit's name, case as written: "Sở Tài chính", "UBND các xã", "Công an tỉnh".
ORG = (
    r"(?:Sở|Ban|Bộ|UBND|Ủy\s+ban|Uỷ\s+ban|Văn\s+phòng|Công\s+an|Bộ\s+Chỉ\s+huy|Cục|Chi\s+cục|Trung\s+tâm|"
    r"Đài|Báo|Hội|Liên\s+đoàn|Tỉnh\s+đoàn|Đoàn|Trường|Viện|Kho\s+bạc|Ngân\s+hàng|Thuế|Bảo\s+hiểm|"
    r"Công\s+ty|Tổng\s+công\s+ty|Viettel|VNPT|Bưu\s+điện|Mặt\s+trận|Hội\s+đồng|Thanh\s+tra|Tòa\s+án|"
    r"Viện\s+kiểm\s+sát|Tỉnh\s+ủy|Thành\s+ủy|Huyện\s+ủy|Đảng\s+ủy|Các|các)"
)
_NAMED_LEAD = re.compile(
    r"(?:để|cùng|với|giúp)\s+(?P<unit>" + ORG + r"\b[^:;,()]{2,90}?)\s+(?:chủ\s+trì\s+)?(?:thực\s+hiện|"
    r"triển\s+khai|tổ\s+chức)",
)
_SPLIT_UNITS = re.compile(r"\s*(?:\n|;|\+|(?<=\w)\s*[,/]\s*(?=" + ORG + r"\b)|\s+và\s+(?=" + ORG + r"\b))\s*")


def named_lead(text: str) -> str | None:
    """The lead a heading names: "… góp ý để Sở Khoa học và Công nghệ thực hiện:"."""
    match = _NAMED_LEAD.search(text)
    return match["unit"].strip() if match else None


_ACTING = re.compile(r"^(?P<unit>" + ORG + r"\b[^,;:()]{2,90}?)\s+chủ\s+trì\b")


def acting_lead(text: str) -> str | None:
    """ "Sở Khoa học và Công nghệ chủ trì phủ sóng …" names its lead."""
    match = _ACTING.match(text)
    return match["unit"].strip() if match else None


def split_units(cell: str) -> list[str]:
    """ "Sở Tài chính; Sở Nội vụ", "Sở Văn hóa, Thể thao và Du lịch, UBND các huyện" → names."""
    names = [n.strip(" .;,:-–+•") for n in _SPLIT_UNITS.split(cell or "")]
    names = [" ".join(n.split()) for n in names]
    return [n for n in names if n and n not in {"-", "x"}]


def same_unit(name: str, issuer: str | None, alias: str | None) -> bool:
    """Whether a name in a plan means its issuer ("Ban Quản lý", "Ban Quản lý các KCN")."""
    folded = _short(name)
    for known in (issuer, alias):
        other = _short(known or "")
        if other and (folded == other or (min(len(folded), len(other)) > 6 and _prefix(folded, other))):
            return True
    return False


def _prefix(a: str, b: str) -> bool:
    # "Sở Khoa học và Công nghệ" and "Sở Khoa học và Công nghệ tỉnh Hải Dương" are one body.
    return a.startswith(b + " ") or b.startswith(a + " ")


def _short(name: str) -> str:
    folded = fold(name).replace("khu cong nghiep", "kcn").replace("uy ban nhan dan", "ubnd")
    return " ".join(folded.replace(".", " ").split())


# --- labelled fields --------------------------------------------------------------------

LABELS = {
    "lead": r"(?:cơ\s+quan|đơn\s+vị)\s+chủ\s+trì(?:\s+thực\s+hiện)?|chủ\s+trì",
    "partners": r"(?:cơ\s+quan|đơn\s+vị)\s+phối\s+hợp(?:\s+thực\s+hiện)?|phối\s+hợp",
    "deadline": r"thời\s+(?:gian|hạn)(?:\s+(?:hoàn\s+thành|thực\s+hiện|trình))?|tiến\s+độ(?:\s+thực\s+hiện)?",
    "deliverable": r"kết\s+quả(?:\s*[,/]\s*sản\s+phẩm|\s+đầu\s+ra|\s+dự\s+kiến)?|sản\s+phẩm(?:\s+đầu\s+ra)?",
}
_LABEL = re.compile(
    r"(?:^|(?<=[.;,(\-–+]))\s*(?P<label>"
    + "|".join(f"(?P<{k}>{v})" for k, v in LABELS.items())
    + r")\s*:\s*",
    _I,
)


def labelled_fields(text: str) -> tuple[str, dict[str, str]]:
    """Cut "Cơ quan chủ trì: X; Thời gian hoàn thành: Quý II/2025" off a task's text."""
    matches = list(_LABEL.finditer(text))
    if not matches:
        return text, {}
    fields: dict[str, str] = {}
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        key = next(k for k in LABELS if match[k])
        fields[key] = text[match.end() : end].strip(" .;,)(")
    return text[: matches[0].start()].strip(" .;,(-–+"), fields
