"""Sign-in pages: login (also the admin's), lockout, second factor, passwords, single sign-on."""

from __future__ import annotations

import logging
from typing import Any, cast

import requests
from authlib.integrations.base_client.errors import OAuthError
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from joserfc.errors import JoseError

from dieuhanh.accounts import second_factor as sf
from dieuhanh.accounts.forms import (
    LoginForm,
    NewPasswordForm,
    OneTimeCodeForm,
    OwnPasswordChangeForm,
    PasswordResetRequestForm,
)
from dieuhanh.accounts.http import AuthedRequest
from dieuhanh.accounts.sso import SSORefused, sso_client, sso_enabled

log = logging.getLogger(__name__)
SSO_NEXT_KEY = "signin_sso_next"


def _safe_next(request: HttpRequest, candidate: str | None, default: str) -> str:
    """The page to go on to: the request's own `next` when it is on this site, else the default."""
    candidate = candidate or request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


class SignInView(auth_views.LoginView):
    """The one login form: the site's at /tai-khoan/dang-nhap/ and the admin's at /quan-tri/login/.
    django-axes counts its failures; the second factor follows (see SecondFactorMiddleware)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(sso_enabled=sso_enabled(), **kwargs)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """What django-axes answers once an account or address is locked (429)."""
    context = {"minutes": settings.SIGNIN_LOCKOUT_MINUTES, "sso_enabled": sso_enabled()}
    return render(request, "accounts/locked.html", context, status=429)


@login_required
def account(request: AuthedRequest) -> HttpResponse:
    user = request.user
    context = {
        "enrolled": sf.second_factor_enrolled(user=user),
        "required": sf.second_factor_required(user=user),
        "codes_left": sf.recovery_codes_left(user=user),
        "has_password": user.has_usable_password(),
    }
    return render(request, "accounts/account.html", context)


@login_required
def two_factor_verify(request: AuthedRequest) -> HttpResponse:
    next_url = _safe_next(request, None, reverse("site:home"))
    if request.user.is_verified() or not sf.second_factor_enrolled(user=request.user):  # type: ignore[attr-defined]
        return redirect(next_url)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = sf.second_factor_verify(request=request, user=request.user, token=form.cleaned_data["code"])
        if result.ok:
            if result.used_recovery_code:
                left = sf.recovery_codes_left(user=request.user)
                messages.warning(request, f"Bạn vừa dùng một mã khôi phục; còn {left} mã chưa dùng.")
            return redirect(next_url)
        form.add_error("code", OneTimeCodeForm.refusal(throttled=result.throttled))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@login_required
def two_factor_setup(request: AuthedRequest) -> HttpResponse:
    user = request.user
    next_url = _safe_next(
        request, request.POST.get("next") or request.GET.get("next"), reverse("accounts:account")
    )
    # Replacing an authenticator takes the current one first: a session that has not passed
    # the second factor must not enrol a new one in its place.
    if sf.second_factor_enrolled(user=user) and not user.is_verified():  # type: ignore[attr-defined]
        return redirect(f"{reverse('accounts:two_factor_verify')}?next={request.path}")
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = sf.totp_enrolment_confirm(request=request, user=user, token=form.cleaned_data["code"])
        if codes is not None:
            context = {"codes": codes, "next": next_url, "enrolled_now": True}
            return render(request, "accounts/two_factor_codes.html", context)
        form.add_error("code", "Mã không đúng. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực.")
    form.fields["code"].help_text = "6 chữ số ứng dụng xác thực đang hiện."
    enrolment = sf.totp_enrolment_start(user=user)
    context = {
        "form": form,
        "enrolment": enrolment,
        "secret_groups": [enrolment.secret[i : i + 4] for i in range(0, len(enrolment.secret), 4)],
        "required": sf.second_factor_required(user=user),
        "next": next_url,
    }
    return render(request, "accounts/two_factor_setup.html", context)


@require_POST
@login_required
def two_factor_renew_codes(request: AuthedRequest) -> HttpResponse:
    if not sf.second_factor_enrolled(user=request.user):
        return redirect("accounts:account")
    codes = sf.recovery_codes_renew(user=request.user)
    return render(
        request, "accounts/two_factor_codes.html", {"codes": codes, "next": reverse("accounts:account")}
    )


@require_POST
@login_required
def two_factor_remove(request: AuthedRequest) -> HttpResponse:
    if sf.second_factor_required(user=request.user):
        messages.error(request, "Tài khoản của bạn bắt buộc dùng xác thực hai lớp nên không tắt được.")
    else:
        sf.second_factor_remove(user=request.user)
        messages.success(request, "Đã tắt xác thực hai lớp.")
    return redirect("accounts:account")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = OwnPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, "Đã đổi mật khẩu.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # Whoever proved they own the mailbox may try again at once.
        axes_reset(username=form.user.get_username())
        return response


def sso_start(request: HttpRequest) -> HttpResponse:
    if not sso_enabled():
        raise Http404("Chưa cấu hình đăng nhập SSO.")
    request.session[SSO_NEXT_KEY] = _safe_next(request, request.GET.get("next"), reverse("site:home"))
    callback = request.build_absolute_uri(reverse("accounts:sso_callback"))
    try:
        return sso_client().authorize_redirect(request, callback)
    except (requests.RequestException, OAuthError, ValueError) as exc:
        log.warning("SSO: the provider's discovery document could not be read: %s", exc)
        return _sso_failed(request, "Không kết nối được hệ thống SSO. Vui lòng thử lại sau.")


def sso_callback(request: HttpRequest) -> HttpResponse:
    if not sso_enabled():
        raise Http404("Chưa cấu hình đăng nhập SSO.")
    try:
        token = sso_client().authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        user = authenticate(request, oidc_claims=claims)
    except SSORefused as exc:
        return _sso_failed(request, str(exc))
    except (requests.RequestException, OAuthError, JoseError, ValueError, KeyError) as exc:
        log.warning("SSO: sign-in failed: %s", exc)
        return _sso_failed(
            request, "Đăng nhập SSO không thành công (phiên đăng nhập hết hạn hoặc không hợp lệ)."
        )
    if user is None:
        return _sso_failed(request, "Hệ thống SSO chưa xác nhận được tài khoản của bạn.")
    auth_login(request, user)
    return HttpResponseRedirect(request.session.pop(SSO_NEXT_KEY, reverse("site:home")))


def _sso_failed(request: HttpRequest, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("accounts:login")


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's login is the site's (one form, one throttle, one second factor)."""
    return cast(HttpResponse, SignInView.as_view(next_page=reverse("admin:index"))(request))
