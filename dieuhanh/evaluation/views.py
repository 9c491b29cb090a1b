"""Evaluation pages: rounds, the ranking (administrators and leaders), a unit's scorecard
(also its own reporter), a criterion's self-assessment or appraisal, the cycle's actions and
the exports. Views stay thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dieuhanh.accounts import rules
from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.permissions import guard, programme_admin, programme_reader
from dieuhanh.core.downloads import attachment
from dieuhanh.evaluation import exports, selectors, services
from dieuhanh.evaluation.forms import criterion_inputs
from dieuhanh.evaluation.models import Entry, EntryEvidence, Evaluation
from dieuhanh.units.models import Unit
from dieuhanh.units.structure import issuer_name

KINDS = {"agency": Unit.Kind.AGENCY, "commune": Unit.Kind.COMMUNE}


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# The evaluation's pages are for programme-wide readers and reporters: anyone else is refused
# (403) before any round or unit is looked up.
evaluation_user = guard(rules.can_read_register, "Tài khoản của bạn không có quyền xem kết quả đánh giá.")


@evaluation_user
def evaluation_index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    rounds = list(selectors.round_list(user=user))
    return render(request, "evaluation/index.html", {"rounds": rounds})


@programme_reader
def evaluation_ranking(request: AuthedRequest, round_id: int) -> HttpResponse:
    round_ = selectors.round_get(user=request.user, pk=round_id)
    kind = request.GET.get("loai") if request.GET.get("loai") in KINDS else None
    rows = selectors.ranking(user=request.user, round_=round_, kind=KINDS.get(kind or ""))
    spec = round_.rubric.spec()
    by_delta = sorted((r for r in rows if r.delta_rank), key=lambda r: r.delta_rank or 0)
    return render(
        request,
        "evaluation/ranking.html",
        {
            "round": round_,
            "spec": spec,
            "rows": rows,
            "by_delta": by_delta,
            "kind": kind or "",
            "previous": selectors.previous_round(user=request.user, round_=round_),
        },
    )


@evaluation_user
def evaluation_scorecard(request: AuthedRequest, round_id: int, unit_id: int) -> HttpResponse:
    round_ = selectors.round_get(user=request.user, pk=round_id)
    card = selectors.scorecard(user=request.user, round_=round_, unit_id=unit_id)
    return render(request, "evaluation/scorecard.html", {"s": card, "round": round_})


def _entry_context(request: AuthedRequest, round_id: int, unit_id: int, code: str) -> dict:
    round_ = selectors.round_get(user=request.user, pk=round_id)
    s = selectors.scorecard(user=request.user, round_=round_, unit_id=unit_id)
    try:
        c = s.spec.criterion(code)
    except KeyError as exc:
        raise Http404("Không có tiêu chí này.") from exc
    entry = Entry.objects.filter(evaluation=s.evaluation, criterion=code).first()
    result = next(
        r
        for g in [*s.card.groups, s.card.bonus, s.card.deductions]
        if g
        for r in g.criteria
        if r.code == code
    )
    return {"s": s, "round": round_, "c": c, "entry": entry, "result": result}


@evaluation_user
def evaluation_entry(request: AuthedRequest, round_id: int, unit_id: int, code: str) -> HttpResponse:
    ctx = _entry_context(request, round_id, unit_id, code)
    s, c = ctx["s"], ctx["c"]
    appraising = rules.is_programme_admin(request.user)
    if s.evaluation.is_frozen:
        raise PermissionDenied("Kết quả đã công bố được giữ cố định; muốn thay đổi phải đánh giá lại.")
    if not appraising and not (rules.is_reporter(request.user) and s.evaluation.self_editable):
        raise PermissionDenied("Hồ sơ này không sửa được.")
    if request.method == "POST":
        try:
            inputs = criterion_inputs(c, request.POST)
            if appraising:
                services.entry_appraise(
                    user=request.user,
                    evaluation_id=s.evaluation.pk,
                    criterion=code,
                    inputs=inputs,
                    reason=request.POST.get("reason", ""),
                    appraiser_unit=request.POST.get("appraiser_unit", "")
                    or c.verifier
                    or issuer_name(on=timezone.localdate()),
                )
            else:
                services.entry_self_save(
                    user=request.user,
                    evaluation_id=s.evaluation.pk,
                    criterion=code,
                    inputs=inputs,
                    evidence=request.POST.get("evidence", ""),
                    upload=request.FILES.get("tep"),
                )
        except ValidationError as exc:
            ctx["error"] = _errors(exc)
            return render(request, "evaluation/entry.html", ctx | {"appraising": appraising}, status=422)
        messages.success(request, f"Đã lưu tiêu chí {code}.")
        return redirect("evaluation:scorecard", round_id=round_id, unit_id=unit_id)
    return render(request, "evaluation/entry.html", ctx | {"appraising": appraising})


def _act(request: AuthedRequest, round_id: int, unit_id: int, action: str) -> None:
    round_ = selectors.round_get(user=request.user, pk=round_id)
    s = selectors.scorecard(user=request.user, round_=round_, unit_id=unit_id)
    e: Evaluation = s.evaluation
    if action == "submit":
        services.evaluation_submit(user=request.user, evaluation_id=e.pk)
    elif action == "appraised":
        services.evaluation_appraised(user=request.user, evaluation_id=e.pk)
    elif action == "review":
        services.evaluation_review(user=request.user, evaluation_id=e.pk)
    elif action == "waive":
        services.evaluation_waive(
            user=request.user, evaluation_id=e.pk, waiver_ref=request.POST.get("waiver_ref", "")
        )
    elif action == "reevaluate":
        services.evaluation_reevaluate(
            user=request.user, evaluation_id=e.pk, reason=request.POST.get("reason", "")
        )
    else:
        raise Http404("Không có thao tác này.")


@programme_reader
def evaluation_heads(request: AuthedRequest, round_id: int) -> HttpResponse:
    round_ = selectors.round_get(user=request.user, pk=round_id)
    rows = selectors.head_ranking(user=request.user, round_=round_)
    spec = round_.rubric.spec()
    if spec.heads is None:
        raise Http404("Bộ tiêu chí này không đánh giá người đứng đầu.")
    own_max = sum(c.max for c in spec.heads.criteria)
    return render(
        request, "evaluation/heads.html", {"round": round_, "spec": spec, "rows": rows, "own_max": own_max}
    )


@evaluation_user
def evaluation_head(request: AuthedRequest, round_id: int, unit_id: int) -> HttpResponse:
    """A head's card; the programme administrator enters the head's own criteria here."""
    round_ = selectors.round_get(user=request.user, pk=round_id)
    row, of = selectors.head_scorecard(user=request.user, round_=round_, unit_id=unit_id)
    spec = round_.rubric.spec()
    items = list(zip(spec.heads.criteria, row.card.criteria, strict=True)) if spec.heads else []
    ctx = {"round": round_, "spec": spec, "row": row, "of": of, "heads": spec.heads, "items": items}
    if request.method == "POST":
        if not rules.is_programme_admin(request.user):
            raise PermissionDenied("Chỉ quản trị chương trình chấm tiêu chí của người đứng đầu.")
        code = request.POST.get("criterion", "")
        try:
            c = spec.heads.criterion(code) if spec.heads else None
        except KeyError:
            c = None
        try:
            if c is None:
                raise ValidationError(f"Không có tiêu chí «{code}» của người đứng đầu.")
            services.head_entry_save(
                user=request.user,
                evaluation_id=row.evaluation.pk,
                criterion=code,
                inputs=criterion_inputs(c, request.POST),
                evidence=request.POST.get("evidence", ""),
                assessor_unit=request.POST.get("assessor_unit", "") or c.verifier,
            )
        except ValidationError as exc:
            return render(request, "evaluation/head.html", ctx | {"error": _errors(exc)}, status=422)
        messages.success(request, f"Đã lưu tiêu chí {code}.")
        return redirect("evaluation:head", round_id=round_id, unit_id=unit_id)
    return render(request, "evaluation/head.html", ctx)


@require_POST
@login_required
@evaluation_user
def evaluation_action(request: AuthedRequest, round_id: int, unit_id: int, action: str) -> HttpResponse:
    try:
        _act(request, round_id, unit_id, action)
        messages.success(request, "Đã cập nhật.")
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect("evaluation:scorecard", round_id=round_id, unit_id=unit_id)


@require_POST
@programme_admin
def evaluation_publish(request: AuthedRequest, round_id: int) -> HttpResponse:
    round_ = selectors.round_get(user=request.user, pk=round_id)
    count = services.round_publish(user=request.user, round_id=round_.pk)
    messages.success(request, f"Đã công bố {count} kết quả.")
    return redirect("evaluation:ranking", round_id=round_id)


@programme_reader
def evaluation_xlsx(request: AuthedRequest, round_id: int) -> HttpResponse:
    round_ = selectors.round_get(user=request.user, pk=round_id)
    rows = selectors.ranking(user=request.user, round_=round_)
    data = exports.ranking_xlsx(round_, rows, selectors.head_ranking(user=request.user, round_=round_))
    return attachment(data, f"xep-hang-{round_.rubric.code}-{round_.year}.xlsx")


@programme_reader
def evaluation_docx(request: AuthedRequest, round_id: int) -> HttpResponse:
    round_ = selectors.round_get(user=request.user, pk=round_id)
    rows = selectors.ranking(user=request.user, round_=round_)
    data = exports.ranking_docx(round_, rows, selectors.head_ranking(user=request.user, round_=round_))
    return attachment(data, f"bao-cao-danh-gia-{round_.rubric.code}-{round_.year}.docx")


@evaluation_user
def evaluation_evidence(
    request: AuthedRequest, round_id: int, unit_id: int, evidence_id: int
) -> FileResponse:
    """A criterion's evidence file, to those who may read the unit's scorecard (scoped there)."""
    round_ = selectors.round_get(user=request.user, pk=round_id)
    s = selectors.scorecard(user=request.user, round_=round_, unit_id=unit_id)
    kept = get_object_or_404(
        EntryEvidence,
        pk=evidence_id,
        entry__evaluation__round=round_,
        entry__evaluation__unit=s.evaluation.unit,
    )
    return FileResponse(kept.file.open("rb"), as_attachment=True, filename=kept.original_name)
