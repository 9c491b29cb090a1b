"""The production settings, checked in a fresh process with an environment built here (the suite
itself runs as the demo): secure by default, one opt-out, no silent development key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
A_KEY = "k" * 10 + "Zq8#vT2!pW9@xL4$nB7^cY3&hJ6*dF1(sA5)gR0-mE" + "u" * 8


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIEUHANH_", "DJANGO_", "DATABASE_URL"))}
    env.update({"DIEUHANH_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings", **extra})
    return env


def dieuhanh(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dieuhanh", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def setting(env: dict[str, str], expression: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_check_deploy_prints_no_warning_with_only_a_key_and_allowed_hosts(tmp_path):
    env = clean_env(tmp_path, DIEUHANH_SECRET_KEY=A_KEY, DIEUHANH_ALLOWED_HOSTS="dieuhanh.haiphong.gov.vn")
    result = dieuhanh(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_it_refuses_to_start_without_a_key_outside_the_demo_and_says_what_to_set(tmp_path):
    result = dieuhanh(clean_env(tmp_path), "check")
    assert result.returncode == 2
    assert "DIEUHANH_SECRET_KEY" in result.stderr and "DIEUHANH_DEMO=1" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_the_plan_extractor_runs_on_a_bare_checkout_without_a_key_and_keeps_none(tmp_path):
    # Outside tools call `manage.py extract_plan` with no environment at all.
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(
        "KẾ HOẠCH\nThực hiện chuyển đổi số năm 2026\nII. NHIỆM VỤ\n"
        "1. Sở Khoa học và Công nghệ chủ trì xây dựng nền tảng, hoàn thành trong Quý IV/2026.\n",
        encoding="utf-8",
    )
    env = clean_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "extract_plan", str(plan), "--format", "json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Sở Khoa học và Công nghệ" in result.stdout
    assert not (tmp_path / "secret_key").exists()
    # Serving is still refused without a key.
    assert dieuhanh(env, "serve", "--help").returncode == 2


@pytest.mark.parametrize(
    "key", ["dev-only-insecure-key-change-me-0123456789abcdef", "django-insecure-" + "a" * 50]
)
def test_it_refuses_a_published_development_key_even_in_the_demo(tmp_path, key):
    result = dieuhanh(clean_env(tmp_path, DIEUHANH_SECRET_KEY=key, DIEUHANH_DEMO="1"), "check")
    assert result.returncode == 2
    assert "khóa mẫu công khai" in result.stderr


def test_the_demo_generates_a_key_once_keeps_it_under_var_and_reuses_it(tmp_path):
    env = clean_env(tmp_path, DIEUHANH_DEMO="1")
    first = setting(env, "s.SECRET_KEY")
    second = setting(env, "s.SECRET_KEY")
    kept = (tmp_path / "secret_key").read_text().strip()
    assert first == second == kept and len(kept) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by the owner only


def test_without_debug_the_settings_are_production_settings(tmp_path):
    env = clean_env(tmp_path, DIEUHANH_SECRET_KEY=A_KEY)
    values = setting(
        env,
        "s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_AGE, s.SECURE_PROXY_SSL_HEADER",
    )
    assert values == "False True True True 31536000 3600 None"


def test_the_demo_allows_plain_http_and_nothing_else_changes(tmp_path):
    env = clean_env(tmp_path, DIEUHANH_SECRET_KEY=A_KEY, DIEUHANH_DEMO="1")
    values = setting(env, "s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS")
    assert values == "False False False 0"


def test_a_tls_terminating_proxy_is_named_by_its_header(tmp_path):
    env = clean_env(tmp_path, DIEUHANH_SECRET_KEY=A_KEY, DIEUHANH_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert setting(env, "s.SECURE_PROXY_SSL_HEADER") == "('HTTP_X_FORWARDED_PROTO', 'https')"
