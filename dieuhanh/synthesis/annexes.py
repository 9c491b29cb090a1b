"""The annex tables, as plain rows: the .docx and the .xlsx print the same figures."""

from __future__ import annotations

from dieuhanh.synthesis.selectors import Synthesis, TaskCounts

Annex = tuple[str, str, list[str], list[list[object]]]
COUNT_HEADER = ["Tổng số", "Hoàn thành đúng hạn", "Hoàn thành chậm", "Quá hạn", "Hoàn thành trong kỳ"]


def _counts(c: TaskCounts) -> list[object]:
    return [c.total, c.on_time, c.late, c.overdue, c.done_in_period]


def annex_tables(s: Synthesis) -> list[Annex]:
    """The annexes as (number, title, header, rows)."""
    totals = s.totals
    groups = [[g.number, g.title, *_counts(g.counts)] for g in s.groups]
    groups.append(["", "Tổng cộng", *_counts(totals)])
    units = [[i, u.name, *_counts(u.counts)] for i, u in enumerate(s.units, 1)]
    targets: list[list[object]] = [
        [t.code, t.name, f"{t.goal} ({t.horizon_year})", t.current, t.status] for t in s.targets
    ]
    tasks: list[list[object]] = [
        [
            t.code,
            t.text,
            t.lead,
            t.due,
            t.status,
            f"{t.percent} %" if t.percent is not None else None,
            t.result,
        ]
        for t in s.tasks
    ]
    standings: list[list[object]] = [
        [
            i,
            x.unit,
            x.submitted_on,
            "Muộn" if x.late else ("Đúng hạn" if x.submitted_on else "Chưa gửi"),
            x.standing,
        ]
        for i, x in enumerate(s.standings, 1)
    ]
    return [
        ("I", "Kết quả thực hiện nhiệm vụ theo nhóm", ["Nhóm", "Tên nhóm nhiệm vụ", *COUNT_HEADER], groups),
        ("II", "Nhiệm vụ theo đơn vị chủ trì", ["TT", "Đơn vị chủ trì", *COUNT_HEADER], units),
        (
            "III",
            "Tiến độ thực hiện các chỉ tiêu",
            ["Mã", "Chỉ tiêu", "Mục tiêu", "Hiện tại", "Đánh giá"],
            targets,
        ),
        (
            "IV",
            "Tiến độ từng nhiệm vụ theo báo cáo đã duyệt",
            ["Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Tình trạng", "Tiến độ", "Kết quả trong kỳ"],
            tasks,
        ),
        ("V", "Tình hình gửi báo cáo", ["TT", "Đơn vị", "Ngày gửi", "Thời hạn", "Tình trạng"], standings),
    ]
