"""One entry, every upstream: the monthly synthesis and each unit's report, laid out in an
upstream body's templates (Nghị định 09/2019's outline and data table first).

An upstream is a folder under upstreams/: `template.json` describes what the upstream
prescribes (outline headings, data-table columns, with its source) and `mapping.json` says
which of our fields fills which slot. Our fields are the fixed vocabulary below (`Filled`);
a new upstream (the national NQ57 monitoring system, once its format is published) is a new
folder, not new code. The figures are those at the regime's cut-off: the synthesis is built
as the register stands on the period's last cut-off day, a report carries its own period's."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from dieuhanh.core.text import format_number, percent_of
from dieuhanh.reporting.models import Period, Report, TaskProgress
from dieuhanh.synthesis.selectors import Gathered, Synthesis, TaskCounts

UPSTREAMS = Path(__file__).parent / "upstreams"
_NAME = re.compile(r"^[a-z0-9_-]{1,40}$")


class UpstreamError(LookupError):
    pass


@dataclass(frozen=True)
class Upstream:
    name: str
    template: dict[str, Any]
    mapping: dict[str, Any]


@cache
def upstream_get(name: str) -> Upstream:
    folder = UPSTREAMS / name
    if not _NAME.match(name) or not (folder / "template.json").is_file():
        raise UpstreamError(f"Không có mẫu báo cáo cấp trên “{name}”.")
    template = json.loads((folder / "template.json").read_text(encoding="utf-8"))
    mapping = json.loads((folder / "mapping.json").read_text(encoding="utf-8"))
    return Upstream(name, template, mapping)


def upstream_names() -> list[str]:
    return sorted(p.name for p in UPSTREAMS.iterdir() if (p / "template.json").is_file())


Row = dict[str, object]


@dataclass
class Filled:
    """Our side of the exchange: the named fields a mapping may ask for."""

    kind: str  # "synthesis" or "report"
    parent_body: str
    issuer: str
    receiver: str
    number_symbol: str
    place: str
    issued_on: dt.date
    period_text: str
    cutoff_from: dt.date
    cutoff_to: dt.date
    unit: str
    paragraphs: dict[str, list[str]] = field(default_factory=dict)
    tables: dict[str, list[Row]] = field(default_factory=dict)


# ---- our fields -----------------------------------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _counts_text(c: TaskCounts) -> str:
    return (
        f"tổng số {c.total}; hoàn thành {c.done} ({percent_of(c.done, c.total)}), trong đó đúng hạn "
        f"{c.on_time}, chậm {c.late}; quá hạn {c.overdue}; hoàn thành trong kỳ {c.done_in_period}"
    )


def _gathered(items: list[Gathered]) -> list[str]:
    return [f"{g.text} ({', '.join(g.units)})" for g in items]


def filled_from_synthesis(s: Synthesis, period: Period) -> Filled:
    t = s.totals
    statuses: dict[str, int] = {}
    for target in s.targets:
        statuses[target.status] = statuses.get(target.status, 0) + 1
    status_text = ", ".join(f"{label.lower()} {n}" for label, n in statuses.items())
    open_tasks = [
        f"{x.code}: {x.text}" + (f" (hạn {x.due:%d/%m/%Y})" if x.due else "")
        for x in s.tasks
        if not x.status.lower().startswith("hoàn thành") and not x.status.lower().startswith("đã hoàn thành")
    ]
    return Filled(
        kind="synthesis",
        parent_body=s.parent_body,
        issuer=s.issuer,
        receiver=s.parent_body,
        number_symbol=s.number_symbol,
        place=s.place,
        issued_on=s.issued_on,
        period_text=s.period_text,
        cutoff_from=period.starts_on,
        cutoff_to=period.ends_on,
        unit=s.issuer,
        paragraphs={
            "task_summary": [
                f"Đến ngày {s.as_of:%d/%m/%Y} (ngày chốt số liệu), nhiệm vụ: {_counts_text(t)}."
            ],
            "target_summary": [
                f"Chỉ tiêu theo dõi: {len(s.targets)}" + (f" ({status_text})." if status_text else ".")
            ],
            "reporting_summary": [
                f"Báo cáo của các đơn vị: nhận {s.received}/{s.expected}, đúng hạn {s.on_time}, "
                f"đã duyệt {s.accepted}."
            ],
            "highlights": _gathered(s.highlights),
            "difficulties": _gathered(s.difficulties),
            "proposals": _gathered(s.proposals),
            "open_tasks": open_tasks,
        },
        tables={
            "targets": [
                {
                    "code": x.code,
                    "name": x.name,
                    "goal": f"{x.goal} ({x.horizon_year})",
                    "current": x.current,
                    "status": x.status,
                }
                for x in s.targets
            ],
            "task_groups": [
                {
                    "number": g.number,
                    "title": g.title,
                    "done": g.counts.done,
                    "counts_text": _counts_text(g.counts),
                }
                for g in s.groups
            ],
        },
    )


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def filled_from_report(report: Report, issued_on: dt.date) -> Filled:
    period = report.period
    regime = period.regime
    updates = list(report.task_updates.select_related("task").order_by("task__code"))
    done = sum(1 for u in updates if u.progress == TaskProgress.DONE)
    values = list(
        report.indicator_values.select_related("indicator").order_by("indicator__order", "indicator__code")
    )
    return Filled(
        kind="report",
        parent_body="",  # the letterhead's upper line is the issuer's managing body, not the receiver
        issuer=report.unit.name,
        receiver=regime.receiving_unit.name if regime.receiving_unit_id else "",
        number_symbol="",
        place="",
        issued_on=issued_on,
        period_text=_lower_first(period.label),
        cutoff_from=period.starts_on,
        cutoff_to=period.ends_on,
        unit=report.unit.name,
        paragraphs={
            "task_summary": [
                f"Số liệu chốt từ ngày {period.starts_on:%d/%m/%Y} đến ngày {period.ends_on:%d/%m/%Y}: "
                f"báo cáo {len(updates)} nhiệm vụ, đã hoàn thành {done}."
            ],
            "highlights": _lines(report.highlights),
            "difficulties": _lines(report.difficulties),
            "proposals": _lines(report.proposals),
            "open_tasks": [
                f"{u.task.code}: {u.task.text}" for u in updates if u.progress != TaskProgress.DONE
            ],
        },
        tables={
            "indicators": [
                {
                    "name": v.indicator.name,
                    "unit_of_measure": v.indicator.unit_of_measure,
                    "value": v.value,
                    "comment": v.comment,
                }
                for v in values
            ],
            "tasks": [
                {
                    "text": f"{u.task.code}. {u.task.text}",
                    "percent": u.percent,
                    "progress": TaskProgress(u.progress).label,
                }
                for u in updates
            ],
        },
    )


# ---- laying our fields into an upstream's slots ----------------------------------------------


@dataclass(frozen=True)
class LaidTable:
    title: str
    headers: list[str]
    numbers: list[str]
    rows: list[list[object]]  # numbers stay numbers (the .xlsx keeps them), text stays text


@dataclass(frozen=True)
class Laid:
    title: str
    sections: list[tuple[str, list[str]]]
    tables: list[LaidTable]


def _cell(row: Row, source: str, index: int) -> object:
    if source == "#":
        return index
    if source.startswith("="):
        return source[1:]
    value = row.get(source)
    return "" if value is None else value


def lay_out(upstream: Upstream, filled: Filled) -> Laid:
    """The mapping applied: each template slot gets the fields the mapping names."""
    doc = upstream.mapping["documents"][filled.kind]
    title = doc["title"].format(period_text=filled.period_text, unit=filled.unit)
    sections = []
    for section in upstream.template["outline"]["sections"]:
        texts: list[str] = []
        for name in doc["sections"].get(section["id"], []):
            texts += filled.paragraphs.get(name, [])
        sections.append((section["heading"], texts))
    columns = upstream.template["data_table"]["columns"]
    tables = []
    for spec in doc["tables"]:
        rows = filled.tables.get(spec["rows"], [])
        sources = [spec["columns"].get(c["id"], "") for c in columns]
        laid_rows = [[_cell(r, s, i) if s else "" for s in sources] for i, r in enumerate(rows, 1)]
        headers, numbers = [c["header"] for c in columns], [c["number"] for c in columns]
        tables.append(LaidTable(spec["title"], headers, numbers, laid_rows))
    return Laid(title, sections, tables)


def cell_text(value: object) -> str:
    """As a Vietnamese document prints it: 1.234,5."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return str(value)
