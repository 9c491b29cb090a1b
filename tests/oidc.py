"""The province's SSO for the tests: the OpenID Connect provider of tests/oidc_provider/,
started once per test session as its own process on a free loopback port (no mock)."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest

SERVE = Path(__file__).resolve().parent / "oidc_provider" / "serve.py"
CLIENT_ID = "dieuhanh-test"
CLIENT_SECRET = "bi-mat-cua-dieuhanh-khi-thu"


@dataclass(frozen=True)
class SSOUser:
    username: str
    password: str
    email: str
    name: str


# The board's reporter is known to both; the newcomer only to the SSO.
BOARD_REPORTER = SSOUser("bao.le", "sso-mat-khau-1", "bao.le@haiphong.gov.vn", "Lê Thị Báo")
NEWCOMER = SSOUser("moi.nguyen", "sso-mat-khau-2", "moi.nguyen@haiphong.gov.vn", "Nguyễn Văn Mới")


@dataclass(frozen=True)
class Provider:
    url: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def settings(self, **overrides: object) -> dict[str, object]:
        return {
            "ISSUER": self.issuer,
            "CLIENT_ID": CLIENT_ID,
            "CLIENT_SECRET": CLIENT_SECRET,
            "SCOPE": "openid email profile",
            "CLAIM": "email",
            "CREATE_USERS": True,
            **overrides,
        }


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[Provider]:
    setup = {
        "users": [vars(u) for u in (BOARD_REPORTER, NEWCOMER)],
        "client": {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            # A loopback IP matches on any port (RFC 8252): the live server's port is not known yet.
            "redirect_uris": [
                "http://127.0.0.1/tai-khoan/sso/callback/",
                "http://testserver/tai-khoan/sso/callback/",
            ],
        },
    }
    with tempfile.TemporaryDirectory(prefix="oidc-provider-") as data_dir:
        env = {**os.environ, "OIDC_PROVIDER_DIR": data_dir, "OIDC_PROVIDER_SETUP": json.dumps(setup)}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        proc = subprocess.Popen(
            [sys.executable, str(SERVE)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        try:
            assert proc.stdout is not None
            lines = []
            for line in proc.stdout:  # ends when the process does: a failed start is shown below
                lines.append(line)
                if line.startswith("READY "):
                    break
            else:
                pytest.fail("Nhà cung cấp OIDC thử nghiệm không khởi động được:\n" + "".join(lines))
            yield Provider(url=line.split()[1])
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@pytest.fixture
def sso(oidc_provider, settings) -> Provider:  # type: ignore[no-untyped-def]
    """Single sign-on configured on the platform for one test."""
    settings.SIGNIN_OIDC = oidc_provider.settings()
    return oidc_provider


def provider_sign_in(authorize_url: str, user: SSOUser, *, stop_at: str) -> str:
    """What a person does at the provider, over plain HTTP: open the authorization URL, sign
    in there, and follow redirects until one leads back to `stop_at`; returns that URL."""
    import requests

    with requests.Session() as http:
        url = authorize_url
        for _ in range(10):
            response = http.get(url, allow_redirects=False, timeout=10)
            if response.is_redirect:
                url = urljoin(url, response.headers["Location"])
            elif 'name="password"' in response.text:
                response = http.post(
                    url,
                    data={
                        "csrfmiddlewaretoken": _field(response.text, "csrfmiddlewaretoken"),
                        "username": user.username,
                        "password": user.password,
                        "next": html.unescape(_field(response.text, "next")),
                    },
                    allow_redirects=False,
                    timeout=10,
                )
                assert response.is_redirect, response.text
                url = urljoin(url, response.headers["Location"])
            else:
                raise AssertionError(f"Unexpected provider page {url}: {response.status_code}")
            if url.startswith(stop_at):
                return url
    raise AssertionError("The provider never redirected back")


def _field(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, page
    return match.group(1)
