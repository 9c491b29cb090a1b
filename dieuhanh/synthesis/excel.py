"""The annexes of the synthesis as an .xlsx, one sheet per annex, numbers kept as numbers
(with Vietnamese display through the cell format) so agencies can recompute them."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from dieuhanh.core.spreadsheets import append_row, workbook_bytes
from dieuhanh.synthesis.annexes import annex_tables
from dieuhanh.synthesis.package import package_normalise
from dieuhanh.synthesis.selectors import Synthesis

FONT = "Times New Roman"
WIDE_COLUMNS = {"Tên nhóm nhiệm vụ", "Đơn vị chủ trì", "Chỉ tiêu", "Nhiệm vụ", "Kết quả trong kỳ", "Đơn vị"}


def synthesis_xlsx(synthesis: Synthesis) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for number, title, header, rows in annex_tables(synthesis):
        ws = wb.create_sheet(title=f"Phụ lục {number}")
        append_row(ws, [f"Phụ lục {number}. {title}"])
        append_row(
            ws,
            [f"{synthesis.issuer} — {synthesis.period.label} (số liệu đến ngày {synthesis.as_of:%d/%m/%Y})"],
        )
        append_row(ws, header)
        for row in rows:
            append_row(ws, row)  # task texts and results are the units' own words: text, never formulas
        _style(ws, header, len(rows))
    stamp = dt.datetime.combine(synthesis.issued_on, dt.time(8, 0))
    wb.properties.creator = wb.properties.lastModifiedBy = synthesis.issuer_short
    wb.properties.created = stamp
    # openpyxl stamps "modified" with the current time on save; fix it in the package.
    return package_normalise(_fix_modified(workbook_bytes(wb), stamp))


def _style(ws, header: list[str], count: int) -> None:  # type: ignore[no-untyped-def]
    ws["A1"].font = Font(name=FONT, bold=True, size=13)
    ws["A2"].font = Font(name=FONT, italic=True, size=11)
    for col, name in enumerate(header, 1):
        cell = ws.cell(row=3, column=col)
        cell.font = Font(name=FONT, bold=True, size=11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = 50 if name in WIDE_COLUMNS else 16
    for row in ws.iter_rows(min_row=4, max_row=3 + count):
        for cell in row:
            cell.font = Font(name=FONT, size=11)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    ws.freeze_panes = "A4"


def _fix_modified(data: bytes, stamp: dt.datetime) -> bytes:
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*", rf"\g<1>{iso}", blob.decode())
                blob = text.encode()
            target.writestr(info, blob)
    return out.getvalue()
