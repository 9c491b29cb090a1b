"""Reading a file into blocks (paragraphs and tables), whatever its format.

The format is told by the bytes, not the file name: agencies rename files freely, and a
spreadsheet saved as ".docx" must get a clear message, not a traceback.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dieuhanh.plans.extract import cleaning


class ExtractError(Exception):
    """A file that is not a readable plan; the message is Vietnamese and says why."""


@dataclass
class Block:
    """A paragraph (`rows` empty) or a table (`rows` of cell texts)."""

    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    where: str = ""
    bold: bool = False  # every run of the paragraph is bold (Word): a title line

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


MAX_BYTES = 50 * 1024 * 1024
_IMAGE_MAGIC = {
    b"\x89PNG": "ảnh PNG",
    b"\xff\xd8\xff": "ảnh JPEG",
    b"GIF8": "ảnh GIF",
    b"BM": "ảnh BMP",
    b"II*\x00": "ảnh TIFF",
    b"MM\x00*": "ảnh TIFF",
}


def read_path(path: Path) -> list[Block]:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ExtractError(f"Không tìm thấy tệp {path}.") from exc
    except IsADirectoryError as exc:
        raise ExtractError(f"{path} là một thư mục, không phải tệp kế hoạch.") from exc
    except OSError as exc:
        raise ExtractError(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from exc
    return read_bytes(data, name=path.name)


def read_bytes(data: bytes, *, name: str = "") -> list[Block]:
    label = f"Tệp {name}" if name else "Tệp"
    if len(data) > MAX_BYTES:
        raise ExtractError(f"{label} quá lớn ({len(data) // (1024 * 1024)} MB); giới hạn là 50 MB.")
    if not data.strip():
        raise ExtractError(f"{label} rỗng: không có nội dung để đọc.")
    _refuse_non_text(data, label)
    if data[:4] == b"PK\x03\x04":
        blocks = _read_zip(data, label)
    else:
        blocks = _text_blocks(_decode(data, label), markdown=name.lower().endswith((".md", ".markdown")))
    if not any(b.text.strip() or b.rows for b in blocks):
        raise ExtractError(f"{label} không có đoạn văn bản nào đọc được.")
    return blocks


def _refuse_non_text(data: bytes, label: str) -> None:
    for magic, what in _IMAGE_MAGIC.items():
        if data.startswith(magic):
            raise ExtractError(f"{label} là {what}, không phải văn bản kế hoạch (.docx, .txt, .md).")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise ExtractError(f"{label} là ảnh WEBP, không phải văn bản kế hoạch (.docx, .txt, .md).")
    if data.startswith(b"%PDF"):
        raise ExtractError(f"{label} là PDF; hãy dùng bản Word (.docx) hoặc văn bản (.txt) của kế hoạch.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ExtractError(
            f"{label} ở định dạng Office 97-2003 (.doc/.xls); hãy lưu lại thành .docx rồi tải lên."
        )


# --- Word -------------------------------------------------------------------------------


def _read_zip(data: bytes, label: str) -> list[Block]:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile as exc:
        raise ExtractError(f"{label} bị hỏng: không mở được tệp nén Office.") from exc
    if "word/document.xml" in names:
        return _read_docx(data, label)
    if any(n.startswith("xl/") for n in names):
        raise ExtractError(
            f"{label} là bảng tính Excel, không phải văn bản kế hoạch; hãy tải lên bản Word (.docx)."
        )
    if any(n.startswith("ppt/") for n in names):
        raise ExtractError(f"{label} là bản trình chiếu PowerPoint, không phải văn bản kế hoạch.")
    raise ExtractError(f"{label} là tệp nén, không phải văn bản kế hoạch (.docx, .txt, .md).")


def _read_docx(data: bytes, label: str) -> list[Block]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise ExtractError(f"{label} bị hỏng: không đọc được nội dung Word ({type(exc).__name__}).") from exc
    numbering = _Numbering(document)
    # python-docx's itertext() is slow; the runs' w:t nodes are all the text there is.
    tcvn3 = cleaning.looks_tcvn3("\n".join(document.element.body.xpath(".//w:t/text()"))[:200_000])
    blocks: list[Block] = []
    tables = 0
    for index, child in enumerate(document.element.body.iterchildren()):
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = numbering.label(paragraph) + _paragraph_text(paragraph)
            blocks.append(
                Block(
                    text=cleaning.clean_line(text, tcvn3=tcvn3),
                    where=f"đoạn {index + 1}",
                    bold=_is_bold(child),
                )
            )
        elif tag == "tbl":
            tables += 1
            rows = _table_rows(Table(child, document), tcvn3)
            blocks.append(Block(rows=rows, where=f"bảng {tables}"))
    return blocks


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_TAGS = (_W + "t", _W + "tab", _W + "br", _W + "cr")


def _paragraph_text(paragraph: Any) -> str:
    """The runs' text straight from the XML (python-docx's `.text` is several times slower on a
    long plan); tabs and soft line breaks are wrapping, so they become spaces."""
    return _element_text(paragraph._p)


def _is_bold(paragraph: Any) -> bool:
    """Whether every run holding text is bold (w:b set on the run and not switched off)."""
    runs = [r for r in paragraph.iter(_W + "r") if "".join(r.itertext()).strip()]
    if not runs:
        return False
    for run in runs:
        flag = run.find(f"{_W}rPr/{_W}b")
        if flag is None or flag.get(_W + "val", "true") in {"0", "false"}:
            return False
    return True


def _element_text(element: Any) -> str:
    return "".join(el.text or "" if el.tag == _W + "t" else " " for el in element.iter(*_TEXT_TAGS))


def _table_rows(table: Any, tcvn3: bool = False) -> list[list[str]]:
    """Cell texts row by row; python-docx repeats a merged cell in each grid slot it spans."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            lines = [
                cleaning.clean_line(_element_text(p), tcvn3=tcvn3) for p in cell._tc.iterchildren(_W + "p")
            ]
            nested = [cleaning.clean_line(" ".join(r)) for t in cell.tables for r in _table_rows(t, tcvn3)]
            cells.append("\n".join(x for x in lines + nested if x))
        rows.append(cells)
    return rows


_FORMATS: dict[str, Any] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": lambda n: _letters(n).lower(),
    "upperLetter": lambda n: _letters(n),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": lambda n: _roman(n),
}


def _letters(n: int) -> str:
    # Vietnamese lists run a, b, c, d, đ, e… in typed text, but Word's counters use a-z.
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += numeral
            n -= value
    return out


class _Numbering:
    """Word's automatic list numbers ("a)", "1.", "-"), which are not in the paragraph's text but
    carry the plan's structure."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_numbers: dict[str | None, tuple[str | None, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        self._load(root)

    def _load(self, root: Any) -> None:
        ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
        w = "{" + ns["w"] + "}"
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall("w:abstractNum", ns):
            levels = {}
            for lvl in node.findall("w:lvl", ns):
                fmt = lvl.find("w:numFmt", ns)
                text = lvl.find("w:lvlText", ns)
                start = lvl.find("w:start", ns)
                levels[int(lvl.get(w + "ilvl", "0"))] = (
                    fmt.get(w + "val", "decimal") if fmt is not None else "decimal",
                    text.get(w + "val", "") if text is not None else "",
                    int(start.get(w + "val", "1")) if start is not None else 1,
                )
            abstract[node.get(w + "abstractNumId", "")] = levels
        for num in root.findall("w:num", ns):
            ref = num.find("w:abstractNumId", ns)
            levels = abstract.get(ref.get(w + "val", "") if ref is not None else "", {})
            for ilvl, spec in levels.items():
                self.levels[(num.get(w + "numId", ""), ilvl)] = spec

    def label(self, paragraph: Any) -> str:
        if not self.levels:
            return ""
        num_id, ilvl = self._num_pr(paragraph)
        if num_id is None or (num_id, ilvl) not in self.levels:
            return ""
        fmt, text, start = self.levels[(num_id, ilvl)]
        if fmt == "bullet":
            return "- "
        if fmt == "none":
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        return self._render(num_id, text, counters) + " "

    def _render(self, num_id: str, text: str, counters: dict[int, int]) -> str:
        def level_text(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            fmt = self.levels.get((num_id, level), ("decimal", "", 1))[0]
            value = counters.get(level, self.levels.get((num_id, level), ("", "", 1))[2])
            return _FORMATS.get(fmt, str)(value)

        return re.sub(r"%(\d)", level_text, text)

    def _num_pr(self, paragraph: Any) -> tuple[str | None, int]:
        ppr = paragraph._p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is None:
            style_id = ppr.style if ppr is not None else None
            if style_id not in self.style_numbers:
                self.style_numbers[style_id] = _style_num_pr(paragraph)
            return self.style_numbers[style_id]
        return _num_pr_values(num_pr)


def _style_num_pr(paragraph: Any) -> tuple[str | None, int]:
    # Looking a style up is slow in python-docx; the caller caches the answer per style.
    style = paragraph.style
    while style is not None:
        spr = style.element.pPr
        if spr is not None and spr.numPr is not None:
            return _num_pr_values(spr.numPr)
        style = style.base_style
    return None, 0


def _num_pr_values(num_pr: Any) -> tuple[str | None, int]:
    if num_pr.numId is None:
        return None, 0
    ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    num_id = str(num_pr.numId.val)
    return (None, 0) if num_id == "0" else (num_id, int(ilvl))


# --- text and Markdown ------------------------------------------------------------------


def _decode(data: bytes, label: str) -> str:
    text = _decode_bytes(data)
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > max(8, len(text[:20000]) // 50):
        raise ExtractError(
            f"{label} không phải văn bản (có dữ liệu nhị phân); hãy dùng .docx, .txt hoặc .md."
        )
    return text


def _decode_bytes(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if data.count(b"\x00") > len(data) // 4:
        return data.decode("utf-16-le", errors="replace")
    # Old Vietnamese Windows text; cp1258 decodes every byte, so it always succeeds.
    return data.decode("cp1258", errors="replace")


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _text_blocks(text: str, *, markdown: bool) -> list[Block]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    tcvn3 = cleaning.looks_tcvn3(text[:200_000])
    blocks: list[Block] = []
    table: list[list[str]] = []
    tables = 0
    for number, line in enumerate(lines, start=1):
        if _PIPE_ROW.match(line) or (table and _PIPE_RULE.match(line)):
            if not _PIPE_RULE.match(line):
                table.append(
                    [cleaning.clean_line(c, tcvn3=tcvn3) for c in line.strip().strip("|").split("|")]
                )
            continue
        if line.count("\t") >= 3:
            table.append([cleaning.clean_line(c, tcvn3=tcvn3) for c in line.split("\t")])
            continue
        if table:
            tables += 1
            blocks.append(Block(rows=table, where=f"bảng {tables}"))
            table = []
        blocks.append(
            Block(text=cleaning.clean_line(line, markdown=markdown, tcvn3=tcvn3), where=f"dòng {number}")
        )
    if table:
        blocks.append(Block(rows=table, where=f"bảng {tables + 1}"))
    return blocks


def iter_lines(blocks: list[Block]) -> Iterator[str]:
    """The text as read, one paragraph or table row a line (shown beside the drafts)."""
    for block in blocks:
        if block.rows:
            for row in block.rows:
                yield " | ".join(row)
        elif block.text:
            yield block.text
