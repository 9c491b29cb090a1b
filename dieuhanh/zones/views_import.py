"""The Board uploads its enterprise spreadsheet; nothing is saved unless all of it is right."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.core.downloads import attachment
from dieuhanh.core.import_errors import import_errors_download, import_errors_keep
from dieuhanh.zones.forms import ImportForm
from dieuhanh.zones.importing import enterprises_import, import_template
from dieuhanh.zones.permissions import board_staff


@board_staff
def import_upload(request: AuthedRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = enterprises_import(file=upload, filename=upload.name or "tệp", user=request.user)
        except ValidationError as exc:
            errors = exc.messages
            import_errors_keep(request, kind="zones", errors=errors)
        else:
            import_errors_keep(request, kind="zones", errors=[])
            messages.success(
                request,
                f"Đã nhập {result.enterprises} doanh nghiệp và {result.projects} dự án từ “{upload.name}”.",
            )
            return redirect("zones:overview")
    status = 422 if errors else 200
    return render(request, "zones/import.html", {"form": form, "errors": errors}, status=status)


@board_staff
def import_errors_view(request: AuthedRequest) -> HttpResponse:
    """The errors of the user's last refused registry import, as a CSV."""
    return import_errors_download(request, kind="zones", filename="loi-nhap-doanh-nghiep.csv")


@board_staff
def import_template_view(request: AuthedRequest) -> HttpResponse:
    return attachment(import_template(), "mau-danh-sach-doanh-nghiep.xlsx")
