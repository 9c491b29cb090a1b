"""Single sign-on with the province's OpenID Connect provider (authorization code + PKCE).

The provider proves who someone is; the platform still decides what they may do: an SSO user
is matched to an account by one claim (settings.SIGNIN_OIDC["CLAIM"]), and unit and role are
the account's. Someone the provider knows but the platform does not gets an account with no
role, for an administrator to assign (or is refused, with CREATE_USERS off).
"""

from __future__ import annotations

from typing import Any

from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.db import transaction
from django.http import HttpRequest

from dieuhanh.accounts.models import Role, User


class SSORefused(Exception):
    """The provider signed the person in, but the platform will not: the message says why."""


def sso_enabled() -> bool:
    config = settings.SIGNIN_OIDC
    return bool(config["ISSUER"] and config["CLIENT_ID"])


def sso_client() -> DjangoOAuth2App:
    """A client for the configured provider. Made per sign-in, so changed settings apply at
    once; its discovery document and keys are fetched from the issuer when first needed."""
    config = settings.SIGNIN_OIDC
    return OAuth().register(
        name="sso",
        client_id=config["CLIENT_ID"],
        client_secret=config["CLIENT_SECRET"],
        server_metadata_url=f"{config['ISSUER']}/.well-known/openid-configuration",
        client_kwargs={"scope": config["SCOPE"], "code_challenge_method": "S256", "timeout": 10},
    )


def _claim_value(claims: dict[str, Any]) -> tuple[str, str]:
    claim = str(settings.SIGNIN_OIDC["CLAIM"])
    value = str(claims.get(claim) or "").strip()
    if not value:
        raise SSORefused(f"Hệ thống SSO không gửi thông tin “{claim}” để nhận ra tài khoản.")
    if claim == "email" and claims.get("email_verified") is False:
        raise SSORefused("Địa chỉ thư điện tử trên hệ thống SSO chưa được xác minh.")
    return claim, value


def user_match_claims(*, claims: dict[str, Any]) -> User:
    """The platform account of the person these (signature-checked) claims describe."""
    claim, value = _claim_value(claims)
    if claim == "email":
        matches = list(User.objects.filter(email__iexact=value)[:2])
    else:
        matches = list(User.objects.filter(username=value)[:2])
    if len(matches) > 1:
        raise SSORefused(f"Có nhiều tài khoản cùng {claim} “{value}”; quản trị viên cần sửa để chỉ còn một.")
    if matches:
        if not matches[0].is_active:
            raise SSORefused("Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị viên.")
        return matches[0]
    if not settings.SIGNIN_OIDC["CREATE_USERS"]:
        raise SSORefused(
            f"Chưa có tài khoản nào ứng với “{value}”. Vui lòng đề nghị quản trị viên tạo tài khoản."
        )
    return user_create_from_claims(claims=claims, claim=claim, value=value)


@transaction.atomic
def user_create_from_claims(*, claims: dict[str, Any], claim: str, value: str) -> User:
    """An account with no role and no unit: signing in works, seeing anything waits for an
    administrator. It has no password, so it signs in only through SSO."""
    username = value if claim != "email" else value.lower()
    if User.objects.filter(username=username).exists():
        raise SSORefused(f"Tên đăng nhập “{username}” đã được dùng cho một tài khoản khác.")
    user = User(
        username=username,
        email=str(claims.get("email") or ""),
        full_name=str(claims.get("name") or "")[:150],
        role=Role.NONE,
    )
    user.set_unusable_password()
    user.save()
    return user


class OIDCBackend(BaseBackend):
    """Authenticates the claims of an ID token that sso_client() has verified; any other
    credentials are for the backends before it."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, oidc_claims: dict[str, Any] | None = None
    ) -> User | None:
        if oidc_claims is None or not sso_enabled():
            return None
        return user_match_claims(claims=oidc_claims)

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()
