"""Figures for the Board's overview and the DX results: by zone, sector and size, and the
chart data the page hands to ECharts. Every function takes `user=` and reads through the
scoped selectors."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from dieuhanh.accounts.models import User
from dieuhanh.reporting.expectations import latest_closed_period
from dieuhanh.reporting.selectors import PeriodBoard, period_board
from dieuhanh.zones.models import Assessment, Enterprise, Ownership, Project, Size, Zone
from dieuhanh.zones.models.assessment import LEVELS
from dieuhanh.zones.selectors import enterprise_queryset, request_queryset, zone_queryset
from dieuhanh.zones.services import quarterly_regime
from dieuhanh.zones.vsic import SECTIONS, vsic_section

# Level from which an enterprise counts toward the target on innovative enterprises.
INNOVATIVE_LEVEL = 3
# At or below this level an enterprise goes on the list for support programmes.
SUPPORT_LEVEL = 2
BILLION = Decimal(10) ** 9
MILLION = Decimal(10) ** 6


class _Levels:
    """A line's assessed enterprises by their DX level."""

    levels: list[int]

    @property
    def assessed(self) -> int:
        return len(self.levels)

    @property
    def mean_level(self) -> float | None:
        return sum(self.levels) / len(self.levels) if self.levels else None


@dataclass
class ZoneRow(_Levels):
    zone: Zone
    enterprises: int = 0
    fdi: int = 0
    workers: int = 0
    foreign_workers: int = 0
    registered_vnd: Decimal = Decimal(0)
    disbursed_vnd: Decimal = Decimal(0)
    registered_usd: Decimal = Decimal(0)
    disbursed_usd: Decimal = Decimal(0)
    levels: list[int] = field(default_factory=list)


SUMMED = ("enterprises", "fdi", "workers", "foreign_workers", "registered_usd", "registered_vnd")


def zone_totals(rows: list[ZoneRow]) -> ZoneRow:
    """The province's line under the zones' table (disbursements are per zone, not summed)."""
    totals = ZoneRow(zone=None)  # type: ignore[arg-type]
    for name in SUMMED:
        setattr(totals, name, sum((getattr(r, name) for r in rows), getattr(totals, name)))
    return totals


def latest_assessments(enterprises: list[Enterprise]) -> dict[int, Assessment]:
    """Each enterprise's most recent submitted self-assessment."""
    latest: dict[int, Assessment] = {}
    rows = Assessment.objects.filter(enterprise__in=enterprises, status=Assessment.Status.SUBMITTED).order_by(
        "enterprise_id", "-submitted_at"
    )
    for a in rows:
        latest.setdefault(a.enterprise_id, a)
    return latest


def _capital_by_enterprise(enterprises: list[Enterprise]) -> dict[int, dict[str, Decimal]]:
    sums = (
        Project.objects.filter(enterprise__in=enterprises)
        .exclude(status=Project.Status.STOPPED)
        .values("enterprise_id")
        .annotate(
            rv=Sum("registered_vnd"),
            dv=Sum("disbursed_vnd"),
            ru=Sum("registered_usd"),
            du=Sum("disbursed_usd"),
        )
    )
    return {s["enterprise_id"]: {k: s[k] or Decimal(0) for k in ("rv", "dv", "ru", "du")} for s in sums}


def zone_rows(*, user: User) -> list[ZoneRow]:
    rows = {z.pk: ZoneRow(zone=z) for z in zone_queryset(user=user)}
    enterprises = list(enterprise_queryset(user=user).filter(zone__isnull=False))
    capital = _capital_by_enterprise(enterprises)
    assessed = latest_assessments(enterprises)
    for e in enterprises:
        row = rows.get(e.zone_id or 0)
        if row is None:
            continue
        row.enterprises += 1
        row.fdi += e.ownership == Ownership.FDI
        row.workers += e.workers
        row.foreign_workers += e.foreign_workers
        c = capital.get(e.pk)
        if c:
            row.registered_vnd += c["rv"]
            row.disbursed_vnd += c["dv"]
            row.registered_usd += c["ru"]
            row.disbursed_usd += c["du"]
        if e.pk in assessed and assessed[e.pk].level is not None:
            row.levels.append(assessed[e.pk].level or 0)
    return list(rows.values())


def _f(value: Decimal, scale: Decimal) -> float:
    return float(round(value / scale, 1))


def overview_chart(rows: list[ZoneRow], level_counts: dict[int, int]) -> dict[str, object]:
    """What static/js/zones.js draws; amounts in tỷ đồng and triệu USD."""
    return {
        "zones": [r.zone.name.removeprefix("KCN ").removeprefix("CCN ") for r in rows],
        "occupancy": [
            round(r.zone.occupancy * 100, 1) if r.zone.occupancy is not None else None for r in rows
        ],
        "registered_usd": [_f(r.registered_usd, MILLION) for r in rows],
        "disbursed_usd": [_f(r.disbursed_usd, MILLION) for r in rows],
        "registered_vnd": [_f(r.registered_vnd, BILLION) for r in rows],
        "disbursed_vnd": [_f(r.disbursed_vnd, BILLION) for r in rows],
        "workers_vn": [r.workers - r.foreign_workers for r in rows],
        "workers_foreign": [r.foreign_workers for r in rows],
        "levels": [f"{n} – {label}" for n, label in LEVELS.items()],
        "level_counts": [level_counts.get(n, 0) for n in LEVELS],
    }


@dataclass(frozen=True)
class Activity:
    board: PeriodBoard | None
    requests_open: int
    requests_answered: int
    mean_response_hours: float | None
    assessed: int
    enterprises: int
    innovative: int

    @property
    def innovative_share(self) -> float | None:
        return self.innovative / self.enterprises if self.enterprises else None


def activity(*, user: User, on: dt.date) -> Activity:
    """The portal's traffic: the current quarter's reports, requests, self-assessments."""
    regime = quarterly_regime()
    period = None
    if regime is not None:
        period = regime.periods.filter(starts_on__lte=on).order_by("-due_on").first() or latest_closed_period(
            regime=regime, on=on
        )
    requests = request_queryset(user=user)
    answered = list(requests.exclude(answered_at=None))
    hours = [r.response_time().total_seconds() / 3600 for r in answered if r.response_time() is not None]  # type: ignore[union-attr]
    enterprises = list(enterprise_queryset(user=user))
    assessed = latest_assessments(enterprises)
    return Activity(
        board=period_board(user=user, period=period, on=on) if period else None,
        requests_open=requests.filter(answered_at=None).count(),
        requests_answered=len(answered),
        mean_response_hours=sum(hours) / len(hours) if hours else None,
        assessed=len(assessed),
        enterprises=len(enterprises),
        innovative=sum(1 for a in assessed.values() if (a.level or 0) >= INNOVATIVE_LEVEL),
    )


@dataclass
class Group(_Levels):
    label: str
    enterprises: int = 0
    levels: list[int] = field(default_factory=list)

    @property
    def innovative(self) -> int:
        return sum(1 for lv in self.levels if lv >= INNOVATIVE_LEVEL)


@dataclass(frozen=True)
class DxResults:
    by_zone: list[Group]
    by_sector: list[Group]
    by_size: list[Group]
    level_counts: dict[int, int]
    support: list[tuple[Enterprise, Assessment, str]]


def dx_results(*, user: User) -> DxResults:
    enterprises = list(enterprise_queryset(user=user))
    latest = latest_assessments(enterprises)
    groups: dict[str, dict[str, Group]] = defaultdict(dict)
    size_labels = dict(Size.choices)
    for e in enterprises:
        keys = {
            "zone": e.zone.name if e.zone else "Ngoài khu, cụm công nghiệp",
            "sector": f"{vsic_section(e.vsic)} – {SECTIONS[vsic_section(e.vsic)]}",
            "size": str(size_labels[e.size]),
        }
        for dim, label in keys.items():
            group = groups[dim].setdefault(label, Group(label=label))
            group.enterprises += 1
            if e.pk in latest and latest[e.pk].level is not None:
                group.levels.append(latest[e.pk].level or 0)
    support = [(e, latest[e.pk], _weakest(latest[e.pk])) for e in enterprises if e.pk in latest]
    support = [s for s in support if (s[1].level or 0) <= SUPPORT_LEVEL]
    support.sort(key=lambda s: (s[1].level or 0, s[1].score or 0, s[0].name))
    return DxResults(
        by_zone=sorted(groups["zone"].values(), key=lambda g: g.label),
        by_sector=sorted(groups["sector"].values(), key=lambda g: g.label),
        by_size=[groups["size"][str(label)] for _, label in Size.choices if str(label) in groups["size"]],
        level_counts=dict(Counter(a.level or 0 for a in latest.values())),
        support=support,
    )


def _weakest(assessment: Assessment) -> str:
    if not assessment.pillar_scores:
        return "—"
    names = dict(assessment.questionnaire.pillars.values_list("code", "name"))
    code = min(assessment.pillar_scores, key=lambda c: Decimal(assessment.pillar_scores[c]))
    return f"{names.get(code, code)} ({str(assessment.pillar_scores[code]).replace('.', ',')})"
