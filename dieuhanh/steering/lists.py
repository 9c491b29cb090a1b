"""Reads of the steering loop, scoped by user: proposals, confidence judgements and their
disagreements, explanation requests, and how fresh each unit's information is."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import scoped, user_unit_scope
from dieuhanh.core.errors import found
from dieuhanh.plans.models import Target, Task
from dieuhanh.plans.selectors import task_queryset
from dieuhanh.reporting.models import Period, Report, ReportStatus, TaskProgress, TaskUpdate
from dieuhanh.steering.models import (
    Addressee,
    Confidence,
    Explanation,
    Judge,
    Meeting,
    Proposal,
)
from dieuhanh.units.models import Unit

# Two judgements this many steps apart on the five-point scale go to the meeting.
DISAGREEMENT_STEPS = 2
# "Đang thực hiện" with the same percent for this many accepted reports in a row is stale.
STALE_PERIODS = 3


def meeting_list(*, user: User) -> QuerySet[Meeting]:
    if not user.sees_whole_programme:
        raise Http404("Không tìm thấy.")
    return Meeting.objects.select_related("period", "notice").prefetch_related("conclusions")


def meeting_get(*, user: User, pk: int) -> Meeting:
    return found(meeting_list(user=user).filter(pk=pk).first(), "Không tìm thấy cuộc họp.")


# --- proposals ---------------------------------------------------------------------------


def proposal_queryset(*, user: User) -> QuerySet[Proposal]:
    """Programme-wide roles see every proposal; a unit its own and those it must answer."""
    qs = Proposal.objects.select_related("unit", "addressee_unit", "report__period", "answered_by")
    scope = user_unit_scope(user=user)
    if scope is None:
        return qs
    return qs.filter(Q(unit_id__in=scope) | Q(addressee=Addressee.UNIT, addressee_unit_id__in=scope))


def proposal_get(*, user: User, pk: int) -> Proposal:
    return found(proposal_queryset(user=user).filter(pk=pk).first(), "Không tìm thấy kiến nghị.")


@dataclass(frozen=True)
class AddresseeCount:
    addressee: str
    open: int
    late: int
    answered: int


def proposal_counts(proposals: list[Proposal], *, on: dt.date) -> list[AddresseeCount]:
    """Per addressee: unanswered, of which past their deadline, and answered — the chasing view."""
    open_, late, done = Counter[str](), Counter[str](), Counter[str]()
    for p in proposals:
        if p.is_open():
            open_[p.addressee_label] += 1
            late[p.addressee_label] += p.is_late_on(on)
        else:
            done[p.addressee_label] += 1
    names = sorted(set(open_) | set(done), key=lambda n: (-open_[n], n))
    return [AddresseeCount(n, open_[n], late[n], done[n]) for n in names]


def answers_for_report(*, report: Report, periods: int = 2) -> list[Proposal]:
    """The proposals of the unit's reports in the `periods` periods before this one, with their
    state and answer: what the unit reads in its next report."""
    earlier = list(
        Period.objects.filter(regime=report.period.regime, ends_on__lt=report.period.ends_on)
        .order_by("-ends_on")
        .values_list("pk", flat=True)[:periods]
    )
    return list(
        Proposal.objects.filter(unit=report.unit, report__period_id__in=earlier)
        .select_related("report__period", "addressee_unit")
        .order_by("-report__period__ends_on", "number")
    )


# --- confidence --------------------------------------------------------------------------


@dataclass(frozen=True)
class ConfidenceRow:
    task: Task | None
    target: Target | None
    lead: Confidence | None
    centre: Confidence | None
    history: list[Confidence]

    @property
    def item(self) -> Task | Target:
        item = self.task or self.target
        assert item is not None
        return item

    @property
    def differs(self) -> bool:
        return bool(
            self.lead and self.centre and abs(self.lead.level - self.centre.level) >= DISAGREEMENT_STEPS
        )


def _history_by_item(qs: QuerySet[Confidence]) -> dict[tuple[str, int], list[Confidence]]:
    out: dict[tuple[str, int], list[Confidence]] = defaultdict(list)
    for c in qs.select_related("unit", "recorded_by", "period").order_by("recorded_at", "id"):
        out[("task", c.task_id) if c.task_id else ("target", c.target_id or 0)].append(c)
    return out


def _row(task: Task | None, target: Target | None, history: list[Confidence]) -> ConfidenceRow:
    lead = next((c for c in reversed(history) if c.judge == Judge.LEAD), None)
    centre = next((c for c in reversed(history) if c.judge == Judge.CENTRE), None)
    return ConfidenceRow(task, target, lead, centre, history)


def confidence_rows(*, user: User) -> list[ConfidenceRow]:
    """The tasks a user's unit leads (every in-scope task for the Sở) with both judgements."""
    tasks = list(task_queryset(user=user).filter(in_scope=True, completed_on__isnull=True))
    scope = user_unit_scope(user=user)
    if scope is not None:
        tasks = [t for t in tasks if t.lead_unit_id in scope]
    history = _history_by_item(Confidence.objects.filter(task__in=tasks))
    return [_row(t, None, history.get(("task", t.pk), [])) for t in tasks]


def target_confidence_rows(*, user: User) -> list[ConfidenceRow]:
    """The targets a user's unit leads (every target for the programme) with both judgements."""
    targets = scoped(Target.objects.select_related("document", "lead_unit"), user=user, field="lead_unit_id")
    history = _history_by_item(Confidence.objects.filter(target__in=targets))
    return [_row(None, t, history.get(("target", t.pk), [])) for t in targets]


def task_confidence(*, task: Task) -> ConfidenceRow:
    return _row(task, None, _history_by_item(Confidence.objects.filter(task=task)).get(("task", task.pk), []))


def target_confidence(*, target: Target) -> ConfidenceRow:
    rows = _history_by_item(Confidence.objects.filter(target=target))
    return _row(None, target, rows.get(("target", target.pk), []))


def latest_target_levels(*, on: dt.date) -> dict[int, Confidence]:
    """Each target's standing judgement — the lead's when there is one, else the Sở's — for the verdict."""
    out: dict[int, Confidence] = {}
    qs = Confidence.objects.filter(target__isnull=False, recorded_at__date__lte=on)
    for c in qs.order_by("recorded_at", "id"):
        assert c.target_id is not None
        if c.judge == Judge.LEAD or out.get(c.target_id) is None or out[c.target_id].judge == Judge.CENTRE:
            out[c.target_id] = c
    return out


@dataclass(frozen=True)
class Disagreement:
    row: ConfidenceRow

    @property
    def title(self) -> str:
        return f"Chỉ tiêu {self.row.target}" if self.row.target else str(self.row.item)


def confidence_disagreements(*, user: User) -> list[Disagreement]:
    """Items whose lead and centre judgements are two or more steps apart."""
    if not user.sees_whole_programme:
        raise Http404("Không tìm thấy.")
    both = set(Confidence.objects.filter(judge=Judge.LEAD).values_list("task_id", flat=True)) & set(
        Confidence.objects.filter(judge=Judge.CENTRE).values_list("task_id", flat=True)
    )
    tasks = Task.objects.filter(pk__in=[pk for pk in both if pk]).select_related("lead_unit")
    history = _history_by_item(Confidence.objects.filter(task__in=tasks))
    rows = [_row(t, None, history.get(("task", t.pk), [])) for t in tasks]
    rows += [r for r in target_confidence_rows(user=user) if r.history]
    return [Disagreement(r) for r in rows if r.differs]


# --- explanation requests ----------------------------------------------------------------


def explanation_queryset(*, user: User) -> QuerySet[Explanation]:
    qs = Explanation.objects.select_related("unit", "task", "target", "period", "requested_by", "answered_by")
    return scoped(qs, user=user)


def explanation_get(*, user: User, pk: int) -> Explanation:
    return found(explanation_queryset(user=user).filter(pk=pk).first(), "Không tìm thấy yêu cầu giải trình.")


# --- reporting hygiene -------------------------------------------------------------------


@dataclass
class Freshness:
    """How fresh one unit's information on its lead tasks is."""

    unit: Unit
    tasks: int = 0
    never_updated: int = 0
    stale: int = 0
    # Days since the latest accepted update of each task; None for those never updated.
    ages: list[int | None] | None = None

    @property
    def oldest_days(self) -> int | None:
        known = [a for a in (self.ages or []) if a is not None]
        return max(known) if known else None

    @property
    def median_days(self) -> int | None:
        known = sorted(a for a in (self.ages or []) if a is not None)
        return known[len(known) // 2] if known else None

    @property
    def score(self) -> float | None:
        """Share of tasks neither never-updated nor stale: the rubric's measure (0–1)."""
        return None if not self.tasks else (self.tasks - self.never_updated - self.stale) / self.tasks


def _is_stale(updates: list[TaskUpdate]) -> bool:
    last = updates[-STALE_PERIODS:]
    return (
        len(last) == STALE_PERIODS
        and all(u.progress == TaskProgress.IN_PROGRESS for u in last)
        and len({u.percent for u in last}) == 1
    )


def reporting_freshness(*, user: User, on: dt.date) -> list[Freshness]:
    """Per lead unit (the user's own for a reporter): days since each open task was last
    reported, tasks never reported on, and stale "đang thực hiện" for three periods."""
    tasks = [
        t for t in task_queryset(user=user).filter(in_scope=True, completed_on__isnull=True) if t.lead_unit
    ]
    scope = user_unit_scope(user=user)
    if scope is not None:
        tasks = [t for t in tasks if t.lead_unit_id in scope]
    return _freshness(tasks, on)


def unit_freshness(*, unit: Unit, lineage: set[int], on: dt.date) -> Freshness | None:
    """One unit's freshness over the open tasks it (or a unit it succeeded) leads, counted
    as one line under `unit` — the measure the evaluation rubrics read."""
    tasks = list(
        Task.objects.filter(lead_unit_id__in=lineage, in_scope=True)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=on))
        .select_related("lead_unit")
    )
    if not tasks:
        return None
    merged = Freshness(unit=unit, ages=[])
    for f in _freshness(tasks, on):
        merged.tasks += f.tasks
        merged.never_updated += f.never_updated
        merged.stale += f.stale
        assert merged.ages is not None
        merged.ages += f.ages or []
    return merged


def _freshness(tasks: list[Task], on: dt.date) -> list[Freshness]:
    updates: dict[int, list[TaskUpdate]] = defaultdict(list)
    qs = TaskUpdate.objects.filter(
        task__in=tasks, report__status=ReportStatus.ACCEPTED, report__period__ends_on__lte=on
    ).select_related("report__period", "report", "task")
    for u in qs.order_by("report__period__ends_on", "pk"):
        if u.report.unit_id == u.task.lead_unit_id:
            updates[u.task_id].append(u)
    by_unit: dict[int, Freshness] = {}
    for t in tasks:
        assert t.lead_unit is not None
        f = by_unit.setdefault(t.lead_unit_id or 0, Freshness(unit=t.lead_unit, ages=[]))
        mine = updates.get(t.pk, [])
        f.tasks += 1
        f.never_updated += not mine
        f.stale += _is_stale(mine)
        assert f.ages is not None
        f.ages.append((on - mine[-1].report.period.ends_on).days if mine else None)
    return sorted(by_unit.values(), key=lambda f: (f.score if f.score is not None else 1, f.unit.name))
