"""The synthesis as a .docx laid out as Nghị định 30/2020/NĐ-CP asks of an administrative
report: national motto and issuer side by side, number and date, title, body, "Nơi nhận"
beside the signature block, Times New Roman 13–14 on A4, then the annex tables.

python-docx writes text through lxml, so "KH&CN" is stored once-escaped and reads back as
"KH&CN"; nothing here builds XML by hand from user text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from copy import deepcopy
from typing import Any
from urllib.parse import quote

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from dieuhanh.core.pause import pause_point
from dieuhanh.core.text import format_number, percent_of
from dieuhanh.synthesis.annexes import annex_tables
from dieuhanh.synthesis.package import package_bytes
from dieuhanh.synthesis.selectors import Gathered, Synthesis, TaskCounts

FONT = "Times New Roman"
PROGRAMME = (
    "Kết quả thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, "
    "công nghệ, đổi mới sáng tạo và chuyển đổi số"
)
# A4 landscape for the annexes: the usable width after the margins.
LANDSCAPE_WIDTH = Cm(29.7 - 2 - 1.5)
# Times New Roman 11 pt: about 0,19 cm a character on average, 0,4 cm of cell padding.
CHAR_CM, PADDING_CM, MIN_COLUMN_CM, LONGEST_CHARS = 0.19, 0.4, 1.2, 90
SHORT_COLUMN_CM, MIN_LONG_COLUMN_CM = 4.2, 3.0
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY

Container = object  # a Document or a table cell: both have add_paragraph()


def synthesis_docx(synthesis: Synthesis, *, link_base: str = "") -> bytes:
    """The monthly synthesis as a Word document. `link_base` (the platform's address, e.g.
    "https://dieuhanh.haiphong.gov.vn"): the figures of the targets at risk link to their
    sources there; without it the document carries no links (a bench, a test)."""
    doc = Document()
    _page_setup(doc)
    _core_properties(doc, synthesis)
    _heading_block(doc, synthesis)
    _title(doc, synthesis)
    _body(doc, synthesis, link_base)
    pause_point("synthesis")  # test-only: a crash while the document is being built
    _signature_block(doc, synthesis)
    _annexes(doc, synthesis)
    return package_bytes(doc)


def vi_date_words(day: dt.date) -> str:
    """30/06/2025 → "ngày 30 tháng 6 năm 2025". Nghị định 30 writes a 0 before days below 10
    and before months 1 and 2 ("ngày 05 tháng 02 năm 2026")."""
    d = f"{day.day:02d}" if day.day < 10 else str(day.day)
    m = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {d} tháng {m} năm {day.year}"


def _page_setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _core_properties(doc: DocxDocument, s: Synthesis) -> None:
    props = doc.core_properties
    stamp = dt.datetime.combine(s.issued_on, dt.time(8, 0))
    props.author = props.last_modified_by = s.issuer_short
    props.title = f"Báo cáo {PROGRAMME.lower()} {s.period_text}"
    props.subject = s.period.label
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    props.comments = props.keywords = props.category = ""


def _para(
    where: Container,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: int | None = JUSTIFY,
    indent: bool = True,
    after: float = 6,
) -> Paragraph:
    p = where.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    fmt.first_line_indent = Cm(1) if indent and align == JUSTIFY else None
    if text:
        run = p.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
    return p


def _cell(cell: _Cell, lines: Sequence[tuple[str, float, bool, bool]]) -> None:
    """Fill a layout cell with centred lines (text, size, bold, italic)."""
    first = cell.paragraphs[0]
    for i, (text, size, bold, italic) in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        p.alignment = CENTER
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic


def _heading_block(doc: DocxDocument, s: Synthesis) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, [Cm(6.2), Cm(10.3)])
    left, right = table.rows[0].cells
    _cell(
        left,
        [
            (s.parent_body.upper(), 13, False, False),
            (s.issuer.upper(), 13, True, False),
            ("———————", 13, False, False),
            (f"Số:       {s.number_symbol}", 13, False, False),
        ],
    )
    _cell(
        right,
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True, False),
            ("Độc lập - Tự do - Hạnh phúc", 14, True, False),
            ("———————————————", 13, False, False),
            (f"{s.place}, {vi_date_words(s.issued_on)}", 14, False, True),
        ],
    )


def _title(doc: DocxDocument, s: Synthesis) -> None:
    _para(doc, "", after=6)
    _para(doc, "BÁO CÁO", bold=True, align=CENTER, after=0)
    _para(doc, f"{PROGRAMME} {s.period_text}", bold=True, align=CENTER, after=2)
    _para(doc, "————————", align=CENTER, after=12)
    intro = (
        f"Thực hiện chế độ báo cáo {s.period.regime.get_frequency_display().lower()} "
        f"({s.period.regime.legal_basis or 'theo quy định'}), trên cơ sở báo cáo đã được duyệt của các "
        f"đơn vị (số liệu từ ngày {s.period.starts_on:%d/%m/%Y} đến ngày {s.as_of:%d/%m/%Y}), "
        f"{s.issuer} tổng hợp kết quả thực hiện {s.period_text} như sau:"
    )
    _para(doc, intro)


def _counts_text(c: TaskCounts) -> str:
    return (
        f"tổng số {c.total} nhiệm vụ; đã hoàn thành {c.done} ({percent_of(c.done, c.total)}), "
        f"trong đó đúng hạn {c.on_time}, chậm {c.late}; quá hạn chưa hoàn thành {c.overdue}; "
        f"đang thực hiện, chưa đến hạn hoặc thường xuyên {c.other}; hoàn thành trong kỳ {c.done_in_period}"
    )


def _body(doc: DocxDocument, s: Synthesis, link_base: str = "") -> None:
    _para(doc, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO NHÓM", bold=True)
    _para(doc, f"Đến ngày {s.as_of:%d/%m/%Y}, {_counts_text(s.totals)}.")
    for i, g in enumerate(s.groups, 1):
        done = f" Hoàn thành trong kỳ: {', '.join(g.done_in_period)}." if g.done_in_period else ""
        _para(doc, f"{i}. Nhóm {g.number}. {g.title}: {_counts_text(g.counts)}.{done}")
    _targets_section(doc, s, link_base)
    _units_section(doc, s)
    _reporting_section(doc, s)
    _gathered_section(
        doc, "V. KHÓ KHĂN, VƯỚNG MẮC", s.difficulties, "Các đơn vị không nêu khó khăn, vướng mắc."
    )
    _gathered_section(doc, "VI. ĐỀ XUẤT, KIẾN NGHỊ", s.proposals, "Các đơn vị không có đề xuất, kiến nghị.")
    _para(doc, "(Chi tiết tại các Phụ lục kèm theo.)", italic=True)
    _para(
        doc,
        f"{s.issuer} kính báo cáo {s.parent_body} xem xét, chỉ đạo./.",
    )


def _hyperlink(paragraph: Paragraph, url: str, text: str, *, size: float = 14) -> None:
    """An external link as Word writes one (python-docx has no API for it): blue, underlined."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    for tag, value in (("w:color", "0563C1"), ("w:u", "single"), ("w:sz", str(int(size * 2)))):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        props.append(element)
    run.append(props)
    body = OxmlElement("w:t")
    body.text = text
    run.append(body)
    link.append(run)
    paragraph._p.append(link)


def _targets_section(doc: DocxDocument, s: Synthesis, link_base: str = "") -> None:
    _para(doc, "II. TIẾN ĐỘ THỰC HIỆN CÁC CHỈ TIÊU", bold=True)
    by_status: dict[str, int] = {}
    for t in s.targets:
        by_status[t.status] = by_status.get(t.status, 0) + 1
    summary = "; ".join(f"{label}: {n}" for label, n in sorted(by_status.items(), key=lambda kv: -kv[1]))
    _para(doc, f"Tổng số {len(s.targets)} chỉ tiêu. {summary}.")
    for t in (t for t in s.targets if t.risk):
        p = _para(doc, f"- {t.code}. {t.name} (mục tiêu {t.goal} năm {t.horizon_year}): {t.risk}")
        if link_base and t.indicator_code:
            p.add_run(" (").font.size = Pt(14)
            url = f"{link_base}/chi-so/{quote(t.indicator_code)}/nguon/?ngay={s.as_of:%d/%m/%Y}"
            _hyperlink(p, url, "nguồn số liệu")
            p.add_run(")").font.size = Pt(14)


def _units_section(doc: DocxDocument, s: Synthesis) -> None:
    _para(doc, "III. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CỦA CÁC ĐƠN VỊ CHỦ TRÌ", bold=True)
    lagging = [u for u in s.units if u.counts.overdue or u.counts.late]
    if not lagging:
        _para(doc, "Các đơn vị đều thực hiện đúng tiến độ các nhiệm vụ đã đến hạn.")
    for u in lagging:
        c = u.counts
        _para(
            doc,
            f"- {u.name}: chủ trì {c.total} nhiệm vụ, hoàn thành {c.done} (chậm {c.late}), "
            f"quá hạn {c.overdue}.",
        )


def _reporting_section(doc: DocxDocument, s: Synthesis) -> None:
    _para(doc, "IV. TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ", bold=True)
    _para(
        doc,
        f"Kỳ {s.period_text} có {s.expected} đơn vị phải báo cáo (hạn gửi ngày {s.period.due_on:%d/%m/%Y}); "
        f"đã nhận {s.received} báo cáo ({percent_of(s.received, s.expected)}), đúng hạn {s.on_time} "
        f"({percent_of(s.on_time, s.expected)}); đã duyệt {s.accepted}.",
    )
    late = ", ".join(f"{x.unit} (gửi ngày {x.submitted_on:%d/%m/%Y})" for x in s.late_units)
    _para(doc, f"- Đơn vị gửi báo cáo muộn: {late or 'không có'}.")
    missing = ", ".join(x.unit for x in s.missing_units)
    _para(doc, f"- Đơn vị chưa gửi báo cáo: {missing or 'không có'}.")


def _gathered_section(doc: DocxDocument, heading: str, items: list[Gathered], empty: str) -> None:
    _para(doc, heading, bold=True)
    if not items:
        _para(doc, empty)
    for item in items:
        _para(doc, f"- {item.text} ({'; '.join(item.units)}).")


def _signature_block(doc: DocxDocument, s: Synthesis) -> None:
    table = doc.add_table(rows=1, cols=2)
    _fixed_widths(table, [Cm(8.5), Cm(8)])
    left, right = table.rows[0].cells
    recipients = [
        f"- {s.parent_body} (để báo cáo);",
        "- Các đơn vị thực hiện báo cáo;",
        "- Lưu: VT.",
    ]
    p = left.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run("Nơi nhận:")
    run.font.size, run.bold, run.italic = Pt(12), True, True
    for line in recipients:
        q = left.add_paragraph()
        q.paragraph_format.space_after = Pt(0)
        q.add_run(line).font.size = Pt(11)
    _cell(right, [("GIÁM ĐỐC", 14, True, False), ("", 14, False, False), ("", 14, False, False)])


def _page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _landscape_section(doc: DocxDocument) -> None:
    """The annexes go on A4 landscape pages: wide tables, fewer wrapped lines."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(1.5)
    section.left_margin, section.right_margin = Cm(2), Cm(1.5)


def _annex_heading(doc: DocxDocument, s: Synthesis, number: str, title: str, *, first: bool) -> None:
    if first:
        _landscape_section(doc)
    else:
        _page_break(doc)
    _para(doc, f"Phụ lục {number}", bold=True, align=CENTER, after=0)
    _para(doc, title.upper(), bold=True, align=CENTER, after=0)
    when = s.issued_on.strftime("%d/%m/%Y")
    note = f"(Kèm theo Báo cáo số       {s.number_symbol} ngày {when} của {s.issuer})"
    _para(doc, note, italic=True, align=CENTER, size=13, after=8)


def _table(doc: DocxDocument, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """An annex table. The first data row is laid out through python-docx; the others are
    copies of it with their texts set through lxml (escaped there), which is what keeps a
    150-row annex fast: python-docx's per-cell calls cost about a millisecond each."""
    texts = [[_show(v) for v in row] for row in rows]
    widths = column_widths(header, texts, LANDSCAPE_WIDTH)
    table = doc.add_table(rows=2, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False  # python-docx writes <w:tblLayout w:type="fixed"/>
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    head, template = table.rows
    for cell, text, width in zip(head.cells, header, widths, strict=True):
        cell.width = width
        _cell_text(cell, text, bold=True)
    _repeat_as_header(head)
    for cell, width in zip(template.cells, widths, strict=True):
        cell.width = width
        _cell_text(cell, "")
    for row in texts:
        copy = deepcopy(template._tr)
        for run, text in zip(copy.iter(qn("w:r")), row, strict=True):
            _run_text(run, text)
        template._tr.addprevious(copy)
    template._tr.getparent().remove(template._tr)


def _run_text(run: Any, text: str) -> None:
    """Set a run's text as Word stores it: <w:t> pieces with <w:br/> for line breaks."""
    for child in list(run):
        if child.tag in (qn("w:t"), qn("w:br")):
            run.remove(child)
    for i, line in enumerate(_printable(text).split("\n")):
        if i:
            run.append(OxmlElement("w:br"))
        piece = OxmlElement("w:t")
        piece.set(qn("xml:space"), "preserve")
        piece.text = line
        run.append(piece)


def _printable(text: str) -> str:
    """XML 1.0 has no place for control characters other than tab and line breaks."""
    return "".join(c for c in text.replace("\r\n", "\n") if c >= " " or c in "\t\n")


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]], total: int) -> list[int]:
    """Widths that follow the content: a short column (codes, dates, counts, a status) gets
    what its longest text needs, so it never wraps; the long-text columns share the rest in
    proportion to their average length."""
    columns = list(zip(header, *rows, strict=True)) if rows else [(h,) for h in header]
    natural = [_natural_cm(col[0], col[1:]) for col in columns]
    room = total / Cm(1)
    short = {i: w for i, w in enumerate(natural) if w <= SHORT_COLUMN_CM}
    long = [i for i in range(len(columns)) if i not in short]
    left = room - sum(short.values())
    if not long or left < MIN_LONG_COLUMN_CM * len(long):
        widths = natural  # nothing long, or too many columns: scale what each needs
    else:
        mean = {i: _mean_length(columns[i][1:]) for i in long}
        weight = sum(mean.values()) or 1.0
        widths = [
            short[i] if i in short else max(MIN_LONG_COLUMN_CM, left * mean[i] / weight)
            for i in range(len(columns))
        ]
    scale = room / sum(widths)  # fill the page width exactly
    return [Cm(w * scale) for w in widths]


def _mean_length(texts: Sequence[str]) -> float:
    """The average length of the filled cells ("—" is an empty one)."""
    filled = [min(len(t), LONGEST_CHARS) for t in texts if t not in ("", "—")]
    return sum(filled) / len(filled) if filled else 1.0


def _natural_cm(title: str, texts: Sequence[str]) -> float:
    # The header is bold (a fifth wider than plain text) and may take two lines, no more.
    longest_word = round(max([len(w) for w in title.split()] + [len(title) / 2]) * 1.2 + 1)
    longest = max([min(len(t), LONGEST_CHARS) for t in texts] + [longest_word])
    return max(MIN_COLUMN_CM, longest * CHAR_CM + PADDING_CM)


def _fixed_widths(table: Table, widths: Sequence[int]) -> None:
    """Word and LibreOffice honour widths only on every cell of a fixed-layout table."""
    table.autofit = False  # python-docx writes <w:tblLayout w:type="fixed"/>
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _repeat_as_header(row) -> None:  # type: ignore[no-untyped-def]
    """A long table repeats its header row at the top of every page."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _cell_text(cell: _Cell, text: str, *, bold: bool = False) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    run.font.size, run.bold = Pt(11), bold


def _show(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float):
        return format_number(value)
    return str(value)


def _annexes(doc: DocxDocument, s: Synthesis) -> None:
    for i, (number, title, header, rows) in enumerate(annex_tables(s)):
        _annex_heading(doc, s, number, title, first=i == 0)
        _table(doc, header, rows)
