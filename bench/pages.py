"""Page times of the demo, per role, warm: every main page as the leader and as an agency
reporter, through Django's full stack in process (middleware, session, selectors, templates),
with a trivial page (/suc-khoe/) timed in the same run as the reference for the machine's noise.

Last line:
    p95_ms=<p95 over every page's requests> leader_p95_ms=… reporter_p95_ms=… trivial_p95_ms=…
    slowest=<page:p95_ms,…> pages=<n> runs=<n>

Usage: .venv/bin/python bench/pages.py [--var-dir /tmp/dieuhanh-bench-pages] [--runs 10]
The demo is loaded into that directory's SQLite database the first time (about a minute, not
timed); each page is requested once before timing (caches, rollups warm).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

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
TRIVIAL = "/suc-khoe/"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--var-dir", default=str(Path(tempfile.gettempdir()) / "dieuhanh-bench-pages"))
    p.add_argument("--runs", type=int, default=10)
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


def time_pages(username: str, pages: tuple[str, ...], runs: int) -> dict[str, list[float]]:
    from django.test import Client

    from dieuhanh.accounts.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username=username))
    out: dict[str, list[float]] = {}
    for page in pages:
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


def report_page(username: str) -> str | None:
    from dieuhanh.accounts.models import User
    from dieuhanh.reporting.models import Report

    user = User.objects.get(username=username)
    report = Report.objects.filter(unit=user.unit).order_by("-period__due_on").first()
    return f"/bao-cao/{report.pk}/" if report else None


def main() -> None:
    args = parse_args()
    setup(args.var_dir)
    own_report = report_page("bqlkcn")
    reporter_pages = REPORTER_PAGES + ((own_report,) if own_report else ())
    leader = time_pages("lanhdao", LEADER_PAGES, args.runs)
    reporter = time_pages("bqlkcn", reporter_pages, args.runs)
    trivial = time_pages("lanhdao", (TRIVIAL,), args.runs)[TRIVIAL]
    rows = [("lãnh đạo", p, t) for p, t in leader.items()] + [("báo cáo", p, t) for p, t in reporter.items()]
    print(f"{'vai trò':<9} {'trang':<26} {'p50 ms':>8} {'p95 ms':>8}")
    for role, page, times in rows:
        print(f"{role:<9} {page:<26} {sorted(times)[len(times) // 2]:>8.1f} {p95(times):>8.1f}")
    reference = TRIVIAL + " (tham chiếu)"
    print(f"{'—':<9} {reference:<26} {sorted(trivial)[len(trivial) // 2]:>8.1f} {p95(trivial):>8.1f}")
    every = [t for _, _, times in rows for t in times]
    slowest = sorted(rows, key=lambda r: -p95(r[2]))[:3]
    slow = ",".join(
        f"{'L' if role == 'lãnh đạo' else 'R'}{page}:{p95(times):.0f}" for role, page, times in slowest
    )
    print(
        f"p95_ms={p95(every):.1f} leader_p95_ms={p95([t for v in leader.values() for t in v]):.1f} "
        f"reporter_p95_ms={p95([t for v in reporter.values() for t in v]):.1f} "
        f"trivial_p95_ms={p95(trivial):.1f} slowest={slow} pages={len(rows)} runs={args.runs}"
    )


if __name__ == "__main__":
    main()
