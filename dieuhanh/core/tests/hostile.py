"""Hostile workbooks for tests: built by rewriting the parts of a real package, so each one
is exactly one lie away from a valid file."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from openpyxl import Workbook, load_workbook


def workbook(sheets: Mapping[str, Iterable[Iterable[Any]]], hidden: Iterable[str] = ()) -> bytes:
    """A plain workbook; strings beginning with "=" become formulas, as openpyxl writes them."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        if name in set(hidden):
            ws.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def sheet_part(data: bytes, sheet: str) -> str:
    """The package part that holds `sheet`."""
    wb = load_workbook(io.BytesIO(data))
    index = wb.sheetnames.index(sheet)
    return f"xl/worksheets/sheet{index + 1}.xml"


def rewrite(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The package with one part changed (or added, when missing)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        for name in names:
            blob = source.read(name)
            target.writestr(name, change(blob) if name == part else blob)
        if part not in names:
            target.writestr(part, change(b""))
    return out.getvalue()


def with_hidden_sheet(data: bytes, sheet: str, body: bytes) -> bytes:
    """Replace the `<sheetData>` of `sheet` by `body` (raw XML rows)."""
    part = sheet_part(data, sheet)

    def change(xml: bytes) -> bytes:
        start, end = xml.index(b"<sheetData"), xml.index(b"</worksheet>")
        return xml[:start] + b"<sheetData>" + body + b"</sheetData>" + xml[end:]

    return rewrite(data, part, change)


def bloated_rows(cells: int, per_row: int = 100) -> bytes:
    """`cells` numeric cells, `per_row` to a row, as raw sheet XML."""
    row = b"".join(b"<c><v>1</v></c>" for _ in range(per_row))
    return b"".join(b'<row r="%d">' % r + row + b"</row>" for r in range(1, cells // per_row + 1))
