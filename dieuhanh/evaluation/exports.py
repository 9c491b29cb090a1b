"""The ranking as Excel, and the evaluation report as a .docx in the Nghị định 30/2020 layout
(the heading, title, signature and annex helpers of synthesis/word.py, not a copy of them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.utils import timezone
from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dieuhanh.core.spreadsheets import new_workbook
from dieuhanh.core.text import format_number
from dieuhanh.evaluation.models import Round
from dieuhanh.evaluation.selectors import HeadRow, RankRow
from dieuhanh.synthesis import word
from dieuhanh.synthesis.letterhead import letterhead
from dieuhanh.synthesis.package import package_bytes
from dieuhanh.synthesis.selectors import Synthesis


def _header(round_: Round) -> list[str]:
    index = round_.rubric.spec().kind == "index"
    groups = [g.code for g in round_.rubric.spec().groups if g.kind == "standard"]
    main = ["Giá trị (0–1)", "Điểm", "Điểm tối đa"] if index else ["Tổng điểm", "Điểm tối đa"]
    return [
        "Hạng",
        "Mã đơn vị",
        "Đơn vị",
        *main,
        "Xếp loại",
        *groups,
        "Năm trước",
        "Tăng/giảm",
        "Hạng tiến bộ",
    ]


def _row(row: RankRow, index: bool) -> list[Any]:
    main = (
        [float(row.card.value), float(row.card.total), float(row.card.max)]
        if index
        else [float(row.card.total), float(row.card.max)]
    )
    groups = [float(g.points) for g in row.card.groups]
    previous = float(_figure_prev(row, index)) if row.previous else None
    return [
        row.rank,
        row.unit.code,
        row.unit.name,
        *main,
        row.card.rating,
        *groups,
        previous,
        float(row.delta) if row.delta is not None else None,
        row.delta_rank,
    ]


def _figure_prev(row: RankRow, index: bool) -> Decimal:
    assert row.previous is not None
    return row.previous.value if index else row.previous.total


def ranking_xlsx(round_: Round, rows: list[RankRow], heads: list[HeadRow] | None = None) -> bytes:
    index = round_.rubric.spec().kind == "index"
    wb, ws = new_workbook("Xếp hạng")
    ws.append([f"{round_.rubric.title} — năm {round_.year}"])
    ws["A1"].font = Font(bold=True, size=13)
    header = _header(round_)
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        ws.append(_row(row, index))
    ws.column_dimensions["C"].width = 48
    ws.freeze_panes = "A3"
    if heads:
        _heads_sheet(wb, round_, heads)
    wb.properties.created = wb.properties.modified = dt.datetime(round_.year + 1, 1, 1)
    return package_bytes(wb)


def _heads_sheet(wb: Workbook, round_: Round, heads: list[HeadRow]) -> None:
    ws = wb.create_sheet("Người đứng đầu")
    ws.append([f"Đánh giá người đứng đầu — {round_.rubric.title} — năm {round_.year}"])
    ws["A1"].font = Font(bold=True, size=13)
    codes = [c.code for c in heads[0].card.criteria]
    ws.append(
        [
            "Hạng",
            "Mã đơn vị",
            "Người đứng đầu đơn vị",
            "Từ điểm đơn vị",
            *codes,
            "Điểm",
            "Điểm tối đa",
            "Xếp loại",
        ]
    )
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for r in heads:
        own = [None if c.missing else float(c.points) for c in r.card.criteria]
        ws.append(
            [r.rank, r.unit.code, r.unit.name, float(r.card.unit_points), *own]
            + [float(r.card.total), float(r.card.max), r.card.rating]
        )
    ws.column_dimensions["C"].width = 48


@dataclass
class _Head:
    """What word.py's heading and signature blocks read from a synthesis: the one letterhead
    (synthesis/letterhead.py, from the province record) and the issue date."""

    parent_body: str
    issuer: str
    issuer_short: str
    place: str
    issued_on: dt.date
    number_symbol: str


def _letterhead(on: dt.date) -> _Head:
    h = letterhead(period=None, issued_on=on)
    return _Head(h.parent_body, h.issuer, h.issuer_short, h.place, on, h.number_symbol)


def ranking_docx(
    round_: Round, rows: list[RankRow], heads: list[HeadRow] | None = None, *, on: dt.date | None = None
) -> bytes:
    day = on or timezone.localdate()
    spec = round_.rubric.spec()
    index = spec.kind == "index"
    head = cast(Synthesis, _letterhead(day))
    doc = Document()
    word._page_setup(doc)
    word._heading_block(doc, head)
    word._para(doc, "", after=6)
    word._para(doc, "BÁO CÁO", bold=True, align=word.CENTER, after=0)
    word._para(
        doc,
        f"Kết quả đánh giá, xếp hạng năm {round_.year} theo {spec.title}",
        bold=True,
        align=word.CENTER,
        after=2,
    )
    word._para(doc, "————————", align=word.CENTER, after=12)
    word._para(doc, _summary(round_, rows, index, head.issuer))
    if not spec.complete:
        word._para(
            doc,
            "Lưu ý: bộ chỉ số chưa đầy đủ theo văn bản; các điểm còn thiếu được tỉnh giả định:",
            italic=True,
        )
        for line in spec.assumptions:
            word._para(doc, f"- {line}", italic=True)
    word._para(doc, "I. KẾT QUẢ XẾP HẠNG", bold=True)
    for row in rows[:3]:
        word._para(doc, f"- Hạng {row.rank}: {row.unit.name} — {_show(row, index)}, {row.card.rating}.")
    leaders = [r for r in rows if r.delta_rank == 1]
    if leaders:
        word._para(doc, "II. ĐƠN VỊ TIẾN BỘ NHẤT SO VỚI NĂM TRƯỚC", bold=True)
        r = leaders[0]
        word._para(doc, f"{r.unit.name}: tăng {format_number(r.delta)} so với năm {round_.year - 1}.")
    if heads:
        word._para(doc, "III. ĐÁNH GIÁ NGƯỜI ĐỨNG ĐẦU", bold=True)
        for h in heads[:3]:
            word._para(
                doc,
                f"- Hạng {h.rank}: người đứng đầu {h.unit.name} — "
                f"{format_number(h.card.total)}/{format_number(h.card.max)} điểm, {h.card.rating}.",
            )
    word._para(doc, f"{head.issuer} kính báo cáo {head.parent_body} xem xét, chỉ đạo./.")
    word._signature_block(doc, head)
    word._page_break(doc)
    word._para(doc, "Phụ lục", bold=True, align=word.CENTER, after=0)
    word._para(doc, "BẢNG XẾP HẠNG", bold=True, align=word.CENTER, after=8)
    header = ["Hạng", "Đơn vị", "Giá trị" if index else "Điểm", "Xếp loại", "Tăng/giảm", "Hạng tiến bộ"]
    table = [[r.rank, r.unit.name, _show(r, index), r.card.rating, r.delta, r.delta_rank] for r in rows]
    word._table(doc, header, table)
    if heads:
        word._para(doc, "", after=6)
        word._para(doc, "ĐÁNH GIÁ NGƯỜI ĐỨNG ĐẦU", bold=True, align=word.CENTER, after=8)
        word._table(
            doc,
            ["Hạng", "Người đứng đầu đơn vị", "Từ điểm đơn vị", "Điểm", "Xếp loại"],
            [
                [
                    h.rank,
                    h.unit.name,
                    format_number(h.card.unit_points),
                    format_number(h.card.total),
                    h.card.rating,
                ]
                for h in heads
            ],
        )
    return package_bytes(doc)


def _show(row: RankRow, index: bool) -> str:
    if index:
        return format_number(row.card.value, 4)
    return f"{format_number(row.card.total)}/{format_number(row.card.max)} điểm"


def _summary(round_: Round, rows: list[RankRow], index: bool, issuer: str) -> str:
    bands: dict[str, int] = {}
    for r in rows:
        bands[r.card.rating] = bands.get(r.card.rating, 0) + 1
    text = "; ".join(f"{label}: {count}" for label, count in bands.items())
    published = sum(1 for r in rows if r.evaluation.is_frozen)
    return (
        f"Thực hiện {round_.rubric.title}, trên cơ sở hồ sơ tự đánh giá của các đơn vị, kết quả thẩm định và "
        f"số liệu trên hệ thống (tính đến ngày {round_.data_as_of:%d/%m/%Y}), "
        f"{issuer} tổng hợp "
        f"kết quả đánh giá {len(rows)} đơn vị ({published} kết quả đã công bố). Kết quả xếp loại: {text}."
    )
