"""No page before the second factor: a signed-in user who owes one is sent to enter it (or,
obliged and not yet enrolled, to set it up). Only the pages of that step stay open."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from dieuhanh.accounts.second_factor import SESSION_KEY, second_factor_enrolled, second_factor_needed

OPEN_VIEWS = frozenset(
    {"accounts:login", "accounts:logout", "accounts:two_factor_verify", "accounts:two_factor_setup"}
)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._owes_second_factor(request) and not self._is_open(request):
            return self._send_to_second_factor(request)
        return self.get_response(request)

    @staticmethod
    def _owes_second_factor(request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[union-attr,attr-defined]
            return False
        owed = request.session.get(SESSION_KEY)
        if owed is None:
            owed = second_factor_needed(user=user)  # type: ignore[arg-type]
            request.session[SESSION_KEY] = owed
        return bool(owed)

    @staticmethod
    def _is_open(request: HttpRequest) -> bool:
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in OPEN_VIEWS

    @staticmethod
    def _send_to_second_factor(request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": "Cần nhập mã xác thực hai lớp trước khi dùng API."}, status=403)
        enrolled = second_factor_enrolled(user=request.user)  # type: ignore[arg-type]
        target = reverse("accounts:two_factor_verify" if enrolled else "accounts:two_factor_setup")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
