"""Pages of the programme's standing (the targets with their verdicts, early warnings) and of
the steering loop after the report: meetings and their pack, proposals, confidence,
explanation requests and freshness. Views stay thin: forms read, services write, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.permissions import programme_reader, register_reader
from dieuhanh.accounts.permissions import register_reader as _unit_reader
from dieuhanh.core.answers import AnswerState
from dieuhanh.indicators.forms import as_of
from dieuhanh.plans.models import Target, Task
from dieuhanh.plans.selectors import task_get
from dieuhanh.steering import forms, lists, selectors, services
from dieuhanh.steering.models import Addressee
from dieuhanh.steering.pack import meeting_pack
from dieuhanh.steering.word import pack_docx


@register_reader
def target_progress(request: AuthedRequest) -> HttpResponse:
    form, on = as_of(request)
    rows = selectors.target_standings(user=request.user, on=on)
    return render(request, "steering/target_progress.html", {"form": form, "on": on, "rows": rows})


@programme_reader
def warning_list(request: AuthedRequest) -> HttpResponse:
    form, on = as_of(request)
    items = selectors.warning_list(user=request.user, on=on)
    return render(request, "steering/warning_list.html", {"form": form, "on": on, "items": items})


# --- the steering loop -------------------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _errors(request: AuthedRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(request: AuthedRequest, form: object) -> None:
    for errs in form.errors.values():  # type: ignore[attr-defined]
        for e in errs:
            messages.error(request, e)


@programme_reader
def meeting_index(request: AuthedRequest) -> HttpResponse:
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting = services.meeting_create(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, "Đã tạo cuộc họp; tài liệu họp được lập từ số liệu của kỳ.")
                return redirect("loop:meeting", pk=meeting.pk)
        else:
            _form_errors(request, form)
    meetings = lists.meeting_list(user=request.user)
    return render(request, "steering/meeting_index.html", {"form": form, "meetings": meetings})


@programme_reader
def meeting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = lists.meeting_get(user=request.user, pk=pk)
    pack = meeting_pack(user=request.user, meeting=meeting)
    conclusions = meeting.conclusions.select_related("lead_unit", "task").prefetch_related("partner_units")
    context = {
        "meeting": meeting,
        "pack": pack,
        "conclusions": conclusions,
        "form": forms.ConclusionForm(),
        "notice_form": forms.NoticeForm(),
    }
    return render(request, "steering/meeting_detail.html", context)


@require_POST
@programme_reader
def conclusion_add(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = lists.meeting_get(user=request.user, pk=pk)
    form = forms.ConclusionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("loop:meeting", pk=pk)
    data = services.ConclusionInput(**form.cleaned_data)
    try:
        c = services.conclusion_record(meeting=meeting, data=data, user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request, f"Đã ghi kết luận {c.number}; nhiệm vụ {c.task.code if c.task else ''} đã được giao."
        )
    return redirect("loop:meeting", pk=pk)


@require_POST
@programme_reader
def notice_import(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = lists.meeting_get(user=request.user, pk=pk)
    form = forms.NoticeForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("loop:meeting", pk=pk)
    try:
        data, name = services.notice_read(form.cleaned_data["file"])
        made = services.conclusions_import(meeting=meeting, data=data, file_name=name, user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request, f"Đã nhập {len(made)} kết luận từ thông báo; mỗi kết luận đã thành một nhiệm vụ."
        )
    return redirect("loop:meeting", pk=pk)


@programme_reader
def meeting_docx(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = lists.meeting_get(user=request.user, pk=pk)
    data = pack_docx(meeting_pack(user=request.user, meeting=meeting))
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="tai-lieu-hop-{meeting.held_on:%Y-%m-%d}.docx"'
    return response


PROPOSAL_VIEWS = {"open": "Chưa trả lời", "done": "Đã trả lời, chuyển cấp trên", "all": "Tất cả"}
PROPOSALS_PER_PAGE = 50


@_unit_reader
def proposal_list(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    proposals = list(lists.proposal_queryset(user=request.user))
    shown = request.GET.get("xem") if request.GET.get("xem") in PROPOSAL_VIEWS else "open"
    chosen = [p for p in proposals if shown == "all" or p.is_open() == (shown == "open")]
    chosen.sort(key=lambda p: (-p.report.period.ends_on.toordinal(), p.respond_by, p.pk))
    page = Paginator(chosen, PROPOSALS_PER_PAGE).get_page(request.GET.get("trang"))
    context = {
        "page": page,
        "shown": shown,
        "views": PROPOSAL_VIEWS,
        "counts": lists.proposal_counts(proposals, on=today),
        "today": today,
        "answer_form": forms.AnswerForm(),
        "route_form": forms.RouteForm.for_every_row(),
        "UNIT": Addressee.UNIT,
    }
    return render(request, "steering/proposal_list.html", context)


@require_POST
@_unit_reader
def proposal_act(request: AuthedRequest, pk: int) -> HttpResponse:
    proposal = lists.proposal_get(user=request.user, pk=pk)
    try:
        if request.POST.get("action") == "route":
            form = forms.RouteForm(request.POST)
            if form.is_valid():
                services.proposal_route(proposal=proposal, user=request.user, **form.cleaned_data)
                messages.success(request, "Đã chuyển kiến nghị tới nơi trả lời.")
            else:
                _form_errors(request, form)
        else:
            answer = forms.AnswerForm(request.POST)
            if answer.is_valid():
                services.proposal_answer(proposal=proposal, user=request.user, **answer.cleaned_data)
                messages.success(
                    request, f"Đã ghi: {AnswerState(answer.cleaned_data['state']).label.lower()}."
                )
            else:
                _form_errors(request, answer)
    except ValidationError as exc:
        _errors(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect(f"{reverse('loop:proposals')}#kn-{pk}")


def _item(user: object, key: str) -> tuple[Task | None, Target | None]:
    kind, pk = key.split(":")
    if kind == "task":
        return task_get(user=user, pk=int(pk)), None  # type: ignore[arg-type]
    target = Target.objects.filter(pk=int(pk)).first()
    if target is None:
        raise Http404("Không tìm thấy chỉ tiêu.")
    return None, target


@_unit_reader
def confidence_page(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    if request.method == "POST":
        form = forms.ConfidenceForm(request.POST)
        period = selectors.current_period(user=request.user, on=today)
        if not form.is_valid() or period is None:
            _form_errors(request, form)
        else:
            task, target = _item(request.user, form.cleaned_data["item"])
            try:
                made = services.confidence_record(
                    period=period,
                    task=task,
                    target=target,
                    user=request.user,
                    level=form.cleaned_data["level"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                _errors(request, exc)
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, "Đã ghi đánh giá." if made else "Đánh giá không thay đổi so với lần trước."
                )
        return redirect("loop:confidence")
    rows = lists.confidence_rows(user=request.user)
    targets = lists.target_confidence_rows(user=request.user)
    return render(
        request,
        "steering/confidence.html",
        {
            "rows": rows,
            "targets": targets,
            "levels": forms.Level.choices,
            "can_rate": request.user.is_programme_admin or request.user.is_reporter,
        },
    )


@_unit_reader
def explanation_list(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    if request.method == "POST":
        services.explanation_requester_check(user=request.user)  # a refusal is the page's 403
        form = forms.ExplanationForm(request.POST)
        period = selectors.current_period(user=request.user, on=today)
        if form.is_valid() and period is not None:
            kind, ref = form.cleaned_data["item"].split(":")
            task = Task.objects.filter(pk=int(ref)).first() if kind == "task" else None
            target = Target.objects.filter(pk=int(ref)).first() if kind == "target" else None
            try:
                services.explanation_request(
                    subject=form.cleaned_data["subject"],
                    unit=form.cleaned_data["unit"],
                    period=period,
                    question=form.cleaned_data["question"],
                    due_on=form.cleaned_data["due_on"],
                    user=request.user,
                    task=task,
                    target=target,
                )
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, "Đã gửi yêu cầu giải trình.")
        else:
            _form_errors(request, form)
        return redirect("loop:explanations")
    items = list(lists.explanation_queryset(user=request.user))
    return render(
        request,
        "steering/explanations.html",
        {"items": items, "today": today, "form": forms.ExplanationAnswerForm()},
    )


@require_POST
@_unit_reader
def explanation_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    item = lists.explanation_get(user=request.user, pk=pk)
    form = forms.ExplanationAnswerForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        try:
            services.explanation_answer(
                explanation=item, answer=form.cleaned_data["answer"], user=request.user
            )
        except ValidationError as exc:  # empty, or explained already (a form sent twice)
            _errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Đã gửi giải trình.")
    return redirect("loop:explanations")


@_unit_reader
def freshness(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = lists.reporting_freshness(user=request.user, on=today)
    return render(request, "steering/freshness.html", {"rows": rows, "today": today})
