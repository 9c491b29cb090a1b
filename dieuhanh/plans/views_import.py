"""Pages to import a plan: upload, review the drafts beside the source text, register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone

from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.permissions import programme_admin
from dieuhanh.core.dates import DateError, parse_date
from dieuhanh.core.text import fold
from dieuhanh.plans import importing
from dieuhanh.plans.models import Document
from dieuhanh.units.models import Unit

ROLES = (("lead", "Chủ trì"), ("coordinate", "Phối hợp"))
_SAVED = {
    "untick_context": "Đã lưu và bỏ chọn các nhiệm vụ không có vai trò của địa phương.",
    "keep_names": "Đã lưu; cơ quan chủ trì của mọi nhiệm vụ giữ nguyên tên theo văn bản.",
}


@programme_admin
def import_upload(request: AuthedRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "Hãy chọn tệp kế hoạch (.docx, .txt hoặc .md) để tải lên."
        else:
            try:
                plan_import = importing.plan_import_create(
                    data=upload.read(), file_name=upload.name or "ke-hoach", user=request.user
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                return redirect("plans:import_review", pk=plan_import.pk)
    imports = importing.plan_import_list(user=request.user)
    status = 422 if error else 200
    return render(request, "plans/import_upload.html", {"error": error, "imports": imports}, status=status)


@programme_admin
def import_review(request: AuthedRequest, pk: int) -> HttpResponse:
    plan_import = importing.plan_import_get(user=request.user, pk=pk)
    errors: list[str] = []
    if request.method == "POST" and plan_import.status == plan_import.Status.DRAFT:
        data, errors = _read_form(request.POST, plan_import.draft)
        if not errors:
            try:
                importing.plan_import_review(plan_import=plan_import, data=data)
                if request.POST.get("action") == "register":
                    document = importing.plan_import_register(plan_import=plan_import, user=request.user)
                    messages.success(request, f"Đã đăng ký {document}: nhiệm vụ và chỉ tiêu đã vào danh mục.")
                    return redirect("plans:import_review", pk=plan_import.pk)
                messages.success(request, _SAVED.get(request.POST.get("action", ""), "Đã lưu các chỉnh sửa."))
                return redirect("plans:import_review", pk=plan_import.pk)
            except ValidationError as exc:
                errors = exc.messages
    context = _review_context(plan_import, errors)
    return render(request, "plans/import_review.html", context, status=422 if errors else 200)


# --- the review form --------------------------------------------------------------------


BULK_ACTIONS = {"untick_context", "keep_names"}


def _read_form(post: QueryDict, draft: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    errors: list[str] = []
    date = _vi_date(post.get("doc-date", ""), errors)
    national = draft.get("level") == "national"
    action = post.get("action")
    by_name = {fold(u.name): u.pk for u in Unit.objects.filter(kind__in=importing.UNIT_KINDS)}
    data: dict[str, Any] = {
        "document": {
            "title": post.get("doc-title", "").strip(),
            "number": post.get("doc-number", "").strip() or None,
            "date": date.isoformat() if date else None,
            "issuer": post.get("doc-issuer", "").strip(),
        },
        "issuer_unit": _pk(post.get("doc-issuer_unit")),
        "kind": post.get("doc-kind") or None,
        "implements_document": _pk(post.get("doc-implements")),
        "tasks": [_task_edits(post, i, national=national) for i in range(len(draft["tasks"]))],
        "targets": [{"include": post.get(f"g{i}-include") == "on"} for i in range(len(draft["targets"]))],
        "groups": [_group_edits(post, k) for k in range(len(draft.get("groups") or []))],
        "bulk": action if action in BULK_ACTIONS else None,
    }
    for i, edits in enumerate(data["tasks"]):
        other = " ".join(post.get(f"t{i}-lead_other", "").split())
        if other:
            if fold(other) in by_name:
                edits["lead_unit"] = by_name[fold(other)]
            else:
                errors.append(
                    f"Nhiệm vụ {i + 1}: không có đơn vị “{other}” trong danh mục đơn vị; hãy "
                    "chọn trong danh sách gợi ý."
                )
    return data, errors


def _task_edits(post: QueryDict, i: int, *, national: bool) -> dict[str, Any]:
    role = post.get(f"t{i}-role")
    edits: dict[str, Any] = {
        "include": post.get(f"t{i}-include") == "on",
        "text": post.get(f"t{i}-text", "").strip(),
        "role": role if role in dict(ROLES) else None,
        "deadline_text": post.get(f"t{i}-deadline", "").strip(),
        "deliverable": post.get(f"t{i}-deliverable", "").strip() or None,
        "lead_unit": _pk(post.get(f"t{i}-lead_unit")),
        "implements": _pk(post.get(f"t{i}-implements")),
    }
    if national:  # the box is shown only for a higher-level plan
        edits["in_scope"] = post.get(f"t{i}-in_scope") == "on"
    if f"t{i}-group" in post:
        edits["group_key"] = _pk(post.get(f"t{i}-group"))
    return edits


def _group_edits(post: QueryDict, k: int) -> dict[str, Any]:
    return {
        "title": " ".join(post.get(f"gr{k}-title", "").split()),
        "merge_into": _pk(post.get(f"gr{k}-merge")),
        "delete": post.get(f"gr{k}-delete") == "on",
    }


def _pk(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _vi_date(value: str, errors: list[str]) -> dt.date | None:
    try:
        return parse_date(value)
    except DateError as exc:
        errors.append(f"Ngày ban hành: {exc}")
        return None


def _review_context(plan_import: Any, errors: list[str]) -> dict[str, Any]:
    """What the review shows is what the drafts hold: suggestions were stored when the file was
    read (importing.plan_import_create), so nothing is recomputed or preselected here."""
    draft = plan_import.draft
    units = list(Unit.objects.valid_on(timezone.localdate()).filter(kind__in=importing.UNIT_KINDS))
    by_pk = {unit.pk: unit for unit in units}
    groups = [(k, g) for k, g in enumerate(draft.get("groups") or []) if not g.get("deleted")]
    rows = []
    for i, task in enumerate(draft["tasks"]):
        suggestion = task.get("lead_suggestion")
        chosen = by_pk.get(task.get("lead_unit")) if task.get("lead_unit") else None
        rows.append(
            {
                "i": i,
                "task": task,
                "suggested": (by_pk.get(suggestion[0]), suggestion[1]) if suggestion else None,
                # The unit chosen, when it is not the suggestion (listed once, not with every unit).
                "chosen": chosen if chosen and (not suggestion or chosen.pk != suggestion[0]) else None,
                "links": task.get("links") or [],
                "other_link": bool(task.get("implements"))
                and task.get("implements") not in [link[0] for link in task.get("links") or []],
                "due": dt.date.fromisoformat(task["deadline"]["due"]) if task["deadline"]["due"] else None,
            }
        )
    date = draft["document"].get("date")
    number = draft["document"].get("number")
    return {
        "plan_import": plan_import,
        "draft": draft,
        "rows": rows,
        "groups": groups,
        "targets": list(enumerate(draft["targets"])),
        "units": units,
        "documents": Document.objects.order_by("-issued_on")[:100],
        "doc_date": dt.date.fromisoformat(date) if date else None,
        "attach_to": importing.registered_document(number, draft["document"].get("issuer"))
        if plan_import.status == "draft"
        else None,
        "national": draft.get("level") == "national",
        "context_count": sum(1 for t in draft["tasks"] if not t.get("in_scope", True)),
        "roles": ROLES,
        "kinds": Document.Kind.choices,
        "errors": errors,
        "source_lines": plan_import.source_lines,
    }
