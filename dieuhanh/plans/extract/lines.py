"""Paragraphs as the author meant them: page-break splits joined, page numbers and repeated
headings dropped, each line classified (heading number, letter item, bullet, plain)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dieuhanh.plans.extract.cleaning import is_page_number
from dieuhanh.plans.extract.readers import Block

_ROMAN = re.compile(r"^(?P<n>[IVX]{1,6})\s*[.)/-]\s*(?P<t>\S.*)$")
_NUMBERED = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2}){0,3})\s*(?:[.)]\s*|\s+)(?P<t>[^\d\s%/.,-].*)$")
_LETTER = re.compile(r"^(?P<n>[a-zđ])\s*[).]\s+(?P<t>\S.*)$")
_BULLET = re.compile(r"^(?P<n>[-+•–—])\s*(?P<t>\S.*)$")
_ENDS_SENTENCE = re.compile(r"[.:;!?…”\")]$")
_ENDS_DEADLINE = re.compile(
    r"(?:\d{4}|thường\s+xuyên|h[ằà]ng\s+năm|tiếp\s+theo|Trung\s+ương)$", re.IGNORECASE
)


# A new paragraph, never the rest of one: "Thực hiện Nghị quyết …", "Căn cứ …".
_OPENING = re.compile(r"^(?:Thực\s+hiện|Căn\s+cứ|Để|Nhằm|Trên\s+cơ\s+sở|Trên\s+đây|Nơi\s+nhận)\b")


@dataclass
class Line:
    """One paragraph: `kind` is roman, numbered, letter, bullet or plain; `number` as written."""

    text: str
    kind: str
    number: str
    body: str
    where: str
    index: int = 0

    @property
    def level(self) -> int:
        if self.kind == "roman":
            return 1
        if self.kind == "numbered":
            return 2 + self.number.count(".")
        return {"letter": 10, "bullet": 11}.get(self.kind, 12)

    @property
    def is_heading_like(self) -> bool:
        return self.kind in {"roman", "numbered"}


def classify(text: str, where: str) -> Line:
    for kind, pattern in (
        ("roman", _ROMAN),
        ("numbered", _NUMBERED),
        ("letter", _LETTER),
        ("bullet", _BULLET),
    ):
        match = pattern.match(text)
        if match:
            number = match["n"] if kind != "bullet" else match["n"].replace("–", "-").replace("—", "-")
            return Line(text, kind, number, match["t"].strip(), where)
    return Line(text, "plain", "", text, where)


def paragraphs(blocks: list[Block]) -> list[Block]:
    """Blocks with paragraphs cut at page breaks joined again, page numbers and immediate
    repeats (a heading printed twice) dropped. Tables stay where they are."""
    out: list[Block] = []
    for block in blocks:
        text = block.text.strip()
        if block.is_table:
            out.append(block)
            continue
        if not text or is_page_number(text):
            continue
        previous = out[-1] if out and not out[-1].is_table else None
        if previous is not None and previous.text == text and classify(text, "").is_heading_like:
            continue
        if previous is not None and _continues(previous.text, text):
            previous.text = f"{previous.text} {text}"
            continue
        out.append(Block(text=text, where=block.where, bold=block.bold))
    return out


def _continues(before: str, after: str) -> bool:
    """Whether `after` is the rest of `before`, cut by a page or line break."""
    head = classify(after, "")
    if head.kind != "plain" or before.endswith(":"):
        return False
    first = after[0]
    if first.islower():
        return True
    if _OPENING.match(after):
        return False
    prior = classify(before, "")
    if prior.is_heading_like and len(before) < 300:
        return False
    if _ENDS_SENTENCE.search(before) or _ENDS_DEADLINE.search(before) or before.isupper():
        return False
    return len(before) >= 60 and not _is_upper_line(after)


def _is_upper_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)
