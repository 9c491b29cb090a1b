"""The operations dashboard in a real Chromium, on the demo province: a leader opens it at
desktop and phone widths and on the wall screen; its figures agree with the database, the
map draws the real boundaries of the day (12 districts before 01/07/2025, 114 communes
after), and nothing overflows a phone's width."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser import screenshot
from tests.test_browser_register import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AFTER = dt.date(2025, 7, 20)


@pytest.fixture
def demo_to_july(transactional_db):  # type: ignore[no-untyped-def]
    from dieuhanh.site.demo import demo_load

    # Reports up to July 2025, the first month under Hải Phòng.
    return demo_load(history_until=dt.date(2025, 8, 1))


def expected_figures(on: dt.date) -> dict[str, str]:
    from dieuhanh.accounts.models import Role, User
    from dieuhanh.plans.models import Task
    from dieuhanh.plans.status import TaskStatus
    from dieuhanh.reporting.models import Period
    from dieuhanh.reporting.selectors import period_board

    statuses = [t.status_on(on) for t in Task.objects.all()]
    admin = User.objects.filter(role=Role.ADMIN).first()
    july = Period.objects.get(regime__frequency="monthly", year=2025, number=7)
    board = period_board(user=admin, period=july, on=on)
    assert board.completeness is not None and board.timeliness is not None
    return {
        "[data-tasks-total]": str(len(statuses)),
        "[data-tasks-overdue]": str(statuses.count(TaskStatus.OVERDUE)),
        "[data-tasks-on-time]": str(statuses.count(TaskStatus.DONE_ON_TIME)),
        "[data-completeness]": f"{board.completeness * 100:.1f} %".replace(".", ","),
        "[data-timeliness]": f"{board.timeliness * 100:.1f} %".replace(".", ","),
    }


def test_a_leader_reads_the_dashboard_on_a_desktop_a_phone_and_the_wall(live_server, page, demo_to_july):
    base = live_server.url
    query = f"?ngay={AFTER:%d/%m/%Y}"
    login(page, base, "lanhdao")
    page.goto(f"{base}/dieu-hanh/{query}")
    for selector, value in expected_figures(AFTER).items():
        expect(page.locator(selector).first).to_have_text(value)
    expect(page.locator("#dash-map")).to_have_attribute("data-features", "114")
    expect(page.locator(".dash-map path.leaflet-interactive").first).to_be_visible()
    screenshot(page, "dashboard-desktop")

    # Before the merger: Hải Dương's districts, its communes as points.
    page.goto(f"{base}/dieu-hanh/?ngay=30/06/2025")
    expect(page.locator("#dash-map")).to_have_attribute("data-features", "12")
    assert int(page.locator("#dash-map").get_attribute("data-points") or 0) > 100
    screenshot(page, "dashboard-before-merger")

    # Drill down: province → unit → task.
    page.goto(f"{base}/dieu-hanh/{query}")
    page.locator("tr[data-lead] td[data-label='Đơn vị'] a").first.click()  # the unit's name, not a count
    expect(page.locator(".crumbs")).to_contain_text("Trung tâm điều hành")
    page.locator("tr[data-task] a").first.click()
    expect(page.locator("h1")).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/dieu-hanh/{query}")
    for selector, value in expected_figures(AFTER).items():
        expect(page.locator(selector).first).to_have_text(value)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the page is {width}px wide on a 390px phone"
    # It opens on the summary, whole on the first screen; the filters are folded below it.
    summary = page.locator("[data-summary]").bounding_box()
    assert summary is not None and summary["y"] + summary["height"] <= 844, summary
    assert page.evaluate("() => document.querySelector('details[data-filters]').open") is False
    screenshot(page, "dashboard-phone", full_page=False)

    page.set_viewport_size({"width": 1920, "height": 1080})
    page.clock.install()
    page.goto(f"{base}/dieu-hanh/man-hinh/{query}")
    expect(page.locator("meta[http-equiv='refresh']")).to_have_attribute("content", "300")
    expect(page.locator("[data-tasks-total]")).to_have_text(expected_figures(AFTER)["[data-tasks-total]"])
    expect(page.locator("#map-legend li").first).to_be_visible()  # the map has drawn
    screenshot(page, "dashboard-wall", full_page=False)
    # One screen: nothing below the fold; figures, targets, map and warnings all in view.
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080
    for panel in (".dash-tiles", ".dash-targets", ".dash-map", ".dash-warnings"):
        box = page.locator(panel).bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 1080, panel
    # The left column turns its pages, then gives way to the groups chart.
    targets = page.locator(".dash-targets")
    pages = int(targets.get_attribute("data-pages") or "1")
    page.clock.run_for(12_500 * pages)
    expect(page.locator(".dash-groups")).to_be_visible()
    expect(targets).to_be_hidden()


def test_the_leaders_app_installs_on_a_phone_and_reads_offline_from_its_last_sync(
    live_server, page, demo_to_july
):  # type: ignore[no-untyped-def]
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, base, "lanhdao")
    page.goto(f"{base}/dieu-hanh/lanh-dao/?ngay={AFTER:%d/%m/%Y}")
    manifest = page.locator("link[rel=manifest]").get_attribute("href")
    assert manifest and page.request.get(base + manifest).json()["start_url"] == "/dieu-hanh/lanh-dao/"
    # One screen: the three figures are at the top, the targets needing attention follow.
    tiles = page.locator(".leader-tiles").bounding_box()
    assert tiles is not None and tiles["y"] + tiles["height"] < 844
    at_risk = page.locator("[data-at-risk]").inner_text()
    assert int(at_risk) == page.locator("#chi-tieu li[data-target-code]").count()
    # Predicates are functions, not expressions: Playwright polls an expression through
    # eval(), which the page's Content-Security-Policy (script-src 'self') refuses.
    page.wait_for_function("() => document.querySelector('[data-worker-ready]') !== null")
    page.reload()  # now under the worker's control, which keeps this copy
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    synced = page.locator("[data-synced]").inner_text()
    screenshot(page, "leader-phone")

    page.context.set_offline(True)
    page.reload()
    expect(page.locator("#leader-offline")).to_be_visible()
    expect(page.locator("[data-synced]")).to_have_text(synced)
    expect(page.locator("[data-at-risk]")).to_have_text(at_risk)
    page.context.set_offline(False)
