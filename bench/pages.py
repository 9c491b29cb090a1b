"""Page times of the demo, per role, warm: every page of the demo as each demo role, through
Django's full stack in process (middleware, session, selectors, templates), with a trivial page
(/suc-khoe/) timed in the same run as the reference for the machine's noise.

"Every page": for each role, the main pages below and then every page they link to, one URL per
view (one task, one indicator, one round, one zone… — the views are what cost, not the ids),
the admin's pages grouped by kind (index, list, change form…). Only HTML pages answered 200 are
timed; links that act on a GET (opening a report for a period) are never followed.

Last line:
    p95_ms=<p95 over every page's requests> leader_p95_ms=… reporter_p95_ms=… trivial_p95_ms=…
    slowest=<role+page:p95_ms,…> pages=<n> runs=<n> <role>_p95_ms=… for every role

Usage: .venv/bin/python bench/pages.py [--var-dir /tmp/dieuhanh-bench-pages] [--runs 10]
The demo is loaded into that directory's SQLite database the first time (about a minute, not
timed); each page is requested once before timing (caches, rollups warm).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

LEADER_PAGES = (
    "/",
    "/dieu-hanh/",
    "/dieu-hanh/man-hinh/",
    "/dieu-hanh/lanh-dao/",
    "/nhiem-vu/",
    "/chi-tieu/",
    "/chi-so/",
    "/chi-so/chi-tieu/",
    "/chi-so/canh-bao/",
    "/bao-cao/don-doc/",
    "/tong-hop/",
    "/danh-gia/",
    "/khu-cong-nghiep/",
)
REPORTER_PAGES = ("/", "/nhiem-vu/", "/chi-tieu/", "/chi-so/", "/bao-cao/")
PUBLIC_PAGES = ("/cong-khai/", "/du-lieu-mo/")
TRIVIAL = "/suc-khoe/"
# Each demo role: (user, short tag for the last line, the pages the crawl starts from).
ROLES = (
    ("lanhdao", "leader", LEADER_PAGES),
    ("bqlkcn", "reporter", REPORTER_PAGES),
    ("quantri", "admin", LEADER_PAGES + ("/quan-tri/", "/don-vi/", "/kiem-tra/nhat-ky/") + PUBLIC_PAGES),
    ("sokhcn", "agency", REPORTER_PAGES),
    ("xa", "commune", REPORTER_PAGES),
    ("doanhnghiep", "enterprise", ("/", "/khu-cong-nghiep/cua-toi/")),
)
# Views that act on a GET (open a report for a period) or are not pages of the demo.
NOT_FOLLOWED = {"reporting:open_period", "zones:report_open", "leader_worker", "dashboard:leader_worker"}
SKIPPED_PREFIXES = ("/tai-khoan/", "/api/", "/static/", "/media/", "/suc-khoe/")
SKIPPED_SUFFIXES = (".docx", ".xlsx", ".csv", ".json", ".jsonld", ".js", ".pdf", ".zip")
LINK = re.compile(r'href="(/[^"#?]*)')


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--var-dir", default=str(Path(tempfile.gettempdir()) / "dieuhanh-bench-pages"))
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--max-pages", type=int, default=60, help="pages per role at most")
    return p.parse_args()


def setup(var_dir: str) -> None:
    os.environ["DIEUHANH_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DIEUHANH_DEMO", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from dieuhanh.reporting.models import ReportRegime

    call_command("migrate", verbosity=0)
    if not ReportRegime.objects.exists():
        print("Nạp dữ liệu mẫu (không tính giờ)…", flush=True)
        call_command("load_demo", verbosity=0)


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _view_key(path: str) -> str | None:
    """One URL per view: the view's name, the admin's grouped by kind of page."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name or match.func.__name__
    if name.startswith("admin:"):
        kind = name.rsplit("_", 1)[-1] if match.url_name and "_" in match.url_name else match.url_name
        return f"admin:{kind}"
    return None if name in NOT_FOLLOWED else name


def crawl(client: Any, seeds: tuple[str, ...], limit: int) -> list[str]:
    """The role's pages: the seeds, then breadth-first every linked page of a view not yet seen."""
    queue, seen_views, seen_paths, pages = list(seeds), set(), set(), []
    while queue and len(pages) < limit:
        path = queue.pop(0)
        if path in seen_paths or path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_SUFFIXES):
            continue
        seen_paths.add(path)
        key = _view_key(path)
        if key is None or (key in seen_views and path not in seeds):
            continue
        response = client.get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        seen_views.add(key)
        pages.append(path)
        queue.extend(LINK.findall(response.content.decode("utf-8", "replace")))
    return pages


def time_pages(username: str, seeds: tuple[str, ...], runs: int, limit: int) -> dict[str, list[float]]:
    from django.test import Client

    from dieuhanh.accounts.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username=username))
    out: dict[str, list[float]] = {}
    for page in crawl(client, seeds, limit) if limit else seeds:
        response = client.get(page)  # warm
        if response.status_code != 200:
            print(f"  {username} {page}: HTTP {response.status_code} (bỏ qua)")
            continue
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(page)
            times.append((time.perf_counter() - start) * 1000)
        out[page] = times
    return out


def main() -> None:
    args = parse_args()
    setup(args.var_dir)
    by_role = {tag: time_pages(user, seeds, args.runs, args.max_pages) for user, tag, seeds in ROLES}
    trivial = time_pages("lanhdao", (TRIVIAL,), args.runs, 0)[TRIVIAL]
    rows = [(tag, page, times) for tag, pages in by_role.items() for page, times in pages.items()]
    print(f"{'vai trò':<11} {'trang':<44} {'p50 ms':>8} {'p95 ms':>8}")
    for role, page, times in rows:
        print(f"{role:<11} {page:<44} {sorted(times)[len(times) // 2]:>8.1f} {p95(times):>8.1f}")
    reference = TRIVIAL + " (tham chiếu)"
    print(f"{'—':<11} {reference:<44} {sorted(trivial)[len(trivial) // 2]:>8.1f} {p95(trivial):>8.1f}")
    every = [t for _, _, times in rows for t in times]
    slowest = sorted(rows, key=lambda r: -p95(r[2]))[:5]
    slow = ",".join(f"{role}{page}:{p95(times):.0f}" for role, page, times in slowest)
    per_role = " ".join(
        f"{tag}_p95_ms={p95([t for v in pages.values() for t in v]):.1f}"
        for tag, pages in by_role.items()
        if tag not in ("leader", "reporter") and pages
    )
    leader = [t for v in by_role["leader"].values() for t in v]
    reporter = [t for v in by_role["reporter"].values() for t in v]
    print(
        f"p95_ms={p95(every):.1f} leader_p95_ms={p95(leader):.1f} reporter_p95_ms={p95(reporter):.1f} "
        f"trivial_p95_ms={p95(trivial):.1f} slowest={slow} pages={len(rows)} runs={args.runs} {per_role}"
    )


if __name__ == "__main__":
    main()
