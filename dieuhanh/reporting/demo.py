"""The demo's reporting history: the regimes of the Hải Dương programme and every monthly
report of the demo units from February 2025 to the last closed period — most accepted, some
late, some returned and corrected, a few missing. Everything goes through the services, so
completions, versions and the audit trail are the real ones; only the timestamps are then
moved back to the day the report would have been sent."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from dieuhanh.accounts.demo import DEMO_PASSWORD
from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.services import user_upsert
from dieuhanh.indicators.models import DataValue, Indicator, Source
from dieuhanh.plans.models import Task
from dieuhanh.reporting import expectations, services
from dieuhanh.reporting.models import (
    Frequency,
    Period,
    RegimeIndicator,
    RegimeMembership,
    Report,
    ReportRegime,
    ReportStatus,
    ReportVersion,
    TaskProgress,
)
from dieuhanh.reporting.notify import letters_off
from dieuhanh.reporting.periods import period_code
from dieuhanh.units.models import Province, Unit, UnitSuccession
from dieuhanh.units.structure import unit_successors

MERGER = dt.date(2025, 7, 1)
PROGRAMME_START = dt.date(2025, 2, 1)
HAI_DUONG_CITY = "vn2024:d:288"
# Agencies that report monthly on the programme (Hải Dương's, then their Hải Phòng successors).
AGENCIES = (
    "hd:so-khcn",
    "hd:bql-kcn",
    "hd:so-tttt",
    "hd:so-tc",
    "hd:so-khdt",
    "hd:so-noivu",
    "hd:so-ct",
    "hd:so-yt",
    "hd:so-gddt",
    "hd:so-vhttdl",
    "hd:so-nnmt",
    "hd:so-xd",
    "hd:vp-ubnd",
    "hd:ca",
)

NINE_ELEMENTS = (
    "Nội dung: kết quả thực hiện các nhiệm vụ được giao tại Kế hoạch 726/KH-UBND và kế hoạch của đơn vị "
    "(tiến độ, kết quả, minh chứng); số liệu các chỉ số được giao; khó khăn, vướng mắc; đề xuất, kiến nghị."
)
OUTLINE = (
    "I. Kết quả thực hiện trong kỳ (theo từng nhóm nhiệm vụ). II. Nhiệm vụ chậm tiến độ, nguyên nhân. "
    "III. Khó khăn, vướng mắc. IV. Đề xuất, kiến nghị. V. Nhiệm vụ trọng tâm kỳ tới."
)
DATA_TABLE = (
    "Biểu 01: tiến độ nhiệm vụ (mã, tình hình, % tiến độ, kết quả, minh chứng). Biểu 02: số liệu chỉ số."
)


@dataclass(frozen=True)
class RegimeSpec:
    name: str
    frequency: Frequency
    due_day: int
    # Every programme report carries task progress: a quarter, half-year or year gathers the
    # tasks of the months it covers (its window spans them), starting from the last accepted month.
    asks_task_updates: bool


REGIMES = (
    RegimeSpec("Báo cáo tháng kết quả thực hiện Nghị quyết 57-NQ/TW", Frequency.MONTHLY, 15, True),
    RegimeSpec("Báo cáo quý kết quả thực hiện Nghị quyết 57-NQ/TW", Frequency.QUARTERLY, 15, True),
    RegimeSpec("Báo cáo 6 tháng kết quả thực hiện Nghị quyết 57-NQ/TW", Frequency.HALF_YEARLY, 15, True),
    RegimeSpec("Báo cáo năm kết quả thực hiện Nghị quyết 57-NQ/TW", Frequency.YEARLY, 15, True),
)


def _regime_upsert(spec: RegimeSpec, receiver: Unit) -> ReportRegime:
    regime, _ = ReportRegime.objects.update_or_create(
        name=spec.name,
        defaults={
            "content": NINE_ELEMENTS,
            "receiving_unit": receiver,
            "frequency": spec.frequency,
            "due_day": spec.due_day,
            "cutoff_day": 15,
            "asks_task_updates": spec.asks_task_updates,
            "outline_template": OUTLINE,
            "data_table_template": DATA_TABLE,
            "starts_on": PROGRAMME_START,
            "legal_basis": "Nghị định 09/2019/NĐ-CP; mục III Kế hoạch 726/KH-UBND ngày 20/02/2025",
            "channel": "Hệ thống dieuhanh; văn bản ký số gửi qua hệ thống quản lý văn bản khi cần",
        },
    )
    return regime


# Communes report the dossiers of the essential public services each month (seed 002).
COMMUNE_INDICATORS = ("DVC_HS", "DVC_HS_TT")


def _asked_indicators_load(regime: ReportRegime) -> None:
    for order, code in enumerate(COMMUNE_INDICATORS):
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is not None:
            RegimeIndicator.objects.update_or_create(
                regime=regime, indicator=indicator, unit_kind=Unit.Kind.COMMUNE, defaults={"order": order}
            )


def _indicator_inputs(report: Report) -> list[services.IndicatorValueInput]:
    """The commune's figures for the month as the indicator demo recorded them (or its latest
    earlier month where the demo series stops), so the report and the series agree."""
    code = period_code(report.period)
    values = DataValue.objects.filter(
        unit=report.unit, period__lte=code, source=Source.DEMO, disaggregation=""
    )
    known: dict[int, float] = {}
    for indicator_id, value in values.order_by("period").values_list("indicator_id", "value"):
        known[indicator_id] = value
    return [
        services.IndicatorValueInput(indicator_id=row.indicator_id, value=known.get(row.indicator_id))
        for row in report.indicator_values.all()
    ]


def _demo_units() -> list[Unit]:
    """The Hải Dương agencies and the communes of the city of Hải Dương, then their successors."""
    old = list(
        Unit.objects.filter(Q(code__in=AGENCIES) | Q(parent_links__parent__code=HAI_DUONG_CITY)).distinct()
    )
    successors = Unit.objects.filter(predecessions__predecessor__in=old, valid_from__gte=MERGER).distinct()
    agencies_after = Unit.objects.filter(predecessions__predecessor__in=old, kind=Unit.Kind.AGENCY).distinct()
    return old + list(successors) + [u for u in agencies_after if u not in old]


def _memberships_load(regime: ReportRegime, units: list[Unit]) -> None:
    merged_on = {
        s.predecessor_id: s.effective_on for s in UnitSuccession.objects.filter(predecessor__in=units)
    }
    for unit in units:
        # A Hải Phòng agency joins the programme with the merger; units before it leave then.
        valid_from = MERGER if unit.code.startswith("hp:") else unit.valid_from
        valid_to = unit.valid_to or (
            merged_on[unit.pk] - dt.timedelta(days=1) if unit.pk in merged_on else None
        )
        RegimeMembership.objects.update_or_create(
            regime=regime, unit=unit, defaults={"valid_from": valid_from, "valid_to": valid_to}
        )


def _reporter_for(unit: Unit) -> User:
    """The person who files for a unit: the demo reporter of the unit carrying it today, or
    a per-unit account created for the demo."""
    carrier = next((u for u, _ in unit_successors(unit=unit, on=timezone.localdate())), unit)
    existing = User.objects.filter(
        unit=carrier, role__in=(Role.AGENCY_REPORTER, Role.COMMUNE_REPORTER)
    ).first()
    if existing:
        return existing
    role = Role.COMMUNE_REPORTER if carrier.kind == Unit.Kind.COMMUNE else Role.AGENCY_REPORTER
    return user_upsert(
        username=f"bc-{carrier.code.replace(':', '-')}",
        full_name=f"Cán bộ báo cáo {carrier.name}",
        role=role,
        unit=carrier,
        password=DEMO_PASSWORD,
    )


@dataclass(frozen=True)
class Fate:
    """How one report goes in the demo, drawn from a seeded generator so reloads agree."""

    missing: bool
    late_days: int
    returned: bool
    pending_review: bool


def _fate(unit: Unit, period: Period, *, last: bool) -> Fate:
    rng = random.Random(f"{unit.code}|{period.year}-{period.number}")
    draw = rng.random()
    return Fate(
        missing=draw < 0.05,
        late_days=rng.randint(1, 9) if 0.05 <= draw < 0.17 else 0,
        returned=0.17 <= draw < 0.24,
        pending_review=last and rng.random() < 0.3,
    )


def _done_on(task: Task) -> dt.date | None:
    """The day a demo task gets done — the same in every unit's report — or None for the
    third or so of tasks that slip and stay open (overdue)."""
    rng = random.Random(f"task|{task.code}")
    if task.due is None or rng.random() < 0.35:
        return None
    done_on = task.due + dt.timedelta(days=rng.choice((-20, -8, -2, 4, 15, 45, 100)))
    return max(done_on, task.document.issued_on or done_on)


def _progress_for(task: Task, period: Period, rng: random.Random) -> tuple[str, int, dt.date | None]:
    done_on = _done_on(task)
    if done_on is not None and done_on <= period.ends_on:
        return TaskProgress.DONE, 100, done_on
    return TaskProgress.IN_PROGRESS, rng.choice((30, 50, 60, 70, 80, 90)), None


RESULTS = (
    "Đã ban hành văn bản triển khai; đang tổ chức thực hiện theo kế hoạch.",
    "Đã phối hợp với Sở KH&CN hoàn thiện dự thảo, trình UBND tỉnh.",
    "Đã tổ chức hội nghị quán triệt, tuyên truyền đến các doanh nghiệp trong KCN.",
)
DIFFICULTIES = (
    "Thiếu nhân lực chuyên trách về chuyển đổi số.",
    "Kinh phí năm chưa được bố trí kịp thời.",
    "Chờ hướng dẫn của Trung ương về tiêu chí đánh giá.",
    "",
)
PROPOSALS = (
    "Đề nghị Sở KH&CN tổ chức tập huấn kỹ năng số cho cán bộ.",
    "Đề nghị bố trí kinh phí năm tới cho hạ tầng CNTT.",
    "",
)


def _fill(report: Report, user: User, rng: random.Random, *, thin: bool) -> None:
    """Fill the draft; a `thin` one has no highlights and leaves results out where it may,
    which is what the reviewer sends back."""
    updates = []
    for update in report.task_updates.select_related("task", "task__document"):
        progress, percent, done_on = _progress_for(update.task, report.period, rng)
        result = rng.choice(RESULTS)  # drawn even when left out, so both versions draw alike
        result = "" if thin and progress != TaskProgress.DONE else result
        updates.append(
            services.TaskUpdateInput(
                task_id=update.task_id,
                progress=progress,
                percent=percent,
                result=result,
                completed_on=done_on,
            )
        )
    data = services.ReportInput(
        highlights="" if thin else f"Triển khai các nhiệm vụ {report.period.label.lower()} theo kế hoạch.",
        difficulties=rng.choice(DIFFICULTIES),
        proposals=rng.choice(PROPOSALS),
        updates=updates,
        indicator_values=_indicator_inputs(report),
    )
    report.refresh_from_db()
    services.report_save(report_id=report.pk, user=user, version=report.version, data=data)
    report.refresh_from_db()
    services.report_submit(report_id=report.pk, user=user, version=report.version)


def _backdate(report: Report, sent: dt.datetime, *, reviewed: bool) -> None:
    """Move the timestamps back to when the report would have been sent: a corrected version
    three days after the first, the review two days after the last."""
    versions = list(ReportVersion.objects.filter(report=report).order_by("number"))
    for version in versions:
        version.submitted_at = sent + dt.timedelta(days=3 * (version.number - 1))
    ReportVersion.objects.bulk_update(versions, ["submitted_at"])
    last = versions[-1].submitted_at if versions else sent
    review = last + dt.timedelta(days=2) if reviewed else None
    report.refresh_from_db()
    report.first_submitted_at, report.submitted_at, report.reviewed_at = sent, last, review
    bulk_update_with_history([report], Report, ["first_submitted_at", "submitted_at", "reviewed_at"])


def _file(period: Period, unit: Unit, admin: User, *, last: bool) -> str:
    fate = _fate(unit, period, last=last)
    if fate.missing:
        return "missing"
    reporter = _reporter_for(unit)
    rng = random.Random(f"content|{unit.code}|{period.pk}")
    report = services.report_open(user=reporter, period=period, unit=unit)
    _fill(report, reporter, rng, thin=fate.returned)
    sent = timezone.make_aware(
        dt.datetime.combine(
            period.due_on + dt.timedelta(days=fate.late_days - 2),
            dt.time(9 + rng.randint(0, 7), rng.randint(0, 59)),
        )
    )
    if fate.pending_review:
        _backdate(report, sent, reviewed=False)
        return "pending"
    if fate.returned:
        services.report_return(
            report_id=report.pk,
            user=admin,
            comment="Đề nghị bổ sung kết quả cụ thể và minh chứng cho các nhiệm vụ đã hoàn thành.",
        )
        _fill(report, reporter, random.Random(f"content|{unit.code}|{period.pk}"), thin=False)
    services.report_accept(report_id=report.pk, user=admin)
    _backdate(report, sent, reviewed=True)
    return "returned" if fate.returned else ("late" if fate.late_days > 2 else "accepted")


def _file_period(period: Period, admin: User, counts: dict[str, int], *, last: bool) -> None:
    filed = (
        Report.objects.filter(period=period)
        .exclude(status=ReportStatus.DRAFT)
        .values_list("unit_id", flat=True)
    )
    for unit in expectations.expected_units(period=period).exclude(pk__in=set(filed)):
        outcome = _file(period, unit, admin, last=last)
        counts[outcome] = counts.get(outcome, 0) + 1


@transaction.atomic
def reporting_load_demo(*, until: dt.date | None = None) -> dict[str, int]:
    """Regimes, members, periods, and the monthly reports of every period closed by `until`
    (today by default). Idempotent: reports already filed are left as they are. The history's
    notifications are rows; its letters are not sent (they belong to the past)."""
    with letters_off():
        return _reporting_load(until)


def _reporting_load(until: dt.date | None) -> dict[str, int]:
    until = until or timezone.localdate()
    receiver = Unit.objects.get(code="hp:so-khcn")
    units = _demo_units()
    regimes = [_regime_upsert(spec, receiver) for spec in REGIMES]
    _asked_indicators_load(regimes[0])
    # The dashboard and the synthesis follow the monthly regime the province record names.
    Province.objects.filter(is_deployed=True).update(monthly_regime=regimes[0])
    for regime in regimes:
        _memberships_load(regime, units)
        services.periods_open_until(regime=regime, on=until)
    admin = User.objects.get(username="quantri")
    counts: dict[str, int] = {}
    for regime in regimes:
        closed = list(regime.periods.filter(due_on__lt=until).order_by("due_on"))
        for period in closed:
            _file_period(period, admin, counts, last=period == closed[-1])
    closed_months = regimes[0].periods.filter(due_on__lt=until).count()
    return {
        "Chế độ báo cáo": len(regimes),
        "Kỳ báo cáo tháng đã đóng": closed_months,
        "Báo cáo mẫu đã nộp": sum(v for k, v in counts.items() if k != "missing"),
        "Báo cáo mẫu bị trả lại rồi sửa": counts.get("returned", 0),
        "Báo cáo mẫu còn thiếu": counts.get("missing", 0),
    }


def reminders_load_demo(*, until: dt.date | None = None) -> dict[str, int]:
    """The reminders of the last closed monthly period, as the schedule sent them (three days
    before, on and after the due date) to the units that had not reported, and one "Nhắc ngay"
    from the administrator today — so the chasing page shows who was reminded and when. The
    demo's past letters are not sent; the notifications are real rows."""
    from dieuhanh.reporting.models import Reminder
    from dieuhanh.reporting.reminders import remind_now, reminders_send

    until = until or timezone.localdate()
    regime = ReportRegime.objects.filter(frequency=Frequency.MONTHLY, active=True).order_by("pk").first()
    period = expectations.latest_closed_period(regime=regime, on=until) if regime else None
    if period is None or period.reminders.exists():
        return {"Nhắc nhở đã gửi": 0}
    with letters_off():
        for days, hour in ((-3, 8), (0, 8), (1, 9)):
            day = period.due_on + dt.timedelta(days=days)
            before = set(Reminder.objects.filter(period=period).values_list("pk", flat=True))
            reminders_send(on=day)
            sent_at = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
            Reminder.objects.filter(period=period).exclude(pk__in=before).update(sent_at=sent_at)
        pending = Report.objects.filter(period=period, first_submitted_at__isnull=False).values("unit_id")
        late = expectations.expected_units(period=period).exclude(pk__in=pending).order_by("name").first()
        if late is not None:
            remind_now(period=period, unit=late, user=User.objects.get(username="quantri"))
    return {"Nhắc nhở đã gửi": Reminder.objects.filter(period=period).count()}
