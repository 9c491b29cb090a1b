"""The meeting pack as a .docx: the synthesis's own Nghị định 30/2020 builder (letterhead,
paragraphs, annex tables, package normalisation) with the pack's content — not a second
builder. The pack is the Sở's report to the meeting, so it carries the Sở's letterhead."""

from __future__ import annotations

from docx import Document
from docx.document import Document as DocxDocument

from dieuhanh.core.text import format_number
from dieuhanh.steering.pack import Pack
from dieuhanh.synthesis import word as w
from dieuhanh.synthesis.package import package_bytes


def pack_docx(pack: Pack) -> bytes:
    doc = Document()
    w._page_setup(doc)
    _properties(doc, pack)
    w._heading_block(doc, pack)  # type: ignore[arg-type]  # reads parent_body, issuer, place, issued_on
    _title(doc, pack)
    _decided(doc, pack)
    _agenda(doc, pack)
    _closing(doc, pack)
    _annexes(doc, pack)
    return package_bytes(doc)


def _properties(doc: DocxDocument, pack: Pack) -> None:
    props = doc.core_properties
    props.author = props.last_modified_by = pack.issuer
    props.title = f"Tài liệu {pack.meeting.title}"
    props.subject = pack.meeting.period.label
    props.comments = props.keywords = props.category = ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _title(doc: DocxDocument, pack: Pack) -> None:
    m = pack.meeting
    w._para(doc, "", after=6)
    w._para(doc, "TÀI LIỆU HỌP", bold=True, align=w.CENTER, after=0)
    w._para(doc, m.title, bold=True, align=w.CENTER, after=2)
    w._para(
        doc,
        f"(Kỳ đánh giá: {m.period.label.lower()}; ngày họp {m.held_on:%d/%m/%Y})",
        italic=True,
        align=w.CENTER,
    )
    w._para(doc, "————————", align=w.CENTER, after=12)
    w._para(
        doc,
        f"{pack.issuer} tổng hợp các nội dung cần {m.chair or 'lãnh đạo'} cho ý kiến, kết luận tại cuộc họp "
        f"đánh giá kết quả thực hiện {m.period.label[:1].lower()}{m.period.label[1:]}, như sau:",
    )


def _decided(doc: DocxDocument, pack: Pack) -> None:
    w._para(doc, "I. KẾT QUẢ THỰC HIỆN KẾT LUẬN CUỘC HỌP KỲ TRƯỚC", bold=True)
    if pack.previous is None or not pack.decided:
        w._para(doc, "Kỳ trước chưa có kết luận được ghi nhận.")
        return
    w._para(
        doc,
        f"Tại {_lower_first(pack.previous.title)} ngày {pack.previous.held_on:%d/%m/%Y}, "
        f"có {len(pack.decided)} kết luận:",
    )
    for line in pack.decided:
        done = f", tiến độ {line.percent} %" if line.percent is not None else ", chưa có báo cáo"
        w._para(
            doc,
            f"- Kết luận {line.conclusion.number} ({line.conclusion.lead_unit.name} chủ trì, "
            f"{line.conclusion.deadline_text}): {line.status.label.lower()}{done}.",
        )


def _agenda(doc: DocxDocument, pack: Pack) -> None:
    w._para(doc, "II. CHỈ TIÊU CÓ NGUY CƠ KHÔNG ĐẠT HOẶC CHẬM, KHÓ ĐẠT", bold=True)
    if not pack.targets:
        w._para(doc, "Không có chỉ tiêu nào được đánh giá có nguy cơ không đạt.")
    for s in pack.targets:
        w._para(doc, f"- {s.target.code}. {s.target.name}: {s.verdict.label.lower()}. {s.verdict.summary}")
    w._para(doc, "III. NHIỆM VỤ QUÁ HẠN THEO ĐƠN VỊ CHỦ TRÌ", bold=True)
    if not pack.overdue:
        w._para(doc, "Không có nhiệm vụ quá hạn.")
    for late in pack.overdue:
        codes = ", ".join(t.code for t in late.tasks)
        w._para(doc, f"- {late.unit}: {len(late.tasks)} nhiệm vụ ({codes}).")
    w._para(doc, "IV. ĐƠN VỊ CHƯA GỬI BÁO CÁO", bold=True)
    w._para(doc, f"{', '.join(pack.missing)}." if pack.missing else "Các đơn vị đều đã gửi báo cáo.")
    w._para(doc, "V. ĐỀ XUẤT, KIẾN NGHỊ CỦA CÁC ĐƠN VỊ", bold=True)
    if not pack.proposals:
        w._para(doc, "Các đơn vị không có đề xuất, kiến nghị trong kỳ.")
    for group in pack.by_addressee:
        w._para(doc, f"- Gửi {group.title}: {len(group.proposals)} kiến nghị.")
    for group in pack.by_theme:
        w._para(doc, f"- Lĩnh vực {group.title.lower()}: {len(group.proposals)} kiến nghị.")
    if pack.proposals:
        w._para(doc, f"(Danh mục chi tiết tại Phụ lục {2 if pack.decided else 1}.)", italic=True)
    w._para(doc, "VI. ĐÁNH GIÁ KHẢ NĂNG HOÀN THÀNH CÓ KHÁC BIỆT", bold=True)
    if not pack.disagreements:
        w._para(doc, f"Không có khác biệt từ hai mức trở lên giữa đơn vị chủ trì và {pack.issuer}.")
    for d in pack.disagreements:
        lead, centre = d.row.lead, d.row.centre
        assert lead is not None and centre is not None
        w._para(
            doc,
            f"- {d.title}: đơn vị chủ trì đánh giá “{lead.get_level_display().lower()}” ({lead.reason}); "
            f"{pack.issuer} đánh giá “{centre.get_level_display().lower()}” ({centre.reason}).",
        )
    w._para(doc, "VII. YÊU CẦU GIẢI TRÌNH CHƯA ĐƯỢC TRẢ LỜI", bold=True)
    if not pack.explanations:
        w._para(doc, "Không có.")
    for e in pack.explanations:
        overdue = " — đã quá hạn" if e.is_late_on(pack.on) else ""
        w._para(doc, f"- {e.unit.name}: {e.about} (hạn {e.respond_by:%d/%m/%Y}{overdue}).")


def _closing(doc: DocxDocument, pack: Pack) -> None:
    w._para(doc, f"{pack.issuer} kính trình {pack.meeting.chair or 'lãnh đạo'} xem xét, kết luận./.")


def _annexes(doc: DocxDocument, pack: Pack) -> None:
    """The annex tables that have rows, numbered in order (an empty annex is left out)."""
    decided = [
        [
            line.conclusion.number,
            line.conclusion.text,
            line.conclusion.lead_unit.name,
            line.conclusion.deadline_text,
            line.status.label,
            f"{format_number(line.percent)} %" if line.percent is not None else "—",
            line.result,
        ]
        for line in pack.decided
    ]
    proposals = [p for group in pack.by_theme for p in group.proposals]
    listed = [
        [i, p.unit.name, p.text, p.theme, p.addressee_label, p.respond_by, p.get_state_display()]
        for i, p in enumerate(proposals, 1)
    ]
    tables = [
        (
            "Kết luận cuộc họp kỳ trước và tình hình thực hiện",
            ["STT", "Nội dung kết luận", "Chủ trì", "Thời hạn", "Tình trạng", "Tiến độ", "Kết quả"],
            decided,
        ),
        (
            "Danh mục đề xuất, kiến nghị của các đơn vị trong kỳ",
            ["STT", "Đơn vị", "Nội dung kiến nghị", "Lĩnh vực", "Gửi tới", "Hạn trả lời", "Trạng thái"],
            listed,
        ),
    ]
    for number, (title, header, rows) in enumerate([t for t in tables if t[2]], 1):
        if number == 1:
            w._landscape_section(doc)
        else:
            w._page_break(doc)
        _annex_title(doc, pack, str(number), title)
        w._table(doc, header, rows)


def _annex_title(doc: DocxDocument, pack: Pack, number: str, title: str) -> None:
    w._para(doc, f"Phụ lục {number}", bold=True, align=w.CENTER, after=0)
    w._para(doc, title.upper(), bold=True, align=w.CENTER, after=0)
    note = f"(Kèm theo Tài liệu họp ngày {pack.meeting.held_on:%d/%m/%Y} của {pack.issuer})"
    w._para(doc, note, italic=True, align=w.CENTER, size=13, after=8)
