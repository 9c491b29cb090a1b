from __future__ import annotations

from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {"SITE_NAME": "Điều hành KHCN, ĐMST và CĐS", "SITE_SHORT": "dieuhanh"}
