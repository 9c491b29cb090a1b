"""Read endpoints of the programme register, scoped exactly like the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router
from pydantic import Field

from dieuhanh.accounts import rules
from dieuhanh.accounts.models import User
from dieuhanh.api.guards import api_user
from dieuhanh.api.pagination import PageIn, page_doc, page_of
from dieuhanh.api.schemas import ERRORS, IsoDate, SinceIn, TargetOut, TaskOut, UnitRef
from dieuhanh.plans import selectors
from dieuhanh.plans.models import Target, Task
from dieuhanh.plans.status import TaskStatus, task_due_on
from dieuhanh.steering import lists
from dieuhanh.steering.api import ConfidenceOut, confidence_out
from dieuhanh.steering.changes import targets_changed_since
from dieuhanh.steering.selectors import target_standing_get, target_standings
from dieuhanh.steering.verdicts import Verdict
from dieuhanh.units.models import Unit

router = Router(tags=["Kế hoạch, nhiệm vụ, chỉ tiêu"])


def _reader(request: HttpRequest) -> User:
    return api_user(
        request, rules.can_read_register, "Tài khoản của bạn không có quyền xem danh mục nhiệm vụ."
    )


def _unit(u: Unit) -> UnitRef:
    return UnitRef(id=u.pk, code=u.code, name=u.name)


def _task_out(task: Task, status: TaskStatus, on: dt.date) -> TaskOut:
    return TaskOut(
        id=task.pk,
        code=task.code,
        section=task.section,
        group=task.group.number,
        text=task.text,
        issuer_role=task.issuer_role,
        lead_unit=_unit(task.lead_unit) if task.lead_unit else None,
        lead_text=task.lead_text,
        partner_units=[_unit(u) for u in task.partner_units.all()],
        deliverable=task.deliverable,
        deadline_text=task.deadline_text,
        due=task_due_on(task, on),
        recurrence=task.recurrence,
        condition=task.condition,
        completed_on=task.completed_on,
        status=status.value,
        status_label=status.label,
    )


@router.get(
    "/tasks",
    response={200: list[TaskOut], **ERRORS},
    summary="Danh sách nhiệm vụ trong phạm vi người dùng",
    **page_doc(
        "Lọc theo `status`, `lead_unit` (đơn vị chủ trì), `group` (nhóm nhiệm vụ), "
        "`plan` (văn bản kế hoạch), `updated_since` (nhiệm vụ có thay đổi trong lịch sử của nó "
        "từ thời điểm đó, như `/tasks/{id}/history`; trạng thái tự đổi theo ngày không phải là thay đổi)."
    ),
)
def list_tasks(  # noqa: PLR0913 (each filter is a query parameter of the operation)
    request: HttpRequest,
    response: HttpResponse,
    page: Query[PageIn],
    since: Query[SinceIn],
    on: IsoDate | None = None,
    status: TaskStatus | None = None,
    lead_unit: Annotated[int | None, Field(ge=1, le=2**31 - 1)] = None,
    group: Annotated[int | None, Field(ge=1, le=2**31 - 1)] = None,
    plan: Annotated[int | None, Field(ge=1, le=2**31 - 1)] = None,
):
    user = _reader(request)
    day = on or timezone.localdate()
    filters = selectors.TaskFilters(status=status, lead_unit_id=lead_unit, group_id=group)
    moment = since.updated_since
    changed = None if moment is None else selectors.task_ids_changed_since(user=user, since=moment)
    rows = [
        r
        for r in selectors.task_list(user=user, on=day, filters=filters)
        if plan in (None, r.task.document_id) and (changed is None or r.task.pk in changed)
    ]
    return [_task_out(r.task, r.status, day) for r in page_of(request, response, rows, page)]


class TaskDetailOut(TaskOut):
    """One task, with both judgements of its delivery confidence and their history (issue 18 §7)."""

    confidence: ConfidenceOut


class TargetDetailOut(TargetOut):
    confidence: ConfidenceOut


@router.get("/tasks/{task_id}", response={200: TaskDetailOut, **ERRORS}, summary="Một nhiệm vụ")
def get_task(request: HttpRequest, task_id: int):
    user = _reader(request)
    day = timezone.localdate()
    task = selectors.task_get(user=user, pk=task_id)
    out = _task_out(task, task.status_on(day), day)
    return TaskDetailOut(**out.dict(), confidence=confidence_out(lists.task_confidence(task=task)))


@router.get(
    "/targets",
    response={200: list[TargetOut], **ERRORS},
    summary="Danh sách chỉ tiêu, với đánh giá tiến độ",
    **page_doc(
        "`updated_since`: chỉ tiêu mà đánh giá có thể đã khác từ thời điểm đó — chỉ tiêu được sửa (lịch sử "
        "của nó), có số liệu của chỉ số đo nó được ghi nhận (`recorded_at`), hoặc có đánh giá khả năng "
        "đạt được ghi; ngày trôi qua không phải là thay đổi."
    ),
)
def list_targets(
    request: HttpRequest,
    response: HttpResponse,
    page: Query[PageIn],
    since: Query[SinceIn],
    on: IsoDate | None = None,
):
    user = _reader(request)
    verdicts = {s.target.pk: s.verdict for s in target_standings(user=user, on=on or timezone.localdate())}
    scoped = targets_changed_since(selectors.target_list(user=user), since=since.updated_since)
    targets = [t for t in scoped if t.pk in verdicts]
    return [_target_out(t, verdicts[t.pk]) for t in page_of(request, response, targets, page)]


# Mounted after the indicators' router: `/targets/progress` must match before `/targets/{target_id}`.
target_router = Router(tags=["Kế hoạch, nhiệm vụ, chỉ tiêu"])


@target_router.get(
    "/targets/{target_id}",
    response={200: TargetDetailOut, **ERRORS},
    summary="Một chỉ tiêu, với đánh giá tiến độ và khả năng đạt",
)
def get_target(request: HttpRequest, target_id: int, on: IsoDate | None = None):
    user = _reader(request)
    standing = target_standing_get(user=user, target_id=target_id, on=on or timezone.localdate())
    target = standing.target
    out = _target_out(target, standing.verdict)
    return TargetDetailOut(**out.dict(), confidence=confidence_out(lists.target_confidence(target=target)))


def verdict_fields(verdict: Verdict) -> dict[str, Any]:
    return {
        "verdict": verdict.code,
        "verdict_label": verdict.label,
        "reasons": list(verdict.reasons),
        "probability": verdict.probability,
    }


def _target_out(t: Target, verdict: Verdict) -> TargetOut:
    return TargetOut(
        **verdict_fields(verdict),
        id=t.pk,
        code=t.code,
        name=t.name,
        text=t.text,
        comparator=t.comparator,
        value=float(t.value) if t.value is not None else None,
        unit_of_measure=t.unit_of_measure,
        horizon_year=t.horizon_year,
        baseline_value=float(t.baseline_value) if t.baseline_value is not None else None,
        baseline_year=t.baseline_year,
        document=str(t.document.number),
    )
