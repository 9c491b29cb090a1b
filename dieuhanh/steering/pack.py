"""What the monthly assessment meeting must decide on, read once for the agenda page and the
.docx pack: what the last meeting decided and where it stands, the targets whose one verdict
is at risk or off track, the overdue lead tasks by agency, the units that did not report, the
period's proposals by theme and by addressee, the confidence disagreements, and the open
explanation requests. Statuses are taken on the meeting day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.http import Http404

from dieuhanh.accounts.models import User
from dieuhanh.core.answers import OPEN_STATES
from dieuhanh.plans.models import Task
from dieuhanh.plans.selectors import task_list
from dieuhanh.plans.status import TaskStatus
from dieuhanh.reporting.models import ReportStatus, TaskUpdate
from dieuhanh.reporting.selectors import Standing, period_board
from dieuhanh.steering.lists import Disagreement, confidence_disagreements
from dieuhanh.steering.models import Conclusion, Explanation, Meeting, Proposal
from dieuhanh.steering.selectors import TargetStanding, target_standings
from dieuhanh.synthesis.letterhead import letterhead


@dataclass(frozen=True)
class DecidedLine:
    """A conclusion of the previous meeting and where its task stands."""

    conclusion: Conclusion
    task: Task
    status: TaskStatus
    percent: int | None
    result: str


@dataclass(frozen=True)
class OverdueGroup:
    unit: str
    tasks: list[Task]


@dataclass(frozen=True)
class ProposalGroup:
    title: str
    proposals: list[Proposal]


@dataclass
class Pack:
    meeting: Meeting
    previous: Meeting | None
    decided: list[DecidedLine]
    targets: list[TargetStanding]
    overdue: list[OverdueGroup]
    missing: list[str]
    by_theme: list[ProposalGroup]
    by_addressee: list[ProposalGroup]
    disagreements: list[Disagreement]
    explanations: list[Explanation]
    # The letterhead, as the synthesis lays it out (synthesis.word reads these names).
    parent_body: str
    issuer: str
    number_symbol: str
    place: str

    @property
    def issued_on(self) -> dt.date:
        return self.meeting.held_on

    @property
    def on(self) -> dt.date:
        return self.meeting.held_on

    @property
    def proposals(self) -> int:
        return sum(len(g.proposals) for g in self.by_theme)


def previous_meeting(meeting: Meeting) -> Meeting | None:
    earlier = Meeting.objects.filter(held_on__lt=meeting.held_on) | Meeting.objects.filter(
        held_on=meeting.held_on, pk__lt=meeting.pk
    )
    return earlier.order_by("-held_on", "-id").first()


def _latest_updates(task_ids: list[int]) -> dict[int, TaskUpdate]:
    """Each task's update in the latest sent (or accepted) report that carries it."""
    qs = (
        TaskUpdate.objects.filter(
            task_id__in=task_ids, report__status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
        )
        .select_related("report__period")
        .order_by("report__period__ends_on", "pk")
    )
    return {u.task_id: u for u in qs}


def _decided(previous: Meeting | None, on: dt.date) -> list[DecidedLine]:
    if previous is None:
        return []
    conclusions = list(previous.conclusions.select_related("task", "lead_unit"))
    updates = _latest_updates([c.task_id for c in conclusions if c.task_id])
    lines = []
    for c in conclusions:
        if c.task is None:
            continue
        update = updates.get(c.task.pk)
        lines.append(
            DecidedLine(
                c,
                c.task,
                c.task.status_on(on),
                update.percent if update else None,
                update.result if update else "",
            )
        )
    return lines


def _overdue(user: User, on: dt.date) -> list[OverdueGroup]:
    by_unit: dict[str, list[Task]] = defaultdict(list)
    for row in task_list(user=user, on=on):
        if row.status == TaskStatus.OVERDUE:
            by_unit[
                row.task.lead_unit.name if row.task.lead_unit else row.task.lead_text or "Chưa xác định"
            ].append(row.task)
    return [
        OverdueGroup(u, tasks) for u, tasks in sorted(by_unit.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]


def _grouped(proposals: list[Proposal], key: str) -> list[ProposalGroup]:
    groups: dict[str, list[Proposal]] = defaultdict(list)
    for p in proposals:
        title = (p.theme or "Khác") if key == "theme" else p.addressee_label
        groups[title].append(p)
    return [ProposalGroup(t, ps) for t, ps in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def meeting_pack(*, user: User, meeting: Meeting) -> Pack:
    """The agenda and pack of `meeting`. Programme-wide roles only."""
    if not user.sees_whole_programme:
        raise Http404("Không tìm thấy.")
    on, period = meeting.held_on, meeting.period
    previous = previous_meeting(meeting)
    board = period_board(user=user, period=period, on=max(on, period.due_on + dt.timedelta(days=1)))
    proposals = list(
        Proposal.objects.filter(report__period=period).select_related("unit", "addressee_unit", "report")
    )
    head = letterhead(period=period, issued_on=on)
    return Pack(
        meeting=meeting,
        previous=previous,
        decided=_decided(previous, on),
        targets=[s for s in target_standings(user=user, on=on) if s.verdict.needs_attention],
        overdue=_overdue(user, on),
        missing=[r.unit.name for r in board.rows if r.standing == Standing.MISSING],
        by_theme=_grouped(proposals, "theme"),
        by_addressee=_grouped(proposals, "addressee"),
        disagreements=confidence_disagreements(user=user),
        explanations=list(
            Explanation.objects.filter(state__in=OPEN_STATES).select_related(
                "unit", "task", "target", "period"
            )
        ),
        parent_body=head.parent_body,
        issuer=head.issuer,
        number_symbol=head.number_symbol,
        place=head.place,
    )
