"""The demo of the steering loop: last month's assessment meeting with its pack and three
conclusions that became tasks (one already reported on in this month's report), answered and
unanswered proposals, a few confidence ratings with one disagreement, and one explanation
request. Everything goes through the services, so the audit trail is the real one."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_lineage_ids
from dieuhanh.core.answers import AnswerState
from dieuhanh.plans.models import Target, Task
from dieuhanh.plans.status import TaskStatus
from dieuhanh.reporting import services as reporting
from dieuhanh.reporting.models import Frequency, Period, Report, ReportStatus
from dieuhanh.reporting.notify import letters_off
from dieuhanh.reporting.sections import ReportInput, TaskUpdateInput
from dieuhanh.steering import services
from dieuhanh.steering.models import Addressee, Meeting, Proposal
from dieuhanh.units.models import Unit

CONCLUSIONS = (
    (
        "hp:so-khcn",
        ("hp:so-tc",),
        "Tham mưu UBND thành phố ban hành Quy chế quản lý, sử dụng kinh phí thực hiện Nghị quyết 57-NQ/TW "
        "năm 2027, bảo đảm bố trí đủ kinh phí cho các nhiệm vụ đang chậm tiến độ.",
        "Dự thảo Quy chế trình UBND thành phố",
        "trước ngày 31/01/2027",
    ),
    (
        "hp:so-tc",
        ("hp:so-khcn",),
        "Rà soát, bổ sung dự toán kinh phí chuyển đổi số năm 2027 cho các sở, ngành còn thiếu vốn.",
        "Báo cáo rà soát và phương án bổ sung dự toán",
        "trong tháng 01/2027",
    ),
    (
        "hp:so-noivu",
        (),
        "Hoàn thiện phương án bố trí nhân lực chuyên trách chuyển đổi số tại các phường, xã sau sắp xếp.",
        "Phương án bố trí nhân lực",
        "trước ngày 28/02/2027",
    ),
)


def _monthly_closed(until: dt.date) -> list[Period]:
    return list(
        Period.objects.filter(
            regime__frequency=Frequency.MONTHLY, regime__active=True, due_on__lt=until
        ).order_by("due_on")
    )


def _meeting(period: Period, held_on: dt.date, leader: User) -> Meeting:
    meeting = Meeting.objects.filter(period=period).first()
    if meeting:
        return meeting
    return services.meeting_create(
        period=period,
        held_on=held_on,
        title="Cuộc họp đánh giá kết quả thực hiện Nghị quyết 57-NQ/TW " + period.label.lower(),
        chair="Phó Chủ tịch UBND thành phố",
        user=leader,
    )


def _conclusions(meeting: Meeting, leader: User) -> None:
    if meeting.conclusions.exists():
        return
    for lead, partners, text, deliverable, deadline in CONCLUSIONS:
        services.conclusion_record(
            meeting=meeting,
            data=services.ConclusionInput(
                text=text,
                lead_unit=Unit.objects.get(code=lead),
                partner_units=list(Unit.objects.filter(code__in=partners)),
                deliverable=deliverable,
                deadline_text=deadline,
            ),
            user=leader,
            notice_number="",
            issuer="Ủy ban nhân dân thành phố Hải Phòng",
        )


def _report_on_first(meeting: Meeting, reporter: User, today: dt.date) -> bool:
    """The Sở KH&CN reports on its conclusion in the next month's report and sends it."""
    nxt = (
        Period.objects.filter(regime=meeting.period.regime, starts_on__gt=meeting.period.ends_on)
        .order_by("starts_on")
        .first()
    )
    first = meeting.conclusions.select_related("task").order_by("number").first()
    if nxt is None or first is None or first.task is None or nxt.starts_on > today:
        return False
    assert reporter.unit is not None
    try:
        report = reporting.report_open(user=reporter, period=nxt, unit=reporter.unit)
    except PermissionDenied:
        return False  # before 01/07/2025 the Sở of today was not yet among the period's units
    if (
        report.status != ReportStatus.DRAFT
        or report.task_updates.filter(task=first.task).exclude(percent=0).exists()
    ):
        return False
    data = ReportInput(
        highlights=report.highlights,
        difficulties=report.difficulties,
        proposals=report.proposals,
        updates=[
            TaskUpdateInput(
                task_id=first.task.pk,
                progress="in_progress",
                percent=40,
                result="Đã xây dựng dự thảo Quy chế, đang lấy ý kiến Sở Tài chính và các sở, ngành.",
            )
        ],
    )
    report = reporting.report_save(
        report_id=report.pk, user=reporter, version=report.version, data=data, today=today
    )
    # The rest of the draft may not be complete yet: then the update stays in the draft.
    with contextlib.suppress(ValidationError):
        reporting.report_submit(report_id=report.pk, user=reporter, version=report.version)
    return True


def _settle_older(admin: User, before: Period, now: dt.datetime) -> None:
    """The proposals of the months before the last two were answered at their time."""
    older = Proposal.objects.filter(
        report__period__ends_on__lt=before.starts_on,
        state__in=[AnswerState.PENDING, AnswerState.IN_PROGRESS],
    )
    for p in older.select_related("unit", "addressee_unit"):
        services.proposal_answer(
            proposal=p,
            state=AnswerState.ANSWERED,
            answer="Đã tiếp thu; nội dung được giải quyết theo chỉ đạo của UBND thành phố trong kỳ.",
            user=admin,
            now=now,
        )


def _proposals(admin: User, periods: list[Period], today: dt.date, now: dt.datetime) -> int:
    """Items from the accepted reports of the last two months; some answered, one routed to an agency."""
    reports = Report.objects.filter(period__in=periods, status=ReportStatus.ACCEPTED).exclude(proposals="")
    for report in reports:
        services.proposals_from_report(report=report, today=today - dt.timedelta(days=20))
    items = list(
        Proposal.objects.filter(report__period__in=periods).order_by("report__period__ends_on", "id")
    )
    older = [p for p in items if p.report.period == periods[0]]
    for p in older[:3]:
        if p.is_open():
            services.proposal_answer(
                proposal=p,
                state=AnswerState.ANSWERED,
                answer="Sở KH&CN đã tổng hợp, báo cáo UBND thành phố; kinh phí được bố trí trong dự toán "
                "năm tới (Văn bản số 1520/SKHCN-KHTC).",
                user=admin,
                now=now,
            )
    if len(older) > 3 and older[3].is_open():
        services.proposal_answer(
            proposal=older[3],
            state=AnswerState.ESCALATED,
            answer="Đã chuyển Bộ Khoa học và Công nghệ (thuộc thẩm quyền Trung ương).",
            user=admin,
            now=now,
        )
    tc = Unit.objects.get(code="hp:so-tc")
    open_items = [p for p in items if p.is_open() and p.unit_id != tc.pk]
    if open_items and open_items[0].addressee != Addressee.UNIT:
        services.proposal_route(
            proposal=open_items[0],
            addressee=Addressee.UNIT,
            addressee_unit=tc,
            respond_by=today + dt.timedelta(days=10),
            user=admin,
        )
    return len(items)


def _confidence(meeting: Meeting, admin: User, now: dt.datetime) -> None:
    khcn_user = User.objects.filter(username="sokhcn").first()
    if khcn_user is None:
        return
    # Open tasks the Sở leads (or led under its Hải Dương predecessor), the soonest due first.
    tasks = list(
        Task.objects.filter(
            lead_unit_id__in=user_lineage_ids(user=khcn_user), in_scope=True, completed_on__isnull=True
        ).order_by("due", "id")[:3]
    )
    if not tasks:
        return
    ratings = [
        (2, 2, "Đúng kế hoạch"),
        (1, 4, "Kinh phí chưa được giao, khó hoàn thành đúng hạn"),
        (3, 3, "Chờ hướng dẫn"),
    ]
    for task, (lead, centre, why) in zip(tasks, ratings, strict=False):
        services.confidence_record(
            period=meeting.period,
            task=task,
            level=lead,
            user=khcn_user,
            reason="Đơn vị đã chuẩn bị đủ điều kiện" if lead < 3 else why,
            now=now,
        )
        services.confidence_record(
            period=meeting.period, task=task, level=centre, reason=why, user=admin, now=now
        )
    _target_confidence(meeting, khcn_user, admin, now)


# (target code, the lead's level and reason, the Sở's level and reason or None)
TARGET_RATINGS = (
    ("CT-2030-05", 2, "Đã tích hợp phần lớn thủ tục lên Cổng dịch vụ công", None),
    (
        "CT-2030-09",
        2,
        "Các doanh nghiệp trong khu công nghiệp đã đăng ký đầu tư R&D",
        (4, "Chi cho R&D còn thấp xa mục tiêu 2 % GRDP, xu hướng chưa đủ để đạt"),
    ),
)


def _target_confidence(meeting: Meeting, lead: User, admin: User, now: dt.datetime) -> None:
    """The lead unit rates the targets it leads; the Sở disagrees by two steps on one of them."""
    for code, level, reason, centre in TARGET_RATINGS:
        target = Target.objects.filter(code=code, lead_unit_id__in=user_lineage_ids(user=lead)).first()
        if target is None:
            continue
        services.confidence_record(
            period=meeting.period, target=target, level=level, reason=reason, user=lead, now=now
        )
        if centre:
            services.confidence_record(
                period=meeting.period, target=target, level=centre[0], reason=centre[1], user=admin, now=now
            )


def _explanation(meeting: Meeting, leader: User, today: dt.date, now: dt.datetime) -> None:
    from dieuhanh.steering.models import Explanation

    if Explanation.objects.exists():
        return
    overdue = next(
        (
            t
            for t in Task.objects.filter(in_scope=True, lead_unit__isnull=False).select_related("lead_unit")
            if t.status_on(today) == TaskStatus.OVERDUE
        ),
        None,
    )
    if overdue is None or overdue.lead_unit is None:
        return
    services.explanation_request(
        subject="task",
        task=overdue,
        unit=overdue.lead_unit,
        period=meeting.period,
        question="Đề nghị giải trình lý do nhiệm vụ quá hạn chưa hoàn thành và đề xuất thời hạn "
        "hoàn thành mới.",
        due_on=today + dt.timedelta(days=7),
        user=leader,
        now=now,
    )


@transaction.atomic
def load_steering_demo(*, today: dt.date | None = None) -> dict[str, int]:
    """The loop's demo records. The proposers are told of the answers in the app (rows); the
    letters are not sent (they belong to the past), as with the reporting history."""
    with letters_off():
        return _steering_load(today)


def _steering_load(today: dt.date | None) -> dict[str, int]:
    today = today or timezone.localdate()
    # Records are dated on the demo's day, whatever day the demo is loaded.
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0)))
    closed = _monthly_closed(today)
    if len(closed) < 2:
        return {}
    leader = User.objects.get(username="lanhdao")
    admin = User.objects.get(username="quantri")
    last = closed[-1]
    meeting = _meeting(last, min(last.due_on + dt.timedelta(days=3), today), leader)
    _conclusions(meeting, leader)
    reported = _report_on_first(meeting, User.objects.get(username="sokhcn"), today)
    _settle_older(admin, closed[-2], now)
    proposals = _proposals(admin, closed[-2:], today, now)
    _confidence(meeting, admin, now)
    _explanation(meeting, leader, today, now)
    return {
        "Cuộc họp đánh giá": Meeting.objects.count(),
        "Kết luận thành nhiệm vụ": meeting.conclusions.count(),
        "Kết luận đã được báo cáo": int(reported),
        "Kiến nghị": proposals,
    }
