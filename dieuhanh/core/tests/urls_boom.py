"""The project's URLs plus two views that fail, for the error-page tests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config import urls as project_urls


def boom(request: HttpRequest) -> HttpResponse:
    raise KeyError("secret_setting_name")


urlpatterns = [
    path("thu-loi/", boom),
    path("api/v1/thu-loi", boom),
    *project_urls.urlpatterns,
]
handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
