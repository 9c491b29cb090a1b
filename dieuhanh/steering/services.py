"""Writes of the steering loop: meetings and their conclusions (each becoming a task of the
register), proposals and their answers, confidence judgements and explanation requests.
Keyword-only, atomic, audited (simple-history rows carry the user and a reason)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_lineage_ids
from dieuhanh.core.answers import AnswerState, answerable_answer, respond_by_for
from dieuhanh.plans.deadlines import parse_deadline
from dieuhanh.plans.extract import ExtractError, extract_bytes
from dieuhanh.plans.importing import UNIT_THRESHOLD, unit_suggestions
from dieuhanh.plans.models import Document, IssuerRole, Target, Task, TaskGroup
from dieuhanh.reporting.models import Period, Report, ReportStatus
from dieuhanh.steering.models import (
    Addressee,
    Conclusion,
    Confidence,
    Explanation,
    Judge,
    Meeting,
    Proposal,
)
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import issuer_short_name

MAX_NOTICE_BYTES = 20 * 1024 * 1024
CONCLUSION_GROUP = ("KL", "Nhiệm vụ theo kết luận cuộc họp đánh giá")


def _audited[M](obj: M, *, user: User | None, reason: str) -> M:
    obj._history_user = user  # type: ignore[attr-defined]  # read by simple-history
    obj._change_reason = reason[:100]  # type: ignore[attr-defined]  # the history column holds 100
    return obj


def programme_check(*, user: User, doing: str = "thực hiện được thao tác này") -> None:
    """The steering loop's writes (meetings, conclusions, routing, explanation requests) are the
    province leaders' and the Sở's; PermissionDenied for anyone else. The pages and the API
    ask it before anything else is read (the API: before If-Match)."""
    if not user.sees_whole_programme:
        issuer = issuer_short_name(on=timezone.localdate())
        raise PermissionDenied(f"Chỉ lãnh đạo tỉnh và {issuer} {doing}.")


def explanation_requester_check(*, user: User) -> None:
    """Who sends an explanation request: the page's refusal and the API's are this one."""
    programme_check(user=user, doing="gửi yêu cầu giải trình")


# --- meetings and conclusions ----------------------------------------------------------


@transaction.atomic
def meeting_create(*, period: Period, held_on: dt.date, title: str, chair: str, user: User) -> Meeting:
    programme_check(user=user)
    if held_on < period.ends_on:
        raise ValidationError(
            {
                "held_on": f"Ngày họp {held_on:%d/%m/%Y} trước ngày chốt số liệu của kỳ "
                f"({period.ends_on:%d/%m/%Y})."
            }
        )
    if Meeting.objects.filter(period=period, held_on=held_on, title=title.strip()).exists():
        # A form sent twice (or a client retrying) must not hold the same meeting twice.
        raise ValidationError(
            f"Đã có cuộc họp “{title.strip()}” ngày {held_on:%d/%m/%Y} về {period.label.lower()}."
        )
    meeting = Meeting(
        period=period, held_on=held_on, title=title.strip(), chair=chair.strip(), created_by=user
    )
    _audited(meeting, user=user, reason="Tạo cuộc họp đánh giá").save()
    return meeting


def _notice(meeting: Meeting, user: User, *, number: str = "", issuer: str = "") -> Document:
    """The "Thông báo kết luận" of the meeting: the source document of its tasks."""
    if meeting.notice_id:
        assert meeting.notice is not None
        return meeting.notice
    notice = Document(
        kind=Document.Kind.OTHER,
        number=number[:60],
        issued_on=meeting.held_on,
        issuer_name=issuer or meeting.chair or "Ủy ban nhân dân tỉnh",
        title=f"Thông báo kết luận {meeting.title[:1].lower()}{meeting.title[1:]} "
        f"ngày {meeting.held_on:%d/%m/%Y}",
    )
    _audited(notice, user=user, reason="Thông báo kết luận cuộc họp").save()
    meeting.notice = notice
    _audited(meeting, user=user, reason="Gắn thông báo kết luận").save(update_fields=["notice"])
    return notice


@dataclass(frozen=True)
class ConclusionInput:
    text: str
    lead_unit: Unit
    deadline_text: str
    deliverable: str = ""
    partner_units: list[Unit] = field(default_factory=list)


def _check_conclusion(data: ConclusionInput, where: str = "") -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.text.strip():
        errors["text"] = f"{where}Chưa có nội dung kết luận."
    deadline = parse_deadline(data.deadline_text)
    if not data.deadline_text.strip():
        errors["deadline_text"] = f"{where}Chưa ghi thời hạn."
    elif deadline.due is None and not deadline.recurring and not deadline.external:
        errors["deadline_text"] = (
            f"{where}Không đọc được thời hạn “{data.deadline_text.strip()}”; hãy ghi như văn bản, ví dụ "
            "“trước ngày 31/12/2025”, “trong tháng 12/2025” hoặc “thường xuyên”."
        )
    return errors


@transaction.atomic
def conclusion_record(
    *, meeting: Meeting, data: ConclusionInput, user: User, notice_number: str = "", issuer: str = ""
) -> Conclusion:
    """Record one conclusion and make it a task of the register (its 5 rõ as decided, the
    notice as its source document), so it is reported on, chased and counted like any other."""
    programme_check(user=user)
    if errors := _check_conclusion(data):
        raise ValidationError(errors)
    notice = _notice(meeting, user, number=notice_number, issuer=issuer)
    group, _ = TaskGroup.objects.get_or_create(
        document=notice, number=CONCLUSION_GROUP[0], defaults={"title": CONCLUSION_GROUP[1]}
    )
    number = (meeting.conclusions.aggregate(n=Max("number"))["n"] or 0) + 1
    deadline = parse_deadline(data.deadline_text)
    task = Task(
        document=notice,
        group=group,
        code=f"KL{meeting.pk}.{number}",
        text=data.text.strip(),
        issuer_role=IssuerRole.LEAD,
        lead_unit=data.lead_unit,
        deliverable=data.deliverable.strip(),
        order=number,
        created_by=user,
        **deadline.task_fields(),
    )
    _audited(
        task, user=user, reason=f"Giao theo kết luận số {number} của cuộc họp ngày {meeting.held_on:%d/%m/%Y}"
    ).save()
    task.partner_units.set(data.partner_units)
    conclusion = Conclusion(
        meeting=meeting,
        number=number,
        text=task.text,
        lead_unit=data.lead_unit,
        deliverable=task.deliverable,
        deadline_text=data.deadline_text.strip(),
        task=task,
    )
    _audited(conclusion, user=user, reason="Ghi kết luận cuộc họp").save()
    conclusion.partner_units.set(data.partner_units)
    return conclusion


def _unit_for(names: list[str], units: list[Unit]) -> Unit | None:
    best = unit_suggestions(names=names, units=units, limit=1) if names else []
    return best[0][0] if best and best[0][1] >= UNIT_THRESHOLD else None


def _notice_size_check(size: int, file_name: str) -> None:
    if size > MAX_NOTICE_BYTES:
        too_big = f"Tệp “{file_name}” lớn hơn 20 MB: không đọc được làm thông báo kết luận."
        raise ValidationError({"file": too_big})


def notice_read(upload: UploadedFile) -> tuple[bytes, str]:
    """An uploaded notice's bytes and name, its size checked before it is read into memory
    (the page and the API take the same file the same way)."""
    name = upload.name or "thông báo"
    _notice_size_check(upload.size or 0, name)
    return upload.read(), name


@transaction.atomic
def conclusions_import(*, meeting: Meeting, data: bytes, file_name: str, user: User) -> list[Conclusion]:
    """Read a signed "Thông báo kết luận" (.docx, .txt, as the plan extractor reads them; a
    scanned PDF has no text to read) and record each of its tasks as a conclusion. All or
    nothing: one unreadable item refuses the file."""
    programme_check(user=user)
    _notice_size_check(len(data), file_name)
    try:
        draft = extract_bytes(data, name=file_name)
    except ExtractError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    if not draft.tasks:
        raise ValidationError(
            {"file": f"Không tìm thấy kết luận (nhiệm vụ giao) nào trong tệp “{file_name}”."}
        )
    on = meeting.held_on  # the bodies as they stood on the meeting day
    units = list(
        Unit.objects.filter(kind=Unit.Kind.AGENCY)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("name")
    )
    inputs, errors = [], []
    for i, found in enumerate(draft.tasks, 1):
        lead = _unit_for(found.lead, units)
        where = f"Kết luận {i} ({found.source}): "
        if lead is None:
            named = "; ".join(found.lead) or "không ghi"
            errors.append(f"{where}không xác định được cơ quan chủ trì (văn bản ghi: {named}).")
            continue
        partners = [u for u in (_unit_for([p], units) for p in found.partners) if u and u != lead]
        item = ConclusionInput(
            text=found.text,
            lead_unit=lead,
            deadline_text=found.deadline.text,
            deliverable=found.deliverable or "",
            partner_units=list(dict.fromkeys(partners)),
        )
        errors += list(_check_conclusion(item, where).values())
        inputs.append(item)
    if errors:
        raise ValidationError({"file": errors})
    number = draft.document.number or ""
    issuer = draft.document.issuer or ""
    return [
        conclusion_record(meeting=meeting, data=item, user=user, notice_number=number, issuer=issuer)
        for item in inputs
    ]


# --- proposals ---------------------------------------------------------------------------

# Who a proposal is addressed to, from how it is written; the Sở corrects it when routing.
_ADDRESSEE_WORDS = (
    (Addressee.CENTRAL, r"\b(trung ương|bộ [A-ZĐ]|bộ khoa học|chính phủ|thủ tướng)"),
    (
        Addressee.PROVINCE,
        r"(ubnd (tỉnh|thành phố)|ủy ban nhân dân (tỉnh|thành phố)|chủ tịch|lãnh đạo (tỉnh|thành phố))",
    ),
)
_THEMES = (
    ("Kinh phí, tài chính", r"(kinh phí|ngân sách|vốn|tài chính|dự toán)"),
    ("Nhân lực", r"(nhân lực|cán bộ|biên chế|đào tạo|chuyên gia)"),
    ("Hạ tầng, thiết bị", r"(hạ tầng|thiết bị|máy chủ|đường truyền|mạng|nền tảng)"),
    ("Cơ chế, chính sách", r"(hướng dẫn|quy định|cơ chế|chính sách|văn bản|thủ tục)"),
)


def _paragraphs(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def proposal_guess(text: str) -> tuple[str, str]:
    """(addressee, theme) as the wording suggests."""
    addressee = next(
        (a for a, pattern in _ADDRESSEE_WORDS if re.search(pattern, text, re.IGNORECASE)), Addressee.SO
    )
    theme = next((t for t, pattern in _THEMES if re.search(pattern, text, re.IGNORECASE)), "Khác")
    return addressee, theme


@transaction.atomic
def proposals_from_report(*, report: Report, today: dt.date) -> list[Proposal]:
    """Each paragraph of an accepted report's "đề xuất, kiến nghị" becomes an item to answer,
    due RESPONSE_DAYS after acceptance. Idempotent: a report accepted again (after a
    correction) keeps its items."""
    if report.status != ReportStatus.ACCEPTED:
        return []
    made = []
    for number, text in enumerate(_paragraphs(report.proposals), 1):
        addressee, theme = proposal_guess(text)
        proposal, created = Proposal.objects.get_or_create(
            report=report,
            number=number,
            defaults={
                "unit": report.unit,
                "text": text,
                "theme": theme,
                "addressee": addressee,
                "sent_at": report.reviewed_at or timezone.now(),
                "respond_by": respond_by_for(today),
            },
        )
        if created:
            made.append(proposal)
    return made


def proposal_answerer_check(*, proposal: Proposal, user: User) -> None:
    """Who answers a proposal: the leaders and the Sở, or the unit it was routed to."""
    if user.sees_whole_programme:
        return
    if proposal.addressee == Addressee.UNIT and user.unit_id and user.unit_id == proposal.addressee_unit_id:
        return
    raise PermissionDenied("Kiến nghị này không gửi tới đơn vị của bạn.")


@transaction.atomic
def proposal_route(
    *, proposal: Proposal, addressee: str, addressee_unit: Unit | None, respond_by: dt.date, user: User
) -> Proposal:
    """The Sở says who must answer, and by when."""
    programme_check(user=user)
    if addressee == Addressee.UNIT and addressee_unit is None:
        raise ValidationError({"addressee_unit": "Hãy chọn đơn vị phải trả lời kiến nghị."})
    if addressee_unit is not None and addressee_unit.pk == proposal.unit_id:
        raise ValidationError({"addressee_unit": "Không gửi kiến nghị về chính đơn vị đã kiến nghị."})
    proposal.addressee = addressee
    proposal.addressee_unit = addressee_unit if addressee == Addressee.UNIT else None
    proposal.respond_by = respond_by
    _audited(proposal, user=user, reason="Chuyển kiến nghị tới nơi trả lời").save()
    return proposal


@transaction.atomic
def proposal_answer(
    *, proposal: Proposal, state: str, answer: str, user: User, now: dt.datetime | None = None
) -> Proposal:
    """Record the answer (or that it is in hand, or escalated). An answer goes back to the
    proposing unit: its next report shows it."""
    proposal_answerer_check(proposal=proposal, user=user)
    return answerable_answer(proposal, state=state, answer=answer, user=user, now=now)


# --- confidence --------------------------------------------------------------------------


def confidence_latest(
    *, task: Task | None = None, target: Target | None = None, judge: str
) -> Confidence | None:
    qs = Confidence.objects.filter(task=task, target=target, judge=judge) if task or target else None
    return qs.order_by("-recorded_at", "-id").first() if qs is not None else None


def confidence_judge(*, user: User, item: Task | Target) -> str:
    """Whose judgement the user records on the item: the Sở's (its administrators) or the lead
    unit's (its reporters); PermissionDenied for anyone else. The API asks it before If-Match."""
    if user.is_programme_admin:
        return Judge.CENTRE
    if user.is_reporter and item.lead_unit_id in user_lineage_ids(user=user):
        # The lead of an item led by a unit it succeeded (the 2025 mergers) judges it too.
        return Judge.LEAD
    issuer = issuer_short_name(on=timezone.localdate())
    raise PermissionDenied(f"Chỉ đơn vị chủ trì và {issuer} đánh giá được mức độ tin cậy.")


@transaction.atomic
def confidence_record(
    *,
    period: Period,
    level: int,
    reason: str,
    user: User,
    task: Task | None = None,
    target: Target | None = None,
    now: dt.datetime | None = None,
) -> Confidence | None:
    """A judgement of the likelihood of delivery. The lead unit judges its own tasks and
    targets; the Sở records its own judgement beside it. Unchanged from the last one: nothing
    is written (last month's judgement carries forward)."""
    if (task is None) == (target is None):
        raise ValidationError("Hãy chọn một nhiệm vụ hoặc một chỉ tiêu.")
    item = task if task is not None else target
    assert item is not None
    judge = confidence_judge(user=user, item=item)
    if level not in range(1, 6):
        raise ValidationError(
            {"level": "Hãy chọn một trong năm mức, từ “chắc chắn đạt” đến “không thể đạt”."}
        )
    if not reason.strip():
        raise ValidationError({"reason": "Hãy ghi lý do của đánh giá."})
    last = confidence_latest(task=task, target=target, judge=judge)
    if last and last.level == level and last.reason == reason.strip():
        return None
    assert user.unit is not None
    return Confidence.objects.create(
        task=task,
        target=target,
        judge=judge,
        unit=user.unit,
        period=period,
        level=level,
        reason=reason.strip(),
        recorded_at=now or timezone.now(),
        recorded_by=user,
    )


# --- explanation requests ----------------------------------------------------------------


def _check_subject(subject: str, *, task: Task | None, target: Target | None) -> dict[str, str]:
    """A request is about what its subject says: an overdue task names the task, a target at
    risk the target, a missing report neither."""
    if subject == Explanation.Subject.TASK and (task is None or target is not None):
        return {"task": "Yêu cầu về nhiệm vụ quá hạn phải nêu một nhiệm vụ (và không nêu chỉ tiêu)."}
    if subject == Explanation.Subject.TARGET and (target is None or task is not None):
        return {"target": "Yêu cầu về chỉ tiêu phải nêu một chỉ tiêu (và không nêu nhiệm vụ)."}
    if subject == Explanation.Subject.REPORT and (task is not None or target is not None):
        return {"subject": "Yêu cầu về báo cáo chưa gửi không nêu nhiệm vụ hay chỉ tiêu."}
    if subject not in Explanation.Subject.values:
        return {"subject": "Hãy chọn: chỉ tiêu, nhiệm vụ hoặc báo cáo."}
    return {}


@transaction.atomic
def explanation_request(
    *,
    subject: str,
    unit: Unit,
    period: Period,
    question: str,
    due_on: dt.date,
    user: User,
    task: Task | None = None,
    target: Target | None = None,
    now: dt.datetime | None = None,
) -> Explanation:
    explanation_requester_check(user=user)
    now = now or timezone.now()
    errors = {}
    if not question.strip():
        errors["question"] = "Hãy ghi nội dung cần giải trình."
    if due_on < timezone.localdate(now):
        errors["due_on"] = f"Hạn giải trình {due_on:%d/%m/%Y} đã qua."
    errors |= _check_subject(subject, task=task, target=target)
    if errors:
        raise ValidationError(errors)
    item = Explanation(
        subject=subject,
        task=task,
        target=target,
        period=period,
        unit=unit,
        question=question.strip(),
        respond_by=due_on,
        sent_at=now,
        requested_by=user,
    )
    _audited(item, user=user, reason="Yêu cầu giải trình").save()
    return item


def explanation_answerer_check(*, explanation: Explanation, user: User) -> None:
    """Only the unit asked (its reporters, a write token of the unit) explains."""
    if not (user.unit_id == explanation.unit_id and user.is_reporter):
        raise PermissionDenied("Chỉ đơn vị được yêu cầu giải trình mới trả lời được.")


@transaction.atomic
def explanation_answer(
    *, explanation: Explanation, answer: str, user: User, now: dt.datetime | None = None
) -> Explanation:
    explanation_answerer_check(explanation=explanation, user=user)
    if not answer.strip():
        raise ValidationError({"answer": "Hãy ghi nội dung giải trình."})
    if not explanation.is_open():
        raise ValidationError("Yêu cầu này đã được giải trình.")
    return answerable_answer(explanation, state=AnswerState.ANSWERED, answer=answer, user=user, now=now)
