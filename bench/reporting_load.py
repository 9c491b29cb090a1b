"""The load of the 15th: N reporters saving drafts and submitting at once.

A bounded, loopback-only locust run against the app served by gunicorn on PostgreSQL. Every
reporter first opens the period's report the way the page does (GET, then the "Bắt đầu báo
cáo" POST; not measured). Then, in the same run: the app's trivial health page (raw request
capacity, `trivial_per_s`); a saturation phase — reporters autosaving with no think time —
whose throughput is `saves_per_s` (so `ratio` measures the server, not the offered load); and
the N reporters with think time, autosaving as the page does and then submitting, whose 99th
percentile save time is `p99_ms`. It checks in the database that every save the server
acknowledged is there (as a row of the report's audit history with the saved text) and that
no report was submitted twice. Last line:

    saves_per_s=<x> p99_ms=<y> trivial_per_s=<z> ratio=<x/z> lost=<n> duplicated=<m>

Usage: .venv/bin/python bench/reporting_load.py [--users 200] [--duration 40]
       [--database-url postgres://postgres@127.0.0.1:5432/dieuhanh_bench]
Needs `make bench-deps` (locust) and a PostgreSQL server; it creates and drops its database.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "bench@2025"
# One file per run: two benches at once (another checkout) must not sign in each other's users.
SESSIONS = Path(tempfile.gettempdir()) / f"dieuhanh-bench-sessions-{os.getpid()}.txt"
TASKS_PER_UNIT = 10


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--users", type=int, default=200)
    p.add_argument("--duration", type=int, default=60, help="seconds of the reporters' phase")
    p.add_argument("--trivial-duration", type=int, default=15)
    p.add_argument("--saturation-users", type=int, default=24)
    p.add_argument("--saturation-duration", type=int, default=20)
    p.add_argument("--saves-per-user", type=int, default=8)
    p.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (default: as `dieuhanh serve`)"
    )
    p.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/dieuhanh_bench")
    return p.parse_args()


def recreate_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Loopback, plain HTTP, a key kept under var/: the local demo settings (docs/serving.md).
    os.environ.setdefault("DIEUHANH_DEMO", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_world(users: int) -> int:
    """N agencies with ten tasks each and one reporter each; a monthly regime; the open
    period of today. Returns that period's id."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from dieuhanh.accounts.models import Role, User
    from dieuhanh.plans.models import Document, Task, TaskGroup
    from dieuhanh.reporting.models import Frequency, RegimeMembership, ReportRegime
    from dieuhanh.reporting.services import period_ensure
    from dieuhanh.units.models import Unit

    today = timezone.localdate()
    units = Unit.objects.bulk_create(
        [
            Unit(code=f"bench:{i:04d}", kind=Unit.Kind.AGENCY, name=f"Cơ quan thử tải {i:04d}")
            for i in range(users)
        ]
    )
    receiver = Unit.objects.create(code="bench:so-khcn", kind=Unit.Kind.AGENCY, name="Sở KH&CN (thử tải)")
    hashed = make_password(PASSWORD)
    User.objects.bulk_create(
        [
            User(username=f"bench{i:04d}", password=hashed, role=Role.AGENCY_REPORTER, unit=u)
            for i, u in enumerate(units)
        ]
    )
    doc = Document.objects.create(
        kind="plan",
        number="BENCH/KH",
        issuer_name="Thử tải",
        title="Kế hoạch thử tải",
        issued_on=today - dt.timedelta(days=400),
    )
    group = TaskGroup.objects.create(document=doc, number="1", title="Nhóm thử tải")
    Task.objects.bulk_create(
        [
            Task(
                document=doc,
                group=group,
                code=f"B-{u.pk}-{k}",
                text=f"Nhiệm vụ {k} của {u.name}",
                lead_unit=u,
                due=today + dt.timedelta(days=60),
            )
            for u in units
            for k in range(TASKS_PER_UNIT)
        ]
    )
    regime = ReportRegime.objects.create(
        name="Báo cáo tháng (thử tải)",
        content="Thử tải",
        receiving_unit=receiver,
        frequency=Frequency.MONTHLY,
        starts_on=today - dt.timedelta(days=60),
    )
    RegimeMembership.objects.bulk_create([RegimeMembership(regime=regime, unit=u) for u in units])
    _signed_in_sessions()
    # The period whose data window holds today: open for drafts, like the days before the 15th.
    number = today.month if today.day < 15 else today.month % 12 + 1
    year = today.year if not (today.month == 12 and today.day >= 15) else today.year + 1
    return period_ensure(regime=regime, year=year, number=number).pk


def _signed_in_sessions() -> None:
    """Each reporter arrives signed in (sessions made here): the morning's logins — a slow
    password hash each, by design — are not the load of the 15th that this bench measures."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from dieuhanh.accounts.models import User

    lines = []
    for user in User.objects.filter(username__startswith="bench").order_by("username"):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "dieuhanh.accounts.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        lines.append(session.session_key or "")
    SESSIONS.write_text("\n".join(lines), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DIEUHANH_DEBUG": "0",
        "DIEUHANH_DEMO": os.environ.get("DIEUHANH_DEMO", "1"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--timeout",
            "60",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/suc-khoe/", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def run_locust(
    user_class: str, users: int, seconds: int, host: str, out: Path, env: dict[str, str]
) -> dict[str, dict]:
    prefix = out / user_class
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locust_reporting.py"),
            user_class,
            "--headless",
            "-u",
            str(users),
            "-r",
            str(max(1, users // 2)),
            "-t",
            f"{seconds}s",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--only-summary",
            "--stop-timeout",
            "10",
            "--loglevel",
            "ERROR",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        check=False,
        stdout=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        return {row["Name"]: row for row in csv.DictReader(f)}


def open_reports(host: str, period_id: int, users: int, opened_path: Path) -> None:
    """Each reporter opens the period as the page does: GET shows "Bắt đầu báo cáo", its
    POST creates the draft and shows the page (the morning of the 15th: the pages are open
    before the saves this bench measures). Writes, per reporter, the page the locust users
    start from: its address, its CSRF token and its HTML (the version and the form's fields)."""
    from concurrent.futures import ThreadPoolExecutor

    import requests

    url = f"{host}/bao-cao/ky/{period_id}/"

    def one(session_key: str) -> str:
        with requests.Session() as client:
            client.cookies.set("sessionid", session_key)
            opened = client.get(url, timeout=300)
            if "/bao-cao/ky/" in opened.url:
                token = client.cookies.get("csrftoken", "")
                opened = client.post(url, headers={"X-CSRFToken": token, "Referer": url}, timeout=300)
                opened.raise_for_status()
            return json.dumps(
                {"url": opened.url, "csrf": client.cookies.get("csrftoken", ""), "page": opened.text}
            )

    keys = SESSIONS.read_text(encoding="utf-8").split()[:users]
    with ThreadPoolExecutor(max_workers=8) as pool:
        opened_path.write_text("\n".join(pool.map(one, keys)), encoding="utf-8")


def read_acks(path: Path) -> list[tuple[int, int, str, float]]:
    if not path.exists():
        return []
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [(int(r[0]), int(r[1]), r[2], float(r[3])) for r in rows]


def verify(acks: list[tuple[int, int, str, float]]) -> tuple[int, int]:
    """(lost, duplicated): acknowledged saves missing from the audit history, and reports
    submitted more than once or saves recorded twice."""
    from django.db.models import Count

    from dieuhanh.reporting.models import Report, ReportVersion

    history = Report.history.model.objects.filter(difficulties__startswith="bench-")
    seen = {(h.id, h.version, h.difficulties) for h in history.only("id", "version", "difficulties")}
    lost = sum(1 for report_id, version, marker, _ in acks if (report_id, version, marker) not in seen)
    twice = history.values("difficulties").annotate(n=Count("history_id")).filter(n__gt=1).count()
    resubmitted = ReportVersion.objects.values("report").annotate(n=Count("id")).filter(n__gt=1).count()
    return lost, twice + resubmitted


def main() -> None:
    args = parse_args()
    recreate_database(args.database_url)
    setup_django(args.database_url)
    if args.workers is None:
        from dieuhanh.core.management.commands.serve import default_workers

        args.workers = default_workers()  # the platform as `make run` serves it
    # The paced reporters and the saturating ones file for different units (no version clash).
    period_id = build_world(args.users + args.saturation_users)
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server = start_gunicorn(args.database_url, port, args.workers)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            open_reports(host, period_id, args.users + args.saturation_users, out / "opened.jsonl")
            env = {
                "BENCH_OPENED": str(out / "opened.jsonl"),
                "BENCH_PERIOD_ID": str(period_id),
                "BENCH_SESSIONS": str(SESSIONS),
                "BENCH_SAVES_PER_USER": str(args.saves_per_user),
            }
            trivial = run_locust(
                "TrivialVisitor", 50, args.trivial_duration, host, out, {**env, "BENCH_ACK_LOG": "/dev/null"}
            )["trivial page"]
            saturated_log, paced_log = out / "acks-saturation.tsv", out / "acks-paced.tsv"
            saturated = run_locust(
                "Saturator",
                args.saturation_users,
                args.saturation_duration,
                host,
                out,
                {**env, "BENCH_ACK_LOG": str(saturated_log), "BENCH_FIRST": str(args.users)},
            )
            stats = run_locust(
                "Reporter", args.users, args.duration, host, out, {**env, "BENCH_ACK_LOG": str(paced_log)}
            )
            saturated_acks, paced_acks = read_acks(saturated_log), read_acks(paced_log)
    finally:
        server.terminate()
        server.wait(timeout=20)
        SESSIONS.unlink(missing_ok=True)
    save = stats.get("save draft", {})
    saves_per_s = _rate(saturated_acks)
    trivial_per_s = float(trivial["Requests/s"])
    lost, duplicated = verify(saturated_acks + paced_acks)
    p99 = float(save.get("99%", "nan") or "nan")
    burst = saturated.get("save draft", {})
    print(
        f"reporters={args.users} acknowledged_saves={len(paced_acks)} "
        f"save_requests={save.get('Request Count')} "
        f"save_failures={save.get('Failure Count')} submits={stats.get('submit', {}).get('Request Count')} "
        f"gunicorn_workers={args.workers} database=postgresql"
    )
    print(
        f"saturation_users={args.saturation_users} saturation_saves={len(saturated_acks)} "
        f"saturation_failures={burst.get('Failure Count')} saturation_p50_ms={burst.get('50%')} "
        f"paced_saves_per_s={_rate(paced_acks):.1f}"
    )
    print(f"trivial_p99_ms={trivial['99%']} save_median_ms={save.get('50%')}")
    print(
        f"saves_per_s={saves_per_s:.1f} p99_ms={p99:.0f} trivial_per_s={trivial_per_s:.1f} "
        f"ratio={saves_per_s / trivial_per_s if trivial_per_s else 0:.3f} lost={lost} duplicated={duplicated}"
    )


def _rate(acks: list[tuple[int, int, str, float]]) -> float:
    """Acknowledged saves per second between the first and the last acknowledgement."""
    span = (max(a[3] for a in acks) - min(a[3] for a in acks)) if len(acks) > 1 else 0.0
    return len(acks) / span if span else 0.0


if __name__ == "__main__":
    main()
