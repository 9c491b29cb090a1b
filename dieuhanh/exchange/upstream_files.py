"""An upstream's templates as files: the outline and data tables as .docx (Nghị định 30/2020
layout: issuer beside the national motto, number and date, title, sections, signature), the
data tables as .xlsx (numbers as numbers). Same figures in both: they print one `Laid`."""

from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dieuhanh.core.spreadsheets import append_row
from dieuhanh.exchange.upstream import Filled, Laid, Upstream, cell_text
from dieuhanh.synthesis.package import package_bytes
from dieuhanh.synthesis.word import vi_date_words

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def _para(doc, text: str, *, bold: bool = False, italic: bool = False, center: bool = False, size: int = 13):  # type: ignore[no-untyped-def]
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), "Times New Roman"
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def _header_lines(upstream: Upstream, f: Filled) -> list[str]:
    labels = upstream.template["data_table"]["header_lines"]
    values = [
        f.period_text[:1].upper() + f.period_text[1:],
        f"từ ngày {f.cutoff_from:%d/%m/%Y} đến ngày {f.cutoff_to:%d/%m/%Y}",
        f.issuer,
        f.receiver,
    ]
    return [f"{label}: {value}" for label, value in zip(labels, values, strict=False)]


def upstream_docx(upstream: Upstream, f: Filled, laid: Laid) -> bytes:
    doc = Document()
    outline = upstream.template["outline"]
    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    issuer = f"{f.parent_body.upper()}\n{f.issuer.upper()}" if f.parent_body else f.issuer.upper()
    left.text = f"{issuer}\nSố: {f.number_symbol or '…'}/BC-…"
    right.text = f"{MOTTO[0]}\n{MOTTO[1]}\n{f.place or '…'}, {vi_date_words(f.issued_on)}"
    _para(doc, outline["title"], bold=True, center=True, size=14)
    _para(doc, laid.title, bold=True, center=True)
    _para(
        doc,
        f"(Số liệu chốt từ ngày {f.cutoff_from:%d/%m/%Y} đến ngày {f.cutoff_to:%d/%m/%Y})",
        italic=True,
        center=True,
    )
    for heading, texts in laid.sections:
        _para(doc, heading, bold=True)
        for text in texts or ["(Không có nội dung.)"]:
            _para(doc, text)
    _para(doc, outline["closing"], bold=True, italic=True, size=12)
    _para(doc, f"- {f.receiver or '…'};\n- Lưu: VT.", size=11)
    _para(doc, outline["signature"], bold=True, center=True)
    table_spec = upstream.template["data_table"]
    for t in laid.tables:
        doc.add_page_break()
        _para(doc, f"{table_spec['title']}: {t.title.upper()}", bold=True, center=True)
        for line in _header_lines(upstream, f):
            _para(doc, line, italic=True, size=12)
        grid = doc.add_table(rows=2 + len(t.rows), cols=len(t.headers))
        grid.style = "Table Grid"
        for j, (header, number) in enumerate(zip(t.headers, t.numbers, strict=True)):
            grid.cell(0, j).text, grid.cell(1, j).text = header, number
            for run in grid.cell(0, j).paragraphs[0].runs:
                run.bold = True
        for i, row in enumerate(t.rows, start=2):
            for j, value in enumerate(row):
                grid.cell(i, j).text = cell_text(value)
        foot = doc.add_table(rows=1, cols=len(table_spec["footers"]))
        for j, text in enumerate(table_spec["footers"]):
            foot.cell(0, j).text = text
    return package_bytes(doc)


def upstream_xlsx(upstream: Upstream, f: Filled, laid: Laid) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    table_spec = upstream.template["data_table"]
    for n, t in enumerate(laid.tables, start=1):
        sheet = book.create_sheet(f"Biểu {n}")
        sheet.append([f"{table_spec['title']}: {t.title.upper()}"])
        sheet["A1"].font = Font(bold=True)
        for line in _header_lines(upstream, f):
            sheet.append([line])
        sheet.append(t.headers)
        sheet.append(t.numbers)
        first = sheet.max_row + 1
        for row in t.rows:
            append_row(sheet, row)  # the units' own words: text, never formulas
        for cells in sheet.iter_rows(min_row=first):
            for c in cells:
                if isinstance(c.value, float):
                    c.number_format = "#,##0.###"
                c.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.append([])
        sheet.append(list(table_spec["footers"]))
        sheet.column_dimensions["B"].width = 60
        sheet.column_dimensions["E"].width = 40
    return package_bytes(book)
