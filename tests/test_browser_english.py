"""No English in the user interface: a sweep of the demo's pages in a real Chromium, as the
administrator, the leader, the reporters of an agency, a commune and an enterprise, and someone
without access — GET pages, the Django admin (its history pages and django-axes' included), and
the error states of forms (an empty admin form, a bad date in a filter, an empty import). The
exceptions are the API's own documentation page and the browser's built-in widgets.

The check reads the page's visible text and looks for English interface words; names of
products and formats (Excel, DHIS2, Open SDG, CSV) are not interface words and pass."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.test_browser_register import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Words Django, the admin and the libraries print when a string escaped translation.
ENGLISH = re.compile(
    r"\b(?:Please|correct the|errors? below|This field|Enter a|Select a|Save and|Delete|Add another|"
    r"Search|Change|History|Log ?out|Log ?in|Home|Filter|Show all|Clear all|Action|Yes|Unknown|"
    r"Today|Now|Choose|Remove|View site|Documentation|Password|Username|required|"
    r"minutes?|hours?|seconds?|days?|weeks?|months?|years?|ago|January|February|March|April|"
    r"June|July|August|September|October|November|December|Monday|Sunday|None|True|False|"
    r"Not Found|Forbidden|Server Error|Page not found|Object|Changed by|Change reason|Revert|entries|"
    r"Enabled|Disabled|User Agent|IP Address|Attempt Time|Locked Out|Meta Data)\b"
)

PAGES = {
    "quantri": [
        "/",
        "/dieu-hanh/",
        "/nhiem-vu/",
        "/nhiem-vu/?han=13/2025",
        "/chi-tieu/",
        "/chi-so/",
        "/chi-so/chi-tieu/",
        "/chi-so/canh-bao/",
        "/chi-so/nhap-du-lieu/",
        "/chi-so/?ngay=31/02/2025",
        "/bao-cao/don-doc/",
        "/tong-hop/",
        "/danh-gia/",
        "/khu-cong-nghiep/",
        "/kiem-tra/",
        "/quan-tri/",
        "/quan-tri/plans/task/",
        "/quan-tri/plans/task/add/",
        "/quan-tri/accounts/user/",
        "/quan-tri/accounts/user/add/",
        "/quan-tri/axes/accesslog/",
        "/quan-tri/axes/accessattempt/",
        "/khong-co-trang-nay/",
    ],
    "lanhdao": ["/", "/dieu-hanh/", "/dieu-hanh/lanh-dao/", "/chi-so/chi-tieu/"],
    "bqlkcn": ["/", "/nhiem-vu/", "/bao-cao/", "/chi-so/"],
    "sokhcn": ["/", "/nhiem-vu/", "/bao-cao/", "/chi-tieu/", "/danh-gia/"],
    "xa": ["/", "/bao-cao/", "/chi-so/", "/nhiem-vu/?han=13/2025"],
    "doanhnghiep": ["/", "/khu-cong-nghiep/cua-toi/"],
    "khongquyen": ["/", "/dieu-hanh/"],
}


@pytest.fixture
def demo_loaded(transactional_db):  # type: ignore[no-untyped-def]
    from dieuhanh.site.demo import demo_load

    return demo_load(history_until=dt.date(2025, 8, 1))


def english_in(page) -> list[str]:  # type: ignore[no-untyped-def]
    text = page.inner_text("body")
    return sorted({m.group(0) for m in ENGLISH.finditer(text)})


def test_no_page_or_form_error_shows_english(live_server, page, demo_loaded):
    found: dict[str, list[str]] = {}
    for username, urls in PAGES.items():
        page.context.clear_cookies()
        login(page, live_server.url, username)
        for url in urls:
            page.goto(f"{live_server.url}{url}")
            if words := english_in(page):
                found[f"{username} {url}"] = words
        if username == "quantri":
            # The admin's history of a record: the values of each change.
            from dieuhanh.indicators.models import Indicator

            page.goto(
                f"{live_server.url}/quan-tri/indicators/indicator/{Indicator.objects.first().pk}/history/"
            )
            if words := english_in(page):
                found["quantri lịch sử chỉ số"] = words
            # The admin's error state: an empty form sent.
            page.goto(f"{live_server.url}/quan-tri/plans/task/add/")
            page.locator("input[name=_save]").click()
            if words := english_in(page):
                found["quantri /quan-tri/plans/task/add/ (gửi trống)"] = words
            page.goto(f"{live_server.url}/chi-so/nhap-du-lieu/")
            page.locator("form button[type=submit], form input[type=submit]").last.click()
            if words := english_in(page):
                found["quantri /chi-so/nhap-du-lieu/ (gửi trống)"] = words
    assert not found, found
