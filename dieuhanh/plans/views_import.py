"""Pages to import a plan: upload, review the drafts beside the source text, register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone

from dieuhanh.accounts.permissions import programme_admin
from dieuhanh.core.http import AuthedRequest
from dieuhanh.plans import importing
from dieuhanh.plans.models import Document, Task
from dieuhanh.units.models import Unit

ROLES = (("lead", "Chủ trì"), ("coordinate", "Phối hợp"))


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
                messages.success(request, "Đã lưu các chỉnh sửa.")
                return redirect("plans:import_review", pk=plan_import.pk)
            except ValidationError as exc:
                errors = exc.messages
    context = _review_context(plan_import, errors)
    return render(request, "plans/import_review.html", context, status=422 if errors else 200)


# --- the review form --------------------------------------------------------------------


def _read_form(post: QueryDict, draft: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    errors: list[str] = []
    date = _vi_date(post.get("doc-date", ""), errors)
    data: dict[str, Any] = {
        "document": {
            "title": post.get("doc-title", "").strip(),
            "number": post.get("doc-number", "").strip() or None,
            "date": date.isoformat() if date else None,
            "issuer": post.get("doc-issuer", "").strip(),
        },
        "issuer_unit": _pk(post.get("doc-issuer_unit")),
        "implements_document": _pk(post.get("doc-implements")),
        "tasks": [_task_edits(post, i) for i in range(len(draft["tasks"]))],
        "targets": [{"include": post.get(f"g{i}-include") == "on"} for i in range(len(draft["targets"]))],
    }
    return data, errors


def _task_edits(post: QueryDict, i: int) -> dict[str, Any]:
    role = post.get(f"t{i}-role")
    return {
        "include": post.get(f"t{i}-include") == "on",
        "text": post.get(f"t{i}-text", "").strip(),
        "role": role if role in dict(ROLES) else None,
        "deadline_text": post.get(f"t{i}-deadline", "").strip(),
        "deliverable": post.get(f"t{i}-deliverable", "").strip() or None,
        "lead_unit": _pk(post.get(f"t{i}-lead_unit")),
        "implements": _pk(post.get(f"t{i}-implements")),
    }


def _pk(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _vi_date(value: str, errors: list[str]) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        errors.append(
            f"Ngày ban hành “{value}” không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 30/06/2025)."
        )
        return None


def _review_context(plan_import: Any, errors: list[str]) -> dict[str, Any]:
    draft = plan_import.draft
    units = list(Unit.objects.valid_on(timezone.localdate()).filter(kind__in=importing.UNIT_KINDS))
    provincial = list(Task.objects.select_related("document").exclude(document=plan_import.document)[:2000])
    rows = []
    for i, task in enumerate(draft["tasks"]):
        rows.append(
            {
                "i": i,
                "task": task,
                "units": importing.unit_suggestions(names=task.get("lead") or [], units=units),
                "links": importing.task_suggestions(text=task["text"], tasks=provincial),
                "due": dt.date.fromisoformat(task["deadline"]["due"]) if task["deadline"]["due"] else None,
            }
        )
    issuer = draft["document"].get("issuer") or ""
    date = draft["document"].get("date")
    return {
        "plan_import": plan_import,
        "draft": draft,
        "rows": rows,
        "targets": list(enumerate(draft["targets"])),
        "units": units,
        "issuer_units": importing.unit_suggestions(names=[issuer], units=units) if issuer else [],
        "documents": Document.objects.order_by("-issued_on")[:100],
        "doc_date": dt.date.fromisoformat(date) if date else None,
        "roles": ROLES,
        "errors": errors,
        "source_lines": plan_import.source_lines,
    }
