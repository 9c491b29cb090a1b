"""A real Chromium for the page tests: Debian's /usr/bin/chromium driven by Playwright.

Outside CI with no browser the tests are skipped with a visible reason; in CI a missing
browser is a failure, never a silent skip.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(os.environ.get("DIEUHANH_TEST_ARTIFACTS", "test-artifacts"))


def chromium_path() -> str | None:
    for candidate in (os.environ.get("DIEUHANH_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        reason = (
            "Không có Chromium (/usr/bin/chromium): cài gói Debian 'chromium' để chạy kiểm thử giao diện."
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):  # type: ignore[no-untyped-def]
    context = chromium.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900}
    )
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    # A first page may build caches (indicator roll-ups) on a busy CI machine; never a timing assertion.
    pg.set_default_navigation_timeout(60_000)
    # "Gửi báo cáo" and "Duyệt" ask for confirmation: the user says yes, and the question is kept
    # so a test can check what was asked (pg.dialogs).
    pg.dialogs = []  # type: ignore[attr-defined]

    def answer(dialog):  # type: ignore[no-untyped-def]
        pg.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.accept()

    pg.on("dialog", answer)
    yield pg
    context.close()


def screenshot(pg, name: str, *, full_page: bool = True) -> Path:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=full_page)
    return path
