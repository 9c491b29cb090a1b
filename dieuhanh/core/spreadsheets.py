"""Spreadsheets in and out, bounded and honest. Every .xlsx/.csv the platform reads or writes
goes through here; the module knows no domain.

Reading: the zip package is checked before any parsing (file size, number of parts, each
part's and the whole package's uncompressed size, no DTDs), then every worksheet — hidden
ones included — is scanned as a byte stream for its cells, rows and formulas, so a bloated
file is refused in milliseconds without being parsed. Only then is the workbook opened with
openpyxl in read-only mode *without* cached values: a formula is refused with its sheet, row
and column (a cached value is a guess by some other program, and without one a formula reads
as empty). Every failure is a `SpreadsheetError` with a Vietnamese message.

Writing: text from users is written as a text cell marked `quotePrefix`, so spreadsheet
programs never evaluate it and a re-upload reads it back exactly as typed; CSV cells that a
spreadsheet would take for a formula get an apostrophe in front."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from defusedxml import ElementTree as SafeET
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dieuhanh.core.dates import parse_date
from dieuhanh.core.text import parse_vi_number

BROKEN = "tệp hỏng hoặc không đúng định dạng"
EXCEL_TEXT_LIMIT = 32_767  # Excel's own limit for one cell
MAX_LISTED = 20  # formula cells named one by one before "and N more"
CHUNK = 1 << 18


class SpreadsheetError(ValidationError):
    """The file as a whole cannot be taken; the messages say why and where."""


@dataclass(frozen=True)
class Limits:
    """Caps for one kind of upload. The defaults suit a registry of some thousand rows."""

    file_bytes: int = 5 * 1024 * 1024
    package_bytes: int = 80 * 1024 * 1024  # all parts, uncompressed
    part_bytes: int = 60 * 1024 * 1024  # one part, uncompressed
    strings_bytes: int = 10 * 1024 * 1024  # the shared-strings part, held in memory by openpyxl
    parts: int = 200
    rows: int = 100_000  # all sheets together, hidden ones included
    cells: int = 250_000  # all sheets together, hidden ones included
    text_chars: int = EXCEL_TEXT_LIMIT


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _mb(size: int) -> str:
    """Bytes as "20,9 MB" (or "512 KB" under a megabyte)."""
    if size < 1024 * 1024:
        return f"{_number(size // 1024)} KB"
    return f"{size / 1024 / 1024:.1f}".replace(".", ",") + " MB"


def _fail(name: str, message: str) -> SpreadsheetError:
    return SpreadsheetError(f"Tệp “{name}”: {message}")


# --- the package, before any parsing ----------------------------------------------------------


# The openings counted, by tag, each one needle per pass over the bytes (fewest passes win).
# "<row" also counts a <rowBreaks>; "<f>"/"<f " never match <filter> or a validation's <formula1>.
ENDINGS = {"c": (b" ", b">", b"/"), "row": (b"",), "f": (b">", b" "), "si": (b">", b" ")}


@dataclass
class _Counter:
    """Counts element openings in a stream of bytes, across chunk boundaries."""

    tags: dict[str, list[bytes]]
    counts: dict[str, int] = field(default_factory=dict)
    carry: bytes = b""

    @classmethod
    def of(cls, names: Iterable[str], prefix: bytes) -> _Counter:
        tags = {n: [b"<" + prefix + n.encode() + end for end in ENDINGS[n]] for n in names}
        return cls(tags, dict.fromkeys(tags, 0))

    def feed(self, chunk: bytes, final: bool = False) -> None:
        buf = self.carry + chunk
        # Keep a tail that may hold the start of a tag cut by the chunk boundary.
        cut = len(buf) if final else max(0, len(buf) - 32)
        for name, needles in self.tags.items():
            # A needle counted here starts before `cut`; the ones starting later are counted next time.
            self.counts[name] += sum(buf.count(n, 0, cut + len(n) - 1) for n in needles)
        self.carry = buf[cut:]


ROOT_PREFIX = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?(?:worksheet|sst)\b")


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    with zf.open(info) as f:
        while chunk := f.read(CHUNK):
            yield chunk


class _OverBudget(Exception):
    """More elements than allowed: no need to read the rest of the part."""


class _Doctype(Exception):
    """A DTD: the door to entity expansion ("billion laughs") and external entities."""


def _scan_xml(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, tags: Sequence[str], budget: dict[str, int] | None = None
) -> dict[str, int]:
    """Counts of the given element openings in one XML part; refuses DTDs (entity expansion);
    stops early (`_OverBudget`) once a count passes its budget."""
    counter: _Counter | None = None
    tail = b""
    for chunk in _stream(zf, info):
        window = tail + chunk
        if b"<!" in window and (b"<!DOCTYPE" in window or b"<!ENTITY" in window):
            raise _Doctype
        tail = chunk[-16:]
        if counter is None:  # the root element, near the start, tells the namespace prefix in use
            match = ROOT_PREFIX.search(chunk[:4096])
            counter = _Counter.of(tags, match.group(1) + b":" if match and match.group(1) else b"")
        counter.feed(chunk)
        if budget and any(counter.counts[t] > b for t, b in budget.items()):
            raise _OverBudget(counter.counts)
    if counter is None:
        return dict.fromkeys(tags, 0)
    counter.feed(b"", final=True)
    return counter.counts


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, tuple[str, str]]:
    """Worksheet part → (sheet name, state), read from workbook.xml and its relationships."""
    try:
        book = SafeET.fromstring(zf.read("xl/workbook.xml"))
        rels = SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # names only make messages nicer; the real parse comes later
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out: dict[str, tuple[str, str]] = {}
    for sheet in book.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid, "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        out[part] = (sheet.get("name", part), sheet.get("state", "visible"))
    return out


def _where(names: dict[str, tuple[str, str]], part: str) -> str:
    name, state = names.get(part, (part, "visible"))
    return f"trang “{name}”" + (" (đang ẩn)" if state != "visible" else "")


def _check_package(data: bytes, name: str, limits: Limits) -> tuple[set[str], dict[str, tuple[str, str]]]:
    """Refuse what must not be parsed; return the worksheet parts that hold formulas."""
    if len(data) > limits.file_bytes:
        raise _fail(name, f"lớn hơn {_mb(limits.file_bytes)}; hãy chia nhỏ tệp.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError):
        raise _fail(name, f"{BROKEN} (không phải tệp Excel .xlsx).") from None
    parts = {i.filename for i in infos}
    if "xl/workbook.xml" not in parts or "[Content_Types].xml" not in parts:
        raise _fail(name, f"{BROKEN} (không phải tệp Excel .xlsx).")
    if any(i.flag_bits & 0x1 for i in infos):
        raise _fail(name, f"{BROKEN} (tệp được đặt mật khẩu; hãy bỏ mật khẩu rồi tải lên).")
    if len(infos) > limits.parts:
        raise _fail(name, f"{BROKEN} (gồm {_number(len(infos))} phần, tối đa {_number(limits.parts)}).")
    total = sum(i.file_size for i in infos)
    if total > limits.package_bytes:
        raise _fail(
            name,
            f"khi giải nén lớn {_mb(total)}, vượt mức {_mb(limits.package_bytes)}; hãy chia nhỏ tệp.",
        )
    names = _sheet_names(zf)
    for info in infos:
        cap = limits.strings_bytes if info.filename.endswith("sharedStrings.xml") else limits.part_bytes
        if info.file_size > cap:
            where = _where(names, info.filename) if info.filename in names else f"phần “{info.filename}”"
            raise _fail(
                name,
                f"{where} khi giải nén lớn {_mb(info.file_size)}, vượt mức {_mb(cap)}; hãy chia nhỏ tệp.",
            )
    return _scan_parts(zf, infos, names, name, limits), names


def _scan_parts(
    zf: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    names: dict[str, tuple[str, str]],
    name: str,
    limits: Limits,
) -> set[str]:
    cells = rows = 0
    with_formulas: set[str] = set()
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.count("/") == 2
        is_strings = info.filename.endswith("sharedStrings.xml")
        tags = ("c", "row", "f") if is_sheet else ("si",) if is_strings else ()
        budget = {"c": limits.cells - cells, "row": limits.rows - rows} if is_sheet else None
        try:
            counts = _scan_xml(zf, info, tags, budget)
        except _OverBudget as over:
            counts = over.args[0]
        except _Doctype:
            message = f"{BROKEN} (phần “{info.filename}” khai báo DTD, không được chấp nhận)."
            raise _fail(name, message) from None
        except Exception:  # a bad CRC, a cut or corrupt stream (zlib.error), an unknown compression
            raise _fail(name, f"{BROKEN} (phần “{info.filename}” không giải nén được).") from None
        if is_strings and counts["si"] > limits.cells:
            raise _fail(name, f"có hơn {_number(limits.cells)} chuỗi ký tự; hãy chia nhỏ tệp.")
        if not is_sheet:
            continue
        cells, rows = cells + counts["c"], rows + counts["row"]
        if counts["f"]:
            with_formulas.add(info.filename)
        if cells > limits.cells or rows > limits.rows:
            what = f"{_number(limits.cells)} ô" if cells > limits.cells else f"{_number(limits.rows)} dòng"
            raise _fail(
                name,
                f"có hơn {what} (tính cả các trang ẩn; vượt mức ở {_where(names, info.filename)}); "
                "hãy xoá các trang, dòng không dùng hoặc chia nhỏ tệp.",
            )
    return with_formulas


# --- reading --------------------------------------------------------------------------------------


def cell_ref(row: int, column: int) -> str:
    """“dòng 7, cột B” — how every message names a cell."""
    return f"dòng {row}, cột {get_column_letter(column)}"


ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """OOXML writes characters XML cannot carry (a carriage return, control characters) as
    `_xHHHH_`; this is how Excel and our writer store them."""
    return ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def cell_text(value: Any) -> str:
    """A cell read as text, what the person typed whatever the program made of it: a date as
    30/06/2025, a whole number Excel stored as 202504.0 as 202504."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}" if value.time() == dt.time() else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell_date(value: Any) -> dt.date | None:
    """A date cell as it is, a text cell as typed (30/06/2025); a blank is None, anything else
    raises `DateError` with its Vietnamese message."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(cell_text(value))


def cell_number(value: Any) -> float | None:
    """A number cell as it is, a text cell as typed the Vietnamese way (1.234,5); None for a
    blank, a date, a tick box or text that is no number."""
    if isinstance(value, bool | dt.date):
        return None
    if isinstance(value, int | float):
        return float(value)
    return parse_vi_number(cell_text(value))


class SafeWorkbook:
    """A checked workbook, read-only; `rows()` yields plain values, checked one by one."""

    def __init__(self, book: Any, name: str, limits: Limits) -> None:
        self._book, self.name, self.limits = book, name, limits

    @property
    def sheetnames(self) -> list[str]:
        return list(self._book.sheetnames)

    def close(self) -> None:
        self._book.close()

    def rows(self, sheet: str, *, min_row: int = 1) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(row number, values) for each non-empty row of `sheet` from `min_row`."""
        ws = self._book[sheet]
        ws.reset_dimensions()  # never trust the stated size: it may hide cells or claim a million rows
        number = min_row - 1
        try:
            for cells in ws.iter_rows(min_row=min_row):
                number += 1
                if not cells:
                    continue
                number = next((c.row for c in cells if getattr(c, "row", None)), number)
                values = tuple(self._value(sheet, c) for c in cells)
                if any(v is not None and v != "" for v in values):
                    yield number, values
        except SpreadsheetError:
            raise
        except Exception:  # openpyxl raises many kinds for a cut or malformed sheet
            raise _fail(self.name, f"{BROKEN} (trang “{sheet}”, gần dòng {number + 1}).") from None

    def _value(self, sheet: str, cell: Any) -> Any:
        value = getattr(cell, "value", None)
        if value is None:
            return None
        at = f"trang “{sheet}”, {cell_ref(cell.row, cell.column)}"
        kind = cell.data_type
        if kind == "f":
            raise _fail(self.name, f"{at}: có công thức; hãy thay công thức bằng giá trị rồi tải lên lại.")
        if kind == "e":
            raise _fail(self.name, f"{at}: ô báo lỗi “{value}”; hãy sửa hoặc xoá ô này.")
        if isinstance(value, float) and not math.isfinite(value):
            raise _fail(self.name, f"{at}: “{value}” không phải là số hữu hạn.")
        if isinstance(value, str):
            if len(value) > self.limits.text_chars:
                raise _fail(
                    self.name,
                    f"{at}: ô dài {_number(len(value))} ký tự, tối đa {_number(self.limits.text_chars)}.",
                )
            return _unescape(value)
        return value


def _formula_cells(book: Any, parts: set[str], names: dict[str, tuple[str, str]], name: str) -> list[str]:
    """Every formula cell of the worksheets the scan flagged, named by sheet, row and column."""
    flagged = {names[p][0] for p in parts if p in names}
    found: list[str] = []
    more = 0
    for ws in book.worksheets:
        if flagged and ws.title not in flagged:
            continue
        ws.reset_dimensions()
        try:
            for row in ws.iter_rows():
                for cell in row:
                    if getattr(cell, "data_type", None) != "f":
                        continue
                    if len(found) < MAX_LISTED:
                        formula = str(cell.value)[:60]
                        hidden = " (đang ẩn)" if ws.sheet_state != "visible" else ""
                        found.append(
                            f"Trang “{ws.title}”{hidden}, {cell_ref(cell.row, cell.column)}: có công thức "
                            f"“{formula}”; hệ thống chỉ nhận giá trị, hãy thay công thức bằng giá trị."
                        )
                    else:
                        more += 1
        except Exception:
            raise _fail(name, f"{BROKEN} (trang “{ws.title}”).") from None
    if more:
        found.append(f"… và {_number(more)} ô công thức khác.")
    return found


def open_workbook(upload: IO[bytes] | bytes, name: str, limits: Limits | None = None) -> SafeWorkbook:
    """A workbook that passed every check, or a `SpreadsheetError`; nothing was parsed before
    the package and its sizes were checked, and no formula cell is left anywhere in it."""
    limits = limits or Limits()
    if not name.lower().endswith(".xlsx"):
        raise _fail(name, "không phải tệp Excel .xlsx.")
    data = _read_capped(upload, limits.file_bytes, name)
    with_formulas, names = _check_package(data, name, limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged or foreign package
        raise _fail(name, f"{BROKEN} (không mở được như tệp Excel .xlsx).") from None
    if with_formulas:
        formulas = _formula_cells(book, with_formulas, names, name)
        if formulas:
            book.close()
            raise SpreadsheetError([f"Tệp “{name}” có công thức, không nhập gì:", *formulas])
    return SafeWorkbook(book, name, limits)


def _read_capped(upload: IO[bytes] | bytes, cap: int, name: str) -> bytes:
    if isinstance(upload, bytes | bytearray):
        data = bytes(upload)
    else:
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(cap + 1)
    if len(data) > cap:
        raise _fail(name, f"lớn hơn {_mb(cap)}; hãy chia nhỏ tệp.")
    return data


def read_csv(content: bytes, name: str, limits: Limits | None = None) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of a UTF-8 CSV (comma, semicolon or tab separated); a field too
    long, a NUL byte or a broken quote becomes a `SpreadsheetError` naming the line."""
    limits = limits or Limits()
    if len(content) > limits.file_bytes:
        raise _fail(name, f"lớn hơn {_mb(limits.file_bytes)}; hãy chia nhỏ tệp.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail(name, "tệp CSV phải được lưu với bảng mã UTF-8.") from None
    if "\x00" in text:  # no text file has one; PostgreSQL refuses it in any text column
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise _fail(name, f"{BROKEN} (dòng {line} có ký tự NUL; đây không phải tệp văn bản CSV).")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    count = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error:  # a field over csv's own limit (131.072 characters), a NUL, a bad quote
            raise _fail(
                name, f"{BROKEN} (gần dòng {reader.line_num}; một ô quá dài hoặc sai dấu ngoặc kép)."
            ) from None
        count += 1
        if count > limits.rows:
            raise _fail(name, f"có hơn {_number(limits.rows)} dòng; hãy chia nhỏ tệp.")
        for col, value in enumerate(fields, start=1):
            if len(value) > limits.text_chars:
                raise _fail(
                    name,
                    f"{cell_ref(reader.line_num, col)}: ô dài {_number(len(value))} ký tự, "
                    f"tối đa {_number(limits.text_chars)}.",
                )
        yield reader.line_num, fields


# --- writing ----------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry, and the carriage return, which XML parsers turn into a line feed.
UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")


def _escape(text: str) -> str:
    return UNSAFE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def write_text(cell: Cell, text: str) -> Cell:
    """`text` as a text cell: never a formula, marked so spreadsheet programs keep it text
    (`quotePrefix`), and read back by `SafeWorkbook.rows` exactly as given."""
    cell.value = _escape(text)
    cell.data_type = "s"  # openpyxl makes "=…" a formula; this cell is text whatever it starts with
    cell.quotePrefix = True
    return cell


def write_cell(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """One cell: numbers, dates and booleans as themselves, everything else as text."""
    cell = ws.cell(row=row, column=column)
    if value is None:
        return cell
    if isinstance(value, bool | int | float | dt.date | dt.datetime):
        if isinstance(value, float) and not math.isfinite(value):
            return write_text(cell, str(value))
        cell.value = value
        return cell
    return write_text(cell, str(value))


def write_row(ws: Worksheet, row: int, values: Iterable[Any], *, first_column: int = 1) -> list[Cell]:
    return [write_cell(ws, row, col, v) for col, v in enumerate(values, start=first_column)]


def append_row(ws: Worksheet, values: Iterable[Any]) -> list[Cell]:
    """Like `Worksheet.append`, but with user text kept as text."""
    return write_row(ws, ws._current_row + 1, values)


def new_workbook(title: str) -> tuple[Workbook, Worksheet]:
    """A workbook whose first sheet is named `title`."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    return wb, ws


def workbook_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# What spreadsheet programs take for the start of a formula (OWASP's list for CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A CSV field that no spreadsheet evaluates: text starting like a formula gets an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    """UTF-8 with a BOM, so Excel shows Vietnamese letters right; every field neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
