"""Importing a plan document: extract drafts, let the administrator correct them, register
them all at once (Document, TaskGroup, Task, Target) — or nothing, with every problem named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rapidfuzz import fuzz, process

from dieuhanh.core.pause import pause_point
from dieuhanh.core.text import fold
from dieuhanh.plans.deadlines import parse_deadline
from dieuhanh.plans.extract import ExtractError, extract_bytes
from dieuhanh.plans.models import Document, IssuerRole, Target, Task, TaskGroup
from dieuhanh.plans.models_import import PlanImport
from dieuhanh.units.models import Unit

if TYPE_CHECKING:
    from dieuhanh.accounts.models import User

UNIT_KINDS = (Unit.Kind.AGENCY, Unit.Kind.PROVINCE, Unit.Kind.INDUSTRIAL_ZONE)
# Contract units → how the register writes them (plans.models.Target.unit_of_measure).
_UNIT_NAMES = {"rank": "hạng", "index": "chỉ số", "% budget": "% ngân sách", "count": "", None: ""}
_MAX_UPLOAD = 20 * 1024 * 1024


@transaction.atomic
def plan_import_create(*, data: bytes, file_name: str, user: User | None) -> PlanImport:
    """Read an uploaded plan into drafts; a file that is not a plan raises ValidationError."""
    if len(data) > _MAX_UPLOAD:
        raise ValidationError({"file": "Tệp lớn hơn 20 MB; hãy tải lên bản Word hoặc văn bản của kế hoạch."})
    try:
        draft = extract_bytes(data, name=file_name)
    except ExtractError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    payload = draft.to_contract()
    for task in payload["tasks"]:
        task.update(include=True, lead_unit=None, partner_units=[], implements=None)
    for target in payload["targets"]:
        target["include"] = True
    payload["implements_document"] = None
    payload["issuer_unit"] = None
    return PlanImport.objects.create(
        file_name=file_name[:255], draft=payload, source_lines=draft.source_lines, created_by=user
    )


@transaction.atomic
def plan_import_review(*, plan_import: PlanImport, data: dict[str, Any]) -> PlanImport:
    """Apply the reviewer's corrections (the review form's cleaned values) to the drafts."""
    _check_open(plan_import)
    draft = plan_import.draft
    draft["document"].update(data["document"])
    draft["issuer_unit"] = data.get("issuer_unit")
    draft["implements_document"] = data.get("implements_document")
    for task, edits in zip(draft["tasks"], data["tasks"], strict=True):
        task.update(edits)
        task["deadline"] = parse_deadline(edits.get("deadline_text") or "").to_contract()
    for target, edits in zip(draft["targets"], data["targets"], strict=True):
        target.update(edits)
    plan_import.save(update_fields=["draft"])
    return plan_import


@transaction.atomic
def plan_import_register(*, plan_import: PlanImport, user: User | None) -> Document:
    """Register every kept draft in one step. Any problem raises ValidationError listing them
    all (with the task's or target's position) and nothing is saved."""
    _check_open(plan_import)
    draft = plan_import.draft
    errors = _problems(draft)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            document = _document(draft)
            groups = _groups(draft, document)
            _tasks(draft, document, groups, user)
            pause_point("plan_register")  # test-only: a crash with the tasks written, not the targets
            _targets(draft, document)
    except IntegrityError as exc:
        raise ValidationError(
            f"Không đăng ký được: văn bản số “{draft['document'].get('number')}” đã có trong hệ thống."
        ) from exc
    plan_import.status = PlanImport.Status.REGISTERED
    plan_import.document = document
    plan_import.save(update_fields=["status", "document"])
    return document


def _check_open(plan_import: PlanImport) -> None:
    if plan_import.status != PlanImport.Status.DRAFT:
        raise ValidationError("Kế hoạch này đã được đăng ký; không thể sửa hay đăng ký lại.")


# --- checks -----------------------------------------------------------------------------


def _problems(draft: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    doc = draft["document"]
    if not (doc.get("title") or "").strip():
        problems.append("Văn bản: chưa có trích yếu (tên kế hoạch).")
    if not (doc.get("issuer") or "").strip():
        problems.append("Văn bản: chưa có cơ quan ban hành.")
    if doc.get("date") and _date(doc["date"]) is None:
        problems.append(f"Văn bản: ngày ban hành “{doc['date']}” không hợp lệ.")
    kept = [t for t in draft["tasks"] if t.get("include")]
    if not kept and not any(t.get("include") for t in draft["targets"]):
        problems.append("Chưa chọn nhiệm vụ hay chỉ tiêu nào để đăng ký.")
    for i, task in enumerate(draft["tasks"], start=1):
        if task.get("include") and not (task.get("text") or "").strip():
            problems.append(f"Nhiệm vụ {i}: nội dung đang để trống.")
    for i, target in enumerate(draft["targets"], start=1):
        if target.get("include") and not target.get("horizon"):
            problems.append(f"Chỉ tiêu {i}: chưa có năm đạt chỉ tiêu.")
    return problems


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# --- writes -----------------------------------------------------------------------------


def _document(draft: dict[str, Any]) -> Document:
    doc = draft["document"]
    return Document.objects.create(
        kind=Document.Kind.PLAN,
        number=(doc.get("number") or "").strip(),
        issued_on=_date(doc.get("date")),
        issuer_name=doc["issuer"].strip(),
        issuer_id=draft.get("issuer_unit"),
        title=doc["title"].strip(),
        implements_id=draft.get("implements_document"),
    )


def _groups(draft: dict[str, Any], document: Document) -> dict[str, TaskGroup]:
    groups: dict[str, TaskGroup] = {}
    for order, group in enumerate(draft.get("groups", []), start=1):
        number = group["number"][:10]
        if number not in groups:
            groups[number] = TaskGroup.objects.create(
                document=document, number=number, title=group["title"], order=order
            )
    return groups


def _group_for(task: dict[str, Any], groups: dict[str, TaskGroup], document: Document) -> TaskGroup:
    section = (task.get("section") or "")[:10]
    for number in (section, section.split(".")[0]):
        if number in groups:
            return groups[number]
    if "" not in groups:
        groups[""] = TaskGroup.objects.create(
            document=document, number="-", title="Nhiệm vụ khác", order=len(groups) + 1
        )
    return groups[""]


def _tasks(
    draft: dict[str, Any], document: Document, groups: dict[str, TaskGroup], user: User | None
) -> None:
    order = 0
    for task in draft["tasks"]:
        if not task.get("include"):
            continue
        order += 1
        deadline = parse_deadline(task["deadline"].get("text") or "")
        created = Task.objects.create(
            document=document,
            group=_group_for(task, groups, document),
            code=f"NV-{order:03d}",
            section=(task.get("section") or "")[:20],
            text=task["text"].strip(),
            issuer_role=task.get("role") or IssuerRole.LEAD,
            lead_unit_id=task.get("lead_unit"),
            lead_text="" if task.get("lead_unit") else "; ".join(task.get("lead") or [])[:255],
            deliverable=task.get("deliverable") or "",
            implements_id=task.get("implements"),
            order=order,
            created_by=user,
            **{**deadline.task_fields(), "deadline_text": deadline.text[:255]},
        )
        if task.get("partner_units"):
            created.partner_units.set(task["partner_units"])


def _targets(draft: dict[str, Any], document: Document) -> None:
    order = 0
    for target in draft["targets"]:
        if not target.get("include"):
            continue
        order += 1
        Target.objects.create(
            document=document,
            code=f"CT-{target['horizon']}-{order:02d}",
            name=target["text"][:200],
            text=target["text"],
            comparator=target["comparator"],
            value=_decimal(target.get("value")),
            unit_of_measure=_UNIT_NAMES.get(target.get("unit"), target.get("unit") or "")[:30],
            horizon_year=int(target["horizon"]),
            order=order,
        )


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None


# --- suggestions ------------------------------------------------------------------------


def unit_suggestions(*, names: list[str], units: list[Unit], limit: int = 3) -> list[tuple[Unit, float]]:
    """Known units whose names look like the names a plan wrote ("Sở KH&CN" → Sở Khoa học và
    Công nghệ …), best first; accent- and case-insensitive."""
    choices = {unit.pk: fold(f"{unit.name} {unit.short_name}") for unit in units}
    by_id = {unit.pk: unit for unit in units}
    best: dict[int, float] = {}
    for name in names:
        for _, score, pk in process.extract(fold(name), choices, scorer=fuzz.token_set_ratio, limit=limit):
            if score >= 60:
                best[pk] = max(best.get(pk, 0), score)
    ranked = sorted(best.items(), key=lambda pair: -pair[1])[:limit]
    return [(by_id[pk], score) for pk, score in ranked]


def task_suggestions(*, text: str, tasks: list[Task], limit: int = 3) -> list[tuple[Task, float]]:
    """Provincial tasks this task may implement, by text similarity, best first."""
    choices = {task.pk: fold(task.text) for task in tasks}
    by_id = {task.pk: task for task in tasks}
    found = process.extract(fold(text), choices, scorer=fuzz.token_set_ratio, limit=limit, score_cutoff=50)
    return [(by_id[pk], score) for _, score, pk in found]


# --- reads ------------------------------------------------------------------------------


def plan_import_list(*, user: User) -> list[PlanImport]:
    """Imports the user may review: the programme administrators' (all of them)."""
    if not (user.is_superuser or getattr(user, "role", None) == "admin"):
        return []
    return list(PlanImport.objects.select_related("created_by", "document")[:20])


def plan_import_get(*, user: User, pk: int) -> PlanImport:
    from django.http import Http404

    if not (user.is_superuser or getattr(user, "role", None) == "admin"):
        raise Http404
    try:
        return PlanImport.objects.get(pk=pk)
    except PlanImport.DoesNotExist as exc:
        raise Http404("Không tìm thấy kế hoạch đang nhập.") from exc
