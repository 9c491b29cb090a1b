"""Pages both sides use: the enterprise's portal (profile, quarterly reports, requests,
self-assessment) and the Board's handling of the same requests and reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.rules import is_board_staff
from dieuhanh.reporting import services as engine
from dieuhanh.reporting.models import Period, Report, ReportStatus, ReportVersion
from dieuhanh.reporting.rules import may_review
from dieuhanh.reporting.selectors import reporting_units_for
from dieuhanh.reporting.versions import Change, version_diff
from dieuhanh.zones import assessment as dx
from dieuhanh.zones import selectors
from dieuhanh.zones.forms import (
    AcceptInvitationForm,
    AnswerForm,
    ProfileForm,
    QuarterlyForm,
    RequestForm,
    ReturnForm,
)
from dieuhanh.zones.models import Assessment, RequestAttachment
from dieuhanh.zones.models.assessment import LEVELS
from dieuhanh.zones.permissions import board_staff, enterprise_only, zones_user
from dieuhanh.zones.portal import (
    invitation_accept,
    invitation_find,
    request_answer,
    request_receive,
    request_send,
)
from dieuhanh.zones.report_figures import figures_of
from dieuhanh.zones.services import (
    ContactInput,
    ProfileInput,
    enterprise_periods,
    enterprise_update_profile,
)


def _errors(request: AuthedRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@enterprise_only
def portal(request: AuthedRequest) -> HttpResponse:
    enterprise = selectors.enterprise_of_user(user=request.user)
    today = timezone.localdate()
    periods = enterprise_periods(enterprise=enterprise, on=today)
    filed = selectors.enterprise_reports_by_period(user=request.user, enterprise=enterprise, periods=periods)
    context = {
        "enterprise": enterprise,
        "periods": [(p, filed.get(p.pk)) for p in periods],
        "requests": selectors.request_queryset(user=request.user)[:10],
        "assessment": selectors.latest_assessment(user=request.user, enterprise=enterprise),
        "projects": enterprise.projects.all(),
        "contacts": enterprise.contacts.all(),
        "today": today,
    }
    return render(request, "zones/portal.html", context)


@enterprise_only
def profile_edit(request: AuthedRequest) -> HttpResponse:
    enterprise = selectors.enterprise_of_user(user=request.user)
    primary = enterprise.contacts.filter(is_primary=True).first()
    initial = {
        "address": enterprise.address,
        "website": enterprise.website,
        "workers": enterprise.workers,
        "foreign_workers": enterprise.foreign_workers,
        "contact_name": primary.full_name if primary else "",
        "contact_position": primary.position if primary else "",
        "contact_phone": primary.phone if primary else "",
        "contact_email": primary.email if primary else "",
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = ProfileInput(
            address=d["address"],
            website=d["website"],
            workers=d["workers"],
            foreign_workers=d["foreign_workers"],
            contact=ContactInput(
                full_name=d["contact_name"],
                position=d["contact_position"],
                phone=d["contact_phone"],
                email=d["contact_email"],
            ),
        )
        try:
            enterprise_update_profile(user=request.user, enterprise=enterprise, data=data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "Đã cập nhật hồ sơ doanh nghiệp.")
            return redirect("zones:portal")
    return render(request, "zones/profile_form.html", {"form": form, "enterprise": enterprise})


# --- requests ----------------------------------------------------------------------------


@zones_user
def request_list(request: AuthedRequest) -> HttpResponse:
    items = selectors.request_queryset(user=request.user)
    from dieuhanh.core.answers import AnswerState
    from dieuhanh.zones.models import Department

    # Filters from the address bar: a value that is not one of the choices is ignored, not a 500.
    department = request.GET.get("phong", "")
    status = request.GET.get("trang_thai", "")
    if not (department.isascii() and department.isdigit()) or len(department) > 18:
        department = ""
    if status not in AnswerState.values:
        status = ""
    if department:
        items = items.filter(department_id=int(department))
    if status:
        items = items.filter(state=status)

    return render(
        request,
        "zones/requests.html",
        {
            "items": items,
            "departments": Department.objects.all(),
            "statuses": AnswerState.choices,
            "board": is_board_staff(request.user),
            "chosen": {"phong": department or "", "trang_thai": status or ""},
        },
    )


@enterprise_only
def request_new(request: AuthedRequest) -> HttpResponse:
    enterprise = selectors.enterprise_of_user(user=request.user)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = request_send(
                user=request.user,
                enterprise=enterprise,
                department=form.cleaned_data["department"],
                kind=form.cleaned_data["kind"],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                files=request.FILES.getlist("tep"),
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"Đã gửi yêu cầu tới {item.department.name}.")
            return redirect("zones:request", pk=item.pk)
    return render(request, "zones/request_form.html", {"form": form, "enterprise": enterprise})


@zones_user
def request_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = selectors.request_get(user=request.user, pk=pk)
    return render(
        request,
        "zones/request.html",
        {
            "item": item,
            "attachments": item.attachments.all(),
            "board": is_board_staff(request.user),
            "answer_form": AnswerForm(),
            "now": timezone.now(),
        },
    )


@board_staff
@require_POST
def request_answer_view(request: AuthedRequest, pk: int) -> HttpResponse:
    item = selectors.request_get(user=request.user, pk=pk)
    form = AnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        request_answer(
            user=request.user,
            request_id=item.pk,
            answer=form.cleaned_data["answer"],
            files=request.FILES.getlist("tep"),
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Đã trả lời yêu cầu của {item.enterprise.name}.")
    return redirect("zones:request", pk=item.pk)


@board_staff
@require_POST
def request_receive_view(request: AuthedRequest, pk: int) -> HttpResponse:
    item = selectors.request_get(user=request.user, pk=pk)
    request_receive(user=request.user, request_id=item.pk)
    messages.success(request, "Đã tiếp nhận yêu cầu.")
    return redirect("zones:request", pk=item.pk)


@zones_user
def attachment_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    attachment = get_object_or_404(RequestAttachment, pk=pk)
    selectors.request_get(user=request.user, pk=attachment.request_id)  # 404 outside the user's scope
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


# --- the quarterly report: pages of the reporting engine's report -------------------------


def _report_get(request: AuthedRequest, report_id: int) -> Report:
    return selectors.enterprise_report_get(user=request.user, pk=report_id)


@enterprise_only
def report_open_view(request: AuthedRequest, period_id: int) -> HttpResponse:
    """GET shows the quarter's report if it exists, else "Bắt đầu báo cáo"; its POST creates it."""
    enterprise = selectors.enterprise_of_user(user=request.user)
    period = get_object_or_404(Period, pk=period_id)
    if request.method == "POST":
        report = engine.report_open(user=request.user, period=period, unit=enterprise.unit)
        return redirect("zones:report", report_id=report.pk)
    if enterprise.unit not in reporting_units_for(user=request.user, period=period):
        raise PermissionDenied("Doanh nghiệp của bạn không thuộc đối tượng báo cáo của kỳ này.")
    existing = selectors.enterprise_reports_by_period(
        user=request.user, enterprise=enterprise, periods=[period]
    ).get(period.pk)
    if existing is not None:
        return redirect("zones:report", report_id=existing.pk)
    return render(request, "reporting/start.html", {"period": period, "unit": enterprise.unit})


def _versions_with_changes(report: Report) -> list[tuple[ReportVersion, list[Change]]]:
    """Each submission with what changed since the one before (the engine's comparison)."""
    versions = list(report.versions.select_related("submitted_by"))
    return [
        (v, version_diff(versions[i - 1].content, v.content) if i else []) for i, v in enumerate(versions)
    ]


def _report_page(
    request: AuthedRequest, report: Report, form: QuarterlyForm | None = None, status: int = 200
) -> HttpResponse:
    figures = figures_of(report)
    owner = request.user.unit_id == report.unit_id
    context = {
        "report": report,
        "figures": figures,
        "form": form or QuarterlyForm.of(report, figures),
        "can_edit": owner and report.is_editable_by_reporter,
        "can_review": may_review(user=request.user, regime=report.period.regime)
        and report.status == ReportStatus.SUBMITTED,
        "return_form": ReturnForm(),
        "versions": _versions_with_changes(report),
    }
    return render(request, "zones/report.html", context, status=status)


@zones_user
def report_detail(request: AuthedRequest, report_id: int) -> HttpResponse:
    return _report_page(request, _report_get(request, report_id))


@enterprise_only
@require_POST
def report_save_view(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = _report_get(request, report_id)
    form = QuarterlyForm(request.POST)
    if not form.is_valid():
        return _report_page(request, report, form, 422)
    try:
        data, sections = form.to_input()
        version = form.cleaned_data["version"]
        report = engine.report_save(
            user=request.user, report_id=report.pk, version=version, data=data, sections=sections
        )
        if "gui" in request.POST:
            engine.report_submit(user=request.user, report_id=report.pk, version=report.version)
            messages.success(request, f"Đã gửi báo cáo {report.period.label} tới Ban Quản lý.")
        else:
            messages.success(request, "Đã lưu nháp báo cáo.")
    except engine.StaleReportError as exc:
        _errors(request, exc)
        return _report_page(request, report, form, 409)
    except ValidationError as exc:
        _errors(request, exc)
        return _report_page(request, _report_get(request, report_id), form, 422)
    return redirect("zones:report", report_id=report.pk)


@board_staff
@require_POST
def report_accept_view(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = _report_get(request, report_id)
    try:
        engine.report_accept(user=request.user, report_id=report.pk)
        messages.success(request, f"Đã duyệt báo cáo {report.period.label} của {report.unit.name}.")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("zones:report", report_id=report.pk)


@board_staff
@require_POST
def report_return_view(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = _report_get(request, report_id)
    try:
        engine.report_return(user=request.user, report_id=report.pk, comment=request.POST.get("comment", ""))
        messages.success(request, f"Đã trả lại báo cáo của {report.unit.name} kèm ý kiến.")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("zones:report", report_id=report.pk)


# --- the self-assessment -------------------------------------------------------------------


def _small_int(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 18


def _chosen_answers(post: dict[str, str]) -> dict[int, int]:
    answers: dict[int, int] = {}
    for key, value in post.items():
        # isascii: str.isdigit() also accepts "²", which int() refuses; 18 digits fit a bigint.
        if key.startswith("q-") and _small_int(value) and _small_int(key[2:]):
            answers[int(key[2:])] = int(value)
    return answers


@enterprise_only
def assessment(request: AuthedRequest) -> HttpResponse:
    enterprise = selectors.enterprise_of_user(user=request.user)
    if request.method == "POST":
        try:
            submit = "nop" in request.POST
            done = dx.assessment_answer(
                user=request.user, enterprise=enterprise, answers=_chosen_answers(request.POST), submit=submit
            )
            if submit:
                messages.success(request, f"Đã nộp bản tự đánh giá: mức {done.level} – {done.level_label}.")
                return redirect("zones:assessment")
            messages.success(request, "Đã lưu câu trả lời.")
        except ValidationError as exc:
            _errors(request, exc)
    questionnaire = dx.questionnaire_current()
    draft = enterprise.assessments.filter(status=Assessment.Status.DRAFT, questionnaire=questionnaire).first()
    chosen = dict(draft.answers.values_list("question_id", "choice_id")) if draft else {}
    pillars = questionnaire.pillars.prefetch_related("questions__choices") if questionnaire else []
    latest = selectors.latest_assessment(user=request.user, enterprise=enterprise)
    names = dict(latest.questionnaire.pillars.values_list("code", "name")) if latest else {}
    context = {
        "enterprise": enterprise,
        "questionnaire": questionnaire,
        "pillars": pillars,
        "chosen": chosen,
        "latest": latest,
        "latest_pillars": [(names.get(k, k), v) for k, v in (latest.pillar_scores.items() if latest else [])],
        "levels": LEVELS.items(),
        "show_form": request.GET.get("lam-lai") == "1" or draft is not None or latest is None,
    }
    return render(request, "zones/assessment.html", context)


# --- invitation ----------------------------------------------------------------------------


def invitation(request: AuthedRequest, token: str) -> HttpResponse:
    """Anyone holding the link may create the enterprise's account, once."""
    try:
        invite = invitation_find(token=token)
    except ValidationError as exc:
        return render(request, "zones/invitation.html", {"error": exc.messages[0]}, status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                token=token, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            login(request, user, backend="dieuhanh.accounts.backends.ModelBackend")
            messages.success(request, f"Đã tạo tài khoản cho {invite.enterprise.name}.")
            return redirect("zones:portal")
    return render(request, "zones/invitation.html", {"invite": invite, "form": form})
