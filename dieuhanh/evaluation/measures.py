"""Measures taken from the platform's own records, for the criteria a rubric maps to them
(`parameters.measures`). Each returns the criterion's inputs and a sentence saying where they
came from, or None when the platform holds nothing for the unit (the unit then enters the
figure with evidence). Work recorded under a unit's predecessors counts (its lineage).

Sources:
- plans.tasks_on_time — share of the unit's tasks due in the year done on time (lead 1,
  partner `parameters.partner_weight`), status as of the round's data day;
- plans.unfinished_tasks — the unit's lead tasks due in the year and not done (a deduction);
- reporting.periodic_reports — every report of the listed frequencies due in the year: sent,
  accepted (content complete) and on time (three conditions of a yes/no rule);
- reporting.on_time_share — percentage of expected reports sent on time;
- indicators.value — an indicator's value for the unit in the year (`code`; with a
  comparison rule, this year and last);
- zones.enterprise_dx — the mean DX level (0–5) of enterprises' latest submitted
  self-assessments: enterprises of zones in the commune, or of every zone for the units the
  measure lists under `zone_board_units`;
- steering.freshness — reporting hygiene: share of open lead tasks reported on and not stale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from dieuhanh.core.periods import Period as IndicatorPeriod
from dieuhanh.core.text import with_unit
from dieuhanh.evaluation.rubric import CriterionSpec, Params
from dieuhanh.evaluation.scoring import n, q2
from dieuhanh.indicators.aggregation import values_at
from dieuhanh.indicators.models import Indicator
from dieuhanh.plans.models import Task
from dieuhanh.plans.status import TaskStatus, task_due_on
from dieuhanh.reporting.models import Period, RegimeMembership, Report, ReportStatus
from dieuhanh.steering.measures import freshness_measure
from dieuhanh.units.models import Unit
from dieuhanh.zones.models import Assessment

DUE = (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE, TaskStatus.OVERDUE)


@dataclass(frozen=True)
class Measured:
    inputs: dict[str, Any]
    source: str


@dataclass(frozen=True)
class Scope:
    unit: Unit
    lineage: set[int]
    year: int
    on: dt.date
    params: Params


def measure(c: CriterionSpec, scope: Scope) -> Measured | None:
    if not c.measure:
        return None
    source = c.measure.get("source")
    fn = _SOURCES.get(str(source))
    return fn(c, scope) if fn else None


def _tasks_in_year(scope: Scope) -> list[tuple[Task, Decimal]]:
    """The unit's tasks due in the year, each with its weight (lead 1, partner as the rubric says)."""
    tasks = (
        Task.objects.filter(in_scope=True)  # a higher plan's context tasks are never the unit's to score
        .filter(Q(lead_unit_id__in=scope.lineage) | Q(partner_units__in=scope.lineage))
        .distinct()
        .prefetch_related("partner_units")
    )
    out = []
    for t in tasks:
        due = task_due_on(t, scope.on)
        if due is None or due.year != scope.year or due > scope.on:
            continue
        weight = Decimal(1) if t.lead_unit_id in scope.lineage else scope.params.partner_weight
        if weight:
            out.append((t, weight))
    return out


def _tasks_on_time(c: CriterionSpec, scope: Scope) -> Measured | None:
    rows = [(t, w, t.status_on(scope.on)) for t, w in _tasks_in_year(scope)]
    due = [(t, w, s) for t, w, s in rows if s in DUE]
    if not due:
        return None
    total = sum((w for _, w, _ in due), Decimal(0))
    done = sum((w for _, w, s in due if s == TaskStatus.DONE_ON_TIME), Decimal(0))
    pct = q2(100 * done / total)
    codes = ", ".join(t.code for t, _, s in due if s != TaskStatus.DONE_ON_TIME)
    late = f"; chưa đúng hạn: {codes}" if codes else ""
    weight = (
        f", phối hợp tính {n(scope.params.partner_weight)}"
        if scope.params.partner_weight
        else ", chỉ tính nhiệm vụ chủ trì"
    )
    return Measured(
        {"value": float(pct), "done_on_time": float(done), "due": float(total)},
        f"Hệ thống — danh mục nhiệm vụ: {n(done)}/{n(total)} nhiệm vụ đến hạn trong năm hoàn thành đúng hạn "
        f"(tính đến {scope.on:%d/%m/%Y}{weight}){late}",
    )


def _unfinished_tasks(c: CriterionSpec, scope: Scope) -> Measured | None:
    lead = [t for t, w in _tasks_in_year(scope) if t.lead_unit_id in scope.lineage]
    if not lead:
        return None
    overdue = [t.code for t in lead if t.status_on(scope.on) == TaskStatus.OVERDUE]
    text = (
        f"quá hạn chưa hoàn thành: {', '.join(overdue)}" if overdue else "không có nhiệm vụ chủ trì quá hạn"
    )
    return Measured(
        {"occurred": bool(overdue), "count": len(overdue)},
        f"Hệ thống — danh mục nhiệm vụ, tính đến {scope.on:%d/%m/%Y}: {text}",
    )


def _expected_periods(scope: Scope, frequencies: list[str] | None) -> list[Period]:
    periods = Period.objects.filter(due_on__year=scope.year, due_on__lte=scope.on).select_related("regime")
    if frequencies:
        periods = periods.filter(regime__frequency__in=frequencies)
    members = RegimeMembership.objects.filter(unit_id__in=scope.lineage)
    out = []
    for p in periods.order_by("due_on"):
        on = p.ends_on
        if (
            members.filter(regime_id=p.regime_id)
            .filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=on),
                Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            )
            .exists()
        ):
            out.append(p)
    return out


def _report_counts(c: CriterionSpec, scope: Scope) -> tuple[list[Period], int, int, int] | None:
    periods = _expected_periods(scope, (c.measure or {}).get("frequencies"))
    if not periods:
        return None
    reports = {
        r.period_id: r
        for r in Report.objects.filter(period__in=periods, unit_id__in=scope.lineage).select_related("period")
    }
    sent = [
        r
        for r in reports.values()
        if r.first_submitted_at and timezone.localdate(r.first_submitted_at) <= scope.on
    ]
    accepted = sum(1 for r in sent if r.status == ReportStatus.ACCEPTED)
    on_time = sum(1 for r in sent if not r.is_late())
    return periods, len(sent), accepted, on_time


def _periodic_reports(c: CriterionSpec, scope: Scope) -> Measured | None:
    counts = _report_counts(c, scope)
    if counts is None:
        return None
    periods, sent, accepted, on_time = counts
    expected = len(periods)
    return Measured(
        {
            "conditions": [sent == expected, accepted == expected, on_time == expected],
            "expected": expected,
            "sent": sent,
            "accepted": accepted,
            "on_time": on_time,
        },
        f"Hệ thống — báo cáo định kỳ năm {scope.year}: phải gửi {expected}, đã gửi {sent}, "
        f"đã duyệt (đủ nội dung) {accepted}, đúng hạn {on_time}",
    )


def _on_time_share(c: CriterionSpec, scope: Scope) -> Measured | None:
    counts = _report_counts(c, scope)
    if counts is None:
        return None
    periods, sent, _, on_time = counts
    pct = q2(Decimal(100 * on_time) / len(periods))
    return Measured(
        {"value": float(pct), "expected": len(periods), "on_time": on_time},
        f"Hệ thống — báo cáo định kỳ năm {scope.year}: {on_time}/{len(periods)} báo cáo gửi đúng hạn",
    )


def _indicator_value(c: CriterionSpec, scope: Scope) -> Measured | None:
    code = str((c.measure or {}).get("code"))
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        return None
    years = [IndicatorPeriod.parse(str(scope.year)), IndicatorPeriod.parse(str(scope.year - 1))]
    values = values_at(indicators=[indicator], unit=scope.unit, periods=years, on=scope.on)
    current, previous = values[(indicator.pk, years[0].code)], values[(indicator.pk, years[1].code)]
    if current is None:
        return None
    uom = indicator.unit_of_measure
    shown = with_unit(n(q2(Decimal(str(current)))), uom)
    where = f"Hệ thống — chỉ số {indicator.code} «{indicator.name}»: năm {scope.year} = {shown}"
    if c.kind == "comparison":
        before = "chưa có số liệu" if previous is None else with_unit(n(q2(Decimal(str(previous)))), uom)
        return Measured(
            {"current": round(current, 2), "previous": None if previous is None else round(previous, 2)},
            f"{where}; năm {scope.year - 1}: {before}",
        )
    return Measured({"value": round(current, 2)}, where)


def _enterprise_dx(c: CriterionSpec, scope: Scope) -> Measured | None:
    board_units = set((c.measure or {}).get("zone_board_units") or [])
    qs = Assessment.objects.filter(status=Assessment.Status.SUBMITTED, submitted_at__date__lte=scope.on)
    if scope.unit.code in board_units:
        qs = qs.filter(enterprise__zone__isnull=False)
    else:
        qs = qs.filter(enterprise__zone__commune_id__in=scope.lineage)
    latest: dict[int, Assessment] = {}
    for a in qs.order_by("enterprise_id", "-submitted_at"):
        latest.setdefault(a.enterprise_id, a)
    levels = [a.level for a in latest.values() if a.level is not None]
    if not levels:
        return None
    mean = q2(Decimal(sum(levels)) / len(levels))
    return Measured(
        {"value": float(mean), "enterprises": len(levels)},
        f"Hệ thống — tự đánh giá CĐS của doanh nghiệp: {len(levels)} doanh nghiệp, mức bình quân {n(mean)}/5 "
        f"(bản nộp gần nhất đến {scope.on:%d/%m/%Y})",
    )


_SOURCES = {
    "plans.tasks_on_time": _tasks_on_time,
    "plans.unfinished_tasks": _unfinished_tasks,
    "reporting.periodic_reports": _periodic_reports,
    "reporting.on_time_share": _on_time_share,
    "indicators.value": _indicator_value,
    "zones.enterprise_dx": _enterprise_dx,
    "steering.freshness": freshness_measure,
}


def days_late(submitted_at: dt.datetime | None, due: dt.date) -> int:
    """Whole calendar days (Vietnam's) after the due date; 0 when on time or not sent."""
    if submitted_at is None:
        return 0
    return max(0, (timezone.localdate(submitted_at) - due).days)
