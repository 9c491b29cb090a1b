"""Reporting pages: the reporter's report, review by the province record's issuer, the
chasing page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dieuhanh.accounts import rules
from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.permissions import guard, programme_admin, programme_reader
from dieuhanh.core.downloads import attachment
from dieuhanh.reporting import autosave, expectations, selectors, services
from dieuhanh.reporting.evidence import evidence_add
from dieuhanh.reporting.excel import parse_report_workbook, report_workbook
from dieuhanh.reporting.forms import EvidenceForm, ReturnForm, parse_report_input, typed_fields
from dieuhanh.reporting.models import (
    Audience,
    Evidence,
    Frequency,
    Notification,
    Report,
    ReportRegime,
    ReportStatus,
    TaskProgress,
)
from dieuhanh.reporting.reminders import remind_now
from dieuhanh.reporting.rules import may_review
from dieuhanh.reporting.versions import version_diff
from dieuhanh.units.structure import issuer_name

reporting_user = guard(rules.can_read_register, "Tài khoản của bạn không có quyền xem báo cáo định kỳ.")


@reporting_user
def report_index(request: AuthedRequest) -> HttpResponse:
    """A reporter's periods with their reports; administrators and leaders go to chasing."""
    if rules.sees_whole_programme(request.user):
        return redirect("reporting:chasing")
    today = timezone.localdate()
    periods = list(selectors.periods_for_user(user=request.user, on=today)[:36])
    rows = selectors.reporter_period_rows(user=request.user, periods=periods, on=today)
    return render(request, "reporting/index.html", {"rows": rows, "today": today})


@reporting_user
def report_open_for_period(request: AuthedRequest, period_id: int) -> HttpResponse:
    """GET shows the period's report if it exists, else a "Bắt đầu báo cáo" button; only the
    POST of that button creates the report (a GET never changes anything)."""
    period = selectors.period_get(user=request.user, pk=period_id)
    units = selectors.reporting_units_for(user=request.user, period=period)
    unit_id = request.POST.get("don_vi") or request.GET.get("don_vi")
    chosen = next((u for u in units if str(u.pk) == unit_id), units[0] if len(units) == 1 else None)
    if not units:
        raise PermissionDenied("Đơn vị của bạn không thuộc đối tượng báo cáo của kỳ này.")
    if chosen is None:
        return render(request, "reporting/choose_unit.html", {"period": period, "units": units})
    if request.method == "POST":
        report = services.report_open(user=request.user, period=period, unit=chosen)
        return redirect("reporting:report", report_id=report.pk)
    existing = Report.objects.filter(period=period, unit=chosen).only("pk").first()
    if existing is not None:
        return redirect("reporting:report", report_id=existing.pk)
    return render(request, "reporting/start.html", {"period": period, "unit": chosen})


def _report_context(request: AuthedRequest, report: Report, **extra: object) -> dict[str, object]:
    updates = list(
        report.task_updates.select_related("task", "task__group", "task__lead_unit").prefetch_related(
            "evidence"
        )
    )
    can_edit = report.is_editable_by_reporter and report.unit in selectors.reporting_units_for(
        user=request.user, period=report.period
    )
    previous = selectors.previous_updates(user=request.user, report=report) if can_edit else {}
    for update in updates:
        update.previous = previous.get(update.task_id)  # type: ignore[attr-defined]
    return {
        "report": report,
        "updates": updates,
        "asks_tasks": report.period.regime.asks_task_updates,
        "can_edit": can_edit,
        "indicator_values": list(report.indicator_values.select_related("indicator")),
        "progress_choices": TaskProgress.choices,
        "can_review": may_review(user=request.user, regime=report.period.regime)
        and report.status == ReportStatus.SUBMITTED,
        "versions": report.versions.select_related("submitted_by"),
        "return_form": ReturnForm(),
        "evidence_form": EvidenceForm(),
        "audit": selectors.report_audit(user=request.user, report=report),
        **extra,
    }


@reporting_user
def report_detail(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=report_id)
    return render(request, "reporting/report.html", _report_context(request, report))


def _save_response(
    request: AuthedRequest,
    report: Report,
    error: str | list[str] | None,
    status: int,
    fields: dict[str, str] | None = None,
) -> HttpResponse:
    context = {
        "report": report,
        "errors": [error] if isinstance(error, str) else (error or []),
        "saved_at": timezone.localtime(),
    }
    if request.htmx:
        # htmx swaps only 2xx answers; the fragment itself says whether it failed. Rendered
        # without the page's context processors: autosave is the hot path of the 15th.
        return HttpResponse(render_to_string("reporting/_save_status.html", context))
    if error:
        return render(
            request,
            "reporting/report.html",
            _report_context(request, report, errors=context["errors"], field_errors=fields or {}),
            status=status,
        )
    messages.success(request, "Đã lưu báo cáo.")
    return redirect("reporting:report", report_id=report.pk)


def _autosave_changed(request: AuthedRequest, report_id: int) -> HttpResponse:
    """The page's autosave: only the fields that changed, one short transaction, and the
    small status fragment back (no page context, no re-reading of the form)."""
    context: dict[str, object] = {"saved_at": timezone.localtime()}
    try:
        version = int(request.POST.get("version", ""))
        report = autosave.report_save_changed(
            report_id=report_id,
            user=request.user,
            version=version,
            fields=autosave.changed_fields(request.POST),
        )
        context.update(report=report, kept=autosave.kept_messages(report))
    except ValueError:
        context["errors"] = ["Thiếu phiên bản của báo cáo; hãy tải lại trang."]
    except Report.DoesNotExist:
        raise Http404("Không tìm thấy báo cáo.") from None
    except ValidationError as exc:  # stale, not editable
        context["errors"] = exc.messages
    if "report" not in context:
        context["report"] = Report.objects.only("version").get(pk=report_id)
    return HttpResponse(render_to_string("reporting/_save_status.html", context))


@login_required
@require_POST
@reporting_user
def report_save(request: AuthedRequest, report_id: int) -> HttpResponse:
    if request.htmx and autosave.PARTIAL_MARK in request.POST and "gui" not in request.POST:
        return _autosave_changed(request, report_id)  # scope checked under the report's lock
    report = selectors.report_get(user=request.user, pk=report_id)
    if not report.is_editable_by_reporter:
        return _already_sent(request, report)
    try:
        version, data = parse_report_input(
            request.POST,
            report.task_updates.select_related("task"),
            report.indicator_values.select_related("indicator"),
        )
        if "gui" in request.POST:
            report, refusal = services.report_save_and_submit(
                report_id=report.pk, user=request.user, version=version, data=data
            )
            return _submitted(request, report, refusal)
        report = services.report_save(report_id=report.pk, user=request.user, version=version, data=data)
    except services.StaleReportError as exc:
        return _save_response(request, report, exc.messages, 409)
    except ValidationError as exc:
        return _keep_typed(request, report, exc)
    return _save_response(request, report, None, 200)


def _already_sent(request: AuthedRequest, report: Report) -> HttpResponse:
    """A second "Gửi báo cáo" (a double click, a resent form, another tab) after the report
    left the draft: show the report as it now is, read-only, with what happened."""
    when = timezone.localtime(report.submitted_at).strftime("%H:%M %d/%m/%Y") if report.submitted_at else ""
    messages.info(
        request,
        f"Báo cáo {report.period.label} đã được gửi{f' lúc {when}' if when else ''} "
        f"và đang ở trạng thái “{report.get_status_display()}”; không gửi lại lần nữa.",
    )
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("reporting:report", args=[report.pk])
        return response
    return redirect("reporting:report", report_id=report.pk)


def _all_problems(report: Report, exc: ValidationError) -> tuple[list[str], dict[str, str]]:
    """The unreadable fields' messages and the sections' verdict on the rest, together."""
    problems, fields = list(exc.messages), dict(getattr(exc, "fields", {}))
    readable = getattr(exc, "readable", None)
    more = services.report_problems(report_id=report.pk, data=readable) if readable else None
    if more is not None:
        marked = set(fields)
        for name, message in more.fields.items():
            if name not in marked:
                fields[name] = message
                problems.append(message)
        problems += [m for m in more.messages if m not in problems and m not in more.fields.values()]
    return problems, fields


def _keep_typed(request: AuthedRequest, report: Report, exc: ValidationError) -> HttpResponse:
    """Part of the form cannot be saved: keep all of it as typed (nothing is lost), mark each
    field in place, and refuse only the submission."""
    problems, fields = _all_problems(report, exc)
    try:
        version = int(request.POST.get("version", ""))
        report = services.report_keep_typed(
            report_id=report.pk,
            user=request.user,
            version=version,
            raw=typed_fields(request.POST),
            errors=fields,
            messages=problems,
        )
    except ValueError:
        return _save_response(request, report, ["Thiếu phiên bản của báo cáo; hãy tải lại trang."], 422)
    except services.StaleReportError as stale:
        return _save_response(request, report, stale.messages, 409)
    except ValidationError as other:
        return _save_response(request, report, other.messages, 422)
    if request.htmx and "gui" not in request.POST:
        context = {"report": report, "kept": problems, "saved_at": timezone.localtime()}
        return HttpResponse(render_to_string("reporting/_save_status.html", context))
    errors = [*problems, "Báo cáo chưa được gửi: hãy sửa các ô được đánh dấu rồi gửi lại."]
    context = _report_context(request, report, errors=errors, kept=True)
    return render(request, "reporting/report.html", context, status=422)


def _submitted(request: AuthedRequest, report: Report, refusal: ValidationError | None) -> HttpResponse:
    """After "Gửi báo cáo": the report as sent, or — saved but not sent — every problem at once."""
    if refusal is not None:
        return _save_response(request, report, refusal.messages, 422, getattr(refusal, "fields", {}))
    to = issuer_name(on=timezone.localdate())
    messages.success(request, f"Đã gửi báo cáo {report.period.label} tới {to}.")
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = request.build_absolute_uri(f"/bao-cao/{report.pk}/")
        return response
    return redirect("reporting:report", report_id=report.pk)


@login_required
@require_POST
@reporting_user
def evidence_upload(request: AuthedRequest, report_id: int, update_id: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=report_id)
    update = get_object_or_404(report.task_updates, pk=update_id)
    form = EvidenceForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        evidence_add(
            task_update=update,
            user=request.user,
            upload=form.cleaned_data["file"],
            document_number=form.cleaned_data["document_number"],
            document_date=form.cleaned_data["document_date"],
            description=form.cleaned_data["description"],
        )
    except ValidationError as exc:
        problems = [f"Minh chứng cho nhiệm vụ {update.task.code}: {m}" for m in exc.messages]
        if request.htmx:  # the page stays, with what the reporter typed; the message goes beside the form
            return HttpResponse(" ".join(problems), status=422, content_type="text/plain; charset=utf-8")
        for problem in problems:
            messages.error(request, problem)
        return redirect("reporting:report", report_id=report.pk)
    if request.htmx:
        # Added without leaving the page: the task's evidence list, as the page shows it.
        evidence = update.evidence.all()
        return render(request, "reporting/_evidence_list.html", {"evidence": evidence, "added": True})
    messages.success(request, f"Đã thêm minh chứng cho nhiệm vụ {update.task.code}.")
    return redirect("reporting:report", report_id=report.pk)


@reporting_user
def evidence_download(request: AuthedRequest, evidence_id: int) -> FileResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("task_update__report"), pk=evidence_id)
    selectors.report_get(user=request.user, pk=evidence.task_update.report_id)  # 404 outside scope
    if not evidence.file:
        raise Http404("Minh chứng này không có tệp đính kèm.")
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


@programme_admin
@require_POST
def report_accept(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=report_id)
    try:
        services.report_accept(report_id=report.pk, user=request.user)
        messages.success(request, f"Đã duyệt báo cáo {report.period.label} của {report.unit.name}.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reporting:report", report_id=report.pk)


@programme_admin
@require_POST
def report_return(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=report_id)
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors["comment"]))
        services.report_return(report_id=report.pk, user=request.user, comment=form.cleaned_data["comment"])
        messages.success(request, f"Đã trả lại báo cáo của {report.unit.name} kèm ý kiến.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reporting:report", report_id=report.pk)


@reporting_user
def report_compare(request: AuthedRequest, report_id: int) -> HttpResponse:
    report = selectors.report_get(user=request.user, pk=report_id)
    versions = {v.number: v for v in report.versions.all()}
    try:
        a, b = versions[int(request.GET.get("a", 1))], versions[int(request.GET.get("b", len(versions)))]
    except (KeyError, ValueError):
        raise Http404("Không có phiên bản này của báo cáo.") from None
    return render(
        request,
        "reporting/compare.html",
        {"report": report, "a": a, "b": b, "diff": version_diff(a.content, b.content)},
    )


@programme_reader
def chasing(request: AuthedRequest) -> HttpResponse:
    """Who has not reported, who is late, and overdue tasks by unit, for one period."""
    today = timezone.localdate()
    regimes = list(ReportRegime.objects.filter(active=True).order_by("pk"))
    regime = next((r for r in regimes if str(r.pk) == request.GET.get("che_do")), None) or next(
        (r for r in regimes if r.frequency == Frequency.MONTHLY), regimes[0] if regimes else None
    )
    if regime is None:
        return render(request, "reporting/chasing.html", {"board": None})
    periods, board = selectors.chasing_periods(
        user=request.user, regime=regime, on=today, chosen=request.GET.get("ky")
    )
    return render(
        request,
        "reporting/chasing.html",
        {
            "board": board,
            "periods": periods,
            "regime": regime,
            "regimes": regimes,
            "today": today,
            "may_remind": may_review(user=request.user, regime=regime),
        },
    )


@login_required
@require_POST
def remind_now_view(request: AuthedRequest, period_id: int, unit_id: int) -> HttpResponse:
    """ "Nhắc ngay" on the chasing page: those who review the regime's reports (the province
    record's issuer, or the Board for enterprises) remind one unit now; once per unit and day."""
    period = selectors.period_get(user=request.user, pk=period_id)
    regime = period.regime
    if not may_review(user=request.user, regime=regime):
        raise PermissionDenied("Chỉ đơn vị nhận báo cáo được nhắc đơn vị gửi báo cáo.")
    unit = get_object_or_404(expectations.expected_units(period=period), pk=unit_id)
    try:
        remind_now(period=period, unit=unit, user=request.user)
        messages.success(
            request, f"Đã nhắc {unit.name} gửi báo cáo {period.label} (trong hệ thống và thư điện tử)."
        )
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    if regime.audience == Audience.ENTERPRISES:
        return redirect(f"{reverse('zones:chasing')}?ky={period.pk}")
    return redirect(f"{reverse('reporting:chasing')}?che_do={regime.pk}&ky={period.pk}")


@login_required
def notifications(request: AuthedRequest) -> HttpResponse:
    """GET lists the notifications as they are; POST marks them read (reading changes nothing)."""
    if request.method == "POST":
        Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
        messages.success(request, "Đã đánh dấu tất cả thông báo là đã đọc.")
        return redirect("reporting:notifications")
    items = list(request.user.notifications.all()[:100])
    return render(request, "reporting/notifications.html", {"items": items})


@reporting_user
def report_excel(request: AuthedRequest, report_id: int) -> HttpResponse:
    """GET: the report as .xlsx to fill offline. POST: the filled file, applied whole or not at all."""
    report = selectors.report_get(user=request.user, pk=report_id)
    if request.method != "POST":
        unit = report.unit.code.replace(":", "-")
        return attachment(
            report_workbook(report), f"bao-cao-{report.period.year}-{report.period.number:02d}-{unit}.xlsx"
        )
    upload = request.FILES.get("tep")
    try:
        if upload is None:
            raise ValidationError("Hãy chọn tệp Excel (.xlsx) đã điền.")
        version, data = parse_report_workbook(upload, upload.name or "tệp", report)
        services.report_save(report_id=report.pk, user=request.user, version=version, data=data)
    except ValidationError as exc:
        return render(
            request,
            "reporting/report.html",
            _report_context(request, report, errors=exc.messages, excel_errors=True),
            status=422,
        )
    messages.success(request, f"Đã nhập báo cáo từ tệp “{upload.name}”.")
    return redirect("reporting:report", report_id=report.pk)
